"""Continuity of care: follow-ups, caller flags and care plans, and staff care (debriefs,
clinical supervision)."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "follow_up.not_found": Text(
        "No follow-up {follow_up_id}.",
        "找不到编号为 {follow_up_id} 的回访。"),
    "follow_up.not_open": Text(
        "This follow-up is {status:follow_up_status}.",
        "这次回访{status:follow_up_status}。"),
    "follow_up.reassign_not_open": Text(
        "This follow-up is {status:follow_up_status}; only open ones can be reassigned.",
        "这次回访{status:follow_up_status}；只有进行中的回访可以改派。"),
    "follow_up.owner_not_eligible": Text(
        "owner_id {owner_id} is not an active operator, responder or supervisor.",
        "编号为 {owner_id} 的人员不是在职的接线员、危机干预人员或督导。"),
    "follow_up.attempt_out_of_order": Text(
        "Attempt {expected} is next, not {number}: reload.",
        "下一次应为第 {expected} 次尝试，而不是第 {number} 次：请刷新页面。"),
    "follow_up.no_number": Text(
        "The caller agreed to follow-up, but there is no number to call: record the caller's "
        "number on the contact, or untick follow-up consent.",
        "来电者同意回访，但没有可回拨的号码：请在来电记录中登记来电号码，或取消勾选回访同意。"),
    "follow_up.day_in_past": Text(
        "The follow-up day is in the past: choose today or a later day.",
        "回访日期已过：请选择今天或之后的日期。"),
    "caller.no_number": Text(
        "This contact has no caller number, so there is no caller to flag or plan for.",
        "该来电记录没有来电号码，无法标记来电者或制定照护计划。"),
    "caller.flag_not_found": Text(
        "No caller flag {flag_id}.",
        "找不到编号为 {flag_id} 的来电者标记。"),
    "caller.flag_lifted": Text(
        "This flag was lifted; set a new one if it is needed again.",
        "该标记已撤销；如仍需要，请重新设置。"),
    "caller.key_worker_not_active": Text(
        "key_worker_id {key_worker_id} is not an active staff member.",
        "编号为 {key_worker_id} 的人员不是在职人员，不能担任责任接线员。"),
    "caller.reason_required": Text(
        "Please write a reason: the next person needs to know why.",
        "请写明原因：下一位接线员需要知道为什么。"),
    "debrief.not_found": Text(
        "No debrief {debrief_id}.",
        "找不到编号为 {debrief_id} 的事后回顾。"),
    "debrief.not_yours": Text(
        "This debrief is someone else's.",
        "这是其他人的事后回顾。"),
    "debrief.already_closed": Text(
        "This debrief is already {status:debrief_status}.",
        "这次事后回顾已{status:debrief_status}。"),
    "debrief.wellbeing_or_decline": Text(
        "Say how you are (wellbeing 1-5), or decline the debrief.",
        "请告诉我们你现在的状态（1-5），或选择暂不回顾。"),
    "debrief.supervisor_unknown": Text(
        "supervisor_id {supervisor_id} is not a staff member.",
        "编号为 {supervisor_id} 的人员不在人员名单中。"),
    "supervision.in_future": Text(
        "The date is in the future: record supervision after it took place.",
        "督导日期在未来：请在督导结束后再登记。"),
    "supervision.staff_unknown": Text(
        "No staff member {staff_ids}.",
        "找不到编号为 {staff_ids} 的人员。"),
    "supervision.supervisor_supervised": Text(
        "The supervisor cannot be among the people supervised.",
        "督导者不能同时是被督导者。"),
}
