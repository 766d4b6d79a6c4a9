"""The centres of a network."""

from __future__ import annotations

from hotline.messages.text import Text

MESSAGES = {
    "centre.not_found": Text(
        "No centre {code} in the network.",
        "热线网络中没有代码为 {code} 的中心。"),
}
