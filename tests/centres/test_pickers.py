"""Pickers name only the reader's centres' people: the contact list's operator filter, the
supervision form and the teams page of one centre (and the follow-up owners and care-plan
people, from the same choices) do not list another centre's staff: their names would leak
what the staff list itself hides (the supervision hours list the own centres too)."""

from __future__ import annotations

import pytest

from tests.operator_ui.conftest import log_in  # noqa: F401  (fixture)

PAGES = {"supervisor": ["/contacts", "/care/supervision"],
         "admin": ["/staff/teams"]}


@pytest.mark.parametrize("role", sorted(PAGES))
def test_a_centres_pickers_do_not_name_another_centres_people(client, make_person, centres,
                                                              log_in, role):  # noqa: F811
    main, gz = centres["main"].id, centres["gz"].id
    make_person("operator", centre_id=main, full_name="Ma Mainland")
    make_person("operator", "supervisor", centre_id=gz, full_name="Guo Elsewhere")
    reader = make_person(role, centre_id=main)
    if role == "admin":  # the teams page offers people to add to each team
        r = client.post("/api/teams", json={"code": "night", "name_en": "Night",
                                            "kind": "operators"}, headers=reader.headers)
        assert r.status_code == 201, r.text
    log_in(reader)
    for path in PAGES[role]:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        assert "Ma Mainland" in page.text, path
        assert "Guo Elsewhere" not in page.text, path


def test_the_province_picks_from_every_centre(client, make_person, centres, log_in):  # noqa: F811
    make_person("operator", centre_id=centres["gz"].id, full_name="Guo Elsewhere")
    log_in(make_person("provincial_supervisor", centre_id=centres["main"].id))
    assert "Guo Elsewhere" in client.get("/contacts").text
