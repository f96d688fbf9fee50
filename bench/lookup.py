"""Benchmark: the postcode lookup API vs CKAN's datastore_search for the same band query.

Starts a CKAN of its own served as in production (uWSGI with deploy/uwsgi.ini, several worker
processes, ckan.ini with the lookups pointed at the bench datasets) on ``--port`` (5201), publishes
two bench-only datasets through it (a 230,000-postcode directory, the size of Scotland's, and
the council tax bands of 160,000 synthetic dwellings counted by postcode and band,
DataStore-backed, the filtered columns indexed), then runs CLIENTS concurrent clients for SECONDS
against each endpoint in turn, with wrk (Debian package; C) or, without it, a Python asyncio
client. Postcodes are drawn from the whole directory with a Zipf distribution (a few are asked
for often, most rarely). Then the same with the answer cache off (``cold_p99_ms``: every
answer computed, on a server restarted with the cache off). It also times the lookup's change
signal on the postcode table (``ckanext.nlc.lookups.data.FINGERPRINT_SQL``, a request runs it
every ``check_seconds``) beside the full-table ``count``/``sum(xmin)`` scan it replaced.
The bench datasets are purged and the server stopped afterwards.
Each run also gives the server's CPU per request (its uWSGI process group's user + system time)
and, after the cold run, the floor: a hello-world WSGI app under the same uWSGI ini and load
(``floor_p99_ms``), so a latency can be read against what the machine allowed at the time.
The LAST line printed is one JSON object with ``p99_ms``, ``cold_p99_ms``,
``cold_server_cpu_ms_per_request``, ``floor_p99_ms`` and ``speedup_vs_datastore_search``.

    .venv/bin/python bench/lookup.py [--clients 100] [--seconds 30] [--workers 4] [--client wrk]
"""

# ruff: noqa: S101, S311, S603 - a bench: seeded test data, asserts on answers, our own commands
from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import numpy as np
import psycopg2
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402

PORTAL = "http://127.0.0.1:5201"  # the bench's own server (set from --port)
DATASTORE_READ_URL = os.environ.get(
    "NLC_DATASTORE_READ_URL", "postgresql://datastore_default:datastore_default@127.0.0.1:5432/datastore"
)
PC_NAME, CT_NAME = "bench-lookup-postcodes", "bench-lookup-council-tax"
# North Lanarkshire's postcode districts (the dwellings are there) and the rest of Scotland's areas.
DISTRICTS = ["ML1", "ML2", "ML3", "ML4", "ML5", "ML6", "ML7", "ML8", "ML9", "G65", "G67", "G68", "G69", "G71"]
AREAS = ["AB", "DD", "DG", "EH", "FK", "G", "IV", "KA", "KW", "KY", "PA", "PH", "TD", "ZE", "HS"]


def api(action: str, token: str, **payload: Any) -> Any:
    resp = requests.post(
        f"{PORTAL}/api/3/action/{action}", json=payload, timeout=300, headers={"Authorization": token}
    )
    body = resp.json()
    if not body.get("success"):
        raise RuntimeError(f"{action}: {body.get('error')}")
    return body["result"]


