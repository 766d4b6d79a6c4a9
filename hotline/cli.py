"""The ``hotline`` command: serve, migrate, seed-demo, demo, policies check, create-user, keys,
retention, resources import|export."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from hotline import keys, migrate, policies
from hotline.config import Settings, get_settings
from hotline.db import id_of, make_engine

DEMO_USERS = "admin, supervisor1..supervisor5, lead1, lead2, operator1..operator24, crisis1..crisis8"


def _serve(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    # The factory reads HOTLINE_* itself, so `serve` and a uvicorn command line behave the same.
    # Each worker is a process of its own: on PostgreSQL they share events by LISTEN/NOTIFY
    # and campaign for the one scheduler like separate instances do. No permessage-deflate:
    # events are a few hundred bytes of JSON, so compressing saved next to nothing on the
    # wire and cost each console its own deflate of every event (36 -> 21 us of CPU per
    # console and event, scripts/bench_alert_latency.py's fan-out figure).
    uvicorn.run("hotline.app:create_app", factory=True, host=host, port=port,
                proxy_headers=True, log_level="info", workers=workers,
                ws_per_message_deflate=False)


def _sync_centres(session: Session, settings: Settings) -> policies.Policies:
    """The centre table as network.toml says, before rows are put in centres (the app does
    the same at start)."""
    from hotline.centres import service as centres_service

    loaded = policies.load(settings.schedules_dir)
    centres_service.sync(session, loaded.network, settings.timezone)
    return loaded


def _seed(settings: Settings, args: argparse.Namespace) -> str | None:
    """Migrate and fill an empty database; returns the demo password, or None when the
    database already had staff (their password is whatever it was seeded with)."""
    from hotline import demo

    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            if demo.has_data(session):
                print("The database already has staff: demo data not added.")
                return None
            password = args.password or settings.demo_password or secrets.token_urlsafe(9)
            if args.centres > 1:
                _write_demo_network(settings, args.centres)
            summary = demo.seed(session, settings=settings,
                                policies=_sync_centres(session, settings), password=password,
                                contacts=args.contacts, roster_time_limit_s=args.roster_seconds,
                                roster_work=args.roster_work, centres=args.centres)
            session.commit()
    finally:
        engine.dispose()
    print("Demo hotline ready: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    return password


def _write_demo_network(settings: Settings, centres: int) -> None:
    """The demo province's network.toml, unless the schedules already hold it; another
    network there is never overwritten."""
    from hotline.demo import network

    try:
        if network.write_network(settings.schedules_dir, centres):
            print(f"wrote {settings.schedules_dir / 'network.toml'}: the demo province's "
                  f"first {centres} centres")
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _centre_count(value: str) -> int:
    from hotline.demo import network

    try:
        return len(network.centres(int(value)))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _print_logins(password: str | None, url: str | None = None, centres: int = 1) -> None:
    if url:
        print(f"\n  hotline demo: open {url}")
    print(f"  accounts: {DEMO_USERS}")
    if centres > 1:
        print("  other centres: the same accounts prefixed with the centre's code "
              "(shenzhen-operator1, foshan-crisis1...), no admin; province1 is the "
              "provincial supervisor")
    print(f"  password: {password}" if password else
          "  password: the one the demo data was seeded with (HOTLINE_DEMO_PASSWORD or "
          "--password then)")
    print()


def _require_keys(settings: Settings) -> bool:
    """Say what is wrong and how to fix it when the keys are missing or unsafe."""
    try:
        settings.keys  # noqa: B018 - loading is the check
    except keys.KeysError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    return True


def _keys(settings: Settings, action: str) -> int:
    """``keys init`` writes a key file; ``keys rotate`` adds a sealing key and re-seals."""
    from hotline.contacts import sealing

    path = settings.keys_file
    try:
        if action == "init":
            keys.init(path)
            print(f"keys written to {path} (mode 0600): back it up apart from the database")
            return 0
        # Keys given in the environment are rotated there (new key first); this re-seals.
        fernet = settings.keys.fernet() if settings.sealing_keys else keys.add_sealing_key(path)
    except keys.KeysError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session:
            count = sealing.reseal_all(session, fernet)
    finally:
        engine.dispose()
    where = "the first key of HOTLINE_SEALING_KEYS" if settings.sealing_keys else \
        f"a new sealing key, added first in {path}"
    print(f"{count} sealed numbers re-sealed with {where} "
          "(restart the app instances so new numbers are sealed with it too)")
    return 0


def _retention(settings: Settings, dry_run: bool) -> int:
    from hotline import retention

    engine = make_engine(settings.database_url)
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            report = retention.apply(session, policies.load(settings.schedules_dir),
                                     dry_run=dry_run)
            if not dry_run:
                session.commit()
    finally:
        engine.dispose()
    verb = "would delete" if dry_run else "deleted"
    print(f"retention: {verb} {report.contacts} contacts older than {report.cutoff:%Y-%m-%d} "
          f"and {report.sealed_numbers} sealed numbers no purpose needs")
    return 0


def _policies_check(settings: Settings, directory: str | None) -> int:
    path = Path(directory) if directory else settings.schedules_dir
    try:
        policies.load(path)
    except policies.PolicyError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    print(f"policies OK ({path})")
    return 0


def _create_user(settings: Settings, args: argparse.Namespace) -> int:
    from hotline.auth import service as auth_service
    from hotline.centres import service as centres_service
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
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            try:
                _sync_centres(session, settings)
                centre = centres_service.by_code(session, args.centre) if args.centre else None
                staff = Staff(full_name=args.full_name, roles=roles, phone=args.phone,
                              centre_id=centre.id if centre else None)
                session.add(staff)
                session.flush()
                auth_service.create_account(session, staff_id=id_of(staff),
                                            username=args.username, password=password)
            except (HotlineError, policies.PolicyError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            session.commit()
    finally:
        engine.dispose()
    print(f"created {args.username} ({', '.join(roles)}); password: {password}")
    return 0


def _resources(settings: Settings, args: argparse.Namespace) -> int:
    """``hotline resources import FILE`` / ``export [FILE]``: Open Referral HSDS JSON."""
    import json

    from hotline.db import transaction
    from hotline.resources import hsds

    engine = make_engine(settings.database_url)
    try:
        with transaction(engine) as session:
            if args.action == "export":
                text = json.dumps(hsds.export(session, include_retired=not args.active_only),
                                  ensure_ascii=False, indent=2)
                if args.file and args.file != "-":
                    Path(args.file).write_text(text + "\n", encoding="utf-8")
                else:
                    print(text)
                return 0
            if not args.file:
                print("error: name the HSDS JSON file to import", file=sys.stderr)
                return 2
            try:
                raw = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(
                    encoding="utf-8")
                counts = hsds.import_services(session, json.loads(raw))
            except (OSError, ValueError) as exc:  # JSONDecodeError is a ValueError
                session.rollback()
                print(f"error: nothing imported:\n{exc}", file=sys.stderr)
                return 1
        print(f"imported: {counts['added']} added, {counts['updated']} updated")
        return 0
    finally:
        engine.dispose()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    seeding = argparse.ArgumentParser(add_help=False)
    seeding.add_argument("--password", help="demo password (default: HOTLINE_DEMO_PASSWORD, "
                         "else a generated one, printed)")
    seeding.add_argument("--contacts", type=int, default=400, help="demo contacts to make")
    seeding.add_argument("--centres", type=_centre_count, default=1,
                         help="centres of the demo province (1-21; 1 is a single hotline): "
                         "writes schedules' network.toml unless it is there")
    seeding.add_argument("--roster-seconds", type=float, default=15,
                         help="time for the roster generator")
    seeding.add_argument("--roster-work", type=float, default=None,
                         help="deterministic work for the roster generator instead (about a "
                         "second per unit on an idle core): the same roster under any load, "
                         "--roster-seconds still caps it")
    serving = argparse.ArgumentParser(add_help=False)
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, default=8000)
    serve = sub.add_parser("serve", parents=[serving], help="run the server")
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes (more than one needs PostgreSQL)")
    sub.add_parser("demo", parents=[serving, seeding],
                   help="migrate, add demo data if there is no staff yet, and serve")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    sub.add_parser("seed-demo", parents=[seeding],
                   help="add a believable demo hotline to a database without staff")
    pol = sub.add_parser("policies", help="operating policy files")
    pol.add_argument("action", choices=["check"])
    pol.add_argument("dir", nargs="?", help="default: HOTLINE_SCHEDULES_DIR")
    res = sub.add_parser("resources", help="the referral directory as Open Referral HSDS JSON")
    res.add_argument("action", choices=["import", "export"])
    res.add_argument("file", nargs="?", help="JSON file ('-' for stdin/stdout; export "
                     "default: stdout)")
    res.add_argument("--active-only", action="store_true", help="export: leave out retired")
    staffing = sub.add_parser("staffing", help="staffing from contact demand")
    staffing.add_argument("action", choices=["propose"])
    staffing.add_argument("--weeks", type=int, default=8, help="weeks of contacts (1-52)")
    user = sub.add_parser("create-user", help="add a staff member with a login")
    user.add_argument("--username", required=True)
    user.add_argument("--full-name", required=True)
    user.add_argument("--roles", required=True, help="comma-separated, e.g. operator,supervisor")
    user.add_argument("--password", help="default: a generated one, printed")
    user.add_argument("--phone", help="E.164, e.g. +8613800000000")
    user.add_argument("--centre", help="the code of their home centre in network.toml "
                      "(default: the provincial centre)")
    key = sub.add_parser("keys", help="the key file: init (once), rotate (sealing key)")
    key.add_argument("action", choices=["init", "rotate"])
    ret = sub.add_parser("retention", help="delete what records.toml says is past retention")
    ret.add_argument("action", choices=["apply"])
    ret.add_argument("--dry-run", action="store_true", help="count, change nothing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = get_settings()
    if args.command == "policies":
        return _policies_check(settings, args.dir)
    if args.command == "keys":
        return _keys(settings, args.action)
    if args.command == "demo" and not settings.keys_file.exists() and not settings.session_key:
        keys.init(settings.keys_file)  # the quick start stays one command
        print(f"keys written to {settings.keys_file} (mode 0600)")
    if args.command in ("serve", "migrate", "demo", "seed-demo", "retention") \
            and not _require_keys(settings):
        return 1
    if args.command == "retention":
        return _retention(settings, args.dry_run)
    if args.command == "migrate":
        engine = make_engine(settings.database_url)
        migrate.upgrade(engine)
        engine.dispose()
        print("database is up to date")
        return 0
    if args.command == "seed-demo":
        _print_logins(_seed(settings, args), centres=args.centres)
        return 0
    if args.command == "create-user":
        return _create_user(settings, args)
    if args.command == "resources":
        return _resources(settings, args)
    if args.command == "staffing":
        from hotline.staffing.propose import run

        return run(settings, weeks=args.weeks)
    if args.command == "demo":
        password = _seed(settings, args)
        _print_logins(password, f"http://{args.host}:{args.port}/login", args.centres)
    workers = getattr(args, "workers", 1)
    if workers < 1:
        print("--workers takes 1 or more.", file=sys.stderr)
        return 2
    if workers > 1 and not settings.database_url.startswith("postgresql"):
        print("--workers above 1 needs PostgreSQL (HOTLINE_DATABASE_URL=postgresql://...): "
              "SQLite serves one process.", file=sys.stderr)
        return 2
    _serve(args.host, args.port, workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
