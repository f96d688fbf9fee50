"""Publish one dataset idempotently through the CKAN action API.

* A resource whose file hash (``sha256:...`` in ``hash``) and metadata are unchanged is
  not touched; when nothing changed no write call is made at all.
* A new dataset is created private, its resources uploaded (and loaded into the
  DataStore), and only then made public. If a step fails while CKAN still answers the
  half-made dataset is purged; if CKAN stops answering it stays private (never public)
  and the next run completes it.
* An existing dataset is updated resource by resource; the previous file and metadata of
  each resource are kept, and if a later step fails while CKAN answers every updated
  resource and the dataset metadata are put back as they were.
* Organisations and groups named by the definition are created from
  ``datasets/organizations.yaml`` and ``datasets/groups.yaml`` when missing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harvesters.ckan_client import Ckan, NotFound
from harvesters.datastore_load import datastore_fields
from harvesters.definition import DATASETS_DIR, DatasetDef
from harvesters.errors import CkanUnreachable, HarvestError, PublishError

log = logging.getLogger(__name__)

COMPARED = (
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
    "spatial",
    "personal_data_screen",
)
RESOURCE_KEYS = ("name", "description", "format", "hash", "schema")


@dataclass
class PublishedFile:
    """One file to publish as a resource."""

    name: str
    path: Path
    format: str
    description: str = ""
    schema: dict[str, Any] | None = None
    datastore: bool = False
    rows: int | None = None
    hash: str = ""


@dataclass
class PublishOutcome:
    package_id: str = ""
    created: bool = False
    changes: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


AfterUpload = Callable[[dict[str, Any], PublishedFile], None]


def _load_yaml_list(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {str(d["name"]): d for d in data}


class Publisher:
    """Publish dataset definitions to one CKAN."""

    def __init__(self, ckan: Ckan, *, datasets_dir: Path | None = None) -> None:
        self.ckan = ckan
        root = Path(datasets_dir or DATASETS_DIR)
        self.orgs = _load_yaml_list(root / "organizations.yaml")
        self.groups = _load_yaml_list(root / "groups.yaml")
        self._ensured: set[tuple[str, str]] = set()

    # -- organisations and groups ---------------------------------------------------------
    def ensure_owner(self, kind: str, name: str) -> None:
        """Create the organisation or group ``name`` if CKAN does not have it."""
        if (kind, name) in self._ensured:
            return
        if self.ckan.show(f"{kind}_show", id=name) is None:
            known = self.orgs if kind == "organization" else self.groups
            if name not in known:
                where = "organizations.yaml" if kind == "organization" else "groups.yaml"
                raise PublishError(
                    f"{kind} {name!r} does not exist in CKAN and is not defined in datasets/{where}"
                )
            spec = {
                k: v for k, v in known[name].items() if k in ("name", "title", "description", "image_url")
            }
            self.ckan.call(f"{kind}_create", **spec)
        self._ensured.add((kind, name))

    # -- package dict ---------------------------------------------------------------------
    def package_fields(
        self, defn: DatasetDef, *, spatial: str | None, screen: str, today: str
    ) -> dict[str, Any]:
        meta = dict(defn.meta)
        meta.update(
            {
                "name": defn.name,
                "last_updated": today,
                "personal_data_screen": screen,
                "personal_data_screen_date": today,
                "groups": [{"name": g} for g in defn.groups],
                "tag_string": ",".join(defn.tags),
            }
        )
        if spatial:
            meta["spatial"] = spatial
        return meta

    @staticmethod
    def metadata_changes(desired: dict[str, Any], current: dict[str, Any]) -> list[str]:
        changed = []
        for k in COMPARED:
            if k not in desired:
                continue
            want, have = desired[k], current.get(k)
            if k == "owner_org":
                org = current.get("organization") or {}
                if want not in (have, org.get("name")):
                    changed.append(k)
                continue
            if k == "spatial":
                try:
                    same = json.loads(want) == json.loads(have or "null")
                except ValueError:
                    same = False
                if not same:
                    changed.append(k)
                continue
            if isinstance(want, list):
                have_list = have if isinstance(have, list) else ([] if have in (None, "") else [have])
                if sorted(map(str, want)) != sorted(map(str, have_list)):
                    changed.append(k)
            elif str(want) != str(have if have is not None else ""):
                changed.append(k)
        if sorted(g["name"] for g in desired.get("groups", [])) != sorted(
            g["name"] for g in current.get("groups", [])
        ):
            changed.append("groups")
        want_tags = sorted(t for t in desired.get("tag_string", "").split(",") if t)
        if want_tags != sorted(t["name"] for t in current.get("tags", [])):
            changed.append("tags")
        return changed

    def resource_fields(self, f: PublishedFile) -> dict[str, Any]:
        data = {"name": f.name, "description": f.description, "format": f.format, "hash": f.hash}
        if f.schema is not None:
            data["schema"] = json.dumps(f.schema, sort_keys=True)
        if self.direct_load(f):
            data["datastore_loader"] = "nlc"  # xloader leaves it to nlc_datastore_load
        return data

    def direct_load(self, f: PublishedFile) -> bool:
        """Load ``f`` into the DataStore with the server's ``nlc_datastore_load`` (else xloader)."""
        return bool(f.datastore and f.schema is not None and self.ckan.has_action("nlc_datastore_load"))

    def needs_upload(self, f: PublishedFile, current: dict[str, Any] | None) -> bool:
        """A resource is re-uploaded when it is new, changed, or its file is missing from CKAN."""
        return current is None or self.resource_changed(f, current) or self.ckan.file_missing(current)

    @staticmethod
    def resource_changed(f: PublishedFile, current: dict[str, Any]) -> bool:
        if current.get("hash") != f.hash or (current.get("format") or "").upper() != f.format.upper():
            return True
        if (current.get("description") or "") != f.description:
            return True
        if f.schema is not None:
            return _loaded(current.get("schema")) != f.schema
        return False

    # -- publishing ---------------------------------------------------------------------
    def _upload(self, action: str, f: PublishedFile, **extra: Any) -> dict[str, Any]:
        with f.path.open("rb") as fh:
            return self.ckan.call(
                action,
                files={"upload": (f.path.name, fh)},
                **extra,
                **self.resource_fields(f),
                url=f.path.name,
                url_type="upload",
            )

    def publish(
        self,
        defn: DatasetDef,
        files: list[PublishedFile],
        package: dict[str, Any],
        after_upload: AfterUpload | None = None,
        *,
        dry_run: bool = False,
    ) -> PublishOutcome:
        """Create or update the dataset so CKAN holds exactly ``files`` with ``package`` metadata."""
        outcome = PublishOutcome()
        current = self.ckan.show("package_show", id=defn.name)
        if dry_run:
            return self._plan(defn, files, package, current, outcome)
        self.ensure_owner("organization", package["owner_org"])
        for g in package.get("groups", []):
            self.ensure_owner("group", g["name"])
        if current is None:
            return self._create(defn, files, package, after_upload, outcome)
        return self._update(defn, files, package, current, after_upload, outcome)

    def _plan(
        self,
        defn: DatasetDef,
        files: list[PublishedFile],
        package: dict[str, Any],
        current: dict[str, Any] | None,
        outcome: PublishOutcome,
    ) -> PublishOutcome:
        if current is None:
            outcome.created = True
            outcome.changes = ["would create dataset"] + [f"would upload {f.name}" for f in files]
            return outcome
        outcome.package_id = current["id"]
        by_name = {r.get("name"): r for r in current.get("resources", [])}
        for f in files:
            r = by_name.get(f.name)
            if self.needs_upload(f, r):
                outcome.changes.append(f"would update {f.name}")
            else:
                outcome.unchanged.append(f.name)
        meta = self.metadata_changes(package, current)
        if meta:
            outcome.changes.append(f"would update metadata: {', '.join(meta)}")
        return outcome

    def _create(
        self,
        defn: DatasetDef,
        files: list[PublishedFile],
        package: dict[str, Any],
        after_upload: AfterUpload | None,
        outcome: PublishOutcome,
    ) -> PublishOutcome:
        pkg = self.ckan.call("package_create", **{**package, "private": True})
        outcome.package_id, outcome.created = pkg["id"], True
        try:
            for f in files:
                res = self._upload("resource_create", f, package_id=pkg["id"])
                if after_upload:
                    after_upload(res, f)
                outcome.changes.append(f"created resource {f.name}")
            self.ckan.call("package_patch", id=pkg["id"], private=False)
        except CkanUnreachable:
            raise  # the dataset stays private: nothing half-published is visible
        except (HarvestError, Exception) as e:
            try:
                self.purge(pkg["id"])
            except HarvestError as cleanup:
                log.warning("could not purge half-created dataset %s: %s", defn.name, cleanup)
            raise e if isinstance(e, HarvestError) else PublishError(f"{defn.name}: {e}") from e
        outcome.changes.insert(0, "created dataset")
        return outcome

    def _update(
        self,
        defn: DatasetDef,
        files: list[PublishedFile],
        package: dict[str, Any],
        current: dict[str, Any],
        after_upload: AfterUpload | None,
        outcome: PublishOutcome,
    ) -> PublishOutcome:
        outcome.package_id = current["id"]
        by_name = {r.get("name"): r for r in current.get("resources", [])}
        todo = []
        for f in files:
            r = by_name.get(f.name)
            if not self.needs_upload(f, r):
                outcome.unchanged.append(f.name)
            else:
                todo.append((f, r))
        meta_changes = self.metadata_changes(package, current)
        if not todo and not meta_changes and not current.get("private"):
            return outcome
        undo: list[tuple[dict[str, Any], bytes | None] | str] = []
        try:
            for f, old in todo:
                if old is None:
                    res = self._upload("resource_create", f, package_id=current["id"])
                    undo.append(res["id"])
                    outcome.changes.append(f"created resource {f.name}")
                else:
                    backup = (
                        self.ckan.download(old.get("url", "")) if old.get("url_type") == "upload" else None
                    )
                    undo.append((old, backup))
                    res = self._upload("resource_update", f, id=old["id"])
                    outcome.changes.append(
                        f"updated resource {f.name} ({old.get('hash') or 'no hash'} -> {f.hash})"
                        if self.resource_changed(f, old)
                        else f"re-uploaded resource {f.name} (its file was missing from CKAN)"
                    )
                if after_upload:
                    after_upload(res, f)
            if meta_changes or todo or current.get("private"):
                patch = {k: v for k, v in package.items() if k != "name"}
                self.ckan.call("package_patch", id=current["id"], private=False, **patch)
                if meta_changes:
                    outcome.changes.append(f"updated metadata: {', '.join(meta_changes)}")
        except CkanUnreachable:
            raise
        except Exception as e:
            self._restore(current, undo)
            raise e if isinstance(e, HarvestError) else PublishError(f"{defn.name}: {e}") from e
        return outcome

    def purge(self, package_id: str) -> None:
        """Purge a dataset, if it exists, and its resources' DataStore tables (``dataset_purge``
        leaves those behind)."""
        pkg = self.ckan.show("package_show", id=package_id)
        if pkg is None:
            return
        for res in pkg.get("resources", []):
            if res.get("datastore_active"):
                try:
                    self.ckan.call("datastore_delete", resource_id=res["id"], force=True)
                except NotFound:
                    pass
        self.ckan.call("dataset_purge", id=package_id)

    def _restore(self, previous: dict[str, Any], undo: list[Any]) -> None:
        """Put back each changed resource and the dataset metadata as they were."""
        for item in reversed(undo):
            try:
                if isinstance(item, str):
                    self.ckan.call("resource_delete", id=item)
                    continue
                old, backup = item
                fields = {k: old.get(k) for k in RESOURCE_KEYS if old.get(k) is not None}
                if isinstance(fields.get("schema"), dict):
                    fields["schema"] = json.dumps(fields["schema"], sort_keys=True)
                if backup is not None:
                    name = old.get("url", "data").rsplit("/", 1)[-1]
                    schema = _schema_of(old)
                    reload = schema is not None and old.get("datastore_active") and (
                        self.ckan.has_action("nlc_datastore_load")
                    )
                    if reload:
                        fields["datastore_loader"] = "nlc"
                    self.ckan.call(
                        "resource_update",
                        files={"upload": (name, io.BytesIO(backup))},
                        id=old["id"],
                        url=name,
                        url_type="upload",
                        **fields,
                    )
                    if reload:  # the DataStore may already hold the failed version's rows
                        self.ckan.call(
                            "nlc_datastore_load", resource_id=old["id"], fields=datastore_fields(schema)
                        )
                else:
                    self.ckan.call("resource_patch", id=old["id"], **fields)
            except (HarvestError, NotFound) as e:
                log.warning("could not restore resource: %s", e)
        try:
            keep = {k: previous.get(k) for k in COMPARED if k in previous and k != "owner_org"}
            keep.update(
                {k: previous.get(k) for k in ("last_updated", "personal_data_screen_date") if previous.get(k)}
            )
            self.ckan.call("package_patch", id=previous["id"], **keep)
        except HarvestError as e:
            log.warning("could not restore dataset metadata: %s", e)


_UNREADABLE = object()


def _loaded(value: Any) -> Any:
    """A resource's ``schema`` as CKAN returns it (a JSON string, or already parsed)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return _UNREADABLE
    return value


def _schema_of(resource: dict[str, Any]) -> dict[str, Any] | None:
    schema = _loaded(resource.get("schema"))
    return schema if isinstance(schema, dict) and schema.get("fields") else None


def today() -> str:
    return dt.date.today().isoformat()