def synthetic(n_postcodes: int, n_properties: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """A postcode directory (every North Lanarkshire sector, the rest from Scotland's other
    areas, centroids in the right box) and the council tax bands of ``n_properties`` dwellings
    in North Lanarkshire counted by postcode and band (the published table's layout)."""
    rng = random.Random(seed)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    units = [a + b for a in letters for b in letters]
    local = [f"{d} {s}{u}" for d in DISTRICTS for s in range(1, 10) for u in units]
    rng.shuffle(local)
    local = local[: min(len(local), n_postcodes // 5)]
    others = [f"{a}{n} {s}{u}" for a in AREAS for n in range(1, 60) for s in range(10) for u in units]
    codes = local + rng.sample(others, n_postcodes - len(local))

    def centroid(code: str) -> tuple[float, float]:
        if code in nl:
            return rng.uniform(55.76, 56.0), rng.uniform(-4.15, -3.72)
        return rng.uniform(54.7, 60.8), rng.uniform(-7.5, -1.8)

    nl = set(local)
    postcodes = []
    for c in sorted(codes):
        lat, lon = centroid(c)
        postcodes.append({"pcds": c, "lat": round(lat, 6), "long": round(lon, 6), "osward": ""})
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for _ in range(n_properties):
        counts[(rng.choice(local), rng.choice("AABBBCCCDDEEFGH"))] += 1
    bands = [{"Postcode": pc, "Band": b, "Dwellings": n} for (pc, b), n in sorted(counts.items())]
    return postcodes, bands


def zipf_sample(items: list[str], draws: int, a: float = 1.1, seed: int = 3) -> list[str]:
    """``draws`` items with a Zipf distribution over a random ranking of all ``items``."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(items))
    ranks: list[int] = []
    while len(ranks) < draws:
        r = rng.zipf(a, draws)
        ranks.extend(int(x) - 1 for x in r if x <= len(items))
    return [items[order[r]] for r in ranks[:draws]]


def change_signal_ms(resource_id: str, repeat: int = 5) -> dict[str, float]:
    """Median ms of the lookup's change signal (ckanext/nlc/lookups/data.py ``FINGERPRINT_SQL``)
    and of the full-table scan it replaced, on the postcode table, as the read-only role runs them."""
    from ckanext.nlc.lookups.data import FINGERPRINT_SQL

    table = f'"{resource_id}"'
    queries = {
        "signal_ms": (FINGERPRINT_SQL.replace("{table}", table), {"name": table}),
        "old_full_scan_ms": (
            f"SELECT count(*), max(_id), sum(xmin::text::bigint) FROM {table}",  # noqa: S608 - quoted
            None,
        ),
    }
    conn = psycopg2.connect(DATASTORE_READ_URL)
    out = {}
    try:
        with conn.cursor() as cur:
            for key, (sql, params) in queries.items():
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    cur.execute(sql, params)
                    cur.fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
                out[key] = round(statistics.median(times), 2)
    finally:
        conn.close()
    return out


def dataset_fields(name: str, title: str) -> dict[str, Any]:
    import datetime as dt

    return {
        "name": name,
        "title": title,
        "owner_org": "finance",
        "notes": "Bench-only synthetic data; removed after the benchmark.",
        "maintainer": "Open data team",
        "maintainer_email": "opendata@northlanarkshire.gov.uk",
        "license_id": "OGL-UK-3.0",
        "mps_class": ["9"],
        "foi_topics": ["council-tax-bands"],
        "update_frequency": "annual",
        "last_updated": dt.date.today().isoformat(),
        "private": False,
    }


def publish(token: str, name: str, title: str, fields: list[dict], records: list[dict], index: str) -> str:
    purge(token, name)
    pkg = api("package_create", token, **dataset_fields(name, title))
    res = api(
        "resource_create",
        token,
        package_id=pkg["id"],
        name=title,
        format="CSV",
        url=f"http://example.com/{name}.csv",
    )
    chunk = 20_000
    api(
        "datastore_create",
        token,
        resource_id=res["id"],
        force=True,
        fields=fields,
        records=records[:chunk],
        indexes=[index],
    )
    for i in range(chunk, len(records), chunk):
        api(
            "datastore_upsert",
            token,
            resource_id=res["id"],
            force=True,
            method="insert",
            records=records[i : i + chunk],
        )
    return res["id"]


def purge(token: str, name: str) -> None:
    try:
        pkg = api("package_show", token, id=name)
    except RuntimeError:
        return
    for res in pkg["resources"]:
        try:
            api("datastore_delete", token, resource_id=res["id"], force=True)
        except RuntimeError:
            pass
    api("dataset_purge", token, id=name)


def bench_ini(port: int, cache_size: int = 10_000) -> Path:
    """ckan.ini with the lookups pointed at the bench datasets."""
    text = (ROOT / "ckan.ini").read_text()
    overrides = {
        "ckanext.nlc.lookups.postcode_dataset": PC_NAME,
        "ckanext.nlc.lookups.council_tax_dataset": CT_NAME,
        "ckanext.nlc.lookups.check_seconds": "5",
        "ckanext.nlc.lookups.answer_cache_size": str(cache_size),
    }
    lines = [ln for ln in text.splitlines() if ln.split("=")[0].strip() not in overrides]
    at = lines.index("[app:main]") + 1
    lines[at:at] = [f"{k} = {v}" for k, v in overrides.items()]
    fd, path = tempfile.mkstemp(prefix="nlc-bench-", suffix=".ini")
    os.write(fd, ("\n".join(lines) + "\n").encode())
    os.close(fd)
    return Path(path)


def _launch(
    ini: Path, port: int, workers: int, probe: str, env: dict[str, str], timeout: float
) -> subprocess.Popen:
    """uWSGI with ``ini`` on ``port``; returns once ``probe`` answers, or stops it and raises."""
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/uwsgi"), "--ini", str(ini), "--disable-logging"],
        env={**os.environ, **env, "NLC_BIND": f"127.0.0.1:{port}", "NLC_PROCESSES": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}{probe}", timeout=5).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"bench uWSGI server on port {port} did not start")


def start_server(ini: Path, port: int, workers: int) -> subprocess.Popen:
    """CKAN served as in production (deploy/uwsgi.ini: uWSGI workers speaking HTTP)."""
    return _launch(
        ROOT / "deploy" / "uwsgi.ini", port, workers, "/api/3/action/status_show", {"CKAN_INI": str(ini)}, 120
    )


HELLO_APP = """
BODY = b'{"help": "hello", "success": true, "result": "' + b"x" * 5950 + b'"}'


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json;charset=utf-8"),
                              ("Content-Length", str(len(BODY)))])
    return [BODY]
"""


def start_floor(port: int, workers: int, tmp: Path) -> subprocess.Popen:
    """The floor: a hello-world WSGI app (a lookup-sized JSON body) under the same uWSGI ini."""
    (tmp / "hello.py").write_text(HELLO_APP)
    ini = (ROOT / "deploy" / "uwsgi.ini").read_text()
    assert "wsgi-file = %dwsgi.py" in ini
    (tmp / "uwsgi.ini").write_text(ini.replace("wsgi-file = %dwsgi.py", "wsgi-file = %dhello.py"))
    return _launch(tmp / "uwsgi.ini", port, workers, "/", {}, 30)


def server_cpu_s(proc: subprocess.Popen) -> float:
    """CPU seconds (user + system) of a server's process group: its live processes, and the
    workers it has reaped (the master's children times)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == proc.pid:  # process group (start_new_session: the master's pid)
            total += int(fields[11]) + int(fields[12])  # utime, stime
            if int(stat.parent.name) == proc.pid:
                total += int(fields[13]) + int(fields[14])  # cutime, cstime
    return total / tick


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def check_same_answer(port: int, ct_id: str, postcode: str) -> None:
    base = f"http://127.0.0.1:{port}/api/3/action/"
    a = requests.get(base + "nlc_postcode_lookup", params={"postcode": postcode}, timeout=180).json()[
        "result"
    ]
    b = requests.get(
        base + "datastore_search",
        timeout=30,
        params={"resource_id": ct_id, "filters": json.dumps({"Postcode": postcode}), "limit": 1000},
    ).json()["result"]
    got = a["council_tax"]["bands"]
    want = {r["Band"]: int(r["Dwellings"]) for r in b["records"]}
    assert got == want and got, f"answers differ for {postcode}: {got} vs {want}"


def publish_both(token: str, postcodes: list[dict], bands: list[dict]) -> tuple[str, str]:
    """Publish the postcode directory and the council tax bands; their resource ids."""
    pc_id = publish(
        token,
        PC_NAME,
        "Bench postcodes",
        [
            {"id": "pcds", "type": "text"},
            {"id": "lat", "type": "float8"},
            {"id": "long", "type": "float8"},
            {"id": "osward", "type": "text"},
        ],
        postcodes,
        "pcds",
    )
    ct_id = publish(
        token,
        CT_NAME,
        "Bench council tax bands",
        [
            {"id": "Postcode", "type": "text"},
            {"id": "Band", "type": "text"},
            {"id": "Dwellings", "type": "int4"},
        ],
        bands,
        "Postcode",
    )
    return pc_id, ct_id


def resource_id(token: str, name: str) -> str | None:
    """The DataStore resource of a bench dataset left by a --keep run, else None."""
    try:
        return api("package_show", token, id=name)["resources"][0]["id"]
    except (RuntimeError, IndexError):
        return None


def cold_answer_cpu() -> dict[str, Any]:
    """bench/lookup_cpu.py on the bench ini with the answer cache off (a process of its own)."""
    ini = bench_ini(0, cache_size=0)
    try:
        out = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "lookup_cpu.py"), str(ini)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        ini.unlink(missing_ok=True)
    return {**json.loads(out.strip().splitlines()[-1]), "load_average": load_average()}


