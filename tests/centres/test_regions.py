"""GB/T 2260 codes and the region of a caller's number, with real numbering-plan prefixes
(landline area codes and mobile segments as the geocoder knows them)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hotline.centres import regions
from hotline.centres.policy import CentrePolicy


@pytest.mark.parametrize("code", ["110000", "440000", "440100", "440106", "429004", "540300",
                                  "810000", "710000"])
def test_codes_in_force_are_region_codes(code):
    assert regions.is_region_code(code)


@pytest.mark.parametrize("code", [
    "440199",   # six digits, not a division
    "130171",   # the statistics bureau's development zone, not in GB/T 2260
    "110100",   # the bureau's placeholder "市辖区"
    "000000", "44000", "4400000", "广东", 440000, None, "",
])
def test_anything_else_is_not(code):
    assert not regions.is_region_code(code)


def test_names_in_both_languages_and_parents():
    assert regions.name("440100") == "广州市"
    assert regions.name("440100", "en") == "Guangzhou"
    assert regions.name("440000", "en") == "Guangdong"
    # A county the geocoder has no English name for keeps its Chinese one.
    assert regions.name("440106", "en") == regions.name("440106") == "天河区"
    assert regions.name("999999") == ""
    assert regions.parents("440106") == ["440100", "440000"]
    assert regions.parents("440100") == ["440000"]
    assert regions.parents("440000") == []
    # 仙桃 is a county-level city directly under Hubei province: no city between.
    assert regions.parents("429004") == ["420000"]
    assert regions.lineage("440106") == ["440106", "440100", "440000"]


@pytest.mark.parametrize("number, code", [
    ("+862083331234", "440100"),    # 020: Guangzhou landline
    ("+8675588881234", "440300"),   # 0755: Shenzhen landline
    ("+861065121234", "110000"),    # 010: Beijing (a municipality: the province-level code)
    ("+8613800138000", "110000"),   # China Mobile's service number, a Beijing segment
    ("+8613000401234", "440100"),   # mobile segment 1300004: Guangzhou
    ("+8613005401234", "440300"),   # mobile segment 130054: Shenzhen
    ("+8613005931234", "450200"),   # "广西柳州市": Guangxi by its short name
    ("+8613228951234", "540300"),   # "西藏昌都地区": since 2014 昌都市
    ("+8613035201234", "420600"),   # "湖北省襄樊市": renamed 襄阳市 in 2010
    ("+867285551234", "420000"),    # 0728 is shared by 仙桃, 潜江, 天门: the province
    ("+85221234567", "810000"),     # Hong Kong
])
def test_the_region_of_a_number(number, code):
    assert regions.region_of_number(number) == code


@pytest.mark.parametrize("number", ["", "anonymous", "+266696687", "Restricted", "+86400123456",
                                    "+864001234567", "+14155550100", "+86 1", "+8613"])
def test_a_number_with_no_place_has_no_region(number):
    assert regions.region_of_number(number) is None


@pytest.mark.parametrize("code", ["440199", "130171", "110100", "4401"])
def test_network_toml_refuses_a_code_not_in_gbt2260(code):
    with pytest.raises(ValidationError, match=f"'{code}' is not"):
        CentrePolicy(code="x", regions=("440000", code))
    assert CentrePolicy(code="x", regions=("440000", "440106")).regions == ("440000", "440106")
