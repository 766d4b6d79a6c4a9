"""The imminent-rescue rule, refused in the reader's language, with its code and values: the
worst moment is when a Chinese operator must not read English."""

from __future__ import annotations

from sqlmodel import Session, select

from hotline.auth.models import Account
from hotline.language import LANG_COOKIE
from tests.crisis.conftest import IMMINENT, taken


def _resolve(client, esc, person, **headers):
    return client.post(f"/api/escalations/{esc['id']}/resolve", json={"outcome": "talked"},
                       headers={**person.headers, **headers})


def test_the_rescue_rule_in_chinese_and_in_english(client, on_call):
    team = on_call()
    esc = taken(client, team)
    zh = _resolve(client, esc, team.primary, **{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert zh.status_code == 422
    assert zh.json() == {
        "detail": "紧急风险：请先记录紧急救援结果——是否已拨打 110/120，是否已联系上当事人。"
                  "在联系上当事人之前，此个案保持开启；之后只有督导可以填写理由后结案。",
        "code": "escalation.rescue_outcome_first", "params": {"field": "rescue"},
        "field": "rescue",
    }
    en = _resolve(client, esc, team.primary, **{"Accept-Language": "en-GB"})
    assert en.json()["code"] == "escalation.rescue_outcome_first"
    assert en.json()["detail"].startswith("Imminent risk: record the rescue outcome first")


def test_the_users_own_choice_wins_over_the_browser(client, on_call, engine):
    team = on_call()
    esc = taken(client, team)
    with Session(engine) as s:  # the responder chose Chinese on their account
        account = s.exec(select(Account).where(Account.staff_id == team.primary.id)).one()
        account.language = "zh"
        s.add(account)
        s.commit()
    r = _resolve(client, esc, team.primary, **{"Accept-Language": "en"})
    assert r.json()["detail"].startswith("紧急风险")
    client.cookies.set(LANG_COOKIE, "en")  # and the page's choice (cookie) wins over both
    r = _resolve(client, esc, team.primary)
    assert r.json()["detail"].startswith("Imminent risk")


def test_a_state_is_named_in_the_readers_words(client, on_call):
    team = on_call()
    r = client.post("/api/contacts", json={"channel": "voice", "risk_screen": IMMINENT},
                    headers=team.operator.headers)
    esc = r.json()["escalation"]
    r = client.post(f"/api/escalations/{esc['id']}/resolve", json={"outcome": "talked"},
                    headers={**team.supervisor.headers, "Accept-Language": "zh"})
    assert r.status_code == 409
    assert r.json()["code"] == "escalation.not_acknowledged"
    assert r.json()["params"] == {"state": "notified"}
    assert r.json()["detail"] == "只有已确认接收的升级才能结案；这条升级目前为：已通知、尚未确认接收。"


def test_a_validation_refusal_keeps_its_list_and_is_said_in_chinese(client, on_call):
    team = on_call()
    esc = taken(client, team)
    r = client.post(f"/api/contacts/{esc['contact_id']}/break-glass", json={"reason": "急"},
                    headers={**team.primary.headers, "Accept-Language": "zh"})
    assert r.status_code == 422
    (item,) = r.json()["detail"]
    assert item["type"] == "breakglass.reason_too_short" and item["loc"] == ["body", "reason"]
    assert item["ctx"] == {"min_chars": 8}
    assert item["msg"].startswith("请用几句话说明原因（至少 8 个字）")
