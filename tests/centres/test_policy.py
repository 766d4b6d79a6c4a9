"""``schedules/network.toml``: optional, and refused with the file, the key and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hotline import cli, policies
from hotline.config import PROJECT_ROOT

GD = """
shared_numbers = ["+864001234567"]
[[centres]]
code = "gd"
name_zh = "广东省心理援助热线"
name_en = "Guangdong Psychological Assistance Hotline"
regions = ["440000"]
numbers = ["+862012356"]
provincial = true
[[centres]]
code = "gz"
name_zh = "广州市心理援助热线"
regions = ["440100"]
zone = "Asia/Shanghai"
numbers = ["+862081899120"]
rollover_to = "sz"
[[centres]]
code = "sz"
regions = ["440300"]
rollover_to = "gd"
"""


@pytest.fixture
def schedules(tmp_path: Path) -> Path:
    """A copy of the shipped policy files, to add a network to."""
    target = tmp_path / "schedules"
    shutil.copytree(PROJECT_ROOT / "schedules", target)
    return target


def test_without_network_file_one_main_centre_as_today():
    loaded = policies.load(PROJECT_ROOT / "schedules")
    assert [c.code for c in loaded.network.centres] == ["main"]
    assert loaded.network.provincial.code == "main"
    assert loaded.network.shared_numbers == ()
    assert loaded.for_centre("main") is loaded


def test_a_network_reads_with_lookups(schedules: Path):
    (schedules / "network.toml").write_text(GD, encoding="utf-8")
    network = policies.load(schedules).network
    assert network.provincial.code == "gd"
    assert network.centre("gz").name_zh == "广州市心理援助热线"
    assert network.by_number("+862081899120").code == "gz"  # type: ignore[union-attr]
    assert network.by_number("+864001234567") is None  # shared: routed by region
    assert network.rollover_chain("gz") == ["gz", "sz", "gd"]
    assert network.rollover_chain("gd") == ["gd"]
    with pytest.raises(KeyError):
        network.centre("bj")


def _problems(schedules: Path, body: str) -> str:
    (schedules / "network.toml").write_text(body, encoding="utf-8")
    with pytest.raises(policies.PolicyError) as caught:
        policies.load(schedules)
    return "\n".join(caught.value.problems)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace('code = "sz"', 'code = "gz"'), "centres.code: gz used twice"),
    (lambda t: t.replace('"+862081899120"', '"+862012356"'),
     "+862012356 is claimed by centre 'gd' and by centre 'gz'"),
    (lambda t: t.replace('numbers = ["+862012356"]', 'numbers = ["+864001234567"]'),
     "+864001234567 is claimed by shared_numbers and by centre 'gd'"),
    (lambda t: t.replace('rollover_to = "gd"', 'rollover_to = "bj"'),
     "rolls over to unknown centre 'bj'"),
    (lambda t: t.replace('rollover_to = "gd"', 'rollover_to = "gz"'),
     "cycle (gz -> sz -> gz)"),
    (lambda t: t.replace("provincial = true", ""), "exactly one centre must be provincial"),
    (lambda t: t.replace('regions = ["440100"]', 'regions = ["provincial"]'),
     "centres.1.regions: Value error, region codes are 6-digit GB/T 2260 codes"),
    (lambda t: t.replace('zone = "Asia/Shanghai"', 'zone = "Mars/Olympus"'),
     "centres.1.zone: Value error, unknown time zone 'Mars/Olympus'"),
    (lambda t: t.replace('code = "sz"', 'code = "Shen Zhen"'), "centres.2.code"),
    (lambda t: t + 'colour = "red"\n', "centres.2.colour: unknown key"),
])
def test_bad_network_is_refused_naming_file_key_and_fix(schedules, change, expected):
    problems = _problems(schedules, change(GD))
    assert f"{schedules / 'network.toml'}: " in problems
    assert expected in problems


def test_policies_check_and_start_refuse_a_bad_network(schedules, settings, capsys):
    from hotline.app import create_app

    (schedules / "network.toml").write_text(GD.replace('rollover_to = "gd"',
                                                       'rollover_to = "gz"'), encoding="utf-8")
    assert cli.main(["policies", "check", str(schedules)]) == 1
    err = capsys.readouterr().err
    assert "network.toml: (file): Value error, centres.rollover_to" in err
    assert 'end it with "" on one centre' in err
    with pytest.raises(policies.PolicyError, match="cycle"):
        create_app(settings.model_copy(update={"schedules_dir": schedules}))


def test_a_centre_policy_dir_overrides_shared_files_for_that_centre_only(schedules: Path):
    (schedules / "network.toml").write_text(
        GD.replace('code = "gz"', 'code = "gz"\npolicy_dir = "centres/gz"'), encoding="utf-8")
    (schedules / "centres" / "gz").mkdir(parents=True)
    (schedules / "centres" / "gz" / "telephony.toml").write_text(
        'greeting_zh = "您好，这里是广州市心理援助热线。"\nqueue_wait_limit_seconds = 60\n',
        encoding="utf-8")
    loaded = policies.load(schedules)
    gz, sz = loaded.for_centre("gz"), loaded.for_centre("sz")
    assert gz.telephony.queue_wait_limit_seconds == 60
    assert gz.telephony.greeting_zh == "您好，这里是广州市心理援助热线。"
    assert sz.telephony == loaded.telephony != gz.telephony
    assert gz.coverage == loaded.coverage and gz.network == loaded.network
    assert sz is loaded


def test_a_bad_centre_policy_dir_is_refused(schedules: Path):
    body = GD.replace('code = "gz"', 'code = "gz"\npolicy_dir = "centres/gz"')
    assert "'gz' names 'centres/gz'" in _problems(schedules, body)
    (schedules / "centres" / "gz").mkdir(parents=True)
    (schedules / "centres" / "gz" / "coverage.toml").write_text("[default]\noperator = -1\n")
    (schedules / "centres" / "gz" / "network.toml").write_text("")
    problems = _problems(schedules, body)
    assert f"{schedules / 'centres/gz/coverage.toml'}: default.operator" in problems
    assert "centres/gz/network.toml: the network is shared by every centre" in problems
