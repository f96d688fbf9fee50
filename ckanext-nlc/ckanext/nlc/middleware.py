"""The plugin's IMiddleware stack, one job per module, in the order they apply.

``ON_FLASK_APP`` hooks change CKAN's Flask app in place (error handlers, before-request
checks, ``app.wsgi_app`` wrappers that Flask's test client also goes through);
``AROUND_APP`` wrap the whole app, innermost first, and see requests before Flask does.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ckanext.nlc import cors, search_outage, security, transport
from ckanext.nlc.lookups import middleware as lookups_middleware
from ckanext.nlc.ogc import mount as ogc_mount

ON_FLASK_APP: tuple[Callable[[Any], Any], ...] = (
    search_outage.register_error_handler,  # Solr outages: a clear 503 page
    security.install,  # CSRF checks on the portal's own forms
    ogc_mount.mount,  # /ogc -> pygeoapi
    cors.install,  # CORS on read-only endpoints, /ogc included
)
AROUND_APP: tuple[Callable[[Any, Any], Any], ...] = (
    lookups_middleware.wrap,  # postcode lookups without CKAN's request stack (auth still checked)
    lambda app, config: cors.Cors(app),  # CORS on the fast path's answers too
    transport.wrap,  # 414/431 for over-long requests, before anything else reads them
)


def make_middleware(app: Any, config: Any) -> Any:
    """IMiddleware.make_middleware: CKAN's Flask app with the portal's hooks and wrappers."""
    if not getattr(app, "register_error_handler", None):  # not the Flask app: nothing to do
        return app
    for hook in ON_FLASK_APP:
        hook(app)
    outer = app
    for wrap in AROUND_APP:
        outer = wrap(outer, config)
    return outer
