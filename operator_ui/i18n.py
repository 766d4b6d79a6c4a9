"""Languages of the console: Simplified Chinese and English, chosen per request.

The catalogue is kept as a ``.po`` file in git and compiled in memory at start-up, so there is
no build step to forget and no stale ``.mo`` to ship.
"""

from __future__ import annotations

import gettext
import io
import itertools
from functools import lru_cache
from pathlib import Path

from babel.dates import get_timezone_location
from babel.messages import mofile, pofile
from fastapi import Request

from hotline.language import LANG_COOKIE, LANGUAGES, pick, query_language

TRANSLATIONS_DIR = Path(__file__).with_name("translations")
__all__ = ["LANGUAGES", "LANG_COOKIE", "N_", "pick_language", "query_language", "translations"]
# The language code of the page (``<html lang>``) and the catalogue that serves it.
HTML_LANG = {"zh": "zh-CN", "en": "en"}
CATALOGUES = {"zh": "zh_CN"}


@lru_cache
def zone_name(zone: str, language: str) -> str:
    """The hotline's time zone as people say it: "中国（上海）时间", "China (Shanghai) Time"."""
    try:
        return get_timezone_location(zone, locale=CATALOGUES.get(language, "en"))
    except LookupError:
        return zone


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, when the language is known."""
    return message


def _compile(po_path: Path, locale: str) -> gettext.GNUTranslations:
    with po_path.open("rb") as fh:
        catalog = pofile.read_po(fh, locale=locale)
    buffer = io.BytesIO()
    mofile.write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue for a language; English is the source, so it needs none.

    Each area of the console may keep its own ``.po`` beside ``messages.po`` (e.g.
    ``crisis.po``, ``roster.po``); they are chained, so no two people edit one file.
    """
    locale = CATALOGUES.get(language)
    if locale is None:
        return gettext.NullTranslations()
    folder = TRANSLATIONS_DIR / locale / "LC_MESSAGES"
    paths = sorted(folder.glob("*.po"), key=lambda p: (p.name != "messages.po", p.name))
    chain = [_compile(path, locale) for path in paths]
    for first, second in itertools.pairwise(chain):
        first.add_fallback(second)
    return chain[0] if chain else gettext.NullTranslations()


def pick_language(request: Request, saved: str | None = None) -> str:
    """DESIGN section 4, the same rule as API refusals (``hotline.language``)."""
    return pick(request, saved)
