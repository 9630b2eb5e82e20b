"""An index of every name, alias and acronym in the store, for resolving names found in text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from normality import normalize
from rdflib import URIRef

from sanctiongraph.graph.store import GraphStore

KIND_BY_CLASS = {
    "Company": "firm",
    "Organization": "firm",
    "Person": "person",
    "GovernmentAgency": "agency",
    "Government": "government",
    "SanctionsList": "list",
    "Statute": "statute",
    "StatuteSection": "statute",
    "Vessel": "vessel",
    "Aircraft": "aircraft",
}

_NAMES_QUERY = """
PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>
SELECT DISTINCT ?entity ?class ?label ?via WHERE {
  VALUES (?p ?via) { (kg:name "name") (kg:alias "alias") (kg:acronym "acronym") (kg:previousName "previous name") }
  ?entity ?p ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/sanctiongraph/ontology#"))
}
"""


def name_key(text: str) -> str:
    """Comparison key: lower case, punctuation to spaces, whitespace collapsed (normality)."""
    return normalize(text, lowercase=True, ascii=False) or ""


@dataclass(frozen=True)
class NameEntry:
    """One way an entity is named: the entity, its kind, the label and how it is held."""

    entity: URIRef
    kind: str
    label: str
    via: str


class NameIndex:
    """Names by comparison key; built once per load from the union of all graphs."""

    def __init__(self, entries: list[NameEntry]) -> None:
        self.entries = entries
        self._by_key: dict[str, list[NameEntry]] = defaultdict(list)
        for entry in entries:
            self._by_key[name_key(entry.label)].append(entry)

    @classmethod
    def from_store(cls, store: GraphStore) -> NameIndex:
        entries = []
        for row in store.select(_NAMES_QUERY):
            local = str(row["class"]).rsplit("#", 1)[-1]
            kind = KIND_BY_CLASS.get(local)
            if kind is not None:
                entries.append(NameEntry(URIRef(str(row["entity"])), kind, str(row["label"]), str(row["via"])))
        return cls(entries)

    def lookup(self, text: str) -> list[NameEntry]:
        """Entries whose label has the same comparison key as text."""
        return list(self._by_key.get(name_key(text), ()))

    def __len__(self) -> int:
        return len(self.entries)
