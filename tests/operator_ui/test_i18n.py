"""Every word the console shows has its Chinese translation, and the language is picked in
the order DESIGN section 4 gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from hotline.auth.models import Account
from hotline.config import PROJECT_ROOT
from operator_ui import i18n
from tests.conftest import Person

PO_DIR = i18n.TRANSLATIONS_DIR / "zh_CN" / "LC_MESSAGES"
METHOD_MAP = [
    ("operator_ui/templates/**.html", "jinja2"),
    ("operator_ui/**.py", "python"),
]
KEYWORDS = {"_": None, "gettext": None, "N_": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _used_msgids() -> dict[str, str]:
    """msgid -> where it is used, extracted the way babel.cfg extracts them."""
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        PROJECT_ROOT, METHOD_MAP, keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, filename)
    return found


def _catalogues() -> list[Catalog]:
    """messages.po and any area's own catalogue beside it (they are chained at run time)."""
    return [read_po(path.open("rb"), locale="zh_CN") for path in sorted(PO_DIR.glob("*.po"))]


def _translated() -> set[str]:
    return {
        str(m.id) for catalog in _catalogues() for m in catalog
        if m.id and m.string and not m.fuzzy
    }


def test_babel_cfg_extracts_the_same_files() -> None:
    text = (PROJECT_ROOT / "babel.cfg").read_text()
    for pattern, method in METHOD_MAP:
        assert f"[{method}: {pattern}]" in text


def test_every_message_used_has_a_chinese_translation() -> None:
    used = _used_msgids()
    assert len(used) > 150  # the extractor really read the templates
    translated = _translated()
    missing = [f"{msgid!r} ({where})" for msgid, where in sorted(used.items())
               if msgid not in translated]
    assert not missing, "untranslated (run pybabel update, then translate):\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    for message in (m for catalog in _catalogues() for m in catalog):
        if message.id and message.string:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(str(message.string))
            ), message.id


def test_glossary_words_are_used() -> None:
    zh = i18n.translations("zh")
    assert zh.gettext("Operator") == "接线员"
    assert zh.gettext("Supervisor") == "督导"
    assert [zh.gettext(w) for w in ("None", "Low", "Moderate", "High", "Imminent")] == [
        "无", "低", "中", "高", "紧急"
    ]
    assert zh.gettext("Safety plan") == "安全计划"
    assert zh.gettext("Follow-up") == "回访"


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("?lang=zh", "en", "en", "zh"),  # the query wins
        ("", "zh", "en-US,en;q=0.9", "zh"),  # then the cookie
        ("", None, "en-GB;q=0.5,zh-CN;q=0.8", "zh"),  # then Accept-Language, by weight
        ("", None, "fr-FR,de;q=0.9", "en"),  # then the settings default (en in tests)
        ("?lang=fr", None, "zh-TW", "zh"),  # an unknown ?lang is ignored
    ],
)
def test_language_choice_order(
    client: TestClient, query: str, cookie: str | None, accept: str, expected: str
) -> None:
    if cookie:
        client.cookies.set(i18n.LANG_COOKIE, cookie)
    r = client.get(f"/login{query}", headers={"Accept-Language": accept})
    assert r.status_code == 200
    assert f'<html lang="{i18n.HTML_LANG[expected]}">' in r.text
    assert ("登录" in r.text) == (expected == "zh")


def test_lang_query_is_remembered(client: TestClient) -> None:
    r = client.get("/login?lang=zh")
    assert r.cookies.get(i18n.LANG_COOKIE) == "zh"
    assert '<html lang="zh-CN">' in client.get("/login", headers={"Accept-Language": "en"}).text


def test_saved_account_language_beats_the_browser(
    client: TestClient, make_person: Callable[..., Person], log_in: Callable[[Person], None],
    session: Session,
) -> None:
    person: Person = make_person("operator")
    account = session.exec(select(Account).where(Account.staff_id == person.id)).one()
    account.language = "zh"
    session.commit()
    log_in(person)
    client.cookies.delete(i18n.LANG_COOKIE)
    r = client.get("/contacts/new", headers={"Accept-Language": "en"})
    assert '<html lang="zh-CN">' in r.text
    assert "风险筛查" in r.text


def test_catalogue_compiles_in_memory_without_mo_files() -> None:
    assert not list(Path(i18n.TRANSLATIONS_DIR).rglob("*.mo"))
    assert i18n.translations("zh").gettext("New contact") == "新来电记录"
    assert i18n.translations("en").gettext("New contact") == "New contact"
