"""Pair scoring: names, generic words, identifiers, kinds, countries and birth dates."""

from __future__ import annotations

from sanctiongraph.resolution.compare import residue_pairs, symbol_pairs
from sanctiongraph.resolution.normalize import EntityKind, name_form
from sanctiongraph.resolution.scoring import FIRM_THRESHOLD, MATCH_THRESHOLD, Record, Scorer, TokenStats, threshold_for

SCORER = Scorer()


def firm(*names: str, lei: str | None = None, countries: tuple[str, ...] = ()) -> Record:
    identifiers = {"lei": frozenset({lei})} if lei else {}
    return Record(names[0], EntityKind.firm, names, identifiers, frozenset(countries))


def person(name: str, born: str | None = None) -> Record:
    return Record(name, EntityKind.person, (name,), birth_dates=frozenset({born} if born else ()))


def score(left: Record, right: Record) -> float:
    return SCORER.compare(left, right).score


def matches(left: Record, right: Record) -> bool:
    result = SCORER.compare(left, right)
    return result.score >= result.threshold


def test_spellings_of_xiaomi_match() -> None:
    spellings = ["Xiaomi Corp.", "Xiaomi Corporation", "XIAOMI CORPORATION", "Xiaomi"]
    for left in spellings:
        for right in spellings:
            assert matches(firm(left), firm(right)), (left, right)


def test_chinese_name_alone_does_not_reach_the_latin_one() -> None:
    # 小米集团 transliterates to "xiaomijituan" (集团 = group is not a legal form): no match on
    # the name; the link must come from an alias or an identifier.
    assert not matches(firm("小米集团"), firm("Xiaomi Corporation"))
    assert matches(firm("小米集团", "Xiaomi Corporation"), firm("Xiaomi Corp."))


def test_chinese_without_its_legal_form_matches_the_pinyin() -> None:
    assert matches(firm("小米有限公司"), firm("Xiaomi Co., Ltd."))


def test_legal_form_variants_match() -> None:
    assert matches(firm("Huawei Technologies Co., Ltd."), firm("HUAWEI TECHNOLOGIES CO LTD"))


def test_cyrillic_matches_its_transliteration() -> None:
    assert matches(firm("ООО Ромашка"), firm("Romashka LLC"))


def test_generic_words_alone_do_not_carry_a_match() -> None:
    result = SCORER.compare(firm("China Mobile Communications Group Co."), firm("China Telecommunications Corp."))
    assert result.score < result.threshold
    assert not matches(firm("Acme Technology Group Corp"), firm("Zenith Technology Group Corp"))


def test_an_extra_distinctive_word_names_another_firm() -> None:
    assert not matches(firm("Huawei"), firm("Huawei Marine Networks"))


def test_different_numbers_are_different_entities() -> None:
    assert not matches(firm("14th Research Institute of CETC"), firm("15th Research Institute of CETC"))


def test_conflicting_leis_veto_a_name_match() -> None:
    without = score(firm("Acme Corp"), firm("Acme Group"))
    result = SCORER.compare(
        firm("Acme Corp", lei="5493001KJTIIGC8Y1R12"), firm("Acme Group", lei="213800D1EI4B9WTWWD28")
    )
    assert result.features["lei"] == "conflict"
    assert result.score < result.threshold
    assert result.score < without


def test_same_lei_decides_despite_different_spelling() -> None:
    result = SCORER.compare(
        firm("Vertex Holdings Ltd", lei="529900T8BM49AURSDO55"),
        firm("VERTEKS INTERNATIONAL TRADING", lei="529900T8BM49AURSDO55"),
    )
    assert result.features["lei"] == "agree"
    assert float(result.features["name"]) < result.threshold
    assert result.score >= result.threshold


def test_a_person_never_matches_a_firm() -> None:
    result = SCORER.compare(person("ZHANG, Xiaoming"), firm("Xiaomi Corporation"))
    assert result.score == 0
    assert result.features["kind"].startswith("conflict")


def test_person_name_order_and_case_do_not_matter() -> None:
    assert matches(person("ZHANG, Xiaoming"), person("Xiaoming Zhang"))


def test_birth_dates_that_differ_lower_the_score() -> None:
    same = score(person("Zhang Xiaoming", "1970-03-02"), person("Xiaoming Zhang", "1970"))
    differ = score(person("Zhang Xiaoming", "1970-03-02"), person("Xiaoming Zhang", "1984-11-20"))
    assert same >= MATCH_THRESHOLD > differ


def test_countries_that_differ_lower_the_score() -> None:
    same = score(firm("Acme Trading", countries=("cn",)), firm("ACME TRADING LTD", countries=("cn",)))
    differ = score(firm("Acme Trading", countries=("cn",)), firm("ACME TRADING LTD", countries=("ru",)))
    assert differ < same


def test_features_name_the_names_that_matched() -> None:
    result = SCORER.compare(firm("Xiaomi Corp.", "Xiaomi"), firm("XIAOMI CORPORATION"))
    assert "names=" in " ".join(result.feature_strings())
    assert result.feature_strings()[0].startswith("name=")


