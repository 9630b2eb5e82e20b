"""The one loader interface and the shared context that gives loaders IDs, emission, audit and logging.

Loaders never open the store: they read their source through the context and emit triples
into it; graph.ingest writes the result atomically with its provenance.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
import re
import zlib
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from sanctiongraph.errors import RecordError, SourceFormatError
from sanctiongraph.graph.terms import OX_TERM_TYPES as _OX_TYPES
from sanctiongraph.graph.terms import OxTerm, cached_ox_date, from_ox, term_converter
from sanctiongraph.ontology import KGO
from sanctiongraph.ontology.ids import iri_text, reference_iri

Triple = tuple[Any, Any, Any]
OxTriple = tuple[OxTerm, OxTerm, OxTerm]
Node = URIRef | ox.NamedNode  # what loaders name subjects, predicates and classes with
_RDF_TYPE = ox.NamedNode(str(RDF.type))
log = logging.getLogger("sanctiongraph.loaders")
MAX_DOCUMENT_BYTES_ENV = "SANCTIONGRAPH_MAX_DOCUMENT_BYTES"
# Checked before reading, so a runaway file fails at once rather than after minutes of work.
# Articles are prose of a few hundred KB at most (mining 2 MiB takes ~30 s); larger is a blob.
DEFAULT_MAX_DOCUMENT_BYTES = 2 << 30
MAX_DOCUMENT_BYTES_BY_KIND = {"article": 1 << 20}
# A record cut short fails the load; a user who knows an extract is cut (trade.gov's 2023-11 CSL
# subset ends mid-row) may accept it: the cut record is then skipped and counted, never loaded.
ACCEPT_TRUNCATED_ENV = "SANCTIONGRAPH_ACCEPT_TRUNCATED"
TRUNCATED = "truncated final record (the file ends mid-record)"


def max_document_bytes(kind: str | None = None) -> int:
    """The size limit of one source file: $SANCTIONGRAPH_MAX_DOCUMENT_BYTES, else the kind's default."""
    value = os.environ.get(MAX_DOCUMENT_BYTES_ENV)
    if value:
        try:
            return int(value)
        except ValueError:
            raise SourceFormatError(f"{MAX_DOCUMENT_BYTES_ENV} must be a number of bytes, not {value!r}") from None
    return MAX_DOCUMENT_BYTES_BY_KIND.get(kind or "", DEFAULT_MAX_DOCUMENT_BYTES)


# The article extractor's work grows with the square of a word's length (a 50,000-character
# run takes ~40 s): prose has no such words, a pasted blob does. Checked on the visible text.
MAX_WORD_BY_KIND = {"article": 2_000}
_HIDDEN_HTML = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def _check_words(text: str, path: Path, limit: int) -> None:
    visible = _HIDDEN_HTML.sub(" ", text) if path.suffix.lower() in (".html", ".htm") else text
    found = re.search(rf"\S{{{limit + 1},}}", visible)
    if found:
        line = text.count("\n", 0, text.find(found.group(0)[:200])) + 1
        raise SourceFormatError(
            f"a run of {len(found.group(0)):,} characters without a space (over {limit:,}): a blob, not prose",
            path=str(path),
            line=line,
        )


