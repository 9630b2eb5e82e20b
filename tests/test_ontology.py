"""The ontology is the single source of truth: everything else must agree with kg.ttl."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from sanctiongraph.ontology import KG, load_ontology, load_shapes, ontology_path
from sanctiongraph.ontology.generate import NAMESPACE, defined_terms, render_terms_module
from sanctiongraph.reference import reference_files

REPO = Path(__file__).resolve().parents[1]
TERM = re.compile(r"kg:([A-Za-z][A-Za-z0-9]*)")


def test_terms_module_is_generated_from_kg_ttl() -> None:
    expected = render_terms_module(load_ontology())
    assert ontology_path("terms.py").read_text(encoding="utf-8") == expected, (
        "terms.py is stale: run python -m sanctiongraph.ontology.generate"
    )


def test_closed_namespace_rejects_typos() -> None:
    assert str(KG.Designation) == NAMESPACE + "Designation"
    with pytest.raises(AttributeError):
        _ = KG.Desingation


def test_every_class_and_property_is_labelled_and_commented() -> None:
    graph = load_ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in graph.subjects(RDF.type, kind):
            assert graph.value(term, RDFS.label), f"{term} has no rdfs:label"
            assert graph.value(term, RDFS.comment), f"{term} has no rdfs:comment"


def test_required_classes_exist() -> None:
    defined = set(defined_terms(load_ontology()))
    required = {
        "Company", "Person", "GovernmentAgency", "Government", "Country", "LegalInstrument", "Statute",
        "StatuteSection", "SanctionsProgram", "SanctionsList", "SanctionsAction", "Designation", "Delisting",
        "Amendment", "Claim", "Mention", "SourceDocument", "LoadRun", "ReportedAction",
    }  # fmt: skip
    assert required <= defined


def _used_terms(text: str) -> set[str]:
    return set(TERM.findall(text))


@pytest.mark.parametrize(
    "path",
    [
        ontology_path("shapes.ttl"),
        ontology_path("alignments.ttl"),
        *reference_files(),
        *sorted((REPO / "queries").glob("*.rq")),
    ],
    ids=lambda p: p.name,
)
def test_files_use_only_defined_terms(path: Path) -> None:
    undefined = _used_terms(path.read_text(encoding="utf-8")) - set(defined_terms(load_ontology()))
    assert not undefined, f"{path.name} uses terms kg.ttl does not define: {sorted(undefined)}"


def test_shape_targets_are_ontology_classes() -> None:
    shapes = load_shapes()
    classes = set(load_ontology().subjects(RDF.type, OWL.Class))
    targets = {t for t in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert targets and targets <= classes


def test_alignments_parse_and_only_use_skos_mappings() -> None:
    graph = Graph().parse(ontology_path("alignments.ttl"))
    predicates = {str(p).rsplit("#", 1)[-1] for p in graph.predicates()}
    assert predicates <= {"exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch"}
