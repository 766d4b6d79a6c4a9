"""SMS and voice alerts through the real twilio client against a local fake Twilio; signed
webhooks for reply codes, keypresses and delivery status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from hotline import jobs
from hotline.crisis.models import DeliveryStatus, Escalation, Notification
from tests.crisis.conftest import HIGH, IMMINENT


def _escalation(client, team, screen=HIGH):
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": screen},
                    headers=team.operator.headers)
    return r.json()["escalation"]


def _note(engine, channel):
    with Session(engine) as s:
        return s.exec(select(Notification).where(Notification.channel == channel)
                      .order_by(Notification.id)).first()


def test_sms_goes_out_once_with_its_code(client, on_call, engine, settings, fake_twilio):
    team = on_call()
    _escalation(client, team)
    notifier = jobs.make_notifier(settings)
    assert jobs.deliver_alerts(engine, notifier) == 1
    assert jobs.deliver_alerts(engine, notifier) == 0  # idempotent: nothing twice
    (sent,) = fake_twilio.of_kind("sms")
    note = _note(engine, "sms")
    assert sent["form"]["To"] == team.primary.staff.phone
    assert sent["form"]["From"] == "+8610012356"
    assert note.reply_code in sent["form"]["Body"]
    assert sent["form"]["StatusCallback"] == f"http://testserver/twilio/status?notification_id={note.id}"
    assert note.status == DeliveryStatus.sent and note.provider_sid == sent["sid"]


def test_provider_errors_are_retried_with_backoff(client, on_call, engine, settings, fake_twilio):
    team = on_call()
    _escalation(client, team)
    notifier = jobs.make_notifier(settings)
    fake_twilio.fail_next = 2
    now = datetime.now(UTC)
    assert jobs.deliver_alerts(engine, notifier, now=now) == 0
    note = _note(engine, "sms")
    assert note.status == DeliveryStatus.pending and note.tries == 1 and "500" in note.last_error
    assert jobs.deliver_alerts(engine, notifier, now=now + timedelta(seconds=1)) == 0  # not yet
    assert jobs.deliver_alerts(engine, notifier, now=now + timedelta(seconds=3)) == 0  # 2nd fail
    assert jobs.deliver_alerts(engine, notifier, now=now + timedelta(seconds=10)) == 1
    assert len(fake_twilio.of_kind("sms")) == 1


def test_undeliverable_alert_moves_on_at_once(client, on_call, engine, settings, fake_twilio):
    team = on_call()
    esc = _escalation(client, team)
    notifier = jobs.make_notifier(settings)
    fake_twilio.fail_next = 100
    now = datetime.now(UTC)
    for i in range(4):
        jobs.deliver_alerts(engine, notifier, now=now + timedelta(seconds=40 * i))
    assert _note(engine, "sms").status == DeliveryStatus.failed
    with Session(engine) as s:
        assert s.get(Escalation, esc["id"]).tier_index == 1  # long before the 180 s timeout


def test_sms_reply_code_acknowledges(client, on_call, engine, settings, post_twilio):
    team = on_call()
    esc = _escalation(client, team)
    jobs.deliver_alerts(engine, jobs.make_notifier(settings))
    note = _note(engine, "sms")
    r = post_twilio("/twilio/sms", {"From": "+86 111", "Body": note.reply_code})
    assert r.status_code == 200 and "not recognised" in r.text  # right code, wrong phone
    r = post_twilio("/twilio/sms", {"From": team.primary.staff.phone, "Body": "000000"})
    assert "not recognised" in r.text
    with Session(engine) as s:
        assert s.get(Escalation, esc["id"]).state == "notified"
    r = post_twilio("/twilio/sms", {"From": team.primary.staff.phone, "Body": f" {note.reply_code}"})
    assert r.status_code == 200 and "Acknowledged" in r.text
    r = post_twilio("/twilio/sms", {"From": team.primary.staff.phone, "Body": note.reply_code})
    assert "Acknowledged" in r.text  # Twilio retried: same answer, nothing changes
    with Session(engine) as s:
        e = s.get(Escalation, esc["id"])
        assert (e.state, e.acknowledged_by, e.acknowledged_via) == (
            "acknowledged", team.primary.id, "sms")


def test_unsigned_or_badly_signed_webhooks_are_refused(client, on_call, engine, post_twilio):
    team = on_call()
    esc = _escalation(client, team)
    note = _note(engine, "sms")
    form = {"From": team.primary.staff.phone, "Body": note.reply_code}
    assert post_twilio("/twilio/sms", form, signed=False).status_code == 403
    r = client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": "bogus"})
    assert r.status_code == 403 and r.json()["detail"] == "Invalid Twilio signature."
    with Session(engine) as s:
        assert s.get(Escalation, esc["id"]).state == "notified"


def test_voice_keypress_acknowledges(client, on_call, engine, settings, post_twilio, fake_twilio):
    team = on_call()
    esc = _escalation(client, team, IMMINENT)
    jobs.deliver_alerts(engine, jobs.make_notifier(settings))
    calls = fake_twilio.of_kind("call")  # imminent: primary, backup and supervisor at once
    assert sorted(c["form"]["To"] for c in calls) == sorted(
        p.staff.phone for p in (team.primary, team.backup, team.supervisor))
    call = calls[0]
    assert "<Gather" in call["form"]["Twiml"] and "Press 1" in call["form"]["Twiml"]
    note = _note(engine, "voice")
    r = post_twilio(f"/twilio/voice/alert?notification_id={note.id}", {"Digits": "9"})
    assert "Not acknowledged" in r.text
    r = post_twilio(f"/twilio/voice/alert?notification_id={note.id}", {"Digits": "1"})
    assert r.status_code == 200 and "<Say" in r.text
    with Session(engine) as s:
        assert s.get(Escalation, esc["id"]).acknowledged_via == "voice"


def test_no_answer_moves_on_once_every_channel_failed(client, on_call, engine, settings,
                                                      post_twilio):
    team = on_call(skip=("crisis_backup", "supervisor"))  # the first tier: the primary alone
    esc = _escalation(client, team, IMMINENT)
    jobs.deliver_alerts(engine, jobs.make_notifier(settings))
    voice, sms = _note(engine, "voice"), _note(engine, "sms")
    assert post_twilio(f"/twilio/status?notification_id={voice.id}",
                       {"CallStatus": "no-answer"}).status_code == 204
    with Session(engine) as s:  # the SMS may still be read: wait
        assert s.get(Escalation, esc["id"]).tier_index == 0
    post_twilio(f"/twilio/status?notification_id={sms.id}", {"MessageStatus": "undelivered"})
    post_twilio(f"/twilio/status?notification_id={sms.id}", {"MessageStatus": "undelivered"})
    with Session(engine) as s:
        e = s.get(Escalation, esc["id"])
        assert e.tier_index == 1 and e.state == "notified"
    assert post_twilio("/twilio/status?notification_id=424242",
                       {"CallStatus": "busy"}).status_code == 404


def test_twilio_not_configured_means_console_only(client, on_call, engine, settings, app):
    app.state.settings = settings.model_copy(update={"twilio_account_sid": ""})
    team = on_call()
    esc = _escalation(client, team, IMMINENT)
    assert {n["channel"] for n in esc["notifications"]} == {"console"}
    assert esc["phone_channels"] == []  # the console says plainly: consoles only


def test_a_late_keypress_goes_through_the_same_checks_as_the_console(
    client, on_call, engine, settings, post_twilio,
):
    """Every channel ends in crisis.service.acknowledge: a keypress on an alert call after
    the case went on to a rescue in progress is "taken" and leaves the case as it is."""
    team = on_call()
    esc = _escalation(client, team, IMMINENT)
    jobs.deliver_alerts(engine, jobs.make_notifier(settings))
    assert client.post(f"/api/escalations/{esc['id']}/ack",
                       headers=team.primary.headers).status_code == 200
    r = client.post(f"/api/escalations/{esc['id']}/resolve", headers=team.primary.headers,
                    json={"outcome": "110 on the way", "rescue": {"contacted_110": True,
                                                                  "person_reached": False}})
    assert r.status_code == 200, r.text
    with Session(engine) as s:
        late = s.exec(select(Notification).where(Notification.channel == "voice")
                      .where(Notification.recipient_id == team.backup.id)).first()
        assert s.get(Escalation, esc["id"]).state == "rescue_pending"
    r = post_twilio(f"/twilio/voice/alert?notification_id={late.id}", {"Digits": "1"})
    assert r.status_code == 200 and "Already taken" in r.text
    with Session(engine) as s:
        e = s.get(Escalation, esc["id"])
        assert (e.state, e.acknowledged_by, e.acknowledged_via) == (
            "rescue_pending", team.primary.id, "console")
