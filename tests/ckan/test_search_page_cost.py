"""The search page's cheaper parts give what CKAN's helpers and snippets gave: facet links,
result items and facet labels (read once per process)."""

from __future__ import annotations

import re

import pytest
from ckan.lib import helpers as h
from ckanext.nlc import helpers, search, vocab

pytestmark = pytest.mark.usefixtures("with_plugins")

QUERIES = [
    "/dataset/",
    "/dataset/?q=council+tax&page=3",
    "/dataset/?tags=bins&tags=parking&organization=roads&sort=title_string+asc",
    "/dataset/?q=caf%C3%A9+%26+bar&vocab_foi_topics=public-toilets&ext_bbox=-4.1,55.8,-3.7,56.0",
]


@pytest.mark.parametrize("url", QUERIES)
@pytest.mark.parametrize("alternative_url", [None, "/organization/roads"])
def test_facet_links_are_ckans(app, url, alternative_url):
    values = ["bins", "café & bar", "public-toilets"]
    with app.flask_app.test_request_context(url):
        app.flask_app.preprocess_request()
        args = list(h.request.args.items(multi=True))
        for name in ("tags", "vocab_foi_topics"):
            items = [{"name": v, "display_name": v, "count": 1, "active": (name, v) in args} for v in values]
            want = [
                h.remove_url_param(name, i["name"], alternative_url=alternative_url)
                if i["active"]
                else h.add_url_param(new_params={name: i["name"]}, alternative_url=alternative_url)
                for i in items
            ]
            got = helpers.nlc_facet_links(name, items, alternative_url=alternative_url)
            assert [href for _, href in got] == want
            assert [item for item, _ in got] == items


def test_result_item_is_what_package_item_showed(app):
    package = {
        "name": "bench-00001",
        "type": "dataset",
        "notes": "**Bins** <i>for</i> [Motherwell](https://example.org/m), see https://example.org & more. "
        * 4,
        "resources": [{"format": "CSV"}, {"format": "GeoJSON"}, {"format": "CSV"}, {"format": ""}],
    }
    with app.flask_app.test_request_context("/dataset/"):
        item = helpers.nlc_result_item(package)
        assert item["url"] == h.url_for("dataset.read", id="bench-00001")
        extract = h.markdown_extract(package["notes"], extract_length=180)
        assert "**" not in extract and len(extract) <= 180
        assert item["notes"] == app.flask_app.jinja_env.from_string("{{ n|urlize }}").render(n=extract)
        assert '<a href="https://example.org" rel="noopener">' in item["notes"]
        assert item["formats"] == ["CSV", "GeoJSON"]
        assert helpers.nlc_result_item({**package, "notes": None, "resources": []})["notes"] == ""


def test_facet_labels_read_once_and_read_only(app):
    with app.flask_app.test_request_context("/dataset/"):
        topics = search.field_choices("foi_topics")
        assert dict(topics) == vocab.foi_topics()
        assert search.field_choices("foi_topics") is topics  # cached, not rebuilt per request
        assert search.field_choices("mps_class")["4"].startswith("4. ")
        assert search.field_choices("organization") == {}
        with pytest.raises(TypeError):
            topics["x"] = "y"  # type: ignore[index]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_search_page_lists_results_with_facet_links(app, make_dataset):
    make_dataset(name="toilets-a", title="Public toilets A", foi_topics=["public-toilets"],
                 notes="Where the *public toilets* are.")
    make_dataset(name="toilets-b", title="Public toilets B", foi_topics=["public-toilets"])
    page = app.get("/dataset/?q=toilets&page=1", status=200).get_data(as_text=True)
    assert page.count('class="dataset-heading"') == 2
    assert '<a href="/dataset/toilets-a"' in page
    assert "Where the public toilets are." in page
    topic = vocab.foi_topics()["public-toilets"]
    facet_link = r'<a href="([^"]*vocab_foi_topics=public-toilets[^"]*)"[^>]*>\s*<span class="item-label">'
    link = re.search(facet_link + re.escape(topic), page)
    assert link and link.group(1).startswith("/dataset/?q=toilets&amp;") and "page=" not in link.group(1)
    selected = app.get("/dataset/?q=toilets&vocab_foi_topics=public-toilets", status=200)
    selected = selected.get_data(as_text=True)
    assert 'aria-current="true"' in selected
    assert '<a href="/dataset/?q=toilets" aria-current="true">' in selected
