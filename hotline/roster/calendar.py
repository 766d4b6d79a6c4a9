"""Secret iCalendar feeds of shifts, so people see them in their own calendar apps."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import can
from hotline.auth.service import CurrentUser
from hotline.db import utcnow
from hotline.errors import Forbidden, InvalidInput, NotFound
from hotline.roster.models import CalendarFeed, Shift
from hotline.roster.service import live_shifts
from hotline.staff.lookup import full_names
from hotline.staff.models import Staff, Team, TeamMembership
from hotline.training import service as training_service
from hotline.training.models import SessionStatus

PAST = timedelta(days=30)
AHEAD = timedelta(days=120)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(
    session: Session, *, actor: CurrentUser, staff_id: int | None = None,
    team_id: int | None = None, client_addr: str,
) -> str:
    """Make a feed for oneself (default), another person or a team; returns the secret token,
    shown once. Feeds for others need ``manage_shifts``."""
    if staff_id is not None and team_id is not None:
        raise InvalidInput("feed.person_or_team")
    if team_id is None and staff_id is None:
        staff_id = actor.id
    if (staff_id != actor.id or team_id is not None) and not can(actor, "manage_shifts"):
        raise Forbidden("feed.own_only")
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise InvalidInput("shift.staff_not_found", staff_id=staff_id, field="staff_id")
    if team_id is not None and session.get(Team, team_id) is None:
        raise InvalidInput("feed.team_not_found", team_id=team_id, field="team_id")
    token = secrets.token_urlsafe(24)
    feed = CalendarFeed(token_hash=_hash(token), staff_id=staff_id, team_id=team_id)
    session.add(feed)
    session.flush()
    audit.record(session, actor.id, "calendar.create", f"calendar:{feed.id}", client_addr,
                 {"staff_id": staff_id, "team_id": team_id})
    return token


def revoke_feeds(session: Session, *, actor: CurrentUser, client_addr: str) -> int:
    """Revoke every feed of one's own shifts (e.g. after a URL leaked)."""
    feeds = list(session.exec(
        select(CalendarFeed).where(CalendarFeed.staff_id == actor.id)
        .where(col(CalendarFeed.revoked_at).is_(None))
    ))
    for feed in feeds:
        feed.revoked_at = utcnow()
        session.add(feed)
    audit.record(session, actor.id, "calendar.revoke", f"staff:{actor.id}", client_addr)
    return len(feeds)


def render(session: Session, token: str, *, hotline_name: str = "hotline") -> bytes:
    """The .ics body for a feed token, or 404 for an unknown or revoked token."""
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token))).first()
    if feed is None or feed.revoked_at is not None:
        raise NotFound("feed.unknown")
    now = utcnow()
    query = live_shifts().where(Shift.end > now - PAST).where(Shift.start < now + AHEAD)
    if feed.staff_id is not None:
        query = query.where(Shift.staff_id == feed.staff_id)
    else:
        members = select(TeamMembership.staff_id).where(TeamMembership.team_id == feed.team_id)
        query = query.where(col(Shift.staff_id).in_(members))
    shifts = list(session.exec(query.order_by(col(Shift.start))))
    names = full_names(session, (s.staff_id for s in shifts))
    cal = Calendar()
    cal.add("prodid", "-//hotline//roster//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{hotline_name} shifts")
    for shift in shifts:
        event = Event()
        event.add("uid", f"shift-{shift.id}@{hotline_name}")
        event.add("dtstamp", now)
        event.add("dtstart", shift.start)
        event.add("dtend", shift.end)
        who = names.get(shift.staff_id, "")
        event.add("summary", f"{shift.position} — {who}" if feed.team_id else str(shift.position))
        if shift.note:
            event.add("description", shift.note)
        cal.add_component(event)
    if feed.staff_id is not None:
        _add_trainings(session, cal, feed.staff_id, now, hotline_name)
    return cal.to_ical()


def _add_trainings(session: Session, cal: Calendar, staff_id: int, now: datetime,
                   hotline_name: str) -> None:
    """The person's training and drill invitations, so they sit beside their shifts."""
    for row in training_service.list_sessions(session, since=now - PAST, until=now + AHEAD,
                                              staff_id=staff_id):
        if row.status == SessionStatus.cancelled:
            continue
        event = Event()
        event.add("uid", f"training-{row.id}@{hotline_name}")
        event.add("dtstamp", now)
        event.add("dtstart", row.start)
        event.add("dtend", row.end)
        event.add("summary", f"{'演练 Drill' if row.kind == 'drill' else '培训 Training'}: {row.title}")
        if row.place or row.online_link:
            event.add("location", row.place or row.online_link)
        cal.add_component(event)
