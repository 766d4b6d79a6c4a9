"""The directory of services to refer callers to, notices, and referrals."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "resource.not_found": Text(
        "No service {resource_id} in the directory.",
        "转介资源库中找不到编号为 {resource_id} 的服务。"),
    "resource.retired": Text(
        "This service is retired from the directory; choose another one.",
        "该服务已从转介资源库停用，请选择其他服务。"),
    "resource.unknown_categories": Text(
        "Unknown category codes: {codes}.",
        "无法识别的服务类别代码：{codes}。"),
    "resource.unknown_region": Text(
        "Unknown region {code}: use a code from the directory's region list.",
        "无法识别的地区 {code}：请使用资源库地区列表中的代码。"),
    "resource.phone_invalid": Text(
        "The phone number must be in E.164 form, e.g. +8610XXXXXXXX.",
        "电话号码须为 E.164 格式，例如 +8610XXXXXXXX。"),
    "resource.name_blank": Text(
        "The name cannot be blank.",
        "名称不能为空。"),
    "resource.languages_invalid": Text(
        "Languages are codes such as zh, en, yue.",
        "语言须为 zh、en、yue 这样的代码。"),
    "resource.verified_in_future": Text(
        "The date it was last checked is in the future.",
        "最近核实日期晚于今天。"),
    "notice.not_found": Text(
        "No notice {notice_id}.",
        "找不到编号为 {notice_id} 的通知。"),
    "notice.not_yours": Text(
        "This notice is not addressed to you.",
        "这条通知不是发给您的。"),
}
