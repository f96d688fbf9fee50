"""Benchmark: publish a council tax table end to end at 160,000 and 1,000,000 rows, against
four references on the same file in the same run.

    python bench/harvest.py [--rows 160000,1000000] [--repeat 3] [--repeat-large 1]
                            [--upsert-max-rows 200000] [--ckan-url URL] [--api-token TOKEN]

For each size:

1. harvester: generate a synthetic council tax extract (Windows-1252 CSV, like the
   council tax system's; streamed to disk), then ``nlc harvest`` in a process of its own
   (extract -> transform -> validate -> screen -> publish -> DataStore load through the CKAN
   API), ``--repeat`` new datasets in one run (``--repeat-large`` above 200,000 rows; the
   median of their times is the figure), its peak RSS measured (bench/rss.py); at the
   largest size one more ``nlc_datastore_load`` of the first table while
   another connection (the read-only role) does point reads: ``reader_wait_ms`` is the
   longest such read;
2. ckanext-xloader (the loader CKAN users run today): a resource pointing at the published
   file, loaded by the portal's xloader worker; from ``resource_create`` to ``complete``;
3. naive publisher: the same rows loaded with ``datastore_upsert`` in batches of 10,000
   (only up to ``--upsert-max-rows``: it holds every record in memory);
4. the floor: a bare PostgreSQL ``COPY`` of the published CSV plus a GIN full-text index over
   every row's text in one statement (the DataStore's full-text contract: without it
   ``datastore_search?q=`` does not work), and a bare ``COPY`` alone (median of three).

It also measures the harvest of a one-row table (the fixed cost of the API calls that create
a dataset and its resource). The LAST line is one JSON object: ``slowdown_vs_floor``,
``speedup_vs_xloader``, ``peak_rss_mb`` and ``reader_wait_ms`` at the largest size, and every
size's figures under ``sizes``. Needs the running CKAN and its xloader worker (token from
.state/sysadmin.json by default). Bench datasets are purged afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvesters.ckan_client import Ckan  # noqa: E402
from harvesters.publish import Publisher  # noqa: E402

DATASTORE_URL = os.environ.get("NLC_DATASTORE_URL", "postgresql://ckan:ckan@127.0.0.1:5432/datastore")
READ_URL = os.environ.get(
    "NLC_DATASTORE_READ_URL", "postgresql://datastore_default:datastore_default@127.0.0.1:5432/datastore"
)
TOWNS = [
    ("Airdrie", "ML6"),
    ("Bellshill", "ML4"),
    ("Coatbridge", "ML5"),
    ("Cumbernauld", "G67"),
    ("Kilsyth", "G65"),
    ("Motherwell", "ML1"),
    ("Shotts", "ML7"),
    ("Wishaw", "ML2"),
]
STREETS = [
    "Main Street",
    "High Street",
    "Station Road",
    "Church Street",
    "Glasgow Road",
    "Kirk Road",
    "Academy Street",
    "Victoria Street",
    "Park Street",
    "Bank Street",
]


def generate(path: Path, rows: int) -> None:
    """A synthetic council tax property extract in the shipped dataset's source layout."""
    rng = random.Random(160000)
    with path.open("w", encoding="cp1252", newline="") as fh:
        fh.write("SYNTHETIC SAMPLE - Council Tax property extract (benchmark)\r\n")
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(
            [
                "Property Ref",
                "Property Address",
                "Town",
                "Post Code",
                "UPRN",
                "CTax Band",
                "Occupier Name",
                "Liability Start",
            ]
        )
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        for i in range(rows):
            town, district = TOWNS[i % len(TOWNS)]
            w.writerow(
                [
                    f"CT{i:07d}",
                    f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
                    town,
                    f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}",
                    118000000 + i,
                    rng.choices("ABCDEFGH", weights=[22, 28, 19, 13, 10, 5, 2, 1])[0],
                    "Occupier withheld",
                    "01/04/2020",
                ]
            )


def harvester(
    ckan_url: str, token: str, root: Path, names: list[str]
) -> tuple[dict[str, tuple[float, dict]], float]:
    """``nlc harvest NAMES`` in a process of its own, as a council runs it: each dataset's end to
    end time (definition, extract ... DataStore load) and step timings, and the process's peak
    RSS in MB (bench/rss.py)."""
    report_path = root / "report.json"
    from bench import rss

    try:
        _, peak_mb, _ = rss.run(
            [
                str(ROOT / ".venv" / "bin" / "nlc"),
                "harvest",
                *names,
                "--ckan-url",
                ckan_url,
                "--api-token",
                token,
                "--datasets-dir",
                str(root),
                "--report",
                str(report_path),
                "--no-progress",
                "--timeout",
                "3600",
            ]
        )
        code = 0
    except SystemExit as e:
        code, peak_mb = e, 0.0
    report = json.loads(report_path.read_text()) if report_path.exists() else {"datasets": []}
    for d in report["datasets"]:
        if d["status"] != "published":
            raise SystemExit(f"harvest of {d['name']} failed: {d['errors']}")
    if code or len(report["datasets"]) != len(names):
        raise SystemExit(f"nlc harvest failed: {code}")
    return {d["name"]: (d["duration_s"], d["timings"]) for d in report["datasets"]}, peak_mb


