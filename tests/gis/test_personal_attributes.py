"""The GIS migration screens layer attributes for personal data (issue 12, point 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gis.errors import PersonalDataInLayerError
from gis.migrate import migrate_layer


def _layer(path: Path, rows: list[dict[str, object]]) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Point", "coordinates": [-3.98 + i / 1000, 55.86]},
        }
        for i, props in enumerate(rows)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


ROWS = [
    {
        "site": "Drumpellier Country Park",
        "owner": "North Lanarkshire Council",
        "notes": "gates locked at dusk",
    },
    {"site": "Kirk Road allotments", "owner": "MCGREGOR, FIONA", "notes": "plot 12"},
    {"site": "Glen Drive verge", "owner": "North Lanarkshire Council", "notes": "reported by 07700.900.123"},
]


def test_layer_with_personal_attributes_is_refused(tmp_path: Path) -> None:
    source = _layer(tmp_path / "sites.geojson", ROWS)
    out = tmp_path / "out"
    with pytest.raises(PersonalDataInLayerError) as err:
        migrate_layer(source, out)
    found = {(f["field"], f["kind"], f["feature"]) for f in err.value.findings}
    assert found == {("owner", "person-name", 2), ("notes", "phone", 3)}
    message = str(err.value)
    assert "feature 2, field 'owner'" in message and "gis/layers.yaml" in message
    assert "MCGREGOR" not in message and "900.123" not in message  # masked
    assert not list(out.glob("*.gpkg")) and not list(out.glob("*.geojson"))


def test_allowed_fields_are_migrated(tmp_path: Path) -> None:
    source = _layer(tmp_path / "sites.geojson", ROWS[:2])
    result = migrate_layer(source, tmp_path / "out", allow={"owner": "registered owners are public"})
    assert result.feature_count_out == 2
    with pytest.raises(PersonalDataInLayerError):
        migrate_layer(_layer(tmp_path / "more.geojson", ROWS), tmp_path / "out2", allow={"owner": "public"})
