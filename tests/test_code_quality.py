"""The package type-checks under mypy --strict and passes ruff, as the style guide asks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def test_the_package_passes_mypy_strict() -> None:
    pytest.importorskip("mypy", reason="mypy is in requirements-dev.txt")
    done = _run(sys.executable, "-m", "mypy", "threadnote")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_code_passes_ruff() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is in requirements-dev.txt")
    done = _run(ruff, "check", "threadnote", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr
