"""IRI minting under the written ID policy (ontology/ID_POLICY.md): stable across reloads."""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef

from sanctiongraph.ontology import KGR


def slug(text: str, max_length: int = 48) -> str:
    """A readable, ASCII, lower-case IRI segment for a name (transliterated by normality)."""
    table = _ascii_slug_table() if text.isascii() else None
    if table is not None:  # the same answer as normality's, char by char (tests/loaders/test_mapping_caches.py)
        slugged = "-".join(text.lower().translate(table).split())
    else:
        from normality import slugify  # here: normality costs ~35 ms to import, and readers never slug

        slugged = slugify(text, sep="-") or ""
    return (slugged or "x")[:max_length].strip("-") or "x"


@cache
def _ascii_slug_table() -> dict[int, str] | None:
    """What normality's slugify does to each ASCII character (kept, a separator, or dropped),
    probed through slugify itself: an ASCII name then slugs by str.translate, ~6x faster,
    which the ties minted for every "Linked To:" and CSL relation need. None if a character
    does something else (a future normality), and every text then goes through slugify."""
    from normality import slugify

    table: dict[int, str] = {}
    for code in range(128):
        char = chr(code).lower()
        probed = slugify(f"a{char}b", sep="-")
        if probed == "ab":
            table[code] = ""
        elif probed == "a-b":
            table[code] = " "
        elif probed == f"a{char}b":
            table[code] = char
        else:
            return None
    return table


def short_hash(*fields: object) -> str:
    """First 12 hex digits of sha1 over the fields joined by U+001F: enough for our scale."""
    joined = "\x1f".join("" if f is None else str(f) for f in fields)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def authority_iri(kind: str, dataset: str, authority_id: str) -> URIRef:
    """An IRI from an identifier the issuing authority minted, used as it is (rule 1): case and
    punctuation kept (OpenSanctions ids are case-sensitive), only percent-encoded where IRIs need it."""
    return KGR[f"{kind}/{dataset}/{quote(str(authority_id).strip(), safe='-._~')}"]


_KGR = str(KGR)


def authority_node(kind: str, dataset: str, authority_id: str) -> ox.NamedNode:
    """authority_iri as a pyoxigraph node, for the loaders' per-row path (no rdflib term built)."""
    text = str(authority_id).strip()
    if not (text.isascii() and text.isalnum()):  # ASCII letters and digits, most ids, quote unchanged
        text = quote(text, safe="-._~")
    return ox.NamedNode(f"{_KGR}{kind}/{dataset}/{text}")


def iri_text(term: Any) -> str:
    """The IRI of an rdflib or a pyoxigraph node (str() of a pyoxigraph node adds <>)."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def derived_iri(kind: str, dataset: str, *stable_fields: object) -> URIRef:
    """An IRI from the fewest stable raw fields (rule 2): a readable slug plus a hash of all fields."""
    head = slug(str(stable_fields[0])) if stable_fields else "x"
    return KGR[f"{kind}/{dataset}/{head}-{short_hash(dataset, *stable_fields)}"]


@lru_cache(maxsize=8192)  # a few hundred keys (countries, lists, programs, laws) asked for on every row
def reference_iri(kind: str, key: str) -> URIRef:
    """IRIs of shared reference nodes: agencies, governments, countries, lists, programs, laws."""
    return KGR[f"{kind}/{key}"]


def document_iri(sha256: str) -> URIRef:
    """A source document is identified by the sha256 of its bytes."""
    return KGR[f"doc/{sha256}"]


def content_graph_iri(sha256: str, loader: str, version: str, run: str) -> URIRef:
    """One named graph per source document and loader version; each load writes a new run of it
    and drops the previous one, so a reload is atomic (graph.store.GraphStore.write_document)."""
    return KGR[f"graph/{sha256[:16]}/{loader}@{version}/run/{run}"]


def meta_graph_iri(sha256: str, loader: str, version: str) -> URIRef:
    """The provenance of one content graph lives in its own meta graph, replaced with it."""
    return KGR[f"graph/meta/{sha256[:16]}/{loader}@{version}"]
