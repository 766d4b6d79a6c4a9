"""What drill runs measured: each notified responder's time to acknowledge (from the
escalation's own log) and the rescue checklist steps done; for the drill pages and the
monthly report (a drill is not passed or failed). Runs are started by
``hotline.flows.drills``."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from sqlmodel import Session, col, select

from hotline.crisis.models import Escalation
from hotline.crisis.rescue import CHECKLIST
from hotline.training.models import DrillRun


@dataclass(frozen=True)
class DrillMeasure:
    """What a drill's runs measured, for lists and reports."""

    runs: int
    acknowledged: int
    ack_median_s: float | None  # over the acknowledged runs
    steps_done: int  # rescue checklist steps done, over all runs
    steps_total: int  # len(CHECKLIST) per run


def steps_done(esc: Escalation | None) -> list[str]:
    """The rescue checklist steps this run's escalation recorded, in checklist order."""
    progress = (esc.rescue or {}).get("progress") or {} if esc else {}
    return [step for step in CHECKLIST if step in progress]


def seconds_to_ack(run: DrillRun, esc: Escalation | None) -> float | None:
    if esc is None or esc.acknowledged_at is None:
        return None
    return round((esc.acknowledged_at - run.started_at).total_seconds(), 1)


def measures(session: Session, session_ids: list[int]) -> dict[int, DrillMeasure]:
    """For each drill session with runs: how many, how fast acknowledged, steps done."""
    if not session_ids:
        return {}
    rows = session.exec(
        select(DrillRun, Escalation)
        .outerjoin(Escalation, col(Escalation.contact_id) == col(DrillRun.contact_id))
        .where(col(DrillRun.session_id).in_(session_ids))
    ).all()
    grouped: dict[int, list[tuple[DrillRun, Escalation | None]]] = {}
    for run, esc in rows:
        grouped.setdefault(run.session_id, []).append((run, esc))
    out = {}
    for session_id, runs in grouped.items():
        acks = [t for t in (seconds_to_ack(r, e) for r, e in runs) if t is not None]
        out[session_id] = DrillMeasure(
            runs=len(runs), acknowledged=len(acks),
            ack_median_s=round(median(acks), 1) if acks else None,
            steps_done=sum(len(steps_done(e)) for _, e in runs),
            steps_total=len(CHECKLIST) * len(runs))
    return out
