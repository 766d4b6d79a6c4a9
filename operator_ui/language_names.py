"""Languages a person speaks, by name in the page's language (普通话、粤语 / Mandarin,
Cantonese), not as codes."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from operator_ui import rendering
from operator_ui.i18n import N_

PAGE_LOCALES = {"zh": "zh_CN", "en": "en"}
# Spoken at a Chinese hotline, "zh" is Mandarin (CLDR would say "Chinese", a written
# language family, beside "Cantonese").
SPOKEN = {"zh": N_("Mandarin"), "cmn": N_("Mandarin")}


@cache
def _names(lang: str) -> dict[str, str]:
    return dict(Locale.parse(PAGE_LOCALES.get(lang, "en")).languages)


def _name(code: str, lang: str) -> str:
    if code.lower() in SPOKEN:
        return rendering.translator(lang)(SPOKEN[code.lower()])
    names = _names(lang)
    if code in names:
        return names[code]
    try:
        return names.get(str(Locale.parse(code.replace("-", "_")).language), code)
    except (ValueError, UnknownLocaleError):
        return code


def language_names(codes: list[str], lang: str) -> str:
    """``["zh", "yue"]`` -> "普通话、粤语" on a Chinese page, "Mandarin, Cantonese" in English."""
    return ("、" if lang == "zh" else ", ").join(_name(code, lang) for code in codes)


rendering.env.globals["language_names"] = language_names