def test_acronyms_one_letter_apart_are_different_bodies() -> None:
    assert not matches(firm("CSCEC"), firm("CNCEC"))
    assert not matches(firm("COMAC"), firm("COMEC"))


def test_a_typo_in_a_long_word_is_forgiven() -> None:
    assert matches(firm("Tactical Missiles Corporation JSC"), firm("Tactical Misiles Corporation JSC"))


def test_a_branch_named_by_place_is_not_the_parent() -> None:
    parent = firm("Semiconductor Manufacturing International Corporation")
    assert not matches(parent, firm("Semiconductor Manufacturing International (Beijing) Corporation"))
    assert not matches(firm("Huawei"), firm("Huawei Holding"))


def test_an_acronym_in_capitals_matches_the_initials() -> None:
    assert matches(firm("PLA"), firm("People's Liberation Army"))
    assert matches(firm("ZRW"), firm("Zhongshan Radar Works"))
    assert not matches(firm("Zrw"), firm("Zhongshan Radar Works"))  # a word, not an acronym
    assert not matches(firm("PLA"), firm("People's Army"))


def test_a_run_of_words_rigour_knows_aligns_as_one() -> None:
    assert matches(firm("U.S. Department of State"), firm("United States Department of State"))
    assert matches(firm("Al Qaeda"), firm("Al-Qa'ida"))
    assert not matches(firm("U.S. Department of State"), firm("United Kingdom Department of State"))


def test_names_made_of_noise_words_match_only_word_for_word() -> None:
    assert matches(firm("Bank of China"), firm("BANK OF CHINA LIMITED"))
    assert not matches(
        firm("Aviation Industry Corporation of China Ltd"),
        firm("China Aerospace Science and Industry Corporation Limited"),
    )


def test_typos_in_words_that_changed_places_are_forgiven() -> None:
    # Once the exact words are paired, the misspelt ones are left in another order.
    assert matches(
        firm("National Aeronautics Administration and Space Administrator"),
        firm("National Aeuonautics Administrator and Space Administration"),
    )


def test_a_word_cut_short_with_a_full_stop_is_an_abbreviation() -> None:
    assert matches(firm("The Regents of the Univ. of Calif."), firm("The Regents of the University of California"))
    assert not matches(firm("Sino Corp"), firm("Sinopec Corp"))  # no full stop: another word


def test_two_forms_of_one_noise_word_match() -> None:
    assert matches(firm("Agriculture Bank of China Limited"), firm("Agricultural Bank of China Limited"))
    assert not matches(firm("Agricultural Bank of China"), firm("Construction Bank of China"))


def test_an_address_after_the_legal_form_is_not_part_of_the_name() -> None:
    assert matches(firm("Whirlpool International B.V., Veldhoven, NL"), firm("WHIRLPOOL INTERNATIONAL B.V."))
    assert matches(firm("Huawei Technologies Co., Ltd., Shenzhen"), firm("HUAWEI TECHNOLOGIES CO LTD"))
    # Without a legal form before the comma the words still name the firm.
    assert not matches(firm("Deutsche Bank, Schweiz"), firm("Deutsche Bank"))


def test_a_word_run_does_not_take_a_word_the_other_name_spells_exactly() -> None:
    # "America" could stand for all of "United States of America"; with "United" on both
    # sides the exact words pair instead, and the misspelt "Staates" still finds "States".
    left = name_form("The United Staates of America, Secretary of the Army")
    right = name_form("The United States of America, Secretary of the Army")
    assert left is not None and right is not None
    aligned = symbol_pairs(left, right) + residue_pairs(left, right, symbol_pairs(left, right))
    pairs = {(left.tokens[a.left[0]].text, tuple(right.tokens[j].text for j in a.right)) for a in aligned}
    assert ("united", ("united",)) in pairs
    assert ("staates", ("states",)) in pairs
    assert ("america", ("america",)) in pairs


def test_an_acronym_in_brackets_is_the_name_again() -> None:
    assert matches(
        firm("Koninklijke Philips Electronics N.V. (KPENV)"), firm("Koninklijke Philips Electronics N.V.")
    )
    assert matches(
        firm("Institut National de la Recherche Agronomique (INRA)"),
        firm("Institut National de la Recherche Agronomique"),
    )
    # Other words in brackets are not: the branch named by place stays apart.
    assert not matches(firm("Deutsche Bank (Schweiz) AG"), firm("Deutsche Bank AG"))


def test_a_short_name_in_brackets_repeating_the_name_is_the_name_again() -> None:
    # The Entity List writes "Huawei Technologies Co., Ltd. (Huawei)"; DoD 1260H writes it without.
    assert matches(firm("Huawei Technologies Co., Ltd. (Huawei)"), firm("Huawei Technologies Co., Ltd."))
    # A bracketed word the name does not already hold is still a different party.
    assert not matches(firm("Huawei Device (Shenzhen) Co., Ltd."), firm("Huawei Device Co., Ltd."))


