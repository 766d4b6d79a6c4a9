"""The training-session form: blank and prefilled values, and reading a posted form into the
API's schemas with problems a team lead can act on (in their language)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from starlette.datastructures import FormData

from hotline.training import invitations
from hotline.training.models import TrainingSession
from hotline.training.schemas import AttendanceRecord, Invite, SessionCreate, SessionUpdate
from operator_ui import form_errors
from operator_ui.form_errors import FormProblems, Problem
from operator_ui.i18n import N_

TEXT_FIELDS = ("kind", "title", "topic", "curriculum", "audience", "scenario", "facilitator_id",
               "day", "from", "to", "place", "online_link", "capacity")
LIST_FIELDS = ("team_ids", "roles", "staff_ids")
EDITABLE = ("title", "topic", "curriculum", "place", "online_link", "facilitator_id", "capacity")

# The schema's own rules, said so a team lead can act on them (keyed by the schema's message).
FIELD_PROBLEMS = {
    "title": N_("Give a title of at least 2 characters."),
    "capacity": N_("Capacity is a number from 1 to 1000."),
    "scenario": N_("A drill needs a scenario."),
    "online_link": N_("An online link starts with http:// or https://."),
}


def blank_values(query: dict[str, str]) -> dict[str, Any]:
    """A new session, prefilled from a suggestion's link (``day``, ``from``, ``to``, ...)."""
    values: dict[str, Any] = {k: "" for k in TEXT_FIELDS}
    values.update({k: [] for k in LIST_FIELDS})
    values.update(kind="training", audience="operators", on_shift="refuse")
    values.update({k: v for k, v in query.items() if k in TEXT_FIELDS})
    if "audience" in query:  # from a suggestion: invite the audience it was planned for
        values["roles"] = invitations.audience_roles(query["audience"])
    return values


def read_form(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in TEXT_FIELDS}
    values.update({k: [str(v) for v in form.getlist(k)] for k in LIST_FIELDS})
    values["pre_service"] = form.get("pre_service") == "on"
    values["on_shift"] = "exclude" if form.get("on_shift") == "exclude" else "refuse"
    return values


def values_from_session(row: TrainingSession) -> dict[str, Any]:
    values = {k: getattr(row, k) for k in EDITABLE}
    return {k: "" if v is None else str(v) for k, v in values.items()}


def _int(values: dict[str, Any], key: str, problems: list[Problem]) -> int | None:
    raw = values.get(key) or ""
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        problems.append(Problem(key, FIELD_PROBLEMS.get(key, N_("Enter a whole number."))))
        return None


def _times(values: dict[str, Any], zone: ZoneInfo, problems: list[Problem]) -> tuple[datetime, datetime] | None:
    try:
        day = date.fromisoformat(values["day"])
        start, end = time.fromisoformat(values["from"]), time.fromisoformat(values["to"])
    except ValueError:
        problems.append(Problem("day", N_("Give the date and the start and end times.")))
        return None
    begins = datetime.combine(day, start, zone)
    ends = datetime.combine(day, end, zone)
    if ends <= begins:  # past midnight: an evening session that ends the next day
        ends += timedelta(days=1)
    return begins, ends


def to_create(values: dict[str, Any], zone: ZoneInfo) -> SessionCreate:
    """The API body for a new session, or ``FormProblems`` naming each field to fix."""
    problems: list[Problem] = []
    times = _times(values, zone, problems)
    facilitator, capacity = _int(values, "facilitator_id", problems), _int(values, "capacity", problems)
    ids = {k: [int(v) for v in values[k] if v.isdigit()] for k in ("team_ids", "staff_ids")}
    if problems or times is None:
        raise FormProblems(problems)
    try:
        return SessionCreate(
            kind=values["kind"], title=values["title"], topic=values["topic"],
            curriculum=values["curriculum"], audience=values["audience"],
            scenario=values["scenario"] if values["kind"] == "drill" else "",
            facilitator_id=facilitator, start=times[0], end=times[1], place=values["place"],
            online_link=values["online_link"], capacity=capacity,
            pre_service=values.get("pre_service", False), on_shift=values["on_shift"],
            invite=Invite(team_ids=ids["team_ids"], roles=values["roles"],
                          staff_ids=ids["staff_ids"]),
        )
    except ValidationError as exc:
        raise FormProblems(form_errors.problems(exc, FIELD_PROBLEMS)) from exc


def to_update(form: FormData) -> SessionUpdate:
    values = {k: str(form.get(k, "")).strip() for k in EDITABLE}
    problems: list[Problem] = []
    facilitator, capacity = _int(values, "facilitator_id", problems), _int(values, "capacity", problems)
    if problems:
        raise FormProblems(problems)
    try:
        update = SessionUpdate(title=values["title"], topic=values["topic"],
                               curriculum=values["curriculum"], place=values["place"],
                               online_link=values["online_link"], facilitator_id=facilitator,
                               capacity=capacity)
    except ValidationError as exc:
        raise FormProblems(form_errors.problems(exc, FIELD_PROBLEMS)) from exc
    if not (update.place or update.online_link):
        raise FormProblems([Problem("place", "training.needs_place")])
    return update


def attendance_records(form: FormData, staff_ids: list[int]) -> list[AttendanceRecord]:
    """One record per person whose attendance was chosen; people left open are skipped."""
    records, problems = [], []
    for sid in staff_ids:
        attendance = str(form.get(f"attendance.{sid}", ""))
        if attendance not in ("attended", "absent", "excused"):
            continue
        passed = {"yes": True, "no": False}.get(str(form.get(f"passed.{sid}", "")))
        raw_score = str(form.get(f"score.{sid}", "")).strip()
        try:
            score = float(raw_score) if raw_score else None
            records.append(AttendanceRecord(staff_id=sid, attendance=attendance,  # type: ignore[arg-type]
                                            passed=passed, score=score))
        except ValueError:  # not a number, or pydantic's range check (0-100)
            problems.append(Problem(f"score.{sid}", N_("A score is a number from 0 to 100.")))
    if problems:
        raise FormProblems(problems)
    if not records:
        raise FormProblems([Problem(None, N_("Choose attended, absent or excused for at least one person."))])
    return records
