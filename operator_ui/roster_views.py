"""Shaping roster data for pages: the week to show, the board's hour cells with the shifts
behind them, and gaps in the hotline's local time. Pure functions over service results, so
the templates stay logic-light."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from hotline.roster import centres
from hotline.roster.board import Board, monday_of
from hotline.roster.models import Shift
from hotline.roster.schemas import GapPublic


def week_start(raw: str | None, today: date) -> date:
    """The Monday of ``?week=YYYY-MM-DD`` (any day of that week), or of this week."""
    try:
        return monday_of(date.fromisoformat(raw)) if raw else monday_of(today)
    except ValueError:
        return monday_of(today)


@dataclass
class HourCell:
    label: str  # local day and hours, e.g. "03-02 20:00–21:00"
    text: str  # "scheduled/required"
    css: str
    required: int
    scheduled: int
    shift_ids: list[int] = field(default_factory=list)
    start: str = ""  # ISO instant: the gap panel asks who could cover from here


def grid(board: Board, shifts: list[Shift], now: datetime,
         zone: ZoneInfo) -> dict[str, list[list[HourCell]]]:
    """Each position's days of hour cells, with the ids of the shifts holding each hour.
    On a daylight-saving day a row simply has 23 or 25 cells."""
    out: dict[str, list[list[HourCell]]] = {}
    for position, days in board.rows.items():
        mine = [s for s in shifts if s.position == position]
        out[position] = [[_hour_cell(cell, mine, now, zone) for cell in cells] for cells in days]
    return out


def _hour_cell(cell: Any, shifts: list[Shift], now: datetime, zone: ZoneInfo) -> HourCell:
    holding = [s.id for s in shifts if s.start < cell.end and s.end > cell.start and s.id]
    start, end = cell.start.astimezone(zone), cell.end.astimezone(zone)
    label = f"{start:%m-%d %H:%M}–{end:%H:%M}"
    css = ["hour"]
    if cell.short:
        css.append("short")
    elif cell.required == 0 and cell.scheduled == 0:
        css.append("none")
    elif cell.scheduled > cell.required:
        css.append("extra")
    if cell.end <= now:
        css.append("past")
    return HourCell(label=label, text=f"{cell.scheduled}/{cell.required}", css=" ".join(css),
                    required=cell.required, scheduled=cell.scheduled, shift_ids=holding,
                    start=cell.start.isoformat())


@dataclass
class Lending:
    """People lent between centres, as the board says it: a note for each shift lent in,
    and this centre's people working elsewhere."""

    notes: dict[int, str] = field(default_factory=dict)  # shift id -> "lent in from ..."
    out: list[dict[str, Any]] = field(default_factory=list)


def lending(session: Session, board: Board, _: Callable[..., str], language: str) -> Lending:
    places = centres.rows(session, [*board.lent_in.values(), *(s.centre_id for s in board.lent_out)])

    def name(centre_id: int | None) -> str:
        row = places.get(centre_id) if centre_id is not None else None
        return row.name_in(language) if row else ""

    return Lending(
        notes={shift_id: _("lent in from %(centre)s", centre=name(home))
               for shift_id, home in board.lent_in.items()},
        out=[{"shift": s, "name": board.names.get(s.staff_id, ""), "centre": name(s.centre_id)}
             for s in board.lent_out])


def shift_facts(shifts: list[Shift], names: dict[int | None, str], zone: ZoneInfo,
                notes: dict[int, str] | None = None) -> dict[int, dict]:
    """What the hour panel says of each shift: who (and whence, when lent in), which
    position, local times."""
    notes = notes or {}
    return {
        s.id: {"name": names.get(s.staff_id, str(s.staff_id)) + (
                   f" ({notes[s.id]})" if s.id in notes else ""),
               "position": str(s.position),
               "start": s.start.astimezone(zone).strftime("%m-%d %H:%M"),
               "end": s.end.astimezone(zone).strftime("%m-%d %H:%M"),
               "checked_in": s.checked_in_at is not None}
        for s in shifts if s.id is not None
    }


def local_gaps(gaps: list[GapPublic], zone: ZoneInfo) -> list[dict[str, Any]]:
    """Gaps as a person reads them: local day and hours, how many are missing."""
    return [
        {"position": str(g.position), "day": g.start.astimezone(zone).date(),
         "start": g.start.astimezone(zone).strftime("%H:%M"),
         "end": g.end.astimezone(zone).strftime("%H:%M"),
         "required": g.required, "scheduled": g.scheduled, "missing": g.required - g.scheduled}
        for g in gaps
    ]


def day_span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
