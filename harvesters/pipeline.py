"""One dataset end to end: extract -> transform -> validate -> screen -> publish -> DataStore.

:func:`run` harvests several datasets; a failing dataset is recorded in the report and
never stops the others (and, through :mod:`harvesters.publish`, keeps its previously
published version).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harvesters import datastore_load, points, transform
from harvesters.definition import DatasetDef, discover, load_definition
from harvesters.errors import HarvestError, PersonalDataFound
from harvesters.gc_pause import collector_paused
from harvesters.output import content_hash, sha256_file, write_csv
from harvesters.publish import PublishedFile, Publisher
from harvesters.report import DatasetReport, Progress, RunReport
from harvesters.screen import ScreenConfig, metadata_texts, screen_metadata, screen_table
from harvesters.sources import make_source
from harvesters.sources.csv_file import CHUNK_ROWS
from harvesters.validate import validate_csv

log = logging.getLogger(__name__)
FILE_FORMATS = {"GeoJSON": "GeoJSON", "GeoPackage": "GPKG"}


@dataclass
class Prepared:
    """What a dataset will publish, after validation and screening."""

    defn: DatasetDef
    files: list[PublishedFile]
    spatial: str | None
    screen: dict[str, Any]


def prepare(
    defn: DatasetDef,
    work: Path,
    report: DatasetReport,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    screen_cfg: ScreenConfig | None = None,
) -> Prepared:
    """Extract, transform, validate and screen every resource of ``defn``; raise on the first failure."""
    files: list[PublishedFile] = []
    spatial = None
    screens: dict[str, Any] = {"status": "passed", "findings": [], "allowed": dict(defn.allow)}
    texts = metadata_texts(defn.meta, [(r.name, r.description) for r in defn.resources])
    found = screen_metadata(texts, defn.allow, screen_cfg)
    if found:
        raise PersonalDataFound(f"{defn.name}/metadata", found)
    for res in defn.resources:
        t0 = time.perf_counter()
        _step(progress, defn.name, "extract")
        source = make_source(res.source, defn.folder, origin=str(defn.file), work_dir=work / res.slug)
        csv_path = work / f"{defn.name}-{res.slug}.csv"
        whole = bool(res.geojson or (res.transform or {}).get("aggregate"))  # rules that need every row
        chunks = [source.extract()] if whole else source.extract_chunks(CHUNK_ROWS)
        streamed = _Streamed()
        for n, table in enumerate(chunks):
            streamed.rows_in += len(table.rows)
            report.warnings.extend(table.notes)
            t = time.perf_counter()
            origin = f"{defn.file} {res.name}"
            out = transform.apply(table, res.transform, res.schema, today=today, origin=origin)
            del table
            write_csv(out, csv_path, res.schema, append=n > 0)
            if res.geojson:
                points.attach_geojson(out, res.geojson, work / f"{defn.name}-{res.slug}.geojson",
                                      origin=f"{defn.file} {res.name}", schema=res.schema)
            t_screen = time.perf_counter()
            streamed.add(out, screen_table(out, defn.allow, screen_cfg, resource=res.name))
            streamed.screen_s += time.perf_counter() - t_screen
            streamed.transform_s += t_screen - t
        out = streamed.last
        t1 = t0 + (time.perf_counter() - t0) - streamed.transform_s - streamed.screen_s
        t2 = time.perf_counter()
        _step(progress, defn.name, "validate")
        validate_csv(csv_path, res.schema, resource=f"{defn.name}/{res.name}", source_rows=streamed.numbers)
        t3 = time.perf_counter()
        _step(progress, defn.name, "screen")
        if streamed.findings:
            raise PersonalDataFound(f"{defn.name}/{res.name}", streamed.findings)
        for k, v in (
            ("extract", t1 - t0),
            ("transform", streamed.transform_s),
            ("validate", t3 - t2),
            ("screen", streamed.screen_s),
        ):
            report.timings[k] = report.timings.get(k, 0.0) + v
        report.rows_out += streamed.rows_out
        files.append(
            PublishedFile(
                name=res.name,
                path=csv_path,
                format="CSV",
                description=res.description,
                schema=res.schema,
                datastore=res.datastore,
                rows=streamed.rows_out,
                hash=sha256_file(csv_path),
                empty=streamed.empty_columns(),
            )
        )
        for label, path in out.files.items():
            files.append(
                PublishedFile(
                    name=f"{res.name} ({label})",
                    path=Path(path),
                    format=FILE_FORMATS.get(label, label),
                    description=f"{res.name} as {label} (WGS84).",
                    hash=content_hash(Path(path)),
                )
            )
        spatial = spatial or out.spatial
        report.resources.append(
            {
                "name": res.name,
                "source": source.describe(),
                "rows_in": streamed.rows_in,
                "rows_out": streamed.rows_out,
                "hash": files[-1 - len(out.files)].hash,
            }
        )
    return Prepared(defn=defn, files=files, spatial=spatial, screen=screens)


@dataclass
class _Streamed:
    """What the chunks of one resource add up to: rows, source row numbers, the columns with
    a value somewhere, and the personal-data findings (the first of each field and kind, as
    one screen of the whole table reports them)."""

    rows_in: int = 0
    rows_out: int = 0
    numbers: array = field(default_factory=lambda: array("q"))
    filled: list[bool] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    transform_s: float = 0.0
    screen_s: float = 0.0
    last: Any = None

    def add(self, out: Any, screened: Any, max_findings: int = 50) -> None:
        self.rows_out += len(out.rows)
        self.numbers.extend(out.row_numbers if out.row_numbers is not None else range(2, len(out.rows) + 2))
        self.fields = list(out.fields)
        if not self.filled:
            self.filled = [False] * len(out.fields)
        empty = set(empty_columns(out)) if out.rows else set(out.fields)
        self.filled = [was or name not in empty for was, name in zip(self.filled, out.fields, strict=True)]
        seen = {(f["field"], f["kind"]) for f in self.findings}
        for f in screened.findings:
            if (f["field"], f["kind"]) not in seen and len(self.findings) < max_findings:
                self.findings.append(f)
        out.rows, out.columns = [], None  # the chunk's rows are in the CSV now
        self.last = out

    def empty_columns(self) -> list[str]:
        if not self.rows_out:
            return []
        return [name for name, filled in zip(self.fields, self.filled, strict=True) if not filled]


def empty_columns(table: Any) -> list[str]:
    """The columns of ``table`` with no value in any row."""
    return [name for i, name in enumerate(table.fields) if all(v in (None, "") for v in table.values(i))]


def _step(progress: Progress | None, name: str, step: str) -> None:
    if progress is not None:
        progress.step(name, step)


def harvest_dataset(
    folder: Path,
    publisher: Publisher | None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    work_root: Path | None = None,
    today: dt.date | None = None,
    datastore_timeout: float = 900,
) -> DatasetReport:
    """Harvest one dataset folder; never raises for a dataset problem, records it instead."""
    report = DatasetReport(name=Path(folder).name)
    start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix=f"nlc-harvest-{report.name}-", dir=work_root))
    if progress is not None:
        progress.start(report.name)
    try:
        defn = load_definition(folder)
        with collector_paused():
            settings = Path(folder).parent / "screen.yaml"  # the datasets folder's own screen settings
            screen_cfg = ScreenConfig.load(settings) if settings.exists() else None
            prepared = prepare(defn, work, report, progress=progress, today=today, screen_cfg=screen_cfg)
        report.personal_data_screen = prepared.screen
        if publisher is None:
            report.status = "validated"
        else:
            _step(progress, defn.name, "publish")
            day = (today or dt.date.today()).isoformat()
            package = publisher.package_fields(defn, spatial=prepared.spatial, screen="passed", today=day)
            t0 = time.perf_counter()

            def after_upload(res: dict[str, Any], f: PublishedFile) -> None:
                if f.datastore and f.schema is not None and not publisher.loads_inline(f):
                    t = time.perf_counter()
                    if publisher.direct_load(f):
                        datastore_load.load_direct(
                            publisher.ckan, res, f.schema, f.rows or 0, content_hash=f.hash
                        )
                    else:
                        datastore_load.load(
                            publisher.ckan,
                            res,
                            f.schema,
                            f.rows or 0,
                            content_hash=f.hash,
                            started=started,
                            timeout=datastore_timeout,
                        )
                    report.timings["datastore_load"] = (
                        report.timings.get("datastore_load", 0) + time.perf_counter() - t
                    )

            started = datastore_load._utcnow()
            outcome = publisher.publish(defn, prepared.files, package, after_upload, dry_run=dry_run)
            report.timings["publish"] = time.perf_counter() - t0
            report.changes = outcome.changes
            if dry_run:
                report.status = "planned"
            else:
                report.status = "published" if outcome.changes else "unchanged"
    except HarvestError as e:
        report.status = "failed"
        report.errors.append(e.as_dict())
        if isinstance(e, PersonalDataFound):
            report.personal_data_screen = {"status": "failed", "findings": e.findings}
    except Exception as e:  # a bug or library error in one dataset must not stop the run
        log.exception("unexpected error in %s", report.name)
        report.status = "failed"
        report.errors.append({"kind": "internal-error", "message": f"{type(e).__name__}: {e}"})
    finally:
        shutil.rmtree(work, ignore_errors=True)
        report.duration_s = round(time.perf_counter() - start, 3)
        if progress is not None:
            progress.finish(report)
    return report


def run(
    names: list[str] | tuple[str, ...] = (),
    publisher: Publisher | None = None,
    *,
    datasets_dir: Path | None = None,
    dry_run: bool = False,
    show_progress: bool | None = None,
    target: str = "",
) -> RunReport:
    """Harvest the named datasets (all when none) and return the run report."""
    run_report = RunReport(target=target, dry_run=dry_run)
    folders = discover(datasets_dir, names)
    with Progress(len(folders), enabled=show_progress) as progress:
        for folder in folders:
            run_report.datasets.append(harvest_dataset(folder, publisher, dry_run=dry_run, progress=progress))
    run_report.finished = dt.datetime.now().isoformat(timespec="seconds")
    return run_report
