"""Referral directory search over 20,000 services (target: p95 under 20 ms on SQLite).

    python scripts/bench_resources.py [--services 20000] [--queries 400]
                                      [--database-url postgresql://...]

Builds a directory of believable services (names, descriptions, categories and regions
recombined from the demo directory), then runs a mix of searches the way operators type them:
three-or-more-character Chinese terms (the trigram index), two-character terms (抑郁, 家暴:
the second path), English, two terms, with and without region and category filters.
Prints p50/p95/p99/max through the service (wall clock, and this process's CPU time, which a
busy machine inflates less) and through the HTTP API, and the floor measured in the same run:
a bare commit and a bare ``SELECT 1``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import text
from sqlmodel import Session

from hotline import migrate
from hotline.db import make_engine
from hotline.resources import demo, search, vocabulary
from hotline.resources.models import Resource
from hotline.resources.schemas import ResourceSearch
from hotline.resources.service import derive

CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "重庆", "西安", "天津",
          "苏州", "长沙", "郑州", "沈阳", "青岛", "昆明", "大连", "厦门", "合肥", "福州", "济南"]
DISTRICTS = ["东城", "西城", "朝阳", "海淀", "浦东", "徐汇", "天河", "越秀", "南山", "福田", "西湖",
             "鼓楼", "江岸", "武侯", "渝中", "雁塔", "和平", "高新", "滨江", "江北"]
KINDS = ["心理咨询中心", "精神卫生中心", "社区心理服务站", "青少年成长中心", "妇女儿童服务中心",
         "老年关爱中心", "戒毒康复中心", "法律援助站", "社会救助站", "哀伤辅导室", "学生心理中心",
         "医院急诊", "心理援助热线", "残疾人服务中心", "就业帮扶中心"]
QUERIES = ["青少年", "心理咨询", "精神卫生", "急诊", "抑郁", "焦虑", "家暴", "哀伤", "老年",
           "法律援助", "戒毒", "学生", "北京 青少年", "上海 急诊", "counselling", "youth",
           "海淀 心理", "援助热线", "社区", "康复中心"]


def build(engine, count: int, rng: random.Random) -> None:
    words = vocabulary.load()
    regions = [r for r in words.regions if r != "national"]
    categories = list(words.categories)
    rows = []
    for i in range(count):
        _name, cats, _region, _phone, _address, hours, who, desc = rng.choice(demo.SERVICES)
        city, district, kind = rng.choice(CITIES), rng.choice(DISTRICTS), rng.choice(KINDS)
        resource = Resource(
            name=f"{city}市{district}区{kind}（{i}）",
            description=f"{desc} {rng.choice(['抑郁', '焦虑', '失眠', '家庭矛盾', '学业压力', '失业'])}"
                        f"相关的支持与转介。",
            categories=sorted(set(cats) | {rng.choice(categories)}),
            region=rng.choice(regions), phone=f"+86{rng.randrange(10**9, 10**10)}",
            address=f"{city}市{district}区{rng.randrange(1, 500)}号", opening_hours=hours,
            eligibility=who, languages=["zh"],
        )
        derive(resource)
        rows.append({k: v for k, v in resource.model_dump().items() if k != "id"})
    with engine.begin() as conn:
        conn.execute(Resource.__table__.insert(), rows)  # type: ignore[attr-defined]
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE resource"))


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000
    return (f"p50 {pick(0.5):.2f} ms, p95 {pick(0.95):.2f} ms, p99 {pick(0.99):.2f} ms, "
            f"max {ordered[-1] * 1000:.2f} ms")


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--database-url", help="default: a scratch SQLite file")
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/directory.db"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate.upgrade(engine)
        t0 = time.perf_counter()
        build(engine, args.services, rng)
        print(f"{engine.dialect.name}: {args.services} services built in "
              f"{time.perf_counter() - t0:.1f} s")
        words = vocabulary.load()
        plans = []
        for i in range(args.queries):
            params: dict[str, object] = {"q": QUERIES[i % len(QUERIES)]}
            if i % 3 == 1:
                params["region"] = rng.choice(list(words.regions))
            if i % 5 == 2:
                params["category"] = rng.choice(list(words.categories))
            plans.append(ResourceSearch.model_validate(params))
        hits = []
        with Session(engine) as session:
            for p in plans[:40]:  # warm the page cache
                search.search(session, p)
            samples, cpu = [], []
            for p in plans:
                t1, c1 = time.perf_counter(), time.process_time()
                _rows, total = search.search(session, p)
                samples.append(time.perf_counter() - t1)
                cpu.append(time.process_time() - c1)
                hits.append(total)
            print(f"search (service, {len(plans)} queries, median {statistics.median(hits):.0f} "
                  f"matches, top 20 returned): {percentiles(samples)}")
            print(f"  CPU time of this process (the same searches without waiting for a "
                  f"busy machine's cores): {percentiles(cpu)}")
            two = [s for s, p in zip(samples, plans, strict=True)
                   if all(len(w) < 3 for w in search.terms(p.q))]
            print(f"  of which two-character terms only ({len(two)}): {percentiles(two)}")
        http_samples = http(engine, plans)
        print(f"search (GET /api/resources, in-process HTTP): {percentiles(http_samples)}")
        floor(engine)
        engine.dispose()


def http(engine, plans: list[ResourceSearch]) -> list[float]:
    """The same searches through the API (auth, validation, JSON) on an in-process client."""
    from fastapi.testclient import TestClient
    from local_server import KEYS  # throwaway keys for this run

    from hotline.app import create_app
    from hotline.auth import service as auth_service
    from hotline.auth.models import Account
    from hotline.config import PROJECT_ROOT, Settings
    from hotline.staff.models import Staff

    settings = Settings(database_url=engine.url.render_as_string(hide_password=False),
                        run_scheduler=False, schedules_dir=PROJECT_ROOT / "schedules",
                        session_key=KEYS["HOTLINE_SESSION_KEY"],
                        caller_key_secret=KEYS["HOTLINE_CALLER_KEY_SECRET"],
                        sealing_keys=KEYS["HOTLINE_SEALING_KEYS"])
    with Session(engine) as s:
        staff = Staff(full_name="Bench", roles=["operator"])
        s.add(staff)
        s.flush()
        account = Account(staff_id=staff.id, username="bench",
                          password_hash=auth_service.hash_password("bench-password"))
        s.add(account)
        s.flush()
        token, _ = auth_service.start_session(s, settings, account=account, staff=staff,
                                              client_addr="127.0.0.1")
        s.commit()
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, engine=engine)) as client:
        query = [p.model_dump(exclude_defaults=True) for p in plans]
        for q in query[:40]:
            client.get("/api/resources", params=q, headers=headers)
        return [t for q in query for t in timed(
            lambda q=q: client.get("/api/resources", params=q, headers=headers), 1)]


def floor(engine) -> None:
    """What the machine costs anyway, measured now: a bare commit and a bare round trip."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("CREATE TABLE IF NOT EXISTS bench_floor (x INTEGER)"))
            conn.commit()

        def commit() -> None:
            conn.execute(text("INSERT INTO bench_floor VALUES (1)") if engine.dialect.name
                         == "sqlite" else text("SELECT 1"))
            conn.commit()

        commits = timed(commit, 200)
        selects = timed(lambda: conn.execute(text("SELECT 1")).scalar(), 200)
    print(f"floor: bare commit {percentiles(commits)}; bare SELECT 1 {percentiles(selects)}")


if __name__ == "__main__":
    main()
