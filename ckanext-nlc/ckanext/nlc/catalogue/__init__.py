"""The catalogue for consumers: MQA self-assessment, concept schemes, the aggregators' feed.

``nlc_mqa_score`` (action and template helper) scores a dataset by the data.europa.eu
MQA method as the portal publishes it in DCAT; ``/vocabulary/<scheme>`` serves the SKOS
concept schemes; ``/api/feed/dcat-ap/2.0.1.json`` the compacted JSON-LD catalogue that
aggregators written for ArcGIS Hub feeds read (Open Data Scotland).
"""
from __future__ import annotations

import functools
import os
from importlib import resources
from typing import Any
from urllib.parse import urlparse

import ckan.plugins.toolkit as tk
from ckanext.nlc.catalogue import concepts, feed, guards, mqa


def shapes_path() -> str | None:
    """The DCAT-AP 3.0.1 shapes shipped with the extension (None: mandatory properties only)."""
    if not tk.asbool(tk.config.get("ckanext.nlc.mqa.shacl")):
        return None
    return str(resources.files("ckanext.nlc.catalogue").joinpath("shapes/3.0.1/dcat-ap-SHACL.ttl"))


def _reachable(check_urls: bool) -> Any:
    site = urlparse(tk.config.get("ckan.site_url") or "")

    def reachable(url: str) -> bool | None:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https"):
            return False
        if parsed.netloc == site.netloc and "/resource/" in parsed.path:
            return _local_file_exists(parsed.path)
        if not check_urls:
            return None
        import requests

        try:
            return requests.head(url, allow_redirects=True, timeout=5).status_code < 400
        except requests.RequestException:
            return False

    return reachable


def _local_file_exists(path: str) -> bool:
    """A portal URL /dataset/<id>/resource/<rid>[/download/<file>]: the upload exists (or a link)."""
    from ckan.lib.uploader import get_resource_uploader

    parts = path.split("/resource/", 1)[1].split("/")
    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": parts[0]})
    except (tk.ObjectNotFound, tk.ValidationError):
        return False
    if resource.get("url_type") != "upload":
        return True
    return os.path.isfile(get_resource_uploader(resource).get_path(resource["id"]))


@functools.lru_cache(maxsize=256)
def _score(dataset_id: str, modified: str, check_urls: bool) -> dict[str, Any]:
    import rdflib
    from ckanext.dcat.processors import RDFSerializer

    pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset_id})
    serializer = RDFSerializer()
    ref = serializer.graph_from_dataset(pkg)
    graph = rdflib.Graph()
    for triple in serializer.g:
        graph.add(triple)
    return mqa.score_graph(graph, ref, reachable=_reachable(check_urls), shapes_path=shapes_path())


@tk.side_effect_free
def nlc_mqa_score(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """MQA score of a dataset (``id``) as published in DCAT, with every indicator and what is missing.

    ``check_urls`` (default false): HEAD-request distribution URLs not served by this portal.
    """
    dataset_id = tk.get_or_bust(data_dict, "id")
    pkg = tk.get_action("package_show")(context, {"id": dataset_id})  # the caller's access rights
    result = dict(_score(pkg["id"], pkg["metadata_modified"], tk.asbool(data_dict.get("check_urls", False))))
    result["dataset"] = pkg["name"]
    return result


def mqa_for_page(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """Template helper: the dataset's MQA score, or None if it cannot be computed."""
    try:
        return tk.get_action("nlc_mqa_score")({}, {"id": pkg["id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None


ACTIONS: dict[str, Any] = {"nlc_mqa_score": nlc_mqa_score}
HELPERS: dict[str, Any] = {"nlc_mqa_score": mqa_for_page}


def blueprints() -> list[Any]:
    from flask import Blueprint

    bp = Blueprint("nlc_catalogue", __name__)
    bp.add_url_rule("/vocabulary/<scheme>", "scheme", concepts.scheme_page)
    bp.add_url_rule("/vocabulary/<scheme>/<code>", "concept", concepts.scheme_page)
    bp.add_url_rule("/api/feed/dcat-ap/2.0.1.json", "feed", feed.feed_page)
    bp.before_app_request(guards.before_request)
    return [bp]
