"""Shared inputs for the gis tests: the real layers in /work/shared/data and sample sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import shared_data_dir

SHARED = shared_data_dir()
REPO = Path(__file__).resolve().parents[2]
COUNCIL_AREAS = SHARED / "gis_scotland_council_areas_shapefile" / "ne_10m_Scotland_local_authorities.shp"
NLC_WARDS = SHARED / "gis_north_lanarkshire_wards_geojson" / "S12000044_wards_2013.geojson"
POOLE_BNG = SHARED / "gis_poole_boundary_bng_and_wgs84_geojson" / "boundary_poole_bng.geojson"
POOLE_WGS84 = SHARED / "gis_poole_boundary_bng_and_wgs84_geojson" / "boundary_poole.geojson"
SAMPLES = {
    "conservation-areas": REPO / "datasets/conservation-areas/source/conservation_areas.shp",
    "tree-preservation-orders": REPO
    / "datasets/tree-preservation-orders/source/tree_preservation_orders.mif",
    "listed-buildings": REPO / "datasets/listed-buildings/source/listed_buildings.csv",
    "polling-districts": REPO / "datasets/polling-districts/source/polling_districts.json",
    "wards": REPO / "datasets/wards/source/wards.zip",
}


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty inventory state directory for the test."""
    state = tmp_path / "state"
    monkeypatch.setenv("NLC_GIS_STATE_DIR", str(state))
    return state
