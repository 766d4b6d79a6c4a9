"""Typed form of ``schedules/network.toml``: the centres of a network and how calls move
between them.

The file is optional. Without it the deployment is one centre, ``main``, in the hotline's own
zone: everything looks and behaves as a single hotline. With it, each centre names the regions
(GB/T 2260 codes) it covers, the numbers it answers, and the centre that takes its calls when
it cannot (``rollover_to``); one centre is provincial, the fallback for unknown regions.
"""

from __future__ import annotations

import re
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hotline.centres.regions import is_region_code

E164 = re.compile(r"\+[1-9]\d{4,14}")
DEFAULT_CODE = "main"


class CentrePolicy(BaseModel):
    """One centre of the network."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9-]{1,20}$")
    name_zh: str = Field(default="心理援助热线", max_length=120)
    name_en: str = Field(default="Psychological assistance hotline", max_length=120)
    regions: tuple[str, ...] = ()
    # Empty: the hotline's zone (HOTLINE_TIMEZONE).
    zone: str = Field(default="", max_length=60)
    numbers: tuple[str, ...] = ()
    provincial: bool = False
    rollover_to: str = ""
    policy_dir: str = Field(default="", max_length=200)

    @field_validator("regions")
    @classmethod
    def _region_codes(cls, regions: tuple[str, ...]) -> tuple[str, ...]:
        bad = [r for r in regions if not is_region_code(r)]
        if bad:
            raise ValueError(f"region codes are 6-digit GB/T 2260 codes of divisions in force, "
                             f"and {', '.join(map(repr, bad))} is not: use the code of a "
                             "province, city or county, e.g. \"440000\" (Guangdong) or "
                             "\"440100\" (Guangzhou); hotline/centres/gbt2260.csv lists them")
        return regions

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        if zone:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {zone!r}: use an IANA name such as "
                                 "\"Asia/Shanghai\"") from None
        return zone

    @field_validator("numbers")
    @classmethod
    def _e164(cls, numbers: tuple[str, ...]) -> tuple[str, ...]:
        bad = [n for n in numbers if not E164.fullmatch(n)]
        if bad:
            raise ValueError(f"numbers are E.164, e.g. \"+862012356\" (got "
                             f"{', '.join(map(repr, bad))})")
        return numbers


class NetworkPolicy(BaseModel):
    """The whole network; ``centres`` defaults to the one centre of a single hotline."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    shared_numbers: tuple[str, ...] = ()
    centres: tuple[CentrePolicy, ...] = (CentrePolicy(code=DEFAULT_CODE, provincial=True),)

    @field_validator("shared_numbers")
    @classmethod
    def _e164(cls, numbers: tuple[str, ...]) -> tuple[str, ...]:
        return CentrePolicy._e164(numbers)

    @model_validator(mode="after")
    def _consistent(self) -> NetworkPolicy:
        if not self.centres:
            raise ValueError("add at least one [[centres]] table (or remove network.toml for "
                             "a single hotline)")
        codes = [c.code for c in self.centres]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"centres.code: {', '.join(twice)} used twice: give each centre "
                             "its own code")
        claimed: dict[str, str] = {n: "shared_numbers" for n in self.shared_numbers}
        if len(claimed) < len(self.shared_numbers):
            raise ValueError("shared_numbers: a number is listed twice: list it once")
        for centre in self.centres:
            for number in centre.numbers:
                if number in claimed:
                    raise ValueError(f"centres.numbers: {number} is claimed by {claimed[number]} "
                                     f"and by centre {centre.code!r}: one number belongs to "
                                     "one centre (or to shared_numbers)")
                claimed[number] = f"centre {centre.code!r}"
        provincial = [c.code for c in self.centres if c.provincial]
        if len(provincial) != 1:
            raise ValueError(f"centres.provincial: exactly one centre must be provincial (the "
                             f"fallback for unknown regions); got {len(provincial)}"
                             + (f" ({', '.join(provincial)})" if provincial else ""))
        for centre in self.centres:
            if centre.rollover_to and centre.rollover_to not in codes:
                raise ValueError(f"centres.rollover_to: centre {centre.code!r} rolls over to "
                                 f"unknown centre {centre.rollover_to!r}: use one of "
                                 f"{', '.join(codes)} or \"\"")
        for centre in self.centres:
            self._chain(centre.code)
        return self

    def _chain(self, code: str) -> list[str]:
        by_code = {c.code: c for c in self.centres}
        chain = [code]
        while nxt := by_code[chain[-1]].rollover_to:
            if nxt in chain:
                raise ValueError(f"centres.rollover_to: the rollover order has a cycle "
                                 f"({' -> '.join([*chain, nxt])}): end it with \"\" on one "
                                 "centre")
            chain.append(nxt)
        return chain

    def centre(self, code: str) -> CentrePolicy:
        """The centre with ``code``; KeyError for a code the network does not have."""
        for centre in self.centres:
            if centre.code == code:
                return centre
        raise KeyError(code)

    @property
    def provincial(self) -> CentrePolicy:
        """The provincial centre: the fallback for unknown regions (and the default owner)."""
        return next(c for c in self.centres if c.provincial)

    def by_number(self, e164: str) -> CentrePolicy | None:
        """The centre whose own number ``e164`` is (None for shared or unknown numbers)."""
        return next((c for c in self.centres if e164 in c.numbers), None)

    def rollover_chain(self, code: str) -> list[str]:
        """The centres that take a call of ``code``'s that it cannot answer, in order (the
        centre itself first)."""
        self.centre(code)
        return self._chain(code)


class NetworkPolicies(Protocol):
    """What the centres read of the operating policy."""

    @property
    def network(self) -> NetworkPolicy: ...
