"""Reprojection in one pyproj call over coordinate arrays (gis.crs.reproject, used by the
ArcGIS REST reader; the harvest transform's ``coordinates`` uses gis.crs.transform_xy): the
results equal the per-point calls they replace, on real council boundaries."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from gis.crs import BNG, WGS84, reproject, transform_xy

from .conftest import NLC_WARDS, POOLE_BNG, POOLE_WGS84


def _geometries(path) -> np.ndarray:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return np.array([shape(f["geometry"]) for f in doc["features"]] + [None], dtype=object)


def _per_point(geometries: np.ndarray, src, dst) -> list:
    """The per-point reference: one Transformer.transform call per vertex."""
    one = Transformer.from_crs(src, dst, always_xy=True)

    def each(coords: np.ndarray) -> np.ndarray:
        return np.array([one.transform(x, y) for x, y in coords.tolist()], dtype=float).reshape(-1, 2)

    return [None if g is None else shapely.transform(g, each) for g in geometries]


@pytest.mark.parametrize("path,src,dst", [(NLC_WARDS, WGS84, BNG), (POOLE_BNG, BNG, WGS84)])
def test_vectorised_equals_per_point(path, src, dst) -> None:
    geometries = _geometries(path)
    fast = reproject(geometries, src, dst)
    slow = _per_point(geometries, src, dst)
    assert len(fast) == len(slow) and fast[-1] is None and slow[-1] is None
    for a, b in zip(fast[:-1], slow[:-1], strict=True):
        assert a.geom_type == b.geom_type
        assert np.array_equal(shapely.get_coordinates(a), shapely.get_coordinates(b))  # bit for bit
        assert a.is_valid == b.is_valid


def test_poole_in_bng_lands_on_the_published_wgs84_polygon() -> None:
    ours = reproject(_geometries(POOLE_BNG)[:1], BNG, WGS84)[0]
    published = _geometries(POOLE_WGS84)[0]
    assert ours.symmetric_difference(published).area / published.area < 1e-4
    x0, y0, x1, y1 = ours.bounds
    assert -2.1 < x0 < x1 < -1.8 and 50.6 < y0 < y1 < 50.8  # Poole, Dorset


def test_transform_xy_equals_per_point_calls() -> None:
    rng = np.random.default_rng(17)
    xs, ys = rng.uniform(250_000, 300_000, 1000), rng.uniform(640_000, 690_000, 1000)
    tx, ty = transform_xy(xs, ys, BNG, WGS84)
    one = Transformer.from_crs(BNG, WGS84, always_xy=True)
    expected = np.array([one.transform(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)])
    assert np.array_equal(np.column_stack([tx, ty]), expected)
