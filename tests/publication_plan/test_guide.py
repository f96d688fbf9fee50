"""Guide to Information: nine MPS classes, class 9 from the catalogue by theme, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from publication_plan.errors import GuideError
from publication_plan.guide import MPS_CLASSES, build_guide, guide_csv, load_guide
from tests.publication_plan.helpers import SITE, dataset

ENV = [{"name": "environment", "title": "Environment"}]
COUNCIL = [{"name": "council-and-democracy", "title": "Council and democracy"}]


@pytest.fixture
def catalogue():
    return [
        dataset(
            "public-toilets",
            title="Public toilets",
            groups=ENV,
            resources=[{"format": "CSV"}, {"format": "GeoJSON"}],
        ),
        dataset("tree-preservation-orders", title="Tree preservation orders", groups=ENV),
        dataset(
            "councillor-allowances-expenses",
            ["councillor-expenses"],
            title="Councillor allowances and expenses",
            groups=COUNCIL,
            mps_class=["4", "9"],
        ),
        dataset("school-term-dates", title="School term dates", mps_class=[]),
        dataset("withdrawn", title="Withdrawn", state="deleted"),
        dataset("hidden", title="Hidden", private=True),
        dataset("screened", title="Screened", personal_data_screen="failed"),
    ]


def test_nine_classes_with_labels(catalogue):
    guide = build_guide(catalogue, site_url=SITE)
    assert [(c["number"], c["label"]) for c in guide["classes"]] == list(MPS_CLASSES.items())
    assert MPS_CLASSES["9"] == "Our open data" and MPS_CLASSES["4"] == "What we spend and how we spend it"


def test_class_9_from_catalogue_grouped_by_theme(catalogue):
    guide = build_guide(catalogue, site_url=SITE)
    c9 = guide["classes"][8]
    assert [t["theme"] for t in c9["themes"]] == ["Council and democracy", "Environment", "Other"]
    env = c9["themes"][1]["entries"]
    assert [e["title"] for e in env] == ["Public toilets", "Tree preservation orders"]
    assert env[0]["url"] == f"{SITE}/dataset/public-toilets"
    assert env[0]["formats"] == ["CSV", "GEOJSON"] and env[0]["licence"] == "Open Government Licence v3.0"
    titles = {e["title"] for e in c9["entries"]}
    assert "School term dates" in titles  # no mps_class: defaults to 9
    assert not titles & {"Withdrawn", "Hidden", "Screened"}
    c4 = guide["classes"][3]
    assert "Councillor allowances and expenses" in {e["title"] for e in c4["entries"]}


def test_empty_classes_are_flagged(catalogue):
    guide = build_guide(catalogue, site_url=SITE)
    assert guide["empty_classes"] == ["8"]
    assert guide["classes"][7]["empty"] is True
    assert build_guide([], site_url=SITE)["empty_classes"] == ["8", "9"]


def test_static_sections_cover_getting_information(catalogue):
    guide = build_guide(catalogue, site_url=SITE)
    text = json.dumps(guide)
    titles = [s["title"] for s in guide["sections"]]
    assert titles[:3] == ["How to get information", "Charges", "Contact us"]
    assert "Copyright and re-use" in titles and "Open Government Licence" in text
    assert "Information not published here" in titles


def test_csv_lists_every_entry(catalogue):
    guide = build_guide(catalogue, site_url=SITE)
    rows = list(csv.DictReader(io.StringIO(guide_csv(guide))))
    assert len(rows) == sum(len(c["entries"]) for c in guide["classes"])
    toilets = next(r for r in rows if r["title"] == "Public toilets")
    assert (toilets["class"], toilets["theme"], toilets["formats"], toilets["source"]) == (
        "9",
        "Environment",
        "CSV GEOJSON",
        "catalogue",
    )


def test_bad_guide_file_is_named(tmp_path):
    path = tmp_path / "guide.yaml"
    path.write_text("classes:\n  '10': {description: x}\nsections: []\n", encoding="utf-8")
    with pytest.raises(GuideError, match=r"classes\.10\.\[key\]: Input should be '1'"):
        load_guide(path)
    path.write_text("classes: {}\nsections:\n  - {title: Charges, body: free}\n", encoding="utf-8")
    with pytest.raises(GuideError) as err:
        load_guide(path)
    assert str(path) in str(err.value) and "How to get information" in str(err.value)


def test_contact_and_review_date_are_required_and_shown(tmp_path):
    guide = build_guide([], site_url=SITE + "/")
    assert guide["review_date"] == "2027-12-01"
    assert guide["contact"]["email"] and guide["contact"]["online_form"] == f"{SITE}/contact"
    assert guide["contact"]["postal_address"][-1].endswith("ML1 1AB")
    text = (Path(__file__).parents[2] / "publication_plan" / "guide.yaml").read_text(encoding="utf-8")
    no_date = tmp_path / "guide.yaml"
    no_date.write_text(text.replace("review_date: 2027-12-01", "review_date: soon"), encoding="utf-8")
    with pytest.raises(GuideError, match="review_date"):
        load_guide(no_date)
    no_form = tmp_path / "guide2.yaml"
    no_form.write_text(text.replace("  online_form: /contact", ""), encoding="utf-8")
    with pytest.raises(GuideError, match=r"contact\.online_form: is required"):
        load_guide(no_form)


def test_a_class_lists_only_datasets_whose_topics_belong_there():
    areas = dataset("conservation-areas", ["conservation-areas"], title="Conservation areas", mps_class=["6"])
    register = dataset("contracts-register", ["contracts-register"], title="Contracts", mps_class=["6"])
    guide = build_guide([areas, register], site_url=SITE)
    assert [e["name"] for e in guide["classes"][5]["entries"] if e["source"] == "catalogue"] == [
        "contracts-register"
    ]
    assert {e["name"] for e in guide["classes"][8]["entries"]} == {"conservation-areas", "contracts-register"}
    assert guide["misfiled"] == [{"dataset": "conservation-areas", "class": "6"}]
