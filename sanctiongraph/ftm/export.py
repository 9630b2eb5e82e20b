"""The graph as FollowTheMoney entities (JSON lines), for Aleph, yente and nomenklatura.

What goes out, and as which schema:
- firms, people, agencies, vessels, aircraft: Company, Person, PublicBody, Organization,
  LegalEntity, Vessel, Airplane (the schema an FtM source gave, kept in kg:ftmSchema, else the
  one our class stands for);
- designations (kg:Designation, actions of record only): Sanction, with the issuing agency's
  name as `authority`, the program, the list's status and provisions (and our classified
  measures, by their label, as provisions) and the documents it was derived from as `proof`;
- ownership, directorship and other ties: Ownership, Directorship, and the FtM schema a tie came
  from (Family, Associate, Representation...) or UnknownLink for the ties official lists state;
  a parent company link (kg:parentCompany) is an UnknownLink with the role "parent company";
- the source documents facts were derived from: Document (title, publisher, URL, date, file name).

Article claims go out as Note entities on the party they are about: a Note is FtM's schema for
an annotation that asserts nothing by itself, so a reported sanction can never be read as a
Sanction. Delistings and amendments are not exported (FtM has no schema for an action that
ends or changes a listing; a Sanction with an end date would claim more than we know).

IDs are stable: the FtM id a node was loaded with (kg:ftmId), else "sg-" and a hash of its IRI,
so exporting the same store twice gives the same ids, and export -> load -> export gives the
same entities back (the documents FtM files were loaded from are not exported: their entities
already are).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from typing import IO, Any
from urllib.parse import unquote

from followthemoney import model
from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, PROV

from sanctiongraph.ftm.mapping import (
    CLASS_SCHEMA,
    COUNTRY,
    DOCUMENT_PROPERTIES,
    INTERVAL_PROPERTIES,
    PARTY_PROPERTIES,
    RELATIONSHIPS,
    SANCTION_PROPERTIES,
)
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.ontology import KG, KGR

FTM_DATASET = "opensanctions"  # the dataset segment of IRIs the ftm-json loader mints
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"
Entity = dict[str, Any]


def ftm_id(iri: URIRef | str, props: dict[URIRef, list[Any]] | None = None) -> str:
    """A node's FtM id: the one it was loaded with, else one derived from its IRI."""
    if props and props.get(KG.ftmId):
        return str(props[KG.ftmId][0])
    return "sg-" + hashlib.sha1(str(iri).encode("utf-8")).hexdigest()[:24]


def _reverse(table: dict[str, tuple[URIRef, str]]) -> dict[URIRef, tuple[str, str]]:
    """term -> (FtM property written, kind): the first property that reads into the term."""
    out: dict[URIRef, tuple[str, str]] = {}
    for name, (term, kind) in table.items():
        out.setdefault(term, (name, kind))
    return out


PARTY_WRITE = _reverse(PARTY_PROPERTIES)
SANCTION_WRITE = _reverse(SANCTION_PROPERTIES)
DOCUMENT_WRITE = _reverse(DOCUMENT_PROPERTIES)
INTERVAL_WRITE = _reverse(INTERVAL_PROPERTIES)


