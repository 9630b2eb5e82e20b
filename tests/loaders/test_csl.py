"""Tests of the trade.gov Consolidated Screening List loaders (CSV, gzipped CSV and API JSON)."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from sanctiongraph.errors import SourceFormatError
from sanctiongraph.graph.ingest import ensure_reference, load_paths
from sanctiongraph.graph.store import GraphStore
from sanctiongraph.loaders import _csl_names as _names
from sanctiongraph.loaders._csl import SOURCES, parse_id_entry, split_address, split_name
from sanctiongraph.loaders._csl_names import CslName
from sanctiongraph.loaders.base import ACCEPT_TRUNCATED_ENV, TRUNCATED
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import authority_iri, reference_iri

DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # not XSD.date: pytest probes closed namespaces
PREFIX = "PREFIX kg: <https://w3id.org/sanctiongraph/ontology#>\n"
EL_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
EL_ACTION = authority_iri("action", "us-csl-us-bis-entity-list", EL_ID)
CMIC_ACTION = authority_iri("action", "us-csl-us-ofac-ns-cmic", "30947")
HUAWEI_OFAC = authority_iri("company", "us-ofac", "30947")
# Module-scoped fixtures cannot use the function-scoped `shared` fixture, hence the path here.
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def objects(store: GraphStore, subject: URIRef, predicate: URIRef) -> set:
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": subject, "p": predicate})
    return {row["o"] for row in rows}


def designations_per_list(store: GraphStore) -> dict[str, int]:
    rows = store.select(
        PREFIX + "SELECT ?key (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Designation ; kg:onList ?l . "
        "?l kg:listKey ?key } GROUP BY ?key"
    )
    return {str(r["key"]): int(r["n"]) for r in rows}


@pytest.fixture
def csv_fixture(fixtures: Path) -> Path:
    return fixtures / "csl" / "csl_small.csv"


@pytest.fixture
def loaded(store: GraphStore, csv_fixture: Path) -> GraphStore:
    load_paths(store, "csl-csv", [csv_fixture])
    return store


# mapping ---------------------------------------------------------------------------------


def test_entity_list_row_becomes_a_bis_designation(loaded: GraphStore) -> None:
    firm = authority_iri("company", "us-csl", EL_ID)
    assert objects(loaded, EL_ACTION, KG.target) == {firm}
    assert objects(loaded, EL_ACTION, KG.onList) == {reference_iri("list", "us-bis-entity-list")}
    assert objects(loaded, EL_ACTION, KG.imposedBy) == {reference_iri("agency", "us-bis")}
    assert objects(loaded, EL_ACTION, KG.legalBasis) == {reference_iri("law", "us/cfr/t15/pt744/sup4")}
    assert objects(loaded, EL_ACTION, KG.listingDate) == {Literal("2019-05-21", datatype=DATE)}
    assert objects(loaded, EL_ACTION, KG.federalRegisterCitation) == {Literal("84 FR 22961, 85 FR 29852")}
    assert objects(loaded, EL_ACTION, KG.licensePolicy) == {Literal("Presumption of denial.")}
    assert len(objects(loaded, EL_ACTION, KG.sourceUrl)) == 2
    # The Entity List's "x; and y" a.k.a. style loses its "and".
    assert objects(loaded, firm, KG.alias) == {Literal("Huawei"), Literal("Huawei Technologies")}
    assert objects(loaded, firm, KG.country) == {reference_iri("country", "cn")}


def test_cmic_row_uses_the_ofac_ent_num_and_its_dates_from_ids(loaded: GraphStore) -> None:
    assert objects(loaded, CMIC_ACTION, KG.target) == {HUAWEI_OFAC}
    assert objects(loaded, CMIC_ACTION, KG.legalBasis) == {
        reference_iri("law", "us/eo/13959"),
        reference_iri("law", "us/eo/14032"),
    }
    assert objects(loaded, CMIC_ACTION, KG.listingDate) == {Literal("2021-06-03", datatype=DATE)}
    assert objects(loaded, CMIC_ACTION, KG.actionDate) == {Literal("2021-06-03", datatype=DATE)}
    assert objects(loaded, CMIC_ACTION, KG.effectiveDate) == {Literal("2021-08-02", datatype=DATE)}
    assert objects(loaded, CMIC_ACTION, KG.underProgram) == {reference_iri("program", "us-CMIC-EO13959")}
    assert objects(loaded, HUAWEI_OFAC, KG.registrationNumber) == {Literal("914403001922038216")}
    assert objects(loaded, HUAWEI_OFAC, KG.authorityId) == {Literal("30947")}


def test_individual_vessel_and_identifiers(loaded: GraphStore) -> None:
    person = authority_iri("person", "us-ofac", "21944")
    assert KG.Person in objects(loaded, person, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))
    assert objects(loaded, person, KG.birthDate) == {Literal("1973-03-25", datatype=DATE)}
    assert objects(loaded, person, KG.nationality) == {reference_iri("country", "sy")}
    assert objects(loaded, person, KG.passportNumber) == {Literal("N000111")}
    assert objects(loaded, person, KG.birthPlace) == {Literal("Damascus, Syria")}
    vessel = authority_iri("vessel", "us-ofac", "9517")
    assert objects(loaded, vessel, KG.imoNumber) == {Literal("9000001")}
    assert objects(loaded, vessel, KG.idNumber) == {Literal("Call Sign: ZZAB1")}


def test_untyped_rows_are_firms_unless_clearly_people(loaded: GraphStore) -> None:
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    el_firm = authority_iri("company", "us-csl", EL_ID)
    assert objects(loaded, el_firm, rdf_type) == {KG.Company}
    # A Denied Persons entry without a legal form in its name is a person (as in bis-dpl).
    dpl_person = authority_iri("person", "us-csl", "deb7a1d5743a85c354ca1a2c7f2664e2104b32d7")
    assert objects(loaded, dpl_person, rdf_type) == {KG.Person}
    isn = authority_iri("company", "us-csl", "9d858bace976983934c359d72028d1b2750715f8")
    assert objects(loaded, isn, rdf_type) == {KG.Company}


def test_unmapped_values_are_audited_not_dropped(store: GraphStore, csv_fixture: Path) -> None:
    report = load_paths(store, "csl-csv", [csv_fixture])[0]
    assert report.read == report.loaded == 6
    # "circa 1970" is not a date; gender and target type are sanctions information, not ids.
    assert report.unmapped["dates_of_birth (not a date)"] == 1
    assert report.unmapped["ids: Gender"] == 1
    assert report.unmapped["ids: Target Type"] == 1
    assert report.unmapped["standard_order"] == 1


def test_non_ofac_programs_get_csl_program_nodes(loaded: GraphStore) -> None:
    action = authority_iri("action", "us-csl-us-state-isn", "9d858bace976983934c359d72028d1b2750715f8")
    (program,) = objects(loaded, action, KG.underProgram)
    assert objects(loaded, program, KG.programKey) == {Literal("E.O. 13382")}
    assert objects(loaded, program, KG.administeredBy) == {reference_iri("agency", "us-isn")}


def test_release_of_the_csl_published_on_the_newest_start_date(store: GraphStore, csv_fixture: Path) -> None:
    report = load_paths(store, "csl-csv", [csv_fixture])[0]
    assert report.published == dt.date(2022, 8, 24)
    assert objects(store, report.document, DCTERMS.isVersionOf) == {reference_iri("list", "us-csl")}
    again = load_paths(store, "csl-csv", [csv_fixture], published=dt.date(2022, 9, 1))[0]
    assert again.published == dt.date(2022, 9, 1)


def test_gzipped_csv_gives_the_same_graph(store: GraphStore, csv_fixture: Path, tmp_path: Path) -> None:
    gz = tmp_path / "csl_small.csv.gz"
    gz.write_bytes(gzip.compress(csv_fixture.read_bytes()))
    plain = load_paths(store, "csl-csv", [csv_fixture])[0]
    zipped = load_paths(store, "csl-csv", [gz])[0]
    # Same triples but for the document each fact cites (the two files hash differently).
    unzipped = {
        tuple(zipped.document if t == plain.document else t for t in triple) for triple in store.triples(plain.graph)
    }
    assert unzipped == set(store.triples(zipped.graph))


def test_json_results_map_to_the_same_nodes(store: GraphStore, fixtures: Path) -> None:
    report = load_paths(store, "csl-json", [fixtures / "csl" / "csl_api_small.json"])[0]
    assert report.read == report.loaded == 3
    assert objects(store, EL_ACTION, KG.listingDate) == {Literal("2019-05-21", datatype=DATE)}
    assert objects(store, CMIC_ACTION, KG.target) == {HUAWEI_OFAC}
    assert objects(store, CMIC_ACTION, KG.listingDate) == {Literal("2021-06-03", datatype=DATE)}
    assert objects(store, HUAWEI_OFAC, KG.registrationNumber) == {Literal("914403001922038216")}
    firm = authority_iri("company", "us-csl", EL_ID)
    assert objects(store, firm, KG.address) == {Literal("Bantian Huawei Base, Shenzhen, Guangdong")}
    person = authority_iri("person", "us-ofac", "21944")
    assert objects(store, person, KG.passportNumber) == {Literal("N000111")}
    assert objects(store, person, KG.address) == set()  # the address is only a country


@pytest.mark.parametrize(
    ("entry", "kind", "value", "country"),
    [
        (
            "CN, 914403001922038216, Unified Social Credit Code (USCC)",
            "Unified Social Credit Code (USCC)",
            "914403001922038216",
            "CN",
        ),
        (
            "Unified Social Credit Code (USCC), 9111000071093019X7, CN",
            "Unified Social Credit Code (USCC)",
            "9111000071093019X7",
            "CN",
        ),
        ("www.cbr.ru, Website", "Website", "www.cbr.ru", None),
        ("Issuer Name, China Telecom Co., Ltd", "Issuer Name", "China Telecom Co., Ltd", None),
        ("13 Jul 1990, Organization Established Date", "Organization Established Date", "13 Jul 1990", None),
    ],
)
def test_id_entries_in_both_orders(entry: str, kind: str, value: str, country: str | None) -> None:
    parsed = parse_id_entry(entry)
    assert (parsed.kind, parsed.value, parsed.country) == (kind, value, country)


# bad input -------------------------------------------------------------------------------


def _assert_fails_unchanged(store: GraphStore, loader: str, path: Path, *needles: str) -> None:
    before, graphs = len(store), store.graph_names()
    with pytest.raises(SourceFormatError) as caught:
        load_paths(store, loader, [path])
    message = str(caught.value)
    assert path.name in message
    for needle in needles:
        assert needle in message
    assert len(store) == before and store.graph_names() == graphs


def test_empty_csv_fails(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n")
    _assert_fails_unchanged(store, "csl-csv", path, "empty")


def test_wrong_columns_fail_on_line_1(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("_id,source,name\n1,x,y\n")
    _assert_fails_unchanged(store, "csl-csv", path, ":1:", "missing column")


def test_wrong_encoding_names_the_line(store: GraphStore, csv_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    lines = csv_fixture.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"ABBAS", b"ABB\xc4S")
    path.write_bytes(b"\n".join(lines))
    _assert_fails_unchanged(store, "csl-csv", path, ":4:", "utf-8")


def test_unknown_source_is_a_structural_surprise(store: GraphStore, csv_fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "unknown.csv"
    path.write_text(csv_fixture.read_text() + _row_with_source("Some New List"))
    _assert_fails_unchanged(store, "csl-csv", path, ":8:", "unknown CSL source")


def test_short_row_in_the_middle_fails(store: GraphStore, csv_fixture: Path, tmp_path: Path) -> None:
    lines = csv_fixture.read_text().splitlines()
    lines[2] = lines[2][:60]
    path = tmp_path / "short.csv"
    path.write_text("\n".join(lines) + "\n")
    _assert_fails_unchanged(store, "csl-csv", path, ":3:", "expected 29 cells")


def _cut_in_last_row(csv_fixture: Path, tmp_path: Path, within: int = 40) -> tuple[Path, int]:
    text = csv_fixture.read_text()
    start = text.rindex("\n", 0, len(text) - 1) + 1
    path = tmp_path / "cut.csv"
    path.write_text(text[: start + within])
    return path, text.count("\n", 0, start) + 1


@pytest.mark.parametrize("within", [40, 3])  # inside a quoted cell, and between cells
def test_file_cut_off_in_its_last_row_fails_naming_file_and_line(
    store: GraphStore, csv_fixture: Path, tmp_path: Path, within: int
) -> None:
    path, line = _cut_in_last_row(csv_fixture, tmp_path, within)
    _assert_fails_unchanged(store, "csl-csv", path, f":{line}:", "cut short")


def test_a_cut_last_row_the_user_accepts_is_skipped_and_counted(
    store: GraphStore, csv_fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ACCEPT_TRUNCATED_ENV, "1")
    path, _ = _cut_in_last_row(csv_fixture, tmp_path)
    report = load_paths(store, "csl-csv", [path])[0]
    rows = csv_fixture.read_text().count("\n") - 1
    assert report.read == rows and report.loaded == rows - 1
    assert report.skipped == {TRUNCATED: 1}


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_nul_byte_fails_naming_file_and_line(
    store: GraphStore, csv_fixture: Path, tmp_path: Path, gzipped: bool
) -> None:
    lines = csv_fixture.read_bytes().split(b"\n")
    lines[2] = lines[2][:30] + b"\x00" + lines[2][30:]
    data = b"\n".join(lines)
    path = tmp_path / ("nul.csv.gz" if gzipped else "nul.csv")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    _assert_fails_unchanged(store, "csl-csv", path, ":3:", "NUL")


def test_a_gzip_bomb_fails_before_it_is_inflated(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONGRAPH_MAX_DOCUMENT_BYTES", str(1 << 20))
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(b"_id," + b"x" * (8 << 20)))
    _assert_fails_unchanged(store, "csl-csv", path, "decompresses to over 1.0 MiB")


def test_truncated_gzip_fails(store: GraphStore, csv_fixture: Path, tmp_path: Path) -> None:
    data = gzip.compress(csv_fixture.read_bytes())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    _assert_fails_unchanged(store, "csl-csv", path, "gzip")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ('{"results": [', "cut short"),
        ('{"results": [}', "not valid JSON"),
        ('{"results": []}\x00', "NUL"),
        ('[{"name": "x"}]', '"results" list'),
        ('{"results": [{"id": "1", "source": "Nowhere List", "name": "x"}]}', "unknown CSL source"),
        ('{"results": [{"id": "1", "source": "SSI", "addresses": "x"}]}', "lists of objects"),
    ],
)
def test_bad_json_fails_unchanged(store: GraphStore, tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    _assert_fails_unchanged(store, "csl-json", path, needle)


def _row_with_source(source: str) -> str:
    return f'x1,"{source}",,,,Someone,' + "," * 22 + "\n"


# real files ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csl_2022() -> tuple[GraphStore, object]:
    """The full 2022-05 CSL, loaded once for the module (about 14k rows)."""
    path = SHARED / "official" / "trade_gov_csl" / "consolidated_2022-05.csv.gz"
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (fresh clone)")
    graph_store = GraphStore(None)
    ensure_reference(graph_store)
    report = load_paths(graph_store, "csl-csv", [path])[0]
    return graph_store, report


def test_2022_counts_per_source_match_the_readme(csl_2022: tuple) -> None:
    store, report = csl_2022
    assert report.read == report.loaded == 14_160
    assert report.published == dt.date(2022, 4, 21)
    counts = designations_per_list(store)
    # The README's rows per source; CAPTA has 53 rows but ent_num 15268 twice, so 52 designations.
    assert counts == {
        "us-ofac-sdn": 10_026,
        "us-bis-entity-list": 2_001,
        "us-state-dtc": 727,
        "us-bis-dpl": 462,
        "us-ofac-ssi": 290,
        "us-bis-uvl": 201,
        "us-state-isn": 163,
        "us-ofac-plc": 78,
        "us-bis-meu": 71,
        "us-ofac-ns-cmic": 68,
        "us-ofac-capta": 52,
        "us-ofac-ns-mbs": 17,
        "us-ofac-fse": 3,
    }


def test_2022_huawei_on_the_entity_list_and_cmic(csl_2022: tuple) -> None:
    store, _ = csl_2022
    rows = store.select(
        PREFIX + "SELECT ?date WHERE { ?a kg:onList ?list ; kg:target ?t ; kg:listingDate ?date . "
        "?t kg:name ?name ; kg:address ?place }",
        # Listed as "Huawei Technologies Co. Ltd., Tsim Sha Tsui": the place is split off the name.
        {
            "list": reference_iri("list", "us-bis-entity-list"),
            "name": "Huawei Technologies Co. Ltd.",
            "place": "Tsim Sha Tsui",
        },
    )
    assert {r["date"] for r in rows} == {Literal("2019-05-21", datatype=DATE)}
    assert objects(store, CMIC_ACTION, KG.target) == {HUAWEI_OFAC}
    assert objects(store, HUAWEI_OFAC, KG.name) == {Literal("HUAWEI TECHNOLOGIES CO., LTD.")}
    assert objects(store, CMIC_ACTION, KG.listingDate) == {Literal("2021-06-03", datatype=DATE)}


def test_2022_every_source_string_is_known(csl_2022: tuple) -> None:
    store, _ = csl_2022
    assert set(designations_per_list(store)) == {s.list_key for s in SOURCES.values()}


def test_2023_subset_skips_repeated_header_and_cut_off_row(shared: type, monkeypatch: pytest.MonkeyPatch) -> None:
    path = shared.path("official", "trade_gov_csl", "csl_2023-11_subset.csv")
    store = GraphStore(None)
    with pytest.raises(SourceFormatError, match="cut short"):  # by default a cut file fails
        load_paths(store, "csl-csv", [path])
    monkeypatch.setenv(ACCEPT_TRUNCATED_ENV, "1")
    report = load_paths(store, "csl-csv", [path])[0]
    assert report.skipped == {"repeated header row": 1, TRUNCATED: 1}
    counts = designations_per_list(store)
    # The README counts 1,738 SDN rows, the last of which (line 4233) is cut off mid-address.
    assert counts["us-ofac-sdn"] == 1_737
    assert counts["us-bis-entity-list"] == 919
    assert counts["us-bis-dpl"] == 577
    assert counts["us-ofac-ns-cmic"] == 68
    assert sum(counts.values()) == 4_226
    # This extract writes ids type first ("Listing Date (CMIC), 2021-06-03").
    telecom = authority_iri("action", "us-csl-us-ofac-ns-cmic", "30882")
    assert objects(store, telecom, KG.listingDate) == {Literal("2021-06-03", datatype=DATE)}
    firm = authority_iri("company", "us-ofac", "30882")
    assert Literal("CHA US") in objects(store, firm, KG.ticker)
    assert Literal("US1694261033") in objects(store, firm, KG.isin)
    assert objects(store, firm, KG.registrationNumber) == {Literal("9111000071093019X7")}
    assert report.published == dt.date(2023, 11, 16)


def test_json_folder_leaves_out_fetch_sidecars(store: GraphStore, fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "consolidated.json").write_bytes((fixtures / "csl" / "csl_api_small.json").read_bytes())
    (tmp_path / "consolidated.json.meta.json").write_text('{"url": "https://example.test/consolidated.json"}')
    reports = load_paths(store, "csl-json", [tmp_path])
    assert [r.source for r in reports] == ["consolidated.json"]


# names that state a tie or a place -------------------------------------------------------


@pytest.mark.parametrize(
    ("listed", "name", "other", "kind", "address"),
    [
        ("Acme Holdings Co., Ltd. (Acme).  Affiliated Entity:  Acme Devices Co., Ltd.",
         "Acme Devices Co., Ltd.", "Acme Holdings Co., Ltd. (Acme)", "affiliated entity", None),
        ("Acme Holdings Co., Ltd. (Acme). Affiliated Entity: Acme Co., Ltd., Beijing Research Institute",
         "Acme Co., Ltd., Beijing Research Institute", "Acme Holdings Co., Ltd. (Acme)", "affiliated entity", None),
        ("Beta Optics Co., Ltd. (a subordinate institute of CETC-7)",
         "Beta Optics Co., Ltd.", "CETC-7", "subordinate of", None),
        ("Atomic Energy Commission (AEC), and subordinate entity National Lab (NL) ",
         "National Lab (NL)", "Atomic Energy Commission (AEC)", "subordinate of", None),
        ("Gamma Trading Co., Ltd., Hangzhou, Zhejiang, China", "Gamma Trading Co., Ltd.", None, None,
         "Hangzhou, Zhejiang, China"),
        ("Delta Tech Co. Ltd., Tsim Sha Tsui", "Delta Tech Co. Ltd.", None, None, "Tsim Sha Tsui"),
        ("Epsilon Trade LLC and any successor, sub-unit, or subsidiary thereof", "Epsilon Trade LLC", None, None, None),
        ("Zeta Tools Ltd. (ZT)", "Zeta Tools Ltd. (ZT)", None, None, None),
        ("ZHANG, Xiaoming", "ZHANG, Xiaoming", None, None, None),
    ],
)  # fmt: skip
def test_split_name(listed: str, name: str, other: str | None, kind: str | None, address: str | None) -> None:
    parsed = split_name(listed)
    assert (parsed.name, parsed.other, parsed.kind, parsed.address) == (name, other, kind, address)


# The str-method fast paths agree with the regexes they stand for --------------------------

_TRAILING_COUNTRY = re.compile(r"(?:^|,\s*)([A-Z]{2})\s*$")
_ADDRESS_TEXT = st.lists(st.sampled_from([*"AZaz ,.-\t\u00a0\u0130", "BY", ", ", " RU"]), max_size=12).map("".join)


def _address_by_regex(text: str) -> tuple[str, str | None]:
    text = text.strip()
    match = _TRAILING_COUNTRY.search(text)
    return (text, None) if not match else (text[: match.start()].strip().rstrip(","), match.group(1))


@given(_ADDRESS_TEXT)
def test_split_address_agrees_with_the_trailing_country_regex(text: str) -> None:
    address = split_address(text)
    assert (address.line, address.country) == _address_by_regex(text)


_NAME_TEXT = st.lists(
    st.sampled_from(
        ["X Co., Ltd.", "Affiliated Entity:", "AFFILIATED ENTITIES :", "(a subordinate institute of Y)", "and",
         "subordinate entity", "AND ANY SUCCESSOR", "and its subsidiaries", ",", "Beijing", "Aff\u0131liated",
         "Entity:", "Z (ZZ).", "\u017fubordinate"]
    ),
    max_size=8,
).map(" ".join)  # fmt: skip


def _split_name_by_regex(text: str) -> CslName:
    """split_name as written before its prefilter: every pattern tried on every name."""
    text = " ".join(text.split())
    other = kind = scope = None
    if match := _names._AFFILIATED.match(text):
        text, other, kind = match["name"], _names._strip_stop(match["other"]), "affiliated entity"
    elif match := _names._SUBORDINATE_OF.match(text):
        text, other, kind = match["name"], match["other"].strip(), "subordinate of"
    elif match := _names._AND_SUBORDINATE.match(text):
        text, other, kind = match["name"], match["other"].strip(" ,"), "subordinate of"
    if match := _names._SCOPE.search(text):
        text, scope = text[: match.start()], match.group(0).strip(" ,")
    name, address = _names.split_place(text.strip().rstrip(","))
    return CslName(name, other, kind, address, scope)


@given(_NAME_TEXT)
def test_split_name_prefilter_changes_no_answer(text: str) -> None:
    """split_name skips a pattern for an ASCII name without its words: never a different answer."""
    assert split_name(text) == _split_name_by_regex(text)
