"""CPU time of one cold postcode answer, in process (bench/lookup.py runs it; a figure that,
unlike latency under load, does not depend on what else the machine is running).

    python bench/lookup_cpu.py CKAN_INI [--answers 2000]

Builds CKAN's app from CKAN_INI (the lookups pointed at the bench datasets), draws postcodes
from the whole directory (Zipf, as the load test does) and answers each with the fast path's
``answer`` and no answer cache. Prints one JSON object: ``cpu_ms_per_answer`` (process CPU
time), ``wall_ms_per_answer``, ``answers``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ini")
    ap.add_argument("--answers", type=int, default=2000)
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
        for q in queries[:100]:  # every index built
            fastpath.answer(q, None)
        cpu, wall = time.process_time(), time.perf_counter()
        for q in queries[100:]:
            if fastpath.answer(q, None) is None:
                raise SystemExit(f"no answer for {q}")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        json.dumps(
            {
                "answers": args.answers,
                "cpu_ms_per_answer": round(cpu * 1000 / args.answers, 3),
                "wall_ms_per_answer": round(wall * 1000 / args.answers, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
