"""nlc_postcode_lookup / nlc_nearest over datasets published in the test DataStore."""

from __future__ import annotations

import os

import numpy as np
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action
from pyproj import Geod

from tests.lookups.conftest import POSTCODES

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
]


def lookup(postcode: str) -> dict:
    return call_action("nlc_postcode_lookup", {"user": ""}, postcode=postcode)


@pytest.mark.parametrize("raw", ["ML1 1AA", "ml11aa", "  mL1   1aA ", "ML11AA"])
def test_valid_postcode_any_case_and_spacing(raw):
    out = lookup(raw)
    assert out["postcode"] == "ML1 1AA"
    assert out["centroid"]["lat"] == 55.85 and out["centroid"]["lon"] == -3.95
    props = out["council_tax"]
    assert props["dwellings"] == 3 and props["bands"] == {"B": 2, "D": 1}
    assert props["assessor"] == {"name": "Lanarkshire Valuation Joint Board", "url": "https://www.saa.gov.uk/"}
    assert "items" not in props  # no property's band is republished
    assert out["ward"]["name"] == "Westward" and out["ward"]["method"] == "contains"
    assert {c["name"] for c in out["councillors"]["items"]} == {"Councillor Ann West", "Councillor Bob West"}
    assert set(out["nearest"]) == {"toilet", "library", "first_stop_shop", "school"}
    assert out["nearest"]["library"]["item"]["name"].startswith("Library")
    assert out["nearest"]["first_stop_shop"]["item"]["name"].startswith("First Stop Shop")
    for part, dataset in [
        (out["centroid"], "postcodes"),
        (props, "council-tax-bands"),
        (out["ward"], "wards"),
        (out["councillors"], "councillors"),
        (out["nearest"]["toilet"], "public-toilets"),
        (out["nearest"]["school"], "schools"),
        (out["bins"], "bin-collection-calendar"),
    ]:
        assert part["source"]["dataset"] == dataset
        assert part["source"]["url"].endswith(f"/dataset/{dataset}")


@pytest.mark.parametrize("raw", ["", "ML1", "12345", "ML1 1A", "ML1 1AAA", "M-L1 1AA", "<script>"])
def test_invalid_postcode_is_a_validation_error(raw):
    with pytest.raises(tk.ValidationError) as e:
        lookup(raw)
    msg = e.value.error_dict["postcode"][0]
    assert "postcode" in msg.lower() and "ML1 1AB" in msg


def test_unknown_postcode_is_not_found_with_a_clear_message():
    with pytest.raises(tk.ObjectNotFound) as e:
        lookup("ml9 9zz")
    assert "ML9 9ZZ" in str(e.value) and "not found" in str(e.value)


def test_postcode_without_properties_has_an_empty_band_list():
    out = lookup("ML1 2BB")
    assert out["council_tax"]["bands"] == {"F": 1} and out["council_tax"]["dwellings"] == 1
    out = lookup("ML1 3DD")
    assert out["council_tax"] == {**out["council_tax"], "dwellings": 0, "bands": {}}
    assert out["bins"]["collections"] == [] and out["bins"]["addresses"] == []


def test_edge_of_boundary_postcodes():
    on_shared_line = lookup("ML1 3DD")["ward"]
    assert on_shared_line["name"] in {"Westward", "Eastward"} and on_shared_line["method"] == "contains"
    just_outside = lookup("ML1 4DD")["ward"]
    assert just_outside["name"] == "Westward" and just_outside["method"] == "nearest_boundary"
    far_with_code = lookup("ML1 5EE")
    assert far_with_code["ward"]["name"] == "Eastward"
    assert far_with_code["ward"]["method"] == "postcode_directory"
    assert [c["name"] for c in far_with_code["councillors"]["items"]] == ["Councillor Cat East"]
    outside = lookup("G1 1AA")
    assert outside["ward"]["code"] is None and outside["ward"]["method"] == "outside"
    assert outside["councillors"]["items"] == []


def _brute_force(lat: float, lon: float, points: list[tuple[float, float]]) -> list[float]:
    geod = Geod(ellps="WGS84")
    return sorted(geod.inv(lon, lat, plon, plat)[2] for plat, plon in points)


