"""Load and check a dataset definition folder (``datasets/<name>/dataset.yaml``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harvesters.errors import DefinitionError

DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "six-monthly", "annual", "irregular")
FOI_TOPICS = (
    "council-tax-bands",
    "public-toilets",
    "councillor-expenses",
    "conservation-areas",
    "listed-buildings",
    "tree-preservation-orders",
    "museums-galleries",
    "libraries",
    "first-stop-shops",
    "schools",
    "school-term-dates",
    "polling-districts",
    "wards-councillors",
    "business-rates",
    "council-spending",
    "parking-penalties",
    "road-defects",
    "fly-tipping",
    "senior-salaries",
    "public-health-funerals",
    "empty-properties",
    "contracts-register",
    "planning-applications",
    "bin-collections",
    "housing-stock",
)
REQUIRED = (
    "name",
    "title",
    "notes",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "update_frequency",
    "resources",
)
PACKAGE_KEYS = (
    "name",
    "title",
    "notes",
    "owner_org",
    "maintainer",
    "maintainer_email",
    "license_id",
    "mps_class",
    "foi_topics",
    "update_frequency",
    "temporal_start",
    "temporal_end",
    "source_system",
)


@dataclass
class ResourceDef:
    name: str
    slug: str
    description: str
    source: dict[str, Any]
    schema: dict[str, Any]
    schema_path: Path
    transform: dict[str, Any] = field(default_factory=dict)
    datastore: bool = True
    geojson: dict[str, Any] | None = None


@dataclass
class DatasetDef:
    name: str
    folder: Path
    meta: dict[str, Any]
    resources: list[ResourceDef]
    groups: list[str]
    tags: list[str]
    allow: dict[str, str]
    sample: bool
    publish: dict[str, Any] = field(default_factory=dict)  # shrinkage policy (harvesters.publish)

    @property
    def file(self) -> Path:
        return self.folder / "dataset.yaml"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load_schema(path: Path, origin: str, key: str) -> dict[str, Any]:
    """A Table Schema JSON file; must have a non-empty ``fields`` list of named fields."""
    if not path.exists():
        raise DefinitionError(origin, key, f"schema file {path} does not exist")
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise DefinitionError(str(path), None, f"not valid JSON: {e}") from e
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if (
        not isinstance(fields, list)
        or not fields
        or not all(isinstance(f, dict) and f.get("name") for f in fields)
    ):
        raise DefinitionError(
            str(path), "fields", "a Table Schema needs a non-empty list of fields with names"
        )
    names = [f["name"] for f in fields]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise DefinitionError(str(path), "fields", f"duplicate field names {dup}")
    check_table_schema(schema, str(path))
    return schema


def check_table_schema(schema: dict[str, Any], file: str) -> None:
    """Validate ``schema`` with frictionless; every problem is named by its field (or key)."""
    from frictionless import Field, Schema  # imported only when definitions are loaded

    problems = [
        f"field {f['name']!r}: {e.note}"
        for f in schema["fields"]
        for e in Field.validate_descriptor(f).errors
    ]
    if problems:
        raise DefinitionError(file, "fields", "not a valid Table Schema: " + "; ".join(problems))
    names = [f["name"] for f in schema["fields"]]
    key = schema.get("primaryKey")
    unknown = [k for k in ([key] if isinstance(key, str) else key or []) if k not in names]
    if unknown:
        raise DefinitionError(file, "primaryKey", f"names no field of the schema: {unknown}")
    bare = {**schema, "fields": [{"name": n} for n in names]}  # fields checked above
    rest = [e.note for e in Schema.validate_descriptor(bare).errors]
    if rest:
        raise DefinitionError(file, None, "not a valid Table Schema: " + "; ".join(rest))


def load_definition(folder: str | Path) -> DatasetDef:
    """Read ``folder/dataset.yaml`` and its schemas; raise :class:`DefinitionError` naming file and key."""
    folder = Path(folder)
    path = folder / "dataset.yaml"
    origin = str(path)
    if not path.exists():
        raise DefinitionError(origin, None, "no dataset.yaml in the dataset folder")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise DefinitionError(origin, None, f"not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise DefinitionError(origin, None, "must be a YAML mapping")
    for key in REQUIRED:
        if not data.get(key):
            raise DefinitionError(origin, key, "is required")
    if data["name"] != folder.name:
        raise DefinitionError(origin, "name", f"{data['name']!r} must equal the folder name {folder.name!r}")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{1,99}", data["name"]):
        raise DefinitionError(origin, "name", "lower-case letters, digits, - and _ only")
    if data["update_frequency"] not in FREQUENCIES:
        raise DefinitionError(origin, "update_frequency", f"must be one of {', '.join(FREQUENCIES)}")
    mps = [str(m) for m in data.get("mps_class") or ["9"]]
    if not all(m in {str(i) for i in range(1, 10)} for m in mps):
        raise DefinitionError(origin, "mps_class", "classes are '1' to '9'")
    topics = list(data.get("foi_topics") or [])
    bad = [t for t in topics if t not in FOI_TOPICS]
    if bad:
        raise DefinitionError(origin, "foi_topics", f"unknown topic id(s) {bad}")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(data["maintainer_email"])):
        raise DefinitionError(origin, "maintainer_email", "must be a team mailbox address")
    allow: dict[str, str] = {}
    for i, item in enumerate(data.get("allow") or []):
        if not isinstance(item, dict) or not item.get("field") or not str(item.get("reason", "")).strip():
            raise DefinitionError(origin, f"allow[{i}]", "each entry needs `field` and a non-empty `reason`")
        allow[str(item["field"])] = str(item["reason"]).strip()
    default_source = data.get("source")
    resources = []
    if not isinstance(data["resources"], list):
        raise DefinitionError(origin, "resources", "must be a list")
    for i, res in enumerate(data["resources"]):
        key = f"resources[{i}]"
        if not isinstance(res, dict) or not res.get("name"):
            raise DefinitionError(origin, f"{key}.name", "is required")
        source = res.get("source", default_source)
        if not isinstance(source, dict) or not source.get("type"):
            raise DefinitionError(
                origin, f"{key}.source", "needs a source block with a `type` " "(here or at the top level)"
            )
        if not res.get("schema"):
            raise DefinitionError(origin, f"{key}.schema", "is required (a Table Schema JSON file)")
        schema_path = folder / str(res["schema"])
        schema = load_schema(schema_path, origin, f"{key}.schema")
        transform = res.get("transform") or {}
        if isinstance(transform, str):
            from harvesters.layouts import load_layout

            transform = load_layout(transform)
        resources.append(
            ResourceDef(
                name=str(res["name"]),
                slug=str(res.get("slug") or _slug(str(res["name"]))),
                description=str(res.get("description", "")).strip(),
                source=dict(source),
                schema=schema,
                schema_path=schema_path,
                transform=dict(transform),
                datastore=bool(res.get("datastore", True)),
                geojson=dict(res["geojson"]) if res.get("geojson") else None,
            )
        )
    slugs = [r.slug for r in resources]
    if len(set(slugs)) != len(slugs):
        raise DefinitionError(origin, "resources", "resource names must be distinct")
    meta = {k: data[k] for k in PACKAGE_KEYS if data.get(k) not in (None, "")}
    meta["license_id"] = data.get("license_id") or "OGL-UK-3.0"
    meta["mps_class"] = mps
    meta["foi_topics"] = topics
    for k in ("temporal_start", "temporal_end"):
        if k in meta:
            meta[k] = str(meta[k])
    return DatasetDef(
        name=data["name"],
        folder=folder,
        meta=meta,
        resources=resources,
        groups=[str(g) for g in data.get("groups") or []],
        tags=[str(t) for t in data.get("tags") or []],
        allow=allow,
        sample=bool(data.get("sample", False)),
        publish=_publish_policy(origin, data.get("publish")),
    )


PUBLISH_KEYS = {"max_row_loss": (int, float), "allow_empty": bool, "allow_dropped_columns": bool}


def _publish_policy(origin: str, block: Any) -> dict[str, Any]:
    """The ``publish:`` block: how much smaller than the published version a new one may be."""
    if block is None:
        return {}
    if not isinstance(block, dict):
        raise DefinitionError(origin, "publish", "must be a mapping")
    for key, value in block.items():
        kind = PUBLISH_KEYS.get(key)
        if kind is None:
            raise DefinitionError(origin, f"publish.{key}", f"unknown; known: {', '.join(PUBLISH_KEYS)}")
        if not isinstance(value, kind) or (key == "max_row_loss" and not 0 <= value <= 1):
            raise DefinitionError(
                origin, f"publish.{key}", "max_row_loss is a share from 0 to 1; the others true or false"
            )
    return dict(block)


def discover(datasets_dir: Path | None = None, names: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Dataset folders (those with a dataset.yaml), all or the ``names`` asked for."""
    root = Path(datasets_dir or DATASETS_DIR)
    if names:
        missing = [n for n in names if not (root / n / "dataset.yaml").exists()]
        if missing:
            raise DefinitionError(
                str(root),
                None,
                f"no dataset folder(s) {missing}; available: "
                f"{', '.join(p.parent.name for p in sorted(root.glob('*/dataset.yaml')))}",
            )
        return [root / n for n in names]
    return sorted(p.parent for p in root.glob("*/dataset.yaml"))
