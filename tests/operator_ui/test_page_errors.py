"""Errors a person can act on: in the page's language, next to the field they concern, and
never a raw JSON page."""

from __future__ import annotations

from sqlmodel import Session, select

from hotline.contacts.models import Contact
from tests.operator_ui.conftest import csrf


def _post_contact(client, **fields):
    data = {"csrf_token": csrf(client), "channel": "voice", "call_type": "data",
            "risk.wish_dead": "no", "risk.suicidal_thoughts": "no", **fields}  # Q1, Q2 asked
    return client.post("/contacts/new", data=data)


def test_a_time_error_is_marked_on_its_field_in_the_pages_language(client, make_person, log_in,
                                                                    engine):
    log_in(make_person("operator"))
    client.get("/contacts/new?lang=zh")
    r = _post_contact(client, received_at="2026-11-20T10:00", answered_at="2026-11-20T09:00")
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert 'id="answered_at" name="answered_at" value="2026-11-20T09:00" aria-invalid="true" ' \
           'aria-describedby="answered_at-problem"' in r.text
    assert '<p class="field-problem" id="answered_at-problem">接听时间早于来电时间。</p>' in r.text
    assert "answered_at is before" not in r.text
    with Session(engine) as s:
        assert s.exec(select(Contact)).all() == []


def test_notes_over_the_limit_keep_the_text_and_say_so_by_the_field(client, make_person, log_in):
    log_in(make_person("operator"))
    long_note = "我" * 20_001  # records.toml: notes_max_chars = 20000
    r = _post_contact(client, notes=long_note)
    assert r.status_code == 422
    assert 'id="notes-problem">The notes are longer than the limit' in r.text
    assert long_note in r.text  # nothing the operator typed is lost
    assert 'data-count-limit="20000"' in r.text and "20001 of 20000 characters" in r.text


def test_an_oversized_request_is_a_page_not_json(client, make_person, log_in):
    log_in(make_person("operator"))
    r = _post_contact(client, notes="x" * 1_100_000)
    assert r.status_code == 413 and "text/html" in r.headers["content-type"]
    assert "shorten the longest text" in r.text
    client.get("/contacts/new?lang=zh")
    r = _post_contact(client, notes="x" * 1_100_000)
    assert "内容超出表单容量" in r.text


def test_unknown_pages_are_pages_and_the_api_keeps_json(client, make_person, log_in):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "This page does not exist." in r.text
    assert client.get("/api/no-such-thing").json() == {"detail": "Not Found"}


def test_a_refusal_for_a_role_reads_in_the_pages_language(client, make_person, log_in):
    log_in(make_person("operator"))
    r = client.get("/staff?lang=zh")
    assert r.status_code == 403
    assert "你的角色不能进行此操作" in r.text and "view_staff" not in r.text


def test_a_service_refusal_is_said_in_chinese_by_its_field(client, make_person, log_in):
    make_person("operator", username="taken")
    log_in(make_person("admin"))
    client.get("/staff/new?lang=zh")
    r = client.post("/staff/new", data={
        "csrf_token": csrf(client), "full_name": "新同事", "roles": ["operator"],
        "username": "taken", "password": "pw-12345678"})
    assert r.status_code == 409
    assert '<a href="#username">用户名</a>: 用户名 taken 已被使用，请换一个。' in r.text
    assert 'id="username" name="username" value="taken" aria-invalid="true"' in r.text
    assert "is taken" not in r.text


def test_a_refusal_with_values_is_said_in_chinese_next_to_its_field(client, make_person, log_in):
    log_in(make_person("operator"))
    client.get("/contacts/new?lang=zh")
    r = _post_contact(client, notes="我" * 20_001)
    assert r.status_code == 422
    assert ('<p class="field-problem" id="notes-problem">'
            '记录内容超出字数上限（20001/20000 字）：请删减后再保存。</p>') in r.text
