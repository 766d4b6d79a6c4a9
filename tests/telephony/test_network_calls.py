"""Inbound calls in a network of centres, through signed webhooks (Twilio faked only at its
HTTP boundary): routing by the number dialled, by the caller's prefix and by the region menu;
rollover to the next centre when a centre is busy or closed, recorded on both sides; the end
of the rollover order goes to telephony.toml's overflow. Twilio's retries change nothing."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from hotline.centres import service as centres_service
from hotline.centres.models import Centre
from hotline.centres.policy import CentrePolicy, NetworkPolicy
from hotline.contacts.models import Contact
from hotline.realtime.models import Event
from hotline.roster.models import Shift
from hotline.telephony.models import CallLeg, CallRollover
from hotline.telephony.policy import TelephonyPolicy

NETWORK_NUMBER = "+864001234567"
NETWORK = NetworkPolicy(shared_numbers=(NETWORK_NUMBER,), centres=(
    CentrePolicy(code="gd", name_zh="广东省心理援助热线", name_en="Guangdong hotline",
                 regions=("440000",), numbers=("+862012356",), provincial=True),
    CentrePolicy(code="sz", name_zh="深圳市心理援助热线", name_en="Shenzhen hotline",
                 regions=("440300",), numbers=("+8675512356",), rollover_to="gz"),
    CentrePolicy(code="gz", name_zh="广州市心理援助热线", name_en="Guangzhou hotline",
                 regions=("440100",), numbers=("+862081899120",), rollover_to="gd"),
))
SHENZHEN_MOBILE = "+8613005401234"   # segment 130054: Shenzhen
GUANGZHOU_LANDLINE = "+862083331234"  # 020
SHAOGUAN_LANDLINE = "+867518881234"   # 0751: Guangdong, no city centre
BEIJING_LANDLINE = "+861065121234"    # 010: no centre covers it


@pytest.fixture
def network(client, app, engine) -> dict[str, int]:
    """The network in force (policy and centre rows, as at start-up): centre ids by code."""
    app.state.policies = dataclasses.replace(app.state.policies, network=NETWORK)
    with Session(engine) as s:
        rows = centres_service.sync(s, NETWORK, "Asia/Shanghai")
        s.commit()
        return {r.code: r.id for r in rows}  # type: ignore[misc]


@pytest.fixture
def operators(engine, make_person, network):
    """``operators("sz", 2)``: operators checked in on a shift at that centre now."""

    def _make(code: str, n: int = 1, checked_in: bool = True):
        now = datetime.now(UTC)
        people = [make_person("operator", centre_id=network[code]) for _ in range(n)]
        with Session(engine) as s:
            for p in people:
                s.add(Shift(staff_id=p.id, position="operator", centre_id=network[code],
                            start=now - timedelta(hours=1), end=now + timedelta(hours=7),
                            checked_in_at=now - timedelta(hours=1) if checked_in else None))
            s.commit()
        return people

    return _make


def call(post_twilio, *, to=NETWORK_NUMBER, caller=SHENZHEN_MOBILE, sid="CA" + "1" * 32):
    return post_twilio("/twilio/voice", {"CallSid": sid, "From": caller, "To": to,
                                         "CallStatus": "ringing"})


def the_contact(engine, sid="CA" + "1" * 32) -> Contact:
    with Session(engine) as s:
        return s.exec(select(Contact).where(Contact.call_sid == sid)).one()


def hops(engine) -> list[tuple[int, int, str]]:
    with Session(engine) as s:
        return [(h.from_centre_id, h.to_centre_id, h.reason)
                for h in s.exec(select(CallRollover).order_by(CallRollover.id))]


def twiml(response) -> ET.Element:
    assert response.status_code == 200, response.text
    return ET.fromstring(response.text)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def queue_of(response) -> str:
    """The queue the caller is put in (a centre's own)."""
    (enqueue,) = twiml(response).iter("Enqueue")
    return enqueue.text or ""


# --- routing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("to, caller, centre", [
    ("+8675512356", GUANGZHOU_LANDLINE, "sz"),   # sz's own number, whoever calls
    ("+862081899120", SHENZHEN_MOBILE, "gz"),
    ("+862012356", "anonymous", "gd"),           # own number: no menu even for a withheld one
])
def test_a_call_to_a_centres_own_number_belongs_to_that_centre(
        post_twilio, engine, network, operators, to, caller, centre):
    operators(centre)
    r = call(post_twilio, to=to, caller=caller)
    assert queue_of(r) == f"hotline-{centre}"
    contact = the_contact(engine)
    assert contact.centre_id == network[centre] and contact.routed_by == "own_number"


