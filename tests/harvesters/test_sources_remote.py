"""ArcGIS REST and Hub DCAT connectors against a local server replaying recorded responses."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from harvesters.errors import SourceFormatError, SourceTimeout, SourceUnavailable
from harvesters.sources import make_source

from .conftest import FIXTURES, SHARED, Reply

LAYER = "/server/rest/services/PUBLIC/OPEN_DATA_LAYERS/FeatureServer/22"
ARC = FIXTURES / "arcgis"
FEED = SHARED / "north_lanarkshire_dcat_catalogue" / "north_lanarkshire_dcat-ap-2.0.1_feed.json"


def paged(kind: str):
    def route(q: dict) -> Reply:
        fmt = q["f"][0]
        assert fmt == ("geojson" if kind == "geojson" else "json")
        offset = int(q["resultOffset"][0])
        return Reply(body=(ARC / f"schools_{kind}_offset{offset}.json").read_bytes())

    return route


@pytest.mark.parametrize("fmt,kind", [("geojson", "geojson"), ("json", "esrijson")])
def test_arcgis_paged_query(replay, tmp_path: Path, fmt: str, kind: str) -> None:
    replay.routes[LAYER + "/query"] = paged(kind)
    src = make_source(
        {"type": "arcgis_rest", "url": replay.url + LAYER, "format": fmt, "page_size": 2, "name": "schools"},
        tmp_path,
        work_dir=tmp_path,
    )
    t = src.extract()
    assert [r[1] for r in t.rows] == [
        "Chapelside Primary School",
        "Kildrum Primary School",
        "Greenfaulds High School",
        "St Margaret's High School",
        "Braidhurst High School",
    ]
    assert t.fields == ["OBJECTID", "SCHOOL_NAME", "TOWN", "ROLL", "geometry_x", "geometry_y"]
    offsets = [int(q["resultOffset"][0]) for _, q in replay.log]
    assert offsets == [0, 2, 4]
    assert all(q["resultRecordCount"] == ["2"] for _, q in replay.log)
    gj = json.loads(t.files["GeoJSON"].read_text())
    assert len(gj["features"]) == 5 and gj["features"][0]["geometry"]["type"] == "Point"
    assert json.loads(t.spatial)["type"] == "Polygon"


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_server_down_is_unavailable_after_retries(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}{LAYER}"
    src = make_source({"type": "arcgis_rest", "url": url, "retries": 2, "backoff": 0.05}, tmp_path)
    with pytest.raises(SourceUnavailable, match=r"cannot connect.*attempt 3 of 3"):
        src.extract()


def test_slow_server_times_out_then_retry_succeeds(replay, tmp_path: Path) -> None:
    calls = {"n": 0}

    def slow_then_fast(q: dict) -> Reply:
        calls["n"] += 1
        body = (ARC / "schools_geojson_offset4.json").read_bytes()
        return Reply(body=body, delay=1.0 if calls["n"] == 1 else 0)

    replay.routes[LAYER + "/query"] = slow_then_fast
    src = make_source(
        {"type": "arcgis_rest", "url": replay.url + LAYER, "timeout": 0.3, "retries": 2, "backoff": 0.05},
        tmp_path,
    )
    t = src.extract()
    assert len(t.rows) == 1 and calls["n"] == 2


def test_slow_server_times_out_for_good(replay, tmp_path: Path) -> None:
    replay.routes[LAYER + "/query"] = lambda q: Reply(body="{}", delay=0.6)
    src = make_source(
        {"type": "arcgis_rest", "url": replay.url + LAYER, "timeout": 0.2, "retries": 1, "backoff": 0.05},
        tmp_path,
    )
    t0 = time.monotonic()
    with pytest.raises(SourceTimeout, match=r"no answer within 0.2 s \(attempt 2 of 2\)"):
        src.extract()
    assert time.monotonic() - t0 < 3


def test_html_error_pages(replay, tmp_path: Path) -> None:
    replay.routes[LAYER + "/query"] = lambda q: Reply(
        502, (ARC / "proxy_error_502.html").read_text(), "text/html"
    )
    src = make_source(
        {"type": "arcgis_rest", "url": replay.url + LAYER, "retries": 1, "backoff": 0.01}, tmp_path
    )
    with pytest.raises(SourceUnavailable, match=r"HTTP 502 \(502 Bad Gateway\)"):
        src.extract()
    assert len(replay.log) == 2  # retried once
    replay.routes[LAYER + "/query"] = lambda q: Reply(
        200, (ARC / "arcgis_login_page.html").read_text(), "text/html"
    )
    with pytest.raises(SourceFormatError, match=r"HTML page \(ArcGIS Web Adaptor - Sign In\)"):
        src.extract()
    replay.routes[LAYER + "/query"] = lambda q: Reply(200, (ARC / "arcgis_error_400.json").read_text())
    with pytest.raises(SourceUnavailable, match="ArcGIS error 400: Unable to complete operation"):
        src.extract()


def test_hub_dcat_feed_lists_nlc_layers_and_reads_one(replay, tmp_path: Path) -> None:
    replay.routes["/api/feed/dcat-ap/2.0.1.json"] = lambda q: Reply(body=FEED.read_bytes())
    replay.routes["/server/rest/services/PUBLIC/OPEN_DATA_LAYERS/FeatureServer/7/query"] = paged("geojson")
    cfg = {
        "type": "hub_dcat",
        "url": replay.url + "/api/feed/dcat-ap/2.0.1.json",
        "dataset": "NLC Schools",
        "rewrite": {"https://maps.northlanarkshire.gov.uk": replay.url},
        "page_size": 2,
    }
    src = make_source(cfg, tmp_path, work_dir=tmp_path)
    layers = src.layers()
    assert {
        "Tree Preservation Order",
        "Conservation Areas",
        "Polling Districts",
        "NLC Schools",
        "Cemeteries",
        "Community Councils",
    } <= set(layers)
    assert len(layers) >= 19
    assert layers["NLC Schools"].endswith("/OPEN_DATA_LAYERS/FeatureServer/7")
    t = src.extract()
    assert len(t.rows) == 5
    bad = make_source({**cfg, "dataset": "Dog fouling bins"}, tmp_path)
    with pytest.raises(SourceFormatError, match="no dataset titled 'Dog fouling bins'"):
        bad.extract()


def test_hub_dcat_html_instead_of_feed(replay, tmp_path: Path) -> None:
    replay.routes["/feed"] = lambda q: Reply(200, (ARC / "proxy_error_502.html").read_text(), "text/html")
    src = make_source(
        {"type": "hub_dcat", "url": replay.url + "/feed", "dataset": "x", "retries": 0}, tmp_path
    )
    with pytest.raises(SourceFormatError, match="HTML page"):
        src.extract()
