"""How many FtM properties the loader reads and the export writes, per schema, counted from the
mapping tables and the followthemoney model (so the figure cannot drift from the code's tables).

`python -m sanctiongraph.ftm.coverage` prints the table; `--before OLD_MAPPING.py` adds the counts
of another version of sanctiongraph/ftm/mapping.py (e.g. `git show main:sanctiongraph/ftm/mapping.py`).
"""

from __future__ import annotations

import argparse
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

# Properties the loader and the export handle in code rather than through a table (the ends of a
# tie, a Sanction's entity, authority and program, proof...): kept beside the tables' counts here.
PARTY_APART = {"name", "addressEntity"}
SANCTION_APART = {"entity", "authority", "program", "programId", "proof"}
INTERVAL_APART = {"startDate", "endDate", "proof", "percentage", "role", "summary"}
TIE_ENDS = {"Ownership": {"owner", "asset"}, "Directorship": {"director", "organization"}}
LOADED_ONLY = {  # read into other nodes (the holder, the party at an address), not written back
    "Passport": {"holder", "type", "number", "passportNumber", "country"},
    "Identification": {"holder", "type", "number", "country"},
    "Address": {"full"},
}
NOTE = {"entity", "description", "proof"}
# Bookkeeping of the record, not facts about the entity (the loader ignores them on purpose).
BOOKKEEPING = {"createdAt", "modifiedAt", "retrievedAt", "indexText"}


@dataclass(frozen=True)
class Coverage:
    schema: str
    properties: int  # the schema's own and inherited properties, without stubs and bookkeeping
    loaded: frozenset[str]
    exported: frozenset[str]


def _first_names(table: dict) -> set[str]:
    """The property each term is written as: the first one listed for it."""
    seen, names = set(), set()
    for name, (term, _) in table.items():
        if term not in seen:
            seen.add(term)
            names.add(name)
    return names


def coverage(mapping: ModuleType) -> list[Coverage]:
    """Loaded and exported properties per schema the loader maps, from one version of the tables."""
    from followthemoney import model

    intervals = getattr(mapping, "INTERVAL_PROPERTIES", {})
    rows: dict[str, tuple[set[str], set[str]]] = {}
    for name in mapping.PARTY_SCHEMATA:
        # An address entity's text is written back as `address`, not as an Address entity.
        rows[name] = (PARTY_APART | set(mapping.PARTY_PROPERTIES), {"name"} | _first_names(mapping.PARTY_PROPERTIES))
    sanction = SANCTION_APART | set(mapping.SANCTION_PROPERTIES)
    rows["Sanction"] = (sanction, SANCTION_APART | _first_names(mapping.SANCTION_PROPERTIES) | {"startDate"})
    for name, ends in TIE_ENDS.items():
        rows[name] = (ends | INTERVAL_APART | set(intervals), ends | INTERVAL_APART | _first_names(intervals))
    for name, kind in mapping.RELATIONSHIPS.items():
        schema = model.get(name)
        assert schema is not None and schema.edge_source and schema.edge_target
        both = {schema.edge_source, schema.edge_target, kind, "startDate", "endDate", "proof"}
        rows[name] = (both, both)
    rows["Document"] = (set(mapping.DOCUMENT_PROPERTIES), _first_names(mapping.DOCUMENT_PROPERTIES) | {"fileName"})
    rows["Note"] = (NOTE, NOTE)
    for name, loaded in LOADED_ONLY.items():
        rows[name] = (loaded, set())
    out = []
    for name, (loaded, exported) in rows.items():
        schema = model.get(name)
        assert schema is not None, name
        known = {p for p, prop in schema.properties.items() if not prop.stub and p not in BOOKKEEPING}
        out.append(Coverage(name, len(known), frozenset(loaded & known), frozenset(exported & known)))
    return out


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("mapping_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def table(after: list[Coverage], before: list[Coverage] | None = None) -> str:
    """A Markdown table: schema, FtM properties, loaded and exported (before -> after)."""
    old = {c.schema: c for c in before or []}
    lines = ["| schema | FtM properties | loaded | exported |", "|---|---|---|---|"]
    for c in after:
        was = old.get(c.schema)
        loaded = f"{len(was.loaded)} → {len(c.loaded)}" if was else str(len(c.loaded))
        exported = f"{len(was.exported)} → {len(c.exported)}" if was else str(len(c.exported))
        lines.append(f"| {c.schema} | {c.properties} | {loaded} | {exported} |")
    return "\n".join(lines)


def main() -> None:
    from sanctiongraph.ftm import mapping

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another version of sanctiongraph/ftm/mapping.py")
    args = parser.parse_args()
    print(table(coverage(mapping), coverage(_module(args.before)) if args.before else None))


if __name__ == "__main__":
    main()
