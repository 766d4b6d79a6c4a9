"""Languages a person speaks, by name in the page's language (粤语, Cantonese), not as codes."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from operator_ui import rendering

PAGE_LOCALES = {"zh": "zh_CN", "en": "en"}


@cache
def _names(lang: str) -> dict[str, str]:
    return dict(Locale.parse(PAGE_LOCALES.get(lang, "en")).languages)


def language_names(codes: list[str], lang: str) -> str:
    """``["zh", "yue"]`` -> "中文、粤语" on a Chinese page, "Chinese, Cantonese" in English."""
    names = []
    for code in codes:
        try:
            name = _names(lang).get(code) or _names(lang).get(str(Locale.parse(code).language))
        except (ValueError, UnknownLocaleError):
            name = None
        names.append(name or code)
    return ("、" if lang == "zh" else ", ").join(names)


rendering.env.globals["language_names"] = language_names
