"""Remote fetches by the lookups: configured hosts only, bounded size and time; anonymous
callers told what failed without URLs, paths or exception text."""

from __future__ import annotations

import logging
import time

import pytest

from tests.security.remote_server import PORT, RemoteHost

pytestmark = pytest.mark.usefixtures("with_plugins")

ALLOWED = f"http://127.0.0.1:{PORT}"
FOREIGN = f"http://localhost:{PORT}"  # same server, a host name not in the allow-list


@pytest.fixture
def remote():
    with RemoteHost() as host:
        yield host


def _read(url: str):
    from ckanext.nlc.lookups import data

    return data.read_geojson({"id": "r1", "name": "Wards", "url": url, "url_type": ""})


def _refused(url: str) -> str:
    from ckanext.nlc.lookups.data import LookupDataError

    with pytest.raises(LookupDataError) as caught:
        _read(url)
    message = str(caught.value)
    assert "http" not in message and str(PORT) not in message, message
    return message


@pytest.mark.ckan_config("ckanext.nlc.remote_fetch.allowed_hosts", "127.0.0.1")
def test_host_not_in_configuration_is_never_contacted(app, remote):
    assert _read(f"{ALLOWED}/wards.geojson")["type"] == "FeatureCollection"
    assert "not fetch from" in _refused(f"{FOREIGN}/wards.geojson")
    assert remote.hits == ["/wards.geojson"]  # only the allowed fetch reached the server


@pytest.mark.ckan_config("ckanext.nlc.remote_fetch.allowed_hosts", "127.0.0.1")
def test_redirect_to_a_host_not_in_configuration_is_not_followed(app, remote):
    _refused(f"{ALLOWED}/redirect")
    assert remote.hits == ["/redirect"]


@pytest.mark.ckan_config("ckanext.nlc.remote_fetch.allowed_hosts", "127.0.0.1")
@pytest.mark.ckan_config("ckanext.nlc.remote_fetch.max_bytes", "1000000")
def test_body_larger_than_the_limit_is_cut_off_while_streaming(app, remote):
    started = time.monotonic()
    assert "larger than" in _refused(f"{ALLOWED}/big")
    assert "larger than" in _refused(f"{ALLOWED}/big-declared")
    assert time.monotonic() - started < 5


@pytest.mark.ckan_config("ckanext.nlc.remote_fetch.allowed_hosts", "127.0.0.1")
@pytest.mark.ckan_config("ckanext.nlc.remote_fetch.timeout_seconds", "2")
def test_trickling_body_is_abandoned_at_the_time_limit(app, remote):
    started = time.monotonic()
    assert "longer than" in _refused(f"{ALLOWED}/slow")
    assert time.monotonic() - started < 6


def test_anonymous_lookup_error_has_no_url_path_or_exception_text(
    with_plugins, clean_db, clean_index, app, lookup_data, sysadmin, caplog, monkeypatch
):
    """An editor points the wards resource at a host the portal does not fetch from."""
    from ckan.tests.helpers import call_action
    from ckanext.nlc.lookups import data

    secret = f"{FOREIGN}/internal-share/wards.geojson"
    call_action("resource_patch", {"user": sysadmin["name"]}, id=lookup_data["wards"]["id"],
                url=secret, url_type="")
    data.clear()
    logger = logging.getLogger("ckanext.nlc.lookups.data")  # CKAN's ini stops ckanext propagating
    logger.addHandler(caplog.handler)
    # the fixtures' reading of the ini (fileConfig) disabled the loggers existing then; the
    # portal's deploy/wsgi.py keeps them (disable_existing_loggers=False)
    monkeypatch.setattr(logger, "disabled", False)
    resp = app.get("/api/3/action/nlc_postcode_lookup", query_string={"postcode": "ML1 1AA"})
    assert resp.status_code == 404
    message = resp.json["error"]["message"]
    assert "lookup data is not available" in message, message
    for leak in ("http", "localhost", "internal-share", str(PORT), "Error", "Traceback"):
        assert leak not in message, f"{leak!r} in {message!r}"
    logger.removeHandler(caplog.handler)
    assert secret in caplog.text, message  # the whole story is in the log