@pytest.mark.parametrize("caller, centre, routed_by", [
    (SHENZHEN_MOBILE, "sz", "region"),       # the city centre before its province's
    (GUANGZHOU_LANDLINE, "gz", "region"),
    (SHAOGUAN_LANDLINE, "gd", "region"),     # Guangdong, no city centre: the province's
    (BEIJING_LANDLINE, "gd", "provincial"),  # no centre covers Beijing: the provincial one
])
def test_a_network_number_routes_by_the_callers_prefix(
        post_twilio, engine, network, operators, caller, centre, routed_by):
    operators(centre)
    r = call(post_twilio, caller=caller)
    assert queue_of(r) == f"hotline-{centre}"
    contact = the_contact(engine)
    assert (contact.centre_id, contact.routed_by) == (network[centre], routed_by)


def test_only_the_routed_centres_operators_take_its_call(client, post_twilio, engine, network,
                                                          operators, fake_twilio):
    (sz_operator,) = operators("sz")
    (gz_operator,) = operators("gz")
    call(post_twilio)
    contact = the_contact(engine)
    other = client.post(f"/api/queue/{contact.id}/accept", headers=gz_operator.headers)
    assert other.status_code == 404 and other.json()["code"] == "twilio.unknown_call"
    assert client.post(f"/api/queue/{contact.id}/accept",
                       headers=sz_operator.headers).status_code == 200
    with Session(engine) as s:
        (leg,) = s.exec(select(CallLeg)).all()
    assert leg.centre_id == network["sz"] and leg.staff_id == sz_operator.id


def test_twilio_retrying_a_call_changes_nothing(post_twilio, engine, network, operators):
    operators("sz")
    first, again = call(post_twilio), call(post_twilio)
    assert again.text == first.text
    with Session(engine) as s:
        assert len(s.exec(select(Contact)).all()) == 1


def test_a_withheld_number_chooses_its_centre_from_the_menu(
        client, post_twilio, engine, network, operators):
    (sz_operator,) = operators("sz")
    r = call(post_twilio, caller="anonymous")
    (gather,) = twiml(r).iter("Gather")
    said = " ".join(s.text or "" for s in gather.iter("Say"))
    for name in ("广东省心理援助热线，请按1", "深圳市心理援助热线，请按2",
                 "For Shenzhen hotline, press 2", "For Guangzhou hotline, press 3"):
        assert name in said
    assert gather.get("numDigits") == "1" and gather.get("timeout") == "6"
    contact = the_contact(engine)
    assert contact.routed_by == "ask"
    # Still choosing: in no queue, and nobody can take it yet.
    assert client.get("/api/queue", headers=sz_operator.headers).json() == []
    taken = client.post(f"/api/queue/{contact.id}/accept", headers=sz_operator.headers)
    assert taken.status_code == 409 and taken.json()["code"] == "call.choosing_region"
    answer = path_of(gather.get("action", ""))
    chosen = post_twilio(answer, {"Digits": "2", "From": "anonymous"})
    assert queue_of(chosen) == "hotline-sz"
    contact = the_contact(engine)
    assert (contact.centre_id, contact.routed_by) == (network["sz"], "menu")
    assert post_twilio(answer, {"Digits": "2"}).text == chosen.text  # Twilio retried
    assert call(post_twilio, caller="anonymous").text == chosen.text  # the first webhook too
    assert [c["contact_id"] for c in
            client.get("/api/queue", headers=sz_operator.headers).json()] == [contact.id]


