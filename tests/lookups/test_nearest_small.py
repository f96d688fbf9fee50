"""The pure-Python nearest-place search of small tables gives the numpy search's answers:
the same places, in the same order, at the same distances, for many random points."""

from __future__ import annotations

import random

import numpy as np
import pytest
from ckanext.nlc.lookups.data import SMALL_TABLE, PlaceIndex


def table(rng: random.Random, n: int, box: tuple[float, float, float, float]) -> PlaceIndex:
    """``n`` places in a lat/lon box, some sharing coordinates (ties)."""
    south, north, west, east = box
    pts = [(round(rng.uniform(south, north), 6), round(rng.uniform(west, east), 6)) for _ in range(n)]
    for i in range(0, n, 7):  # every seventh place is at another place's spot
        pts[i] = pts[rng.randrange(n)]
    rows = [{"name": f"place {i}", "lat": lat, "lon": lon} for i, (lat, lon) in enumerate(pts)]
    return PlaceIndex("toilet", np.array([p[0] for p in pts]), np.array([p[1] for p in pts]), rows)


NL = (55.76, 56.0, -4.15, -3.72)  # North Lanarkshire, where the places are


@pytest.mark.parametrize("size", [1, 2, 8, 16, 25, SMALL_TABLE, 120])
def test_same_answers_as_numpy(size):
    rng = random.Random(size)
    index = table(rng, size, NL)
    for _ in range(400):
        if rng.random() < 0.5:  # a postcode in the council area, or anywhere in Scotland and beyond
            lat, lon = rng.uniform(55.7, 56.05), rng.uniform(-4.2, -3.65)
        else:
            lat, lon = rng.uniform(49.0, 61.0), rng.uniform(-8.0, 2.0)
        if rng.random() < 0.05:  # exactly at a place
            lat, lon = float(index.lats[0]), float(index.lons[0])
        for k in {1, 2, 3, 5, min(size, 50)}:
            small = index._nearest_small(lat, lon, min(k, size))
            assert small == index._nearest_numpy(lat, lon, min(k, size)), (lat, lon, k)
            assert len(small) == min(k, size)
            assert index.nearest(lat, lon, k) == [
                {**index.rows[i], "distance_m": round(d, 1)} for d, i in small
            ]


def test_far_and_antipodal_points():
    rng = random.Random(5)
    index = table(rng, 20, NL)
    for lat, lon in [(-55.9, 176.0), (-56.0, 176.2), (0.0, 0.0), (89.9, 0.0), (-89.9, 45.0), (55.9, -3.9)]:
        for k in (1, 4, 20):
            assert index._nearest_small(lat, lon, k) == index._nearest_numpy(lat, lon, k)


def test_no_places_and_large_tables():
    empty = PlaceIndex("toilet", np.array([]), np.array([]), [])
    assert empty.nearest(55.9, -3.9, 1) == []
    big = table(random.Random(9), SMALL_TABLE + 1, NL)  # searched with numpy
    got = big.nearest(55.9, -3.9, 3)
    assert [r["distance_m"] for r in got] == sorted(r["distance_m"] for r in got) and len(got) == 3
