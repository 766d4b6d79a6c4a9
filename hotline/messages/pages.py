"""Refusals the console's page routes raise themselves (a form field they could not read)."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "page.not_found": Text(
        "This page does not exist.",
        "该页面不存在。"),
    "page.call_result_missing": Text(
        "Choose what happened on the call before recording it.",
        "请先选择这次通话的结果，再记录。"),
    "page.follow_up_result_missing": Text(
        "Choose what happened on the call.",
        "请选择这次通话的结果。"),
    "page.follow_up_owner_missing": Text(
        "Choose who takes this follow-up.",
        "请选择由谁负责这次回访。"),
    "page.presence_choice": Text(
        "Choose Available or Away.",
        "请选择“可接听”或“暂离”。"),
    "page.no_such_month": Text(
        "There is no such month. Use the form YYYY-MM.",
        "没有这个月份，请按 YYYY-MM 格式填写。"),
    "page.no_such_table": Text(
        "There is no such table on this report.",
        "本报告没有这个表格。"),
    "page.supervision_date_hours": Text(
        "Enter the date and the hours of the session.",
        "请填写督导日期和时长。"),
    "page.gap_unreadable": Text(
        "This gap could not be read. Choose the hour on the board again.",
        "无法识别这个空缺，请在看板上重新选择时段。"),
}
