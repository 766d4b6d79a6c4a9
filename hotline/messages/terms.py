"""Stored values that refusals name (``{level:risk_level}``), said in the reader's words.

Only the vocabularies a refusal mentions; the console's full labels live in operator_ui.
"""

from __future__ import annotations

from hotline.messages.text import Text

TERMS: dict[str, dict[str, Text]] = {
    "risk_level": {
        "none": Text("no", "无"),
        "low": Text("low", "低"),
        "moderate": Text("moderate", "中"),
        "high": Text("high", "高"),
        "imminent": Text("imminent", "紧急"),
    },
    "escalation_state": {
        "open": Text("open", "待通知"),
        "notified": Text("notified, not yet acknowledged", "已通知、尚未确认接收"),
        "acknowledged": Text("acknowledged", "已确认接收"),
        "resolved": Text("resolved", "已结案"),
        "exhausted": Text("unanswered at every tier", "各级均未确认接收"),
        "rescue_pending": Text("waiting for the rescue outcome", "等待紧急救援结果"),
    },
    "follow_up_status": {
        "open": Text("open", "进行中"),
        "reached": Text("done: the caller was reached", "已完成：已联系上来电者"),
        "unreached": Text("closed: the caller was not reached", "已结束：未联系上来电者"),
        "cancelled": Text("cancelled", "已取消"),
    },
    "debrief_status": {
        "offered": Text("offered", "待进行"),
        "done": Text("done", "完成"),
        "declined": Text("declined", "婉拒"),
    },
    "callback_status": {
        "open": Text("open", "待处理"),
        "done": Text("done", "完成"),
        "closed": Text("closed", "结束"),
    },
    "request_status": {  # leave requests and shift swaps
        "requested": Text("requested", "待审批"),
        "open": Text("open", "待接班"),
        "taken": Text("taken", "已有人接班、待审批"),
        "approved": Text("approved", "已批准"),
        "rejected": Text("rejected", "已驳回"),
        "cancelled": Text("cancelled", "已取消"),
    },
    "contact_field": {
        "channel": Text("The channel", "来电渠道"),
        "call_type": Text("The call type", "来电类型"),
        "status": Text("The status", "状态"),
        "received_at": Text("The time the contact came in", "来电时间"),
    },
    "request_kind": {
        "leave": Text("leave request", "请假申请"),
        "swap": Text("swap", "换班申请"),
    },
    "shift_field": {
        "staff_id": Text("The person", "人员"),
        "position": Text("The position", "岗位"),
        "start": Text("The start", "开始时间"),
        "end": Text("The end", "结束时间"),
    },
    "session_kind": {
        "training": Text("training", "系统培训"),
        "drill": Text("drill", "演练"),
    },
    "position": {
        "operator": Text("operator seat", "接线席位"),
        "crisis_primary": Text("crisis primary on call", "危机值班（主岗）"),
        "crisis_backup": Text("crisis backup on call", "危机值班（备岗）"),
        "supervisor": Text("supervisor on duty", "值班督导"),
    },
    "role": {
        "operator": Text("operator", "接线员"),
        "crisis_responder": Text("crisis responder", "危机干预人员"),
        "supervisor": Text("supervisor", "督导"),
        "team_lead": Text("team lead", "组长"),
        "admin": Text("admin", "管理员"),
        "provincial_supervisor": Text("provincial supervisor", "省级督导"),
        "provincial_crisis_lead": Text("provincial crisis lead", "省级危机干预负责人"),
    },
}
