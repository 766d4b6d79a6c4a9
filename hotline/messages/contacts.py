"""Contact records, the risk screen, the caller's number and the caller's rights."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "contact.not_found": Text(
        "No contact {contact_id}.",
        "找不到编号为 {contact_id} 的来电记录。"),
    "contact.operator_not_active": Text(
        "operator_id {operator_id} is not an active staff member.",
        "编号为 {operator_id} 的接线员不是在职人员。"),
    "contact.answered_before_received": Text(
        "The answer time is before the time the contact came in.",
        "接听时间早于来电时间。"),
    "contact.ended_before_start": Text(
        "The end time is before the contact came in or was answered.",
        "结束时间早于来电或接听时间。"),
    "contact.notes_too_long": Text(
        "The notes are longer than the limit ({length} of {limit} characters): shorten them "
        "and save again.",
        "记录内容超出字数上限（{length}/{limit} 字）：请删减后再保存。"),
    "contact.third_party_needs_relationship": Text(
        "person_at_risk is for a third party's call: set caller_relationship (family, friend, "
        "partner, professional, bystander or other).",
        "“当事人”一栏用于代他人来电：请选择来电者与当事人的关系（家属、朋友、伴侣、专业人员、"
        "旁观者或其他）。"),
    "contact.safety_plan_required": Text(
        "A high or imminent-risk contact cannot be closed without a safety plan: fill it in "
        "with the caller, or write why none was made.",
        "高风险或紧急风险的来电记录必须有安全计划才能结束：请与来电者一起填写，"
        "或写明未制定的原因。"),
    "contact.quick_type_has_no_screen": Text(
        "This call type has no risk screen or presenting issues: choose Full record to record "
        "them.",
        "这种来电类型不记录风险筛查或来电问题：如需记录，请选择“完整记录”。"),
    "contact.lowering_needs_reason": Text(
        "To lower the risk level below the screen's ({computed:risk_level}), write your reason.",
        "要把风险等级调低于筛查结果（{computed:risk_level}），请写明理由。"),
    "contact.screen_cannot_be_emptied": Text(
        "The risk screen cannot be emptied: mark it not assessed instead.",
        "风险筛查不能清空：如未能筛查，请标记为“未评估”。"),
    "contact.field_required": Text(
        "{field:contact_field} cannot be empty.",
        "{field:contact_field}不能为空。"),
    "contact.undo_not_yours": Text(
        "Only your own one-click count can be undone.",
        "只能撤销您自己的一键计数。"),
    "contact.undo_too_late": Text(
        "Too late to undo: open the contact and change its call type instead.",
        "已超过撤销时限：请打开这条来电记录，修改来电类型。"),
    "contact.no_cosign_pending": Text(
        "No lowering of this contact's risk level is waiting for a co-sign.",
        "这条来电记录没有等待会签的风险等级下调。"),
    "contact.cosign_own_lowering": Text(
        "You recorded this lowering yourself: another supervisor must co-sign it.",
        "这次下调是您本人记录的：需由另一位督导会签。"),
    "contact.caller_number_invalid": Text(
        "The caller's number must be a phone number (3 to 20 digits).",
        "来电号码须为电话号码（3 至 20 位数字）。"),
    "contact.time_in_future": Text(
        "This time is in the future: check the date and the time zone.",
        "这个时间晚于现在：请核对日期和时区。"),
    "contact.screen_not_asked": Text(
        "Ask Q1 and Q2 and record the answers, or mark the screen as not assessed and say why.",
        "请询问第1、2题并记录回答，或将筛查标为“未评估”并说明原因。"),
    "contact.unknown_codes": Text(
        "Unknown codes: {codes}.",
        "无法识别的选项代码：{codes}。"),
    "contact.until_before_since": Text(
        "The end of the period is before its start.",
        "结束日期早于开始日期。"),
    "risk.after_q2_without_q2": Text(
        "Method, intent and plan (Q3-Q5) are asked only when Q2 (suicidal thoughts) is yes: "
        "answer Q2 or clear them.",
        "只有第 2 题（自杀想法）回答“是”时才询问方法、意图和计划（第 3-5 题）："
        "请回答第 2 题，或清除这几题的回答。"),
    "breakglass.not_allowed": Text(
        "Only the responder who took this alert, the operator who handled the call, or a "
        "supervisor can open the caller's number.",
        "只有接手这条警报的危机干预人员、接听这通电话的接线员或督导可以查看来电号码。"),
    "breakglass.below_high": Text(
        "This contact is at {risk_level:risk_level} risk: the caller's number is opened only "
        "for high or imminent risk.",
        "这条来电记录的风险等级为“{risk_level:risk_level}”：只有高风险或紧急风险时才能查看来电号码。"),
    "breakglass.reason_too_short": Text(
        "Say why in a few words (at least {min_chars} characters), e.g. \"caller took pills, "
        "ambulance needs the address\".",
        "请用几句话说明原因（至少 {min_chars} 个字），例如“来电者已服药，救护车需要地址”。"),
    "caller.ref_exactly_one": Text(
        "Give exactly one of caller_key, caller_number, contact_id.",
        "caller_key、caller_number、contact_id 三者只能填写一项。"),
    "caller.contact_without_key": Text(
        "Contact {contact_id} has no caller key: nothing links it to a caller.",
        "来电记录 {contact_id} 没有来电者标识，无法关联到来电者。"),
}
