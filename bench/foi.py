"""Benchmark: the FOI coverage dashboard at ten years of requests.

    python bench/foi.py [--years 10] [--per-year 2000] [--datasets 200] [--seconds 15]

A CKAN of the bench's own (uWSGI; databases ``ckan_bench_foi``, ``datastore_bench_foi`` and the
work database ``nlc_bench_foi``; Solr entries kept apart by ``ckan.site_id`` in the test core)
with ``--datasets`` generated datasets (bench/search.py's generator: schema fields, FOI topics,
resources), then:

1. ``nlc foi import`` of one case-log CSV of ``--years`` x ``--per-year`` requests (the sample
   log's generator, one year per block; requester details dropped at ingest), timed as a
   council runs it (a process of its own);
2. ``nlc_foi_coverage`` anonymous (the public summary) and as a sysadmin (full detail), and
   ``/foi/dashboard`` as a sysadmin, each warm (after a few requests), with 1 and 10 clients.

The databases are dropped and the Solr entries deleted afterwards. The LAST line printed is one
JSON object: ``coverage_p95_ms`` (anonymous, 1 client), ``dashboard_p95_ms`` (1 client),
``import_s`` (wall clock) and ``import_cpu_s`` (CPU of the import process), with load averages.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402
from bench.search import SOLR, api, generate, index  # noqa: E402
from demo.sample_log import EIR_TOTAL, FOISA_TOTAL, write_sample  # noqa: E402
from tests.ckan_server import CkanServer, _psql, own_databases  # noqa: E402

NAME = "bench_foi"
CORE = "ckan_test"  # shared test core; entries kept apart by ckan.site_id


def _children_cpu() -> float:
    """User + system CPU seconds of the bench's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def drop_databases() -> None:
    for db in (f"ckan_{NAME}", f"datastore_{NAME}", f"nlc_{NAME}"):
        _psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def clear_solr() -> None:
    requests.post(
        f"{SOLR}/{CORE}/update",
        params={"commit": "true"},
        json={"delete": {"query": f"site_id:nlc_{NAME}"}},
        timeout=120,
    ).raise_for_status()


