"""Typed form of ``schedules/telephony.toml``."""

from __future__ import annotations

import re
from datetime import time
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from hotline.centres.policy import NetworkPolicy
from hotline.contacts.policy import RecordsPolicy

E164 = re.compile(r"\+[1-9]\d{4,14}")
HOURS = re.compile(r"([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)")
# What a template may name, and a value for checking it at start-up.
TEMPLATE_FIELDS = {"name": "中心", "digits": "1"}


class TelephonyPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    greeting_zh: str = Field(default="您好，这里是心理援助热线，请稍候。", max_length=500)
    greeting_en: str = Field(default="Hello, this is the hotline. Please hold.", max_length=500)
    queue_wait_limit_seconds: int = Field(default=90, ge=10, le=900)
    overflow: Literal["forward", "voicemail"] = "voicemail"
    overflow_number: str = Field(default="", max_length=20)
    # The backup line by name, for consoles and reports (e.g. "12356 national hotline").
    overflow_name: str = Field(default="", max_length=80)
    overflow_message_zh: str = Field(default="正在为您转接备用热线。", max_length=500)
    overflow_message_en: str = Field(default="Connecting you to a backup line.", max_length=500)
    voicemail_prompt_zh: str = Field(default="请在提示音后留言，我们会回电。", max_length=500)
    voicemail_prompt_en: str = Field(default="Please leave a message after the tone.",
                                     max_length=500)

    # Calls answered by an operator are recorded (the 2021 technical guideline asks for it);
    # the greeting says so before anyone answers.
    record_calls: bool = True
    recording_notice_zh: str = Field(default="为保证服务质量，通话将被录音。", max_length=300)
    recording_notice_en: str = Field(default="Calls are recorded to ensure quality of care.",
                                     max_length=300)

    # When this centre answers calls, in its own zone: "08:00-22:00", or "20:00-08:00" across
    # midnight; empty: around the clock. Outside them a call goes on at once to the next
    # centre of the network's rollover order (network.toml), else to the overflow above.
    answer_hours: str = Field(default="", max_length=11)

    # A network: what a caller hears when a call moves to another centre ({name}: that
    # centre's name), and the region menu for callers whose number names no region.
    rollover_message_zh: str = Field(default="正在为您转接{name}，请不要挂机。", max_length=300)
    rollover_message_en: str = Field(default="Connecting you to {name}. Please stay on the line.",
                                     max_length=300)
    menu_prompt_zh: str = Field(default="请选择您所在地区的热线。", max_length=300)
    menu_prompt_en: str = Field(default="Please choose the hotline for your region.",
                                max_length=300)
    menu_choice_zh: str = Field(default="{name}，请按{digits}。", max_length=100)
    menu_choice_en: str = Field(default="For {name}, press {digits}.", max_length=100)
    menu_invalid_zh: str = Field(default="没有这个选项。", max_length=200)
    menu_invalid_en: str = Field(default="That is not one of the choices.", max_length=200)
    # Seconds the menu waits for a key; then the provincial centre takes the call.
    menu_timeout_seconds: int = Field(default=6, ge=3, le=30)

    @field_validator("answer_hours")
    @classmethod
    def _hours(cls, hours: str) -> str:
        if hours and (not HOURS.fullmatch(hours) or hours[:5] == hours[6:]):
            raise ValueError("answer_hours is \"HH:MM-HH:MM\" in the centre's zone, e.g. "
                             "\"08:00-22:00\" (or empty for around the clock)")
        return hours

    @field_validator("rollover_message_zh", "rollover_message_en", "menu_choice_zh",
                     "menu_choice_en")
    @classmethod
    def _template(cls, text: str) -> str:
        try:
            text.format(**TEMPLATE_FIELDS)
        except (KeyError, IndexError, ValueError):
            raise ValueError("may name only {name} and {digits}; write {{ and }} for braces"
                             ) from None
        return text

    def answers_at(self, local: time) -> bool:
        """Whether ``local`` (the centre's wall-clock time) is within ``answer_hours``."""
        if not self.answer_hours:
            return True
        start, end = (time(int(t[:2]) % 24, int(t[3:])) for t in self.answer_hours.split("-"))
        if start < end:
            return start <= local < end
        return local >= start or local < end  # across midnight ("24:00" end: until midnight)

    @model_validator(mode="after")
    def _forward_needs_number(self) -> TelephonyPolicy:
        if self.overflow == "forward":
            if not E164.fullmatch(self.overflow_number):
                raise ValueError(
                    "overflow = \"forward\" needs overflow_number in E.164, e.g. +8612356")
            if not self.overflow_name.strip():
                raise ValueError("overflow = \"forward\" needs overflow_name: say which backup "
                                 "line takes the calls")
        return self


class TelephonyPolicies(Protocol):
    """What the telephony reads of the operating policy (``hotline.policies.Policies`` is
    one)."""

    @property
    def telephony(self) -> TelephonyPolicy: ...
    @property
    def records(self) -> RecordsPolicy: ...
    @property
    def network(self) -> NetworkPolicy: ...
    def for_centre(self, code: str) -> TelephonyPolicies:
        """The policies of one centre (its ``policy_dir`` over the shared files)."""
        ...
