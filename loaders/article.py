"""News articles and press releases (.txt, .md, .html): what they say, stored as their claims.

The body is read after optional header lines (Source:, Publisher:, Date:); extraction is
offline and deterministic (loaders/articles). Mentions, reported actions and statements are
stored as kg:Mention and kg:Claim nodes stated in the document, never as official record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from sanctiongraph.graph.names import NameIndex
from sanctiongraph.loaders.articles.emit import ArticleEmitter
from sanctiongraph.loaders.articles.extract import extract
from sanctiongraph.loaders.articles.header import ArticleText, article_text
from sanctiongraph.loaders.articles.lookup import ArticleNames
from sanctiongraph.loaders.articles.model import Extraction
from sanctiongraph.loaders.base import LoadContext, Loader


class ArticleLoader(Loader):
    """An article or press release: mentions, statute citations, reported actions, statements."""

    name = "article"
    title = "News article or press release (text, Markdown or HTML): claims, mentions, citations"
    document_kind = "article"
    publisher = None
    file_patterns: ClassVar[tuple[str, ...]] = ("*.txt", "*.md", "*.html", "*.htm")
    # An article may say nothing we can read; an empty or undecodable file still fails.
    expected_records = (0, 10_000)
    # Findings about firms the graph does not know are skipped and counted, however many.
    min_loaded_fraction = 0.0

    def documents(self, paths: Sequence[Path]) -> list[list[Path]]:
        """Each file is one article; a folder's README files describe it and are not articles."""
        return [doc for doc in super().documents(paths) if not doc[0].name.upper().startswith("README")]

    def load(self, ctx: LoadContext) -> None:
        ArticleEmitter(ctx).emit(extract_article(ctx))


def extract_article(ctx: LoadContext) -> Extraction:
    """Read the article through the context and extract what it says (no triples emitted)."""
    article = read_article(ctx)
    source = ctx.source
    metadata = {
        "path": str(source.path),
        "sha256": source.sha256,
        "url": source.url,
        "publisher": source.publisher,
        "title": source.title,
    }
    metadata |= {f"header:{key}": value for key, value in article.header.items()}
    return extract(
        article.body,
        names=ctx.names(),
        published=source.published,
        doc_key=source.sha256[:16],
        metadata={k: v for k, v in metadata.items() if v is not None},
    )


def extract_file(
    path: Path,
    names: NameIndex | ArticleNames | None = None,
    *,
    published: dt.date | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> Extraction:
    """Extract an article file without loading it; given options win over its header."""
    from sanctiongraph.graph.ingest import source_info  # ingest imports the loader registry

    info = source_info([path], published=published, publisher=publisher, url=url)
    ctx = LoadContext(info, loader_name=ArticleLoader.name, name_lookup=(lambda: names) if names else None)
    return extract_article(ctx)


def read_article(ctx: LoadContext) -> ArticleText:
    """Read the body and let the header fill what the command line did not give."""
    article = article_text(ctx.read_text(), str(ctx.source.path))
    if article.published is not None:
        ctx.set_published(article.published)
    ctx.source.url = ctx.source.url or article.url
    ctx.source.publisher = ctx.source.publisher or article.publisher
    ctx.source.title = ctx.source.title or article.title
    return article


LOADER = ArticleLoader
