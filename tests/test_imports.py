"""The shape of the house, checked on every run (both engines): import-linter's contracts from
pyproject.toml (the layers, and no import cycle between domains), routers that nothing below
them imports, and one place that makes a ``Contact``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import pytest
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[1]
ROUTER = re.compile(r"^hotline\.\w+\.(api|\w+_api|webhooks)$")


def test_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    """``layers`` and ``domains-acyclic``; a failure prints import-linter's report."""
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                          no_logo=True)
    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out


def test_routers_sit_on_top() -> None:
    """The contracts let routers import flows and auth's request dependencies; that hides no
    cycle because no domain module imports a router (only the app, pages and other routers)."""
    graph = grimp.build_graph("hotline", "operator_ui", cache_dir=None)
    routers = {m for m in graph.modules if ROUTER.match(m)}
    assert {"hotline.contacts.api", "hotline.crisis.twilio_api", "hotline.telephony.webhooks"} \
        <= routers
    for router in sorted(routers):
        for importer in graph.find_modules_that_directly_import(router):
            assert importer in routers or importer == "hotline.app" \
                or importer.startswith("operator_ui."), f"{importer} imports {router}"


def test_one_function_makes_a_contact() -> None:
    """Every path (the form and API, a ringing call, a drill) goes through
    ``contacts.service.new_contact``: the revision, the audit entry and ``contact.created``
    come with every new contact."""
    makers = []
    for path in sorted((ROOT / "hotline").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "Contact":
                makers.append(path.relative_to(ROOT).as_posix())
    assert makers == ["hotline/contacts/service.py"]
