"""Suggestions for new request texts and the drafted reply."""

from __future__ import annotations

import datetime as dt

import pytest

from publication_plan.suggest import SuggestError, draft_reply, suggest, suggest_and_record
from tests.publication_plan.helpers import SITE, TODAY, dataset


def dictionary(*titles: str, fmt: str = "CSV") -> dict:
    """A resource with a Table Schema (the data dictionary) of the given column titles."""
    fields = [{"name": t.replace(" ", ""), "title": t, "type": "string"} for t in titles]
    return {"format": fmt, "schema": {"fields": fields}}


@pytest.fixture
def catalogue():
    return [
        dataset(
            "council-tax-bands",
            ["council-tax-bands"],
            title="Council tax bands by property",
            resources=[dictionary("Address", "Postcode", "Council tax band", "UPRN"), {"format": "json"}],
        ),
        dataset(
            "public-toilets",
            ["public-toilets"],
            title="Public toilets",
            resources=[
                dictionary("Location", "Opening hours", "Charge (GBP)", "Baby change"),
                {"format": "GeoJSON"},
            ],
        ),
        dataset(
            "councillor-allowances-expenses",
            ["councillor-expenses"],
            title="Councillor allowances and expenses",
        ),
        dataset("councillors", ["wards-councillors"], title="Councillors"),
        dataset("wards", ["wards-councillors"], title="Wards", license_id="OS-OpenData", license_title=None),
        dataset(
            "tree-preservation-orders",
            ["tree-preservation-orders"],
            title="Tree preservation orders",
            resources=[{"format": "GeoJSON"}, {"format": "GPKG"}],
        ),
        dataset("schools", ["schools"], title="Schools", state="deleted"),
        dataset(
            "empty-properties", ["empty-properties"], title="Empty properties", personal_data_screen="failed"
        ),
        dataset("school-term-dates", ["school-term-dates"], title="School term dates", private=True),
    ]


@pytest.mark.parametrize(
    "text, first",
    [
        (
            "Please tell me how many properties there are in each council tax band in North Lanarkshire",
            "council-tax-bands",
        ),
        ("Where are the public toilets in Motherwell and when are they open?", "public-toilets"),
        (
            "I would like the expenses claimed by every councillor for 2023/24",
            "councillor-allowances-expenses",
        ),
        ("Is there a tree preservation order on the oak behind my house?", "tree-preservation-orders"),
    ],
)
def test_right_dataset_first(matcher, catalogue, text, first):
    result = suggest(text, catalogue, matcher, site_url=SITE, today=TODAY)
    assert result.suggestions and result.suggestions[0].name == first
    assert result.suggestions[0].reasons and "answers FOI topic" in result.suggestions[0].reasons[0]


def test_ward_question_suggests_wards_and_councillors(matcher, catalogue):
    result = suggest(
        "Which ward am I in and who are my councillors?", catalogue, matcher, site_url=SITE, today=TODAY
    )
    assert {s.name for s in result.suggestions} == {"wards", "councillors"}


@pytest.mark.parametrize(
    "text",
    [
        "How many staff were off sick with stress last year?",
        "Copies of correspondence with the Scottish Government about the City Deal",
        "Number of stray dogs collected by the dog warden",
    ],
)
def test_nothing_for_unrelated_requests(matcher, catalogue, text):
    assert suggest(text, catalogue, matcher, site_url=SITE, today=TODAY).suggestions == ()


def test_unpublished_withdrawn_and_blocked_datasets_never_suggested(matcher, catalogue):
    for text in [
        "Pupil rolls for every primary school",
        "List of empty commercial properties",
        "School term dates 2025/26",
    ]:
        assert suggest(text, catalogue, matcher, site_url=SITE, today=TODAY).suggestions == ()


def test_reply_cites_foisa_s25_with_links_formats_and_licence(matcher, catalogue):
    result = suggest(
        "Number of properties in each council tax band", catalogue, matcher, site_url=SITE + "/", today=TODAY
    )
    reply = draft_reply(result, reference="FOI/2025/00042", received=dt.date(2025, 6, 2))
    assert result.regime == "FOISA"
    assert "section 25(1) of FOISA" in reply and "reasonably obtainable" in reply
    assert f"{SITE}/dataset/council-tax-bands" in reply
    assert "Formats: CSV, JSON." in reply.replace(". Licence", ".")
    assert "Open Government Licence v3.0" in reply
    assert "FOI/2025/00042" in reply and "02 June 2025" in reply
    assert "Scottish Information Commissioner" in reply


def test_reply_cites_eir_6_1_b_for_environmental_requests(matcher, catalogue):
    result = suggest(
        "Tree preservation orders in Cumbernauld", catalogue, matcher, site_url=SITE, today=TODAY
    )
    reply = draft_reply(result)
    assert result.regime == "EIR"
    assert "regulation 6(1)(b)" in reply and "section 39(2)" in reply
    assert f"{SITE}/dataset/tree-preservation-orders" in reply and "GEOJSON, GPKG" in reply


def test_overdue_dataset_is_still_suggested_but_flagged(matcher, catalogue):
    catalogue[1] = dataset(
        "public-toilets", ["public-toilets"], title="Public toilets", next_update_due="2025-01-01"
    )
    result = suggest("public toilets", catalogue, matcher, site_url=SITE, today=TODAY)
    assert result.suggestions[0].name == "public-toilets" and result.suggestions[0].overdue


