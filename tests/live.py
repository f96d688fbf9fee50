"""Access to the running demo portal (started by `make demo`/`make test`)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PORTAL = os.environ.get("PORTAL_URL", "http://127.0.0.1:5000")


def require_portal() -> None:
    """Fail (never skip) with a clear message when the demo portal is not running."""
    try:
        requests.get(f"{PORTAL}/api/3/action/status_show", timeout=10).raise_for_status()
    except requests.RequestException as e:
        raise AssertionError(f"the demo portal at {PORTAL} is not running (make demo starts it): {e}") from e


def sysadmin_token() -> str:
    state = Path(os.environ.get("NLC_STATE", ROOT / ".state"))
    return json.loads((state / "sysadmin.json").read_text())["api_token"]
