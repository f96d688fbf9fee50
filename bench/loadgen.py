"""Closed-loop HTTP load for the benches: ``wrk`` (Debian package, C) over a list of paths,
or, without it, a Python asyncio client. Both return requests, errors, req/s, p50/p95/p99 ms."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("NLC_BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
setup = function(thread) thread:set("seed", counter); counter = counter + 1 end
init = function() math.randomseed(os.time() + seed * 7919) end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("NLC %d %d %d %.3f %.3f %.3f\n", summary.requests, summary.duration,
    e.connect + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def load_wrk(
    port: int,
    paths: list[str],
    clients: int,
    seconds: float,
    timeout_s: int = 30,
    headers: tuple[str, ...] = (),
) -> dict[str, Any]:
    """``wrk`` (2 threads) with ``clients`` connections, a new connection per request as
    uWSGI's http-socket closes each (wrk's "read errors" for those closes are not failures;
    non-2xx answers, timeouts and connect/write errors are)."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "paths.txt").write_text("\n".join(paths) + "\n")
        (Path(tmp) / "bench.lua").write_text(WRK_SCRIPT)
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, clients)}",
                f"-c{clients}",
                f"-d{int(seconds)}s",
                "--timeout",
                f"{timeout_s}s",
                "-H",
                "Connection: close",
                *(a for h in headers for a in ("-H", h)),
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
    requests_, duration_us, errors, p50, p95, p99 = line.split()[1:]
    ok = int(requests_) - int(errors)
    return {
        "requests": ok,
        "errors": int(errors),
        "rps": round(ok / (int(duration_us) / 1e6), 1),
        "p50_ms": round(float(p50), 1),
        "p95_ms": round(float(p95), 1),
        "p99_ms": round(float(p99), 1),
    }


async def _get(port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    return int(data[9:12]) if data.startswith(b"HTTP/") else 0


async def _load_python(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    end = time.perf_counter() + seconds

    async def client(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            try:
                status = await _get(port, rng.choice(paths))
            except OSError:
                status = 0
            if status == 200:
                latencies.append((time.perf_counter() - t0) * 1000)
            else:
                errors += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
    }


def measure(
    port: int,
    paths: list[str],
    clients: int,
    seconds: float,
    client: str = "wrk",
    headers: tuple[str, ...] = (),
) -> dict[str, Any]:
    """``clients`` closed-loop clients for ``seconds`` on random ``paths`` (wrk: with ``headers``)."""
    if client == "wrk":
        return load_wrk(port, paths, clients, seconds, headers=headers)
    return asyncio.run(_load_python(port, paths, clients, seconds))