def xloader(ckan: Ckan, owner_org: str, url: str, stamp: int, rows: int, timeout: float = 3600) -> float:
    """Seconds from creating a CSV resource pointing at ``url`` (on a dataset of its own) to
    ckanext-xloader's task ``complete``: the portal's jobs worker downloads the file, COPYs it
    into the DataStore, fills the full-text column, builds the indexes and updates the resource."""
    from ckanapi import NotFound

    pkg = ckan.call(
        "package_create",
        name=f"bench-xloader-{stamp}-{rows}",
        title="Bench xloader reference",
        owner_org=owner_org,
        notes="Bench-only; removed after the benchmark.",
        maintainer="Open data team",
        maintainer_email="opendata@northlanarkshire.gov.uk",
        license_id="OGL-UK-3.0",
        update_frequency="annual",
        last_updated=time.strftime("%Y-%m-%d"),
    )
    try:
        t0 = time.perf_counter()
        res = ckan.call(
            "resource_create", package_id=pkg["id"], name="xloader reference", format="CSV", url=url
        )
        while time.perf_counter() - t0 < timeout:
            try:  # xloader's own task record (xloader_status opens a database engine per call)
                task = ckan.call("task_status_show", entity_id=res["id"], task_type="xloader", key="xloader")
            except NotFound:
                task = {"state": "not submitted"}
            if task["state"] == "complete":
                break
            if task["state"] == "error":
                raise SystemExit(f"xloader failed: {task.get('error')}")
            time.sleep(0.25)
        else:
            raise SystemExit(
                f"xloader did not finish within {timeout:g} s (is the CKAN jobs worker running?)"
            )
        elapsed = time.perf_counter() - t0
        total = ckan.call("datastore_search", resource_id=res["id"], limit=0)["total"]
        assert total == rows, f"xloader loaded {total} rows, expected {rows}"
        return elapsed
    finally:
        Publisher(ckan).purge(pkg["name"])


def bench_folder(root: Path, name: str, rows: int) -> Path:
    """A copy of bench/council-tax-extract (the council tax extract published one row per
    dwelling) named ``name`` with a generated ``rows``-row extract."""
    folder = root / name
    shutil.copytree(ROOT / "bench" / "council-tax-extract", folder, ignore=shutil.ignore_patterns("*.csv"))
    y = folder / "dataset.yaml"
    y.write_text(y.read_text().replace("name: council-tax-extract\n", f"name: {name}\n", 1))
    (folder / "source").mkdir(exist_ok=True)
    generate(folder / "source" / "ctax_property_extract.csv", rows)
    return folder


def naive_upsert(ckan: Ckan, csv_path: Path, package_id: str, schema: dict) -> float:
    from harvesters.datastore_load import datastore_fields

    with csv_path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        records = list(reader)
    t0 = time.perf_counter()
    res = ckan.call(
        "datastore_create",
        resource={"package_id": package_id, "name": "naive upsert", "format": "datastore"},
        fields=[{"id": f["id"], "type": f["type"]} for f in datastore_fields(schema)],
        force=True,
    )
    rid = res["resource_id"]
    for i in range(0, len(records), 10_000):
        ckan.call(
            "datastore_upsert", resource_id=rid, records=records[i : i + 10_000], method="insert", force=True
        )
    return time.perf_counter() - t0


def bare_copy(csv_path: Path, schema: dict, *, full_text: bool = False) -> float:
    """Seconds to COPY the CSV into a typed table; with ``full_text`` also a GIN full-text index
    over each row's text (what CKAN's ``datastore_search?q=`` needs), in one statement."""
    import psycopg2

    from harvesters.datastore_load import PG_TYPES

    fields = schema["fields"]
    cols = ", ".join(f'"{f["name"]}" {PG_TYPES[f.get("type", "string")]}' for f in fields)
    text = " || ' ' || ".join(f"""coalesce("{f['name']}"::text, '')""" for f in fields)
    conn = psycopg2.connect(DATASTORE_URL)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS bench_bare_copy")
            cur.execute(f"CREATE TABLE bench_bare_copy ({cols})")
        t0 = time.perf_counter()
        with conn, conn.cursor() as cur, csv_path.open(encoding="utf-8") as fh:
            cur.copy_expert("COPY bench_bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)", fh)
            if full_text:  # one statement: each row's vector computed once, straight into the index
                cur.execute("SELECT current_setting('default_text_search_config')")
                vector = f"to_tsvector('{cur.fetchone()[0]}'::regconfig, {text})"  # immutable: indexable
                cur.execute(f"CREATE INDEX ON bench_bare_copy USING gin ({vector})")
        elapsed = time.perf_counter() - t0
        with conn, conn.cursor() as cur:
            cur.execute("DROP TABLE bench_bare_copy")
        return elapsed
    finally:
        conn.close()