def test_a_long_word_cut_short_without_a_full_stop_is_an_abbreviation() -> None:
    assert matches(firm("KONINKL PHILIPS ELECTRONICS N.V."), firm("KONINKLIJKE PHILIPS ELECTRONICS, N.V"))


def test_the_threshold_depends_on_the_kinds_compared() -> None:
    assert SCORER.compare(firm("Acme Corp"), firm("Acme Corporation")).threshold == FIRM_THRESHOLD
    assert SCORER.compare(person("Ivan Petrov"), person("Petrov Ivan")).threshold == MATCH_THRESHOLD
    assert threshold_for(EntityKind.firm, EntityKind.other) == MATCH_THRESHOLD


def vessel(name: str, imo: str | None = None) -> Record:
    identifiers = {"imo": frozenset({imo})} if imo else {}
    return Record(name, EntityKind.vessel, (name,), identifiers)


def test_vessel_hull_numbers_are_left_to_the_imo_number() -> None:
    assert matches(vessel("Victory"), vessel("Victory 3"))
    assert matches(vessel("Snow Storm 1"), vessel("Snow Storm 2"))
    assert not matches(vessel("Snow Storm 1", imo="IMO 9116412"), vessel("Snow Storm 2", imo="IMO 9187629"))
    assert not matches(vessel("Lady Leila"), vessel("Lady Rania"))
    # Firms keep their numbers: the 14th and 15th institutes are different bodies.
    assert not matches(firm("Snow Storm 1 LLC"), firm("Snow Storm 2 LLC"))


def test_numbers_in_digits_that_differ_name_different_institutes() -> None:
    # rigour's NUM symbols do not cover "719th"; the digits still differ.
    assert not matches(
        firm("China Shipbuilding Industry Group Co., Ltd. (CSIC) 719th Research Institute"),
        firm("China Shipbuilding Industry Group Co., Ltd. (CSIC) 710th Research Institute"),
    )


def test_an_acronym_many_names_spell_merges_none() -> None:
    shipping = [firm(f"{name} Shipping Company") for name in ("Mehran", "Mersad", "Mighat")]
    scorer = Scorer(TokenStats.from_records([*shipping, firm("MSC")]))
    result = scorer.compare(firm("MSC"), shipping[0])
    assert result.score < result.threshold
    # One expansion, even when two records spell it: the acronym names it.
    same = [shipping[0], firm("MEHRAN SHIPPING COMPANY"), firm("MSC")]
    alone = Scorer(TokenStats.from_records(same)).compare(firm("MSC"), shipping[0])
    assert alone.score >= alone.threshold


def test_one_given_name_alone_never_merges_two_people() -> None:
    assert not matches(person("MUSTAFA"), person("Yaudat Mustafa"))
    assert not matches(person("Bilal"), person("AL-WAFI, Bilal"))


def test_a_shared_city_and_generic_words_do_not_make_two_firms_one() -> None:
    hikvision = firm("Hangzhou Hikvision Digital Technology Co., Ltd.")
    huawei = firm("Hangzhou Huawei Digital Technology Co., Ltd., Hangzhou, Zhejiang, China")
    assert SCORER.compare(hikvision, huawei).score < 0.5  # not even for review


def test_group_members_and_regional_affiliates_are_not_merged() -> None:
    parent = firm("Huawei Technologies Co., Ltd.")
    for other in (
        "Huawei Investment & Holding Co., Ltd.",
        "Huawei Technologies Morocco",
        "Huawei Tech. Investment Co., Limited",
        "Huawei Technologies Co., Ltd., Beijing Research Institute",
    ):
        assert not matches(parent, firm(other)), other
    assert not matches(firm("Huawei Device Co., Ltd."), firm("Huawei Device (Shenzhen) Co., Ltd."))
    assert not matches(firm("Huawei Cloud Guiyang"), firm("Huawei Cloud Shenzhen"))


def test_a_city_and_province_after_the_legal_form_are_an_address() -> None:
    assert matches(firm("Huawei Technologies Service Co., Ltd., Langfang, Hebei"), firm("Huawei Technologies Service"))


def test_an_affiliated_entity_row_is_the_affiliate() -> None:
    row = firm("Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity: Ningbo Huawei Computer & Net Co., Ltd.")
    assert matches(row, firm("Ningbo Huawei Computer & Net Co., Ltd."))
    assert not matches(row, firm("Huawei Technologies Co., Ltd."))


def test_one_firm_name_in_two_countries_is_two_firms() -> None:
    qatar = firm("Huawei Tech Investment Limited", countries=("qa",))
    jordan = firm("Huawei Tech Investment Limited", countries=("jo",))
    assert not matches(qatar, jordan)


def test_two_ofac_entity_numbers_are_two_entities() -> None:
    left = Record("urn:a", EntityKind.firm, ("MB BANK",), authority="us-ofac:1")
    right = Record("urn:b", EntityKind.firm, ("MB BANK",), authority="us-ofac:2")
    same = Record("urn:c", EntityKind.firm, ("MB BANK",), authority="us-ofac:1")
    assert SCORER.compare(left, right).features["authority"].startswith("conflict")
    assert matches(left, same)
