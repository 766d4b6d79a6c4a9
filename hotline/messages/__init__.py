"""The catalogue of refusals: one code per refusal, its English and Chinese text.

Services raise ``HotlineError(code, **params)`` (``hotline.errors``); the API and the pages look
the code up here and say it in the reader's language. Texts use named placeholders
(``{contact_id}``); ``{status:follow_up_status}`` also says a stored value (here a follow-up's
status) in the reader's words, from ``terms``; ``{centre:names}`` picks the reader's language
from a name given in both (``{"zh": ..., "en": ...}``); ``{reasons:reasons}`` says a list of further
coded reasons (``{"code", "params"}``, e.g. every roster rule a shift breaks). Chinese follows
DESIGN section 7's glossary. Each area keeps its codes in its own module.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from hotline.messages import (
    auth,
    care,
    centres,
    contacts,
    crisis,
    directory,
    lending,
    pages,
    requests,
    roster,
    staff,
    telephony,
    training,
)
from hotline.messages.terms import TERMS
from hotline.messages.text import Text

REASONS = "reasons"  # the format of a placeholder that holds coded reasons
NAMES = "names"  # ... that holds a name in each language, {"zh": ..., "en": ...} (a centre's)
AREAS = (requests, auth, centres, staff, contacts, crisis, telephony, roster, training, care,
         directory, lending, pages)


def _merge() -> dict[str, Text]:
    catalogue: dict[str, Text] = {}
    for area in AREAS:
        twice = catalogue.keys() & area.MESSAGES.keys()
        if twice:  # a code means one thing; a clash would silently pick one text
            raise RuntimeError(f"error codes defined twice: {sorted(twice)}")
        catalogue.update(area.MESSAGES)
    return catalogue


CATALOGUE: dict[str, Text] = _merge()


class _Formatter(string.Formatter):
    """``str.format`` that leaves a missing value visible and says terms in the language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(str(key), f"{{{key}}}")

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec == REASONS and isinstance(value, list):
            return (" " if self.language == "en" else "").join(
                say(str(r.get("code")), self.language, r.get("params")) for r in value
                if isinstance(r, Mapping))
        if format_spec == NAMES and isinstance(value, Mapping):
            return str(value.get(self.language) or next(iter(value.values()), ""))
        if format_spec in TERMS:
            term = TERMS[format_spec].get(str(value))
            return term.said(self.language) if term else str(value)
        return str(value)  # a refusal is never refused for the shape of a value


def say(code: str, language: str, params: Mapping[str, Any] | None = None) -> str:
    """The refusal ``code`` in ``language`` with its values filled in. An unknown code (which
    the catalogue test forbids) is said as itself rather than failing the request."""
    text = CATALOGUE.get(code)
    if text is None:
        return code
    return _Formatter(language).vformat(text.said(language), (), dict(params or {}))


def placeholders(template: str) -> set[tuple[str, str]]:
    """The ``(name, term)`` pairs a text fills in, e.g. ``{("status", "follow_up_status")}``."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template)
            if name is not None}


__all__ = ["CATALOGUE", "NAMES", "REASONS", "TERMS", "Text", "placeholders", "say"]
