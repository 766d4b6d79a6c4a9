"""Accounts, passwords (argon2), login sessions with throttling, and logout."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, exists
from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.auth.models import Account, LoginSession
from hotline.auth.throttle import LoginThrottle
from hotline.config import Settings
from hotline.db import id_of, utcnow
from hotline.errors import Conflict, InvalidInput, NotAuthenticated, TooManyAttempts
from hotline.roster.models import CHECK_IN_EARLY, Shift
from hotline.staff.models import Staff

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both paths cost one argon2 check.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 10


@dataclass
class CurrentUser:
    """The logged-in person: staff record, account, the session they came in on and the
    address of this request (for the audit log; empty outside a request). The ``Actor`` of
    ``hotline.access.permissions`` that every route hands its services."""

    staff: Staff
    account: Account
    session_id: int
    client_addr: str = ""
    # Host centres the person is lent to for a shift under way (or within its check-in
    # window): they act there too, until the shift ends or they check out (``lent_to``).
    lent_to: frozenset[int] = field(default=frozenset(), kw_only=True)

    @property
    def id(self) -> int:
        return id_of(self.staff)

    @property
    def roles(self) -> list[str]:
        return self.staff.roles

    @property
    def centre_id(self) -> int:
        """The person's home centre: what they create belongs to it."""
        if self.staff.centre_id is None:
            raise RuntimeError("staff without a centre: flush the session first")
        return self.staff.centre_id

    @property
    def working_centre_id(self) -> int:
        """Where what the person logs now belongs: the centre they are lent to for the shift
        under way (a contact taken there is the host's, counted in its reports), else home."""
        return min(self.lent_to) if self.lent_to else self.centre_id

    @property
    def centres(self) -> frozenset[int]:
        """The centres the person acts in: home, and any host centre they are lent to."""
        return frozenset({self.centre_id}) | self.lent_to


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("account.password_too_short", min_chars=MIN_PASSWORD_LENGTH,
                           field="password")
    return _hasher.hash(password)


def create_account(session: Session, *, staff_id: int, username: str, password: str) -> Account:
    """Give a staff member a login. Usernames are unique and case-insensitive."""
    username = username.strip().lower()
    if not username or not username.replace("_", "").replace(".", "").isalnum():
        raise InvalidInput("account.username_invalid", field="username")
    if session.exec(select(Account).where(Account.username == username)).first():
        raise Conflict("account.username_taken", username=username, field="username")
    account = Account(staff_id=staff_id, username=username, password_hash=hash_password(password))
    session.add(account)
    session.flush()
    return account


def _token_hash(settings: Settings, token: str) -> str:
    """Keyed with the session key: a row written into a copied or tampered database cannot
    mint a working token without the key file."""
    return hmac.new(settings.keys.session, token.encode(), hashlib.sha256).hexdigest()


def login(
    session: Session, settings: Settings, *, username: str, password: str, client_addr: str,
    throttle: LoginThrottle | None = None,
) -> tuple[str, CurrentUser]:
    """Check the password and open a session; returns the bearer token (shown once).

    Failures slow the (address, username) pair down (``throttle``: 429 with Retry-After)
    instead of locking the account, so nobody can keep a responder out of their console.
    Unknown and known usernames answer alike, and an unknown typed name is not stored.
    """
    now = utcnow()
    if throttle is not None:
        wait = throttle.retry_after(client_addr, username)
        if wait is not None:
            raise TooManyAttempts("auth.too_many_attempts", seconds=wait,
                                  headers={"Retry-After": str(wait)})
    account = session.exec(
        select(Account).where(Account.username == username.strip().lower())
    ).first()
    staff = session.get(Staff, account.staff_id) if account else None
    if account is None or staff is None:
        _verify(_DUMMY_HASH, password)
        _failed(session, settings, throttle, None, username, client_addr)
    elif not _verify(account.password_hash, password) or not staff.active:
        _failed(session, settings, throttle, staff.id, username, client_addr)
    assert account is not None and staff is not None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    if throttle is not None:
        throttle.succeeded(client_addr, username)
    account.last_login_at = now
    token, user = start_session(session, settings, account=account, staff=staff,
                                client_addr=client_addr)
    audit.record(session, staff.id, "auth.login", f"staff:{staff.id}", client_addr)
    return token, user


