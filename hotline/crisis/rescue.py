"""The rescue case of an imminent-risk contact: its timeline, as the operator and responder
record it (988 imminent-risk policy: active rescue; the case stays open until the person is
reached or a supervisor closes it with a reason).

Steps: keep the caller on the line, location given, emergency service called (110/120/119,
at, by, incident number), responder conferenced in, arrival, person reached or not, hand-over
(hospital, police, family). Each is an ``EscalationStep`` (``rescue.<step>``) in the timeline;
``Escalation.rescue`` keeps the summary the consoles draw.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from sqlmodel import Session

from hotline.crisis import engine
from hotline.crisis.models import Escalation, EscalationState
from hotline.db import utcnow
from hotline.errors import Conflict, InvalidInput, invalid_value

Step = Literal["kept_on_line", "location_given", "emergency_called", "responder_conferenced",
               "arrived", "person_reached", "handover"]
# The console's checklist, in order (the first four): one click each, timestamped.
CHECKLIST: tuple[Step, ...] = ("kept_on_line", "location_given", "emergency_called",
                               "responder_conferenced")
FUTURE_TOLERANCE = timedelta(minutes=5)


class RescueStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    step: Step
    at: AwareDatetime | None = None  # when it happened, if not now (e.g. "called 120 at 3:02")
    service: Literal["110", "120", "119"] | None = None
    incident_number: str = Field(default="", max_length=60)
    reached: bool | None = None
    handover_to: Literal["hospital", "police", "family", "other"] | None = None
    note: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _complete(self) -> RescueStep:
        if self.step == "emergency_called" and self.service is None:
            raise invalid_value("rescue.needs_service", field="service")
        if self.step == "person_reached" and self.reached is None:
            raise invalid_value("rescue.needs_reached", field="reached")
        if self.step == "handover" and self.handover_to is None:
            raise invalid_value("rescue.needs_handover", field="handover_to")
        if self.at is not None and self.at > utcnow() + FUTURE_TOLERANCE:
            raise invalid_value("rescue.time_in_future", field="at")
        return self


def _summary(esc: Escalation, data: RescueStep, staff_id: int, at: datetime) -> dict[str, Any]:
    rescue = dict(esc.rescue)
    progress = dict(rescue.get("progress") or {})
    progress.setdefault(data.step, at.isoformat())
    rescue["progress"] = progress
    if data.step == "emergency_called":
        rescue["emergency_calls"] = [*rescue.get("emergency_calls", []), {
            "service": data.service, "at": at.isoformat(), "by": staff_id,
            "incident_number": data.incident_number}]
        rescue[f"contacted_{data.service}"] = True
    elif data.step == "person_reached":
        rescue["person_reached"] = data.reached
    elif data.step == "handover":
        rescue["handover"] = {"to": data.handover_to, "at": at.isoformat(), "note": data.note}
    return rescue


def record(session: Session, *, esc: Escalation, staff_id: int, data: RescueStep,
           now: datetime | None = None) -> Escalation:
    """Add one step to the rescue timeline; "not reached" keeps the case open and pages."""
    now = now or utcnow()
    if esc.state == EscalationState.resolved:
        raise Conflict("rescue.closed")
    if esc.risk_level != "imminent" and data.step not in CHECKLIST:
        raise InvalidInput("rescue.not_imminent")
    at = data.at or now
    detail = data.model_dump(mode="json", exclude={"step", "at"}, exclude_defaults=True)
    engine.log_step(session, esc, f"rescue.{data.step}", at, staff_id, **detail)
    esc.rescue = _summary(esc, data, staff_id, at)
    session.add(esc)
    if data.step == "person_reached":
        (engine.person_reached if data.reached else engine.person_not_reached)(session, esc, now)
    engine.announce(session, esc, "escalation.rescue", step=data.step)
    return esc


def reached(esc: Escalation) -> bool:
    return esc.rescue.get("person_reached") is True
