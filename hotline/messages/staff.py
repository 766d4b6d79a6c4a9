"""The staff registry: people, teams and qualifications."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "staff.not_found": Text(
        "No staff member {staff_id}.",
        "找不到编号为 {staff_id} 的人员。"),
    "staff.not_active": Text(
        "{name} is deactivated; reactivate them first.",
        "{name} 已停用；请先恢复启用。"),
    "staff.deactivate_self": Text(
        "You cannot deactivate yourself; ask another administrator.",
        "不能停用自己；请联系其他管理员。"),
    "staff.last_admin": Text(
        "This is the last active administrator. Make someone else administrator first.",
        "这是最后一位在岗管理员。请先让其他人成为管理员。"),
    "staff.field_not_null": Text(
        "{field} cannot be null; leave it out to keep it.",
        "{field} 不能为 null；如要保留原值，请不要发送该字段。"),
    "staff.phone_invalid": Text(
        "This is not a valid phone number. Write it with the country code, e.g. "
        "+86 138 0013 8000 (numbers without + are read as mainland China numbers).",
        "这不是有效的电话号码。请带国家代码填写，例如 +86 138 0013 8000"
        "（不带 + 的号码按中国大陆号码处理）。"),
    "staff.language_code_invalid": Text(
        "{code} is not a language code. Use codes like zh, en, yue.",
        "{code} 不是语言代码。请使用 zh、en、yue 这样的代码。"),
    "staff.blank": Text(
        "This must not be blank.",
        "此项不能为空。"),
    "team.not_found": Text(
        "No team {team_id}.",
        "找不到编号为 {team_id} 的团队。"),
    "team.name_missing": Text(
        "Give the team a name: in Chinese, in English or both.",
        "请为团队填写名称：中文、英文或两者都填。"),
    "team.code_taken": Text(
        "Your centre already has a team with the code {code}.",
        "本中心已有代码为 {code} 的团队。"),
    "team.code_invalid": Text(
        "Team codes use lower-case letters, digits, '-' and '_' (e.g. crisis).",
        "队伍代码使用小写字母、数字、“-”和“_”（例如 crisis）。"),
    "team.operator_duty": Text(
        "On the operator team the duty is Member or Leader.",
        "在接线员团队中，职责只能是成员或组长。"),
    "team.crisis_leader_exists": Text(
        "The crisis-intervention team already has a leader ({name}). Change their duty first.",
        "心理危机干预队伍已有组长（{name}）。请先修改其职责。"),
    "team.not_member": Text(
        "Staff member {staff_id} is not on team {team_id}.",
        "编号为 {staff_id} 的人员不在团队 {team_id} 中。"),
    "qualification.not_found": Text(
        "No qualification {qualification_id}.",
        "找不到编号为 {qualification_id} 的资质。"),
    "qualification.issued_in_future": Text(
        "The issue date is in the future; enter the date on the certificate.",
        "发证日期在未来；请填写证书上的日期。"),
    "qualification.issued_before_1900": Text(
        "The issue date is before 1900; check the year on the certificate.",
        "发证日期早于 1900 年；请核对证书上的年份。"),
    "qualification.expiry_before_issue": Text(
        "The expiry date must be after the issue date.",
        "有效期必须晚于发证日期。"),
}