def _failed(session: Session, settings: Settings, throttle: LoginThrottle | None,
            staff_id: int | None, username: str, client_addr: str) -> NoReturn:
    """Count and audit a failed login (committed by the caller even though this raises)."""
    audit.record(session, staff_id, "auth.login_failed",
                 f"staff:{staff_id}" if staff_id else "", client_addr)
    if throttle is not None and throttle.failed(client_addr, username):
        from hotline.notices import service as notices  # notices know users: import late

        notices.raise_notice(
            session, audience="role:admin", kind="auth.login_burst",
            title=f"Many failed logins from {client_addr}",
            dedupe_key=f"login-burst:{client_addr}:{utcnow():%Y%m%d%H}",
            data={"client_addr": client_addr, "threshold": settings.login_burst_alert})
    raise NotAuthenticated("auth.wrong_password")


def start_session(
    session: Session, settings: Settings, *, account: Account, staff: Staff, client_addr: str
) -> tuple[str, CurrentUser]:
    """Open a login session for a person whose credentials were checked; returns the token."""
    token = secrets.token_urlsafe(32)
    login_session = LoginSession(
        token_hash=_token_hash(settings, token),
        account_id=id_of(account),
        expires_at=utcnow() + timedelta(hours=settings.session_hours),
        client_addr=client_addr,
    )
    session.add_all([account, login_session])
    session.flush()
    return token, CurrentUser(staff=staff, account=account, session_id=id_of(login_session))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _lent_shifts(staff_id: Any, home_id: Any) -> tuple[Any, ...]:
    """Conditions of a shift of ``staff_id`` worked away from ``home_id`` that holds now
    (bind ``now`` and ``soon`` = now + ``CHECK_IN_EARLY``): not cancelled, not checked out,
    from its check-in window until its end."""
    return (Shift.staff_id == staff_id, col(Shift.centre_id) != home_id,
            col(Shift.cancelled_at).is_(None), col(Shift.checked_out_at).is_(None),
            Shift.start <= bindparam("soon"), Shift.end > bindparam("now"))


# Built once: every request (and every console's handshake) comes through here, and building
# and keying a three-table select costs more than SQLite takes to run it. Whether the person
# is lent out right now rides along (an indexed probe), so the common case stays one read.
_BY_TOKEN_HASH = (
    select(LoginSession, Account, Staff,
           exists().where(*_lent_shifts(Staff.id, Staff.centre_id)).label("lent"))
    .join(Account, col(Account.id) == LoginSession.account_id)
    .join(Staff, col(Staff.id) == Account.staff_id)
    .where(LoginSession.token_hash == bindparam("token_hash"))
)


def lent_to(session: Session, staff: Staff, now: datetime) -> frozenset[int]:
    """The host centres ``staff`` is lent to at ``now``: those of their shifts worked away
    from home that are under way or within their check-in window (and not checked out).
    Access follows the roster: it starts and ends with the lent shift, nobody grants it."""
    rows = session.exec(select(Shift.centre_id).where(
        *_lent_shifts(staff.id, staff.centre_id)),
        params={"now": now, "soon": now + CHECK_IN_EARLY})
    return frozenset(c for c in rows if c is not None)


def authenticate(session: Session, settings: Settings, token: str) -> CurrentUser:
    """Resolve a bearer token or session cookie to the person, or raise 401 (one indexed read;
    a second one while the person is lent to another centre, for the host centres)."""
    now = utcnow()
    found = session.exec(_BY_TOKEN_HASH, params={
        "token_hash": _token_hash(settings, token), "now": now, "soon": now + CHECK_IN_EARLY,
    }).first()
    if found is None:
        raise NotAuthenticated("auth.session_ended")
    row, account, staff, lent = found
    if row.revoked_at is not None or row.expires_at <= now:
        raise NotAuthenticated("auth.session_ended")
    if not staff.active:
        raise NotAuthenticated("auth.account_disabled")
    return CurrentUser(staff=staff, account=account, session_id=id_of(row),
                       lent_to=lent_to(session, staff, now) if lent else frozenset())


def logout(session: Session, user: CurrentUser, client_addr: str) -> None:
    """Revoke the session the user came in on; the token stops working at once."""
    row = session.get(LoginSession, user.session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
    audit.record(session, user.id, "auth.logout", f"staff:{user.id}", client_addr)