def _size_text(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MiB" if n >= 1 << 20 else f"{n:,} bytes"


@dataclass
class SourceInfo:
    """What we know about one source document before and while loading it."""

    paths: list[Path]
    sha256: str
    iri: URIRef
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None
    retrieved_at: dt.datetime | None = None
    release_of: URIRef | None = None

    @property
    def path(self) -> Path:
        return self.paths[0]

    @property
    def label(self) -> str:
        return ", ".join(p.name for p in self.paths)


@dataclass
class LoadStats:
    """Counts a load run reports and records in its provenance."""

    read: int = 0
    loaded: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skip_examples: dict[str, str] = field(default_factory=dict)
    unmapped: Counter[str] = field(default_factory=Counter)
    unmapped_examples: dict[str, str] = field(default_factory=dict)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


class EmittedTriples:
    """A document's emitted triples, seen as rdflib terms; extending it emits (converted) triples.

    Loaders append shared nodes (programs, agencies) here, bypassing the current record's buffer.
    """

    def __init__(self, target: list[OxTriple], convert: Callable[[Any], OxTerm]) -> None:
        self._target = target
        self._convert = convert

    def append(self, triple: Triple) -> None:
        convert = self._convert
        s, p, o = triple
        self._target.append((convert(s), convert(p), convert(o)))

    def extend(self, triples: Iterable[Triple]) -> None:
        convert = self._convert
        self._target.extend((convert(s), convert(p), convert(o)) for s, p, o in triples)

    def __iadd__(self, triples: Iterable[Triple]) -> EmittedTriples:
        self.extend(triples)
        return self

    def __iter__(self) -> Iterator[Triple]:
        return ((from_ox(s), from_ox(p), from_ox(o)) for s, p, o in self._target)

    def __len__(self) -> int:
        return len(self._target)


class LoadContext:
    """Everything a loader may do: read its source, mint IDs, emit triples, count and audit."""

    def __init__(
        self,
        source: SourceInfo,
        *,
        loader_name: str,
        name_lookup: Callable[[], Any] | None = None,
        progress: Callable[[int, int | None], None] | None = None,
    ) -> None:
        self.source = source
        self.loader_name = loader_name
        self.stats = LoadStats()
        self.log = logging.getLogger(f"sanctiongraph.loaders.{loader_name}")
        self.meta: list[Triple] = []
        # Emitted triples are pyoxigraph terms from the start: the store writes them as they are.
        self._triples: list[OxTriple] = []
        self._record_buffer: list[OxTriple] | None = None
        self._ox = term_converter()
        self._name_lookup = name_lookup
        self._progress = progress
        self._countries: dict[str, ox.NamedNode] = {}  # by code: emitted once, made once

    # reading the source ----------------------------------------------------------------

    @property
    def doc(self) -> URIRef:
        """IRI of the source document: every n-ary fact cites it with prov:wasDerivedFrom."""
        return self.source.iri

    def read_bytes(self, path: Path | None = None) -> bytes:
        """The file's bytes; a file over the size limit fails before it is read."""
        path = path or self.source.path
        limit = self.max_document_bytes
        try:
            size = path.stat().st_size
            if size > limit:
                raise SourceFormatError(
                    f"the file is {_size_text(size)}, over the limit of {_size_text(limit)} "
                    f"(set {MAX_DOCUMENT_BYTES_ENV} to raise it)",
                    path=str(path),
                )
            return path.read_bytes()
        except OSError as exc:
            raise SourceFormatError(f"cannot read: {exc.strerror}", path=str(path)) from exc

    @property
    def document_kind(self) -> str | None:
        from sanctiongraph.loaders import loader_class  # the registry imports this module

        loader = loader_class(self.loader_name)
        return loader.document_kind if loader else None

    @property
    def max_document_bytes(self) -> int:
        return max_document_bytes(self.document_kind)

    def read_text(self, path: Path | None = None, encoding: str = "utf-8", *, gunzip: bool = False) -> str:
        """Decode a file strictly: a wrong encoding or a NUL byte fails naming the file, line and byte.

        With gunzip, gzip data (by its magic bytes) is decompressed first, within the size limit.
        """
        path = path or self.source.path
        data = self.read_bytes(path)
        if gunzip and data[:2] == b"\x1f\x8b":
            data = self._gunzip(data, path)
        if not data.strip():
            raise SourceFormatError("the file is empty", path=str(path))
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise SourceFormatError(
                f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                path=str(path),
                line=line,
            ) from exc
        nul = text.find("\x00")
        if nul >= 0:  # text formats never hold NUL: it is binary data or a corrupt copy
            raise SourceFormatError(
                f"a NUL character at offset {nul}: binary or corrupt data, not text",
                path=str(path),
                line=text.count("\n", 0, nul) + 1,
            )
        word_limit = MAX_WORD_BY_KIND.get(self.document_kind or "")
        if word_limit:
            _check_words(text, path, word_limit)
        return text.removeprefix("\ufeff")

    def _gunzip(self, data: bytes, path: Path) -> bytes:
        """Decompress gzip data, refusing output over the document size limit before producing it."""
        limit = self.max_document_bytes
        inflater = zlib.decompressobj(wbits=31)
        try:
            out = inflater.decompress(data, limit + 1)
            while inflater.unconsumed_tail and len(out) <= limit:  # concatenated members are rare
                out += inflater.decompress(inflater.unconsumed_tail, limit + 1 - len(out))
        except zlib.error as exc:
            raise SourceFormatError(f"broken gzip data: {exc}", path=str(path)) from exc
        if len(out) > limit:
            raise SourceFormatError(
                f"the gzip data decompresses to over {_size_text(limit)} (set {MAX_DOCUMENT_BYTES_ENV} to raise it)",
                path=str(path),
            )
        if not inflater.eof:
            raise SourceFormatError("broken gzip data: the stream ends early (truncated file?)", path=str(path))
        return out

    def accepts_truncated(self) -> bool:
        """Whether the user accepts a cut-off last record (skipped and counted) instead of failing."""
        return os.environ.get(ACCEPT_TRUNCATED_ENV) == "1"

    def _cut_short(self, problem: str, path: Path, line: int) -> bool:
        """Fail on a record cut short, or (accepted by the user) skip and count it: True if skipped."""
        if not self.accepts_truncated():
            raise SourceFormatError(
                f"{problem} (truncated file? set {ACCEPT_TRUNCATED_ENV}=1 to skip the cut record)",
                path=str(path),
                line=line,
            )
        self.skip(TRUNCATED, f"{path.name}:{line}")
        return True

    def json_lines(self, path: Path | None = None) -> Iterator[tuple[int, Any]]:
        """Yield (line number, value) from a JSON-lines file; blank lines are passed over.

        A last line that does not parse and has no newline is a record cut short (truncated
        file); any other line that does not parse is malformed: both fail the load.
        """
        path = path or self.source.path
        text = self.read_text(path)
        lines = text.splitlines()
        ends_whole = text.endswith(("\n", "\r"))
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                if number == len(lines) and not ends_whole:
                    self._cut_short(f"the last record is cut short: {exc.msg}", path, number)
                    return
                problem = f"not valid JSON: {exc.msg} at column {exc.colno}"
                raise SourceFormatError(problem, path=str(path), line=number) from exc
            yield number, value

    def json_document(self, path: Path | None = None) -> Any:
        """One JSON document; a document that ends early is reported as truncated, with its line."""
        path = path or self.source.path
        text = self.read_text(path)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            cut = exc.pos >= len(text.rstrip())
            problem = "the document is cut short (truncated file?)" if cut else f"not valid JSON: {exc.msg}"
            raise SourceFormatError(problem, path=str(path), line=exc.lineno) from exc

    def csv_records(
        self,
        path: Path | None = None,
        *,
        required: Sequence[str] = (),
        fieldnames: Sequence[str] | None = None,
        delimiter: str = ",",
        encoding: str = "utf-8",
        strip_chars: str = "",
        gunzip: bool = False,
        null: str | None = None,
    ) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield (line number, row) from a CSV file, checking its columns first.

        With fieldnames (headerless files) every row must have exactly that many cells;
        otherwise the header must hold every required column. strip_chars are removed from
        the end of the text first (OFAC's trailing 0x1A byte). A file that does not end with
        a newline or a closing quote ends mid-record (truncated): that fails naming the line,
        except for files with an end marker (strip_chars: OFAC's sets ended bare before 2019).
        null: cells are stripped, and a cell that is then this text reads as empty (OFAC's
        "-0-"); done while the row is built, not in a second dict per row.
        """
        path = path or self.source.path
        text = self.read_text(path, encoding, gunzip=gunzip)
        cut_line = None if strip_chars or text.endswith(("\n", "\r", '"')) else text.count("\n") + 1
        if strip_chars:
            text = text.rstrip(strip_chars + "\r\n")
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = list(fieldnames) if fieldnames is not None else [h.strip() for h in next(reader)]
        except StopIteration:
            raise SourceFormatError("the file is empty", path=str(path)) from None
        except csv.Error as exc:
            kind = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(delimiter, repr(delimiter))
            raise SourceFormatError(f"malformed header, not {kind}-delimited? ({exc})", path=str(path), line=1) from exc
        missing = [c for c in required if c not in header]
        if missing:
            raise SourceFormatError(
                f"missing column(s) {', '.join(missing)}; found {', '.join(header)}", path=str(path), line=1
            )
        line = reader.line_num  # a record starts on the line after the last one (cells may hold newlines)
        try:
            for cells in reader:
                line = reader.line_num
                # Blank if every cell is: tested on the first cell alone for most rows.
                if not cells or (not cells[0].strip() and not "".join(cells).strip()):
                    continue
                if line == cut_line:
                    problem = "the last record is cut short: the file ends mid-line, without a newline"
                    self._cut_short(problem, path, line)
                    return
                if len(cells) != len(header):
                    raise SourceFormatError(
                        f"expected {len(header)} cells, found {len(cells)} (truncated or wrong delimiter?)",
                        path=str(path),
                        line=line,
                    )
                if null is None:
                    yield line, dict(zip(header, cells, strict=True))
                else:
                    yield line, {h: "" if (t := c.strip()) == null else t for h, c in zip(header, cells, strict=True)}
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):  # a quoted cell still open at the end of the file
                self._cut_short("the last record is cut short: a quoted cell is never closed", path, line + 1)
                return
            raise SourceFormatError(f"malformed CSV: {exc}", path=str(path), line=reader.line_num) from exc

    # records ---------------------------------------------------------------------------

    def record(self, key: str, *, line: int | None = None) -> _Record:
        """Map one record: its triples are kept only if the block finishes.

        A RecordError inside skips the record and counts it under its reason; any other
        exception fails the whole load (strict interpretation: structural surprises crash).
        """
        return _Record(self, key, line)

    def skip(self, reason: str, key: str) -> None:
        """Count a record that is deliberately not loaded (out of scope, synthetic, duplicate)."""
        self.stats.read += 1
        self._count_skip(reason, key)

    def _count_skip(self, reason: str, example: str) -> None:
        self.stats.skipped[reason] += 1
        self.stats.skip_examples.setdefault(reason, example)
        self.log.debug("skipped %s: %s", example, reason)

    def audit(self, key: str, unmapped: dict[str, Any]) -> None:
        """Count source fields that held a value the loader did not map."""
        for name, value in unmapped.items():
            if value not in (None, "", [], {}):
                self.stats.unmapped[name] += 1
                self.stats.unmapped_examples.setdefault(name, f"{key}: {str(value)[:80]}")

    def set_progress_total(self, total: int | None) -> None:
        if self._progress is not None:
            self._progress(0, total)

    # emitting --------------------------------------------------------------------------

    def add(self, subject: Any, predicate: Node, obj: Any) -> None:
        """Emit one triple into the document's graph (None objects are ignored)."""
        # The loaders' hottest call (one per emitted triple): pyoxigraph terms and plain strings,
        # the common cases, are handled inline; anything else goes through the converter.
        cls = obj.__class__
        if cls is str:
            if not obj:
                return
            o = ox.Literal(obj)
        elif cls in _OX_TYPES:
            o = obj
        elif obj is None:
            return
        else:
            o = self._ox(obj)
        s = subject if subject.__class__ is ox.NamedNode else self._ox(subject)
        p = predicate if predicate.__class__ is ox.NamedNode else self._ox(predicate)
        buffer = self._record_buffer
        (self._triples if buffer is None else buffer).append((s, p, o))

    def add_type(self, subject: Node, cls: Node) -> None:
        s = subject if subject.__class__ is ox.NamedNode else self._ox(subject)
        o = cls if cls.__class__ is ox.NamedNode else self._ox(cls)
        buffer = self._record_buffer
        (self._triples if buffer is None else buffer).append((s, _RDF_TYPE, o))

    def add_date(self, subject: Node, predicate: Node, value: str | dt.date | None) -> None:
        """Emit a date, keeping partial dates; a malformed date skips the record (RecordError)."""
        if value is None or value == "":
            return
        try:
            literal = cached_ox_date(value)
        except ValueError as exc:
            raise RecordError(f"bad date {value!r}", field=iri_text(predicate)) from exc
        self.add(subject, predicate, literal)

    def country(self, code: str | None, name: str | None = None) -> ox.NamedNode | None:
        """Node of a country (ISO 3166-1 alpha-2, lower case), emitted once per document and
        made once per code: most records name a country, so loaders need no memo of their own."""
        if not code:
            return None
        code = code.strip().lower()
        node = self._countries.get(code)
        if node is None:
            node = self._countries[code] = self._ox(reference_iri("country", code))
            self._triples.append((node, _RDF_TYPE, KGO.Country))
            self._triples.append((node, KGO.isoCode, ox.Literal(code)))
            if name:
                self._triples.append((node, KGO.name, ox.Literal(name)))
        return node

    def document_fact(self, predicate: URIRef, obj: Any) -> None:
        """A fact about the source document itself (goes to the provenance graph)."""
        if obj is not None:
            self.meta.append((self.doc, predicate, obj))

    def set_published(self, date: dt.date) -> None:
        """The publication date the file states; a date given on the command line wins."""
        if self.source.published is None:
            self.source.published = date

    def set_release_of(self, list_iri: URIRef) -> None:
        """Mark this document as a release of an official list (for release history and diffs)."""
        self.source.release_of = list_iri
        self.document_fact(DCTERMS.isVersionOf, list_iri)

    @property
    def triples(self) -> EmittedTriples:
        """The document's triples: extend it to emit outside the current record; it reads as rdflib terms."""
        return EmittedTriples(self._triples, self._ox)

    @property
    def ox_triples(self) -> list[OxTriple]:
        """The emitted triples as pyoxigraph terms, as the store writes them."""
        return self._triples

    def names(self) -> Any:
        """The names of what is already in the store, for resolving article mentions (the
        store's on-disk index asked per text, with the reference names beside it)."""
        if self._name_lookup is None:
            return None
        return self._name_lookup()


class _Record:
    """LoadContext.record's block. A class rather than @contextmanager: it is entered once per
    record, and a generator-based manager costs several times as much to enter and leave."""

    __slots__ = ("ctx", "key", "line")

    def __init__(self, ctx: LoadContext, key: str, line: int | None) -> None:
        self.ctx, self.key, self.line = ctx, key, line

    def __enter__(self) -> None:
        self.ctx.stats.read += 1
        self.ctx._record_buffer = []

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object) -> bool:
        ctx = self.ctx
        if kind is None:
            buffered, ctx._record_buffer = ctx._record_buffer, None
            ctx._triples.extend(buffered)  # type: ignore[arg-type]
            ctx.stats.loaded += 1
            if ctx._progress is not None:
                ctx._progress(ctx.stats.read, None)
            return False
        if isinstance(exc, RecordError):
            ctx._record_buffer = None
            ctx._count_skip(exc.problem, f"{ctx.source.path.name}:{self.line or exc.line or '?'} {self.key}")
            return True  # skipped and counted; the load goes on
        if isinstance(exc, SourceFormatError):
            ctx._record_buffer = None
        return False


class Loader(ABC):
    """One source format. Subclasses set the class attributes and implement load()."""

    name: ClassVar[str]
    version: ClassVar[str] = "1"
    title: ClassVar[str]
    document_kind: ClassVar[str] = "official-list"
    publisher: ClassVar[str | None] = None
    file_patterns: ClassVar[tuple[str, ...]] = ("*",)
    # Records read per document: fewer or more means the source changed shape or broke.
    expected_records: ClassVar[tuple[int, int | None]] = (1, None)
    # Fraction of records that must load; below it the source is probably broken.
    min_loaded_fraction: ClassVar[float] = 0.5

    def documents(self, paths: Sequence[Path]) -> list[list[Path]]:
        """Group input paths into documents; by default each file is one, folders are expanded."""
        documents: list[list[Path]] = []
        for path in paths:
            if path.is_dir():
                documents += [[p] for pattern in self.file_patterns for p in sorted(path.glob(pattern))]
            else:
                documents.append([path])
        return documents

    @abstractmethod
    def load(self, ctx: LoadContext) -> None:
        """Read ctx.source and emit its triples through ctx."""
