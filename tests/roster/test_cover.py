"""Gaps that lead to cover: who could cover, offer and accept, assign."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from hotline import policies as policy_files
from hotline.auth.service import authenticate
from hotline.errors import Conflict, Forbidden, InvalidInput
from hotline.roster import cover
from hotline.roster.models import Leave, Shift
from hotline.staff.models import Staff
from hotline.training.models import Participant, TrainingSession

# A Wednesday, 09:00-17:00 in Shanghai, a week ahead of "now" in no test: dates are fixed.
START = datetime(2030, 3, 6, 1, 0, tzinfo=UTC)
END = START + timedelta(hours=8)


@pytest.fixture
def pol(settings):
    return policy_files.load(settings.schedules_dir)


def _names(people):
    return [c.name for c in people]


def test_candidates_are_eligible_rested_free_and_fairly_ordered(engine, settings, pol,
                                                                make_person):
    free = make_person("supervisor", full_name="A Free")
    busy_week = make_person("supervisor", full_name="B Busy week")
    make_person("supervisor", full_name="C On leave")
    make_person("supervisor", full_name="D In training")
    make_person("supervisor", full_name="E Tired")
    make_person("operator", full_name="F Operator only")
    with Session(engine) as s:
        people = {p.full_name: p.id for p in s.exec(select(Staff))}
        s.add(Shift(staff_id=busy_week.id, position="supervisor", start=START - timedelta(days=2),
                    end=START - timedelta(days=2) + timedelta(hours=8)))
        s.add(Leave(staff_id=people["C On leave"], start=START - timedelta(hours=1),
                    end=END, status="approved"))
        session_ = TrainingSession(kind="training", title="t", start=START + timedelta(hours=2),
                                   end=START + timedelta(hours=4), audience="operators")
        s.add(session_)
        s.flush()
        s.add(Participant(session_id=session_.id, staff_id=people["D In training"]))
        s.add(Shift(staff_id=people["E Tired"], position="operator", start=START - timedelta(hours=8),
                    end=START - timedelta(hours=2)))
        s.commit()
    with Session(engine) as s:
        found = cover.candidates(s, position="supervisor", start=START, end=END,
                                 settings=settings, policies=pol)
    assert _names(found) == ["A Free", "B Busy week"]  # fewest hours that week first
    assert found[0].staff_id == free.id and found[1].week_hours == 8.0


def test_an_offered_gap_is_accepted_once_and_closes_the_other_offers(
        engine, settings, pol, make_person, client):
    sup = make_person("supervisor")
    a, b = make_person("supervisor"), make_person("supervisor")
    with Session(engine) as s:
        actor = authenticate(s, settings, sup.token)
        first = cover.offer(s, actor=actor, staff_id=a.id, position="supervisor", start=START,
                            end=END, client_addr="t")
        again = cover.offer(s, actor=actor, staff_id=a.id, position="supervisor", start=START,
                            end=END, client_addr="t")
        cover.offer(s, actor=actor, staff_id=b.id, position="supervisor", start=START, end=END,
                    client_addr="t")
        s.commit()
        assert again.id == first.id  # offering twice is one offer
        offer_a = first.id
        offer_b = cover.open_offers(s, b.id)[0].id
    with Session(engine) as s:
        with pytest.raises(Forbidden):
            cover.accept(s, actor=authenticate(s, settings, b.token), notice_id=offer_a,
                         settings=settings, policies=pol, client_addr="t")
        shift = cover.accept(s, actor=authenticate(s, settings, a.token), notice_id=offer_a,
                             settings=settings, policies=pol, client_addr="t")
        s.commit()
        assert (shift.staff_id, shift.start, shift.end) == (a.id, START, END)
        assert cover.open_offers(s, b.id) == []  # covered: b's offer closed
        with pytest.raises(Conflict):
            cover.accept(s, actor=authenticate(s, settings, b.token), notice_id=offer_b,
                         settings=settings, policies=pol, client_addr="t")


def test_only_supervisors_offer_or_assign_and_assigning_follows_the_rules(
        engine, settings, pol, make_person):
    sup, op = make_person("supervisor"), make_person("operator")
    with Session(engine) as s:
        with pytest.raises(Forbidden):
            cover.offer(s, actor=authenticate(s, settings, op.token), staff_id=sup.id,
                        position="supervisor", start=START, end=END, client_addr="t")
        with pytest.raises(InvalidInput):  # an operator cannot hold the supervisor desk
            cover.assign(s, actor=authenticate(s, settings, sup.token), staff_id=op.id,
                         position="supervisor", start=START, end=END, client_addr="t",
                         settings=settings, policies=pol)
        shift = cover.assign(s, actor=authenticate(s, settings, sup.token), staff_id=sup.id,
                             position="supervisor", start=START, end=END, client_addr="t",
                             settings=settings, policies=pol)
        assert shift.id is not None


def test_the_gap_offered_is_the_pattern_shift_around_the_hour(engine, settings, pol,
                                                               make_person):
    with Session(engine) as s:  # an empty roster: the day shift 08:00-16:00 local
        gap = cover.gap_at(s, position="supervisor", at=START + timedelta(hours=3),
                           settings=settings, policies=pol)
    assert gap is not None and (gap.start, gap.end) == (START - timedelta(hours=1),
                                                        END - timedelta(hours=1))
    sup = make_person("supervisor")
    with Session(engine) as s:  # half of it staffed: the rest is the gap
        s.add(Shift(staff_id=sup.id, position="supervisor", start=gap.start,
                    end=gap.start + timedelta(hours=4)))
        s.commit()
        rest = cover.gap_at(s, position="supervisor", at=START + timedelta(hours=4),
                            settings=settings, policies=pol)
        assert rest is not None and (rest.start, rest.end) == (gap.start + timedelta(hours=4),
                                                               gap.end)
        assert cover.gap_at(s, position="supervisor", at=gap.start, settings=settings,
                            policies=pol) is None
