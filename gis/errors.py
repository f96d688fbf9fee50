"""Typed errors raised while migrating a legacy GIS layer.

Every message names the source file and, where relevant, the feature.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


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


class IncompleteLayerError(GisError):
    """The features read differ from the count the format declares (a truncated or damaged file)."""


class CrsMismatchError(UnknownCrsError):
    """The coordinates do not fit the area of use of the CRS the layer declares or is given."""


class RejectedFeaturesError(GisError):
    """More features were rejected than the layer's definition allows (``max_rejected``)."""

    def __init__(self, source: str | Path, rejected: list[tuple[int, str]], allowed: int) -> None:
        self.rejected, self.allowed = rejected, allowed
        shown = "".join(f"\n  feature {feature}: rejected: {reason}" for feature, reason in rejected[:100])
        more = f"\n  (and {len(rejected) - 100} more)" if len(rejected) > 100 else ""
        super().__init__(
            source,
            f"{len(rejected)} feature(s) rejected, the layer allows {allowed} "
            "(set max_rejected on its entry in gis/layers.yaml to accept them):" + shown + more,
        )


class PersonalDataInLayerError(GisError):
    """The layer's attributes hold personal data in fields its entry does not allow."""

    def __init__(self, source: str | Path, findings: list[dict[str, Any]]) -> None:
        self.findings = findings
        shown = "".join(
            f"\n  feature {f['feature']}, field {f['field']!r}: {f['message']} ({f['example']})"
            for f in findings[:20]
        )
        super().__init__(
            source,
            f"personal data in {len({f['field'] for f in findings})} field(s), layer not migrated:" + shown
            + "\nIf a field is public by law, list it under `allow:` (field and reason) on the layer's "
            "entry in gis/layers.yaml.",
        )
