"""The Dockerfile runs what the Procfile runs, as a non-root user, with /healthz as its health check.

No container engine runs on the CI machine (.ci/run builds the image when one does), so these read the file.
"""

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def _last(name: str) -> str:
    values = [args for instr, args in _instructions() if instr == name]
    assert values, f"Dockerfile has no {name}"
    return values[-1]


def _procfile() -> dict[str, str]:
    entries = (line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    return {kind.strip(): command.strip() for kind, command in entries}


def test_the_container_command_runs_the_procfile_release_then_web_entry_points():
    procfile = _procfile()
    cmd = json.loads(_last("CMD"))  # exec form, so signals reach the server
    shell_line = cmd[-1]
    steps = [step.strip().removeprefix("exec ").strip() for step in shell_line.split("&&")]
    assert steps == [procfile["release"], procfile["web"]]


def test_the_image_runs_as_a_non_root_user():
    user = _last("USER")
    assert user not in ("root", "0")
    assert any(instr == "RUN" and "useradd" in args and user in args for instr, args in _instructions())


def test_the_health_check_asks_healthz_on_the_served_port():
    check = _last("HEALTHCHECK")
    assert "/healthz" in check
    assert "PORT" in check


def test_the_base_image_is_a_slim_python_the_package_supports():
    base = _last("FROM")
    match = re.fullmatch(r"python:3\.(\d+)-slim(?:-\w+)?", base)
    assert match, base
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    low, high = (int(m) for m in re.findall(r"3\.(\d+)", requires))
    assert low <= int(match.group(1)) < high


def test_every_package_the_project_installs_is_copied_into_the_image():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    copied = {args.split()[0] for instr, args in _instructions() if instr == "COPY"}
    assert {p.rstrip("*") for p in packages} <= copied
