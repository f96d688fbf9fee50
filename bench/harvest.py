"""Benchmark: publish a 160,000-row council tax band table end to end, against two references.

    python bench/harvest.py [--rows 160000] [--repeat 3] [--ckan-url URL] [--api-token TOKEN]

1. harvester: generate a synthetic council tax extract (Windows-1252 CSV, like the
   council tax system's), then extract -> transform -> validate -> screen -> publish ->
   DataStore load (``nlc_datastore_load``) through the CKAN API, ``--repeat`` new datasets
   in one harvest run (the median of their times is the figure; this 2-core machine is noisy),
   then one more ``nlc_datastore_load`` of the first table while another connection (the
   read-only role) does point reads: ``reader_wait_ms`` is the longest such read;
2. naive publisher: the same rows loaded with ``datastore_upsert`` in batches of 10,000;
3. physical limit: a bare PostgreSQL ``COPY`` of the published CSV into the DataStore
   database (median of three).

For the record it also measures what no publisher through CKAN can avoid: the harvest of
a one-row table (the fixed cost of the API calls that create a dataset and its resource),
and the bare COPY plus a GIN full-text index over every row's text in one statement (the
DataStore's full-text contract: without it ``datastore_search?q=`` does not work).

Prints rows/s for each, the harvester's peak memory (this process's max RSS) and both
ratios; the LAST line is one JSON object. Needs the running CKAN (token from
.state/sysadmin.json by default). Bench datasets are purged afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvesters.ckan_client import Ckan  # noqa: E402
from harvesters.pipeline import run  # noqa: E402
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


def harvester(ckan: Ckan, root: Path, names: list[str]) -> dict[str, tuple[float, dict]]:
    """Harvest ``names`` in one run, as ``nlc harvest A B C`` does; each dataset's own end to
    end time (definition, extract ... DataStore load) and step timings."""
    report = run(tuple(names), Publisher(ckan, datasets_dir=root), datasets_dir=root, show_progress=False)
    for d in report.datasets:
        if d.status != "published":
            raise SystemExit(f"harvest of {d.name} failed: {d.errors}")
    return {d.name: (d.duration_s, d.timings) for d in report.datasets}


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=160_000)
    ap.add_argument("--repeat", type=int, default=3, help="harvests of the full table (median reported)")
    ap.add_argument("--ckan-url", default=os.environ.get("CKAN_URL", "http://127.0.0.1:5000"))
    ap.add_argument("--api-token", default=os.environ.get("CKAN_API_TOKEN"))
    args = ap.parse_args()
    token = args.api_token or json.loads((ROOT / ".state" / "sysadmin.json").read_text())["api_token"]
    ckan = Ckan.remote(args.ckan_url, token, timeout=600)
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-"))
    stamp = int(time.time())
    names = [f"bench-council-tax-bands-{stamp}-{i}" for i in range(args.repeat)]
    floor_name = f"bench-council-tax-bands-{stamp}-one-row"
    created: list[str] = []
    try:
        root = work / "datasets"
        root.mkdir()
        for f in ("organizations.yaml", "groups.yaml", "screen.yaml"):
            shutil.copy(ROOT / "datasets" / f, root / f)
        for name in names:
            bench_folder(root, name, args.rows)
        bench_folder(root, floor_name, 1)
        schema = json.loads((root / names[0] / "schema.json").read_text())
        print(f"generated {args.rows} synthetic rows; publishing to {args.ckan_url}", flush=True)

        created.extend([*names, floor_name])
        results = harvester(ckan, root, [*names, floor_name])
        runs = [results[name][0] for name in names]
        for i, name in enumerate(names, 1):
            t, timings = results[name]
            steps = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items())
            print(f"harvest {i}/{args.repeat} end to end: {t:.2f} s  steps: {steps}", flush=True)
        t_harvest = statistics.median(runs)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t_floor = results[floor_name][0]
        print(f"harvest of a 1-row table (fixed cost of the CKAN API calls): {t_floor:.2f} s", flush=True)
        pkg = ckan.call("package_show", id=names[0])
        res = pkg["resources"][0]
        total = ckan.call("datastore_search", resource_id=res["id"], limit=0)["total"]
        assert total == args.rows, f"DataStore holds {total} rows, expected {args.rows}"
        found = ckan.call("datastore_search", resource_id=res["id"], q="Cumbernauld", limit=0)["total"]
        assert found == args.rows // len(TOWNS), f"full-text search found {found} Cumbernauld rows"
        t_reader = reader_wait(ckan, res["id"], schema)
        print(f"max point-read wait during a reload of the full table: {t_reader:.1f} ms", flush=True)
        published = work / "published.csv"
        published.write_bytes(ckan.download(res["url"]) or b"")

        t_upsert = naive_upsert(ckan, published, pkg["id"], schema)
        print(f"datastore_upsert x10,000: {t_upsert:.2f} s", flush=True)
        t_copy = statistics.median(bare_copy(published, schema) for _ in range(3))
        print(f"bare COPY: {t_copy:.3f} s", flush=True)
        t_fulltext = bare_copy(published, schema, full_text=True)
        print(f"bare COPY + a GIN full-text index of the rows: {t_fulltext:.2f} s")
    finally:
        for name in created:
            try:
                Publisher(ckan).purge(name)
            except Exception as e:  # noqa: BLE001 - report, do not mask the result
                print(f"(could not purge {name}: {e})", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
    rows = args.rows
    result = {
        "rows": rows,
        "harvest_rows_per_s": round(rows / t_harvest),
        "upsert_rows_per_s": round(rows / t_upsert),
        "copy_rows_per_s": round(rows / t_copy),
        "speedup_vs_upsert": round(t_upsert / t_harvest, 2),
        "slowdown_vs_copy": round(t_harvest / t_copy, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "harvest_s": round(t_harvest, 2),
        "harvest_runs_s": [round(t, 2) for t in runs],
        "upsert_s": round(t_upsert, 2),
        "copy_s": round(t_copy, 3),
        "one_row_harvest_s": round(t_floor, 2),
        "copy_with_full_text_index_s": round(t_fulltext, 2),
        "reader_wait_ms": round(t_reader, 1),
    }
    print(
        f"rows/s: harvester {result['harvest_rows_per_s']}, naive upsert {result['upsert_rows_per_s']}, "
        f"bare COPY {result['copy_rows_per_s']}; peak RSS {result['peak_rss_mb']} MB"
    )
    print(
        f"3x bare COPY is {3 * t_copy:.2f} s; a 1-row harvest alone takes {t_floor:.2f} s, and a bare "
        f"COPY with a full-text index {t_fulltext:.2f} s"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
