"""Name normalisation: legal forms, transliteration, noise words, identifiers."""

from __future__ import annotations

import pytest

from sanctiongraph.resolution.normalize import (
    CORE,
    GENERIC,
    LEGAL,
    EntityKind,
    NameForm,
    could_match,
    identifier_key,
    name_form,
    split_qualifier,
)


def texts(name: str, kind: EntityKind = EntityKind.firm) -> list[str]:
    form = name_form(name, kind)
    assert form is not None
    return [t.text for t in form.tokens]


def roles(name: str) -> dict[str, str]:
    form = name_form(name)
    assert form is not None
    return {t.text: t.role for t in form.tokens}


def test_legal_form_spellings_normalise_to_the_same_tokens() -> None:
    assert texts("Huawei Technologies Co., Ltd.") == texts("HUAWEI TECHNOLOGIES CO LTD")
    assert texts("Siemens Aktiengesellschaft") == texts("Siemens AG")


def test_legal_forms_are_tagged_as_such() -> None:
    assert roles("Siemens AG")["siemens"] == CORE
    assert LEGAL in roles("Siemens AG").values()
    assert LEGAL in roles("ООО Ромашка").values()


def test_cyrillic_is_transliterated() -> None:
    assert "romashka" in texts("ООО Ромашка")


def test_chinese_is_transliterated_with_syllables_joined() -> None:
    assert texts("小米") == ["xiaomi"]


def test_chinese_legal_form_is_stripped_before_transliteration() -> None:
    form = name_form("华为技术有限公司")
    assert form is not None
    assert form.original == "华为技术"
    assert [t.text for t in form.tokens] == ["huaweijishu"]


def test_company_noise_words_are_generic_not_distinctive() -> None:
    found = roles("China Mobile Communications Group Co.")
    assert found["mobile"] == CORE
    assert found["china"] == found["communications"] == found["group"] == GENERIC


def test_person_names_have_no_generic_tokens() -> None:
    form = name_form("ZHANG, Xiaoming", EntityKind.person)
    assert form is not None
    assert {t.role for t in form.tokens} == {CORE}


@pytest.mark.parametrize("name", ["", "   ", "..."])
def test_empty_names_give_nothing(name: str) -> None:
    assert name_form(name) is None


def test_identifiers_are_compacted_and_upper_cased() -> None:
    assert identifier_key("lei", "529900 t8bm49aursdo55") == "529900T8BM49AURSDO55"
    assert identifier_key("registration", "91-4403-00") == "91440300"
    assert identifier_key("imo", "IMO 9074729") == identifier_key("imo", "imo9074729")
    assert identifier_key("tax", " - ") is None


def test_what_follows_a_legal_form_and_a_comma_is_a_qualifier() -> None:
    assert split_qualifier("Akzo Nobel N.V., Arnhem") == ("Akzo Nobel N.V.", "Arnhem")
    assert split_qualifier("Huawei Technologies Co., Ltd.") == ("Huawei Technologies Co., Ltd.", "")
    assert split_qualifier("Schlumberger Technologie, B.V.") == ("Schlumberger Technologie, B.V.", "")
    assert split_qualifier("Alpha Ltd., Beta GmbH") == ("Alpha Ltd., Beta GmbH", "")  # two firms
    assert split_qualifier("N.V, Philips' Gloeilampenfabrieken") == ("N.V, Philips' Gloeilampenfabrieken", "")


def test_names_sharing_no_evidence_are_not_worth_comparing() -> None:
    def form(name: str) -> NameForm:
        found = name_form(name)
        assert found is not None
        return found

    assert could_match(form("Schell plc"), form("Shell plc"))  # last letters
    assert could_match(form("N.V.Philips"), form("Philips N.V."))
    assert could_match(form("PLA"), form("People's Liberation Army"))  # initials
    assert not could_match(form("Honeywell B.V."), form("Whirlpool Europe B.V."))  # a legal form only
