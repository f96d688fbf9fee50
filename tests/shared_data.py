"""Where the real published council files (`../shared/data`, with PROVENANCE files) are."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [ROOT.parent / "shared" / "data", Path("/work/shared/data")]


def shared_data_dir() -> Path:
    """``$NLC_SHARED_DATA``, else ``../shared/data`` beside the checkout, else /work/shared/data."""
    if os.environ.get("NLC_SHARED_DATA"):
        return Path(os.environ["NLC_SHARED_DATA"])
    return next((p for p in CANDIDATES if p.is_dir()), CANDIDATES[0])
