"""Benchmark: the postcode lookup API vs CKAN's datastore_search for the same band query.

Publishes two bench-only datasets on the demo CKAN (10,000 synthetic postcodes and 160,000
synthetic properties, DataStore-backed, Postcode indexed), starts a separate CKAN served as in
production (uWSGI with deploy/uwsgi.ini, several worker processes, ckan.ini with the lookups
pointed at the bench datasets) on another loopback port, then runs CLIENTS concurrent clients
for SECONDS against each endpoint in turn, with wrk (Debian package; C, keep-alive) or, without
it, a Python asyncio client.
The bench datasets are purged and the server stopped afterwards.
The LAST line printed is one JSON object with ``p99_ms`` and ``speedup_vs_datastore_search``.

    .venv/bin/python bench/lookup.py [--clients 100] [--seconds 30] [--workers 4] [--client wrk]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
PORTAL = os.environ.get("PORTAL_URL", "http://127.0.0.1:5000")
PC_NAME, CT_NAME = "bench-lookup-postcodes", "bench-lookup-council-tax"
DISTRICTS = ["ML1", "ML2", "ML3", "ML4", "ML5", "ML6", "ML7", "ML8", "ML9", "G65", "G67", "G68", "G69", "G71"]
TOWNS = ["Motherwell", "Wishaw", "Airdrie", "Coatbridge", "Cumbernauld", "Bellshill", "Shotts"]


def api(action: str, token: str, **payload: Any) -> Any:
    resp = requests.post(
        f"{PORTAL}/api/3/action/{action}", json=payload, timeout=300, headers={"Authorization": token}
    )
    body = resp.json()
    if not body.get("success"):
        raise RuntimeError(f"{action}: {body.get('error')}")
    return body["result"]


def synthetic(n_postcodes: int, n_properties: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Postcode centroids inside North Lanarkshire's bounding box, and properties spread over
    them, counted by postcode and band as council-tax-bands publishes them."""
    rng = random.Random(seed)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    codes: set[str] = set()
    while len(codes) < n_postcodes:
        codes.add(f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}")
    postcodes = [
        {
            "pcds": c,
            "lat": round(rng.uniform(55.76, 56.0), 6),
            "long": round(rng.uniform(-4.15, -3.72), 6),
            "osward": "",
        }
        for c in sorted(codes)
    ]
    towns = {p["pcds"]: rng.choice(TOWNS) for p in postcodes}
    counts: dict[tuple[str, str], int] = {}
    for i in range(n_properties):
        key = (postcodes[i % n_postcodes]["pcds"], rng.choice("AABBBCCCDDEEFGH"))
        counts[key] = counts.get(key, 0) + 1
    props = [
        {"Postcode": pc, "Town": towns[pc], "Band": band, "Dwellings": n}
        for (pc, band), n in sorted(counts.items())
    ]
    return postcodes, props


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


def start_server(ini: Path, port: int, workers: int) -> subprocess.Popen:
    """CKAN served as in production (deploy/uwsgi.ini: uWSGI workers speaking HTTP)."""
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/uwsgi"), "--ini", str(ROOT / "deploy" / "uwsgi.ini"), "--disable-logging"],
        env={
            **os.environ,
            "CKAN_INI": str(ini),
            "NLC_BIND": f"127.0.0.1:{port}",
            "NLC_PROCESSES": str(workers),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=5).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(1)
    stop_server(proc)
    raise RuntimeError("bench uWSGI server did not start")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


