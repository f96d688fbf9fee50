"""pygeoapi's HTML pages under /ogc load every stylesheet, script and image they link to from
the portal (no 404s), and the stylesheet carries the portal's accessibility rules."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gis.migrate import migrate_layer

ROOT = Path(__file__).parents[2]
WARDS = ROOT / "datasets" / "wards" / "source" / "wards.zip"
ASSET = re.compile(r"""(?:href|src)=["']([^"']+\.(?:css|js|png|svg|ico|jpg|gif|woff2?)(?:\?[^"']*)?)["']""")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("migrated")
    migrate_layer(WARDS, out)
    return out


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_every_local_asset_of_the_html_pages_is_served(app, migrated, ckan_config, monkeypatch,
                                                       make_dataset):
    make_dataset(name="wards", personal_data_screen="passed")
    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_migrated_dir", str(migrated))
    site = ckan_config["ckan.site_url"].rstrip("/")
    local: set[str] = set()
    found: list[str] = []
    for page in ("/ogc/", "/ogc/collections", "/ogc/collections/wards", "/ogc/collections/wards/items",
                 "/ogc/collections/wards/items/1", "/ogc/conformance"):
        html = app.get(page + "?f=html", status=200).body
        found += ASSET.findall(html)
        local |= {u[len(site):] if u.startswith(site) else u for u in ASSET.findall(html)
                  if u.startswith((site, "/"))}
    static = {u for u in local if u.startswith("/ogc/static/")}
    assert "/ogc/static/css/default.css" in {u.split("?")[0] for u in static}, (site, sorted(set(found)))
    assert static, "pygeoapi's pages link no static files of their own"
    for url in sorted(local):
        assert app.get(url).status_code == 200, url
    css = app.get("/ogc/static/css/default.css", status=200)
    assert css.headers["Content-Type"].startswith("text/css")
    assert (ROOT / "ckanext-nlc/ckanext/nlc/ogc/static/ogc-accessible.css").read_text() in css.body
    app.get("/ogc/static/no-such-file.css", status=404)


def test_a_layer_migrated_after_the_first_html_page_gets_its_own(tmp_path):
    """The app is rebuilt when layers change; its HTML pages must use the new configuration."""
    from ckanext.nlc.ogc.app import create_app

    from gis.ogcapi import config_for_directory

    before = create_app(config_for_directory(tmp_path, "http://portal.example/ogc")).test_client()
    assert before.get("/ogc/collections?f=html").status_code == 200
    migrate_layer(WARDS, tmp_path)
    after = create_app(config_for_directory(tmp_path, "http://portal.example/ogc")).test_client()
    page = after.get("/ogc/collections/wards?f=html")
    assert page.status_code == 200 and "Wards" in page.get_data(as_text=True)
