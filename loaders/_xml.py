"""Safe streaming XML reading for the official-list loaders: no entities, no DTDs, no network.

lxml's iterparse builds the tree incrementally; we refuse any DOCTYPE that declares entities
(billion laughs, external entities / XXE) before a record is handed out, turn syntax errors
(truncated files, wrong encodings) into SourceFormatError with the file and line, and clear
each record once the loader has mapped it so memory stays bounded on large lists.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, BinaryIO

import pyoxigraph as ox
from lxml import etree
from rdflib import RDF, URIRef

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.terms import OX_WAS_DERIVED_FROM, ox_date
from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG, KGO
from sanctiongraph.ontology.ids import authority_iri, reference_iri
from sanctiongraph.territories import territory_code

Element = etree._Element
# A DOCTYPE (and any entity declarations in it) sits at the top of the file.
PROLOG_BYTES = 1 << 16


def local_name(element: Element) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def find(element: Element, path: str) -> Element | None:
    """First match of a slash-separated path of local names, in any namespace."""
    steps = _child_steps(path)
    if steps is None:
        return element.find(_any_namespace(path))
    return next(_descend(element, steps), None)


def find_all(element: Element, path: str) -> list[Element]:
    """Every match of a slash-separated path of local names, in any namespace."""
    steps = _child_steps(path)
    if steps is None:
        return element.findall(_any_namespace(path))
    return list(_descend(element, steps))


# A path of plain names is walked child by child: lxml's iterchildren(tag) is 2.5x cheaper than
# its ElementPath find() on the same path, and the list loaders ask dozens per record.
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


@lru_cache(maxsize=1024)
def _child_steps(path: str) -> tuple[str, ...] | None:
    """'A/B' -> ('{*}A', '{*}B'); None for paths with other syntax ('.', '*', predicates)."""
    parts = path.split("/")
    return tuple(f"{{*}}{p}" for p in parts) if all(_PLAIN_NAME.fullmatch(p) for p in parts) else None


def _descend(element: Element, steps: tuple[str, ...]) -> Iterator[Element]:
    """The matches of the steps below element, in document order (ElementPath's order)."""
    if len(steps) == 1:
        return element.iterchildren(steps[0])
    return (found for child in element.iterchildren(steps[0]) for found in _descend(child, steps[1:]))


def text_of(element: Element | None, path: str | None = None) -> str:
    """Stripped text of the element (or of the first match of path under it); '' when absent."""
    if element is not None and path is not None:
        element = find(element, path)
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def texts_of(element: Element, path: str) -> list[str]:
    """Stripped, non-empty texts of every match of path, in document order."""
    return [t for t in (text_of(e) for e in find_all(element, path)) if t]


@lru_cache(maxsize=1024)  # a loader asks for a few dozen paths, on every record
def _any_namespace(path: str) -> str:
    return "/".join(part if part in (".", "..") else f"{{*}}{part}" for part in path.split("/"))


class XmlStream:
    """Streams the records of one XML document safely; the root stays available for headers.

    records(names) yields (line, element) at the end of each element whose local name is in
    names (the names must not nest inside each other). After the caller is done with an
    element it is cleared, and so is every finished child of the root, so only the record
    being mapped is in memory.
    """

    def __init__(self, source: bytes | BinaryIO, *, path: str, roots: tuple[str, ...] = ()) -> None:
        self.path = path
        self.root: Element | None = None
        self._roots = roots
        if isinstance(source, bytes):
            source = io.BytesIO(source)
        head = source.read(PROLOG_BYTES)
        if not head.strip():
            raise SourceFormatError("the file is empty", path=path)
        refuse_entities_in_prolog(head, path)
        self._source = _Rewound(head, source)

    def records(self, *names: str) -> Iterator[tuple[int, Element]]:
        wanted = set(names)
        events = etree.iterparse(
            self._source,
            events=("end",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
        )
        try:
            for _event, element in events:
                if self.root is None:
                    self.root = element.getroottree().getroot()
                    refuse_entity_declarations(element, self.path)
                    self._check_root()
                if local_name(element) in wanted:
                    yield element.sourceline or 0, element
                    _forget(element)
                elif element.getparent() is self.root:
                    _forget(element)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            raise SourceFormatError(
                f"malformed XML (truncated or wrong encoding?): {exc.msg}", path=self.path, line=line
            ) from exc
        if self.root is None:
            raise SourceFormatError("no XML element found", path=self.path)

    def _check_root(self) -> None:
        """A file of another format fails at once, naming the root element it has."""
        name = local_name(self.root) if self.root is not None else ""
        if self._roots and name not in self._roots:
            expected = "> or <".join(self._roots)
            raise SourceFormatError(f"expected a <{expected}> document, found <{name}>", path=self.path, line=1)


def refuse_entities_in_prolog(head: bytes, path: str) -> None:
    """Refuse entity declarations before libxml2 even reads them (its own amplification guard
    would stop a billion-laughs file too, but with a less helpful message)."""
    if b"<!DOCTYPE" in head and b"<!ENTITY" in head:
        line = head[: head.index(b"<!ENTITY")].count(b"\n") + 1
        raise SourceFormatError("refused: the DOCTYPE declares entities; official lists never do", path=path, line=line)


class _Rewound(io.RawIOBase):
    """The peeked head of a stream followed by the rest of it, read by lxml as one file."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._head[: len(buffer)] if self._head else self._rest.read(len(buffer))
        self._head = self._head[len(data) :] if self._head else b""
        buffer[: len(data)] = data
        return len(data)


def refuse_entity_declarations(element: Element, path: str) -> None:
    """Fail on a DOCTYPE declaring entities: they are how billion-laughs and XXE attacks work.

    Official lists never declare entities, so refusing them loses nothing; lxml is also told
    not to resolve them, load DTDs or touch the network, so nothing is expanded before this.
    """
    docinfo = element.getroottree().docinfo
    dtd = docinfo.internalDTD
    entities = list(dtd.entities()) if dtd is not None else []
    if entities:
        names = ", ".join(sorted(e.name for e in entities)[:5])
        raise SourceFormatError(
            f"refused: the DOCTYPE declares entities ({names}); official lists never do", path=path, line=1
        )
    if docinfo.system_url:
        raise SourceFormatError(
            f"refused: the DOCTYPE points at an external DTD ({docinfo.system_url})", path=path, line=1
        )


def _forget(element: Element) -> None:
    """Free a finished element and the siblings before it (the usual iterparse memory idiom)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is None:
        return
    while element.getprevious() is not None:
        del parent[0]


# mapping helpers shared by the XML list loaders --------------------------------------------

KINDS = {"company": KG.Company, "person": KG.Person, "vessel": KG.Vessel, "aircraft": KG.Aircraft}
_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*|Z|[+-]\d{2}:\d{2})?$")
_IMO = re.compile(r"^IMO[\s:]*(\d{7})$", re.IGNORECASE)
_SLASHED = re.compile(r"^(\d{1,2}|dd)/(\d{1,2}|mm)/(\d{4})$", re.IGNORECASE)
_WORDS = re.compile(r"^(?:(\d{1,2}) )?([A-Za-z]{3})[a-z]* (\d{4})$")
# Schemes matched on the casefolded scheme name, first hit wins: order matters ("tax
# registration" is a tax number, "IMO company number" an IMO number).
_SCHEMES: tuple[tuple[tuple[str, ...], URIRef], ...] = (
    (("isin",), KG.isin),
    (("legal entity", "lei"), KG.leiCode),
    (("imo",), KG.imoNumber),
    (("passport", "passeport", "pasaporte"), KG.passportNumber),
    (("tax", "v.a.t", "vat", "inn"), KG.taxNumber),
    (
        ("registration", "uscc", "unified social credit", "company number", "c.r. no", "commercial regist"),
        KG.registrationNumber,
    ),
)


def entity_node(ctx: LoadContext, kind: str, dataset: str, authority_id: str, name: str) -> URIRef:
    """The node of a listed entry: typed by kind, named, carrying the authority's id."""
    node = authority_iri(kind, dataset, authority_id)
    ctx.add_type(node, KINDS[kind])
    ctx.add(node, KGO.name, name)
    ctx.add(node, KGO.authorityId, authority_id)
    return node


def designation(
    ctx: LoadContext,
    *,
    list_key: str,
    authority_id: str,
    target: URIRef,
    agency: URIRef,
    programs: Iterable[URIRef] = (),
    legal_bases: Iterable[URIRef] = (),
    listed: str | None = None,
    effective: str | None = None,
) -> URIRef:
    """One kg:Designation per list membership; its IRI is stable across releases of the list."""
    action = authority_iri("action", list_key, authority_id)
    ctx.add_type(action, KGO.Designation)
    ctx.add(action, KGO.target, target)
    ctx.add(action, KGO.imposedBy, agency)
    ctx.add(action, KGO.onList, reference_iri("list", list_key))
    ctx.add(action, KGO.authorityId, authority_id)
    ctx.add(action, OX_WAS_DERIVED_FROM, ctx.doc)
    for program in programs:
        ctx.add(action, KGO.underProgram, program)
    for law in legal_bases:
        ctx.add(action, KGO.legalBasis, law)
    ctx.add_date(action, KGO.listingDate, listed)
    ctx.add_date(action, KGO.effectiveDate, effective)
    ctx.add_date(action, KGO.actionDate, listed or effective)
    return action


def identifier_property(scheme: str) -> URIRef | None:
    """The kg: property for an identifier scheme, or None for 'any other id' (kg:idNumber)."""
    folded = scheme.casefold()
    words = set(re.split(r"[^a-z0-9]+", folded.replace(".", "")))
    for needles, prop in _SCHEMES:
        if any((n in folded) if " " in n else (n.replace(".", "") in words) for n in needles):
            return prop
    return None


def add_identifier(ctx: LoadContext, subject: URIRef, scheme: str, value: str) -> None:
    """An identifier under its own property, else kg:idNumber written 'scheme: value'."""
    value = value.strip()
    if not value:
        return
    # OFAC files vessels' IMO numbers under "Vessel Registration Identification" as "IMO 1234567".
    if imo := _IMO.match(value):
        scheme, value = "IMO", imo.group(1)
    prop = identifier_property(scheme)
    if prop is None:
        ctx.add(subject, KGO.idNumber, f"{scheme.strip()}: {value}" if scheme.strip() else value)
    else:
        ctx.add(subject, prop, value)


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name as lists write it (rigour knows the variants)."""
    if not name.strip():
        return None
    code = territory_code(name.strip())
    return code if code and len(code) == 2 else None


def country(ctx: LoadContext, name: str = "", code: str = "") -> ox.NamedNode | None:
    """The country node of a code or a name; None (for the caller to audit) if unknown."""
    code = code.strip().lower()
    if len(code) != 2 or not code.isalpha():
        code = country_code(name) or ""
    return ctx.country(code, name.strip() or None) if code else None


@lru_cache(maxsize=1 << 14)  # lists repeat their dates; the answer depends on the text alone
def partial_date(text: str, *, day_first: bool = True) -> str | None:
    """An ISO date, keeping partial dates ('1968', '1958-09'); None if the text is no date.

    Lists write dates as ISO, 'DD/MM/YYYY' (UK, with 'dd'/'mm' placeholders), 'MM/DD/YYYY'
    (OFAC headers), '10 Dec 1948' or 'Dec 1948'; this is the one place that reads them.
    """
    text = text.strip()
    if match := _ISO.match(text):
        return _iso(match.group(1), match.group(2), match.group(3))
    if match := _SLASHED.match(text):
        first, second, year = match.groups()
        day, month = (first, second) if day_first else (second, first)
        return _iso(year, month if month.isdigit() else None, day if day.isdigit() and month.isdigit() else None)
    if (match := _WORDS.match(text)) and match.group(2).lower() in _MONTHS:
        return _iso(match.group(3), str(_MONTHS[match.group(2).lower()]), match.group(1))
    return None


def _iso(year: str, month: str | None, day: str | None) -> str | None:
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    value = "-".join(parts)
    try:
        ox_date(value)
    except ValueError:
        return None
    return value


# ISO 15924 codes of the scripts lists name; Latin gets no tag (it is the lists' default).
_SCRIPTS = {
    "cyrillic": "Cyrl",
    "cyrl": "Cyrl",
    "arabic": "Arab",
    "arab": "Arab",
    "chinese simplified": "Hans",
    "hans": "Hans",
    "chinese traditional": "Hant",
    "hant": "Hant",
    "korean": "Kore",
    "kore": "Kore",
    "hebrew": "Hebr",
    "greek": "Grek",
    "han": "Hani",
}


def script_language(script: str) -> str | None:
    """A BCP 47 tag for a name in a non-Latin script: 'zh-Hans', else 'und-Cyrl' (language unknown)."""
    code = _SCRIPTS.get(script.strip().casefold())
    if code is None:
        return None
    return f"zh-{code}" if code in ("Hans", "Hant") else f"und-{code}"


def script_of_text(text: str) -> str:
    """The script of the first letter of a name ('Arabic', 'Cyrillic'...), for names a list gives
    only as 'non-Latin' or 'original script'; '' for Latin or when no letter is found."""
    for char in text:
        if char.isalpha():
            word = unicodedata.name(char, "").split(" ")[0]
            return {"CJK": "Han", "HANGUL": "Korean"}.get(word, word.title() if word != "LATIN" else "")
    return ""


def program_node(
    ctx: LoadContext,
    emitted: set[URIRef],
    iri: URIRef,
    *,
    key: str,
    name: str,
    agency: URIRef,
    laws: Iterable[URIRef] = (),
) -> URIRef:
    """A kg:SanctionsProgram node with its key, name, agency and legal basis, once per document."""
    facts = [(RDF.type, KG.SanctionsProgram), (KG.programKey, key), (KG.administeredBy, agency), (KG.name, name)]
    return shared_node(ctx, emitted, iri, facts + [(KG.legalBasis, law) for law in laws])


def shared_node(ctx: LoadContext, emitted: set[URIRef], iri: URIRef, facts: Iterable[tuple[URIRef, Any]]) -> URIRef:
    """Emit a node many records point at (program, law) once per document, straight into its
    graph rather than the record's buffer, so it survives one of those records being skipped."""
    if iri not in emitted:
        emitted.add(iri)
        ctx.triples.extend((iri, prop, value) for prop, value in facts if value not in (None, ""))
    return iri
