"""Every periodic job in one place.

Jobs open their own session, reload what they need, and are safe to run twice (notices are
deduplicated, no-shows marked once). The scheduler runs in the app process when
``HOTLINE_RUN_SCHEDULER`` is true; tests call the job functions directly with a fixed ``now``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import delete, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from hotline import retention
from hotline.centres.models import Centre
from hotline.config import Settings
from hotline.contacts.models import Contact
from hotline.crisis import engine as crisis_engine
from hotline.crisis import outbox
from hotline.crisis.notifier import Notifier
from hotline.db import affected, utcnow
from hotline.followups import service as follow_ups
from hotline.notices import service as notices
from hotline.notices.models import Notice
from hotline.policies import Policies
from hotline.realtime import events
from hotline.realtime.models import Event
from hotline.roster import centres as roster_centres
from hotline.roster import service as roster
from hotline.roster.cover import could_cover
from hotline.roster.coverage import CoverageGap
from hotline.roster.policy import Position
from hotline.staffcare import service as staffcare
from hotline.telephony.gateway import TwilioGateway
from hotline.training import reminders

log = logging.getLogger(__name__)
GAP_LOOKAHEAD = timedelta(days=30)


def _supervisors_on_duty(session: Session, now: datetime, centre_id: int | None) -> list[str]:
    """Notice audiences: the supervisor(s) on duty now at the centre, else its supervisors
    (the notice carries the centre: ``role:supervisor`` hears it there only)."""
    on_duty = [s.staff_id for s in roster.on_call(session, now, centre_id)[Position.supervisor]]
    return [f"staff:{i}" for i in dict.fromkeys(on_duty)] or ["role:supervisor"]


def _centres(session: Session) -> list[Centre]:
    """Every centre, inactive ones too: their shifts and gaps are still someone's."""
    return list(session.exec(select(Centre).order_by(col(Centre.id))))


def _each_centre(engine: Engine, step: Callable[[Session, Centre], int]) -> int:
    """Run a job's ``step`` for every centre in one transaction; the sum of its counts."""
    with Session(engine) as session:
        total = sum(step(session, centre) for centre in _centres(session))
        session.commit()
    return total


def check_no_shows(
    engine: Engine, settings: Settings, policies: Policies, now: datetime | None = None
) -> int:
    """Alert the supervisor(s) on duty about shifts nobody checked in to, with the people who
    could cover, and open a live gap on the boards; returns how many. Each centre is judged
    by its own policies (``policies.for_centre``) and in its own zone, and told its own."""
    at = now or utcnow()
    return _each_centre(engine, lambda s, c: _no_shows_at(s, c, at, settings, policies))


def _no_shows_at(session: Session, centre: Centre, now: datetime, settings: Settings,
                 policies: Policies) -> int:
    frame = roster_centres.view(session, centre.id, settings=settings, policies=policies)
    late = roster.no_shows(session, now=now, policies=frame.policies, centre_id=centre.id)
    if late:
        audiences = _supervisors_on_duty(session, now, centre.id)
        for shift in late:
            cover = could_cover(session, shift, now=now, settings=frame.settings,
                                policies=frame.policies)
            data = {"shift_id": shift.id, "staff_id": shift.staff_id,
                    "position": shift.position, "start": shift.start.isoformat(),
                    "end": shift.end.isoformat(),
                    "could_cover": [{"staff_id": p.id, "name": p.full_name} for p in cover]}
            for audience in audiences:
                notices.raise_notice(
                    session, audience=audience, kind="shift.no_show",
                    title="No check-in for a shift that has started",
                    dedupe_key=f"no_show:{shift.id}:{audience}", data=data,
                    centre_id=centre.id,
                )
            # A live gap: the seat is empty now, whatever the roster says.
            events.emit(session, "coverage.gap",
                        {"basis": "checked_in", "position": shift.position,
                         "start": now.isoformat(), "end": shift.end.isoformat(),
                         "shift_id": shift.id}, ["role:supervisor"],
                        centre_id=centre.id)
    return len(late)


def check_coverage_gaps(
    engine: Engine, settings: Settings, policies: Policies, now: datetime | None = None
) -> int:
    """Look 30 days ahead and keep one supervisor notice per gap: a gap that moves or shrinks
    updates its notice in place, a gap that was filled closes it. Each centre's roster is
    held against its own coverage policy, in its zone, and its gaps told to its supervisors.
    Returns how many notices were raised or changed."""
    at = now or utcnow()
    return _each_centre(engine, lambda s, c: _gaps_at(s, c, at, settings, policies))


