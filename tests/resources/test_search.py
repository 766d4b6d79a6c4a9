"""Directory search on the engine's trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL):
any Chinese substring of two or more characters, every term must match, best first."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from hotline.db import utcnow
from hotline.resources import demo
from hotline.resources.search import terms


@pytest.fixture
def directory(engine):
    with Session(engine) as s:
        demo.seed(s, utcnow().date())
        s.commit()


def _names(client, person, **params):
    r = client.get("/api/resources", params=params, headers=person.headers)
    assert r.status_code == 200, r.text
    return [i["name"] for i in r.json()["items"]]


@pytest.mark.parametrize(("q", "expected"), [
    ("青少年", "北京市青少年心理咨询中心"),  # three characters: the trigram index
    ("咨询中心", "北京市青少年心理咨询中心"),
    ("抑郁", "北京大学第六医院 精神科门诊"),  # two characters: the second path
    ("哀伤", "上海哀伤辅导工作室"),
    ("家暴", "上海市反家暴庇护所"),
    ("12356", "全国心理援助热线（12356）"),
    ("english", "Beijing International Counselling Centre"),  # case-insensitive
    ("Domestic violence", "上海市反家暴庇护所"),  # English category label
])
def test_finds_by_any_substring(client, make_person, directory, q, expected):
    assert expected in _names(client, make_person("operator"), q=q, limit=50)


def test_every_term_must_match_and_filters_narrow(client, make_person, directory):
    op = make_person("operator")
    both = _names(client, op, q="急诊 上海")
    assert both == ["上海市精神卫生中心 急诊"]
    in_beijing = _names(client, op, q="急诊", region="CN-BJ")
    assert in_beijing and all("北京" in n for n in in_beijing)
    youth = _names(client, op, category="youth", limit=50)
    assert "成都市青少年成长服务中心" in youth and "上海市戒毒康复中心" not in youth
    assert _names(client, op, q="不存在的服务名称") == []


def test_name_matches_rank_first(client, make_person, directory):
    names = _names(client, make_person("operator"), q="心理援助热线")
    in_name = ["心理援助热线" in n for n in names]
    assert in_name.count(True) >= 3 and in_name.count(False) >= 1  # also found in descriptions
    assert in_name == sorted(in_name, reverse=True)


def test_like_wildcards_are_literal(client, make_person, directory):
    op = make_person("operator")
    assert _names(client, op, q="%") == [] and _names(client, op, q="_") == []
    assert _names(client, op, q='"') == []  # a quote cannot break the FTS query


def test_terms_split_on_any_whitespace():
    assert terms("  急诊\u3000上海  急诊 ") == ["急诊", "上海"]
