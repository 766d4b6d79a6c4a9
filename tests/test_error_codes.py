"""Every refusal has a code, and every code is said in both languages.

The source is read as Python (``ast``), not searched by pattern: each call of a ``HotlineError``
class or of ``invalid_value`` must name a catalogued code as a literal and give every value its
text fills in; a pydantic validator outside the policy files refuses with ``invalid_value``,
never a bare ``ValueError`` whose English nobody can translate.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import hotline
import operator_ui
from hotline import errors, messages
from hotline.messages import CATALOGUE, NAMES, REASONS, TERMS, placeholders, say

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*(ROOT / "hotline").rglob("*.py"), *(ROOT / "operator_ui").rglob("*.py")])
KEYWORDS = {"headers", "extra"}  # HotlineError's own keyword arguments, not message values
# Calls that pass on a code already checked where it was first raised: (file, function).
PASS_THROUGH = {
    ("operator_ui/form_errors.py", "refusal"),  # a schema's refusal, as a page's 422
    ("hotline/roster/generation.py", "publish"),  # one shift's refusal, numbered
    ("hotline/db.py", "get_or_404"),  # the 404 its callers name, checked at each call
    ("hotline/access/scope.py", "get_or_404"),  # the same, within the actor's centres
}
# Helpers that raise the code they are given: how many arguments come before it.
RAISING_HELPERS = {"get_or_404": 3}
# Policy files are read by admins at a terminal (``hotline policies check``): their errors
# name the file and the key in English; they are not said to operators.
POLICY_MODULES = ("policy.py", "policies.py", "config.py", "hsds.py")


def _error_classes() -> set[str]:
    for package in (hotline, operator_ui):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations." not in info.name:
                importlib.import_module(info.name)
    found: set[str] = set()
    todo = [errors.HotlineError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _calls(names: set[str]) -> Iterator[tuple[str, str, ast.Call]]:
    """(file, enclosing function, call) for every call of one of ``names``."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(node):
                func = getattr(call, "func", None)
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if isinstance(call, ast.Call) and name in names:
                    yield str(path.relative_to(ROOT)), node.name, call


def _raised() -> list[tuple[str, str, ast.Call]]:
    return sorted(set(_calls(_error_classes() | {"invalid_value", "Reason", *RAISING_HELPERS})),
                  key=lambda c: (c[0], c[2].lineno))


def test_every_code_says_the_same_thing_in_both_languages() -> None:
    assert len(CATALOGUE) > 100
    for code, text in CATALOGUE.items():
        assert text.en.strip() and text.zh.strip(), code
        assert placeholders(text.en) == placeholders(text.zh), code
        for _, term in placeholders(text.en):
            assert term in ("", REASONS, NAMES, *TERMS), f"{code}: no term list {term!r}"
        assert text.zh != text.en, f"{code} is not translated"
    for kind, words in TERMS.items():
        for value, text in words.items():
            assert text.en and text.zh and text.zh != text.en, (kind, value)


def test_every_raise_names_a_catalogued_code_with_its_values() -> None:
    unknown, missing, free = [], [], []
    for where, function, call in _raised():
        place = f"{where}:{call.lineno}"
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", "")
        args = call.args[RAISING_HELPERS.get(name, 0):]
        if not args:
            if getattr(call.func, "id", "") == "NotAuthenticated":
                continue  # its default code is checked below
            free.append(place)
            continue
        first = args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            if (where, function) not in PASS_THROUGH:
                free.append(place)
            continue
        if first.value not in CATALOGUE:
            unknown.append(f"{place} {first.value!r}")
            continue
        given = {k.arg for k in call.keywords if k.arg} - KEYWORDS
        spread = any(k.arg is None for k in call.keywords)
        needed = {name for name, _ in placeholders(CATALOGUE[first.value].en)}
        if not spread and needed - given:
            missing.append(f"{place} {first.value} needs {sorted(needed - given)}")
    assert not unknown, f"codes not in hotline.messages: {unknown}"
    assert not missing, missing
    assert not free, f"refusals without a literal code (free text?): {free}"
    default = inspect.signature(errors.NotAuthenticated.__init__).parameters["code"].default
    assert default in CATALOGUE


def test_no_validator_refuses_in_free_text() -> None:
    """``raise ValueError("...")`` in a pydantic validator reaches operators in English."""
    found = []
    for path in SOURCES:
        if path.name in POLICY_MODULES or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorators = {getattr(getattr(d, "func", d), "id", "") for d in node.decorator_list}
            # Validators, and every helper a schemas module keeps for them.
            if not (decorators & {"field_validator", "model_validator"}
                    or path.name == "schemas.py"):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Raise) and isinstance(inner.exc, ast.Call) and \
                        getattr(inner.exc.func, "id", "") == "ValueError":
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not found, found


def test_every_code_is_used() -> None:
    """A code nobody raises is a text nobody reads (pydantic's own types aside)."""
    literals = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
    unused = sorted(c for c in CATALOGUE
                    if c not in literals and not c.startswith("value.") and c != "form.check_value")
    assert not unused


@pytest.mark.parametrize(("language", "text"), [
    ("en", ("Only an acknowledged escalation can be resolved; this one is waiting for the "
            "rescue outcome.")),
    ("zh", "只有已确认接收的升级才能结案；这条升级目前为：等待紧急救援结果。"),
])
def test_a_stored_value_is_said_in_the_readers_words(language: str, text: str) -> None:
    assert say("escalation.not_acknowledged", language, {"state": "rescue_pending"}) == text


def test_an_unknown_code_or_a_missing_value_never_breaks_a_refusal() -> None:
    assert say("no.such.code", "zh") == "no.such.code"
    assert "{contact_id}" in say("contact.not_found", "en", {})
    assert messages.say("contact.not_found", "zh", {"contact_id": "{x}"}).count("{x}") == 1
    assert "{reasons}" in say("shift.rules_broken", "en", {})  # nothing to iterate: said as is
