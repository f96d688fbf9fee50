"""ckan.ini and test.ini hold the SECRET_KEY, database passwords and an API token: only their
owner may read them, whether scripts/configure.sh writes them anew or rewrites old ones."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_configure_writes_both_inis_owner_only(tmp_path: Path) -> None:
    root = tmp_path / "clone"
    for folder in ("scripts", "config"):
        shutil.copytree(ROOT / folder, root / folder)
    old = root / "test.ini"  # left by an earlier version of the script, world-readable
    old.write_text("[app:main]\n")
    old.chmod(0o644)
    env = {**os.environ, "VENV": str(ROOT / ".venv"), "NLC_STATE": str(root / ".state")}
    done = subprocess.run(["bash", str(root / "scripts" / "configure.sh")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for ini in (root / "ckan.ini", root / "test.ini"):
        mode = stat.S_IMODE(ini.stat().st_mode)
        assert mode == 0o600, f"{ini.name} is {oct(mode)}"
        assert "SECRET_KEY" in ini.read_text() or ini.name == "test.ini"
