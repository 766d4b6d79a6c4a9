"""The routing decision: own number, network number by the caller's region (most specific
centre first, provincial fallback), and the region menu for callers with no region."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from hotline.centres import routing
from hotline.centres.routing import RouteReason


@dataclass(frozen=True)
class Centre:
    code: str
    regions: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    provincial: bool = False
    name_zh: str = "中心"
    name_en: str = "Centre"


@dataclass(frozen=True)
class Network:
    centres: tuple[Centre, ...]
    shared_numbers: tuple[str, ...] = field(default=("+864001234567",))


GD = Network((
    Centre("gd", ("440000",), ("+862012356",), provincial=True),
    Centre("sz", ("440300",), ("+8675512356",)),
    Centre("tianhe", ("440106",)),
    Centre("hk", ("810000",)),
))
NETWORK = "+864001234567"
GUANGZHOU = "+862083331234"   # 020
SHENZHEN = "+8675588881234"   # 0755
SHAOGUAN = "+867518881234"    # 0751: Guangdong, no city centre
BEIJING = "+861065121234"     # outside every centre's regions


@pytest.mark.parametrize("called, centre", [
    ("+862012356", "gd"), ("+8675512356", "sz"),
    ("020 12356", "gd"),  # however the carrier writes it
])
def test_a_centres_own_number_goes_to_that_centre_whoever_calls(called, centre):
    for caller in (SHENZHEN, GUANGZHOU, "anonymous", ""):
        assert routing.route(GD, called=called, caller=caller) == routing.Route(
            centre, RouteReason.own_number)


@pytest.mark.parametrize("caller, centre, reason, region", [
    (SHENZHEN, "sz", RouteReason.region, "440300"),      # the city centre before its province
    (GUANGZHOU, "gd", RouteReason.region, "440100"),     # Guangzhou has none: the province's
    (SHAOGUAN, "gd", RouteReason.region, "440200"),
    ("+8613005401234", "sz", RouteReason.region, "440300"),   # a Shenzhen mobile segment
    (BEIJING, "gd", RouteReason.provincial, "110000"),   # nobody covers Beijing: provincial
    ("+85221234567", "hk", RouteReason.region, "810000"),
])
def test_a_network_number_routes_by_the_callers_region(caller, centre, reason, region):
    assert routing.route(GD, called=NETWORK, caller=caller) == routing.Route(centre, reason, region)


def test_a_county_centre_is_more_specific_than_its_city_and_province():
    net = Network((Centre("gz", ("440100",), provincial=True), Centre("tianhe", ("440106",))))
    assert routing.centre_for_region(net, "440106") == "tianhe"
    assert routing.centre_for_region(net, "440103") == "gz"
    assert routing.centre_for_region(net, "110000") is None


@pytest.mark.parametrize("caller", ["anonymous", "", "+864001234567", "Restricted", "+2665"])
def test_a_caller_with_no_region_is_asked(caller):
    assert routing.route(GD, called=NETWORK, caller=caller) == routing.Route(None, RouteReason.ask)


def test_an_unlisted_called_number_is_routed_as_a_network_number():
    assert routing.route(GD, called="+8610012356", caller=SHENZHEN).centre == "sz"


def test_one_centre_takes_every_call_and_never_asks():
    single = Network((Centre("main", provincial=True),), shared_numbers=())
    for caller in ("anonymous", SHENZHEN):
        assert routing.route(single, called="+8610012356", caller=caller).centre == "main"


def test_the_menu_lists_each_centre_and_its_answer_routes():
    choices = routing.menu(GD)
    assert [(c.digits, c.centre) for c in choices] == [
        ("1", "gd"), ("2", "sz"), ("3", "tianhe"), ("4", "hk")]
    assert routing.choose(GD, "2") == routing.Route("sz", RouteReason.menu)
    assert routing.choose(GD, "2#") == routing.Route("sz", RouteReason.menu)
    # No answer within the time: the provincial centre, not another prompt.
    assert routing.choose(GD, "") == routing.Route("gd", RouteReason.provincial)


@pytest.mark.parametrize("digits", ["9", "0", "12", "*", "abc", "5"])
def test_digits_that_name_no_centre_ask_again(digits):
    assert routing.choose(GD, digits) is None
