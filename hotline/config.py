"""Settings, read once from HOTLINE_* environment variables (DESIGN section 4)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOTLINE_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'hotline.db'}"
    secret_key: str = "change-me-in-production"
    # Separate key for caller numbers, so rotating the session secret never unlinks repeat callers.
    caller_key_secret: str = ""
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh"
    schedules_dir: Path = PROJECT_ROOT / "schedules"
    session_hours: int = 12
    cookie_secure: bool = False
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
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

    @property
    def caller_key(self) -> bytes:
        return (self.caller_key_secret or f"caller:{self.secret_key}").encode()


@lru_cache
def get_settings() -> Settings:
    return Settings()
