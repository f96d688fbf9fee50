"""`make stop` stops only what the scripts started: a Redis or PostgreSQL someone else runs
is left alone. Tried with a Redis of the test's own on port 5119 (never the shared services)
and with the marker logic over a stand-in PostgreSQL data directory."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORT = 5119  # the security suite's spare port


def _services(state: Path, script: str, **env: str) -> subprocess.CompletedProcess:
    """Source scripts/services.sh (its functions only) with a state folder of its own, then run."""
    full = {**os.environ, "NLC_STATE": str(state), "REDIS_PORT": str(PORT), **env}
    return subprocess.run(["bash", "-c", f"source {ROOT}/scripts/services.sh; {script}"], env=full,
                          capture_output=True, text=True, timeout=60)


def _redis_up() -> bool:
    ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(PORT), "ping"],
                          capture_output=True, text=True)
    return ping.stdout.strip() == "PONG"


@pytest.fixture
def foreign_redis(tmp_path: Path):
    """A Redis on port 5119 that the scripts did not start."""
    pidfile = tmp_path / "foreign-redis.pid"
    subprocess.run(["redis-server", "--bind", "127.0.0.1", "--port", str(PORT), "--daemonize", "yes",
                    "--pidfile", str(pidfile), "--save", "", "--dir", str(tmp_path)], check=True)
    for _ in range(50):
        if _redis_up():
            break
        time.sleep(0.1)
    assert _redis_up()
    yield int(pidfile.read_text())
    subprocess.run(["redis-cli", "-p", str(PORT), "shutdown", "nosave"], capture_output=True)


def test_stop_leaves_a_redis_it_did_not_start(tmp_path: Path, foreign_redis: int) -> None:
    state = tmp_path / "state"
    state.mkdir()
    done = _services(state, "stop_redis")
    assert done.returncode == 0, done.stderr
    assert _redis_up(), "stop shut down a Redis the scripts had not started"
    (state / "redis.pid").write_text(f"{os.getpid()}\n")  # a stale PID file naming another process
    done = _services(state, "stop_redis")
    assert done.returncode == 0 and _redis_up(), done.stdout + done.stderr
    assert not (state / "redis.pid").exists()


def test_stop_stops_the_redis_it_started(tmp_path: Path) -> None:
    state = tmp_path / "state"
    done = _services(state, "start_redis && redis_started_by_us && stop_redis")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not _redis_up()


def test_postgres_marker_names_the_postmaster_the_scripts_started(tmp_path: Path) -> None:
    """Only a marker holding the running postmaster's PID makes PostgreSQL ours to stop."""
    data = tmp_path / "pgdata"
    data.mkdir()
    (data / "postmaster.pid").write_text("4242\n/var/lib/postgresql/15/main\n")
    state = tmp_path / "state"
    state.mkdir()
    check = "pg_started_by_us && echo ours || echo theirs"
    assert _services(state, check, PG_DATADIR=str(data)).stdout.strip() == "theirs"  # no marker
    (state / "postgres.started-by-nlc").write_text("")  # the old scripts' empty marker
    assert _services(state, check, PG_DATADIR=str(data)).stdout.strip() == "theirs"
    (state / "postgres.started-by-nlc").write_text("999\n")  # restarted by someone else since
    assert _services(state, check, PG_DATADIR=str(data)).stdout.strip() == "theirs"
    (state / "postgres.started-by-nlc").write_text("4242\n")
    assert _services(state, check, PG_DATADIR=str(data)).stdout.strip() == "ours"


def test_ckan_stop_leaves_a_process_that_reused_a_pid(tmp_path: Path) -> None:
    """PID files left from before a reboot may name someone else's process by now."""
    state = tmp_path / "state"
    state.mkdir()
    bystander = subprocess.Popen(["sleep", "60"])
    try:
        for name in ("ckan.pid", "worker.pid"):
            (state / name).write_text(f"{bystander.pid}\n")
        env = {**os.environ, "NLC_STATE": str(state), "NLC_CKAN_INI": str(tmp_path / "ckan.ini")}
        done = subprocess.run(["bash", str(ROOT / "scripts/ckan.sh"), "stop"], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        time.sleep(0.5)
        assert bystander.poll() is None, "ckan.sh stop killed a process it had not started"
        assert not (state / "ckan.pid").exists() and not (state / "worker.pid").exists()
    finally:
        bystander.kill()
        bystander.wait()