async def _get(port: int, path: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data.startswith(b"HTTP/") else 0
    return status, data


async def load(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """`clients` closed-loop clients for `seconds`; latencies of successful (200) answers."""
    latencies: list[float] = []
    errors = 0
    end = time.perf_counter() + seconds

    async def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            try:
                status, _ = await _get(port, rng.choice(paths))
            except OSError:
                status = 0
            if status == 200:
                latencies.append((time.perf_counter() - t0) * 1000)
            else:
                errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - t0
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(q[49], 1),
        "p99_ms": round(q[98], 1),
    }


WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("NLC_BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
setup = function(thread) thread:set("seed", counter); counter = counter + 1 end
init = function() math.randomseed(os.time() + seed * 7919) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("NLC %d %d %d %.3f %.3f\n", summary.requests, summary.duration,
    e.connect + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def load_wrk(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """``wrk`` (C, 2 threads) with ``clients`` connections, a new connection per request as
    uWSGI's http-socket closes each (wrk's "read errors" for those closes are not failures;
    non-2xx answers, timeouts and connect/write errors are)."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "paths.txt").write_text("\n".join(paths) + "\n")
        (Path(tmp) / "bench.lua").write_text(WRK_SCRIPT)
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{clients}",
                f"-d{int(seconds)}s",
                "--timeout",
                "10s",
                "-H",
                "Connection: close",
                "-s",
                str(Path(tmp) / "bench.lua"),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "NLC_BENCH_PATHS": str(Path(tmp) / "paths.txt")},
        ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("NLC "))
    requests_, duration_us, errors, p50, p99 = line.split()[1:]
    ok = int(requests_) - int(errors)
    return {
        "requests": ok,
        "errors": int(errors),
        "rps": round(ok / (int(duration_us) / 1e6), 1),
        "p50_ms": round(float(p50), 1),
        "p99_ms": round(float(p99), 1),
    }


def check_same_answer(port: int, ct_id: str, postcode: str) -> None:
    base = f"http://127.0.0.1:{port}/api/3/action/"
    a = requests.get(base + "nlc_postcode_lookup", params={"postcode": postcode}, timeout=30).json()["result"]
    b = requests.get(
        base + "datastore_search",
        timeout=30,
        params={"resource_id": ct_id, "filters": json.dumps({"Postcode": postcode}), "limit": 1000},
    ).json()["result"]
    got = sorted(a["council_tax"]["bands"].items())
    want = sorted((r["Band"], r["Dwellings"]) for r in b["records"])
    assert got == want and got, f"answers differ for {postcode}: {got[:3]} vs {want[:3]}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator: wrk (C, keep-alive) or Python asyncio (a connection per request)",
    )
    ap.add_argument("--port", type=int, default=5077)
    ap.add_argument("--properties", type=int, default=160_000)
    ap.add_argument("--postcodes", type=int, default=10_000)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.live import sysadmin_token

    token = sysadmin_token()
    postcodes, props = synthetic(args.postcodes, args.properties)
    print(f"publishing {len(postcodes)} postcodes and {len(props)} properties on {PORTAL} ...", flush=True)
    t0 = time.time()
    proc = None
    ini = None
    try:
        publish(
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
                {"id": "Town", "type": "text"},
                {"id": "Band", "type": "text"},
                {"id": "Dwellings", "type": "int4"},
            ],
            props,
            "Postcode",
        )
        print(f"published in {time.time() - t0:.0f} s", flush=True)
        ini = bench_ini(args.port)
        proc = start_server(ini, args.port, args.workers)
        sample = [p["pcds"] for p in random.Random(1).sample(postcodes, min(2000, len(postcodes)))]
        for pc in sample[:5]:
            check_same_answer(args.port, ct_id, pc)
        lookup_paths = [
            "/api/3/action/nlc_postcode_lookup?postcode=" + urllib.parse.quote(re.sub(" ", "", pc.lower()))
            for pc in sample
        ]
        fields = "Postcode,Town,Band,Dwellings"
        ds_paths = [
            f"/api/3/action/datastore_search?resource_id={ct_id}&fields={fields}&limit=1000&filters="
            + urllib.parse.quote(json.dumps({"Postcode": pc}))
            for pc in sample
        ]

        # Warm up every worker (index build, connections), then measure.
        def measure(paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
            if args.client == "wrk":
                return load_wrk(args.port, paths, clients, seconds)
            return asyncio.run(load(args.port, paths, clients, seconds))

        measure(lookup_paths, args.workers * 4, 5)
        measure(ds_paths, args.workers * 4, 3)
        print(
            f"{args.clients} clients ({args.client}) x {args.seconds:.0f} s, "
            f"uWSGI {args.workers} processes (one thread each), "
            f"{os.cpu_count()} CPUs (load generator on the same machine)",
            flush=True,
        )
        lookup = measure(lookup_paths, args.clients, args.seconds)
        print(f"nlc_postcode_lookup : {lookup}", flush=True)
        ds = measure(ds_paths, args.clients, args.seconds)
        print(f"datastore_search    : {ds}", flush=True)
        # For the record: the same lookups with the answer cache off (every answer computed).
        stop_server(proc)
        ini.unlink(missing_ok=True)
        args.port += 1  # a fresh port: the old one may linger in TIME_WAIT
        ini = bench_ini(args.port, cache_size=0)
        proc = start_server(ini, args.port, args.workers)
        measure(lookup_paths, args.workers * 4, 5)
        uncached = measure(lookup_paths, args.clients, args.seconds)
        print(f"nlc_postcode_lookup, answer cache off: {uncached}", flush=True)
    finally:
        if proc is not None:
            stop_server(proc)
        if ini is not None:
            ini.unlink(missing_ok=True)
        purge(token, PC_NAME)
        purge(token, CT_NAME)
        print("bench datasets purged, bench server stopped", flush=True)
    speedup = round(lookup["rps"] / ds["rps"], 2) if ds["rps"] else None
    print(
        json.dumps(
            {
                "p99_ms": lookup["p99_ms"],
                "p50_ms": lookup["p50_ms"],
                "rps": lookup["rps"],
                "errors": lookup["errors"],
                "datastore_search": ds,
                "speedup_vs_datastore_search": speedup,
                "answer_cache_off": uncached,
                "targets_met": bool(lookup["p99_ms"] < 50 and speedup and speedup >= 3),
            }
        )
    )


if __name__ == "__main__":
    main()
