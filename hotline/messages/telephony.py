"""Calls: taking a queued call, joining or monitoring a live call, call-backs, and Twilio's
webhooks (whose refusals only Twilio reads, but they are catalogued all the same)."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "call.not_live": Text(
        "This contact has no live call (it was not a phone call, or the call has ended): call "
        "the person back instead.",
        "这条来电记录没有正在进行的通话（不是电话来电，或通话已结束）：请改为回拨当事人。"),
    "call.no_staff_phone": Text(
        "Your staff record has no phone number to ring. Ask an administrator to add it.",
        "您的人员信息里没有可拨打的电话号码。请联系管理员补充。"),
    "call.dial_in_failed": Text(
        "Could not dial you into the call ({error}). The caller stays with the operator; try "
        "again, or call the operator directly.",
        "未能把您接入通话（{error}）。来电者仍由接线员陪伴；请重试，或直接打电话给接线员。"),
    "call.no_operator_leg": Text(
        "No operator leg to whisper to on this call.",
        "这通电话里没有接线员线路，无法耳语指导。"),
    "call.telephony_not_set_up": Text(
        "Calls cannot be placed from here: the hotline's telephony (Twilio) is not set up. "
        "Call from your phone, or ask an administrator.",
        "无法从这里拨出电话：热线的电话系统（Twilio）尚未配置。请用你的电话拨打，或联系管理员。"),
    "call.not_available_to_take": Text(
        "Only an operator on shift at the call's centre, checked in and not on another call, "
        "can accept a call.",
        "只有在来电所属中心在班、已签到且没有其他通话的接线员可以接听来电。"),
    "call.choosing_region": Text(
        "The caller is still choosing a region in the phone menu: the call is not queued yet.",
        "来电者仍在语音菜单中选择地区，这通电话尚未进入排队。"),
    "call.already_taken": Text(
        "Someone else has taken this call, or the caller hung up.",
        "这通电话已被其他人接听，或来电者已挂断。"),
    "call.connect_failed": Text(
        "Could not connect the call ({error}); it is still in the queue. Try again or take "
        "the next one.",
        "未能接通这通电话（{error}），它仍在排队中。请重试，或接听下一通。"),
    "callback.not_found": Text(
        "No call-back task {task_id}.",
        "找不到编号为 {task_id} 的回拨任务。"),
    "callback.not_open": Text(
        "This call-back is {status:callback_status}.",
        "这条回拨任务已{status:callback_status}。"),
    "callback.no_number": Text(
        "There is no number to call back for this contact.",
        "这条来电记录没有可回拨的号码。"),
    "twilio.bad_signature": Text(
        "Invalid Twilio signature.",
        "Twilio 签名无效。"),
    "twilio.unknown_notification": Text(
        "Unknown notification.",
        "未知的通知。"),
    "twilio.call_sid_missing": Text(
        "CallSid is missing.",
        "缺少 CallSid。"),
    "twilio.unknown_call": Text(
        "Unknown call.",
        "未知的通话。"),
    "twilio.unknown_recording": Text(
        "Unknown recording.",
        "未知的录音。"),
}
