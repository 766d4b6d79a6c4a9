"""Escalations and the rescue of an imminent-risk caller: said at the worst moment, so each
text says what to do next."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "escalation.not_found": Text(
        "No escalation {escalation_id}.",
        "找不到编号为 {escalation_id} 的升级。"),
    "escalation.not_yours": Text(
        "This escalation is not yours to see.",
        "您无权查看这条升级。"),
    "escalation.already_acknowledged": Text(
        "Already acknowledged by {name}.",
        "{name} 已确认接收这条警报。"),
    "escalation.taken_meanwhile": Text(
        "{name} acknowledged this alert a moment before you: it is theirs now.",
        "{name} 刚刚先你一步确认接收了这条警报，现由其负责。"),
    "escalation.join_needs_ack": Text(
        "Acknowledge the alert first; then you can join the call.",
        "请先确认接收这条警报，然后即可加入通话。"),
    "escalation.sent_to_someone_else": Text(
        "This alert was sent to someone else; a supervisor can take it over.",
        "这条警报发给了其他人；如需接手，请由督导接管。"),
    "escalation.not_acknowledged": Text(
        "Only an acknowledged escalation can be resolved; this one is {state:escalation_state}.",
        "只有已确认接收的升级才能结案；这条升级目前为：{state:escalation_state}。"),
    "escalation.resolve_not_allowed": Text(
        "Only the person who acknowledged it, or a supervisor, can resolve it.",
        "只有确认接收的人或督导可以结案。"),
    "escalation.rescue_outcome_first": Text(
        "Imminent risk: record the rescue outcome first: whether 110/120 were called and "
        "whether the person was reached. Until the person is reached the case stays open; only "
        "a supervisor can then close it, with a reason.",
        "紧急风险：请先记录紧急救援结果——是否已拨打 110/120，是否已联系上当事人。"
        "在联系上当事人之前，此个案保持开启；之后只有督导可以填写理由后结案。"),
    "escalation.rescue_not_allowed": Text(
        "Only the operator on the call, the responder who took it, or a supervisor can record "
        "the rescue.",
        "只有接听这通电话的接线员、接手的危机干预人员或督导可以记录紧急救援。"),
    "escalation.closed": Text(
        "This escalation is closed.",
        "这条升级已结案。"),
    "rescue.closed": Text(
        "This escalation is closed; its rescue timeline cannot change.",
        "这条升级已结案，紧急救援记录不能再修改。"),
    "rescue.not_imminent": Text(
        "A rescue case is for imminent risk; raise the contact's level first.",
        "紧急救援只用于紧急风险；请先把这条来电记录的风险等级调高为紧急。"),
    "rescue.needs_service": Text(
        "Say which emergency service was called: 110, 120 or 119.",
        "请选择拨打的急救电话：110、120 或 119。"),
    "rescue.needs_reached": Text(
        "Say whether the person was reached: yes or no.",
        "请说明是否已联系上当事人：是或否。"),
    "rescue.needs_handover": Text(
        "Say who took over: hospital, police, family or other.",
        "请说明交接给了谁：医院、警方、家属或其他。"),
    "rescue.time_in_future": Text(
        "The time is in the future: check it.",
        "这个时间晚于现在，请核对。"),
    "escalation.outcome_too_short": Text(
        "Write the outcome in a few words (at least {min_chars} characters).",
        "请用几句话写下处理结果（至少 {min_chars} 个字）。"),
}
