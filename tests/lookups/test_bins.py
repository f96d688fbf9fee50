"""Bin collection day (issue 13 point 4): nlc_postcode_lookup's ``bins`` from the published
calendar dataset, for a postcode and for one address (UPRN); and the lookups' distances in
km and miles, plural labels and toilet details labelled from the data dictionary (issue 14
point 7)."""

from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from tests.lookups.conftest import BLUE, GREEN, day

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
]


def lookup(**params: str) -> dict:
    return call_action("nlc_postcode_lookup", {"user": ""}, **params)


def test_bins_for_a_postcode_whose_addresses_share_rounds():
    bins = lookup(postcode="ml11aa")["bins"]
    assert bins["date"] == day(0) and bins["same_for_all_addresses"] and bins["address"] is None
    assert [a["address"] for a in bins["addresses"]] == ["1 High Street", "3 High Street"]
    green, blue = bins["collections"]  # soonest first
    assert green["service"] == GREEN and green["round"] == "GW01N-TUE" and green["day"] == "Tuesday"
    assert green["next"] == day(13)  # yesterday's collection is past
    assert [u["date"] for u in green["upcoming"]] == [day(13), day(27), day(41)]
    assert blue["service"] == BLUE and blue["next"] == day(26)
    assert blue["upcoming"][0]["note"] == "Moved from 25/12 (Christmas Day)"
    assert bins["source"]["dataset"] == "bin-collection-calendar"
    assert bins["source"]["resource_id"] != bins["rounds_source"]["resource_id"]


def test_a_collection_today_is_the_next_one_and_the_date_is_a_parameter():
    bins = lookup(postcode="ML1 1AA", date=day(13))["bins"]
    assert bins["collections"][0]["next"] == day(13)
    bins = lookup(postcode="ML1 1AA", date=day(42))["bins"]
    assert [(c["service"], c["next"]) for c in bins["collections"]] == [(BLUE, day(54)), (GREEN, None)]


def test_addresses_on_different_rounds_choose_by_uprn():
    bins = lookup(postcode="ML1 2BB")["bins"]
    assert not bins["same_for_all_addresses"] and bins["collections"] == []
    assert [a["uprn"] for a in bins["addresses"]] == [1004, 1005]
    bins = lookup(postcode="ML1 2BB", uprn="1005")["bins"]
    assert bins["address"] == {"uprn": 1005, "address": "11 Low Road", "town": "Wishaw"}
    assert [(c["round"], c["next"]) for c in bins["collections"]] == [("GW02N-WED", day(14))]


def test_an_address_alone_finds_its_postcode():
    out = lookup(uprn="1004")
    assert out["postcode"] == "ML1 2BB" and out["ward"]["name"] == "Eastward"
    assert [(c["round"], c["next"]) for c in out["bins"]["collections"]] == [("GW02S-MON", day(12))]


@pytest.mark.parametrize(
    "params,error",
    [
        ({"postcode": "ML1 1AA", "uprn": "12ab"}, tk.ValidationError),
        ({"postcode": "ML1 1AA", "date": "15/12/2026"}, tk.ValidationError),
        ({"uprn": "999"}, tk.ObjectNotFound),
        ({"postcode": "ML1 1AA", "uprn": "1004"}, tk.ObjectNotFound),  # an address of another postcode
    ],
)
def test_bad_address_or_date(params, error):
    with pytest.raises(error) as e:
        lookup(**params)
    text = str(e.value.error_dict if isinstance(e.value, tk.ValidationError) else e.value)
    assert ("UPRN" in text) or ("YYYY-MM-DD" in text)


def test_distances_in_km_and_miles_and_plural_labels():
    out = call_action("nlc_nearest", {"user": ""}, type="library", postcode="ML1 1AA", n=3)
    assert out["label"] == "Library" and out["plural"] == "Libraries"
    for r in out["results"]:
        assert r["distance_km"] == round(r["distance_m"] / 1000, 2)
        assert r["distance_miles"] == round(r["distance_m"] / 1609.344, 2)
    museum = call_action("nlc_nearest", {"user": ""}, type="museum", postcode="ML1 1AA", n=1)
    assert museum["plural"] == "Museums and galleries"


def test_toilet_details_are_labelled_from_the_data_dictionary():
    out = call_action("nlc_nearest", {"user": ""}, type="toilet", postcode="ML1 1AA", n=40)
    details = [{d["label"]: d["value"] for d in r["details"]} for r in out["results"]]
    assert all(d["Opening hours"] == "Mo-Su 08:00-20:00" for d in details)
    assert {d["RADAR key needed"] for d in details} == {"Yes", "No"}
    assert {d["Changing Places toilet"] for d in details} == {"Yes", "No"}
    assert {d["Charge (GBP)"] for d in details} == {"0.20", "0.00"}