def test_wrong_keys_ask_again_then_no_answer_goes_to_the_provincial_centre(
        post_twilio, engine, network, operators):
    operators("gd")
    r = call(post_twilio, caller="anonymous")
    action = path_of(next(twiml(r).iter("Gather")).get("action", ""))
    again = post_twilio(action, {"Digits": "9"})
    assert "没有这个选项" in again.text and "not one of the choices" in again.text
    assert the_contact(engine).routed_by == "ask"
    # The menu's time runs out: Twilio follows the Redirect, which carries no digits.
    (redirect,) = twiml(again).iter("Redirect")
    r = post_twilio(path_of(redirect.text or ""), {})
    assert queue_of(r) == "hotline-gd"
    contact = the_contact(engine)
    assert (contact.centre_id, contact.routed_by) == (network["gd"], "provincial")


def test_the_menu_gives_up_asking_after_three_wrong_keys(post_twilio, engine, network,
                                                         operators):
    operators("gd")
    r = call(post_twilio, caller="anonymous")
    for key in ("7", "*", "0"):
        action = path_of(next(twiml(r).iter("Gather")).get("action", ""))
        r = post_twilio(action, {"Digits": key})
    assert queue_of(r) == "hotline-gd"
    assert the_contact(engine).routed_by == "provincial"


def test_bad_menu_requests_are_refused_clearly(client, post_twilio, engine, network):
    call(post_twilio, caller="anonymous")
    contact = the_contact(engine)
    unsigned = client.post(f"/twilio/voice/region?contact_id={contact.id}", data={"Digits": "1"})
    assert unsigned.status_code == 403
    assert post_twilio("/twilio/voice/region?contact_id=999999", {"Digits": "1"}
                       ).status_code == 404
    bad = post_twilio(f"/twilio/voice/region?contact_id={contact.id}&attempt=x", {"Digits": "1"})
    assert bad.status_code == 422 and "detail" in bad.json()
    assert the_contact(engine).routed_by == "ask"


# --- rollover between centres ----------------------------------------------------------------

def test_a_busy_centre_rolls_the_call_over_to_the_next_without_losing_the_caller(
        client, post_twilio, engine, network, operators):
    (sz_operator,) = operators("sz")
    (gz_operator,) = operators("gz")
    call(post_twilio, sid="CA" + "9" * 32)  # sz's only operator takes a first call
    first = the_contact(engine, "CA" + "9" * 32)
    assert client.post(f"/api/queue/{first.id}/accept",
                       headers=sz_operator.headers).status_code == 200
    r = call(post_twilio)
    assert queue_of(r) == "hotline-sz"  # an operator is on shift: the caller waits there
    enqueue = next(twiml(r).iter("Enqueue"))
    wait, result = path_of(enqueue.get("waitUrl", "")), path_of(enqueue.get("action", ""))
    assert "<Leave" not in post_twilio(wait, {"QueueTime": "60"}).text
    assert "<Leave" in post_twilio(wait, {"QueueTime": "90"}).text  # sz's limit
    moved = post_twilio(result, {"QueueResult": "leave", "From": SHENZHEN_MOBILE})
    assert queue_of(moved) == "hotline-gz"
    assert "正在为您转接广州市心理援助热线" in moved.text and "Guangzhou hotline" in moved.text
    contact = the_contact(engine)
    assert contact.status == "ringing" and contact.centre_id == network["gz"]
    assert contact.rolled_over_from_centre_id == network["sz"]
    assert hops(engine) == [(network["sz"], network["gz"], "busy")]
    # Twilio retries the same result: the call is not moved again.
    assert queue_of(post_twilio(result, {"QueueResult": "leave"})) == "hotline-gz"
    assert len(hops(engine)) == 1
    # gz's operators see whose call it is and where it came from.
    (waiting,) = client.get("/api/queue", headers=gz_operator.headers).json()
    assert client.get("/api/queue", headers=sz_operator.headers).json() == []
    assert (waiting["centre_id"], waiting["rolled_over_from_centre_id"]) == (
        network["gz"], network["sz"])
    with Session(engine) as s:
        moved_events = s.exec(select(Event).where(Event.type == "call.rolled_over")
                              .order_by(Event.id)).all()
    # Told on both sides (each side's supervisors), never naming the caller.
    assert [e.centre_id for e in moved_events] == [network["sz"], network["gz"]]
    for event in moved_events:
        assert event.data == {"contact_id": contact.id, "from_centre": "sz",
                              "to_centre": "gz", "reason": "busy", "at": event.data["at"]}
        assert SHENZHEN_MOBILE not in str(event.data)


