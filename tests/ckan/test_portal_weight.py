"""Page weight (issue 14, point 10): compressed responses, year-long lifetimes for
cache-busted assets, CKAN's own lifetime for the rest."""

from __future__ import annotations

import gzip
import re

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins")


def test_pages_are_compressed(app):
    page = app.get("/about", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert b"North Lanarkshire" in gzip.decompress(page.data)
    assert "Accept-Encoding" in page.headers["Vary"]
    brotli = app.get("/about", headers={"Accept-Encoding": "br, gzip"})
    assert brotli.headers["Content-Encoding"] == "br"


def test_the_theme_is_linked_cache_busted_and_kept_for_a_year(app):
    html = app.get("/about").get_data(as_text=True)
    url = re.search(r'href="(/nlc/nlc\.css\?v=[0-9a-f]{12})"', html).group(1)
    css = app.get(url, headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200 and css.headers["Content-Encoding"] == "gzip"
    cc = css.headers["Cache-Control"]
    assert "max-age=31536000" in cc and "immutable" in cc and "no-cache" not in cc


def test_an_unbusted_or_stale_url_keeps_the_short_lifetime(app):
    for url in ("/nlc/nlc.css", "/nlc/nlc.css?v=000000000000"):
        cc = app.get(url).headers["Cache-Control"]
        assert "max-age=31536000" not in cc, (url, cc)


def test_a_busted_asset_sets_no_cookie_and_does_not_vary_by_cookie(app):
    """Else the rolling session cookie makes browsers fetch the 'year-long' asset every time."""
    html = app.get("/about").get_data(as_text=True)
    url = re.search(r'href="(/nlc/nlc\.css\?v=[0-9a-f]{12})"', html).group(1)
    css = app.get(url)
    assert "Set-Cookie" not in css.headers
    assert "cookie" not in css.headers.get("Vary", "").lower()
    assert "Set-Cookie" in app.get("/about").headers  # pages keep their session
