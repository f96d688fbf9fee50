"""Publish one dataset idempotently and crash-consistently through the CKAN action API.

* A resource is "unchanged", and not touched, only when its metadata, its ``hash``
  (``sha256:...``), the file CKAN holds and (for DataStore resources) the hash and row
  count the loader recorded for what it loaded all agree with the new version; when
  nothing changed no write call is made at all.
* On a CKAN with ckanext-nlc each resource is written with ``nlc_resource_publish``: the
  new DataStore table is built aside and swapped in right after the file, so the public
  sees the old file and table or the new ones. A resource whose file is new but whose
  table is not (a crash between the two) is reloaded with ``nlc_datastore_load``.
* A new dataset is created private and made public only when every resource is in place.
  Resources the definition no longer declares (and duplicates left by a lost answer)
  are removed. A non-transient failure during an update puts back the previous files and
  metadata; a failed first publication is purged.
* When CKAN stops answering, the publisher waits for it and starts the dataset again from
  what the server then holds (a write whose answer was lost is never repeated blindly);
  if CKAN stays away the run fails and the next run converges.
* A new version that loses more than ``max_row_loss`` of the published rows, or a column
  the published version has, is refused unless allowed.
* After any change, ``nlc_repair`` (where offered) re-indexes the dataset from the
  database and removes uploaded files no resource owns (left by a crash mid-upload).
* Organisations and groups named by the definition are created from
  ``datasets/organizations.yaml`` and ``datasets/groups.yaml`` when missing.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ckanext.nlc import dataset_schema

from harvesters.ckan_client import Ckan, NotFound
from harvesters.datastore_load import datastore_fields
from harvesters.definition import DATASETS_DIR, DatasetDef
from harvesters.errors import (
    CkanUnreachable,
    DataStoreLoadError,
    HarvestBusy,
    HarvestError,
    PublishError,
    ShrinkageRefused,
)

log = logging.getLogger(__name__)

COMPARED = dataset_schema.compared_keys()  # the schema's fields the harvester sets and compares
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
    empty: list[str] = field(default_factory=list)  # columns with no value in any row


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


@dataclass
class ShrinkPolicy:
    """How much smaller a new version may be than the published one."""

    max_row_loss: float = 0.5  # refuse a version with fewer than (1 - this) x the published rows
    allow_empty: bool = False
    allow_dropped_columns: bool = False


@dataclass
class Published:
    """A resource as CKAN holds it, with what its file store and DataStore hold."""

    resource: dict[str, Any]
    file_hash: str | None = None  # sha256 of the stored file (None: missing or unknown)
    loaded_hash: str | None = None  # what the DataStore table was loaded from
    rows: int | None = None
    known: bool = False  # the server told us (nlc_datastore_status)


class Publisher:
    """Publish dataset definitions to one CKAN."""

    def __init__(
        self,
        ckan: Ckan,
        *,
        datasets_dir: Path | None = None,
        shrink: ShrinkPolicy | None = None,
        recover_wait: float = 60,
        attempts: int = 3,
        lock_dir: Path | None = None,
        lock_wait: float = 300,
    ) -> None:
        self.ckan = ckan
        root = Path(datasets_dir or DATASETS_DIR)
        self.orgs = _load_yaml_list(root / "organizations.yaml")
        self.groups = _load_yaml_list(root / "groups.yaml")
        self.shrink = shrink  # overrides every definition's `publish:` policy (--allow-shrink)
        self.recover_wait, self.attempts = recover_wait, attempts
        self.lock_dir = Path(lock_dir or Path(tempfile.gettempdir()) / "nlc-harvest-locks")
        self.lock_wait = lock_wait
        self._ensured: set[tuple[str, str]] = set()

    # -- server capabilities --------------------------------------------------------------
    @property
    def atomic(self) -> bool:
        """The server writes a resource's file and DataStore table in one call."""
        return self.ckan.has_action("nlc_resource_publish")

    def loads_inline(self, f: PublishedFile) -> bool:
        """``f``'s DataStore table is loaded by the publish call itself."""
        return bool(f.datastore and f.schema is not None and self.atomic)

    def direct_load(self, f: PublishedFile) -> bool:
        """Load ``f`` into the DataStore with the server's ``nlc_datastore_load`` (else xloader)."""
        return bool(f.datastore and f.schema is not None and self.ckan.has_action("nlc_datastore_load"))

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
                # a list, not tag_string: package_patch keeps the current tags beside a tag_string
                "tags": [{"name": t} for t in defn.tags],
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
        want_tags = sorted(t["name"] for t in desired.get("tags", []))
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

    # -- what the server holds ------------------------------------------------------------
    def published(self, resource: dict[str, Any]) -> Published:
        """The resource with what its file store and DataStore hold, as far as the server says."""
        if self.ckan.has_action("nlc_datastore_status"):
            st = self.ckan.call("nlc_datastore_status", resource_id=resource["id"])
            return Published(resource, st.get("file_hash"), st.get("loaded_hash"), st.get("rows"), known=True)
        missing = self.ckan.file_missing(resource)
        return Published(resource, None if missing else resource.get("hash"))

    def needs_upload(self, f: PublishedFile, current: Published | None) -> bool:
        """A resource is re-uploaded when it is new, changed, or its stored file is missing or
        not the version its metadata names."""
        if current is None or self.resource_changed(f, current.resource) or current.file_hash is None:
            return True
        if current.known and f.format.upper() != "GPKG":  # a GeoPackage's hash is of its content
            return current.file_hash != f.hash  # the file's sha256, computed when it was written
        return False

    def needs_load(self, f: PublishedFile, current: Published) -> bool:
        """The file is in place but the DataStore does not hold exactly it."""
        if not (f.datastore and f.schema is not None and current.known):
            return False
        return current.loaded_hash != f.hash or current.rows != f.rows

    @staticmethod
    def resource_changed(f: PublishedFile, current: dict[str, Any]) -> bool:
        if current.get("hash") != f.hash or (current.get("format") or "").upper() != f.format.upper():
            return True
        if (current.get("description") or "") != f.description:
            return True
        if f.schema is not None:
            return _loaded(current.get("schema")) != f.schema
        return False

    def check_shrinkage(
        self, defn: DatasetDef, files: list[PublishedFile], state: dict[str, Published]
    ) -> None:
        """Refuse a version much smaller than the published one (rows or columns)."""
        policy = self.shrink or ShrinkPolicy(**getattr(defn, "publish", {}))
        for f in files:
            old = state.get(f.name)
            if f.rows == 0 and not policy.allow_empty:
                raise ShrinkageRefused(
                    f"{defn.name}/{f.name}: the source yielded no rows; the published version is kept "
                    "(set `publish: {allow_empty: true}` in dataset.yaml or use --allow-shrink)"
                )
            if old is None:
                continue
            had = old.rows if old.rows is not None else _datastore_total(self.ckan, old.resource)
            if (
                had
                and f.rows is not None
                and not (f.rows == 0 and policy.allow_empty)
                and f.rows < had * (1 - policy.max_row_loss)
                and policy.max_row_loss < 1
            ):
                raise ShrinkageRefused(
                    f"{defn.name}/{f.name}: {f.rows} rows where {had} are published (more than "
                    f"{policy.max_row_loss:.0%} fewer); the published version is kept "
                    "(raise `publish: {max_row_loss: ...}` in dataset.yaml or use --allow-shrink)"
                )
            lost = [c for c in f.empty if _has_values(self.ckan, old.resource, c)]
            if lost and not policy.allow_dropped_columns:
                raise ShrinkageRefused(
                    f"{defn.name}/{f.name}: column(s) {', '.join(lost)} are empty in every row but hold "
                    "values in the published version (did the export lose them?); the published "
                    "version is kept (set `publish: {allow_dropped_columns: true}` or use --allow-shrink)"
                )
            before = _schema_of(old.resource)
            if before and f.schema and not policy.allow_dropped_columns:
                gone = [
                    c["name"]
                    for c in before["fields"]
                    if c["name"] not in {x["name"] for x in f.schema["fields"]}
                ]
                if gone:
                    raise ShrinkageRefused(
                        f"{defn.name}/{f.name}: column(s) {', '.join(gone)} of the published version are "
                        "missing; the published version is kept "
                        "(set `publish: {allow_dropped_columns: true}` or use --allow-shrink)"
                    )

    # -- publishing ---------------------------------------------------------------------
    def publish(
        self,
        defn: DatasetDef,
        files: list[PublishedFile],
        package: dict[str, Any],
        after_upload: AfterUpload | None = None,
        *,
        dry_run: bool = False,
    ) -> PublishOutcome:
        """Make CKAN hold exactly ``files`` with ``package`` metadata for ``defn``."""
        if dry_run:
            current = self.ckan.show("package_show", id=defn.name)
            return self._plan(files, package, current, self._state(current), PublishOutcome())
        with self.lock(defn.name):
            interrupted = ""
            for attempt in range(1, self.attempts + 1):
                try:
                    outcome = self._publish_once(defn, files, package, after_upload)
                    if interrupted:  # what the lost answer's call did counts as this run's change
                        outcome.changes.append(f"resumed from CKAN's state after: {interrupted}")
                    return outcome
                except CkanUnreachable as e:
                    interrupted = str(e)
                    if attempt == self.attempts or not self._wait_for_ckan():
                        raise
                    log.warning("%s: %s; CKAN answers again, starting again from its state", defn.name, e)
        raise AssertionError("unreachable")

    def _publish_once(
        self,
        defn: DatasetDef,
        files: list[PublishedFile],
        package: dict[str, Any],
        after_upload: AfterUpload | None,
    ) -> PublishOutcome:
        outcome = PublishOutcome()
        current = self.ckan.show("package_show", id=defn.name)
        state = self._state(current)
        self.check_shrinkage(defn, files, state)
        self.ensure_owner("organization", package["owner_org"])
        for g in package.get("groups", []):
            self.ensure_owner("group", g["name"])
        if current is None:
            outcome = self._create(defn, files, package, after_upload, outcome)
        else:
            outcome = self._update(defn, files, package, current, state, after_upload, outcome)
        self._repair(defn.name, current, outcome)
        return outcome

    def _state(self, current: dict[str, Any] | None) -> dict[str, Published]:
        if current is None:
            return {}
        out: dict[str, Published] = {}
        for r in current.get("resources", []):
            out.setdefault(r.get("name"), self.published(r))  # the first of duplicates counts
        return out

    def _wait_for_ckan(self) -> bool:
        deadline = time.monotonic() + self.recover_wait
        while time.monotonic() < deadline:
            try:
                self.ckan.call("status_show")
                return True
            except CkanUnreachable:
                time.sleep(1)
        return False

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold the lock of dataset ``name`` on this CKAN: a second harvest waits for the first."""
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        key = hashlib.sha256(self.ckan.address.encode()).hexdigest()[:12]
        path = self.lock_dir / f"{key}-{name}.lock"
        with path.open("a+") as fh:
            deadline = time.monotonic() + self.lock_wait
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        fh.seek(0)
                        holder = fh.read().strip() or f"lock {path}"
                        raise HarvestBusy(
                            f"{name}: another harvest of this dataset into {self.ckan.address or 'this CKAN'}"
                            f" is running ({holder}); waited {self.lock_wait:g} s"
                        ) from None
                    time.sleep(0.2)
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} since {dt.datetime.now().isoformat(timespec='seconds')}")
            fh.flush()
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _plan(
        self,
        files: list[PublishedFile],
        package: dict[str, Any],
        current: dict[str, Any] | None,
        state: dict[str, Published],
        outcome: PublishOutcome,
    ) -> PublishOutcome:
        if current is None:
            outcome.created = True
            outcome.changes = ["would create dataset"] + [f"would upload {f.name}" for f in files]
            return outcome
        outcome.package_id = current["id"]
        for f in files:
            old = state.get(f.name)
            if self.needs_upload(f, old):
                outcome.changes.append(f"would update {f.name}")
            elif old is not None and self.needs_load(f, old):
                outcome.changes.append(f"would reload the DataStore table of {f.name}")
            else:
                outcome.unchanged.append(f.name)
        meta = self.metadata_changes(package, current)
        if meta:
            outcome.changes.append(f"would update metadata: {', '.join(meta)}")
        return outcome

    def _put(
        self,
        f: PublishedFile,
        after_upload: AfterUpload | None,
        *,
        resource_id: str = "",
        package_id: str = "",
    ) -> dict[str, Any]:
        """Write one resource (file, and DataStore table where the server loads inline)."""
        target = {"id": resource_id} if resource_id else {"package_id": package_id}
        inline = self.loads_inline(f)
        action = (
            "nlc_resource_publish"
            if self.atomic
            else ("resource_update" if resource_id else "resource_create")
        )
        extra: dict[str, Any] = {}
        if inline:
            extra["fields"] = json.dumps(datastore_fields(f.schema or {}))
        with f.path.open("rb") as fh:
            res = self.ckan.call(
                action,
                files={"upload": (f.path.name, fh)},
                **target,
                **extra,
                **self.resource_fields(f),
                url=f.path.name,
                url_type="upload",
            )
        if inline and f.rows is not None and int(res.get("rows", -1)) != f.rows:
            raise DataStoreLoadError(
                f"resource {res.get('id')}: DataStore holds {res.get('rows')} rows but the CSV has {f.rows}"
            )
        if after_upload:
            after_upload(res, f)
        return res

    def _reload(self, f: PublishedFile, resource: dict[str, Any]) -> None:
        out = self.ckan.call(
            "nlc_datastore_load",
            resource_id=resource["id"],
            fields=datastore_fields(f.schema or {}),
            expected_hash=f.hash,
        )
        if f.rows is not None and int(out.get("rows", -1)) != f.rows:
            raise DataStoreLoadError(
                f"resource {resource['id']}: DataStore holds {out.get('rows')} rows but the CSV has {f.rows}"
            )

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
                self._put(f, after_upload, package_id=pkg["id"])
                outcome.changes.append(f"created resource {f.name}")
            self.ckan.call("package_patch", id=pkg["id"], private=False)
        except CkanUnreachable:
            raise  # the dataset stays private: nothing half-published is visible
        except Exception as e:  # noqa: BLE001 - any failure: purge the half-made dataset
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
        state: dict[str, Published],
        after_upload: AfterUpload | None,
        outcome: PublishOutcome,
    ) -> PublishOutcome:
        outcome.package_id = current["id"]
        todo, reload, extra = self._plan_update(files, current, state, outcome)
        meta_changes = self.metadata_changes(package, current)
        if not (todo or reload or extra or meta_changes or current.get("private")):
            return outcome
        undo: list[tuple[dict[str, Any], bytes | None] | str] = []
        try:
            for f, old in reload:
                self._reload(f, old.resource)
                outcome.changes.append(f"reloaded the DataStore table of {f.name} (it did not hold the file)")
            for f, old in todo:
                if old is None:
                    res = self._put(f, after_upload, package_id=current["id"])
                    undo.append(res["id"])
                    outcome.changes.append(f"created resource {f.name}")
                    continue
                r = old.resource
                backup = self.ckan.download(r.get("url", "")) if r.get("url_type") == "upload" else None
                undo.append((r, backup))
                self._put(f, after_upload, resource_id=r["id"])
                outcome.changes.append(
                    f"updated resource {f.name} ({r.get('hash') or 'no hash'} -> {f.hash})"
                    if self.resource_changed(f, r)
                    else f"re-uploaded resource {f.name} (the stored file was missing or not this version)"
                )
            for r in extra:
                self._delete_resource(r)
                outcome.changes.append(f"removed resource {r.get('name')} (no longer declared)")
            if meta_changes or todo or current.get("private"):
                patch = {k: v for k, v in package.items() if k != "name"}
                self.ckan.call("package_patch", id=current["id"], private=False, **patch)
                if meta_changes:
                    outcome.changes.append(f"updated metadata: {', '.join(meta_changes)}")
                if current.get("private"):
                    outcome.changes.append("made public (completing an interrupted publication)")
        except CkanUnreachable:
            raise
        except Exception as e:  # noqa: BLE001 - any failure: put the previous version back
            self._restore(current, undo)
            raise e if isinstance(e, HarvestError) else PublishError(f"{defn.name}: {e}") from e
        return outcome

    def _plan_update(
        self,
        files: list[PublishedFile],
        current: dict[str, Any],
        state: dict[str, Published],
        outcome: PublishOutcome,
    ) -> tuple[
        list[tuple[PublishedFile, Published | None]], list[tuple[PublishedFile, Published]], list[dict]
    ]:
        """What an update does: files to upload, tables to reload, resources to remove
        (undeclared ones, and duplicates of a name: a lost answer's copy)."""
        wanted = {f.name for f in files}
        seen: set[str] = set()
        extra = []
        for r in current.get("resources", []):
            if r.get("name") not in wanted or r.get("name") in seen:
                extra.append(r)
            seen.add(r.get("name"))
        todo, reload = [], []
        for f in files:
            old = state.get(f.name)
            if self.needs_upload(f, old):
                todo.append((f, old))
            elif old is not None and self.needs_load(f, old):
                reload.append((f, old))
            else:
                outcome.unchanged.append(f.name)
        return todo, reload, extra

    def _delete_resource(self, resource: dict[str, Any]) -> None:
        if resource.get("datastore_active"):
            try:
                self.ckan.call("datastore_delete", resource_id=resource["id"], force=True)
            except NotFound:
                pass
        self.ckan.call("resource_delete", id=resource["id"])

    def _repair(self, name: str, current: dict[str, Any] | None, outcome: PublishOutcome) -> None:
        """Re-index the dataset and remove orphan uploads after a change, or when the search
        index disagrees with the database."""
        if not self.ckan.has_action("nlc_repair"):
            return
        if not outcome.changes and self._index_agrees(name, current):
            return
        done = self.ckan.call("nlc_repair", id=name)
        if done.get("files_removed") or done.get("index_removed"):
            self.ckan.writes.append("nlc_repair")
            outcome.changes.append(
                f"repaired: {done.get('files_removed', 0)} orphan file(s) removed, "
                f"{len(done.get('index_removed') or [])} stale search entr(ies) removed"
            )

    def _index_agrees(self, name: str, pkg: dict[str, Any] | None) -> bool:
        """The search index lists dataset ``pkg`` (as the database holds it; nothing changed
        since it was read) with its resources and modification time."""
        found = self.ckan.call("package_search", fq=f'name:"{name}"', include_private=True, rows=2)
        hits = found.get("results", [])
        if pkg is None:
            return not hits
        if len(hits) != 1:
            return False
        hit = hits[0]
        return hit.get("metadata_modified") == pkg.get("metadata_modified") and sorted(
            r["id"] for r in hit.get("resources", [])
        ) == sorted(r["id"] for r in pkg.get("resources", []))

    def purge(self, package_id: str) -> None:
        """Purge a dataset, if it exists, with its resources' DataStore tables (``dataset_purge``
        leaves those behind) and, where the server offers ``nlc_repair``, its uploaded files."""
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
        if self.ckan.has_action("nlc_repair"):
            self.ckan.call(
                "nlc_repair",
                id=pkg["name"],
                grace_seconds=0,
                resource_ids=[r["id"] for r in pkg.get("resources", [])],
            )

    def _restore(self, previous: dict[str, Any], undo: list[Any]) -> None:
        """Put back each changed resource and the dataset metadata as they were."""
        for item in reversed(undo):
            try:
                if isinstance(item, str):
                    self.ckan.call("resource_delete", id=item)
                    continue
                old, backup = item
                self._restore_resource(old, backup)
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

    def _restore_resource(self, old: dict[str, Any], backup: bytes | None) -> None:
        fields = {k: old.get(k) for k in RESOURCE_KEYS if old.get(k) is not None}
        if isinstance(fields.get("schema"), dict):
            fields["schema"] = json.dumps(fields["schema"], sort_keys=True)
        if backup is None:
            self.ckan.call("resource_patch", id=old["id"], **fields)
            return
        name = old.get("url", "data").rsplit("/", 1)[-1]
        schema = _schema_of(old)
        reload = (
            schema is not None and old.get("datastore_active") and self.ckan.has_action("nlc_datastore_load")
        )
        extra: dict[str, Any] = {}
        action = "resource_update"
        if reload:
            fields["datastore_loader"] = "nlc"
            if self.atomic:
                action, extra = "nlc_resource_publish", {"fields": json.dumps(datastore_fields(schema))}
        self.ckan.call(
            action,
            files={"upload": (name, io.BytesIO(backup))},
            id=old["id"],
            url=name,
            url_type="upload",
            **fields,
            **extra,
        )
        if reload and not self.atomic:  # the DataStore may already hold the failed version's rows
            self.ckan.call("nlc_datastore_load", resource_id=old["id"], fields=datastore_fields(schema))


def _has_values(ckan: Ckan, resource: dict[str, Any], column: str) -> bool:
    """Whether the published DataStore table holds a non-empty value in ``column``."""
    if not resource.get("datastore_active"):
        return False
    try:
        found = ckan.call(
            "datastore_search", resource_id=resource["id"], fields=[column], distinct=True, limit=3
        )
    except (NotFound, PublishError):
        return False
    return any(r.get(column) not in (None, "") for r in found.get("records", []))


def _datastore_total(ckan: Ckan, resource: dict[str, Any]) -> int | None:
    if not resource.get("datastore_active"):
        return None
    try:
        return int(ckan.call("datastore_search", resource_id=resource["id"], limit=0).get("total", 0))
    except (NotFound, PublishError):
        return None


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
