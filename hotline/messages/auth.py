"""Logging in, sessions, forms and what a role may do."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "auth.login_required": Text(
        "Log in first.",
        "请先登录。"),
    "auth.wrong_password": Text(
        "Wrong username or password.",
        "用户名或密码错误。"),
    "auth.session_ended": Text(
        "Your session has ended. Log in again.",
        "登录已过期，请重新登录。"),
    "auth.account_disabled": Text(
        "This account is disabled.",
        "该账号已停用。"),
    "auth.too_many_attempts": Text(
        "Too many failed logins from here. Try again in {seconds} seconds.",
        "此处登录失败次数过多，请在 {seconds} 秒后再试。"),
    "auth.csrf": Text(
        "The form expired or came from another site. Reload the page and retry.",
        "表单已过期或来自其他网站。请刷新页面后重试。"),
    "auth.role_forbidden": Text(
        "Your role does not allow this. Ask a supervisor if you need it.",
        "你的角色不能进行此操作。如有需要，请联系督导。"),
    "auth.metrics_closed": Text(
        "Metrics are open to the addresses in HOTLINE_METRICS_ALLOW or to a bearer "
        "HOTLINE_METRICS_TOKEN.",
        "运行指标只对 HOTLINE_METRICS_ALLOW 中的地址或持有 HOTLINE_METRICS_TOKEN 的请求开放。"),
    "account.password_too_short": Text(
        "Passwords need at least {min_chars} characters.",
        "密码至少需要 {min_chars} 个字符。"),
    "account.username_invalid": Text(
        "Usernames use letters, digits, '.' and '_' only.",
        "用户名只能使用字母、数字、“.”和“_”。"),
    "account.username_taken": Text(
        "The username {username} is taken. Choose another.",
        "用户名 {username} 已被使用，请换一个。"),
    "account.no_login": Text(
        "Staff member {staff_id} has no login.",
        "编号为 {staff_id} 的人员还没有登录账号。"),
    "account.needs_username": Text(
        "This person has no login yet: enter a username too.",
        "此人还没有账号：请同时填写用户名。"),
    "account.both_or_neither": Text(
        "To give a login, fill in both username and password (or neither).",
        "开通账号需同时填写用户名和密码（或两项都不填）。"),
    "account.rename_needs_password": Text(
        "To create or rename a login, send a password too (send {{}} to unlock only).",
        "创建登录账号或修改用户名时，请同时提供密码（只解除锁定时发送 {{}}）。"),
    "account.language_unknown": Text(
        "Language must be 'zh' or 'en'.",
        "语言只能是 zh 或 en。"),
    "account.gone": Text(
        "Your account is gone.",
        "您的账号已不存在。"),
}
