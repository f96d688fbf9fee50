"""Benchmark: catalogue search at national scale, the nlc plugin against stock CKAN.

    python bench/search.py [--datasets 10000] [--rounds 5] [--seconds 5] [--clients 10,100]
                           [--workers 4] [--port 5310] [--keep] [--reuse]

1. A CKAN of the bench's own (uWSGI, deploy/uwsgi.ini; databases ``ckan_bench_search`` and
   ``datastore_bench_search``, a Solr core ``nlc_bench_search`` created with CoreAdmin from a
   copy of the test core's configuration) holds ``--datasets`` generated datasets: the
   schema's fields (MPS classes, FOI topics, EU themes, update frequency, dates, temporal
   coverage, a spatial extent in Scotland, source system, screen), 1-5 resources and 2-6 tags.
   Rows are written straight into the database, then indexed through CKAN
   (bench/search_index.py: ``package_show`` and the plugins' index hooks, as any indexing does).
2. The same databases and Solr core served a second time with the stock plugins: the ini's
   ``ckan.plugins`` without ``nlc`` and ``scheming_datasets`` (the schema is nlc's).
3. ``--rounds`` rounds; in each, every scenario (``package_search``: text, facets, bbox;
   ``/dataset``: text, facet filters, map filter, paging; at each ``--clients`` level) runs
   ``--seconds`` on one server and straight after on the other, the order alternating round
   by round, so both see the same machine load. Each run also takes the CPU time (utime +
   stime from /proc) of the server's uWSGI process group per request served, a figure the
   machine's load hardly moves. Per scenario and server: medians over the rounds; per
   scenario: the medians of the per-round nlc/stock ratios of p95 and of CPU per request.
   A run only counts requests that finished within it: at 100 clients a p95 near
   ``--seconds`` is cut off by the run's length (give such levels more seconds).
4. Where page time goes: ``bench/page_timing.py`` on a sample of ``/dataset`` requests.

The databases and the core are dropped afterwards, unless ``--keep`` (they stay, with the two
inis, in ``KEPT``; ``--reuse`` serves them again without regenerating, e.g. to profile).
The LAST line printed is one JSON object: ``package_search_p95_ms`` and ``page_p95_ms`` (nlc,
lowest client level, median over rounds), ``overhead_vs_stock`` (the worst scenario's median
per-round nlc p95 / stock p95, minus 1), ``cpu_overhead_vs_stock`` (the same for CPU per
request) and ``cpu_ms_per_request`` per scenario and server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.extras
import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "ckanext-nlc"))

from ckanext.nlc import vocab  # noqa: E402

from bench import loadgen  # noqa: E402
from tests.ckan_server import CkanServer, _psql, derived_ini, own_databases  # noqa: E402

SOLR = "http://127.0.0.1:8983/solr"
KEPT = Path(tempfile.gettempdir()) / "nlc-bench-search-kept"  # --keep / --reuse
CORE = "nlc_bench_search"
NAME = "bench_search"  # databases ckan_bench_search, datastore_bench_search
FORMATS = ["CSV", "CSV", "CSV", "GeoJSON", "XLSX", "PDF", "JSON", "KML"]
LICENCES = ["OGL-UK-3.0"] * 8 + ["OS-OpenData", "CC-BY-4.0", "ODbL-1.0", "CC0-1.0"]
SYSTEMS = [
    "Corporate GIS",
    "Council tax system",
    "Uniform (planning)",
    "Confirm (roads)",
    "Oracle Financials",
]
PLACES = [
    "Airdrie",
    "Bellshill",
    "Coatbridge",
    "Cumbernauld",
    "Kilsyth",
    "Motherwell",
    "Shotts",
    "Wishaw",
    "Viewpark",
    "Chryston",
    "Moodiesburn",
    "Harthill",
    "Newmains",
    "Stepps",
    "Uddingston",
    "Carluke",
]
WORDS = [
    "register",
    "locations",
    "statistics",
    "annual",
    "performance",
    "budget",
    "survey",
    "map",
    "inspections",
    "contracts",
    "applications",
    "schedule",
    "boundaries",
    "assets",
    "complaints",
    "grants",
    "licences",
    "collections",
    "usage",
    "allocations",
    "spending",
    "monitoring",
]
SEARCH_TERMS = ["council tax", "schools", "parking", "planning", "bins", "Motherwell", "trees", "grants"]
SCOTLAND = (-7.5, 54.7, -1.8, 60.8)


def solr_core(action: str) -> None:
    """CREATE the bench core from a copy of the test core's conf, or UNLOAD and delete it."""
    home = ROOT / ".state" / "solr"
    if action == "create":
        if (
            requests.get(f"{SOLR}/admin/cores", params={"action": "STATUS", "core": CORE}, timeout=30)
            .json()["status"]
            .get(CORE)
        ):
            solr_core("unload")
        shutil.rmtree(home / CORE, ignore_errors=True)
        shutil.copytree(home / "ckan_test" / "conf", home / CORE / "conf")
        params = {"action": "CREATE", "name": CORE, "instanceDir": str(home / CORE)}
    else:
        params = {"action": "UNLOAD", "core": CORE, "deleteInstanceDir": "true", "deleteIndex": "true"}
    resp = requests.get(f"{SOLR}/admin/cores", params=params, timeout=120)
    if not resp.ok:
        raise SystemExit(f"Solr CoreAdmin {action} {CORE}: HTTP {resp.status_code} {resp.text[:300]}")


