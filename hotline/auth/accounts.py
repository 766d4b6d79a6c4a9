"""Logins of the people in the registry: an admin gives or resets one, lifts a lockout, ends
a person's sessions; each person picks their page language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from hotline.access import audit
from hotline.access.permissions import require
from hotline.auth.models import Account, LoginSession
from hotline.auth.service import CurrentUser, create_account, hash_password
from hotline.db import get_or_404, utcnow
from hotline.errors import Conflict, InvalidInput, NotFound
from hotline.staff.people import get_staff


def account_of(session: Session, staff_id: int) -> Account | None:
    return session.exec(select(Account).where(Account.staff_id == staff_id)).first()


def logins(session: Session, staff_ids: Iterable[int | None]) -> dict[int, tuple[str, bool]]:
    """``(username, locked)`` by staff id for those of the people who have a login."""
    ids = [i for i in staff_ids if i is not None]
    return {a.staff_id: (a.username, is_locked(a)) for a in session.exec(
        select(Account).where(col(Account.staff_id).in_(ids)))}


def set_account(
    session: Session, *, actor: CurrentUser, staff_id: int, password: str,
    username: str | None = None, client_addr: str,
) -> Account:
    """Admin: give a person a login, or reset their password (and optionally username).

    A reset also unlocks the account and ends every session opened with the old password.
    """
    require(actor, "manage_staff")
    staff = get_staff(session, staff_id)
    account = account_of(session, staff_id)
    if account is None:
        if username is None:
            raise InvalidInput("account.needs_username", field="username")
        account = create_account(
            session, staff_id=staff_id, username=username, password=password,
        )
        audit.record(session, actor.id, "account.create", f"staff:{staff.id}", client_addr,
                     {"username": account.username})
        return account
    detail: dict[str, Any] = {}
    if username is not None:
        wanted = username.strip().lower()
        if wanted != account.username:
            taken = session.exec(select(Account).where(Account.username == wanted)).first()
            if taken is not None:
                raise Conflict("account.username_taken", username=wanted, field="username")
            if not wanted.replace("_", "").replace(".", "").isalnum():
                raise InvalidInput("account.username_invalid", field="username")
            detail["username"] = [account.username, wanted]
            account.username = wanted
    account.password_hash = hash_password(password)
    account.failed_logins = 0
    account.locked_until = None
    session.add(account)
    detail["revoked_sessions"] = revoke_sessions(session, staff_id)
    session.flush()
    audit.record(session, actor.id, "account.reset_password", f"staff:{staff.id}", client_addr,
                 detail)
    return account


def unlock_account(
    session: Session, *, actor: CurrentUser, staff_id: int, client_addr: str
) -> Account:
    """Admin: lift a lockout after failed logins without changing the password."""
    require(actor, "manage_staff")
    get_staff(session, staff_id)
    account = account_of(session, staff_id)
    if account is None:
        raise NotFound("account.no_login", staff_id=staff_id)
    account.failed_logins = 0
    account.locked_until = None
    session.add(account)
    session.flush()
    audit.record(session, actor.id, "account.unlock", f"staff:{staff_id}", client_addr)
    return account


def is_locked(account: Account | None) -> bool:
    return bool(account and account.locked_until and account.locked_until > utcnow())


def set_language(
    session: Session, *, user: CurrentUser, language: str, client_addr: str
) -> Account:
    """The user's own choice of page language, kept on their account."""
    if language not in ("zh", "en"):
        raise InvalidInput("account.language_unknown", field="language")
    account = get_or_404(session, Account, user.account.id, "account.gone")
    if account.language != language:
        audit.record(session, user.id, "account.language", f"staff:{user.id}", client_addr,
                     {"language": [account.language, language]})
        account.language = language
        session.add(account)
        session.flush()
    user.account.language = language
    return account




def revoke_sessions(session: Session, staff_id: int) -> int:
    """End every open session of the person (their password changed, or they left)."""
    account = account_of(session, staff_id)
    if account is None:
        return 0
    now = utcnow()
    rows = session.exec(
        select(LoginSession).where(LoginSession.account_id == account.id)
        .where(col(LoginSession.revoked_at).is_(None))
    ).all()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    return len(rows)
