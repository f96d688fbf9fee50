"""IMiddleware part of OGC API - Features: ``/ogc/...`` goes to pygeoapi, the rest to CKAN.

The pygeoapi app (:func:`ckanext.nlc.ogc.app.create_app`) is built from the layers in
``ckanext.nlc.gis_migrated_dir`` that may be served, and rebuilt when a layer is
(re)migrated or a dataset's state changes (checked every ``RECHECK_SECONDS``), so a layer
appears or goes without restarting CKAN.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.ogc import PREFIX, collection_ids, migrated_dir
from werkzeug.middleware.dispatcher import DispatcherMiddleware

RECHECK_SECONDS = 5.0


class LazyOgcApp:
    """A WSGI app serving pygeoapi for the migrated directory, rebuilt when it changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._app: Any = None
        self._signature: tuple[Any, ...] | None = None
        self._checked = 0.0

    def _current_signature(self, directory: Path) -> tuple[Any, ...]:
        files = sorted(directory.glob("*.migration.json"))
        return (str(directory), tuple(collection_ids(directory)),
                *((f.name, f.stat().st_mtime_ns) for f in files))

    def _get_app(self) -> Any:
        now = time.monotonic()
        directory = migrated_dir()
        if self._app is not None and now - self._checked < RECHECK_SECONDS and \
                self._signature and self._signature[0] == str(directory):
            return self._app
        with self._lock:
            signature = self._current_signature(directory) if directory.is_dir() else (str(directory),)
            if self._app is None or signature != self._signature:
                from ckanext.nlc.ogc.app import create_app

                from gis.ogcapi import config_for_directory

                base_url = tk.config.get("ckan.site_url").rstrip("/") + PREFIX
                served = set(signature[1]) if len(signature) > 1 else set()
                config = config_for_directory(directory if directory.is_dir() else Path("/nonexistent"),
                                              base_url, serve=served.__contains__)
                self._app = create_app(config, url_prefix="")
                self._signature = signature
            self._checked = now
            return self._app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self._get_app()(environ, start_response)


def mount(app: Any) -> Any:
    """IMiddleware hook: route ``/ogc/...`` to pygeoapi, everything else to CKAN."""
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {PREFIX: LazyOgcApp()})
    return app
