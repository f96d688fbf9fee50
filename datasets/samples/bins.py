"""SYNTHETIC bin rounds and collection calendar, as a waste rounds system exports them.

Two files in ``datasets/bin-collection-calendar/source/``:

- ``round_properties.csv``: the rounds system's property list, one row per gazetteer dwelling
  and service (UPRN, address, postcode, service, round, collection day);
- ``collection_calendar.csv``: every collection date of every round over two financial years,
  with the dates moved for Christmas and New Year (the reason a calendar is published, not a
  rule: "every other Tuesday" is wrong twice a year).

Rounds are areas: each ward has, per service, two rounds (north and south of its middle), so
every dwelling of a postcode shares its rounds.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from samples import gazetteer

# service: (round code prefix, weeks between collections, months with no collection)
SERVICES = {
    "General waste (green bin)": ("GW", 2, ()),
    "Plastics, cans and glass (purple bin)": ("PC", 2, ()),
    "Paper and card (blue bin)": ("PP", 4, ()),
    "Food and garden waste (brown bin)": ("FG", 2, (1, 2)),
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
START, END = dt.date(2026, 4, 6), dt.date(2028, 3, 31)  # two financial years, from a Monday
HOLIDAYS = {(12, 25): "Christmas Day", (12, 26): "Boxing Day", (1, 1): "New Year's Day", (1, 2): "2 January"}


def _rounds(gaz: gazetteer.Gazetteer, rng: random.Random) -> dict[tuple[str, str], tuple[str, str, int]]:
    """(postcode, service) -> (round code, collection day, first week offset)."""
    by_ward: dict[str, list[gazetteer.Postcode]] = {}
    for pc in gaz.postcodes.values():
        by_ward.setdefault(pc.ward_code, []).append(pc)
    out = {}
    for ward_no, (_, pcs) in enumerate(sorted(by_ward.items()), start=1):
        middle = sorted(p.northing for p in pcs)[len(pcs) // 2]
        for service, (prefix, weeks, _) in SERVICES.items():
            halves = {}
            for half in ("N", "S"):
                day = rng.choice(WEEKDAYS)
                halves[half] = (f"{prefix}{ward_no:02d}{half}-{day[:3].upper()}", day, rng.randrange(weeks))
            for p in pcs:
                out[(p.postcode, service)] = halves["N" if p.northing >= middle else "S"]
    return out


def _dates(day: str, offset: int, weeks: int, off_months: tuple[int, ...]) -> list[tuple[dt.date, str]]:
    """A round's collection dates, each with the note of a holiday change."""
    first = START + dt.timedelta(days=WEEKDAYS.index(day) + 7 * offset)
    out = []
    d = first
    while d <= END:
        if d.month not in off_months:
            holiday = HOLIDAYS.get((d.month, d.day))
            if holiday:
                moved = d + dt.timedelta(days=1)
                while (moved.month, moved.day) in HOLIDAYS or moved.weekday() == 6:
                    moved += dt.timedelta(days=1)
                out.append((moved, f"Moved from {d:%d/%m/%Y} ({holiday})"))
            else:
                out.append((d, ""))
        d += dt.timedelta(weeks=weeks)
    return out


def write(gaz: gazetteer.Gazetteer, folder: Path, seed: int = 7001) -> None:
    """Write both source files of the bin-collection-calendar dataset."""
    rng = random.Random(seed)
    rounds = _rounds(gaz, rng)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "round_properties.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["UPRN", "Property Address", "Town", "Postcode", "Service", "Round", "Collection Day"])
        for home in gaz.residential():
            for service in SERVICES:
                code, day, _ = rounds[(home.postcode, service)]
                w.writerow([home.uprn, home.address, home.town, home.postcode, service, code, day])
    calendar = sorted({(code, service, day, off) for (_, service), (code, day, off) in rounds.items()})
    with (folder / "collection_calendar.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["Round", "Service", "Collection Date", "Note"])
        for code, service, day, off in calendar:
            _, weeks, off_months = SERVICES[service]
            for date, note in _dates(day, off, weeks, off_months):
                w.writerow([code, service, f"{date:%d/%m/%Y}", note])
