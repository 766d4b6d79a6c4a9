"""The lending form on the coverage board: a supervisor lends one of their own people to
another centre for a shift; refusals come back on the form, readable, in both languages, and
nothing is half-written. Only the home centre's supervisor lends (they alone list their
people); another centre's person cannot be posted in."""

from __future__ import annotations

from html import unescape

from sqlmodel import Session, select

from hotline.roster.models import Shift
from tests.operator_ui.conftest import csrf
from tests.roster.test_shifts_api import TOMORROW


def _form(client, **values: str) -> dict[str, str]:
    return {"csrf_token": csrf(client), "position": "operator", "day": TOMORROW.isoformat(),
            "start": "08:00", "end": "16:00", **values}


def _shifts(engine) -> list[Shift]:
    with Session(engine) as s:
        return list(s.exec(select(Shift)))


def test_a_supervisor_lends_their_person_through_the_form(client, engine, make_person, centres,
                                                          log_in):
    sz_sup = make_person("supervisor", centre_id=centres["sz"].id)
    lin = make_person("operator", centre_id=centres["sz"].id, full_name="Lin Lent")
    make_person("operator", centre_id=centres["gz"].id, full_name="Guo Guangzhou")
    log_in(sz_sup)
    board = client.get("/roster/board?lang=en")
    assert 'href="/roster/lend"' in board.text
    page = client.get("/roster/lend?lang=en")
    assert page.status_code == 200
    assert "Lin Lent" in page.text and "Guo Guangzhou" not in page.text  # own people only
    assert "Guangzhou Hotline" in page.text and 'value="sz"' not in page.text  # other centres

    r = client.post("/roster/lend", data=_form(client, staff_id=str(lin.id), centre="gz"),
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    assert "done=lent" in r.headers["location"]
    [shift] = _shifts(engine)
    assert (shift.staff_id, shift.centre_id, shift.position) == (lin.id, centres["gz"].id,
                                                                  "operator")
    assert (shift.end - shift.start).total_seconds() == 8 * 3600
    after = client.get(r.headers["location"])
    assert "Lent: the shift is on both centres" in after.text
    assert "Lin Lent" in after.text and "Guangzhou Hotline" in after.text  # lent out, shown


def test_refusals_come_back_on_the_form_in_both_languages(client, engine, make_person, centres,
                                                          log_in):
    sz_sup = make_person("supervisor", centre_id=centres["sz"].id)
    lin = make_person("operator", centre_id=centres["sz"].id, full_name="Lin Lent")
    gz_op = make_person("operator", centre_id=centres["gz"].id)
    log_in(sz_sup)
    # Another centre's person, the own centre as host, no day: each said, none saved.
    r = client.post("/roster/lend?lang=en", data=_form(client, staff_id=str(gz_op.id),
                                                       centre="sz", day="", end="25:00"))
    assert r.status_code == 422
    for said in ("Choose one of your centre's people.", "Choose another centre of the network.",
                 "Give the day of the shift.", "Give the time the shift ends."):
        assert said in unescape(r.text)
    zh = client.post("/roster/lend?lang=zh", data=_form(client, staff_id="x", centre="hk"))
    assert zh.status_code == 422 and "请选择本中心的人员" in zh.text
    assert "请选择网络中的另一个中心" in zh.text

    # A service refusal (the person already works elsewhere then) keeps the form and its values.
    assert client.post("/roster/lend", data=_form(client, staff_id=str(lin.id), centre="gz"),
                       follow_redirects=False).status_code == 303
    again = client.post("/roster/lend?lang=zh", data=_form(client, staff_id=str(lin.id),
                                                           centre="gd", start="12:00",
                                                           end="20:00"))
    assert again.status_code == 422
    assert "同一时间只能在一个中心工作" in again.text and "广州市心理援助热线" in again.text
    assert 'value="gd" selected' in again.text
    assert len(_shifts(engine)) == 1


def test_only_supervisors_lend_and_a_single_centre_has_nobody_to_lend_to(
        client, make_person, centres, log_in):
    op = make_person("operator", centre_id=centres["sz"].id)
    log_in(op)
    assert client.get("/roster/lend").status_code == 403
    r = client.post("/roster/lend", data=_form(client, staff_id=str(op.id), centre="gz"))
    assert r.status_code == 403
