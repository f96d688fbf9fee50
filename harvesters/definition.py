"""Load and check a dataset definition folder (``datasets/<name>/dataset.yaml``).

The keys and their rules come from the scheming schema and the FOI topic vocabulary through
the pydantic model :func:`harvesters.models.definition_model`. The definitions folder is
found from configuration (:func:`datasets_dir`), never from where this file sits.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ckanext.nlc import dataset_schema, vocab
from pydantic import ValidationError

from harvesters.errors import DefinitionError
from harvesters.models import DefinitionBase, OrganisationList, definition_model, error_lines

DATASETS_DIR_ENV = "NLC_DATASETS_DIR"
DATASETS_DIR_OPTION = "ckanext.nlc.datasets_dir"


def datasets_dir(explicit: str | Path | None = None) -> Path:
    """The folder of dataset definitions.

    ``explicit`` (``--datasets-dir``), else ``$NLC_DATASETS_DIR``, else the loaded CKAN
    config's ``ckanext.nlc.datasets_dir``, else ``./datasets`` (a checkout's working folder).
    :func:`discover` says which of these to set when the folder does not exist.
    """
    if explicit:
        return Path(explicit)
    if os.environ.get(DATASETS_DIR_ENV):
        return Path(os.environ[DATASETS_DIR_ENV])
    if "ckan.common" in sys.modules:  # inside CKAN (the plugin, tests): the ini's setting
        configured = sys.modules["ckan.common"].config.get(DATASETS_DIR_OPTION)
        if configured:
            return Path(configured)
    return Path.cwd() / "datasets"


def __getattr__(name: str) -> Any:
    """``DATASETS_DIR``: :func:`datasets_dir` resolved when it is read."""
    if name == "DATASETS_DIR":
        return datasets_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


REQUIRED = (*dataset_schema.required_keys(), "resources")
PACKAGE_KEYS = dataset_schema.definition_keys()


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


def read_definition(path: Path) -> dict[str, Any]:
    """The YAML mapping of one ``dataset.yaml``, unchecked; errors name the file."""
    origin = str(path)
    if not path.exists():
        raise DefinitionError(origin, None, "no dataset.yaml in the dataset folder")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise DefinitionError(origin, None, f"not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise DefinitionError(origin, None, "must be a YAML mapping")
    return data


def check_definition(data: dict[str, Any], origin: str) -> DefinitionBase:
    """``data`` checked against the definition model; the first problem's key names the error."""
    try:
        return definition_model(tuple(vocab.foi_topics())).model_validate(data)
    except ValidationError as e:
        lines = error_lines(e)
        key, message = lines[0]
        also = "; ".join(f"{k}: {m}" for k, m in lines[1:])
        raise DefinitionError(origin, key or None, message + (f" (also {also})" if also else "")) from None


def _resource(res: Any, default_source: Any, folder: Path, origin: str, key: str) -> ResourceDef:
    source = res.source or default_source
    if source is None:
        raise DefinitionError(
            origin, f"{key}.source", "needs a source block with a `type` (here or at the top level)"
        )
    schema_path = folder / res.schema_file
    transform = res.transform
    if isinstance(transform, str):
        from harvesters.layouts import load_layout

        transform = load_layout(transform)
    return ResourceDef(
        name=res.name,
        slug=res.slug or _slug(res.name),
        description=res.description.strip(),
        source=source.model_dump(),
        schema=load_schema(schema_path, origin, f"{key}.schema"),
        schema_path=schema_path,
        transform=dict(transform),
        datastore=res.datastore,
        geojson=dict(res.geojson) if res.geojson else None,
    )


def load_definition(folder: str | Path) -> DatasetDef:
    """Read ``folder/dataset.yaml`` and its schemas; raise :class:`DefinitionError` naming file and key."""
    folder = Path(folder)
    path = folder / "dataset.yaml"
    origin = str(path)
    model = check_definition(read_definition(path), origin)
    name = model.name  # type: ignore[attr-defined]  # a schema field
    if name != folder.name:
        raise DefinitionError(origin, "name", f"{name!r} must equal the folder name {folder.name!r}")
    resources = [
        _resource(res, model.source, folder, origin, f"resources[{i}]")
        for i, res in enumerate(model.resources)
    ]
    slugs = [r.slug for r in resources]
    if len(set(slugs)) != len(slugs):
        raise DefinitionError(origin, "resources", "resource names must be distinct")
    meta = {k: getattr(model, k) for k in PACKAGE_KEYS if getattr(model, k) not in (None, "")}
    meta["foi_topics"] = list(meta.get("foi_topics") or [])
    for k in ("temporal_start", "temporal_end"):
        if k in meta:
            meta[k] = str(meta[k])
    return DatasetDef(
        name=name,
        folder=folder,
        meta=meta,
        resources=resources,
        groups=list(model.groups),
        tags=list(model.tags),
        allow={a.field: a.reason for a in model.allow},
        sample=model.sample,
        publish=model.publish.model_dump(exclude_none=True) if model.publish else {},
    )


def discover(datasets_dir: Path | None = None, names: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """Dataset folders (those with a dataset.yaml), all or the ``names`` asked for."""
    root = _root(datasets_dir)
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


def _root(explicit: Path | None) -> Path:
    root = datasets_dir(explicit)
    if not root.is_dir():
        raise DefinitionError(
            str(root),
            None,
            f"no dataset definitions folder here: give --datasets-dir, set ${DATASETS_DIR_ENV} "
            f"or {DATASETS_DIR_OPTION} in the CKAN config",
        )
    return root


def topic_datasets(datasets_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """FOI topic id -> the datasets whose definition lists it in ``foi_topics`` (name order).

    The one record of which dataset answers which topic; the publication plan reads it here.
    """
    links: dict[str, list[str]] = {}
    for folder in discover(datasets_dir):
        path = folder / "dataset.yaml"
        for topic in _topics_of(str(path), path.stat().st_mtime_ns):
            links.setdefault(topic, []).append(folder.name)
    return {topic: tuple(names) for topic, names in links.items()}


@functools.lru_cache(maxsize=1024)
def _topics_of(path: str, mtime_ns: int) -> tuple[str, ...]:
    """A definition's ``foi_topics`` (read again when the file changes)."""
    return tuple(str(t) for t in read_definition(Path(path)).get("foi_topics") or [])


def organisations(datasets_dir: Path | None = None) -> dict[str, str]:
    """Organisation (service) name -> title, from ``organizations.yaml`` (model :class:`Organisation`)."""
    path = _root(datasets_dir) / "organizations.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        orgs = OrganisationList.validate_python(data)
    except (OSError, yaml.YAMLError) as e:
        raise DefinitionError(str(path), None, f"cannot read organisations: {e}") from e
    except ValidationError as e:
        key, message = error_lines(e)[0]
        raise DefinitionError(str(path), key or None, message) from None
    return {o.name: o.title for o in orgs}