def drop_databases() -> None:
    for db in (f"ckan_{NAME}", f"datastore_{NAME}"):
        _psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def api(url: str, token: str, action: str, **payload: Any) -> Any:
    resp = requests.post(
        f"{url}/api/3/action/{action}", json=payload, headers={"Authorization": token}, timeout=120
    )
    body = resp.json()
    if not body.get("success"):
        raise RuntimeError(f"{action}: {body.get('error')}")
    return body["result"]


def extent(rng: random.Random) -> tuple[str, tuple[float, float, float, float]]:
    """A GeoJSON bounding-box polygon somewhere in Scotland, from a street to a council area."""
    w, s, e, n = SCOTLAND
    size = rng.choice([0.01, 0.05, 0.2, 0.5])
    x, y = rng.uniform(w, e - size), rng.uniform(s, n - size)
    box = (round(x, 5), round(y, 5), round(x + size, 5), round(y + size * 0.6, 5))
    ring = [[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]], [box[0], box[1]]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}), box


def generate(dsn: str, count: int, orgs: list[str], creator: str, seed: int = 10_000) -> list[str]:
    """``count`` datasets written into the CKAN database; returns the tag names used."""
    rng = random.Random(seed)
    topics = list(vocab.foi_topics().items())
    mps = list(vocab.MPS_CLASSES)
    freqs = list(vocab.UPDATE_FREQUENCIES)
    themes = [c["value"] for c in _schema_field("eu_themes")["choices"]]
    tags = sorted(
        {w for _, label in topics for w in label.lower().replace(",", "").split() if len(w) > 3}
        | {p.lower() for p in PLACES}
        | set(WORDS)
    )
    tag_ids = {t: str(uuid.uuid4()) for t in tags}
    now = dt.datetime(2026, 12, 1)
    packages, resources, package_tags = [], [], []
    for i in range(count):
        pid = str(uuid.uuid4())
        topic_id, topic = rng.choice(topics)
        place = rng.choice(PLACES)
        word = rng.choice(WORDS)
        title = f"{topic} {word} - {place} {rng.randint(2005, 2026)}"
        spatial, _ = extent(rng)
        updated = (now - dt.timedelta(days=rng.randint(0, 2000))).date()
        freq = rng.choice(freqs)
        due = vocab.add_interval(updated, freq)
        extras = {
            "mps_class": json.dumps(sorted({"9", rng.choice(mps)})),
            "foi_topics": json.dumps(
                sorted({topic_id, *rng.sample([t for t, _ in topics], rng.randint(0, 2))})
            ),
            "eu_themes": json.dumps(rng.sample(themes, rng.randint(0, 2))),
            "update_frequency": freq,
            "last_updated": updated.isoformat(),
            "next_update_due": due.isoformat() if due else "",
            "temporal_start": f"{updated.year - rng.randint(0, 10)}-04-01",
            "temporal_end": updated.isoformat(),
            "spatial": spatial,
            "source_system": rng.choice(SYSTEMS),
            "personal_data_screen": "passed",
            "personal_data_screen_date": updated.isoformat(),
        }
        created = now - dt.timedelta(days=rng.randint(0, 3000), seconds=i)
        packages.append(
            (
                pid,
                f"bench-{i:05d}-{topic_id}"[:100],
                title,
                f"{title}: {word} for {place}, published by the council under the Model Publication Scheme. "
                f"Answers FOI requests about {topic.lower()}. Source: {extras['source_system']}.",
                "Open data team",
                "opendata@northlanarkshire.gov.uk",
                "active",
                rng.choice(LICENCES),
                "dataset",
                rng.choice(orgs),
                False,
                created,
                created,
                creator,
                json.dumps(extras),
            )
        )
        for pos in range(rng.randint(1, 5)):
            fmt = rng.choice(FORMATS)
            resources.append(
                (
                    str(uuid.uuid4()),
                    pid,
                    f"https://data.example.org/{pid}/{pos}.{fmt.lower()}",
                    fmt,
                    f"{title} ({fmt})",
                    f"{word.capitalize()} for {place}, {fmt}.",
                    pos,
                    "active",
                    "{}",
                    created,
                )
            )
        for tag in rng.sample(tags, rng.randint(2, 6)):
            package_tags.append((str(uuid.uuid4()), "active", pid, tag_ids[tag]))
    conn = psycopg2.connect(dsn)
    with conn, conn.cursor() as cur:
        ex = psycopg2.extras.execute_values
        ex(cur, "INSERT INTO tag (id, name) VALUES %s", [(v, k) for k, v in tag_ids.items()])
        ex(
            cur,
            "INSERT INTO package (id, name, title, notes, maintainer, maintainer_email, state, license_id,"
            " type, owner_org, private, metadata_created, metadata_modified, creator_user_id, extras)"
            " VALUES %s",
            packages,
            page_size=1000,
        )
        ex(
            cur,
            "INSERT INTO resource (id, package_id, url, format, name, description, position, state,"
            " extras, created) VALUES %s",
            resources,
            page_size=2000,
        )
        ex(
            cur,
            "INSERT INTO package_tag (id, state, package_id, tag_id) VALUES %s",
            package_tags,
            page_size=2000,
        )
    conn.close()
    return tags


