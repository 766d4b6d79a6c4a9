"""Which centre an inbound call goes to: a pure decision over the network policy.

A call to a centre's own number is that centre's. A call to a network number goes to the
centre covering the caller's region, the most specific first (a city centre before its
province's), else to the provincial centre. When the caller's number gives no region
(withheld, foreign, a 400 number), the caller chooses from a menu of centres; no choice
within the time means the provincial centre, so nobody waits on a menu.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from hotline.centres import regions


class RoutedCentre(Protocol):
    """What routing reads of a centre (``CentrePolicy`` is one)."""

    @property
    def code(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def regions(self) -> Sequence[str]: ...
    @property
    def numbers(self) -> Sequence[str]: ...
    @property
    def provincial(self) -> bool: ...


class RoutedNetwork(Protocol):
    """What routing reads of the network (``NetworkPolicy`` is one)."""

    @property
    def centres(self) -> Sequence[RoutedCentre]: ...
    @property
    def shared_numbers(self) -> Sequence[str]: ...


class RouteReason(StrEnum):
    own_number = "own_number"  # the centre's own number was dialled
    region = "region"          # a network number; the caller's region has a centre
    provincial = "provincial"  # a network number; no centre covers the region (or no choice)
    menu = "menu"              # the caller chose from the menu
    ask = "ask"                # no region: the caller is to choose (``centre`` is None)


@dataclass(frozen=True)
class Route:
    centre: str | None
    reason: RouteReason
    region: str | None = None


@dataclass(frozen=True)
class MenuChoice:
    digits: str
    centre: str
    name_zh: str
    name_en: str


@functools.lru_cache(maxsize=512)
def _key(number: str) -> str:
    # A short code (+8612356) is no possible number to phonenumbers: compare its digits.
    # Cached: every call compares the number dialled with every centre's numbers, and
    # parsing them again each time was most of routing's cost.
    return regions.e164(number) or "".join(ch for ch in number if ch.isdigit())


def _same(a: str, b: str) -> bool:
    return bool(a) and _key(a) == _key(b)


def provincial(network: RoutedNetwork) -> str:
    return next((c.code for c in network.centres if c.provincial), network.centres[0].code)


def centre_for_region(network: RoutedNetwork, region: str) -> str | None:
    """The centre covering ``region`` most specifically (a county's centre, then its
    city's, then its province's), or None when no centre covers it."""
    for code in regions.lineage(region):
        for centre in network.centres:
            if code in centre.regions:
                return centre.code
    return None


def route(network: RoutedNetwork, *, called: str, caller: str) -> Route:
    """Where a call from ``caller`` to ``called`` goes (see the module's docstring).

    A called number the network does not list is treated as a network number: a call is
    routed somewhere rather than refused."""
    for centre in network.centres:
        if any(_same(called, n) for n in centre.numbers):
            return Route(centre.code, RouteReason.own_number)
    if len(network.centres) == 1:
        return Route(network.centres[0].code, RouteReason.provincial)
    region = regions.region_of_number(caller) if caller else None
    if region is None:
        return Route(None, RouteReason.ask)
    found = centre_for_region(network, region)
    if found is None:
        return Route(provincial(network), RouteReason.provincial, region)
    return Route(found, RouteReason.region, region)


def menu(network: RoutedNetwork) -> list[MenuChoice]:
    """The region menu: one entry per centre, in the file's order, numbered from 1."""
    return [MenuChoice(str(i), c.code, c.name_zh, c.name_en)
            for i, c in enumerate(network.centres, start=1)]


def choose(network: RoutedNetwork, digits: str) -> Route | None:
    """The caller's answer to the menu: nothing pressed (the time ran out) is the
    provincial centre; digits that name no entry are None (ask again)."""
    digits = digits.strip().rstrip("#")
    if not digits:
        return Route(provincial(network), RouteReason.provincial)
    for choice in menu(network):
        if choice.digits == digits.lstrip("0"):
            return Route(choice.centre, RouteReason.menu)
    return None
