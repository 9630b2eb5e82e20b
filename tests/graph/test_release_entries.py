"""The release diff's entries: read from the sidecar, from a load's triples or by store scans, they
give the same change set and the same change graph, and a missing or damaged sidecar only costs speed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from sanctiongraph.graph import release_entries as sidecar
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.names import index_path
from sanctiongraph.graph.release_entries import FIELD_CHAINS, FIELDS, release_entries, save_entries, saved_entries
from sanctiongraph.graph.releases import Release, change_sets, change_triples, compare, releases
from sanctiongraph.graph.store import FAULT_ENV, GraphStore
from sanctiongraph.graph.terms import LoadedTriples
from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader
from sanctiongraph.ontology.ids import reference_iri

KG = "https://w3id.org/sanctiongraph/ontology#"
EX = "https://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LISTS = (EX + "list/a", EX + "list/b")
AGENCIES = (None, EX + "agency/x", EX + "agency/y")
PREDICATES = [(name, local) for name, (_, last) in FIELD_CHAINS.items() for local in last]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ofac"
OLD, NEW = FIXTURES / "sdn_2019", FIXTURES / "sdn_2020"
SDN = reference_iri("list", "us-ofac-sdn")
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "official" / "ofac"


def kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(KG + local)


@dataclass
class Spec:
    """One generated designation: its ids (several for a multi-id entry, one more when it shares
    an id with other designations), lists, agency, number of targets (none: only its program
    counts) and the values of each compared predicate."""

    key: int
    multi_id: bool = False
    lists: frozenset[str] = frozenset({LISTS[0]})
    agency: str | None = AGENCIES[1]
    targets: int = 1
    values: dict[str, frozenset[str]] = field(default_factory=dict)  # predicate local name -> values
    shared: str | None = None  # an id other designations may carry too

    @property
    def ids(self) -> list[str]:
        own = [str(self.key), f"X{self.key}"] if self.multi_id else [str(self.key)]
        return own + ([self.shared] if self.shared else [])

    @property
    def designation(self) -> str:
        return f"{EX}designation/{self.key}"

    @property
    def target_iris(self) -> list[str]:
        return [f"{EX}entity/{self.key}/{n}" for n in range(self.targets)]


def release_triples(specs: list[Spec]) -> list[tuple[ox.NamedNode, ox.NamedNode, ox.Literal | ox.NamedNode]]:
    """A release's content in the loaders' shape (designation -> target -> names and identifiers)."""
    out: list = []
    for spec in specs:
        designation = ox.NamedNode(spec.designation)
        # Without a target, names and identifiers hang on an entity no designation points at.
        targets = [ox.NamedNode(iri) for iri in spec.target_iris] or [ox.NamedNode(f"{EX}entity/{spec.key}/loose")]
        out.append((designation, RDF_TYPE, kg("Designation")))
        out += [(designation, kg("onList"), ox.NamedNode(iri)) for iri in sorted(spec.lists)]
        out += [(designation, kg("authorityId"), ox.Literal(i)) for i in spec.ids]
        out += [(designation, kg("target"), ox.NamedNode(iri)) for iri in spec.target_iris]
        if spec.agency:
            out.append((designation, kg("imposedBy"), ox.NamedNode(spec.agency)))
        for local, values in sorted(spec.values.items()):
            for n, value in enumerate(sorted(values)):
                # Programs hang on the designation; the rest spread over the targets.
                node = designation if local == "underProgram" else targets[n % len(targets)]
                out.append((node, kg(local), ox.Literal(value)))
    return out


def spec_fields(spec: Spec) -> dict[str, set[str]]:
    """The values of each compared field a designation reaches (a target-less one: its program)."""
    out: dict[str, set[str]] = {}
    for name, local in PREDICATES:
        if spec.targets or local == "underProgram":
            out.setdefault(name, set()).update(spec.values.get(local, ()))
        else:
            out.setdefault(name, set())
    return out


def expected_entries(specs: list[Spec], list_iri: str) -> dict[str, dict]:
    """Each id's entry worked out from the specs, not from the code under test: the values of
    every designation with the id on the list; designation, target and agency of the smallest
    designation IRI with a target, and the lists of those with a target. No target, no entry."""
    out = {}
    for key in {i for spec in specs for i in spec.ids}:
        on = [spec for spec in specs if key in spec.ids and list_iri in spec.lists]
        with_target = [spec for spec in on if spec.targets]
        if not with_target:
            continue
        first = min(with_target, key=lambda spec: spec.designation)
        fields = {name: set().union(*(spec_fields(spec)[name] for spec in on)) for name in FIELDS}
        out[key] = {
            "designation": first.designation,
            "target": min(first.target_iris),
            "agency": first.agency,
            "lists": set().union(*(spec.lists for spec in with_target)),
            "fields": fields,
        }
    return out


def entries_as_found(entries: dict[str, list]) -> dict[str, dict]:
    """release_entries' answer in expected_entries' shape (each field's values must come sorted)."""
    for entry in entries.values():
        assert all(values == sorted(set(values)) for values in entry[sidecar.VALUES]), entry
        assert entry[sidecar.LISTS] == sorted(set(entry[sidecar.LISTS])), entry
    return {
        key: {
            "designation": entry[sidecar.DESIGNATION],
            "target": entry[sidecar.TARGET],
            "agency": entry[sidecar.AGENCY],
            "lists": set(entry[sidecar.LISTS]),
            "fields": {name: set(values) for name, values in zip(FIELDS, entry[sidecar.VALUES], strict=True)},
        }
        for key, entry in entries.items()
    }


def expected_changes(before: list[Spec], after: list[Spec], list_iri: str) -> tuple[set, set, dict]:
    """Added, removed and amended ids worked out from the specs, not from the code under test."""
    old, new = expected_entries(before, list_iri), expected_entries(after, list_iri)
    amended = {i: [f for f in FIELDS if old[i]["fields"][f] != new[i]["fields"][f]] for i in set(old) & set(new)}
    return set(new) - set(old), set(old) - set(new), {i: f for i, f in amended.items() if f}


def diff_every_way(before: list[Spec], after: list[Spec]) -> None:
    """Diff two generated releases over store scans, over the sidecar and over a load's triples."""
    store = GraphStore(None)
    old_triples, new_triples = release_triples(before), release_triples(after)
    old = Release(URIRef(EX + "doc/old"), dt.date(2020, 1, 1), URIRef(EX + "graph/old"), "a" * 64)
    new = Release(URIRef(EX + "doc/new"), dt.date(2021, 1, 1), URIRef(EX + "graph/new"), "b" * 64)
    store.replace_graphs({old.graph: old_triples, new.graph: new_triples})
    for list_iri in LISTS:
        scanned = release_entries(store, old, list_iri), release_entries(store, new, list_iri)
        save_entries(store, str(old.graph), list_iri, release_entries(store, old, list_iri, LoadedTriples(old_triples)))
        kept = saved_entries(store, str(old.graph), list_iri)
        in_memory = release_entries(store, new, list_iri, LoadedTriples(new_triples))
        assert kept == scanned[0] and in_memory == scanned[1]
        assert entries_as_found(kept) == expected_entries(before, list_iri)
        assert entries_as_found(in_memory) == expected_entries(after, list_iri)
        by_scans = compare(URIRef(list_iri), old, new, *scanned)
        by_sidecar = compare(URIRef(list_iri), old, new, kept, in_memory)
        assert by_sidecar == by_scans
        added, removed, amended = expected_changes(before, after, list_iri)
        assert (set(by_sidecar.added), set(by_sidecar.removed), by_sidecar.amended) == (added, removed, amended)
        assert set(change_triples(by_sidecar, kept, in_memory)) == set(change_triples(by_scans, *scanned))


# generated releases ---------------------------------------------------------------------------


def test_each_kind_of_change_is_found_alike_over_the_sidecar_and_over_scans() -> None:
    both = frozenset(LISTS)
    before = [
        Spec(1, values={"name": frozenset({"ALPHA"}), "alias": frozenset({"A1"})}),  # alias amended
        Spec(2, values={"name": frozenset({"BETA"}), "underProgram": frozenset({"CUBA"})}),  # program amended
        Spec(3, values={"name": frozenset({"GAMMA"}), "idNumber": frozenset({"77"})}),  # identifier amended
        Spec(4, values={"name": frozenset({"DELTA"})}),  # name amended
        Spec(5, multi_id=True, lists=both, targets=2, values={"name": frozenset({"E1", "E2"})}),  # removed
        Spec(6, lists=frozenset({LISTS[1]}), agency=None, values={"weakAlias": frozenset({"Z"})}),  # unchanged
        Spec(7, values={"ticker": frozenset({"T"}), "isin": frozenset({"I"})}),  # unchanged, two identifiers
    ]
    after = [
        Spec(1, values={"name": frozenset({"ALPHA"}), "alias": frozenset({"A1", "A2"})}),
        Spec(2, values={"name": frozenset({"BETA"}), "underProgram": frozenset({"SDGT"})}),
        Spec(3, values={"name": frozenset({"GAMMA"}), "passportNumber": frozenset({"77"})}),  # same value, same field
        Spec(4, values={"name": frozenset({"DELTA LTD"})}),
        Spec(6, lists=frozenset({LISTS[1]}), agency=None, values={"weakAlias": frozenset({"Z"})}),
        Spec(7, values={"ticker": frozenset({"T"}), "isin": frozenset({"I"})}),
        Spec(8, multi_id=True, lists=both, agency=AGENCIES[2], targets=2, values={"alias": frozenset({"H"})}),  # added
    ]
    added, removed, amended = expected_changes(before, after, LISTS[0])
    assert (added, removed) == ({"8", "X8"}, {"5", "X5"})
    assert amended == {"1": ["alias"], "2": ["program"], "4": ["name"]}  # 3: the identifier moved, equal as a field
    diff_every_way(before, after)


def test_an_id_on_several_designations_keeps_the_smallest_and_joins_their_values() -> None:
    """Written out by hand: designation 10 is kept over 11 (smaller IRI, both have targets); the
    lists of both count; 12 has no target, so only its program counts."""
    specs = [
        Spec(10, shared="S", agency=AGENCIES[1], values={"name": frozenset({"TEN"})}),
        Spec(11, shared="S", lists=frozenset(LISTS), agency=AGENCIES[2], targets=2,
             values={"name": frozenset({"ELEVEN", "ONZE"}), "idNumber": frozenset({"7"})}),
        Spec(12, shared="S", targets=0, values={"underProgram": frozenset({"P"}), "alias": frozenset({"LOOSE"})}),
    ]  # fmt: skip
    store = GraphStore(None)
    release = Release(URIRef(EX + "doc/r"), dt.date(2020, 1, 1), URIRef(EX + "graph/r"), "a" * 64)
    triples = release_triples(specs)
    store.replace_graphs({release.graph: triples})
    for found in (release_entries(store, release, LISTS[0]), release_entries(store, release, LISTS[0], triples)):
        assert set(found) == {"10", "11", "S"}  # 12 names no target: no entry of its own
        assert found["S"][1:] == [EX + "designation/10", EX + "entity/10/0", AGENCIES[1], sorted(LISTS)]
        assert found["S"][sidecar.VALUES] == [["ELEVEN", "ONZE", "TEN"], [], ["P"], ["7"]]
        assert found["11"][sidecar.VALUES] == [["ELEVEN", "ONZE"], [], [], ["7"]]


def test_a_release_with_nothing_on_the_list_reads_only_its_list_memberships(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document released as one list whose designations sit on others (the CSL) costs one
    scan of kg:onList, not of every compared predicate."""
    store = GraphStore(None)
    release = Release(URIRef(EX + "doc/r"), dt.date(2020, 1, 1), URIRef(EX + "graph/r"), "a" * 64)
    triples = release_triples([Spec(1, values={"name": frozenset({"ONE"})}), Spec(2, lists=frozenset({LISTS[0]}))])
    store.replace_graphs({release.graph: triples})
    read: list[str] = []
    real_pairs = sidecar._Scans._pairs
    monkeypatch.setattr(sidecar._Scans, "_pairs", lambda self, local: read.append(local) or real_pairs(self, local))
    for held in (None, LoadedTriples(triples)):
        read.clear()
        assert release_entries(store, release, LISTS[1], held) == {}
        assert read == ["onList"]
        assert set(release_entries(store, release, LISTS[0], held)) == {"1", "2"}  # the same code finds them


values = st.dictionaries(
    st.sampled_from([local for _, local in PREDICATES]), st.frozensets(st.sampled_from("ABC"), max_size=2), max_size=4
)
specs = st.builds(
    Spec,
    key=st.integers(0, 6),
    multi_id=st.booleans(),
    lists=st.frozensets(st.sampled_from(LISTS), min_size=1),
    agency=st.sampled_from(AGENCIES),
    targets=st.integers(0, 2),
    values=values,
    shared=st.sampled_from([None, None, "S1", "S2"]),
)
releases_ = st.lists(specs, max_size=6, unique_by=lambda s: s.key)


@settings(max_examples=60, deadline=None)
@given(before=releases_, after=releases_)
def test_compare_over_the_sidecar_equals_compare_over_scans(before: list[Spec], after: list[Spec]) -> None:
    diff_every_way(before, after)


def test_a_changed_value_is_caught_even_when_the_sorted_lists_have_equal_lengths() -> None:
    """Breaking compare into a length or count check must fail here."""
    before = [Spec(1, values={"alias": frozenset({"A", "B"})})]
    after = [Spec(1, values={"alias": frozenset({"A", "C"})})]
    diff_every_way(before, after)


# loads through the CLI's library twin ---------------------------------------------------------


@pytest.fixture
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(OfacSdnCsvLoader, "expected_records", (1, None))


def change_graph_triples(store: GraphStore) -> set[tuple[str, str, str]]:
    """The change graph and its PROV as text, without the time the diff ran."""
    out = set()
    for summary in change_sets(store, SDN):
        for graph in (str(summary["graph"]), str(summary["graph"]).replace("/graph/changes/", "/graph/meta/changes/")):
            for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
                if not q.predicate.value.endswith("endedAtTime"):
                    out.add((str(q.subject), str(q.predicate), str(q.object)))
    return out


def load_pair(store: GraphStore) -> None:
    load_paths(store, "ofac-sdn-csv", [OLD], published=dt.date(2019, 1, 1))
    load_paths(store, "ofac-sdn-csv", [NEW], published=dt.date(2020, 1, 1))


def reference_changes() -> set[tuple[str, str, str]]:
    store = GraphStore(None)
    ensure_reference(store)
    load_pair(store)
    return change_graph_triples(store)


def test_a_second_release_is_compared_without_reading_the_first_back(
    disk_store: GraphStore, small_bounds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_paths(disk_store, "ofac-sdn-csv", [OLD], published=dt.date(2019, 1, 1))
    [first] = releases(disk_store, SDN)
    assert saved_entries(disk_store, str(first.graph), str(SDN))  # kept when the first release was loaded

    real_designations = sidecar._Scans.designations

    def designations(scans: sidecar._Scans) -> list:
        assert scans._with_predicate is not None, "the store was scanned although the sidecar had the release"
        return real_designations(scans)

    monkeypatch.setattr(sidecar._Scans, "designations", designations)
    load_paths(disk_store, "ofac-sdn-csv", [NEW], published=dt.date(2020, 1, 1))
    assert change_graph_triples(disk_store) == reference_changes()


DAMAGES = ["missing row", "unreadable text", "a changed letter that still parses", "layout 1 row", "no sidecar at all"]


@pytest.mark.parametrize("damage", DAMAGES)
def test_without_usable_entries_the_diff_scans_the_store_with_the_same_answer(
    disk_store: GraphStore, small_bounds: None, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    load_paths(disk_store, "ofac-sdn-csv", [OLD], published=dt.date(2019, 1, 1))
    path = index_path(disk_store)
    assert path is not None
    with sqlite3.connect(path) as conn:
        if damage == "missing row":
            conn.execute("DELETE FROM release_entries")
        elif damage == "unreadable text":
            conn.execute("UPDATE release_entries SET entries = '[[\"1\", 2'")
        elif damage == "a changed letter that still parses":  # only the checksum can tell
            [(blob,)] = conn.execute("SELECT entries FROM release_entries").fetchall()
            text = blob[sidecar._CRC.size :].replace(b"A", b"B")
            assert text != blob[sidecar._CRC.size :] and orjson.loads(text)
            conn.execute("UPDATE release_entries SET entries = ?", (blob[: sidecar._CRC.size] + text,))
        elif damage == "layout 1 row":  # as the previous version wrote it: JSON text, a list of rows
            [first] = releases(disk_store, SDN)
            kept = saved_entries(disk_store, str(first.graph), str(SDN)) or {}
            rows = [[key, d, t, a, lists, values] for key, (values, d, t, a, lists) in kept.items()]
            layout = "1:" + json.dumps(FIELD_CHAINS, sort_keys=True)
            conn.execute("UPDATE release_entries SET layout = ?, entries = ?", (layout, json.dumps(rows)))
    if damage == "no sidecar at all":  # e.g. a read-only file: nothing kept, nothing read
        monkeypatch.setitem(sidecar._CONNECTIONS, disk_store, None)
    scanned = []
    real_designations = sidecar._Scans.designations
    monkeypatch.setattr(
        sidecar._Scans, "designations", lambda self: scanned.append(self._with_predicate) or real_designations(self)
    )
    load_paths(disk_store, "ofac-sdn-csv", [NEW], published=dt.date(2020, 1, 1))
    assert None in scanned  # the first release was read back from the store
    assert change_graph_triples(disk_store) == reference_changes()


def test_a_crash_before_the_entries_are_kept_only_costs_a_scan(tmp_path: Path, small_bounds: None) -> None:
    """Killed after the store's commit, before the name index and the sidecar were written."""
    store_path = tmp_path / "store"
    script = (
        "import datetime as dt, os; from pathlib import Path; "
        "from sanctiongraph.loaders.ofac_sdn_csv import OfacSdnCsvLoader as L; L.expected_records = (1, None); "
        "from sanctiongraph.graph.store import GraphStore; "
        "from sanctiongraph.graph.ingest import ensure_reference, load_paths; "
        f"store = GraphStore(Path({str(store_path)!r})); ensure_reference(store); "
        f"os.environ[{FAULT_ENV!r}] = 'after-drop'; "  # the release's write, not the reference data's
        f"load_paths(store, 'ofac-sdn-csv', [Path({str(OLD)!r})], published=dt.date(2019, 1, 1))"
    )
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=False)
    assert done.returncode == -9, done.stderr  # SIGKILL at the fault point
    store = GraphStore(store_path)
    [first] = releases(store, SDN)  # the release was committed...
    assert saved_entries(store, str(first.graph), str(SDN)) is None  # ...its entries were not kept
    load_paths(store, "ofac-sdn-csv", [NEW], published=dt.date(2020, 1, 1))
    assert change_graph_triples(store) == reference_changes()


def test_reloading_a_release_forgets_the_entries_of_its_old_graph(disk_store: GraphStore, small_bounds: None) -> None:
    load_pair(disk_store)
    load_paths(disk_store, "ofac-sdn-csv", [NEW], published=dt.date(2020, 1, 1))
    path = index_path(disk_store)
    assert path is not None
    with sqlite3.connect(path) as conn:
        kept = {row[0] for row in conn.execute("SELECT graph FROM release_entries")}
    assert kept == {str(r.graph) for r in releases(disk_store, SDN)}


# the real SDN pair ----------------------------------------------------------------------------


def _ent_nums(folder: Path) -> set[str]:
    text = (folder / "sdn.csv").read_text(encoding="ascii").rstrip("\x1a\r\n")
    return {row[0] for row in csv.reader(io.StringIO(text))}


def test_real_sdn_2018_to_2021_over_the_sidecar(tmp_path: Path) -> None:
    old, new = SHARED / "sdn_legacy_csv_2018-12", SHARED / "sdn_legacy_csv_2021-07"
    if not (old.exists() and new.exists()):
        pytest.skip(f"real data not available: {old} or {new} is absent (fresh clone)")
    store = GraphStore(tmp_path / "store")
    ensure_reference(store)
    load_paths(store, "ofac-sdn-csv", [old], published=dt.date(2018, 12, 31))
    load_paths(store, "ofac-sdn-csv", [new], published=dt.date(2021, 7, 7))  # compared over the sidecar
    first, second = releases(store, SDN)
    kept = saved_entries(store, str(first.graph), str(SDN))
    assert kept is not None and set(kept) == _ent_nums(old)
    [summary] = change_sets(store, SDN)
    assert summary["added"] == len(_ent_nums(new) - _ent_nums(old))
    assert summary["removed"] == len(_ent_nums(old) - _ent_nums(new))
    scanned = [release_entries(store, r, SDN) for r in (first, second)]
    by_scans = compare(SDN, first, second, *scanned)
    by_sidecar = compare(SDN, first, second, kept, saved_entries(store, str(second.graph), str(SDN)) or {})
    assert by_sidecar == by_scans and summary["amended"] == len(by_scans.amended)
