"""The ``hotline`` command: serve, migrate, seed-demo, demo, policies check, create-user."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from hotline import migrate, policies
from hotline.config import Settings, get_settings
from hotline.db import make_engine

DEMO_USERS = "admin, supervisor1..supervisor5, lead1, lead2, operator1..operator24, crisis1..crisis8"


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run("hotline.app:create_app", factory=True, host=host, port=port,
                proxy_headers=True, log_level="info")


def _seed(settings: Settings, password: str | None) -> str:
    from hotline import demo

    password = password or settings.demo_password or secrets.token_urlsafe(9)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        if demo.has_data(session):
            print("The database already has staff: demo data not added.")
            return password
        summary = demo.seed(session, settings=settings,
                            policies=policies.load(settings.schedules_dir), password=password)
        session.commit()
    engine.dispose()
    print("Demo hotline ready: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    return password


def _create_user(settings: Settings, args: argparse.Namespace) -> int:
    from hotline.auth import service as auth_service
    from hotline.errors import HotlineError
    from hotline.staff.models import Role, Staff

    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    unknown = [r for r in roles if r not in {x.value for x in Role}]
    if unknown or not roles:
        print(f"error: unknown role(s) {unknown}; use {', '.join(r.value for r in Role)}",
              file=sys.stderr)
        return 2
    password = args.password or secrets.token_urlsafe(12)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        staff = Staff(full_name=args.full_name, roles=roles, phone=args.phone)
        session.add(staff)
        session.flush()
        try:
            auth_service.create_account(session, staff_id=staff.id, username=args.username,  # type: ignore[arg-type]
                                        password=password)
        except HotlineError as exc:
            print(f"error: {exc.detail}", file=sys.stderr)
            return 2
        session.commit()
    print(f"created {args.username} ({', '.join(roles)}); password: {password}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hotline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("serve", "demo"):
        p = sub.add_parser(name, help="run the server" if name == "serve"
                           else "migrate, add demo data if empty, and serve")
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        if name == "demo":
            p.add_argument("--password", help="demo password (or HOTLINE_DEMO_PASSWORD)")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    seed = sub.add_parser("seed-demo", help="add a believable demo hotline to an empty database")
    seed.add_argument("--password", help="demo password (or HOTLINE_DEMO_PASSWORD)")
    pol = sub.add_parser("policies", help="operating policy files")
    pol.add_argument("action", choices=["check"])
    pol.add_argument("dir", nargs="?", help="default: HOTLINE_SCHEDULES_DIR")
    user = sub.add_parser("create-user", help="add a staff member with a login")
    user.add_argument("--username", required=True)
    user.add_argument("--full-name", required=True)
    user.add_argument("--roles", required=True, help="comma-separated, e.g. operator,supervisor")
    user.add_argument("--password")
    user.add_argument("--phone")
    args = parser.parse_args(argv)
    settings = get_settings()

    if args.command == "policies":
        directory = Path(args.dir) if args.dir else settings.schedules_dir
        try:
            policies.load(directory)
        except policies.PolicyError as exc:
            for line in exc.problems:
                print(line, file=sys.stderr)
            return 1
        print(f"policies OK ({directory})")
        return 0
    if args.command == "migrate":
        migrate.upgrade(make_engine(settings.database_url))
        print("database is up to date")
        return 0
    if args.command == "seed-demo":
        password = _seed(settings, args.password)
        print(f"Demo accounts: {DEMO_USERS}; password: {password}")
        return 0
    if args.command == "create-user":
        return _create_user(settings, args)
    if args.command == "demo":
        password = _seed(settings, args.password)
        os.environ.setdefault("HOTLINE_DEMO_PASSWORD", password)
        print(f"\n  hotline demo: open http://{args.host}:{args.port}/login")
        print(f"  accounts: {DEMO_USERS}")
        print(f"  password: {password}\n")
        _serve(settings, args.host, args.port)
        return 0
    _serve(settings, args.host, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