class FtmExport:
    """Reads the store once per kind of node and yields FtM entity dicts."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.ids: dict[URIRef, str] = {}
        self.skipped: dict[str, int] = defaultdict(int)  # values an FtM schema has no property for

    def _nodes(self, where: str) -> dict[URIRef, dict[URIRef, list[Any]]]:
        """Every (predicate, object) of the nodes a pattern on ?s selects, values sorted for stable output."""
        rows = self.store.select(PREFIX + f"SELECT DISTINCT ?s ?p ?o WHERE {{ {where} ?s ?p ?o }}")
        nodes: dict[URIRef, dict[URIRef, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            nodes[row["s"]][row["p"]].append(row["o"])
        for props in nodes.values():
            for values in props.values():
                values.sort(key=str)
        return dict(sorted(nodes.items(), key=lambda kv: str(kv[0])))

    def _id(self, iri: URIRef) -> str:
        if iri not in self.ids:
            rows = self.store.select(PREFIX + "SELECT ?id WHERE { ?s kg:ftmId ?id } LIMIT 1", {"s": iri})
            outside = str(iri).removeprefix(str(KGR)).split("/")
            if rows:
                self.ids[iri] = str(rows[0]["id"])
            elif len(outside) == 3 and outside[1] == FTM_DATASET:
                # An entity an FtM source referred to but did not hold: its IRI carries its FtM id.
                self.ids[iri] = unquote(outside[2])
            else:
                self.ids[iri] = ftm_id(iri)
        return self.ids[iri]

    def _entity(self, iri: URIRef, schema: str, props: dict[URIRef, list[Any]]) -> Entity:
        self.ids[iri] = ftm_id(iri, props)
        return {"id": self.ids[iri], "schema": schema, "properties": {}}

    def _put(self, entity: Entity, name: str, values: list[Any]) -> None:
        schema = model.get(entity["schema"])
        assert schema is not None
        if name not in schema.properties:
            self.skipped[f"{entity['schema']}.{name}"] += len(values)
            return
        values = [v for v in values if v != ""]
        if values:
            out = entity["properties"].setdefault(name, [])
            out.extend(v for v in values if v not in out)

    def _table(self, entity: Entity, props: dict[URIRef, list[Any]], table: dict[URIRef, tuple[str, str]]) -> None:
        """Every value of a term the table knows, under the FtM property it is written as."""
        for term, values in props.items():
            if term in table:
                name, kind = table[term]
                self._put(entity, name, [_value(v, kind) for v in values])

    # kinds of node --------------------------------------------------------------------------

    def parties(self) -> Iterator[Entity]:
        classes = " ".join(f"<{c}>" for c in CLASS_SCHEMA)
        for iri, props in self._nodes(f"?s a ?cls . VALUES ?cls {{ {classes} }}").items():
            schema = str(props[KG.ftmSchema][0]) if props.get(KG.ftmSchema) else _schema_of(props[RDF.type])
            entity = self._entity(iri, schema, props)
            names = [str(n) for n in props.get(KG.name, [])]
            if not names:
                self.skipped["nameless party"] += 1
                continue
            self._put(entity, "name", names[:1])
            self._put(entity, "alias", names[1:])  # two names from two loaders: one is kept as an alias
            self._table(entity, props, PARTY_WRITE)
            yield entity

    def sanctions(self, documents: dict[URIRef, str]) -> Iterator[Entity]:
        agencies = self._names("?s a ?c . VALUES ?c { kg:GovernmentAgency kg:Government kg:Organization }")
        programs = self._nodes("?s a kg:SanctionsProgram .")
        for iri, props in self._nodes("?s a kg:Designation .").items():
            entity = self._entity(iri, "Sanction", props)
            self._put(entity, "entity", [self._id(t) for t in props.get(KG.target, [])])
            self._put(entity, "authority", [agencies[a] for a in props.get(KG.imposedBy, []) if a in agencies])
            for program in props.get(KG.underProgram, []):
                about = programs.get(program, {})
                self._put(entity, "programId", [str(k) for k in about.get(KG.programKey, [])])
                self._put(entity, "program", [str(n) for n in about.get(KG.name, [])[:1]])
            self._table(entity, props, SANCTION_WRITE)
            # The measures our loaders classify go out as FtM provisions, in their ontology label.
            self._put(entity, "provisions", [measure_label(m) for m in props.get(KG.measure, [])])
            if KG.actionDate in props and not ({KG.listingDate, KG.startDate} & set(props)):
                self._put(entity, "startDate", [str(props[KG.actionDate][0])])
            self._proof(entity, props, documents)
            yield entity

    def ties(self, documents: dict[URIRef, str]) -> Iterator[Entity]:
        shapes = {
            KG.Ownership: ("Ownership", {KG.owner: "owner", KG.asset: "asset"}),
            KG.Directorship: ("Directorship", {KG.director: "director", KG.organization: "organization"}),
        }
        for cls, (schema, ends) in shapes.items():
            for iri, props in self._nodes(f"?s a <{cls}> .").items():
                entity = self._entity(iri, schema, props)
                for term, name in ends.items():
                    self._put(entity, name, [self._id(v) for v in props.get(term, [])])
                self._put(entity, "percentage", [str(v) for v in props.get(KG.percentage, [])])
                self._table(entity, props, INTERVAL_WRITE)
                self._interval(entity, props, documents)
                yield entity
        for iri, props in self._nodes("?s a kg:Relationship .").items():
            schema = str(props[KG.ftmSchema][0]) if props.get(KG.ftmSchema) else "UnknownLink"
            if schema not in RELATIONSHIPS:
                schema = "UnknownLink"
            entity = self._entity(iri, schema, props)
            ftm = model.get(schema)
            assert ftm is not None and ftm.edge_source and ftm.edge_target
            self._put(entity, ftm.edge_source, [self._id(v) for v in props.get(KG.subject, [])])
            self._put(entity, ftm.edge_target, [self._id(v) for v in props.get(KG.object, [])])
            prefix = f"{schema.lower()}: "
            kinds = [str(k) for k in props.get(KG.relationshipKind, [])]
            stated = [k.removeprefix(prefix) for k in kinds if k != schema.lower()]
            self._put(entity, RELATIONSHIPS[schema], stated)
            self._interval(entity, props, documents)
            yield entity
        for row in self.store.select(PREFIX + "SELECT DISTINCT ?s ?o WHERE { ?s kg:parentCompany ?o }"):
            link = URIRef(f"{row['s']}#parentCompany-{ftm_id(row['o'])}")
            entity = self._entity(link, "UnknownLink", {})
            self._put(entity, "subject", [self._id(row["s"])])
            self._put(entity, "object", [self._id(row["o"])])
            self._put(entity, "role", ["parent company"])
            yield entity

    def _interval(self, entity: Entity, props: dict[URIRef, list[Any]], documents: dict[URIRef, str]) -> None:
        self._put(entity, "startDate", [str(v) for v in props.get(KG.startDate, [])])
        self._put(entity, "endDate", [str(v) for v in props.get(KG.endDate, [])])
        self._proof(entity, props, documents)

    def _proof(self, entity: Entity, props: dict[URIRef, list[Any]], documents: dict[URIRef, str]) -> None:
        cited = props.get(PROV.wasDerivedFrom, []) + props.get(PROV.hadPrimarySource, [])
        self._put(entity, "proof", sorted({documents[d] for d in cited if d in documents}))

    def documents(self) -> tuple[dict[URIRef, str], list[Entity]]:
        """Source documents as Document entities, except the FtM files (their entities are exported),
        and the documents FtM sources cited (loaded as prov:Entity nodes)."""
        loaded_ftm = {
            r["d"]
            for r in self.store.select(
                PREFIX + 'SELECT DISTINCT ?d WHERE { GRAPH ?m { ?run prov:used ?d ; kg:loaderName "ftm-json" } }'
            )
        }
        cited = self._nodes('?s a prov:Entity ; kg:ftmSchema "Document" .')
        entities, ids = [], {}
        for iri, props in {**self._nodes("?s a kg:SourceDocument ."), **cited}.items():
            if iri in loaded_ftm:
                continue
            entity = self._entity(iri, "Document", props)
            ids[iri] = entity["id"]
            self._table(entity, props, DOCUMENT_WRITE)
            if "fileName" not in entity["properties"]:  # FtM requires one; our document IRIs end in the sha256
                self._put(entity, "fileName", [str(iri).rsplit("/", 1)[-1]])
            entities.append(entity)
        return ids, entities

    def claims(self, documents: dict[URIRef, str]) -> Iterator[Entity]:
        """Article claims as Notes on the party they are about: annotations, never Sanctions."""
        rows = self.store.select(
            PREFIX
            + f"""SELECT DISTINCT ?claim ?about ?quote ?doc WHERE {{ ?claim a kg:Claim ; kg:statedIn ?doc .
                 {{ ?claim kg:about ?about }} UNION {{ ?claim kg:about/kg:target ?about }}
                 ?about a ?cls . VALUES ?cls {{ {" ".join(f"<{c}>" for c in CLASS_SCHEMA)} }}
                 OPTIONAL {{ ?claim kg:quote ?quote }} }} ORDER BY ?claim ?about"""
        )
        by_claim: dict[URIRef, Entity] = {}
        for row in rows:
            entity = by_claim.get(row["claim"])
            if entity is None:
                entity = by_claim[row["claim"]] = self._entity(row["claim"], "Note", {})
                self._put(entity, "description", [str(row["quote"])] if row.get("quote") else ["article claim"])
                self._put(entity, "proof", [documents[row["doc"]]] if row["doc"] in documents else [])
            self._put(entity, "entity", [self._id(row["about"])])
        yield from by_claim.values()
        for iri, props in self._nodes('?s a prov:Entity ; kg:ftmSchema "Note" .').items():
            entity = self._entity(iri, "Note", props)
            self._put(entity, "entity", [self._id(v) for v in props.get(DCTERMS.subject, [])])
            self._put(entity, "description", [str(v) for v in props.get(KG.notes, [])])
            self._proof(entity, props, documents)
            yield entity

    def _names(self, where: str) -> dict[URIRef, str]:
        rows = self.store.select(PREFIX + f"SELECT ?s (MIN(?n) AS ?name) WHERE {{ {where} ?s kg:name ?n }} GROUP BY ?s")
        return {r["s"]: str(r["name"]) for r in rows}

    def entities(self, *, claims: bool = True) -> Iterator[Entity]:
        documents, document_entities = self.documents()
        yield from self.parties()
        yield from self.sanctions(documents)
        yield from self.ties(documents)
        if claims:
            yield from self.claims(documents)
        yield from document_entities


def _schema_of(classes: list[Any]) -> str:
    """The FtM schema of our most specific class (CLASS_SCHEMA lists them most specific first)."""
    return next(schema for cls, schema in CLASS_SCHEMA.items() if cls in classes)


@cache
def measure_label(measure: URIRef) -> str:
    """A kg: measure's label from the ontology ("asset freeze"), else its local name."""
    from rdflib.namespace import RDFS

    from sanctiongraph.ontology import load_ontology

    label = load_ontology().value(measure, RDFS.label)
    return str(label) if label is not None else str(measure).rsplit("#", 1)[-1]


