"""Controlled vocabularies, each read from its one source, and the calendar arithmetic on them.

MPS classes and update frequencies (label, interval) are the choices of the scheming schema
(:mod:`ckanext.nlc.dataset_schema`; their EU frequency URIs: ``dcat_profile.frequency_uris``);
FOI topics come from the publication plan's ``topics.yaml`` through its strict loader
(:mod:`publication_plan.vocabulary`).
Month and quarter arithmetic is python-dateutil's ``relativedelta`` (a CKAN dependency).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ckanext.nlc.dataset_schema import choices
from dateutil.relativedelta import relativedelta

# MPS class number -> name (the Scottish Information Commissioner's Model Publication Scheme);
# the schema labels them "<number>. <name>", as the portal shows them.
MPS_CLASSES: dict[str, str] = {
    str(c["value"]): str(c["label"]).removeprefix(f"{c['value']}. ") for c in choices("mps_class")
}
# Update frequency -> (label, relativedelta keywords between updates; None = no schedule).
UPDATE_FREQUENCIES: dict[str, tuple[str, dict[str, int] | None]] = {
    str(c["value"]): (str(c["label"]), c.get("interval")) for c in choices("update_frequency")
}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` months (clipped to the month's last day: 31 Jan + 1 = 28 Feb)."""
    return day + relativedelta(months=months)


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s calendar quarter."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(day: dt.date) -> str:
    """The calendar quarter of ``day``, e.g. ``2024 Q3``."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(label: str) -> tuple[dt.date, dt.date]:
    """First day of the quarter and first day of the next, from ``2024 Q3``."""
    start = dt.date(int(label[:4]), 3 * (int(label[-1]) - 1) + 1, 1)
    return start, add_months(start, 3)


def quarters_between(since: dt.date, until: dt.date) -> tuple[str, ...]:
    """Labels of every calendar quarter from ``since``'s to ``until``'s, in order."""
    labels, day = [], quarter_start(since)
    while day <= until:
        labels.append(quarter_label(day))
        day = add_months(day, 3)
    return tuple(labels)


def add_interval(day: dt.date, frequency: str) -> dt.date | None:
    """The date an update is next due after ``day`` for ``frequency`` (None: no schedule)."""
    interval = UPDATE_FREQUENCIES.get(frequency, ("", None))[1]
    return day + relativedelta(**interval) if interval else None


def foi_topics(path: Path | None = None) -> dict[str, str]:
    """FOI topic id -> label, from the publication plan's vocabulary (strict loader)."""
    from publication_plan.vocabulary import load_vocabulary  # publication_plan imports this module

    return {t.id: t.label for t in load_vocabulary(path).topics.values()}
