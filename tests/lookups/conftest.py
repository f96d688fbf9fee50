"""Lookup datasets published into the test CKAN + DataStore, as the harvester would."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

WEST, MID, EAST, SOUTH, NORTH = -4.0, -3.9, -3.8, 55.8, 55.9


def square(w: float, e: float) -> dict[str, Any]:
    ring = [[w, SOUTH], [e, SOUTH], [e, NORTH], [w, NORTH], [w, SOUTH]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


WARDS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"ward_no": 1, "wd13cd": "S13000001", "wd13nm": "Westward"},
            "geometry": square(WEST, MID),
        },
        {
            "type": "Feature",
            "properties": {"ward_no": 2, "wd13cd": "S13000002", "wd13nm": "Eastward"},
            "geometry": square(MID, EAST),
        },
    ],
}
POSTCODES = [
    # pcds, lat, long, osward
    ("ML1 1AA", 55.85, -3.95, "S13000001"),  # inside Westward
    ("ML1 2BB", 55.85, -3.85, "S13000002"),  # inside Eastward
    ("ML1 3DD", 55.85, MID, "S13000002"),  # exactly on the shared boundary
    ("ML1 4DD", 55.85, -4.0005, "S13000001"),  # ~30 m west of the council boundary
    ("ML1 5EE", 55.95, -3.95, "S13000002"),  # 5 km outside: the directory's ward code
    ("G1 1AA", 55.86, -4.25, None),  # outside, no ward code
]
BANDS = [  # dwellings by band per postcode, as council-tax-bands publishes them
    ("ML1 1AA", "Motherwell", "B", 2),
    ("ml11aa", "Motherwell", "D", 1),
    ("ML1 2BB", "Wishaw", "F", 1),
]
# bin rounds by address: ML1 1AA's homes share their rounds, ML1 2BB's differ
GREEN, BLUE = "General waste (green bin)", "Paper and card (blue bin)"
BIN_ROUNDS = [
    (1001, "1 High Street", "Motherwell", "ML1 1AA", GREEN, "GW01N-TUE", "Tuesday"),
    (1001, "1 High Street", "Motherwell", "ML1 1AA", BLUE, "PP01N-FRI", "Friday"),
    (1003, "3 High Street", "Motherwell", "ML1 1AA", GREEN, "GW01N-TUE", "Tuesday"),
    (1003, "3 High Street", "Motherwell", "ML1 1AA", BLUE, "PP01N-FRI", "Friday"),
    (1004, "9 Low Road", "Wishaw", "ML1 2BB", GREEN, "GW02S-MON", "Monday"),
    (1005, "11 Low Road", "Wishaw", "ML1 2BB", GREEN, "GW02N-WED", "Wednesday"),
]
TODAY = dt.date.today()


def day(offset: int) -> str:
    """A calendar date ``offset`` days from today (ISO)."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


BIN_CALENDAR = [  # (round, service, date, note): out of order, one date already past
    ("GW01N-TUE", GREEN, day(13), ""),
    ("GW01N-TUE", GREEN, day(27), ""),
    ("GW01N-TUE", GREEN, day(-1), ""),
    ("GW01N-TUE", GREEN, day(41), ""),
    ("PP01N-FRI", BLUE, day(26), "Moved from 25/12 (Christmas Day)"),
    ("PP01N-FRI", BLUE, day(54), ""),
    ("GW02S-MON", GREEN, day(12), ""),
    ("GW02N-WED", GREEN, day(14), ""),
]
COUNCILLORS = [
    (1, "Westward", "S13000001", "Councillor Ann West", "Party A", "cllr.annwest@northlanarkshire.gov.uk"),
    (1, "Westward", "S13000001", "Councillor Bob West", "Party B", "cllr.bobwest@northlanarkshire.gov.uk"),
    (2, "Eastward", "S13000002", "Councillor Cat East", "Party A", "cllr.cateast@northlanarkshire.gov.uk"),
]


