"""Typed errors raised while migrating a legacy GIS layer.

Every message names the source file and, where relevant, the feature.
"""

from __future__ import annotations

from pathlib import Path


class GisError(Exception):
    """Base class: something about a GIS source stops its migration."""

    def __init__(self, source: str | Path, message: str) -> None:
        self.source = str(source)
        super().__init__(f"{self.source}: {message}")


class UnsupportedFormatError(GisError):
    """The file is not one of the legacy formats the migration reads."""


class MissingComponentError(GisError):
    """A multi-file format (shapefile, MapInfo) lacks a required part."""

    def __init__(self, source: str | Path, missing: str, needed_for: str) -> None:
        self.missing = missing
        super().__init__(source, f"missing {missing} ({needed_for}); supply the complete file set")


class UnsafeArchiveError(GisError):
    """A zip archive holds entries that would escape the extraction folder."""

    def __init__(self, source: str | Path, entry: str) -> None:
        self.entry = entry
        super().__init__(source, f"unsafe archive entry {entry!r} (absolute path or '..'); archive refused")


class UnknownCrsError(GisError):
    """The layer's coordinate reference system cannot be determined."""


class UnreadableLayerError(GisError):
    """GDAL could not open or read the layer."""


class EmptyLayerError(GisError):
    """The layer has no features with a usable geometry."""


class GeometryError(GisError):
    """A feature's geometry cannot be read at all."""

    def __init__(self, source: str | Path, feature: int, message: str) -> None:
        self.feature = feature
        super().__init__(source, f"feature {feature}: {message}")
