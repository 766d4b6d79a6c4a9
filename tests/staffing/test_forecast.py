"""The staffing forecast: arrivals and handle time per local hour of the week from real
contacts, operators by Erlang C against hand-computed values, the API and the CLI diff."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from hotline import cli
from hotline.config import get_settings
from hotline.contacts.models import Contact, ContactStatus
from hotline.db import make_engine, utcnow
from hotline.migrate import upgrade
from hotline.policies import load
from hotline.staffing.forecast import forecast
from hotline.wallclock import at

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 11, 9)
NOW = at(date(2026, 11, 10), time(12), SHANGHAI)  # Tuesday noon: last week is Tue..Mon


def erlang_c_seats(arrivals: float, aht_s: float, target: float, within_s: float,
                   max_occupancy: float, shrinkage: float) -> int:
    """The textbook Erlang C sizing, written out here only to check the library's answer."""
    a = arrivals * aht_s / 3600
    n = max(math.floor(a) + 1, 1)
    while True:
        top = a ** n / math.factorial(n) * n / (n - a)
        p_wait = top / (sum(a ** k / math.factorial(k) for k in range(n)) + top)
        if 1 - p_wait * math.exp(-(n - a) * within_s / aht_s) >= target:
            break
        n += 1
    if a / n > max_occupancy:
        n = math.ceil(a / max_occupancy)
    return math.ceil(n / (1 - shrinkage))


def contacts(session: Session, start: datetime, answered: int, handle_s: int,
             abandoned: int = 0) -> None:
    for i in range(answered):
        received = start + timedelta(seconds=60 * i)
        session.add(Contact(channel="voice", status=ContactStatus.completed, received_at=received,
                            answered_at=received + timedelta(seconds=8),
                            ended_at=received + timedelta(seconds=8 + handle_s)))
    for i in range(abandoned):
        session.add(Contact(channel="voice", status=ContactStatus.abandoned,
                            received_at=start + timedelta(seconds=30 + 60 * i)))
    session.commit()


@pytest.fixture
def demand(session: Session) -> None:
    # Monday 10:00: 29 answered calls of 6 minutes and one abandoned: 30 offered, 3 Erlangs.
    contacts(session, at(MONDAY, time(10), SHANGHAI), 29, 360, abandoned=1)
    # Monday 03:00: two calls of 20 minutes.
    contacts(session, at(MONDAY, time(3), SHANGHAI), 2, 1200)
    # A drill and a contact from before the window never count.
    session.add(Contact(channel="voice", received_at=at(MONDAY, time(10), SHANGHAI),
                        is_drill=True))
    contacts(session, at(MONDAY - timedelta(days=7), time(10), SHANGHAI), 5, 60)


def test_rows_match_hand_computed_erlang_c(session, demand):
    policies = load(get_settings().schedules_dir)
    records = policies.records
    rows = forecast(session, weeks=1, now=NOW, zone=SHANGHAI, policies=policies)
    assert len(rows) == 168 and (rows[0].weekday, rows[0].hour) == ("mon", 0)
    busy, night = rows[10], rows[3]
    assert (busy.weekday, busy.hour, busy.arrivals_per_hour, busy.aht_s) == ("mon", 10, 30, 360)
    assert (night.arrivals_per_hour, night.aht_s) == (2, 1200)
    # By hand: 3 Erlangs need 6 seats for 80% in 20 s (5 give 78.9%), 6 / 0.7 -> 9 rostered;
    # 0.67 Erlangs need 2 seats (83.7%), 2 / 0.7 -> 3.
    assert (busy.required_operators, night.required_operators) == (9, 3)
    for row in (busy, night):
        assert row.required_operators == erlang_c_seats(
            row.arrivals_per_hour, row.aht_s, records.service_level_target,
            records.service_level_seconds, records.max_occupancy, records.shrinkage)
    assert (busy.policy_minimum, busy.recommended) == (2, 9)
    assert (night.policy_minimum, night.recommended) == (2, 3)
    assert busy.service_level is not None and busy.service_level >= 0.8
    assert busy.occupancy is not None and busy.occupancy <= 0.85
    quiet = rows[24 + 10]  # Tuesday 10:00: no contacts, the minimum stands
    assert (quiet.arrivals_per_hour, quiet.required_operators, quiet.recommended) == (0, 0, 2)
    evening = rows[20]
    assert (evening.policy_minimum, evening.recommended) == (3, 3)


def test_api_answers_rows_and_refuses_bad_windows(client, make_person, demand):
    boss, operator = make_person("supervisor"), make_person("operator")
    answer = client.get("/api/staffing/forecast", headers=boss.headers)
    assert answer.status_code == 200
    rows = answer.json()
    assert len(rows) == 168
    assert set(rows[0]) >= {"weekday", "hour", "arrivals_per_hour", "aht_s",
                            "required_operators", "policy_minimum", "recommended"}
    for weeks in ("53", "0", "-1", "many", "1e9"):
        bad = client.get(f"/api/staffing/forecast?weeks={weeks}", headers=boss.headers)
        assert bad.status_code == 422 and bad.json()["detail"], weeks
    assert client.get("/api/staffing/forecast", headers=operator.headers).status_code == 403
    assert client.get("/api/staffing/forecast").status_code == 401


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("HOTLINE_DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def test_propose_prints_coverage_rules_as_a_diff(cli_db, capsys):
    # Yesterday 10:00 local: 3 Erlangs, as above.
    yesterday = utcnow().astimezone(SHANGHAI).date() - timedelta(days=1)
    with Session(cli_db) as s:
        contacts(s, at(yesterday, time(10), SHANGHAI), 29, 360, abandoned=1)
    assert cli.main(["staffing", "propose", "--weeks", "1"]) == 0
    out = capsys.readouterr().out
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[yesterday.weekday()]
    assert "coverage.toml (proposed)" in out
    assert (f'+name = "demand 10-11"\n+days = ["{day}"]\n+from = "10:00"\n+to = "11:00"\n'
            "+operator = 9\n") in out
    # The evening peak nobody's demand supports is proposed away; dated rules stay.
    assert '-name = "evening peak"' in out
    assert '-name = "exam results"' not in out


def test_propose_refuses_a_window_over_a_year(cli_db, capsys):
    assert cli.main(["staffing", "propose", "--weeks", "53"]) == 2
    assert "--weeks must be 1-52" in capsys.readouterr().err
