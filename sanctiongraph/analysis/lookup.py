"""Finding an entity by IRI or by name, as users type it: the one lookup every command uses.

Exact first (same comparison key as a name, alias, acronym or previous name), then whole
words (the text is part of one name), both from the name index beside the store. A whole-word
match is taken only when the rest of the name is a legal form ("Xiaomi" -> "Xiaomi Corporation"),
and then the match says so; any other partial match ("ZTE" inside "ZTE Parsian", an Iranian
affiliate) is a question, never an answer. A fuzzy match is never taken on its own either: it
only fills the "did you mean" candidates of the error, because answering about the wrong firm
is worse than asking. Candidates carry their kind, lists and countries so the CLI can print a
numbered list.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rdflib import URIRef

from sanctiongraph.errors import NotFoundError
from sanctiongraph.graph.names import NameEntry, NameIndex, name_key
from sanctiongraph.graph.store import GraphStore

_PREFERRED_KINDS = ("firm", "person", "agency", "government", "list", "statute")
# Exact lookups of firm names for history: acronyms are too short to name a firm on their own.
_FIRM_VIAS = ("name", "alias", "previous name")
MAX_CANDIDATES = 10
# Legal forms rigour's table leaves out (it holds Ltd, Inc, Co., Ltd., GmbH... but not these, which
# it deems too common in names); only used to decide that "Xiaomi Corporation" is "Xiaomi".
_MORE_LEGAL_FORMS = frozenset({"corporation", "corp", "company", "co", "incorporated", "the"})


@dataclass(frozen=True)
class Candidate:
    """One entity a name could stand for, with what tells it apart from the others."""

    entity: URIRef
    label: str
    kind: str
    via: str
    lists: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    score: float | None = None  # fuzzy similarity (0-100) when the name did not match exactly

    def describe(self) -> str:
        details = [self.kind]
        if self.lists:
            details.append("lists: " + ", ".join(self.lists))
        if self.countries:
            details.append("countries: " + ", ".join(self.countries))
        return f"{self.label} <{self.entity}> ({'; '.join(details)})"


class AmbiguousName(NotFoundError):
    """A name that matches several entities equally well, or none exactly (with suggestions)."""

    def __init__(self, message: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass
class Lookup:
    """What a name matched: the entries (records stand for their clusters) and how."""

    text: str
    entries: list[NameEntry] = field(default_factory=list)
    how: str = "none"  # "iri", "exact", "words" or "none"


def lookup_name(store: GraphStore, text: str) -> Lookup:
    """Entries for text: exact key, else whole words; no fuzzy guesses here."""
    index = NameIndex.from_store(store)
    entries = index.lookup(text)
    if entries:
        return Lookup(text, _as_clusters(store, entries), "exact")
    entries = index.containing(text)
    if entries:
        return Lookup(text, _as_clusters(store, entries), "words")
    return Lookup(text)


@dataclass(frozen=True)
class Match:
    """The entity a name was taken for, and how: callers show `notice` when it is not exact."""

    text: str
    entity: URIRef
    label: str
    how: str  # "iri", "exact" or "legal form" (the name is the text plus a legal form)

    @property
    def notice(self) -> str | None:
        """What a reader must be told: the name asked for is not the name found."""
        if self.how != "legal form":
            return None
        return (
            f"no name is exactly {self.text!r}; taken as {self.label!r}, the one name that is "
            f"{self.text!r} plus a legal form"
        )


def find_entity(store: GraphStore, text: str) -> URIRef:
    """An IRI as given, else the entity whose name, alias or acronym matches, else the one whose
    name is the text plus a legal form. Ambiguity is an error listing the candidates."""
    return match_entity(store, text).entity


def match_entity(store: GraphStore, text: str) -> Match:
    """find_entity, saying how the name matched (so a report can say it was not exact)."""
    if "://" in text:
        return Match(text, URIRef(text), text, "iri")
    found = lookup_name(store, text)
    if found.how == "words":
        return _word_match(store, found)
    entries = found.entries
    if not entries:
        suggestions = suggest(store, text)
        if suggestions:
            listing = _numbered(suggestions)
            raise AmbiguousName(f"nothing named {text!r} in the store; did you mean:\n{listing}", suggestions)
        raise NotFoundError(f"nothing named {text!r} in the store")
    ranks = _ranks(entries)
    entities = sorted(ranks, key=lambda iri: (ranks[iri], str(iri)))
    if len(entities) > 1 and ranks[entities[0]] == ranks[entities[1]]:
        best = [e for e in entities if ranks[e] == ranks[entities[0]]]
        first = {}
        for entry in entries:
            first.setdefault(entry.entity, entry)
        candidates = describe(store, [first[e] for e in best[:MAX_CANDIDATES]])
        raise AmbiguousName(f"{text!r} is ambiguous; give the IRI:\n{_numbered(candidates)}", candidates)
    label = next(e.label for e in entries if e.entity == entities[0])
    return Match(text, entities[0], label, "exact")


def _word_match(store: GraphStore, found: Lookup) -> Match:
    """Take a whole-word match only when the rest is a legal form and one entity has it; else ask."""
    formal = [e for e in found.entries if _is_name_plus_legal_form(found.text, e.label)]
    if formal and len({e.entity for e in formal}) == 1:
        best = sorted(formal, key=lambda e: (e.via != "name", e.label))[0]
        return Match(found.text, best.entity, best.label, "legal form")
    first: dict[URIRef, NameEntry] = {}
    for entry in sorted(found.entries, key=lambda e: (e.via != "name", e.label)):
        first.setdefault(entry.entity, entry)
    candidates = describe(store, list(first.values())[:MAX_CANDIDATES])
    more = f" (first {MAX_CANDIDATES} of {len(first)})" if len(first) > MAX_CANDIDATES else ""
    raise AmbiguousName(
        f"no name is exactly {found.text!r}; it is only a word inside the names below{more}, which are "
        f"not taken for it. Give a full name or the IRI:\n{_numbered(candidates)}",
        candidates,
    )


def _is_name_plus_legal_form(text: str, label: str) -> bool:
    """Whether label is text followed or preceded only by legal-form words ("Xiaomi Corporation")."""
    key, full = name_key(text), name_key(label)
    rest = f" {full} ".replace(f" {key} ", " ", 1).strip()
    if rest == full:
        return False
    words = name_key(remove_org_types(rest)).split()
    return all(w in _MORE_LEGAL_FORMS for w in words)


# rigour.text.normalize's Normalize.CASEFOLD and Cleanup.Noop, the defaults of remove_org_types:
# repeated so as not to import rigour.text (tests/analysis/test_lookup.py checks they agree).
_CASEFOLD, _NO_CLEANUP = 4, 0


def remove_org_types(text: str) -> str:
    """rigour.names.remove_org_types(text), called in rigour's compiled core.

    Importing rigour.names (normality, ICU, language tables) costs ~70 ms of a command that looks
    a name up, its core alone ~5 ms; tests/analysis/test_lookup.py checks the two answer alike.
    """
    try:
        from rigour._core import remove_org_types as in_core
    except ImportError:  # a rigour laid out otherwise: its public function, at its import cost
        from rigour.names import remove_org_types as public

        return public(text)
    return in_core(text, _CASEFOLD, _NO_CLEANUP, "")


def find_firms(store: GraphStore, text: str) -> list[URIRef]:
    """Every node whose name, alias or previous name has text's key (history's firm argument).

    Unlike find_entity this keeps records apart (a firm's history lists each record), and
    returns all exact matches instead of asking which one.
    """
    if "://" in text:
        return [URIRef(text)]
    entries = [e for e in NameIndex.from_store(store).lookup(text) if e.via in _FIRM_VIAS]
    if not entries:
        suggestions = suggest(store, text)
        listing = f"; did you mean:\n{_numbered(suggestions)}" if suggestions else ""
        message = f"no firm named {text!r} in the store (names and aliases compared exactly){listing}"
        raise AmbiguousName(message, suggestions) if suggestions else NotFoundError(message)
    return sorted({e.entity for e in entries}, key=str)


def suggest(store: GraphStore, text: str, limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """Entities with a name close to text (fuzzy), best first, described for a numbered list."""
    similar = NameIndex.from_store(store).similar(text, limit=limit * 3)
    best: dict[URIRef, tuple[NameEntry, float]] = {}
    for entry, score in similar:
        if entry.entity not in best:
            best[entry.entity] = (entry, score)
    chosen = list(best.values())[:limit]
    described = describe(store, [e for e, _ in chosen])
    return [replace(c, score=s) for c, (_, s) in zip(described, chosen, strict=True)]


def describe(store: GraphStore, entries: list[NameEntry]) -> list[Candidate]:
    """Candidates with the lists their records are on and their countries (one query).

    The records are `?e kg:member? ?r` (the entity itself and its members): a `{ BIND(?e AS ?r) }`
    branch would see ?e unbound (SPARQL evaluates a group bottom-up) and give every list.
    """
    if not entries:
        return []
    values = " ".join(f"<{e.entity}>" for e in entries)
    rows = store.select_ox(
        f"""PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?e ?list ?country WHERE {{ VALUES ?e {{ {values} }}
          ?e kg:member? ?r .
          {{ ?action kg:target ?r ; kg:onList ?l . OPTIONAL {{ ?l kg:name ?ln }}
             BIND(COALESCE(?ln, STR(?l)) AS ?list) }}
          UNION {{ ?r kg:country ?c . OPTIONAL {{ ?c kg:isoCode ?code }} BIND(COALESCE(?code, STR(?c)) AS ?country) }}
        }}"""
    )
    lists: dict[str, set[str]] = {}
    countries: dict[str, set[str]] = {}
    for row in rows:
        key = row["e"].value
        if row["list"] is not None:
            lists.setdefault(key, set()).add(row["list"].value)
        if row["country"] is not None:
            countries.setdefault(key, set()).add(row["country"].value.upper())
    return [
        Candidate(
            e.entity,
            e.label,
            e.kind,
            e.via,
            tuple(sorted(lists.get(str(e.entity), ()))),
            tuple(sorted(countries.get(str(e.entity), ()))),
        )
        for e in entries
    ]


def _numbered(candidates: list[Candidate]) -> str:
    return "\n".join(f"  {n}. {c.describe()}" for n, c in enumerate(candidates, start=1))


def _ranks(entries: list[NameEntry]) -> dict[URIRef, tuple[int, int]]:
    """Per entity: held by a name (before alias/acronym), then the preferred kind."""
    ranks: dict[URIRef, tuple[int, int]] = {}
    for e in entries:
        kind_rank = _PREFERRED_KINDS.index(e.kind) if e.kind in _PREFERRED_KINDS else 9
        rank = (0 if e.via == "name" else 1, kind_rank)
        old = ranks.get(e.entity)
        ranks[e.entity] = rank if old is None else (min(old[0], rank[0]), min(old[1], rank[1]))
    return ranks


def _as_clusters(store: GraphStore, entries: list[NameEntry]) -> list[NameEntry]:
    """Records that entity resolution merged stand for their cluster, so one firm is one answer."""
    records = " ".join(f"<{iri}>" for iri in {e.entity for e in entries})
    rows = store.select_ox(
        f"""PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
        SELECT ?record ?cluster WHERE {{ VALUES ?record {{ {records} }} ?record kg:canonical ?cluster }}"""
    )
    cluster_of = {r["record"].value: URIRef(r["cluster"].value) for r in rows}
    return [replace(e, entity=cluster_of.get(str(e.entity), e.entity)) for e in entries]
