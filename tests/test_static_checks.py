"""ruff and mypy as part of the test suite, so every full test run (``make test``, CI, a helper's
``pytest``) checks what ``pyproject.toml`` configures: ruff's lint rules over generator/, tests/
and bench/, mypy over the package (strict on the core modules). ``ruff format --check`` joins them
when ``AEOLOOP_FORMAT_CHECK=1`` (the Makefile's ``FORMAT``), once the tree has been reformatted.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PATHS = ["generator", "tests", "bench"]


def _tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), (
        f"{name} is not installed beside {sys.executable}: install the dev extra (pip install -e '.[dev]')"
    )
    return str(path)


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check():
    result = _run([_tool("ruff"), "check", "--no-fix", "--output-format", "concise", *PATHS])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    os.environ.get("AEOLOOP_FORMAT_CHECK") != "1",
    reason="ruff format is checked once the tree is reformatted (FORMAT=1)",
)
def test_ruff_format():
    result = _run([_tool("ruff"), "format", "--check", *PATHS])
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy():
    result = _run([_tool("mypy")])
    assert result.returncode == 0, result.stdout + result.stderr
