"""The FtM coverage figure counts only what the loader really reads and the export really writes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from followthemoney import model

from sanctiongraph.ftm import mapping
from sanctiongraph.ftm.coverage import Coverage, coverage, table
from sanctiongraph.ftm.export import write_ftm
from sanctiongraph.graph.ingest import load_paths
from sanctiongraph.graph.store import GraphStore

# One valid value per FtM type (the loader keeps identifiers as written, so any text will do there).
SAMPLES = {
    "date": "2020-01-02",
    "country": "ru",
    "gender": "male",
    "topic": "sanction",
    "url": "https://example.org/page",
    "email": "someone@example.org",
    "phone": "+74951234567",
    "number": "5",
}
# The entity each entity-typed property points at, so that every reference resolves in the file.
TARGETS = {"Address": "addr", "Document": "doc"}


def sample(schema_name: str, prop_name: str) -> str:
    if prop_name == "percentage":  # a string in FtM, a number for us
        return "51"
    prop = model.get(schema_name).properties[prop_name]  # type: ignore[union-attr]
    if prop.type.name == "entity":
        return TARGETS.get(prop.range.name if prop.range else "", "person")
    return SAMPLES.get(prop.type.name, f"{prop_name} value")


def entity_with_everything(c: Coverage) -> dict:
    return {
        "id": f"all-{c.schema}",
        "schema": c.schema,
        "properties": {name: [sample(c.schema, name)] for name in sorted(c.loaded)},
    }


def test_every_property_counted_as_loaded_is_read_without_audit(tmp_path: Path) -> None:
    rows = coverage(mapping)
    entities = [
        {"id": "person", "schema": "Person", "properties": {"name": ["Some PERSON"]}},
        {"id": "addr", "schema": "Address", "properties": {"full": ["1 Example Street"]}},
        {"id": "doc", "schema": "Document", "properties": {"fileName": ["a.pdf"]}},
        *(entity_with_everything(c) for c in rows),
    ]
    path = tmp_path / "everything.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    store = GraphStore(None)
    report = load_paths(store, "ftm-json", [path])[0]
    assert report.read == report.loaded == len(entities)
    # The file holds only properties the figure counts as loaded, all valid: nothing may be audited.
    assert report.unmapped == {}
    # And what the figure counts as exported is what the export writes for these entities.
    out = io.StringIO()
    write_ftm(store, out)
    written = {e["id"]: e for e in map(json.loads, out.getvalue().splitlines())}
    for c in rows:
        if c.exported:
            assert set(written[f"all-{c.schema}"]["properties"]) == set(c.exported), c.schema


def test_sanction_status_and_provisions_are_counted_both_ways() -> None:
    sanction = next(c for c in coverage(mapping) if c.schema == "Sanction")
    assert {"status", "provisions"} <= sanction.loaded & sanction.exported
    assert "| Sanction |" in table(coverage(mapping))
