"""The code stays as ruff's rules in pyproject.toml want it: style, imports, bugbear, and
complexity at most 15 (C90), no blind `except Exception` (BLE), bandit's security checks (S)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "check", "--no-cache", "--output-format", "concise", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_the_rules_are_the_issue_s() -> None:
    import tomllib

    lint = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert {"C90", "BLE", "S"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] == 15
