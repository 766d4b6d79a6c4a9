"""Settings, read once from HOTLINE_* environment variables (DESIGN section 4)."""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Generic, Literal, TypeVar, cast
from zoneinfo import ZoneInfo

from fastapi import Depends
from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.requests import HTTPConnection

from hotline.keys import Keys
from hotline.keys import load as load_keys

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOTLINE_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'hotline.db'}"
    # No secret has a default: keys come from these or from the key file (see hotline.keys).
    keys_file: Path = PROJECT_ROOT / "var" / "keys.toml"
    session_key: str = ""
    caller_key_secret: str = ""
    sealing_keys: str = ""  # comma-separated Fernet keys, newest first
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh"
    schedules_dir: Path = PROJECT_ROOT / "schedules"
    session_hours: int = 12
    cookie_secure: bool = False
    # Failed logins per (address, username): growing waits, answered 429 with Retry-After.
    login_throttle: str = "5/minute;10/15 minutes;20/hour"
    # A burst of failures from one address tells the admins (a notice), once per hour.
    login_burst_alert: int = 20
    # Open websockets re-check their session this often (closed on logout, role change ...).
    ws_recheck_seconds: float = 30
    # /metrics: these addresses (comma-separated, CIDR allowed) or a bearer token.
    metrics_allow: str = "127.0.0.1,::1"
    metrics_token: str = ""
    # /docs, /redoc and /openapi.json are off unless asked for.
    api_docs: bool = False
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_api_base: str = ""  # e.g. a local fake Twilio in tests; empty = Twilio itself
    twilio_from_number: str = ""  # the hotline's number, E.164
    # The address Twilio reaches us at (signatures are computed over it); empty = as requested.
    public_base_url: str = ""
    demo_password: str = ""
    # Periodic jobs (no-shows, coverage look-ahead) run inside the app process.
    run_scheduler: bool = True
    # Realtime fan-out: "memory" (one process) or "postgres" (LISTEN/NOTIFY across instances);
    # "auto" picks postgres on a PostgreSQL database (hotline.realtime.backends.choose).
    realtime_backend: Literal["auto", "memory", "postgres"] = "auto"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown IANA zone, naming it
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("HOTLINE_DEFAULT_LANGUAGE must be 'zh' or 'en'")
        return value

    @property
    def twilio_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from_number)

    @property
    def alert_channels(self) -> list[str]:
        """Channels crisis alerts can use here: SMS and voice only when Twilio is set up."""
        return ["console", "sms", "voice"] if self.twilio_configured else ["console"]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def keys(self) -> Keys:
        """The installation's keys (env, else key file); raises ``KeysError`` with the fix."""
        return load_keys(self)

    @property
    def caller_key(self) -> bytes:
        return self.keys.caller


@lru_cache
def get_settings() -> Settings:
    return Settings()


T = TypeVar("T")


class AppState(Generic[T]):
    """One thing the app holds from start-up in ``app.state.<name>``, typed (``app.state`` is
    not): ``.of(request)`` reads it, and the object itself is the route dependency."""

    def __init__(self, name: str) -> None:
        self.name = name

    def of(self, connection: HTTPConnection) -> T:
        return cast(T, getattr(connection.app.state, self.name))

    async def __call__(self, connection: HTTPConnection) -> T:
        # async: a trivial read, so FastAPI runs it on the loop instead of handing it to a thread.
        return self.of(connection)


_SETTINGS = AppState[Settings]("settings")
settings_of = _SETTINGS.of  # the settings the app was created with
# The settings the app was created with, for a route: ``settings: SettingsDep``.
SettingsDep = Annotated[Settings, Depends(_SETTINGS)]
