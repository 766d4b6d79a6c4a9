"""A province of three centres on disk, as an operator of the network would write it:
``gd`` (provincial), ``gz`` (rolls over to gd) and ``sz``, whose own ``policy_dir`` asks for
one operator seat only and a single crisis responder on call."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from hotline import policies as policy_files
from hotline.app import create_app
from hotline.centres import service as centres_service
from hotline.centres.models import Centre
from hotline.config import PROJECT_ROOT, Settings
from tests.operator_ui.conftest import log_in

NETWORK = """
[[centres]]
code = "gd"
name_zh = "广东省心理援助热线"
name_en = "Guangdong Provincial Hotline"
regions = ["440000"]
numbers = ["+862012356"]
provincial = true

[[centres]]
code = "gz"
name_zh = "广州市心理援助热线"
name_en = "Guangzhou Hotline"
regions = ["440100"]
numbers = ["+862081899120"]
rollover_to = "gd"

[[centres]]
code = "sz"
name_zh = "深圳市心理援助热线"
name_en = "Shenzhen Hotline"
regions = ["440300"]
numbers = ["+8675512356"]
rollover_to = "gd"
policy_dir = "sz"
"""

SZ_COVERAGE = """
[default]
operator = 1
crisis_primary = 1
crisis_backup = 0
supervisor = 0
"""


def province_schedules(tmp_path: Path) -> Path:
    """A copy of the shipped schedules with the province's network.toml and sz's policy."""
    schedules = tmp_path / "schedules"
    shutil.copytree(PROJECT_ROOT / "schedules", schedules)
    (schedules / "network.toml").write_text(NETWORK, encoding="utf-8")
    (schedules / "sz").mkdir()
    (schedules / "sz" / "coverage.toml").write_text(SZ_COVERAGE, encoding="utf-8")
    return schedules


@pytest.fixture
def province_dir(tmp_path: Path) -> Path:
    return province_schedules(tmp_path)


@pytest.fixture
def settings(settings: Settings, province_dir: Path) -> Settings:
    return settings.model_copy(update={"schedules_dir": province_dir})


@pytest.fixture
def pol(settings: Settings) -> policy_files.Policies:
    return policy_files.load(settings.schedules_dir)


@pytest.fixture
def centres(engine, pol) -> dict[str, Centre]:
    """The three centres as the start-up sync leaves them (``main`` made inactive)."""
    with Session(engine) as s:
        rows = centres_service.sync(s, pol.network, "Asia/Shanghai")
        s.commit()
        for row in rows:
            s.refresh(row)
            s.expunge(row)
    return {row.code: row for row in rows}


@pytest.fixture
def app(settings: Settings, engine, centres) -> FastAPI:
    return create_app(settings, engine=engine)


__all__ = ["log_in"]  # the page tests log in through the form, as a browser does
