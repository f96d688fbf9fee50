"""Where a CKAN page's time goes: Solr, database, template helpers, template rendering, rest.

    python bench/page_timing.py CKAN_INI PATHS_FILE [--requests 40] [--cprofile FILE]

Runs the requests in process (CKAN's Flask app, its test client) with timers on pysolr's
requests, SQLAlchemy's cursor executions (engine events), every template helper (``h.*``) and
Flask's template rendering (its ``before_render_template``/``template_rendered`` signals).
Time is attributed to the innermost timer open (a query inside a helper counts as database,
a snippet rendered by a helper as templates), so the parts add up to the request time; "other"
is the view code, plugins' hooks and the framework; "cpu" is this process's CPU time (the
load hardly moves it). Prints one JSON object: ms per request.
``--cprofile FILE`` also runs the requests under cProfile (without the timers) and writes the
stats to FILE (``python -m pstats FILE``), for finding what a plugin adds.
"""

from __future__ import annotations

import argparse
import functools
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

CATEGORIES = ("solr", "database", "helpers", "templates")


class Attribution:
    """A stack of open timers; each closing one adds its exclusive time to its category."""

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [category, start, time of closed children]
        self.totals: dict[str, float] = defaultdict(float)

    def enter(self, category: str) -> None:
        self.stack.append([category, time.perf_counter(), 0.0])

    def exit(self) -> None:
        category, start, children = self.stack.pop()
        elapsed = time.perf_counter() - start
        self.totals[category] += elapsed - children
        if self.stack:
            self.stack[-1][2] += elapsed

    def wrap(self, category: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(category)
            try:
                return fn(*args, **kwargs)
            finally:
                self.exit()

        return timed


def instrument(app: Any, timers: Attribution) -> None:
    import flask
    import pysolr
    from ckan.lib import helpers
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    pysolr.Solr._send_request = timers.wrap("solr", pysolr.Solr._send_request)
    event.listen(Engine, "before_cursor_execute", lambda *a, **k: timers.enter("database"))
    event.listen(Engine, "after_cursor_execute", lambda *a, **k: timers.exit())
    for name, fn in list(helpers.helper_functions.items()):
        if callable(fn):
            helpers.helper_functions[name] = timers.wrap("helpers", fn)
    flask.before_render_template.connect(lambda *a, **k: timers.enter("templates"), app, weak=False)
    flask.template_rendered.connect(lambda *a, **k: timers.exit(), app, weak=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ini")
    ap.add_argument("paths")
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--cprofile", type=Path, help="also profile the requests, stats to this file")
    args = ap.parse_args()
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    wsgi = make_app(load_config(args.ini))
    flask_app = wsgi._wsgi_app
    client = flask_app.test_client()
    paths = [p for p in Path(args.paths).read_text().splitlines() if p]
    for path in paths[:5]:  # compile the templates, open the connections
        client.get(path)
    if args.cprofile:
        import cProfile

        with cProfile.Profile() as prof:
            for i in range(args.requests):
                client.get(paths[i % len(paths)])
        prof.dump_stats(args.cprofile)
    timers = Attribution()
    instrument(flask_app, timers)
    total = 0.0
    cpu0 = time.process_time()
    for i in range(args.requests):
        path = paths[i % len(paths)]
        t0 = time.perf_counter()
        resp = client.get(path)
        total += time.perf_counter() - t0
        if resp.status_code != 200:
            raise SystemExit(f"{path}: HTTP {resp.status_code}")
    per = {k: round(timers.totals[k] * 1000 / args.requests, 1) for k in CATEGORIES}
    per["other"] = round(total * 1000 / args.requests - sum(per.values()), 1)
    per["total"] = round(total * 1000 / args.requests, 1)
    per["cpu"] = round((time.process_time() - cpu0) * 1000 / args.requests, 1)  # timers included
    print(json.dumps(per))


if __name__ == "__main__":
    main()
