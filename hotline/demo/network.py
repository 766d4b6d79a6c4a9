"""The demo province for ``hotline seed-demo --centres N``: Guangdong's provincial centre
(in Guangzhou) and the centres of its cities, with their GB/T 2260 codes, a number each and a
rollover chain from every city through its regional hub to the provincial centre.

The list is ordered so that any first N centres are a whole network: the hubs come first,
and every centre rolls over to one listed before it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

SHARED_NUMBER = "+864006612356"  # the province's network number (a 400 number)
# Guangzhou, Shenzhen, Foshan, Dongguan, Zhongshan: eight-digit local numbers.
EIGHT_DIGIT_AREAS = frozenset({"20", "755", "757", "769", "760"})


@dataclass(frozen=True)
class DemoCentre:
    code: str
    city_zh: str
    city_en: str
    regions: tuple[str, ...]  # GB/T 2260
    area_code: str
    rollover_to: str

    @property
    def provincial(self) -> bool:
        return not self.rollover_to

    @property
    def number(self) -> str:
        """A landline of the centre's own city: area code and a local number of the city's
        length (eight digits in the largest cities, seven elsewhere)."""
        local = "66123560" if self.area_code in EIGHT_DIGIT_AREAS else "6612356"
        return f"+86{self.area_code}{local}"

    @property
    def name_zh(self) -> str:
        return f"{self.city_zh}心理援助热线"

    @property
    def name_en(self) -> str:
        kind = "Provincial " if self.provincial else ""
        return f"{self.city_en} {kind}Psychological Assistance Hotline"


PROVINCE = [
    # The provincial centre answers Guangzhou's callers and anyone the province cannot place.
    DemoCentre("guangdong", "广东省", "Guangdong", ("440000", "440100"), "20", ""),
    DemoCentre("shenzhen", "深圳市", "Shenzhen", ("440300",), "755", "guangdong"),
    DemoCentre("foshan", "佛山市", "Foshan", ("440600",), "757", "guangdong"),
    DemoCentre("shantou", "汕头市", "Shantou", ("440500",), "754", "guangdong"),
    DemoCentre("zhanjiang", "湛江市", "Zhanjiang", ("440800",), "759", "guangdong"),
    DemoCentre("shaoguan", "韶关市", "Shaoguan", ("440200",), "751", "guangdong"),
    DemoCentre("dongguan", "东莞市", "Dongguan", ("441900",), "769", "shenzhen"),
    DemoCentre("huizhou", "惠州市", "Huizhou", ("441300",), "752", "shenzhen"),
    DemoCentre("zhuhai", "珠海市", "Zhuhai", ("440400",), "756", "foshan"),
    DemoCentre("zhongshan", "中山市", "Zhongshan", ("442000",), "760", "foshan"),
    DemoCentre("jiangmen", "江门市", "Jiangmen", ("440700",), "750", "foshan"),
    DemoCentre("zhaoqing", "肇庆市", "Zhaoqing", ("441200",), "758", "foshan"),
    DemoCentre("meizhou", "梅州市", "Meizhou", ("441400",), "753", "shantou"),
    DemoCentre("chaozhou", "潮州市", "Chaozhou", ("445100",), "768", "shantou"),
    DemoCentre("jieyang", "揭阳市", "Jieyang", ("445200",), "663", "shantou"),
    DemoCentre("shanwei", "汕尾市", "Shanwei", ("441500",), "660", "shantou"),
    DemoCentre("maoming", "茂名市", "Maoming", ("440900",), "668", "zhanjiang"),
    DemoCentre("yangjiang", "阳江市", "Yangjiang", ("441700",), "662", "zhanjiang"),
    DemoCentre("qingyuan", "清远市", "Qingyuan", ("441800",), "763", "shaoguan"),
    DemoCentre("heyuan", "河源市", "Heyuan", ("441600",), "762", "shaoguan"),
    DemoCentre("yunfu", "云浮市", "Yunfu", ("445300",), "766", "zhaoqing"),
]


class NetworkFileConflict(ValueError):
    """A network.toml is there already and describes another network."""


def centres(count: int) -> list[DemoCentre]:
    """The first ``count`` centres of the demo province (1..21)."""
    if not 1 <= count <= len(PROVINCE):
        raise ValueError(f"--centres takes 1 to {len(PROVINCE)} (the demo province has "
                         f"{len(PROVINCE)} centres)")
    return PROVINCE[:count]


def network_toml(count: int) -> str:
    """``schedules/network.toml`` for the first ``count`` centres."""
    lines = ["# The demo province written by `hotline seed-demo --centres N`: edit it, or",
             "# delete it (and the demo database) to go back to a single hotline.",
             f'shared_numbers = ["{SHARED_NUMBER}"]', ""]
    for c in centres(count):
        regions = ", ".join(f'"{r}"' for r in c.regions)
        lines += ["[[centres]]", f'code = "{c.code}"', f'name_zh = "{c.name_zh}"',
                  f'name_en = "{c.name_en}"', f"regions = [{regions}]",
                  'zone = "Asia/Shanghai"', f'numbers = ["{c.number}"]',
                  f"provincial = {'true' if c.provincial else 'false'}",
                  f'rollover_to = "{c.rollover_to}"', ""]
    return "\n".join(lines)


def write_network(schedules: Path, count: int) -> bool:
    """Write ``network.toml`` for ``count`` centres into ``schedules`` unless it is there;
    returns whether it wrote one. A file naming other centres is refused (it is someone's
    network, not the demo's)."""
    path = schedules / "network.toml"
    wanted = [c.code for c in centres(count)]
    if path.exists():
        found = [c.get("code") for c in tomllib.loads(path.read_text()).get("centres", [])]
        if found != wanted:
            raise NetworkFileConflict(
                f"{path} names the centres {', '.join(map(str, found)) or '(none)'}; "
                f"seed-demo --centres {count} seeds {', '.join(wanted)}: move the file away "
                "(or seed a database for the network it describes without --centres)")
        return False
    path.write_text(network_toml(count), encoding="utf-8")
    return True