def test_a_closed_centre_passes_its_calls_on_at_once(post_twilio, engine, network, operators):
    operators("sz", checked_in=False)  # on the roster, nobody checked in: sz is closed
    operators("gz")
    r = call(post_twilio)
    assert queue_of(r) == "hotline-gz" and "正在为您转接广州市" in r.text
    assert hops(engine) == [(network["sz"], network["gz"], "closed")]
    contact = the_contact(engine)
    assert contact.centre_id == network["gz"] and contact.rolled_over_from_centre_id == network["sz"]


def test_outside_its_answer_hours_a_centre_is_closed(app, post_twilio, engine, network,
                                                     operators):
    operators("sz")
    operators("gz")
    now = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    start, end = (now + timedelta(hours=2)).strftime("%H:00"), (now + timedelta(hours=4)
                                                                ).strftime("%H:00")
    shared = app.state.policies
    sz = dataclasses.replace(shared, telephony=TelephonyPolicy(answer_hours=f"{start}-{end}"))
    app.state.policies = dataclasses.replace(shared, centres={"sz": sz})
    assert queue_of(call(post_twilio)) == "hotline-gz"
    assert hops(engine) == [(network["sz"], network["gz"], "closed")]


def test_the_end_of_the_rollover_order_is_telephony_overflow(post_twilio, engine, network,
                                                             operators):
    operators("gd", checked_in=False)  # nobody answering anywhere
    r = call(post_twilio)
    assert "<Dial" in r.text and "<Number>+8612356</Number>" in r.text  # telephony.toml
    assert "<Enqueue" not in r.text
    assert hops(engine) == [(network["sz"], network["gz"], "closed"),
                            (network["gz"], network["gd"], "closed")]
    contact = the_contact(engine)
    assert contact.status == "overflowed" and contact.centre_id == network["gd"]
    assert contact.rolled_over_from_centre_id == network["sz"]
    assert call(post_twilio).text == r.text and len(hops(engine)) == 2


def test_a_single_hotline_has_no_rollover(post_twilio, engine, on_shift):
    on_shift()
    r = call(post_twilio, to="+8610012356")
    assert queue_of(r) == "hotline-main"
    with Session(engine) as s:
        main = s.exec(select(Centre).where(Centre.code == "main")).one()
    assert the_contact(engine).centre_id == main.id and hops(engine) == []


# --- policy ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fields", [
    {"answer_hours": "8:00-22:00"}, {"answer_hours": "08:00-25:00"},
    {"answer_hours": "08:00-08:00"}, {"answer_hours": "24:00-08:00"},
    {"rollover_message_zh": "转接{centre}"}, {"menu_choice_en": "press {digits"},
    {"menu_timeout_seconds": 1},
])
def test_telephony_toml_refuses_what_would_fail_on_a_call(fields):
    with pytest.raises(ValidationError):
        TelephonyPolicy(**fields)


@pytest.mark.parametrize("hours, at, answers", [
    ("", "03:00", True),
    ("08:00-22:00", "07:59", False), ("08:00-22:00", "08:00", True),
    ("08:00-22:00", "22:00", False),
    ("20:00-08:00", "23:30", True), ("20:00-08:00", "07:00", True),
    ("20:00-08:00", "12:00", False),
    ("08:00-24:00", "23:59", True), ("08:00-24:00", "00:30", False),
])
def test_answer_hours_in_the_centres_own_time(hours, at, answers):
    assert TelephonyPolicy(answer_hours=hours).answers_at(time.fromisoformat(at)) is answers
