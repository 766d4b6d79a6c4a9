"""Words for the live risk panel, handed to the page's script as JSON.

The script never scores a screen itself: it asks ``/api/contacts/risk-preview`` and only looks
the answer's codes up here, so the rule lives in one place (``hotline.contacts.risk``).
"""

from __future__ import annotations

from operator_ui import labels
from operator_ui.i18n import N_
from operator_ui.rendering import translator

NEEDS_REASON = N_("Write your reason to lower the level. Until then the screen's level stands.")
LOWERED = N_("Lowered by your judgement; the screen gave %(level)s.")
RAISED = N_("Raised by your judgement; the screen gave %(level)s.")
UNREACHABLE = N_("The live level could not be updated. It is computed again when you save.")


def texts(language: str) -> dict[str, object]:
    _ = translator(language)
    return {
        "levels": {code: _(msg) for code, msg in labels.RISK_LEVELS.items()},
        "actions": {code: _(msg) for code, msg in labels.RISK_ACTIONS.items()},
        "on_save": {code: _(msg) for code, msg in labels.RISK_ON_SAVE.items()},
        "reasons": {code: _(msg) for code, msg in labels.RISK_REASONS.items()},
        "needs_reason": _(NEEDS_REASON),
        "lowered": _(LOWERED),
        "raised": _(RAISED),
        "unreachable": _(UNREACHABLE),
    }
