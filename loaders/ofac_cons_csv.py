"""OFAC Consolidated (non-SDN) list, legacy CSV set (cons_prim, cons_add, cons_alt, cons_comments).

Same format and mapping as the SDN set. Every entry is on the Consolidated list; entries
whose program belongs to a sub-list (NS-CMIC, SSI, NS-PLC, FSE, NS-MBS) are on that list too.
"""

from __future__ import annotations

from typing import ClassVar

from rdflib import URIRef

from sanctiongraph.loaders.ofac_sdn_csv import OfacLegacyCsvLoader
from sanctiongraph.ontology.ids import reference_iri

# Program code -> the non-SDN sub-list it puts an entry on (keys of our list reference nodes).
PROGRAM_LISTS = {
    "CMIC-EO13959": "us-ofac-ns-cmic",
    "UKRAINE-EO13662": "us-ofac-ssi",
    "NS-PLC": "us-ofac-plc",
    "FSE-IR": "us-ofac-fse",
    "FSE-SY": "us-ofac-fse",
    "FSE-WMD": "us-ofac-fse",
    "FSE-SDGT": "us-ofac-fse",
    "561-Related": "us-ofac-capta",
    "NS-ISA": "us-ofac-ns-mbs",
    "IRAN-EO13846": "us-ofac-ns-mbs",
    "CAATSA - RUSSIA": "us-ofac-ns-mbs",
}


class OfacConsCsvLoader(OfacLegacyCsvLoader):
    """OFAC Consolidated Sanctions List (non-SDN), legacy CSV set (one release per folder)."""

    name = "ofac-cons-csv"
    title = "OFAC Consolidated (non-SDN) list, legacy CSV (cons_prim.csv, cons_add.csv, cons_alt.csv, ...)"
    file_names: ClassVar[dict[str, str]] = {
        "primary": "cons_prim.csv",
        "addresses": "cons_add.csv",
        "aliases": "cons_alt.csv",
        "comments": "cons_comments.csv",
    }
    list_key = "us-ofac-consolidated"
    action_dataset = "us-ofac-cons"
    # The December 2025 release had 442 entries; fewer than 100 means a broken file.
    expected_records = (100, 20_000)

    def lists_for(self, programs: list[str]) -> list[URIRef]:
        keys = {self.list_key} | {PROGRAM_LISTS[p] for p in programs if p in PROGRAM_LISTS}
        return [reference_iri("list", key) for key in sorted(keys)]


LOADER = OfacConsCsvLoader