def warm_up(port: int, ct_id: str, with_bands: list[str], workers: int) -> None:
    """Check answers against datastore_search until every worker has built its indexes
    (each request on a new connection; a worker building answers only when done)."""
    from concurrent.futures import ThreadPoolExecutor

    sample = random.Random(1).sample(with_bands, 5 * workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda pc: check_same_answer(port, ct_id, pc), sample))


def _args() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="wrk" if loadgen.wrk_available() else "python",
        help="load generator: wrk (C) or Python asyncio (a connection per request)",
    )
    ap.add_argument(
        "--port", type=int, default=5201, help="the bench's own CKAN (cache off: port + 1, floor: port + 2)"
    )
    ap.add_argument("--properties", type=int, default=160_000)
    ap.add_argument("--postcodes", type=int, default=230_000)
    ap.add_argument("--keep", action="store_true", help="leave the bench datasets published")
    ap.add_argument("--reuse", action="store_true", help="use the bench datasets a --keep run left")
    ap.add_argument(
        "--api-token", default=os.environ.get("CKAN_API_TOKEN"), help="default: .state/sysadmin.json's"
    )
    return ap.parse_args()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:  # noqa: C901 - one run, step by step
    global PORTAL
    args = _args()
    PORTAL = f"http://127.0.0.1:{args.port}"
    from tests.live import sysadmin_token

    token = args.api_token or sysadmin_token()
    postcodes, bands = synthetic(args.postcodes, args.properties)
    proc = None
    ini = bench_ini(args.port)
    try:
        proc = start_server(ini, args.port, args.workers)
        print(
            f"publishing {len(postcodes)} postcodes and the bands of {args.properties} dwellings "
            f"({len(bands)} rows) through {PORTAL} ...",
            flush=True,
        )
        t0 = time.time()
        published = [resource_id(token, n) for n in (PC_NAME, CT_NAME)] if args.reuse else [None]
        if all(published):
            pc_id, ct_id = published
        else:
            pc_id, ct_id = publish_both(token, postcodes, bands)
        print(f"published in {time.time() - t0:.0f} s", flush=True)
        signal_ms = change_signal_ms(pc_id)
        print(f"change signal on the {len(postcodes)}-row postcode table: {signal_ms}", flush=True)
        cpu = cold_answer_cpu()
        print(f"one cold answer in process: {cpu}", flush=True)
        with_bands = sorted({b["Postcode"] for b in bands})
        time.sleep(6)  # past check_seconds: every worker sees the published tables
        warm_up(args.port, ct_id, with_bands, args.workers)
        drawn = zipf_sample([p["pcds"] for p in postcodes], 20_000)
        distinct = len(set(drawn))
        lookup_paths = [
            "/api/3/action/nlc_postcode_lookup?postcode=" + urllib.parse.quote(re.sub(" ", "", pc.lower()))
            for pc in drawn
        ]
        ds_paths = [
            f"/api/3/action/datastore_search?resource_id={ct_id}&fields=Band,Dwellings&limit=1000&filters="
            + urllib.parse.quote(json.dumps({"Postcode": pc}))
            for pc in drawn
        ]

        def measure(paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
            cpu = server_cpu_s(proc)
            out = loadgen.measure(args.port, paths, clients, seconds, args.client)
            served = out["requests"] + out["errors"]
            per_request = (server_cpu_s(proc) - cpu) * 1000 / served if served else None
            return {
                **out,
                "server_cpu_ms_per_request": round(per_request, 3) if per_request else None,
                "load_average": load_average(),
            }

        # Warm up every worker (index build, connections), then measure.
        measure(lookup_paths, args.workers * 4, 5)
        measure(ds_paths, args.workers * 4, 3)
        print(
            f"{args.clients} clients ({args.client}) x {args.seconds:.0f} s, "
            f"uWSGI {args.workers} processes (one thread each), "
            f"{os.cpu_count()} CPUs (load generator on the same machine); "
            f"{len(drawn)} Zipf draws, {distinct} distinct postcodes",
            flush=True,
        )
        lookup = measure(lookup_paths, args.clients, args.seconds)
        print(f"nlc_postcode_lookup : {lookup}", flush=True)
        ds = measure(ds_paths, args.clients, args.seconds)
        print(f"datastore_search    : {ds}", flush=True)
        # The same lookups with the answer cache off (every answer computed).
        stop_server(proc)
        ini.unlink(missing_ok=True)
        args.port += 1  # a fresh port (5202): the old one lingers in TIME_WAIT
        PORTAL = f"http://127.0.0.1:{args.port}"  # the purge goes through the server running
        ini = bench_ini(args.port, cache_size=0)
        proc = start_server(ini, args.port, args.workers)
        warm_up(args.port, ct_id, with_bands, args.workers)
        measure(lookup_paths, args.workers * 4, 10)
        uncached = measure(lookup_paths, args.clients, args.seconds)
        print(f"nlc_postcode_lookup, answer cache off: {uncached}", flush=True)
        # The floor in the same minute: what uWSGI and wrk cost on this machine now.
        with tempfile.TemporaryDirectory() as tmp:
            floor_proc = start_floor(args.port + 1, args.workers, Path(tmp))
            try:
                proc, lookup_proc = floor_proc, proc  # measure() reads the server's CPU
                port, args.port = args.port, args.port + 1
                floor = measure(["/"], args.clients, args.seconds)
            finally:
                proc, args.port = lookup_proc, port
                stop_server(floor_proc)
        print(f"floor (hello-world WSGI app, same uWSGI ini): {floor}", flush=True)
    finally:
        try:
            if not args.keep:
                purge(token, PC_NAME)
                purge(token, CT_NAME)
        finally:  # a failed purge must not leave the server running
            if proc is not None:
                stop_server(proc)
            ini.unlink(missing_ok=True)
        print(f"bench datasets {'kept' if args.keep else 'purged'}, bench server stopped", flush=True)
    speedup = round(lookup["rps"] / ds["rps"], 2) if ds["rps"] else None
    print(
        json.dumps(
            {
                "postcodes": len(postcodes),
                "distinct_postcodes_drawn": distinct,
                "p99_ms": lookup["p99_ms"],
                "p50_ms": lookup["p50_ms"],
                "rps": lookup["rps"],
                "errors": lookup["errors"],
                "cold_p99_ms": uncached["p99_ms"],
                "cold_p50_ms": uncached["p50_ms"],
                "cold_rps": uncached["rps"],
                "cold_server_cpu_ms_per_request": uncached["server_cpu_ms_per_request"],
                "floor_p99_ms": floor["p99_ms"],
                "floor": floor,
                "load_average": uncached["load_average"],
                "datastore_search": ds,
                "speedup_vs_datastore_search": speedup,
                "answer_cache_off": uncached,
                "change_signal": signal_ms,
                "cold_answer_in_process": cpu,
                "targets_met": bool(
                    lookup["p99_ms"] < 50 and uncached["p99_ms"] < 50 and speedup and speedup >= 3
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