def foi_log(path: Path, work: Path, years: int, per_year: int, end: dt.date) -> int:
    """One case-log CSV of ``years`` consecutive years of sample requests."""
    scale = per_year / (FOISA_TOTAL + EIR_TOTAL)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = None
        for y in range(years):
            part = work / f"log-{y}.csv"
            year_end = end.replace(year=end.year - y)
            write_sample(
                part, year_end, seed=2019 + y, foisa=round(FOISA_TOTAL * scale), eir=round(EIR_TOTAL * scale)
            )
            with part.open(newline="", encoding="utf-8") as fh:
                reader = csv.reader(fh)
                header = next(reader)
                if writer is None:
                    writer = csv.writer(out)
                    writer.writerow(header)
                for row in reader:
                    writer.writerow(row)
                    rows += 1
            part.unlink()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--per-year", type=int, default=2000)
    ap.add_argument("--datasets", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--port", type=int, default=5201)
    ap.add_argument(
        "--client", choices=("wrk", "python"), default="wrk" if loadgen.wrk_available() else "python"
    )
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nlc-bench-foi-"))
    server = None
    results: dict[str, Any] = {}
    try:
        drop_databases()
        _psql(f"CREATE DATABASE nlc_{NAME} OWNER ckan ENCODING 'UTF8' TEMPLATE template0")
        work_db = f"postgresql://ckan:ckan@127.0.0.1:5432/nlc_{NAME}"
        subprocess.run(  # the FOI tables, as a council's set-up makes them
            [str(ROOT / ".venv" / "bin" / "nlc"), "foi", "db", "upgrade", "--db", work_db],
            check=True,
            capture_output=True,
        )
        storage = work / "storage"
        storage.mkdir()
        try:
            ini, token = own_databases(
                ROOT / "test.ini",
                work / "foi.ini",
                NAME,
                {
                    "solr_url": f"{SOLR}/{CORE}",
                    "ckan.storage_path": str(storage),
                    "ckan.site_url": f"http://127.0.0.1:{args.port}",
                    "ckanext.nlc.work_db_url": work_db,
                },
            )
        except subprocess.CalledProcessError as e:
            raise SystemExit(
                f"setting up the bench CKAN: {' '.join(e.cmd[3:])}: {e.stderr[-2000:]}"
            ) from None
        server = CkanServer(ini, args.port, work / "foi.log", processes=args.workers)
        server.start()
        import yaml

        orgs = yaml.safe_load((ROOT / "datasets" / "organizations.yaml").read_text())
        for org in orgs:
            api(server.url, token, "organization_create", name=org["name"], title=org["title"])
        org_ids = [o["id"] for o in api(server.url, token, "organization_list", all_fields=True, limit=1000)]
        creator = api(server.url, token, "user_show", id=f"{NAME}admin")["id"]
        dsn = f"postgresql://ckan:ckan@127.0.0.1:5432/ckan_{NAME}"
        generate(dsn, args.datasets, org_ids, creator)
        index(ini, dsn, work, core=CORE)
        count = api(server.url, token, "package_search", rows=0)["count"]
        assert count == args.datasets, f"Solr holds {count} of {args.datasets} datasets"

        log = work / "foi-log.csv"
        rows = foi_log(log, work, args.years, args.per_year, dt.date(2026, 11, 30))
        print(f"{args.datasets} datasets indexed; FOI log of {rows} requests written", flush=True)
        t0, cpu0 = time.perf_counter(), _children_cpu()
        out = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "nlc"), "foi", "import", str(log), "--db", work_db],
            capture_output=True,
            text=True,
        )
        import_s, import_cpu_s = time.perf_counter() - t0, _children_cpu() - cpu0
        import_load = _load()
        if out.returncode:
            raise SystemExit(f"nlc foi import failed: {out.stderr[-2000:]}")
        print(
            f"nlc foi import of {rows} rows: {import_s:.2f} s, {import_cpu_s:.2f} s CPU, load {import_load} "
            f"({out.stdout.strip().splitlines()[-1][:200]})",
            flush=True,
        )
        stored = int(_psql("SELECT count(*) FROM foi_requests", db=f"nlc_{NAME}") or 0)

        coverage = api(server.url, token, "nlc_foi_coverage")
        assert coverage.get("detail") == "full", coverage.get("detail")
        auth = (f"Authorization: {token}",)
        scenarios = {
            "coverage_anonymous": (["/api/3/action/nlc_foi_coverage"], ()),
            "coverage_sysadmin": (["/api/3/action/nlc_foi_coverage"], auth),
            "dashboard_sysadmin": (["/foi/dashboard"], auth),
        }
        page = requests.get(server.url + "/foi/dashboard", headers={"Authorization": token}, timeout=120)
        assert page.ok and "foi" in page.text.lower(), page.status_code
        for label, (paths, headers) in scenarios.items():
            loadgen.measure(args.port, paths, args.workers, 3, args.client, headers)  # warm every worker
            for clients in (1, 10):
                r = loadgen.measure(args.port, paths, clients, args.seconds, args.client, headers)
                results[f"{label}_{clients}"] = r
                print(f"{label:20s} {clients:3d} clients: {r}", flush=True)
    finally:
        if server is not None:
            server.stop()
        try:
            clear_solr()
        finally:
            drop_databases()
            shutil.rmtree(work, ignore_errors=True)
    cov, dash = results["coverage_anonymous_1"]["p95_ms"], results["dashboard_sysadmin_1"]["p95_ms"]
    print(
        json.dumps(
            {
                "requests": rows,
                "requests_stored": stored,
                "datasets": args.datasets,
                "coverage_p95_ms": cov,
                "dashboard_p95_ms": dash,
                "import_s": round(import_s, 2),
                "import_cpu_s": round(import_cpu_s, 2),
                "import_load_average": import_load,
                "load_average": _load(),
                "results": results,
                "targets_met": bool(cov < 200 and dash < 200 and import_s < 10),
            }
        )
    )


if __name__ == "__main__":
    main()
