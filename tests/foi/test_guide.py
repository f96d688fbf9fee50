"""The Guide to Information: every MPS class, every published dataset linked, JSON and CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


@pytest.fixture
def catalogue(make_dataset, make_resource) -> dict[str, dict]:
    from ckan.tests import factories

    theme = factories.Group(name="community-and-leisure", title="Community and leisure")
    toilets = make_dataset(name="public-toilets", groups=[{"name": theme["name"]}], mps_class=["5", "9"])
    make_resource(package_id=toilets["id"], url="https://example.org/toilets.csv", format="CSV", name="CSV")
    make_resource(package_id=toilets["id"], url="https://example.org/toilets.geojson", format="GeoJSON")
    bands = make_dataset(
        name="council-tax-bands", title="Council tax bands", foi_topics=["council-tax-bands"]
    )
    hidden = make_dataset(name="draft-data", title="Draft data", private=True)
    return {"toilets": toilets, "bands": bands, "hidden": hidden}


def test_guide_lists_every_class_and_links_every_published_dataset(app, catalogue, ckan_config):
    site = ckan_config["ckan.site_url"]
    html = app.get("/publication-scheme").body
    for number in range(1, 10):
        assert f'id="class-{number}-heading"' in html
    class9 = html.split('id="class-9"')[1].split("</section>")[0]
    assert "Community and leisure" in class9 and "Other" in class9
    assert f'href="{site}/dataset/public-toilets"' in class9
    assert f'href="{site}/dataset/council-tax-bands"' in class9
    assert "CSV, GEOJSON" in class9 and "Open Government Licence" in class9
    # tagged class 5, but public toilets belong to class 2 in the MPS: listed in class 9 only
    class5 = html.split('id="class-5"')[1].split("</section>")[0]
    assert "/dataset/public-toilets" not in class5
    assert "draft-data" not in html
    for section in ("How to get information", "Charges", "Contact us", "Copyright and re-use"):
        assert section in html
    assert "Staff only" not in html


def test_empty_classes_are_flagged_to_staff_only(app, catalogue, sysadmin, token_for):
    html = app.get("/publication-scheme", headers=token_for(sysadmin)).body
    assert 'id="nlc-guide-empty-classes"' in html
    assert "class-8" in html and 'class="nlc-foi-staff nlc-guide-empty"' in html.split('id="class-8"')[1]
    assert "empty_classes" not in app.get("/publication-scheme.json").json
    assert "8" in app.get("/publication-scheme.json", headers=token_for(sysadmin)).json["empty_classes"]


def test_guide_json_and_csv_list_every_published_dataset(app, catalogue):
    data = app.get("/publication-scheme.json").json
    assert [c["number"] for c in data["classes"]] == [str(n) for n in range(1, 10)]
    class9 = {e["name"] for e in data["classes"][8]["entries"] if e["source"] == "catalogue"}
    assert class9 == {"public-toilets", "council-tax-bands"}
    rows = list(csv.DictReader(io.StringIO(app.get("/publication-scheme.csv").body)))
    urls = {r["url"] for r in rows if r["class"] == "9"}
    assert {u.rsplit("/", 1)[1] for u in urls} == {"public-toilets", "council-tax-bands"}
    assert {r["class"] for r in rows} >= {"1", "5", "9"}


def test_classes_hold_what_the_mps_puts_there_with_contact_and_review_date(
    app, make_dataset, sysadmin, token_for
):
    make_dataset(name="conservation-areas", foi_topics=["conservation-areas"], mps_class=["6", "9"])
    make_dataset(name="contracts-register", foi_topics=["contracts-register"], mps_class=["6", "9"])
    html = app.get("/publication-scheme").body
    class6 = html.split('id="class-6"')[1].split("</section>")[0]
    assert "/dataset/contracts-register" in class6 and "conservation-areas" not in class6
    class9 = html.split('id="class-9"')[1].split("</section>")[0]
    assert "/dataset/conservation-areas" in class9 and "/dataset/contracts-register" in class9
    for number in ("1", "2", "3", "4", "5", "6", "7"):
        section = html.split(f'id="class-{number}"')[1].split("</section>")[0]
        links = re.findall(r'href="(https?://[^"]+)"', section)
        assert links and all(link.rstrip("/") != "https://www.northlanarkshire.gov.uk" for link in links)
    contact = html.split('id="nlc-guide-contact"')[1].split("</address>")[0]
    assert "mailto:foi@northlanarkshire.gov.uk" in contact and "Motherwell ML1 1AB" in contact
    assert "/contact" in contact
    assert 'id="nlc-guide-review"' in html and "2027-12-01" in html
    staff = app.get("/publication-scheme", headers=token_for(sysadmin)).body
    assert 'id="nlc-guide-misfiled"' in staff and "conservation-areas (class 6)" in staff
    assert "misfiled" not in app.get("/publication-scheme.json").json