def _schema_field(name: str) -> dict[str, Any]:
    import importlib.resources

    schema = yaml.safe_load(
        importlib.resources.files("ckanext.nlc").joinpath("schemas/dataset.yaml").read_text()
    )
    return next(f for f in schema["dataset_fields"] if f["field_name"] == name)


def index(ini: Path, dsn: str, work: Path, processes: int = 2, core: str = CORE) -> None:
    """Every dataset indexed through CKAN (bench/search_index.py, ``processes`` at once), one commit."""
    conn = psycopg2.connect(dsn)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM package WHERE state = 'active' ORDER BY id")
        ids = [r[0] for r in cur.fetchall()]
    conn.close()
    procs = []
    for n in range(processes):
        ids_file = work / f"ids-{n}.txt"
        ids_file.write_text("\n".join(ids[n::processes]) + "\n")
        procs.append(
            subprocess.Popen(
                [sys.executable, str(ROOT / "bench" / "search_index.py"), str(ini), str(ids_file)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"indexing failed: {err[-2000:]}")
    requests.get(f"{SOLR}/{core}/update", params={"commit": "true"}, timeout=300).raise_for_status()


def query_paths(tags: list[str], orgs: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """``package_search`` (text, facets, bbox) and ``/dataset`` URLs, the same for both servers."""
    facets = json.dumps(
        ["organization", "tags", "res_format", "license_id", "vocab_foi_topics", "vocab_mps_class"]
    )
    q = urllib.parse.quote
    api, pages = [], []
    for _ in range(200):
        term = rng.choice(SEARCH_TERMS)
        w, s = rng.uniform(-4.5, -3.0), rng.uniform(55.5, 56.5)
        bbox = f"{w:.3f},{s:.3f},{w + 0.5:.3f},{s + 0.3:.3f}"
        api += [
            f"/api/3/action/package_search?q={q(term)}&rows=20",
            f"/api/3/action/package_search?q={q(term)}&facet.field={q(facets)}&facet.limit=50&rows=20",
            f"/api/3/action/package_search?fq={q('tags:' + rng.choice(tags))}"
            f"&facet.field={q(facets)}&rows=20",
            f"/api/3/action/package_search?ext_bbox={bbox}&rows=20",
        ]
        pages += [
            f"/dataset/?q={q(term)}",
            f"/dataset/?tags={q(rng.choice(tags))}&organization={rng.choice(orgs)}",
            f"/dataset/?ext_bbox={bbox}",
            f"/dataset/?q={q(term)}&sort=metadata_modified+desc&page={rng.randint(2, 5)}",
        ]
    return api, pages


def alive(server: CkanServer, wait_s: float = 120) -> bool:
    """The server answers within ``wait_s`` (its workers may all be busy with queued requests)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if server.proc is None or server.proc.poll() is not None:
            return False
        if server.up():
            return True
    return False


def group_cpu_s(pgid: int) -> float:
    """CPU seconds (user + system, with reaped children's) of every process in group ``pgid``."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == pgid:  # fields from "state" (stat's 3rd): pgrp is the 5th
            total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / ticks


def run_scenario(
    server: CkanServer, paths: list[str], clients: int, seconds: float, client: str
) -> dict[str, Any]:
    """One load run with the server's CPU time per request served (ms)."""
    assert server.proc is not None
    cpu0 = group_cpu_s(server.proc.pid)
    r = loadgen.measure(server.port, paths, clients, seconds, client)
    served = r["requests"] + r["errors"]
    cpu_ms = (group_cpu_s(server.proc.pid) - cpu0) * 1000
    r["cpu_ms_per_request"] = round(cpu_ms / served, 2) if served else None
    r["load1"] = float(Path("/proc/loadavg").read_text().split()[0])
    return r


def setup(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Databases, core, organisations and ``--datasets`` indexed datasets; the two inis."""
    started = time.perf_counter()
    solr_core("create")
    drop_databases()
    storage = work / "storage"
    storage.mkdir(exist_ok=True)
    try:
        nlc_ini, token = own_databases(
            ROOT / "test.ini",
            work / "nlc.ini",
            NAME,
            {
                "solr_url": f"{SOLR}/{CORE}",
                "ckan.storage_path": str(storage),
                "ckan.site_url": f"http://127.0.0.1:{args.port}",
            },
        )
    except subprocess.CalledProcessError as e:
        raise SystemExit(f"setting up the bench CKAN: {' '.join(e.cmd[3:])}: {e.stderr[-2000:]}") from None
    plugins = next(
        ln.split("=", 1)[1]
        for ln in nlc_ini.read_text().splitlines()
        if ln.split("=")[0].strip() == "ckan.plugins"
    ).split()
    stock_plugins = [p for p in plugins if p not in ("nlc", "scheming_datasets")]
    stock_ini = derived_ini(
        nlc_ini,
        work / "stock.ini",
        {"ckan.plugins": " ".join(stock_plugins), "ckan.site_url": f"http://127.0.0.1:{args.port + 1}"},
    )
    print(f"bench CKAN databases ready in {time.perf_counter() - started:.0f} s", flush=True)
    nlc = CkanServer(nlc_ini, args.port, work / "nlc.log", processes=2)
    nlc.start()
    try:
        orgs = yaml.safe_load((ROOT / "datasets" / "organizations.yaml").read_text())
        for org in orgs:
            api(nlc.url, token, "organization_create", name=org["name"], title=org["title"])
        org_ids = [o["id"] for o in api(nlc.url, token, "organization_list", all_fields=True, limit=1000)]
        creator = api(nlc.url, token, "user_show", id=f"{NAME}admin")["id"]
    finally:
        nlc.stop()
    dsn = f"postgresql://ckan:ckan@127.0.0.1:5432/ckan_{NAME}"
    t0 = time.perf_counter()
    tags = generate(dsn, args.datasets, org_ids, creator)
    t_generate = time.perf_counter() - t0
    t0 = time.perf_counter()
    index(nlc_ini, dsn, work)
    t_index = time.perf_counter() - t0
    print(
        f"{args.datasets} datasets: written in {t_generate:.1f} s, indexed in {t_index:.1f} s "
        f"({args.datasets / t_index:.0f} datasets/s)",
        flush=True,
    )
    state = {
        "datasets": args.datasets,
        "nlc_ini": str(nlc_ini),
        "stock_ini": str(stock_ini),
        "token": token,
        "tags": tags,
        "orgs": [o["name"] for o in orgs],
        "stock_plugins": stock_plugins,
        "index_s": round(t_index, 1),
    }
    (work / "state.json").write_text(json.dumps(state))
    return state


def check_same_answers(nlc: CkanServer, stock: CkanServer, api_paths: list[str]) -> list[dict[str, Any]]:
    """Queries the two servers answer differently (reported, not fatal)."""
    differ = []
    for path in api_paths[:8]:
        a, b = (requests.get(s.url + path, timeout=60).json()["result"] for s in (nlc, stock))
        if a["count"] != b["count"] or [d["id"] for d in a["results"]] != [d["id"] for d in b["results"]]:
            differ.append({"path": path, "nlc_count": a["count"], "stock_count": b["count"]})
    return differ


def interleaved(
    servers: dict[str, CkanServer],
    scenarios: dict[str, list[str]],
    levels: list[int],
    args: argparse.Namespace,
) -> dict[str, list[dict[str, Any]]]:
    """``--rounds`` rounds of every scenario on both servers back to back, order alternating."""
    runs: dict[str, list[dict[str, Any]]] = {}
    for paths in scenarios.values():  # warm every worker (first pages compile templates)
        for server in servers.values():
            loadgen.measure(server.port, paths, args.workers * 2, 5, args.client)
    order = list(servers)
    for n in range(args.rounds):
        for label, paths in scenarios.items():
            for clients in levels:
                for which in order if n % 2 == 0 else order[::-1]:
                    if not alive(servers[which]):
                        raise SystemExit(f"the {which} server stopped answering before {label} x {clients}")
                    r = run_scenario(servers[which], paths, clients, args.seconds, args.client)
                    runs.setdefault(f"{label}_{which}_{clients}", []).append(r)
                    print(f"round {n + 1} {label:15s} {which:5s} {clients:3d} clients: {r}", flush=True)
    return runs


def summarise(runs: dict[str, list[dict[str, Any]]], levels: list[int]) -> dict[str, Any]:
    """Medians over rounds per scenario and server, and medians of the per-round ratios."""
    med = statistics.median
    summary: dict[str, Any] = {}
    for key, rs in runs.items():
        summary[key] = {
            f: med(r[f] for r in rs)
            for f in ("rps", "p50_ms", "p95_ms", "p99_ms", "cpu_ms_per_request", "load1")
            if all(r.get(f) is not None for r in rs)
        }
        summary[key]["errors"] = sum(r["errors"] for r in rs)
    ratios: dict[str, Any] = {}
    for label in ("package_search", "page"):
        for c in levels:
            a, b = runs[f"{label}_nlc_{c}"], runs[f"{label}_stock_{c}"]
            p95 = [x["p95_ms"] / y["p95_ms"] for x, y in zip(a, b, strict=True) if y["p95_ms"]]
            cpu = [
                x["cpu_ms_per_request"] / y["cpu_ms_per_request"]
                for x, y in zip(a, b, strict=True)
                if x["cpu_ms_per_request"] and y["cpu_ms_per_request"]
            ]
            ratios[f"{label}_{c}"] = {
                "p95_nlc_over_stock_per_round": [round(v, 3) for v in p95],
                "p95_nlc_over_stock": round(med(p95), 3) if p95 else None,
                "cpu_nlc_over_stock_per_round": [round(v, 3) for v in cpu],
                "cpu_nlc_over_stock": round(med(cpu), 3) if cpu else None,
            }
    return {"medians": summary, "ratios": ratios}


def main() -> None:  # noqa: C901 - one run, step by step
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=5, help="0: only set up (with --keep, for --reuse)")
    ap.add_argument("--seconds", type=float, default=5, help="per scenario, server and round")
    ap.add_argument("--clients", default="10,100")
    ap.add_argument("--workers", type=int, default=4, help="uWSGI processes per server (the demo's 4)")
    ap.add_argument("--port", type=int, default=5310, help="nlc server; the stock server uses port + 1")
    ap.add_argument("--profile-requests", type=int, default=40)
    ap.add_argument("--keep", action="store_true", help=f"keep databases, core and inis (in {KEPT})")
    ap.add_argument("--reuse", action="store_true", help="serve what --keep kept, without regenerating")
    ap.add_argument(
        "--client", choices=("wrk", "python"), default="wrk" if loadgen.wrk_available() else "python"
    )
    args = ap.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    if args.keep or args.reuse:
        KEPT.mkdir(exist_ok=True)
        work = KEPT
    else:
        work = Path(tempfile.mkdtemp(prefix="nlc-bench-search-"))
    servers: dict[str, CkanServer] = {}
    kept = json.loads((work / "state.json").read_text()) if (work / "state.json").exists() else None
    try:
        if args.reuse and kept and kept["datasets"] == args.datasets:
            state = kept
        else:
            state = setup(args, work)
        token, tags = state["token"], state["tags"]
        if args.rounds == 0:  # set up (with --keep: for --reuse) and nothing else
            print(json.dumps({"kept": str(work) if args.keep else None}))
            return
        for which, port in (("nlc", args.port), ("stock", args.port + 1)):
            ini = state[f"{which}_ini"]
            derived_ini(Path(ini), Path(ini), {"ckan.site_url": f"http://127.0.0.1:{port}"})
            servers[which] = CkanServer(Path(ini), port, work / f"{which}.log", processes=args.workers)
            servers[which].start()
        nlc, stock = servers["nlc"], servers["stock"]
        count = api(nlc.url, token, "package_search", rows=0)["count"]
        if count != args.datasets:
            raise SystemExit(f"Solr holds {count} of the {args.datasets} datasets; see {nlc.log}")
        api_paths, page_paths = query_paths(tags, state["orgs"], random.Random(18))
        differ = check_same_answers(nlc, stock, api_paths)
        print(f"queries answered differently by nlc and stock: {differ}", flush=True)
        assert api(nlc.url, token, "package_search", q=SEARCH_TERMS[0], rows=0)["count"] > 0
        runs = interleaved(servers, {"package_search": api_paths, "page": page_paths}, levels, args)
        for s in servers.values():
            s.stop()
        paths_file = work / "pages.txt"
        paths_file.write_text("\n".join(page_paths) + "\n")
        breakdown = {}
        for which in servers:
            out = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "page_timing.py"),
                    state[f"{which}_ini"],
                    str(paths_file),
                    "--requests",
                    str(args.profile_requests),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            breakdown[which] = json.loads(out.strip().splitlines()[-1])
            print(f"/dataset page time, {which} (ms per request, in process): {breakdown[which]}", flush=True)
    except BaseException:
        keep = Path(tempfile.gettempdir()) / "nlc-bench-search-logs"
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir()
        for log in work.glob("*.log"):
            shutil.copy(log, keep / log.name)
        print(f"bench failed; server logs kept in {keep}", file=sys.stderr)
        raise
    finally:
        for s in servers.values():
            s.stop()
        if not args.keep:
            try:
                solr_core("unload")
            finally:
                drop_databases()
                shutil.rmtree(work, ignore_errors=True)

    summary = summarise(runs, levels)
    med, ratios = summary["medians"], summary["ratios"]
    low = levels[0]
    ps95, pg95 = med[f"package_search_nlc_{low}"]["p95_ms"], med[f"page_nlc_{low}"]["p95_ms"]
    p95_over = [r["p95_nlc_over_stock"] for r in ratios.values() if r["p95_nlc_over_stock"]]
    cpu_over = [r["cpu_nlc_over_stock"] for r in ratios.values() if r["cpu_nlc_over_stock"]]
    overhead = round(max(p95_over) - 1, 3) if p95_over else None
    cpu_overhead = round(max(cpu_over) - 1, 3) if cpu_over else None
    print(
        json.dumps(
            {
                "datasets": args.datasets,
                "clients": levels,
                "rounds": args.rounds,
                "seconds": args.seconds,
                "package_search_p95_ms": ps95,
                "page_p95_ms": pg95,
                "overhead_vs_stock": overhead,
                "cpu_overhead_vs_stock": cpu_overhead,
                "cpu_ms_per_request": {k: v.get("cpu_ms_per_request") for k, v in med.items()},
                "queries_answered_differently": differ,
                "ratios": ratios,
                "medians": med,
                "index_s": state.get("index_s"),
                "page_time_ms": breakdown,
                "stock_plugins": state["stock_plugins"],
                "targets_met": bool(ps95 < 100 and pg95 < 300 and overhead is not None and overhead <= 0.10),
                "runs": runs,
            }
        )
    )


if __name__ == "__main__":
    main()
