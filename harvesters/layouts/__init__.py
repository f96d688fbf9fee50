"""Named header/value layouts: how one council's export maps into a published schema.

``load_layout("toilets_camden")`` reads ``harvesters/layouts/toilets_camden.yaml``, a
``transform:`` block (see :mod:`harvesters.transform`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from harvesters.errors import DefinitionError

LAYOUTS_DIR = Path(__file__).resolve().parent


def load_layout(name: str) -> dict[str, Any]:
    path = LAYOUTS_DIR / f"{name}.yaml"
    if not path.exists():
        available = ", ".join(sorted(p.stem for p in LAYOUTS_DIR.glob("*.yaml")))
        raise DefinitionError(str(path), None, f"no layout {name!r}; available: {available}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise DefinitionError(str(path), None, "a layout must be a YAML mapping")
    return data