def _value(value: Any, kind: str) -> str:
    if kind == COUNTRY:
        return str(value).rsplit("/", 1)[-1]  # kgr:country/ru -> ru
    return str(value)  # text, and dates as the partial ISO text they were stated in


def merged(entities: Iterator[Entity]) -> list[Entity]:
    """One entity per id: nodes that share an FtM id (a list's agency and its FtM copy) are one entity."""
    by_id: dict[str, Entity] = {}
    for entity in entities:
        schema = model.get(entity["schema"])
        if schema is None or not all(entity["properties"].get(name) for name in schema.required):
            continue  # e.g. a tie whose other end is missing: FtM would reject it
        seen = by_id.get(entity["id"])
        if seen is None:
            by_id[entity["id"]] = entity
            continue
        for name, values in entity["properties"].items():
            out = seen["properties"].setdefault(name, [])
            out.extend(v for v in values if v not in out)
    for entity in by_id.values():
        entity["properties"] = {k: sorted(v) for k, v in sorted(entity["properties"].items())}
    return [by_id[key] for key in sorted(by_id)]


def write_ftm(store: GraphStore, out: IO[str], *, claims: bool = True) -> int:
    """Write one FtM entity per line, in a stable order; returns how many."""
    entities = merged(FtmExport(store).entities(claims=claims))
    for entity in entities:
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return len(entities)
