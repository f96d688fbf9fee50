"""Controlled vocabularies: MPS classes, update frequencies and FOI topics."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import yaml

from publication_plan.vocabulary import MPS_CLASSES as MPS_CLASSES  # re-exported: one list for both

# Update frequency -> months between updates (days for the short ones); None = no schedule.
UPDATE_FREQUENCIES: dict[str, tuple[str, dict[str, int] | None]] = {
    "daily": ("Daily", {"days": 1}),
    "weekly": ("Weekly", {"days": 7}),
    "monthly": ("Monthly", {"months": 1}),
    "quarterly": ("Quarterly", {"months": 3}),
    "six-monthly": ("Every six months", {"months": 6}),
    "annual": ("Annually", {"months": 12}),
    "irregular": ("Irregularly (as changes happen)", None),
}

TOPICS_FILE = Path(__file__).resolve().parents[3] / "publication_plan" / "topics.yaml"


def add_interval(day: dt.date, frequency: str) -> dt.date | None:
    """The date an update is next due after ``day`` for ``frequency``."""
    interval = UPDATE_FREQUENCIES.get(frequency, ("", None))[1]
    if interval is None:
        return None
    if "days" in interval:
        return day + dt.timedelta(days=interval["days"])
    month = day.month - 1 + interval["months"]
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@functools.lru_cache(maxsize=4)
def _load_topics(path: str) -> tuple[tuple[str, str], ...]:
    data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = data.get("topics", data) if isinstance(data, dict) else data
    if isinstance(items, dict):
        items = [{"id": k, **(v or {})} for k, v in items.items()]
    return tuple((str(t["id"]), str(t.get("label", t["id"]))) for t in items)


def foi_topics(path: Path | None = None) -> dict[str, str]:
    """FOI topic id -> label, from the publication plan's vocabulary."""
    return dict(_load_topics(str(path or TOPICS_FILE)))
