"""Centres' own rosters: lending a person to another centre for a shift, and reading another
centre's figures."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "lending.unknown_centre": Text(
        "There is no centre \"{centre}\". Choose one of the network's centres.",
        "没有代码为“{centre}”的中心。请选择网络中的一个中心。"),
    "lending.inactive_centre": Text(
        "Centre \"{centre}\" is no longer active, so no shift can be worked there.",
        "中心“{centre}”已停用，不能在那里排班。"),
    "lending.not_your_centre": Text(
        "This shift is neither at your centre nor held by one of your centre's people: ask "
        "that centre's supervisor.",
        "这个班次既不在你的中心，也不是你中心人员的班次：请联系该中心的值班主管。"),
    "lending.overlaps": Text(
        "{name} already works at {centre:names} from {start} to {end}: a person works at one "
        "centre at a time.",
        "{name} 在 {start} 至 {end} 已在{centre:names}值班：同一时间只能在一个中心工作。"),
    "centre.not_readable": Text(
        "You can see only your own centre's figures.",
        "你只能查看本中心的数据。"),
}
