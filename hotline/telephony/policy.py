"""Typed form of ``schedules/telephony.toml``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class TelephonyPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    greeting_zh: str = Field(default="您好，这里是心理援助热线，请稍候。", max_length=500)
    greeting_en: str = Field(default="Hello, this is the hotline. Please hold.", max_length=500)
    queue_wait_limit_seconds: int = Field(default=90, ge=10, le=900)
    overflow: Literal["forward", "voicemail"] = "voicemail"
    overflow_number: str = Field(default="", max_length=20)
    overflow_message_zh: str = Field(default="正在为您转接备用热线。", max_length=500)
    overflow_message_en: str = Field(default="Connecting you to a backup line.", max_length=500)
    voicemail_prompt_zh: str = Field(default="请在提示音后留言，我们会回电。", max_length=500)
    voicemail_prompt_en: str = Field(default="Please leave a message after the tone.",
                                     max_length=500)

    @model_validator(mode="after")
    def _forward_needs_number(self) -> TelephonyPolicy:
        if self.overflow == "forward" and not self.overflow_number.startswith("+"):
            raise ValueError("overflow = \"forward\" needs overflow_number in E.164, e.g. +8612356")
        return self
