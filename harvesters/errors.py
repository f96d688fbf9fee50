"""Typed errors raised while harvesting; each message names the file, row and field it can.

The CLI and the run report show ``str(error)``; :attr:`HarvestError.kind` is the
stable machine-readable name written to the JSON report.
"""

from __future__ import annotations

from typing import Any


class HarvestError(Exception):
    """Base class: something stops one dataset from being harvested."""

    kind = "harvest-error"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": str(self)}


class DefinitionError(HarvestError):
    """A dataset definition (dataset.yaml / schema.json) is missing or invalid."""

    kind = "definition-error"

    def __init__(self, file: str, key: str | None, message: str) -> None:
        self.file, self.key = str(file), key
        where = f"{self.file}: {key}: " if key else f"{self.file}: "
        super().__init__(where + message)


class SourceError(HarvestError):
    """Base class for problems reading a source."""

    kind = "source-error"


class SourceUnavailable(SourceError):
    """The source cannot be reached (connection refused, missing file, HTTP 5xx after retries)."""

    kind = "source-unavailable"


class SourceTimeout(SourceUnavailable):
    """The source did not answer within the configured timeout, after every retry."""

    kind = "source-timeout"


class SourceFormatError(SourceError):
    """The source answered but what it returned cannot be read (bad encoding, ragged rows, HTML)."""

    kind = "source-format-error"

    def __init__(self, file: str, message: str, *, row: int | None = None, field: str | None = None) -> None:
        self.file, self.row, self.field = str(file), row, field
        where = self.file
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "file": self.file, "row": self.row, "field": self.field}


class TransformError(HarvestError):
    """The source rows cannot be mapped to the published schema."""

    kind = "transform-error"


class ValidationFailed(HarvestError):
    """The published table does not match its Table Schema; ``errors`` lists each one."""

    kind = "validation-failed"

    def __init__(self, resource: str, errors: list[dict[str, Any]]) -> None:
        self.resource, self.errors = resource, errors
        shown = "; ".join(_describe(e) for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{resource}: {len(errors)} validation error(s): {shown}{more}")

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": self.errors}


class PersonalDataFound(HarvestError):
    """The personal-data screen found columns or values that look like personal data."""

    kind = "personal-data-found"

    def __init__(self, resource: str, findings: list[dict[str, Any]]) -> None:
        self.resource, self.findings = resource, findings
        shown = "; ".join(_describe(f) for f in findings[:5])
        more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
        super().__init__(
            f"{resource}: personal data found, publication blocked: {shown}{more}. "
            "If a field is public by law, list it under `allow:` in dataset.yaml with a reason."
        )

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "findings": self.findings}


class PublishError(HarvestError):
    """CKAN refused or could not be reached while publishing."""

    kind = "publish-error"


class CkanUnreachable(PublishError):
    """The CKAN API stopped answering."""

    kind = "ckan-unreachable"


class DataStoreLoadError(PublishError):
    """The DataStore load of a published CSV failed or timed out."""

    kind = "datastore-load-error"


def _describe(item: dict[str, Any]) -> str:
    parts = []
    if item.get("row") is not None:
        src = (
            f" (source row {item['source_row']})" if item.get("source_row") not in (None, item["row"]) else ""
        )
        parts.append(f"row {item['row']}{src}")
    if item.get("field"):
        parts.append(f"field {item['field']!r}")
    where = ", ".join(parts)
    return f"{where}: {item.get('message', '')}" if where else str(item.get("message", ""))


class ShrinkageRefused(HarvestError):
    """The new version would publish far fewer rows, or fewer columns, than the published one."""

    kind = "shrinkage-refused"


class HarvestBusy(HarvestError):
    """Another harvest of the same dataset into the same CKAN is running."""

    kind = "harvest-busy"


class CoordinateRangeError(TransformError):
    """Point coordinates published as WGS84 are outside longitude/latitude ranges."""

    kind = "coordinate-range-error"

    def __init__(self, resource: str, message: str, *, row: int, field: str) -> None:
        self.resource, self.row, self.field = resource, row, field
        super().__init__(f"{resource}: row {row}, field {field!r}: {message}")

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "row": self.row, "field": self.field}