def _gaps_at(session: Session, centre: Centre, now: datetime, settings: Settings,
             policies: Policies) -> int:
    until = now + GAP_LOOKAHEAD
    frame = roster_centres.view(session, centre.id, settings=settings, policies=policies)
    report = roster.coverage_report(session, since=now, until=until, settings=frame.settings,
                                    policies=frame.policies, centre_id=centre.id)
    changed, kept = 0, set[int | None]()
    for gap in report.gaps:
        notice = notices.find_same(session, audience="role:supervisor", kind="coverage.gap",
                                   since=now - 2 * GAP_LOOKAHEAD, same=_same_gap(gap, kept),
                                   centre_id=centre.id)
        # The window cuts both ends of a gap, and moves with every run: a gap under way
        # began when it began, and one that runs past the window "goes on" (its end does
        # not creep forward ten minutes a run).
        start, end, open_end = gap.start, gap.end, gap.end >= until
        if notice is not None and gap.start <= now:
            start = min(gap.start, datetime.fromisoformat(notice.data["start"]))
        if notice is not None and open_end and notice.data.get("open_end"):
            end = datetime.fromisoformat(notice.data["end"])
        data = {"position": gap.position, "start": start.isoformat(),
                "end": end.isoformat(), "open_end": open_end, "required": gap.required,
                "scheduled": gap.scheduled}
        if notice is None:
            notice = notices.raise_notice(
                session, audience="role:supervisor", kind="coverage.gap",
                title="Coverage gap ahead", data=data, centre_id=centre.id,
                dedupe_key=f"gap:{centre.code}:{gap.position}:{gap.start.isoformat()}")
            new = notice is not None
        else:
            new = notices.update_in_place(session, notice, title="Coverage gap ahead",
                                          data=data)
        if notice is not None:
            kept.add(notice.id)
        if new:
            changed += 1
            events.emit(session, "coverage.gap", data, ["role:supervisor"],
                        centre_id=centre.id)
    for notice in notices.open_of_kind(session, "role:supervisor", "coverage.gap",
                                       centre_id=centre.id):
        if notice.id not in kept:
            notices.close(session, notice)  # filled, or past
    return changed


def _same_gap(gap: CoverageGap, taken: set[int | None]) -> Callable[[Notice], bool]:
    """A notice is about this gap when it is for the same position and its interval overlaps
    or touches the gap's (a gap under way loses its past hours every run; one that is
    partly filled shrinks) and no other gap of this run has claimed it."""
    def same(notice: Notice) -> bool:
        data = notice.data
        try:
            start, end = datetime.fromisoformat(data["start"]), datetime.fromisoformat(data["end"])
        except (KeyError, TypeError, ValueError):
            return False
        return (data.get("position") == gap.position and start <= gap.end and gap.start <= end
                and notice.id not in taken)
    return same


def training_reminders(
    engine: Engine, settings: Settings, policies: Policies, now: datetime | None = None
) -> int:
    """Session, drill-planning and certificate reminders; each raised once. Each centre's
    drills are planned against its own mandates, in its own half-years."""
    now = now or utcnow()
    today = now.astimezone(settings.zone).date()
    with Session(engine) as session:
        sent = (reminders.session_reminders(session, now)
                + reminders.certificate_expiry(session, today, policies))
        for centre in _centres(session):
            if not centre.active:
                continue
            frame = roster_centres.view(session, centre.id, settings=settings, policies=policies)
            zone = frame.settings.zone
            sent += reminders.drill_planning(session, now.astimezone(zone).date(),
                                             frame.policies, zone, centre.id, centre.code)
        session.commit()
    return sent


def check_overdue_follow_ups(
    engine: Engine, settings: Settings, policies: Policies, now: datetime | None = None
) -> int:
    """Tell the supervisor(s) on duty about high-risk callers whose follow-up is overdue;
    once per follow-up and attempt. Returns how many are overdue."""
    now = now or utcnow()
    with Session(engine) as session:
        late = follow_ups.overdue_high_risk(session, now, policies.records)
        centre_of = dict(session.exec(select(Contact.id, Contact.centre_id).where(
            col(Contact.id).in_([t.contact_id for t in late]))).all()) if late else {}
        for task in late:
            centre_id = centre_of.get(task.contact_id)  # the caller's contact's centre
            for audience in _supervisors_on_duty(session, now, centre_id):
                notices.raise_notice(
                    session, audience=audience, kind="follow_up.overdue",
                    title="A high-risk caller's follow-up is overdue",
                    dedupe_key=f"follow_up_overdue:{task.id}:{task.attempts}:{audience}",
                    data={"follow_up_id": task.id, "contact_id": task.contact_id,
                          "owner_id": task.owner_id, "due": task.next_attempt_at.isoformat()},
                    centre_id=centre_id,
                )
        session.commit()
    return len(late)


def offer_debriefs(engine: Engine, now: datetime | None = None) -> int:
    """A debrief for the operator and the responder after each high or imminent call."""
    with Session(engine) as session:
        offered = staffcare.offer_debriefs(session, now or utcnow())
        session.commit()
    return offered


EVENT_KEEP = timedelta(days=7)


