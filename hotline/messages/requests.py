"""Refusals of a request's shape, for any area: pydantic's own error types, said in the
reader's language on pages and in the API's 422 list (``value.<pydantic type>``)."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "value.string_too_long": Text(
        "This is too long: shorten it to at most {max_length} characters.",
        "内容太长，请缩短到 {max_length} 个字以内。"),
    "value.string_too_short": Text(
        "This is too short: write at least {min_length} characters.",
        "内容太短，请至少写 {min_length} 个字。"),
    "value.missing": Text(
        "This is needed.",
        "此项必填。"),
    "value.enum": Text(
        "Choose one of the options.",
        "请从选项中选择。"),
    "value.literal_error": Text(
        "Choose one of the options.",
        "请从选项中选择。"),
    "value.list_type": Text(
        "Choose one of the options.",
        "请从选项中选择。"),
    "value.datetime_from_date_parsing": Text(
        "Enter a date and time.",
        "请输入日期和时间。"),
    "value.datetime_parsing": Text(
        "Enter a date and time.",
        "请输入日期和时间。"),
    "value.date_parsing": Text(
        "Enter a date such as 2025-03-01.",
        "请输入日期，例如 2025-03-01。"),
    "value.date_from_datetime_parsing": Text(
        "Enter a date such as 2025-03-01.",
        "请输入日期，例如 2025-03-01。"),
    "value.int_parsing": Text(
        "Enter a whole number.",
        "请输入整数。"),
    "value.float_parsing": Text(
        "Enter a number.",
        "请填写数字。"),
    "form.web_link": Text(
        "Links must start with http:// or https:// and name a host.",
        "链接必须以 http:// 或 https:// 开头，并包含网站地址。"),
    "form.check_value": Text(
        "Please check this value.",
        "请检查这一项。"),
}
