"""Demo staff: a believable Chinese hotline of 40 people, with teams, duties, certificates."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session

from hotline.auth.models import Account
from hotline.db import id_of
from hotline.staff.models import Duty, Qualification, Staff, Team, TeamKind, TeamMembership

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["婷", "伟", "芳", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
         "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晓燕", "佳怡", "子涵", "浩然",
         "雨欣", "思远", "嘉怡", "文博", "欣然", "梓轩", "一鸣", "若曦", "俊杰", "雅琴"]
CRISIS_CERT = "心理危机干预培训证书"
COUNSELLOR = ("心理咨询师（国家职业资格）", "人力资源和社会保障部")
THERAPIST = ("心理治疗师（卫生专业技术资格）", "国家卫生健康委员会")
SUPERVISOR_CERT = ("注册督导师（临床与咨询心理学）", "中国心理学会")
# The English-language line has a few colleagues who trained abroad.
ENGLISH_NAMES = {"supervisor5": "Sarah Mitchell", "operator22": "Emily Carter",
                 "operator23": "Daniel Wong"}
MOBILE_PREFIXES = ["138", "139", "136", "150", "152", "158", "177", "186", "189"]
CRISIS_DUTIES = [Duty.leader, Duty.psychiatrist, Duty.counsellor, Duty.counsellor,
                 Duty.counsellor, Duty.social_worker, Duty.social_worker, Duty.liaison]


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        if name not in used:
            used.add(name)
            return name


def seed_people(session: Session, *, password_hash: str, today: date, rng: random.Random,
                prefix: str = "", centre_id: int | None = None,
                city: tuple[str, str] = ("", ""), operators: int = 24) -> dict[str, Staff]:
    """Accounts admin, supervisor1-5, lead1-2, operator1-24, crisis1-8 (one shared hash).

    Another centre of a network (``prefix`` "shenzhen-") gets the same team without the
    admin, each account prefixed ("shenzhen-operator1"), its teams named after the city."""
    used: set[str] = set()
    plan = ([] if prefix else [("admin", ["admin"])]) + [
        *[(f"supervisor{i}", ["supervisor"]) for i in range(1, 6)],
        *[(f"lead{i}", ["team_lead", "operator"] if i == 1 else ["team_lead"])
          for i in range(1, 3)],
        *[(f"operator{i}", ["operator"]) for i in range(1, operators + 1)],
        *[(f"crisis{i}", ["crisis_responder"]) for i in range(1, 9)]]
    people: dict[str, Staff] = {}
    for n, (name, roles) in enumerate(plan, start=1):
        username = prefix + name
        english = not prefix and name in ENGLISH_NAMES
        languages = ["zh", "en"] if rng.random() < 0.4 else (["zh", "yue"] if n % 9 == 0 else ["zh"])
        staff = Staff(
            full_name=ENGLISH_NAMES[name] if english else _name(rng, used), roles=roles,
            phone=f"+86{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}",
            email=f"{username}@hotline.example.org",
            languages=["en", "zh"] if english else languages,
            # Pre-service hours: everyone trained, except operator24 who joined last month.
            prior_training_hours=12 if name == "operator24" else 40 + rng.randrange(0, 30),
            centre_id=centre_id,
        )
        session.add(staff)
        session.flush()
        session.add(Account(staff_id=id_of(staff), username=username, password_hash=password_hash,
                            language="en" if username in ("admin", "supervisor5") else None))
        people[username] = staff
    city_zh, city_en = city
    # Team codes are per centre: each centre has its own ``operators`` and ``crisis``.
    operators_team = Team(code="operators", name_zh=f"{city_zh}接线员团队",
                          name_en=f"{city_en} operator team" if city_en else "Operator team",
                          kind=TeamKind.operators, centre_id=centre_id)
    crisis = Team(code="crisis", name_zh=f"{city_zh}心理危机干预队伍",
                  name_en=f"{city_en} crisis-intervention team" if city_en
                  else "Crisis-intervention team", kind=TeamKind.crisis, centre_id=centre_id)
    session.add_all([operators_team, crisis])
    session.flush()
    for username, staff in people.items():
        if "operator" in staff.roles:
            session.add(TeamMembership(team_id=id_of(operators_team), staff_id=id_of(staff),
                                       duty=Duty.leader if username == f"{prefix}lead1"
                                       else Duty.member))
    for i, duty in enumerate(CRISIS_DUTIES, start=1):
        session.add(TeamMembership(team_id=id_of(crisis),
                                   staff_id=id_of(people[f"{prefix}crisis{i}"]), duty=duty))
    _qualifications(session, people, today, rng, prefix)
    return people


def _qualifications(session: Session, people: dict[str, Staff], today: date,
                    rng: random.Random, prefix: str = "") -> None:
    for account, staff in people.items():
        username = account.removeprefix(prefix)
        issued = today - timedelta(days=rng.randrange(200, 2000))
        if "operator" in staff.roles or "supervisor" in staff.roles:
            session.add(Qualification(staff_id=id_of(staff), kind=COUNSELLOR[0], issuer=COUNSELLOR[1],
                                      number=f"1{rng.randrange(10**12):012d}", issued_on=issued))
        if "supervisor" in staff.roles:
            session.add(Qualification(
                staff_id=id_of(staff), kind=SUPERVISOR_CERT[0], issuer=SUPERVISOR_CERT[1],
                number=f"D-{issued.year}-{rng.randrange(1000):03d}",
                issued_on=issued, expires_on=issued + timedelta(days=6 * 365)))
        if username in ("crisis1", "crisis3", "crisis4", "crisis5"):
            session.add(Qualification(staff_id=id_of(staff), kind=THERAPIST[0], issuer=THERAPIST[1],
                                      number=f"{rng.randrange(10**15):015d}", issued_on=issued))
        if username.startswith("crisis"):
            # crisis3's certificate runs out in 3 weeks: the expiry warning in the demo.
            expires = today + timedelta(days=21 if username == "crisis3" else rng.randrange(200, 700))
            session.add(Qualification(
                staff_id=id_of(staff), kind=CRISIS_CERT, issuer="中国心理卫生协会",
                number=f"CI-{rng.randrange(10**6):06d}", issued_on=expires - timedelta(days=730),
                expires_on=expires))
        if username == "crisis2":
            session.add(Qualification(staff_id=id_of(staff), kind="精神科执业医师", issuer="国家卫生健康委员会",
                                      number=f"1101{rng.randrange(10**10):010d}", issued_on=issued))
        if username in ("crisis6", "crisis7"):
            session.add(Qualification(staff_id=id_of(staff), kind="社会工作师", issuer="民政部",
                                      number=f"SW{rng.randrange(10**8):08d}", issued_on=issued))
