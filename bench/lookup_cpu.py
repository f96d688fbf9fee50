"""CPU time of one cold postcode answer, in process (bench/lookup.py runs it; a figure that,
unlike latency under load, does not depend on what else the machine is running).

    python bench/lookup_cpu.py CKAN_INI [--answers 2000] [--stack]

Builds CKAN's app from CKAN_INI (the lookups pointed at the bench datasets), draws postcodes
from the whole directory (Zipf, as the load test does) and answers each with the fast path's
``answer`` and no answer cache (``--stack``: through the whole WSGI stack uWSGI serves, the
IMiddleware wrappers included; the ini's answer cache must be off, as bench/lookup.py's is).
Prints one JSON object: ``cpu_ms_per_answer`` (process CPU time), ``wall_ms_per_answer``,
``answers``, ``stack``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def environ(query: str) -> dict[str, str]:
    """A WSGI environ of ``GET /api/3/action/nlc_postcode_lookup?<query>`` as uWSGI passes it."""
    path = "/api/3/action/nlc_postcode_lookup"
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "REQUEST_URI": f"{path}?{query}",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http",
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ini")
    ap.add_argument("--answers", type=int, default=2000)
    ap.add_argument("--stack", action="store_true", help="through the whole WSGI stack")
    args = ap.parse_args()
    import psycopg2
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    from bench.lookup import DATASTORE_READ_URL, zipf_sample

    app = make_app(load_config(args.ini))
    from ckanext.nlc.lookups import data, fastpath

    with app._wsgi_app.test_request_context():
        _, source = data.get("postcode")
        conn = psycopg2.connect(DATASTORE_READ_URL)
        with conn.cursor() as cur:
            cur.execute(f'SELECT pcds FROM "{source.resource_id}"')  # noqa: S608 - quoted id
            postcodes = [r[0] for r in cur.fetchall()]
        conn.close()
        queries = [
            "postcode=" + p.replace(" ", "").lower() for p in zipf_sample(postcodes, args.answers + 100)
        ]
        def one(q: str) -> bytes | None:
            if not args.stack:
                return fastpath.answer(q, None)
            status: list[str] = []
            body = b"".join(app(environ(q), lambda s, h, e=None: status.append(s)))
            return body if status == ["200 OK"] else None

        for q in queries[:100]:  # every index built
            one(q)
        cpu, wall = time.process_time(), time.perf_counter()
        for q in queries[100:]:
            if one(q) is None:
                raise SystemExit(f"no answer for {q}")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        json.dumps(
            {
                "answers": args.answers,
                "cpu_ms_per_answer": round(cpu * 1000 / args.answers, 3),
                "wall_ms_per_answer": round(wall * 1000 / args.answers, 3),
                "stack": args.stack,
            }
        )
    )


if __name__ == "__main__":
    main()