def test_unanswered_request_is_recorded_as_plan_candidate(foi_store, matcher, catalogue):
    text = "Business rates credit balances - reply to me@example.org"
    result = suggest_and_record(text, catalogue, matcher, foi_store, site_url=SITE, today=TODAY)
    assert result.suggestions == () and result.candidate_id is not None
    reply = draft_reply(result)
    assert "No published dataset answers this request" in reply and "/dataset/" not in reply
    [candidate] = foi_store.list_candidates()
    assert candidate["topic"] == "business-rates"
    assert "me@example.org" not in candidate["text"] and "[removed]" in candidate["text"]
    answered = suggest_and_record(
        "council tax bands", catalogue, matcher, foi_store, site_url=SITE, today=TODAY
    )
    assert answered.suggestions and len(foi_store.list_candidates()) == 1
    as_dict = answered.as_dict()
    assert as_dict["suggestions"][0]["url"] == f"{SITE}/dataset/council-tax-bands"
    assert as_dict["topics"][0]["label"] == "Council tax bands"


def test_capacity_needs_a_capacity_field(matcher, catalogue):
    rolls = dataset(
        "schools", ["schools"], title="Schools", resources=[dictionary("School", "Sector", "Pupil roll")]
    )
    result = suggest("School Capacity", [*catalogue, rolls], matcher, site_url=SITE, today=TODAY)
    assert result.suggestions == ()
    [part] = result.parts
    assert (part.topic, part.answered, part.missing) == ("schools", False, ("capacity",))
    assert "section 25" not in draft_reply(result)
    assert suggest("Pupil roll of every school", [rolls], matcher, site_url=SITE, today=TODAY).suggestions
    both = dataset(
        "schools", ["schools"], title="Schools", resources=[dictionary("School", "Pupil roll", "Capacity")]
    )
    assert (
        suggest("School Capacity", [both], matcher, site_url=SITE, today=TODAY).suggestions[0].name
        == "schools"
    )


@pytest.mark.parametrize(
    "text, missing",
    [
        ("Proposed Conservation Areas", "proposed"),
        ("Unauthorised Works - Listed Buildings", "unauthorised"),
    ],
)
def test_registers_do_not_answer_what_they_do_not_hold(matcher, text, missing):
    registers = [
        dataset(
            "conservation-areas",
            ["conservation-areas"],
            title="Conservation areas",
            resources=[dictionary("Name", "Designation date", "Area (hectares)")],
        ),
        dataset(
            "listed-buildings",
            ["listed-buildings"],
            title="Listed buildings",
            resources=[dictionary("Name", "Category", "Date listed")],
        ),
    ]
    result = suggest(text, registers, matcher, site_url=SITE, today=TODAY)
    assert result.suggestions == () and missing in result.parts[0].missing


def test_partly_covered_request_gets_s25_for_that_part_and_the_rest_is_dealt_with(matcher, catalogue):
    text = "Opening hours of public toilets and council tax exemptions for care leavers"
    result = suggest(text, catalogue, matcher, site_url=SITE, today=TODAY)
    assert [s.name for s in result.suggestions] == ["public-toilets"] and result.partly
    reply = draft_reply(result)
    assert "section 25(1) of FOISA" in reply and "about public toilets" in reply
    assert f"{SITE}/dataset/public-toilets" in reply and "council-tax-bands" not in reply
    assert "is being dealt with" in reply and "council tax bands (exemptions)" in reply
    assert "new request" not in reply


def test_every_matched_topic_is_covered_not_the_first_five(matcher, catalogue):
    many = [
        dataset("libraries", ["libraries"], title="Libraries"),
        dataset("museums", ["museums-galleries"], title="Museums"),
        dataset("listed", ["listed-buildings"], title="Listed buildings"),
        dataset("areas", ["conservation-areas"], title="Conservation areas"),
        dataset("polling", ["polling-districts"], title="Polling districts"),
    ]
    text = (
        "Public toilets, council tax bands, councillor expenses, libraries, museums, "
        "listed buildings, conservation areas and polling districts"
    )
    result = suggest(text, [*catalogue, *many], matcher, site_url=SITE, today=TODAY)
    names = {s.name for s in result.suggestions}
    assert {
        "public-toilets",
        "council-tax-bands",
        "councillor-allowances-expenses",
        "libraries",
        "museums",
        "listed",
        "areas",
        "polling",
    } <= names
    assert all(p.answered for p in result.parts)
    assert "Public toilets" in draft_reply(result) and "Polling districts" in draft_reply(result)


def test_links_come_from_the_site_url_and_none_is_refused(matcher, catalogue):
    result = suggest(
        "public toilets", catalogue, matcher, site_url="https://data.example.gov.uk/", today=TODAY
    )
    assert result.suggestions[0].url == "https://data.example.gov.uk/dataset/public-toilets"
    with pytest.raises(SuggestError, match="site URL"):
        suggest("public toilets", catalogue, matcher, site_url="", today=TODAY)


def test_private_and_test_datasets_are_never_listed(matcher, catalogue):
    test_ds = dataset("toilets-test", ["public-toilets"], title="Public toilets test", mps_class=[])
    hidden = dataset("toilets-draft", ["public-toilets"], title="Public toilets draft", private=True)
    result = suggest("public toilets", [test_ds, hidden, *catalogue], matcher, site_url=SITE, today=TODAY)
    assert [s.name for s in result.suggestions] == ["public-toilets"]


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_request_is_refused(matcher, catalogue, text):
    with pytest.raises(SuggestError, match="empty"):
        suggest(text, catalogue, matcher, site_url=SITE, today=TODAY)


def test_no_claim_of_recording_when_nothing_was_recorded(matcher, catalogue):
    result = suggest_and_record("Stray dogs collected", catalogue, matcher, None, site_url=SITE, today=TODAY)
    assert result.candidate_id is None
    reply = draft_reply(result)
    assert "No published dataset answers this request" in reply and "recorded" not in reply