def reader_wait(ckan: Ckan, resource_id: str, schema: dict) -> float:
    """Max milliseconds a point read (``_id = n`` as the read-only role) waits while
    ``nlc_datastore_load`` reloads ``resource_id``: what a reader sees during a harvest."""
    import threading

    import psycopg2

    from harvesters.datastore_load import datastore_fields

    waits: list[float] = []
    done = threading.Event()

    def read() -> None:
        conn = psycopg2.connect(READ_URL)
        conn.autocommit = True
        rng = random.Random(1)
        try:
            with conn.cursor() as cur:
                while not done.is_set():
                    t0 = time.perf_counter()
                    cur.execute(f'SELECT * FROM "{resource_id}" WHERE _id = %s', (rng.randint(1, 1000),))
                    cur.fetchall()
                    waits.append(time.perf_counter() - t0)
                    time.sleep(0.002)
        finally:
            conn.close()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        time.sleep(0.2)
        ckan.call("nlc_datastore_load", resource_id=resource_id, fields=datastore_fields(schema))
        time.sleep(0.1)
    finally:
        done.set()
        thread.join()
    return max(waits) * 1000


def one_size(
    ckan: Ckan,
    args: argparse.Namespace,
    token: str,
    root: Path,
    rows: int,
    stamp: int,
    created: list[str],
    *,
    reader: bool,
    one_row: bool,
) -> dict[str, Any]:
    """Every figure for one size (the harvest first, then each reference on its published file)."""
    repeat = args.repeat if rows <= 200_000 else args.repeat_large
    names = [f"bench-council-tax-bands-{stamp}-{rows}-{i}" for i in range(repeat)]
    floor_name = f"bench-council-tax-bands-{stamp}-one-row"
    for name in names:
        bench_folder(root, name, rows)
    if one_row:
        bench_folder(root, floor_name, 1)
    schema = json.loads((root / names[0] / "schema.json").read_text())
    print(f"generated {rows} synthetic rows x {repeat}; publishing to {args.ckan_url}", flush=True)
    harvested = [*names, floor_name] if one_row else names
    created.extend(harvested)
    results, peak_mb = harvester(args.ckan_url, token, root, harvested)
    runs = [results[name][0] for name in names]
    for i, name in enumerate(names, 1):
        t, timings = results[name]
        steps = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items())
        print(f"harvest {i}/{repeat} end to end: {t:.2f} s  steps: {steps}", flush=True)
    t_harvest = statistics.median(runs)
    print(f"harvester peak RSS: {peak_mb:.0f} MB", flush=True)
    out: dict[str, Any] = {
        "rows": rows,
        "harvest_s": round(t_harvest, 2),
        "harvest_runs_s": [round(t, 2) for t in runs],
        "peak_rss_mb": round(peak_mb, 1),
    }
    if one_row:
        out["one_row_harvest_s"] = round(results[floor_name][0], 2)
        print(
            f"harvest of a 1-row table (fixed cost of the CKAN API calls): {out['one_row_harvest_s']} s",
            flush=True,
        )
    pkg = ckan.call("package_show", id=names[0])
    res = pkg["resources"][0]
    total = ckan.call("datastore_search", resource_id=res["id"], limit=0)["total"]
    assert total == rows, f"DataStore holds {total} rows, expected {rows}"
    found = ckan.call("datastore_search", resource_id=res["id"], q="Cumbernauld", limit=0)["total"]
    expected = sum(1 for i in range(rows) if TOWNS[i % len(TOWNS)][0] == "Cumbernauld")
    assert found == expected, f"full-text search found {found} Cumbernauld rows, expected {expected}"
    if reader:
        out["reader_wait_ms"] = round(reader_wait(ckan, res["id"], schema), 1)
        print(
            f"max point-read wait during a reload of the full table: {out['reader_wait_ms']} ms", flush=True
        )
    published = root / f"published-{rows}.csv"
    body = ckan.download(res["url"])
    if not body:  # a floor measured on an empty file is no floor
        raise SystemExit(f"could not download the published file {res['url']}")
    published.write_bytes(body)

    try:  # the portal's worker is shared: its failure must not cost the other figures
        t_xloader: float | None = xloader(ckan, pkg["owner_org"], res["url"], stamp, rows)
        print(f"ckanext-xloader: {t_xloader:.2f} s", flush=True)
    except SystemExit as e:
        t_xloader = None
        out["xloader_error"] = str(e)[:300]
        print(f"ckanext-xloader: no figure ({e})", flush=True)
    out["xloader_s"] = round(t_xloader, 2) if t_xloader is not None else None
    if rows <= args.upsert_max_rows:
        t_upsert = naive_upsert(ckan, published, pkg["id"], schema)
        print(f"datastore_upsert x10,000: {t_upsert:.2f} s", flush=True)
        out["upsert_s"] = round(t_upsert, 2)
        out["speedup_vs_upsert"] = round(t_upsert / t_harvest, 2)
    t_copy = statistics.median(bare_copy(published, schema) for _ in range(3))
    print(f"bare COPY: {t_copy:.3f} s", flush=True)
    t_fulltext = bare_copy(published, schema, full_text=True)
    print(f"bare COPY + a GIN full-text index of the rows (the floor): {t_fulltext:.2f} s", flush=True)
    published.unlink()
    out.update(
        copy_s=round(t_copy, 3),
        copy_with_full_text_index_s=round(t_fulltext, 2),
        harvest_rows_per_s=round(rows / t_harvest),
        slowdown_vs_floor=round(t_harvest / t_fulltext, 2),
        slowdown_vs_copy=round(t_harvest / t_copy, 2),
        speedup_vs_xloader=round(t_xloader / t_harvest, 2) if t_xloader is not None else None,
    )
    print(f"{rows} rows: {json.dumps(out)}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", default="160000,1000000", help="sizes, comma-separated (ascending)")
    ap.add_argument("--repeat", type=int, default=3, help="harvests of the full table up to 200,000 rows")
    ap.add_argument(
        "--repeat-large", type=int, default=1, help="harvests of the full table above 200,000 rows"
    )
    ap.add_argument("--upsert-max-rows", type=int, default=200_000)
    ap.add_argument(
        "--ckan-url", default=os.environ.get("CKAN_URL"), help="an existing CKAN (default: one of its own)"
    )
    ap.add_argument(
        "--port", type=int, default=5201, help="the bench's own CKAN (uWSGI, ckan.ini's databases)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--api-token", default=os.environ.get("CKAN_API_TOKEN"))
    args = ap.parse_args()
    sizes = sorted(int(r) for r in args.rows.split(","))
    token = args.api_token or json.loads((ROOT / ".state" / "sysadmin.json").read_text())["api_token"]
    server, ini = None, None
    if (
        not args.ckan_url
    ):  # a CKAN of the bench's own, served as in production; jobs go to the portal's worker
        from bench.lookup import bench_ini, start_server

        ini = bench_ini(args.port)
        server = start_server(ini, args.port, args.workers)
        args.ckan_url = f"http://127.0.0.1:{args.port}"
    ckan = Ckan.remote(args.ckan_url, token, timeout=3600)
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-"))
    stamp = int(time.time())
    created: list[str] = []
    figures = []
    try:
        root = work / "datasets"
        root.mkdir()
        for f in ("organizations.yaml", "groups.yaml", "screen.yaml"):
            shutil.copy(ROOT / "datasets" / f, root / f)
        for n, rows in enumerate(sizes):
            figures.append(
                one_size(
                    ckan, args, token, root, rows, stamp, created, reader=rows == sizes[-1], one_row=n == 0
                )
            )
            for name in list(created):
                if str(rows) in name:
                    Publisher(ckan).purge(name)
                    created.remove(name)
                    shutil.rmtree(root / name, ignore_errors=True)
    finally:
        for name in created:
            try:
                Publisher(ckan).purge(name)
            except Exception as e:  # noqa: BLE001 - report, do not mask the result
                print(f"(could not purge {name}: {e})", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        if server is not None:
            from bench.lookup import stop_server

            stop_server(server)
            ini.unlink(missing_ok=True)
    last = figures[-1]
    result = {
        "rows": last["rows"],
        "slowdown_vs_floor": last["slowdown_vs_floor"],
        "speedup_vs_xloader": last["speedup_vs_xloader"],
        "peak_rss_mb": last["peak_rss_mb"],
        "reader_wait_ms": last["reader_wait_ms"],
        "harvest_s": last["harvest_s"],
        "one_row_harvest_s": figures[0].get("one_row_harvest_s"),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "sizes": figures,
        "targets_met": bool(
            last["slowdown_vs_floor"] <= 1.5
            and (last["speedup_vs_xloader"] or 0) >= 10
            and last["peak_rss_mb"] < 1024
            and last["reader_wait_ms"] < 50
        ),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
