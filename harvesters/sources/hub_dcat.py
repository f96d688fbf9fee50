"""An ArcGIS Hub DCAT-AP 2.0.1 JSON-LD feed: pick a dataset by title, read its Esri REST layer."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.sources.arcgis_rest import ArcGisRestSource
from harvesters.sources.base import BaseSource
from harvesters.table import Table


class HubDcatSource(BaseSource):
    """``type: hub_dcat``: ``url`` (feed URL) or ``path`` (a saved feed), ``dataset`` (title,
    case-insensitive), optional ``rewrite`` ({prefix: replacement} applied to distribution
    URLs, e.g. to reach the GIS server through a proxy) and the ``arcgis_rest`` keys."""

    type_name: ClassVar[str] = "hub_dcat"
    required = ("dataset",)

    def describe(self) -> str:
        return f"hub_dcat {self.config.get('dataset')}"

    def feed(self) -> dict[str, Any]:
        if self.config.get("path"):
            path = self.path()
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError as e:
                raise SourceUnavailable(f"{path}: file not found") from e
            except ValueError as e:
                raise SourceFormatError(str(path), f"not valid JSON: {e}") from e
        if not self.config.get("url"):
            raise SourceFormatError(self.origin, "hub_dcat source needs `url` or `path`")
        return self.http_get(str(self.config["url"]))

    def datasets(self) -> list[dict[str, Any]]:
        """The feed's ``dcat:dataset`` entries (JSON-LD keys, or the plain DCAT-US ``dataset`` key)."""
        feed = self.feed()
        entries = feed.get("dcat:dataset", feed.get("dataset")) if isinstance(feed, dict) else None
        if not isinstance(entries, list):
            raise SourceFormatError(
                str(self.config.get("url") or self.config.get("path")),
                "not a DCAT catalogue: no dcat:dataset list",
            )
        return entries

    def layers(self) -> dict[str, str]:
        """Title -> Esri REST layer URL for every dataset the feed lists with one."""
        out = {}
        for entry in self.datasets():
            url = rest_url(entry)
            if url:
                out[str(entry.get("dct:title", entry.get("title", "")))] = self._rewrite(url)
        return out

    def _rewrite(self, url: str) -> str:
        for prefix, repl in (self.config.get("rewrite") or {}).items():
            if url.startswith(prefix):
                return repl + url[len(prefix) :]
        return url

    def extract(self) -> Table:
        wanted = str(self.config["dataset"]).casefold()
        layers = self.layers()
        match = [url for title, url in layers.items() if title.casefold() == wanted]
        if not match:
            raise SourceFormatError(
                str(self.config.get("url") or self.config.get("path")),
                f"the feed has no dataset titled {self.config['dataset']!r} with an "
                f"Esri REST distribution; it lists: {', '.join(sorted(layers))}",
            )
        cfg = {k: v for k, v in self.config.items() if k not in ("url", "path", "dataset", "rewrite", "type")}
        cfg["url"] = match[0]
        src = ArcGisRestSource(cfg, self.base_dir, origin=self.origin, work_dir=self.work_dir)
        table = src.extract()
        table.notes.append(f"layer {match[0]} from DCAT feed entry {self.config['dataset']!r}")
        return table


def rest_url(entry: dict[str, Any]) -> str | None:
    """The Esri REST (FeatureServer/MapServer layer) distribution URL of a DCAT dataset entry."""
    for dist in entry.get("dcat:distribution", entry.get("distribution", [])) or []:
        url = dist.get("dcat:accessUrl") or dist.get("dcat:accessURL") or dist.get("accessURL") or ""
        fmt = json.dumps(dist.get("dct:format", dist.get("format", "")))
        if "Esri REST" in str(dist.get("dct:description", dist.get("description", ""))) or (
            "JSON" in fmt and ("FeatureServer/" in url or "MapServer/" in url)
        ):
            return str(url)
    return None
