"""Bin collection day from the published calendar dataset (``bin-collection-calendar``).

Two DataStore tables join on ``Round``: the rounds by address (UPRN, Address, Town, Postcode,
Service, Round, CollectionDay) and the calendar (Round, Service, CollectionDate, Note). For a
postcode, or one address (UPRN), the answer is each bin's round and its next collection dates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

UPCOMING = 3  # collection dates listed per bin


@dataclass(frozen=True)
class Home:
    uprn: int
    address: str
    town: str
    postcode: str
    rounds: tuple[tuple[str, str, str], ...]  # (service, round, collection day), by service


@dataclass
class RoundIndex:
    by_postcode: dict[str, list[Home]]
    by_uprn: dict[int, Home]


@dataclass
class CalendarIndex:
    dates: dict[str, list[dt.date]]  # round -> sorted collection dates
    notes: dict[tuple[str, dt.date], str]  # (round, date) -> why it moved

    def upcoming(self, round_code: str, today: dt.date, n: int = UPCOMING) -> list[dict[str, str]]:
        dates = self.dates.get(round_code, [])
        i = bisect.bisect_left(dates, today)
        return [
            {"date": d.isoformat(), "note": self.notes.get((round_code, d), "")} for d in dates[i : i + n]
        ]


def _key(postcode: Any) -> str:
    return re.sub(r"\s+", "", str(postcode or "")).upper()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def build_rounds(rows: list[dict[str, Any]]) -> RoundIndex:
    services: dict[int, dict[str, Any]] = {}
    for row in rows:
        uprn = int(row["UPRN"])
        fields = {k: row.get(k.capitalize()) for k in ("address", "town", "postcode")}
        home = services.setdefault(uprn, {**fields, "r": {}})
        service = str(row["Service"])
        home["r"][service] = (service, str(row["Round"]), str(row.get("CollectionDay") or ""))
    by_uprn = {
        uprn: Home(uprn, str(h["address"] or ""), str(h["town"] or ""), str(h["postcode"] or ""),
                   tuple(h["r"][s] for s in sorted(h["r"])))  # fmt: skip
        for uprn, h in services.items()
    }
    by_postcode: dict[str, list[Home]] = defaultdict(list)
    for home in by_uprn.values():
        by_postcode[_key(home.postcode)].append(home)
    for homes in by_postcode.values():
        homes.sort(key=lambda h: _address_key(h.address))
    return RoundIndex(dict(by_postcode), by_uprn)


def _address_key(address: str) -> tuple[str, int, str]:
    """Street, then house number, then the rest: '2 Main St' before '10 Main St'."""
    m = re.search(r"(\d+)\s+(.*)$", address)
    return (m.group(2), int(m.group(1)), address) if m else (address, 0, address)


def build_calendar(rows: list[dict[str, Any]]) -> CalendarIndex:
    dates: dict[str, list[dt.date]] = defaultdict(list)
    notes: dict[tuple[str, dt.date], str] = {}
    for row in rows:
        code, day = str(row["Round"]), _date(row["CollectionDate"])
        dates[code].append(day)
        if row.get("Note"):
            notes[(code, day)] = str(row["Note"])
    return CalendarIndex({k: sorted(v) for k, v in dates.items()}, notes)


def home_for_uprn(rounds: RoundIndex, uprn: int) -> Home | None:
    return rounds.by_uprn.get(uprn)


def answer(
    rounds: RoundIndex, calendar: CalendarIndex, postcode: str, today: dt.date, uprn: int | None = None
) -> dict[str, Any]:
    """Each bin's round and next collection dates for one address (``uprn``) or, when every
    address of the postcode shares its rounds, for the postcode; ``addresses`` lists the
    postcode's addresses to choose from (``collections`` is empty when they differ)."""
    homes = rounds.by_postcode.get(_key(postcode), [])
    chosen = next((h for h in homes if h.uprn == uprn), None) if uprn is not None else None
    same = len({h.rounds for h in homes}) == 1
    basis = chosen or (homes[0] if homes and same else None)
    collections = []
    if basis is not None:
        for service, code, day in basis.rounds:
            upcoming = calendar.upcoming(code, today)
            collections.append(
                {"service": service, "round": code, "day": day,
                 "next": upcoming[0]["date"] if upcoming else None, "upcoming": upcoming}  # fmt: skip
            )
        collections.sort(key=lambda c: (c["next"] or "9999", c["service"]))
    return {
        "date": today.isoformat(),
        "address": {"uprn": chosen.uprn, "address": chosen.address, "town": chosen.town} if chosen else None,
        "same_for_all_addresses": same,
        "addresses": [{"uprn": h.uprn, "address": h.address, "town": h.town} for h in homes],
        "collections": collections,
    }
