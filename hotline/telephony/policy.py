"""Typed form of ``schedules/telephony.toml``."""

from __future__ import annotations

import re
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hotline.contacts.policy import RecordsPolicy

E164 = re.compile(r"\+[1-9]\d{4,14}")


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
