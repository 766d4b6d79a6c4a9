"""Accounts, passwords (argon2), login sessions with throttling, and logout."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from hotline.auth import audit
from hotline.auth.models import Account, LoginSession
from hotline.config import Settings
from hotline.db import utcnow
from hotline.errors import Conflict, InvalidInput, NotAuthenticated, TooManyAttempts
from hotline.staff.models import Staff

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both paths cost one argon2 check.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
MIN_PASSWORD_LENGTH = 10


@dataclass
class CurrentUser:
    """The logged-in person: staff record, account and the session they came in on."""

    staff: Staff
    account: Account
    session_id: int

    @property
    def id(self) -> int | None:
        return self.staff.id

    @property
    def roles(self) -> list[str]:
        return self.staff.roles


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher.hash(password)


def create_account(session: Session, *, staff_id: int, username: str, password: str) -> Account:
    """Give a staff member a login. Usernames are unique and case-insensitive."""
    username = username.strip().lower()
    if not username or not username.replace("_", "").replace(".", "").isalnum():
        raise InvalidInput("Usernames use letters, digits, '.' and '_' only.")
    if session.exec(select(Account).where(Account.username == username)).first():
        raise Conflict(f"The username {username!r} is taken.")
    account = Account(staff_id=staff_id, username=username, password_hash=hash_password(password))
    session.add(account)
    session.flush()
    return account


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(
    session: Session, settings: Settings, *, username: str, password: str, client_addr: str
) -> tuple[str, CurrentUser]:
    """Check the password and open a session; returns the bearer token (shown once).

    After ``login_max_failures`` wrong passwords the account locks for
    ``login_lockout_minutes``; the lock is said plainly so a real user knows to wait.
    """
    now = utcnow()
    account = session.exec(
        select(Account).where(Account.username == username.strip().lower())
    ).first()
    staff = session.get(Staff, account.staff_id) if account else None
    if account is None or staff is None:
        _verify(_DUMMY_HASH, password)
        audit.record(session, None, "auth.login_failed", "", client_addr, {"username": username})
        raise NotAuthenticated("Wrong username or password.")
    if account.locked_until and account.locked_until > now:
        minutes = max(1, int((account.locked_until - now).total_seconds() // 60) + 1)
        raise TooManyAttempts(
            f"Too many failed logins. Try again in {minutes} minutes or ask an admin."
        )
    if not _verify(account.password_hash, password) or not staff.active:
        account.failed_logins += 1
        if account.failed_logins >= settings.login_max_failures:
            account.locked_until = now + timedelta(minutes=settings.login_lockout_minutes)
            account.failed_logins = 0
        session.add(account)
        audit.record(session, staff.id, "auth.login_failed", f"staff:{staff.id}", client_addr)
        # Committed by the caller even though we raise: failed attempts must count.
        raise NotAuthenticated("Wrong username or password.")
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    token, user = start_session(session, settings, account=account, staff=staff,
                                client_addr=client_addr)
    audit.record(session, staff.id, "auth.login", f"staff:{staff.id}", client_addr)
    return token, user


def start_session(
    session: Session, settings: Settings, *, account: Account, staff: Staff, client_addr: str
) -> tuple[str, CurrentUser]:
    """Open a login session for a person whose credentials were checked; returns the token."""
    token = secrets.token_urlsafe(32)
    login_session = LoginSession(
        token_hash=_token_hash(token),
        account_id=account.id,  # type: ignore[arg-type]
        expires_at=utcnow() + timedelta(hours=settings.session_hours),
        client_addr=client_addr,
    )
    session.add_all([account, login_session])
    session.flush()
    return token, CurrentUser(staff=staff, account=account, session_id=login_session.id)  # type: ignore[arg-type]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(session: Session, token: str) -> CurrentUser:
    """Resolve a bearer token or session cookie to the person, or raise 401."""
    # One round trip: every request (and every console's handshake) comes through here.
    found = session.exec(
        select(LoginSession, Account, Staff)
        .join(Account, col(Account.id) == LoginSession.account_id)
        .join(Staff, col(Staff.id) == Account.staff_id)
        .where(LoginSession.token_hash == _token_hash(token))
    ).first()
    if found is None:
        raise NotAuthenticated("Your session has ended. Log in again.")
    row, account, staff = found
    if row.revoked_at is not None or row.expires_at <= utcnow():
        raise NotAuthenticated("Your session has ended. Log in again.")
    if not staff.active:
        raise NotAuthenticated("This account is disabled.")
    return CurrentUser(staff=staff, account=account, session_id=row.id)  # type: ignore[arg-type]


def logout(session: Session, user: CurrentUser, client_addr: str) -> None:
    """Revoke the session the user came in on; the token stops working at once."""
    row = session.get(LoginSession, user.session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
    audit.record(session, user.id, "auth.logout", f"staff:{user.id}", client_addr)