def prune_events(engine: Engine, now: datetime | None = None) -> int:
    """Realtime events are for catching up after a reconnect; a week is plenty. (Records of
    what happened live in their own tables and the audit log, not here.)"""
    now = now or utcnow()
    with Session(engine) as session:
        gone = affected(session,
            delete(Event).where(col(Event.created_at) < now - EVENT_KEEP)
        )
        session.commit()
    return gone


def apply_retention(engine: Engine, settings: Settings, policies: Policies,
                    now: datetime | None = None) -> retention.RetentionReport:
    """Nightly: delete contacts past ``retention_years`` and sealed numbers no purpose needs."""
    with Session(engine) as session:
        report = retention.apply(session, policies, now=now)
        session.commit()
    return report


def crisis_tick(engine: Engine, now: datetime | None = None) -> int:
    """Move every escalation whose tier timed out; each in its own transaction. Safe to run
    on two instances at once: ``advance`` only takes a step whose token is still current."""
    now = now or utcnow()
    with Session(engine) as session:
        due = crisis_engine.due(session, now)
    moved = 0
    for escalation_id, token in due:
        with Session(engine) as session:
            moved += crisis_engine.advance(
                session, escalation_id=escalation_id, token=token, now=now, reason="timeout"
            )
            session.commit()
    return moved


def deliver_alerts(engine: Engine, notifier: Notifier | None, now: datetime | None = None) -> int:
    """Send pending SMS/voice alerts (nothing to do where Twilio is not configured)."""
    return outbox.deliver_due(engine, notifier, now) if notifier is not None else 0


def make_notifier(settings: Settings) -> Notifier | None:
    if not settings.twilio_configured:
        return None
    base = settings.public_base_url or "http://127.0.0.1:8000"
    return Notifier(TwilioGateway(settings), base)


def _schedule(engine: Engine, settings: Settings, policies: Policies) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(
        timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1,
                                      "misfire_grace_time": 30}
    )
    args = (engine, settings, policies)
    # Crisis timers are checked every second: a tier's timeout is honoured to the second,
    # and after a restart the first tick fires whatever fell due while we were down.
    scheduler.add_job(crisis_tick, "interval", seconds=1, args=(engine,), id="crisis_tick")
    scheduler.add_job(deliver_alerts, "interval", seconds=1,
                      args=(engine, make_notifier(settings)), id="deliver_alerts")
    scheduler.add_job(check_no_shows, "interval", minutes=1, args=args, id="no_shows")
    scheduler.add_job(check_overdue_follow_ups, "interval", minutes=5, args=args,
                      id="follow_ups_overdue")
    scheduler.add_job(offer_debriefs, "interval", minutes=1, args=(engine,), id="debriefs")
    scheduler.add_job(prune_events, "interval", hours=6, args=(engine,), id="prune_events")
    # A quiet hour of the hotline's night.
    scheduler.add_job(apply_retention, "cron", hour=4, minute=10, timezone=settings.zone,
                      args=args, id="retention")
    scheduler.add_job(training_reminders, "interval", minutes=15, args=args, id="training")
    scheduler.add_job(check_coverage_gaps, "interval", minutes=10, args=args, id="coverage_gaps",
                      next_run_time=utcnow() + timedelta(seconds=5))
    scheduler.start()
    return scheduler


class JobRunner:
    """Runs the scheduler in exactly one app instance.

    On PostgreSQL the instances campaign for an advisory lock held on a dedicated
    connection; if the leader dies its connection closes, the lock is released, and another
    instance takes over within ``RETRY_S`` seconds. On SQLite there is one process anyway.
    """

    LOCK_KEY = 0x686F746C  # "hotl"
    RETRY_S = 2.0

    def __init__(self, engine: Engine, settings: Settings, policies: Policies) -> None:
        self.engine, self.settings, self.policies = engine, settings, policies
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def leading(self) -> bool:
        return self.scheduler is not None

    def start(self) -> None:
        if self.engine.dialect.name != "postgresql":
            self.scheduler = _schedule(self.engine, self.settings, self.policies)
            return
        self._thread = threading.Thread(target=self._campaign, name="job-leader", daemon=True)
        self._thread.start()

    def _campaign(self) -> None:
        while not self._stop.is_set():
            try:
                with self.engine.connect() as conn:
                    got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                       {"k": self.LOCK_KEY}).scalar()
                    conn.commit()
                    if got:
                        log.info("this instance runs the scheduled jobs")
                        self.scheduler = _schedule(self.engine, self.settings, self.policies)
                        while not self._stop.wait(self.RETRY_S):
                            conn.execute(text("SELECT 1"))  # raises if the connection died
                            conn.commit()
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.LOCK_KEY})
                        conn.commit()
            except Exception:
                log.exception("job leadership lost")
            finally:
                self._stop_scheduler()
            self._stop.wait(self.RETRY_S)

    def _stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._stop_scheduler()
