"""The roster: shifts and their rules, coverage, leave and swaps, check-in, generation,
calendar feeds and offers to cover a gap."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "shift.not_found": Text(
        "No shift {shift_id}.",
        "找不到编号为 {shift_id} 的班次。"),
    "shift.staff_not_found": Text(
        "No staff member {staff_id}.",
        "找不到编号为 {staff_id} 的人员。"),
    "shift.staff_not_active": Text(
        "{name} is not active.",
        "{name} 已停用，不能排班。"),
    "shift.position_needs_role": Text(
        "{name} cannot hold {position:position}: it needs the {role:role} role.",
        "{name} 不能担任{position:position}：这个岗位需要“{role:role}”角色。"),
    "shift.rules_broken": Text(
        "This shift breaks the roster rules: {reasons:reasons}",
        "这个班次不符合排班规则：{reasons:reasons}"),
    "shift.not_alone_yet": Text(
        "{name} cannot be rostered alone yet: {reasons:reasons} Put an experienced colleague "
        "in the same position first.",
        "{name} 暂时不能单独排班：{reasons:reasons}请先在同一岗位安排一位有经验的同事。"),
    "shift.field_required": Text(
        "{field:shift_field} cannot be empty.",
        "{field:shift_field}不能为空。"),
    "rule.end_before_start": Text(
        "A shift must end after it starts.",
        "班次的结束时间必须晚于开始时间。"),
    "rule.too_long": Text(
        "A shift may last at most {hours} hours.",
        "一个班次最长 {hours} 小时。"),
    "rule.overlap": Text(
        "Overlaps another shift of the same person ({other}).",
        "与此人的另一个班次（{other}）重叠。"),
    "rule.rest": Text(
        "Less than {hours} h rest next to the shift {other}.",
        "与班次 {other} 之间的休息不足 {hours} 小时。"),
    "rule.rest_after_call_out": Text(
        "Less than {hours} h rest after a night call-out that ended {ended}.",
        "夜间出勤于 {ended} 结束，之后的休息不足 {hours} 小时。"),
    "rule.shifts_per_day": Text(
        "More than {limit} shift(s) on {day}.",
        "{day} 的班次超过 {limit} 个。"),
    "rule.hours_per_7_days": Text(
        "{total} working hours in the 7 days from {start}; the limit is {limit} h.",
        "自 {start} 起的 7 天内工作 {total} 小时，上限为 {limit} 小时。"),
    "rule.on_call_hours_per_7_days": Text(
        "{total} on-call hours in the 7 days from {start}; the limit is {limit} h.",
        "自 {start} 起的 7 天内值班 {total} 小时，上限为 {limit} 小时。"),
    "solo.pre_service_hours": Text(
        "pre-service training {hours}/{needed} h.",
        "岗前培训仅完成 {hours}/{needed} 小时。"),
    "solo.certificate_missing": Text(
        "no valid certificate '{kind}'.",
        "没有有效的“{kind}”证书。"),
    "coverage.would_open_gaps": Text(
        "This would leave {count} coverage gap(s). Find cover first, or override with a "
        "reason.",
        "这样会留下 {count} 个排班空缺。请先安排替班，或填写原因后强制执行。"),
    "coverage.override_supervisor_only": Text(
        "Only a supervisor may accept a coverage gap.",
        "只有督导可以接受排班空缺。"),
    "coverage.checked_in_needs_past": Text(
        "basis=checked_in counts who checked in: since must be in the past.",
        "按签到统计时只计已签到的人：开始时间必须在过去。"),
    "window.until_before_since": Text(
        "until must be after since.",
        "结束时间必须晚于开始时间。"),
    "window.too_long": Text(
        "Ask for at most {days} days at a time.",
        "一次最多查询 {days} 天。"),
    "leave.end_before_start": Text(
        "The end must be after the start.",
        "结束时间必须晚于开始时间。"),
    "checkin.not_yours": Text(
        "You can only check in to your own shift.",
        "只能为自己的班次签到。"),
    "checkin.outside_window": Text(
        "Check-in opens 30 minutes before the shift and closes at its end.",
        "签到在班次开始前 30 分钟开放，班次结束时关闭。"),
    "checkout.not_yours": Text(
        "You can only check out of your own shift.",
        "只能为自己的班次签退。"),
    "checkout.not_checked_in": Text(
        "Check in first.",
        "请先签到。"),
    "request.not_found": Text(
        "No {kind:request_kind} {item_id}.",
        "找不到编号为 {item_id} 的{kind:request_kind}。"),
    "request.already_decided": Text(
        "This request is already {status:request_status}.",
        "这个申请目前为“{status:request_status}”。"),
    "leave.not_yours": Text(
        "You can only request leave for yourself.",
        "只能为自己申请请假。"),
    "leave.cancel_not_yours": Text(
        "You can only cancel your own request.",
        "只能取消自己的申请。"),
    "swap.not_yours": Text(
        "You can only offer your own shift.",
        "只能发起自己班次的换班。"),
    "swap.shift_started": Text(
        "Only a shift that has not started can be swapped.",
        "只有尚未开始的班次可以换班。"),
    "swap.already_offered": Text(
        "This shift is already offered (swap {swap_id}).",
        "这个班次已发起换班（换班申请 {swap_id}）。"),
    "swap.not_open": Text(
        "This swap is {status:request_status}.",
        "这个换班申请目前为“{status:request_status}”。"),
    "swap.own_shift": Text(
        "You cannot take your own shift.",
        "不能接自己的班。"),
    "swap.untake_not_yours": Text(
        "Only the person who took this swap can give it back, before approval.",
        "只有接班的人可以在审批前退回。"),
    "swap.withdraw_not_yours": Text(
        "Only the person who offered the shift can withdraw the offer.",
        "只有发起换班的人可以撤回。"),
    "swap.not_taken": Text(
        "Only a taken swap can be decided; this one is {status:request_status}.",
        "只有已有人接班的换班申请才能审批；这个申请目前为“{status:request_status}”。"),
    "generate.until_before_since": Text(
        "until must be after since.",
        "结束日期必须晚于开始日期。"),
    "generate.too_many_days": Text(
        "Generate at most {days} days at a time.",
        "一次最多生成 {days} 天的排班。"),
    "generate.nothing_to_publish": Text(
        "Nothing to publish.",
        "没有可发布的班次。"),
    "generate.shift_refused": Text(
        "Shift {shift}: {reasons:reasons}",
        "第 {shift} 个班次：{reasons:reasons}"),
    "feed.person_or_team": Text(
        "A feed is for one person or one team, not both.",
        "日历订阅只能针对一个人或一个团队，不能同时针对两者。"),
    "feed.own_only": Text(
        "You can only make a feed of your own shifts.",
        "只能订阅自己的班次。"),
    "feed.team_not_found": Text(
        "No team {team_id}.",
        "找不到编号为 {team_id} 的团队。"),
    "feed.unknown": Text(
        "Unknown calendar feed.",
        "未知的日历订阅。"),
    "offer.not_found": Text(
        "No shift offer {notice_id}.",
        "找不到编号为 {notice_id} 的替班邀请。"),
    "offer.not_yours": Text(
        "This offer was made to someone else.",
        "这个邀请是发给别人的。"),
    "offer.closed": Text(
        "This offer is closed: someone took it or it was withdrawn.",
        "这个邀请已关闭：已有人接班或已撤回。"),
    "offer.shift_over": Text(
        "This shift is over.",
        "这个班次已经结束。"),
}
