"""Solr outages become CKAN search errors, so pages explain them instead of failing.

CKAN 2.12 raises ``SolrConnectionError`` (not a ``SearchError``) when Solr is
down; its views and the Action API only handle ``SearchError``. Chaining
``package_search`` converts the one into the other: the search page shows its
"error while searching" message, the home page still renders, the API answers
``success: false`` with a Search Error, and everything recovers as soon as
Solr is back, without restarting CKAN.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SolrConnectionError

log = logging.getLogger(__name__)

MESSAGE = "The search service is temporarily unavailable. Please try again in a few minutes."


@tk.chained_action
@tk.side_effect_free
def package_search(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """``package_search`` that reports a Solr outage as a clear search error."""
    try:
        return original(context, data_dict)
    except SolrConnectionError as error:
        log.error("Solr unreachable during package_search: %s", error)
        try:  # the search page tells an outage from a query Solr cannot parse
            from flask import g

            g.nlc_search_unavailable = True
        except RuntimeError:  # no request: an API-less call
            pass
        raise SearchError(MESSAGE) from error


ACTIONS: dict[str, Any] = {"package_search": package_search}


def handle_outage(error: SolrConnectionError) -> tuple[Any, int]:
    """Any other page that needs Solr (e.g. the organisation list): a clear 503 page."""
    log.error("Solr unreachable: %s", error)
    from flask import jsonify, request

    if request.path.startswith("/api/"):
        body = {"success": False, "error": {"__type": "Search Error", "message": MESSAGE}}
        return jsonify(body), 503
    return tk.render("nlc/search_unavailable.html", {"message": MESSAGE}), 503


def register_error_handler(app: Any) -> Any:
    """IMiddleware hook: install :func:`handle_outage` on CKAN's Flask app."""
    app.register_error_handler(SolrConnectionError, handle_outage)
    return app
