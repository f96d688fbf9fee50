"""Paths a developer will hit that used to give CKAN 500s: a clear 3xx/404/406 or a working answer."""
from __future__ import annotations

import io
import os

import pytest
from ckan.tests.helpers import call_action
from werkzeug.datastructures import FileStorage

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_catalog_json_is_the_json_ld_catalogue(app, make_dataset):
    make_dataset(name="toilets-json")
    response = app.get("/catalog.json", follow_redirects=True)
    assert response.status_code == 200
    assert "json" in response.headers["Content-Type"]
    assert "toilets" in response.get_data(as_text=True).lower()


def test_dataset_html_is_the_dataset_page(app, make_dataset):
    make_dataset(name="toilets-html")
    response = app.get("/dataset/toilets-html.html", follow_redirects=False)
    assert response.status_code in (301, 302, 308)
    assert response.headers["Location"].endswith("/dataset/toilets-html")


@pytest.mark.parametrize("path", ["/dataset/toilets-fmt.docx", "/catalog.pdf"])
def test_an_unknown_rdf_format_is_406_naming_the_formats(app, make_dataset, path):
    make_dataset(name="toilets-fmt")
    response = app.get(path)
    assert response.status_code == 406
    assert "ttl" in response.get_data(as_text=True) and "jsonld" in response.get_data(as_text=True)


def test_download_of_a_missing_file_is_a_clear_404(app, make_dataset, sysadmin):
    from ckan.lib.uploader import get_resource_uploader

    pkg = make_dataset(name="toilets-lost")
    res = call_action("resource_create", {"user": sysadmin["name"]}, package_id=pkg["id"], url="t.csv",
                      upload=FileStorage(io.BytesIO(b"a\n1\n"), filename="t.csv"))
    os.remove(get_resource_uploader(res).get_path(res["id"]))
    for path in (f"/dataset/{pkg['id']}/resource/{res['id']}/download/t.csv",
                 f"/dataset/{pkg['id']}/resource/{res['id']}/download"):
        response = app.get(path)
        assert response.status_code == 404, path
        assert "file" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("came_from", ["%2F%2Fevil.example", "//evil.example", "/\\\\evil.example",
                                       "%252F%252Fevil.example", "https://evil.example/"])
def test_signing_in_with_a_foreign_came_from_stays_on_the_portal(app, came_from):
    from ckan.tests import factories

    user = factories.User(password="correct horse battery")
    page = app.get("/user/login")
    token = page.get_data(as_text=True).split('name="_csrf_token" value="')[1].split('"')[0]
    response = app.post(f"/user/login?came_from={came_from}", data={
        "login": user["name"], "password": "correct horse battery", "_csrf_token": token},
        follow_redirects=False)
    assert response.status_code in (200, 302, 303, 307), response.status_code
    if response.status_code == 307:  # sent back to the sign-in without came_from, form and all
        assert response.headers["Location"].endswith("/user/login")
        response = app.post("/user/login", data={"login": user["name"], "password": "correct horse battery",
                                                 "_csrf_token": token}, follow_redirects=False)
    from urllib.parse import urlparse

    location = urlparse(response.headers.get("Location", "http://127.0.0.1:5000/"))
    assert location.netloc in ("", "127.0.0.1:5000") and not location.path.startswith("//")
