"""Source connectors and the registry mapping a definition's ``type:`` to a class."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harvesters.errors import DefinitionError
from harvesters.sources.arcgis_rest import ArcGisRestSource
from harvesters.sources.base import BaseSource
from harvesters.sources.csv_file import CsvSource
from harvesters.sources.gis_file import GisFileSource
from harvesters.sources.hub_dcat import HubDcatSource
from harvesters.sources.sql import SqlSource
from harvesters.sources.xlsx_file import XlsxSource

REGISTRY: dict[str, type[BaseSource]] = {
    cls.type_name: cls
    for cls in (CsvSource, XlsxSource, SqlSource, ArcGisRestSource, HubDcatSource, GisFileSource)
}


def make_source(
    config: dict[str, Any], base_dir: Path, *, origin: str = "source", work_dir: Path | None = None
) -> BaseSource:
    """Instantiate the connector named by ``config['type']``."""
    kind = config.get("type")
    if kind not in REGISTRY:
        raise DefinitionError(
            origin,
            "source.type",
            f"unknown source type {kind!r}; choose one of {', '.join(sorted(REGISTRY))}",
        )
    return REGISTRY[str(kind)](config, base_dir, origin=origin, work_dir=work_dir)


__all__ = ["REGISTRY", "BaseSource", "make_source"]
