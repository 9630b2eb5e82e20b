"""The FtM export: valid for the followthemoney library, stable, and a fixed point of export -> load -> export."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from followthemoney import model

from sanctiongraph.ftm.export import write_ftm
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
DEMO = REPO / "sanctiongraph" / "demo"
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"


@pytest.fixture(scope="module")
def source() -> GraphStore:
    """Every kind of node the export writes: a list, an article's claims, FtM ties, the pg fixture's links."""
    store = GraphStore(None)
    ensure_reference(store)
    load_paths(store, "dod-1237-csv", [DEMO / "dod_section_1237.csv"])
    article = DEMO / "2021-01-14_press-digest.txt"
    if article.exists():
        load_paths(store, "article", [article])
    load_paths(store, "ftm-json", [FIXTURES / "ftm" / "entities_small.ftm.json"])
    store.oxigraph.load(path=str(FIXTURES / "pg" / "small_graph.trig"), format=ox.RdfFormat.TRIG)
    return store


def export(store: GraphStore) -> str:
    out = io.StringIO()
    write_ftm(store, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def exported(source: GraphStore) -> list[dict]:
    return [json.loads(line) for line in export(source).splitlines()]


def count(store: GraphStore, where: str) -> int:
    return int(store.select(PREFIX + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def test_every_entity_is_valid_for_the_followthemoney_library(exported: list[dict]) -> None:
    ids = [e["id"] for e in exported]
    assert len(ids) == len(set(ids))
    dangling: set[str] = set()
    for entity in exported:
        schema = model.get(entity["schema"])
        assert schema is not None, entity
        schema.validate(entity)  # raises InvalidData on a bad value
        assert set(entity["properties"]) <= set(schema.properties), entity
        assert all(entity["properties"].get(name) for name in schema.required), entity
        # The library's cleaning changes nothing: the values are already what FtM would write.
        cleaned = model.get_proxy(entity, cleaned=False).to_dict()["properties"]
        assert {k: sorted(v) for k, v in cleaned.items()} == entity["properties"], entity["id"]
        for name, values in entity["properties"].items():
            if schema.properties[name].type.name == "entity":
                dangling.update(set(values) - set(ids))
    # Only what the FtM source itself referred to without holding it points outside the export.
    assert dangling == outside_refs(FIXTURES / "ftm" / "entities_small.ftm.json")


def outside_refs(path: Path) -> set[str]:
    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    held = {e["id"] for e in entities}
    refs = set()
    for e in entities:
        schema = model.get(e["schema"])
        if e["schema"] == "Payment":  # skipped by the loader, so its references are not in the graph
            continue
        for name, values in e["properties"].items():
            if name in schema.properties and schema.properties[name].type.name == "entity":
                refs.update(values)
    return refs - held


def test_ftm_validate_command_accepts_the_export(exported: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "graph.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in exported), encoding="utf-8")
    ftm = Path(sys.executable).parent / "ftm"
    if not ftm.exists():
        pytest.skip("the ftm command of followthemoney is not installed next to this Python")
    subprocess.run([str(ftm), "validate", "-i", str(path), "-o", str(tmp_path / "out.json")], check=True)
    back = [json.loads(line) for line in (tmp_path / "out.json").read_text(encoding="utf-8").splitlines()]
    assert {e["id"]: {k: sorted(v) for k, v in e["properties"].items()} for e in back} == {
        e["id"]: e["properties"] for e in exported
    }


def test_schemas_chosen(source: GraphStore, exported: list[dict]) -> None:
    schemas = [e["schema"] for e in exported]
    # Actions of record only: an article's reported action is never a Sanction.
    assert schemas.count("Sanction") == count(source, "?x a kg:Designation")
    assert count(source, "?x a kg:ReportedAction") == 0 or schemas.count("Note") > 0
    assert schemas.count("Ownership") == count(source, "?x a kg:Ownership")
    assert schemas.count("Directorship") == count(source, "?x a kg:Directorship")
    relationships = count(source, "?x a kg:Relationship") + count(source, "?x kg:parentCompany ?y")
    assert sum(schemas.count(s) for s in ("Family", "Employment", "UnknownLink")) == relationships
    assert schemas.count("Person") == count(source, "?x a kg:Person")
    assert schemas.count("Document") >= 2  # the list and the FtM file's cited documents (none): the CSV at least
    family = next(e for e in exported if e["id"] == "fam-1")
    assert family["properties"]["relationship"] == ["Spouse"]


def test_ids_are_stable_between_runs(source: GraphStore) -> None:
    assert export(source) == export(source)


def test_export_load_export_is_a_fixed_point(source: GraphStore, tmp_path: Path) -> None:
    first = export(source)
    path = tmp_path / "graph.ftm.json"
    path.write_text(first, encoding="utf-8")
    copy = GraphStore(None)
    report = load_paths(copy, "ftm-json", [path])[0]
    assert report.read == report.loaded == len(first.splitlines())
    assert export(copy) == first


def test_real_opensanctions_cluster_goes_out_and_back(shared: type, tmp_path: Path) -> None:
    path = shared.path("official", "opensanctions_ftm", "yente_zala_entities.ftm.json")
    source = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    store = GraphStore(None)
    load_paths(store, "ftm-json", [path])
    first = export(store)
    out = {e["id"]: e for e in map(json.loads, first.splitlines())}
    # Every entity keeps its id and schema, but Addresses and Passports: the graph keeps their text
    # and numbers on the party they belong to.
    for entity in source:
        if entity["schema"] not in ("Address", "Passport", "Identification"):
            assert out[entity["id"]]["schema"] == entity["schema"], entity["id"]
    for entity in out.values():
        model.get(entity["schema"]).validate(entity)  # type: ignore[union-attr]
    # Names, birth dates and topics as the source gave them (compared after the library's cleaning).
    for entity in source:
        if entity["schema"] in ("Person", "Company"):
            cleaned = model.get_proxy(entity, cleaned=False)
            written = out[entity["id"]]["properties"]
            for name in ("birthDate", "topics", "gender", "incorporationDate"):
                if name in cleaned.schema.properties:
                    assert sorted(cleaned.get(name)) == written.get(name, []), (entity["id"], name)
            assert set(cleaned.get("name")) <= set(written["name"] + written.get("alias", []))
    copy_path = tmp_path / "zala.ftm.json"
    copy_path.write_text(first, encoding="utf-8")
    copy = GraphStore(None)
    load_paths(copy, "ftm-json", [copy_path])
    assert export(copy) == first


def test_sanction_status_provisions_and_measures_go_out(exported: list[dict], tmp_path: Path) -> None:
    seco = next(e for e in exported if e["id"] == "seco-sanction-1")["properties"]
    assert seco["status"] == ["active"] and seco["provisions"] == ["Asset Freeze", "Travel Ban"]
    assert seco["country"] == ["ch"] and seco["recordId"] == ["SECO-77"] and seco["unscId"] == ["QDi.999"]
    # A measure our own loaders classify (BIS denials are export controls) goes out as provisions.
    store = GraphStore(None)
    ensure_reference(store)
    load_paths(store, "bis-dpl", [FIXTURES / "bis" / "dpl_small.txt"])
    sanctions = [json.loads(line) for line in export(store).splitlines() if '"Sanction"' in line]
    measured = count(store, "?x a kg:Designation ; kg:measure kg:exportControl")
    assert measured and sum("export control" in s["properties"].get("provisions", []) for s in sanctions) == measured


def test_real_sanction_properties_go_out_as_they_came(shared: type) -> None:
    path = shared.path("official", "opensanctions_ftm", "yente_zala_entities.ftm.json")
    source = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    store = GraphStore(None)
    load_paths(store, "ftm-json", [path])
    out = {e["id"]: e["properties"] for e in map(json.loads, export(store).splitlines())}
    names = ("status", "provisions", "country", "duration", "programUrl", "recordId", "listingDate", "reason")
    for entity in source:
        if entity["schema"] == "Sanction":
            cleaned = model.get_proxy(entity, cleaned=False)
            for name in names:
                assert sorted(cleaned.get(name)) == out[entity["id"]].get(name, []), (entity["id"], name)
