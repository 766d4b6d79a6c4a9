"""Trainings and drills: scheduling, invitations, attendance and assessment, drill runs."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "training.not_found": Text(
        "No training session {session_id}.",
        "找不到编号为 {session_id} 的培训。"),
    "training.staff_not_active": Text(
        "No active staff member {staff_id}.",
        "编号为 {staff_id} 的人员不存在或已停用。"),
    "training.team_unknown": Text(
        "No team {team_id} in your centre to invite.",
        "本中心没有编号为 {team_id} 的小组可邀请。"),
    "training.facilitator_unknown": Text(
        "No staff member {staff_id} to facilitate.",
        "找不到编号为 {staff_id} 的人员担任带领人。"),
    "training.over_capacity": Text(
        "{invited} people are invited but the capacity is {capacity}: raise the capacity or "
        "invite fewer.",
        "已邀请 {invited} 人，但人数上限为 {capacity}：请提高上限，或减少邀请人数。"),
    "training.capacity_below_invited": Text(
        "{invited} people are invited; capacity cannot be lower.",
        "已邀请 {invited} 人；人数上限不能低于这个数。"),
    "training.already_cancelled": Text(
        "This session is already cancelled.",
        "这次培训已经取消。"),
    "training.cancelled": Text(
        "This session was cancelled.",
        "这次培训已取消。"),
    "training.not_started": Text(
        "Attendance is recorded once the session has started.",
        "培训开始后才能记录出勤。"),
    "training.nobody_invited": Text(
        "Nobody is invited: choose a team, a role or people.",
        "尚未邀请任何人：请选择团队、角色或人员。"),
    "training.everyone_on_shift": Text(
        "Everyone chosen is on shift then and cannot leave the phones: choose another time.",
        "所选人员届时都在班，无法离开岗位：请另选时间。"),
    "training.already_invited": Text(
        "Everyone chosen is already invited: choose someone else.",
        "所选人员均已受邀：请选择其他人。"),
    "training.attendance_recorded": Text(
        "Staff member {staff_id} has attendance recorded; it stays on record.",
        "编号为 {staff_id} 的人员已记录出勤，这条记录会保留。"),
    "training.hours_with_zone": Text(
        "Earliest and latest are local times (HH:MM), without a time zone.",
        "最早和最晚时间请填写本地时间（时:分），不要带时区。"),
    "training.hours_do_not_fit": Text(
        "A {hours}-hour session does not fit between {earliest} and {latest}.",
        "{earliest} 到 {latest} 之间放不下 {hours} 小时的培训。"),
    "training.not_invited": Text(
        "Staff member {staff_id} was not invited to this session.",
        "编号为 {staff_id} 的人员没有被邀请参加这次培训。"),
    "training.assessment_needed": Text(
        "Staff member {staff_id}: this {kind:session_kind} is assessed; give passed (and a "
        "score if there is one).",
        "编号为 {staff_id} 的人员：这次{kind:session_kind}需要考核；请填写是否通过（如有分数也请填写）。"),
    "training.end_before_start": Text(
        "The session must end after it starts.",
        "结束时间必须晚于开始时间。"),
    "training.too_long": Text(
        "A session lasts at most 12 hours: split longer courses into days.",
        "一次培训最长 12 小时，较长的课程请分几天安排。"),
    "training.drill_needs_scenario": Text(
        "A drill needs a scenario.",
        "演练需要选择情景。"),
    "training.needs_place": Text(
        "Give a place or an online link.",
        "请填写地点或线上链接。"),
    "training.year_out_of_range": Text(
        "year must be between 2000 and 2100.",
        "年份须在 2000 至 2100 之间。"),
    "training.suggest_window": Text(
        "until must be after since, at most 200 days later.",
        "结束日期须晚于开始日期，且相隔不超过 200 天。"),
    "drill.not_a_drill": Text(
        "Only a drill can run a simulated contact.",
        "只有演练可以发起模拟来电。"),
    "drill.cancelled": Text(
        "This drill was cancelled.",
        "这次演练已取消。"),
    "drill.outside_schedule": Text(
        "A drill run starts during the drill's scheduled time.",
        "只能在演练的预定时间内开始演练。"),
}
