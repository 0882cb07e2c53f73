"""scripts/find-python picks an interpreter walkbot supports, and says what to do when there is none."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "find-python"


def find_python(**env_extra):
    env = {**os.environ, **env_extra}
    return subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)


def test_walkbot_python_is_used_when_it_runs_a_supported_version():
    result = find_python(WALKBOT_PYTHON=sys.executable)
    assert result.returncode == 0, result.stderr
    assert os.path.samefile(result.stdout.strip(), sys.executable)


def test_a_walkbot_python_that_cannot_run_is_refused_by_name(tmp_path):
    broken = tmp_path / "python3.13"
    broken.write_text("#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n")
    broken.chmod(0o755)
    result = find_python(WALKBOT_PYTHON=str(broken))
    assert result.returncode == 1
    assert f"WALKBOT_PYTHON={broken} does not run Python 3.11, 3.12 or 3.13" in result.stderr


def test_without_a_choice_the_first_runnable_python3_on_path_wins(tmp_path):
    # A shim that exists but fails (a pyenv version not selected) is skipped, not chosen.
    (tmp_path / "python3").write_text("#!/bin/sh\nexit 127\n")
    (tmp_path / "python3.13").symlink_to(sys.executable)
    for shim in tmp_path.iterdir():
        if not shim.is_symlink():
            shim.chmod(0o755)
    result = find_python(PATH=f"{tmp_path}:/usr/bin:/bin", WALKBOT_PYTHON="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "python3.13")