def random_points(seed: int, n: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    return [(round(rng.uniform(55.75, 55.95), 6), round(rng.uniform(-4.1, -3.7), 6)) for _ in range(n)]


def _fields(
    record: dict[str, Any], labels: dict[str, str] | None = None, types: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """DataStore fields for a record, with data dictionary labels as the harvester sets them."""
    kinds = {int: "int", float: "float8", str: "text", bool: "bool"}
    fields: list[dict[str, Any]] = [
        {"id": k, "type": (types or {}).get(k) or (kinds[type(v)] if v is not None else "text")}
        for k, v in record.items()
    ]
    for f in fields:
        if labels and f["id"] in labels:
            f["info"] = {"label": labels[f["id"]]}
    return fields


@pytest.fixture
def publish(make_dataset, make_resource, sysadmin) -> Callable[..., dict[str, Any]]:
    """Publish records as a dataset's DataStore resource; returns the resource."""
    from ckan.tests.helpers import call_action

    def make(
        name: str,
        records: list[dict[str, Any]],
        labels: dict[str, str] | None = None,
        resource_name: str | None = None,
        package: dict[str, Any] | None = None,
        types: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        pkg = package or make_dataset(name=name, title=name.replace("-", " ").title())
        url = f"http://example.com/{name}.csv"
        res = make_resource(package_id=pkg["id"], url=url, format="CSV", name=resource_name or name)
        call_action(
            "datastore_create",
            {"user": sysadmin["name"]},
            resource_id=res["id"],
            force=True,
            fields=_fields(records[0], labels, types),
            records=records,
        )
        return {**res, "package_id": pkg["id"]}

    return make


@pytest.fixture
def replace_rows(lookup_data, sysadmin) -> Callable[[str, list[dict[str, Any]]], None]:
    """Republish: delete every DataStore row of a resource and load new ones."""
    from ckan.tests.helpers import call_action

    def replace(resource_id: str, records: list[dict[str, Any]]) -> None:
        ctx = {"user": sysadmin["name"]}
        call_action("datastore_delete", ctx, resource_id=resource_id, filters={}, force=True)
        call_action(
            "datastore_upsert",
            dict(ctx),
            resource_id=resource_id,
            records=records,
            method="insert",
            force=True,
        )

    return replace


@pytest.fixture
def lookup_data(
    with_plugins, clean_datastore, publish, make_dataset, create_with_upload, sysadmin
) -> dict[str, Any]:
    """The lookup kinds, published under their default dataset names."""
    from ckanext.nlc.lookups import data

    data.clear()
    out: dict[str, Any] = {}
    out["postcodes"] = publish(
        "postcodes", [{"pcds": p, "lat": lat, "long": lon, "osward": w or ""} for p, lat, lon, w in POSTCODES]
    )
    out["bands"] = publish(
        "council-tax-bands",
        [{"Postcode": p, "Town": t, "Band": b, "Dwellings": n} for p, t, b, n in BANDS],
    )
    out["bin_rounds"] = publish(
        "bin-collection-calendar",
        [
            {"UPRN": u, "Address": a, "Town": t, "Postcode": p, "Service": s, "Round": r, "CollectionDay": d}
            for u, a, t, p, s, r, d in BIN_ROUNDS
        ],
        resource_name="Collection rounds by address",
    )
    calendar = [{"Round": r, "Service": s, "CollectionDate": d, "Note": n} for r, s, d, n in BIN_CALENDAR]
    out["bin_calendar"] = publish(
        "bin-collection-calendar",
        calendar,
        resource_name="Collection calendar",
        package={"id": out["bin_rounds"]["package_id"]},
        types={"CollectionDate": "timestamp"},
    )
    out["councillors"] = publish(
        "councillors",
        [
            {"WardNumber": n, "Ward": w, "WardCode": c, "Councillor": name, "Party": party, "Email": e}
            for n, w, c, name, party, e in COUNCILLORS
        ],
    )
    wards = make_dataset(name="wards", title="Wards")
    out["wards"] = create_with_upload(
        json.dumps(WARDS),
        "wards.geojson",
        url="wards.geojson",
        package_id=wards["id"],
        format="GeoJSON",
        context={"user": sysadmin["name"]},
    )
    toilets = random_points(1, 40)
    out["toilets"] = publish(
        "public-toilets",
        [
            {
                "LocationText": f"Toilet {i}",
                "StreetAddress": f"{i} Loo Lane",
                "Postcode": "ML1 1AA",
                "GeoX": lon,
                "GeoY": lat,
                "RADARKeyNeeded": i % 2 == 0,
                "ChangingPlace": i % 5 == 0,
                "ChargeAmount": 0.2 if i % 3 else 0.0,
                "OpeningHours": "Mo-Su 08:00-20:00",
            }
            for i, (lat, lon) in enumerate(toilets)
        ],
        labels={
            "RADARKeyNeeded": "RADAR key needed",
            "ChangingPlace": "Changing Places toilet",
            "ChargeAmount": "Charge (GBP)",
            "OpeningHours": "Opening hours",
        },
    )
    out["toilet_points"] = toilets
    out["libraries"] = publish(
        "libraries-first-stop-shops",
        [
            {
                "Name": f"{'Library' if i % 2 else 'First Stop Shop'} {i}",
                "Service": "Library" if i % 2 else "First Stop Shop",
                "Address": f"{i} Book Street",
                "Town": "Motherwell",
                "Latitude": lat,
                "Longitude": lon,
            }
            for i, (lat, lon) in enumerate(random_points(2, 20))
        ],
    )
    out["schools"] = publish(
        "schools",
        [
            {"School": f"School {i}", "Sector": "Primary", "Latitude": lat, "Longitude": lon}
            for i, (lat, lon) in enumerate(random_points(3, 25))
        ],
    )
    out["museums"] = publish(
        "museums-galleries",
        [
            {"Venue": f"Museum {i}", "Type": "Museum", "Latitude": lat, "Longitude": lon}
            for i, (lat, lon) in enumerate(random_points(4, 6))
        ],
    )
    return out