@pytest.mark.parametrize("origin", [p[:3] for p in POSTCODES] + [(None, 55.81, -3.71)])
def test_nearest_is_ordered_by_true_distance(lookup_data, origin):
    postcode, lat, lon = origin
    params = {"postcode": postcode} if postcode else {"lat": lat, "lon": lon}
    out = call_action("nlc_nearest", {"user": ""}, type="toilet", n=10, **params)
    got = [r["distance_m"] for r in out["results"]]
    expected = _brute_force(lat, lon, lookup_data["toilet_points"])[:10]
    assert got == sorted(got)
    assert np.allclose(got, expected, atol=0.1)
    assert out["source"]["dataset"] == "public-toilets"


def test_nearest_all_types_and_bad_parameters():
    for kind, n in [("museum", 6), ("school", 3), ("library", 10), ("first-stop-shop", 10)]:
        out = call_action("nlc_nearest", {"user": ""}, type=kind, postcode="ml1 1aa", n=n)
        assert 0 < len(out["results"]) <= n
    out = call_action("nlc_nearest", {"user": ""}, type="library", postcode="ML11AA", n=50)
    assert len(out["results"]) == 10
    for bad in [
        {"type": "pub", "postcode": "ML1 1AA"},
        {"type": "toilet"},
        {"type": "toilet", "postcode": "ML1 1AA", "n": 0},
        {"type": "toilet", "postcode": "ML1 1AA", "n": "x"},
        {"type": "toilet", "lat": 95, "lon": 0},
    ]:
        with pytest.raises(tk.ValidationError):
            call_action("nlc_nearest", {"user": ""}, **bad)


def test_answers_change_after_datastore_rows_are_replaced(lookup_data, replace_rows):
    assert lookup("ML1 1AA")["council_tax"]["bands"] == {"B": 2, "D": 1}
    replace_rows(
        lookup_data["bands"]["id"],
        [{"Postcode": "ML1 1AA", "Town": "Motherwell", "Band": "H", "Dwellings": 4}],
    )
    out = lookup("ML1 1AA")["council_tax"]
    assert out["bands"] == {"H": 4} and out["dwellings"] == 4

    before = call_action("nlc_nearest", {"user": ""}, type="toilet", postcode="ML1 1AA", n=1)["results"][0]
    replace_rows(
        lookup_data["toilets"]["id"],
        [
            {
                "LocationText": "Brand new toilet",
                "StreetAddress": "Here",
                "Postcode": "ML1 1AA",
                "GeoX": -3.95,
                "GeoY": 55.8501,
            },
        ],
    )
    after = call_action("nlc_nearest", {"user": ""}, type="toilet", postcode="ML1 1AA", n=1)["results"][0]
    assert before["name"] != after["name"] == "Brand new toilet" and after["distance_m"] < 20

    replace_rows(
        lookup_data["postcodes"]["id"],
        [
            {"pcds": "ML1 1AA", "lat": 55.85, "long": -3.85, "osward": "S13000002"},
        ],
    )
    assert lookup("ML1 1AA")["ward"]["name"] == "Eastward"
    with pytest.raises(tk.ObjectNotFound):
        lookup("ML1 2BB")


@pytest.mark.ckan_config("ckanext.nlc.lookups.museum_dataset", "no-such-dataset")
def test_dataset_names_are_configurable():
    from ckanext.nlc.lookups import data

    data.clear()
    with pytest.raises(tk.ObjectNotFound) as e:
        call_action("nlc_nearest", {"user": ""}, type="museum", postcode="ML1 1AA")
    assert "no-such-dataset" in str(e.value)


def test_ward_file_missing_from_store_is_a_clear_not_found(lookup_data):
    """A GeoJSON resource whose uploaded file is gone gives a clear 'not available', not a 500."""
    from ckan.lib.uploader import get_resource_uploader
    from ckanext.nlc.lookups import data

    res = lookup_data["wards"]
    os.remove(get_resource_uploader(res).get_path(res["id"]))
    data.clear()
    with pytest.raises(tk.ObjectNotFound) as e:
        lookup("ML1 1AA")
    assert "lookup data is not available" in str(e.value) and "is unreadable" in str(e.value)
