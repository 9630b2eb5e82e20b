"""OFAC legacy-format helpers: nulls, programs, countries, dates and the remarks parser."""

from __future__ import annotations

import pytest

from sanctiongraph.loaders._ofac import (
    country_code,
    parse_ofac_date,
    parse_remarks,
    split_programs,
    split_remarks,
    value,
)
from sanctiongraph.ontology import KGO


def test_null_cells_become_empty() -> None:
    assert value("-0- ") == value("-0-") == ""
    assert value(" ACME ") == "ACME"


def test_multi_program_entries_split_on_bracket_space_bracket() -> None:
    assert split_programs("SDGT] [IFSR] [IRGC") == ["SDGT", "IFSR", "IRGC"]
    assert split_programs("CAATSA - RUSSIA") == ["CAATSA - RUSSIA"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("Korea, North", "kp"), ("Congo, Democratic Republic of the", "cd"), ("Burma", "mm"), ("undetermined", None)],
)
def test_ofac_country_names_map_to_iso_codes(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_ofac_dates_keep_their_precision() -> None:
    assert parse_ofac_date("03 Jun 2021") == "2021-06-03"
    assert parse_ofac_date("Jun 2021") == "2021-06"
    assert parse_ofac_date("1960") == "1960"
    assert parse_ofac_date("1950 to 1952") is None


def test_remarks_split_on_semicolons_and_drop_the_final_stop() -> None:
    assert split_remarks("a.k.a. 'BNC'; DOB 1960.") == ["a.k.a. 'BNC'", "DOB 1960"]


def test_remarks_parser_sorts_facts_and_keeps_the_rest_for_audit() -> None:
    remarks = parse_remarks(
        "a.k.a. 'X CO'; f.k.a. 'OLD X'; DOB 10 Dec 1948; nationality Iran; Linked To: Y LTD.; "
        "Listing Date (CMIC) 16 Dec 2021; Effective Date (CMIC) 14 Feb 2022; "
        "Secondary sanctions risk: section 1245; Chamber of Commerce Number 5555 (Netherlands); Telephone 1."
    )
    assert remarks.literals == [
        (KGO.alias, "X CO"),
        (KGO.previousName, "OLD X"),
        (KGO.idNumber, "Chamber of Commerce Number: 5555 (Netherlands)"),
    ]
    assert remarks.birth_dates == ["10 Dec 1948"]
    assert remarks.nationalities == ["Iran"]
    assert remarks.linked_to == ["Y LTD."]  # as written; lookups ignore a final stop
    assert (remarks.listing_date, remarks.effective_date) == ("2021-12-16", "2022-02-14")
    assert remarks.notes == ["Secondary sanctions risk: section 1245"]
    assert remarks.unparsed == ["Telephone 1"]


def test_a_legal_entity_number_is_an_lei_only_when_it_looks_like_one() -> None:
    assert parse_remarks("Legal Entity Number 253400WSS48YWMBUA688").literals == [(KGO.leiCode, "253400WSS48YWMBUA688")]
    assert parse_remarks("Legal Entity Number 851683897 (Netherlands)").literals == [
        (KGO.idNumber, "Legal Entity Number: 851683897 (Netherlands)")
    ]


def test_quoted_names_match_case_insensitively_even_through_the_prefix_guard() -> None:
    # U+212A KELVIN SIGN matches "k" under re.IGNORECASE; the cheap startswith guard must keep it.
    remarks = parse_remarks("A.\u212a.A. 'X CO'; F.K.A. OLD X")
    assert remarks.literals == [(KGO.alias, "X CO"), (KGO.previousName, "OLD X")]


def test_an_identifier_drops_the_bracketed_issuer_and_the_spaces_before_it() -> None:
    assert parse_remarks("Passport A123 \t (Iran); Tax ID No. 9 (x) (Peru)").literals == [
        (KGO.passportNumber, "A123"),
        (KGO.taxNumber, "9"),
    ]
