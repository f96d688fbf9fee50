"""A CKAN of the tests' own, served as in production (uWSGI, deploy/uwsgi.ini), that a test
may kill -9 and start again: its own port, file store and (with :func:`own_databases`)
databases; Solr is shared, its entries kept apart by ``ckan.site_id``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
UWSGI = ROOT / ".venv" / "bin" / "uwsgi"


def derived_ini(base: Path, path: Path, overrides: dict[str, str]) -> Path:
    """``base`` with ``overrides`` in its [app:main] section (keys given there replaced)."""
    lines = [ln for ln in base.read_text().splitlines() if ln.split("=")[0].strip() not in overrides]
    at = lines.index("[app:main]") + 1
    lines[at:at] = [f"{k} = {v}" for k, v in overrides.items()]
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


class CkanServer:
    """uWSGI serving CKAN on 127.0.0.1:``port``; ``kill`` ends the whole process group."""

    def __init__(self, ini: Path, port: int, log: Path, processes: int = 2) -> None:
        self.ini, self.port, self.log, self.processes = ini, port, log, processes
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None
        self.kills = 0

    def up(self) -> bool:
        try:
            return requests.get(f"{self.url}/api/3/action/status_show", timeout=5).ok
        except requests.RequestException:
            return False

    def start(self, timeout: float = 120) -> None:
        env = {
            **os.environ,
            "CKAN_INI": str(self.ini),
            "NLC_BIND": f"127.0.0.1:{self.port}",
            "NLC_PROCESSES": str(self.processes),
        }
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [str(UWSGI), "--ini", str(ROOT / "deploy" / "uwsgi.ini")],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"uWSGI exited ({self.proc.returncode}); see {self.log}")
            if self.up():
                return
            time.sleep(0.3)
        raise RuntimeError(f"CKAN did not answer on {self.url} within {timeout:g} s; see {self.log}")

    def kill(self) -> None:
        """kill -9 the master and every worker, as a crash or an OOM kill would."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        _wait_port_free(self.port)  # a worker dying after its master still holds the socket
        self.proc = None
        self.kills += 1

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()
        self.proc = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def _wait_port_free(port: int, timeout: float = 30) -> None:
    """Until 127.0.0.1:``port`` can be bound again (as uWSGI binds it: SO_REUSEADDR)."""
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"port {port} still in use {timeout:g} s after kill -9") from None
        time.sleep(0.05)


def _psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["su", "postgres", "-c", f"psql -qtA -d {db} -v ON_ERROR_STOP=1"],
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def own_databases(base: Path, ini: Path, name: str, overrides: dict[str, str]) -> tuple[Path, str]:
    """An ini with databases of its own (``ckan_<name>``, ``datastore_<name>``), created and
    initialised when missing, so no other test's database reset can reach this server; and the
    API token of its sysadmin. Returns (ini, token)."""
    ckan_db, ds_db = f"ckan_{name}", f"datastore_{name}"
    for db in (ckan_db, ds_db):
        if _psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") != "1":
            _psql(f"CREATE DATABASE {db} OWNER ckan ENCODING 'UTF8' TEMPLATE template0")
    derived_ini(
        base,
        ini,
        {
            "sqlalchemy.url": f"postgresql://ckan:ckan@127.0.0.1:5432/{ckan_db}",
            "ckan.datastore.write_url": f"postgresql://ckan:ckan@127.0.0.1:5432/{ds_db}",
            "ckan.datastore.read_url": f"postgresql://datastore_default:datastore_default@127.0.0.1:5432/{ds_db}",
            "ckanext.xloader.jobs_db.uri": f"postgresql://ckan:ckan@127.0.0.1:5432/{ckan_db}",
            "ckan.site_id": f"nlc_{name}",
            **overrides,
        },
    )
    ckan = [str(ROOT / ".venv" / "bin" / "ckan"), "-c", str(ini)]
    run = lambda *a: subprocess.run([*ckan, *a], capture_output=True, text=True, check=True).stdout  # noqa: E731
    run("db", "init")
    run("db", "upgrade")
    _psql(run("datastore", "set-permissions"))
    user = f"{name}admin"
    if (
        f"name={user}"
        not in subprocess.run([*ckan, "user", "show", user], capture_output=True, text=True).stdout
    ):
        run("user", "add", user, f"email={user}@example.org", "password=not-a-real-password-1")
    run("sysadmin", "add", user)
    token = run("user", "token", "add", user, "tests").strip().splitlines()[-1].strip()
    return ini, token


def own_server(
    tmp: Path, name: str, port: int, overrides: dict[str, str] | None = None
) -> tuple[CkanServer, str, Path]:
    """A CKAN of a test's own, not yet started: test.ini with databases of its own
    (:func:`own_databases`), a file store under ``tmp``, ``port``, its uWSGI log in
    test-artifacts/. Returns (server, sysadmin token, file store)."""
    storage = tmp / "storage"
    storage.mkdir(exist_ok=True)
    ini, token = own_databases(
        ROOT / "test.ini",
        tmp / f"{name}.ini",
        name,
        {"ckan.site_url": f"http://127.0.0.1:{port}", "ckan.storage_path": str(storage), **(overrides or {})},
    )
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = ROOT / "test-artifacts" / f"{name}-ckan-uwsgi.log"
    log.write_text("")
    return CkanServer(ini, port, log), token, storage
