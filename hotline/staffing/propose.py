"""The ``coverage.toml`` that the forecast calls for, as a unified diff for a person to read.

Only operator numbers change: the weekly table gets one rule per run of hours where demand
needs more than the ``[default]`` floor (the legal minimum of seats); rules for other
positions and every dated rule stay as they are. Nothing is written: a supervisor reviews
the diff and edits the file, so the policy stays a reviewed, versioned decision.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import defaultdict
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from hotline import policies as policy_files
from hotline.config import Settings
from hotline.db import make_engine, utcnow
from hotline.roster.policy import WEEKDAYS, CoveragePolicy, CoverageRule, DateSpan, Position
from hotline.staffing.forecast import MAX_WEEKS, ForecastRow, forecast


def _span(span: DateSpan) -> str:
    fmt = "%m-%d" if span.yearly else "%Y-%m-%d"
    first, last = span.first.strftime(fmt), span.last.strftime(fmt)
    return first if first == last else f"{first}..{last}"


def _rule_toml(rule: CoverageRule, counts: dict[Position, int]) -> list[str]:
    lines = ["[[rule]]", f"name = {json.dumps(rule.name, ensure_ascii=False)}"]
    if rule.days is not None:
        lines.append(f"days = {json.dumps(rule.days)}")
    if rule.dates is not None:
        lines.append(f"dates = {json.dumps([_span(s) for s in rule.dates])}")
    lines += [f'from = "{rule.start}"', f'to = "{rule.end}"']
    lines += [f"{p.value} = {n}" for p, n in counts.items()]
    return [*lines, ""]


def _runs(values: list[int], floor: int) -> list[tuple[int, int, int]]:
    """(first hour, hours, count) of each run of one day's hours above the floor."""
    runs: list[tuple[int, int, int]] = []
    for hour, count in enumerate(values):
        if count <= floor:
            continue
        if runs and runs[-1][0] + runs[-1][1] == hour and runs[-1][2] == count:
            first, length, _ = runs[-1]
            runs[-1] = (first, length + 1, count)
        else:
            runs.append((hour, 1, count))
    return runs


def proposed_text(current: str, policy: CoveragePolicy, rows: list[ForecastRow]) -> str:
    """The whole proposed ``coverage.toml``: the current file's heading comments and
    ``[default]``, the rules that do not set operators, and the forecast's operator rules."""
    header = []
    for line in current.splitlines():
        if line.startswith("#") or not line.strip():
            header.append(line)
        else:
            break
    floor = policy.default.operator or 0
    out = [*header]
    if not header or header[-1].strip():
        out.append("")
    out += ["[default]"]
    out += [f"{p.value} = {getattr(policy.default, p.value)}" for p in Position
            if getattr(policy.default, p.value) is not None]
    out.append("")
    for rule in policy.rule:
        counts = {p: n for p, n in rule.counts().items()
                  if p != Position.operator or rule.dates is not None}
        if counts:
            out += _rule_toml(rule, counts)
    per_day = {day: [0] * 24 for day in WEEKDAYS}
    for row in rows:
        per_day[row.weekday][row.hour] = max(row.required_operators, floor)
    grouped: dict[tuple[int, int, int], list[str]] = defaultdict(list)
    for day in WEEKDAYS:
        for run in _runs(per_day[day], floor):
            grouped[run].append(day)
    if grouped:
        out.append("# Operators the contact demand of the last weeks calls for (Erlang C, "
                   "`hotline staffing propose`).")
    for (first, length, count), days in sorted(grouped.items(), key=lambda g: (g[0][0], g[1])):
        end = first + length
        rule = CoverageRule.model_validate({
            "name": f"demand {first:02d}-{end:02d}", "days": days,
            "from": f"{first:02d}:00", "to": f"{end:02d}:00",
        })
        out += _rule_toml(rule, {Position.operator: count})
    return "\n".join(out).rstrip() + "\n"


def diff(path: Path, policy: CoveragePolicy, rows: list[ForecastRow]) -> str:
    """A unified diff from the current file to the proposal; empty when they agree."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    proposed = proposed_text(current, policy, rows)
    return "".join(difflib.unified_diff(
        current.splitlines(keepends=True), proposed.splitlines(keepends=True),
        fromfile=str(path), tofile=f"{path} (proposed)",
    ))


def run(settings: Settings, *, weeks: int) -> int:
    """``hotline staffing propose``: print the diff (exit 0), or say there is nothing to
    change; a bad ``--weeks`` or policy is exit 2 with the reason."""
    if not 1 <= weeks <= MAX_WEEKS:
        print(f"error: --weeks must be 1-{MAX_WEEKS} (got {weeks})", file=sys.stderr)
        return 2
    try:
        loaded = policy_files.load(settings.schedules_dir)
    except policy_files.PolicyError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            rows = forecast(session, weeks=weeks, now=utcnow(), zone=settings.zone,
                            policies=loaded)
    except DBAPIError:
        print("error: cannot read contacts from the database; run `hotline migrate` first",
              file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    text = diff(Path(settings.schedules_dir) / "coverage.toml", loaded.coverage, rows)
    contacts = sum(r.arrivals_per_hour for r in rows)
    print(f"# forecast from the last {weeks} week(s): {contacts:.1f} contacts in an average "
          f"week; service level {loaded.records.service_level_target:g} within "
          f"{loaded.records.service_level_seconds} s, occupancy at most "
          f"{loaded.records.max_occupancy:g}, shrinkage {loaded.records.shrinkage:g}")
    print(text or "# coverage.toml already matches the demand: nothing to change")
    return 0
