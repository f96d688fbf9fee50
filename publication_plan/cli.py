"""Command line: `nlc foi import|suggest|classify|unmatched|candidates|retrain|evaluate`,
`nlc foi db upgrade|current` (the FOI store's migrations) and `nlc coverage`.

Register in nlc_cli.py with ``main.add_command(foi)`` and ``main.add_command(coverage)``. They read
the catalogue over HTTP (``--ckan-url``); ``ckan -c ckan.ini nlc foi suggest|coverage`` (the
extension's IClick group) runs the same commands inside CKAN, reading it in-process.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click

from publication_plan import migrations
from publication_plan.catalogue import fetch_datasets
from publication_plan.coverage import build_dashboard, dashboard_csv, public_summary
from publication_plan.errors import PublicationPlanError
from publication_plan.evaluation import learning_curve, load_set, score
from publication_plan.foi_log import import_log
from publication_plan.matching import default_matcher
from publication_plan.model import DEFAULT_THRESHOLD, assigner_for, reassign, retrain, rules_and_model
from publication_plan.plan import load_plan
from publication_plan.store import FoiStore, db_url
from publication_plan.suggest import draft_reply, suggest_and_record

DEFAULT_CKAN_URL = "http://127.0.0.1:5000"
# click context meta keys set by ``ckan nlc`` (ckanext.nlc.cli) when these commands run inside CKAN
LOCAL_CKAN = "nlc.local_ckan"
SITE_URL = "nlc.site_url"


def _ckan(ckan_url: str | None) -> Any:
    """A ckanapi client: CKAN in-process under ``ckan nlc``, else RemoteCKAN at ``ckan_url``."""
    local = click.get_current_context().meta.get(LOCAL_CKAN)
    if local is not None:
        return local
    import ckanapi

    return ckanapi.RemoteCKAN(ckan_url or DEFAULT_CKAN_URL, user_agent="nlc-publication-plan")


def _date(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else dt.date.today()


def _fail(exc: Exception) -> None:
    raise click.ClickException(str(exc)) from exc


ckan_options = [
    click.option("--ckan-url", envvar="NLC_CKAN_URL",
                 help=f"Portal URL (default {DEFAULT_CKAN_URL}; ignored under `ckan nlc`)."),
]
db_option = click.option("--db", "db", envvar="NLC_DB_URL", help="Database URL (default env NLC_DB_URL).")


def _with(options: list[Any]) -> Any:
    def wrap(fn: Any) -> Any:
        for option in reversed(options):
            fn = option(fn)
        return fn

    return wrap


@click.group()
def foi() -> None:
    """FOI case log: import, classify, and answer requests from published data."""


@foi.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--map",
    "column_map",
    help="Column map name (casework-csv, tracker-xlsx) or a mapping YAML file; "
    "detected from the headings when omitted.",
)
@db_option
def import_cmd(file: str, column_map: str | None, db: str | None) -> None:
    """Import an FOI case-log export (CSV or XLSX). Requester details are dropped."""
    try:
        store = FoiStore(db)
        assigner = assigner_for(store, default_matcher())
        with store.transaction():  # the import and the re-assignment: stored whole or not at all
            report = import_log(file, store, column_map)
            written, matched = reassign(store, assigner)
    except PublicationPlanError as exc:
        _fail(exc)
    click.echo(report.summary())
    click.echo(
        f"Topics (rules, then the FOI team's model where confident): {matched} of {written} request(s) "
        "without a manual decision have at least one topic."
    )


@foi.command()
@click.argument("text")
@_with(ckan_options)
@click.option(
    "--site-url",
    envvar="NLC_SITE_URL",
    help="The portal's public address for dataset links (default under `ckan nlc`: ckan.site_url).",
)
@click.option("--reference", help="Request reference for the draft reply.")
@click.option("--no-record", is_flag=True, help="Do not record unanswered requests as plan candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@db_option
def suggest(
    text: str,
    ckan_url: str | None,
    site_url: str | None,
    reference: str | None,
    no_record: bool,
    as_json: bool,
    db: str | None,
) -> None:
    """List published datasets that answer TEXT and draft the reply."""
    if not text.strip():
        raise click.BadParameter("the request text is empty: nothing to check", param_hint="TEXT")
    site_url = site_url or click.get_current_context().meta.get(SITE_URL)
    if not site_url:
        raise click.UsageError(
            "no site URL for the dataset links: give --site-url (or NLC_SITE_URL), "
            "or run it as `ckan -c ckan.ini nlc foi suggest` (ckan.site_url)"
        )
    try:
        datasets = fetch_datasets(_ckan(ckan_url), include_private=False)
        store = None if no_record else FoiStore(db)
        result = suggest_and_record(text, datasets, default_matcher(), store, site_url=site_url)
    except PublicationPlanError as exc:
        _fail(exc)
    reply = draft_reply(result, reference=reference)
    if as_json:
        click.echo(json.dumps({**result.as_dict(), "draft_reply": reply}, indent=2))
        return
    if not result.suggestions:
        click.echo("No published dataset answers this request.")
        if result.candidate_id is not None:
            click.echo(
                f"Recorded as candidate #{result.candidate_id} for the publication plan"
                + (f" (topic: {result.topics[0].topic})." if result.topics else ".")
            )
        return
    for n, s in enumerate(result.suggestions, 1):
        click.echo(f"{n}. {s.title} <{s.url}> [{', '.join(s.formats)}; {s.licence}]")
        for reason in s.reasons:
            click.echo(f"     - {reason}")
    for part in result.parts:
        if not part.answered:
            click.echo(f"Not answered by published data: {part.label} ({part.reason}).")
    if result.candidate_id is not None:
        click.echo(f"Recorded as candidate #{result.candidate_id} for the publication plan.")
    click.echo("\n--- draft reply ---\n" + reply)


@foi.command()
@click.argument("reference")
@click.argument("topics", nargs=-1, required=True)
@click.option("--by", help="Who decided (kept with the decision).")
@db_option
def classify(reference: str, topics: tuple[str, ...], by: str | None, db: str | None) -> None:
    """Assign request REFERENCE to one or more TOPICS ("none" for no topic); kept across re-imports."""
    vocab = default_matcher().vocabulary
    chosen = [t for t in topics if t != "none"]
    try:
        FoiStore(db).classify(reference, chosen, known_topics=list(vocab.topics), by=by)
    except PublicationPlanError as exc:
        _fail(exc)
    labels = ", ".join(vocab.label(t) for t in chosen) or vocab.label(None)
    click.echo(f"{reference}: {labels} (manual)")


@foi.command("retrain")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0, min_open=True),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Least probability at which the model assigns a topic.",
)
@db_option
def retrain_cmd(threshold: float, db: str | None) -> None:
    """Retrain the topic model on the FOI team's classifications and re-assign the log."""
    try:
        report = retrain(FoiStore(db), default_matcher(), threshold=threshold)
    except PublicationPlanError as exc:
        _fail(exc)
    click.echo(report.summary())


@foi.command("evaluate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def evaluate_cmd(file: str, as_json: bool) -> None:
    """Precision and recall on a labelled set (council,title,topics,split,source_url): the model
    learns from the dev part and is measured on the held-out part, with its learning curve."""
    matcher = default_matcher()
    try:
        items = load_set(file, matcher.vocabulary)
    except PublicationPlanError as exc:
        _fail(exc)
    dev = [i for i in items if i.split == "dev"]
    held = [i for i in items if i.split == "heldout"]
    make = rules_and_model(matcher)
    rules = score(held, lambda text: [m.topic for m in matcher.matching(text)])
    both = score(held, make(dev))
    curve = learning_curve(dev, make)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "rules": rules.as_dict(),
                    "rules_and_model": both.as_dict(),
                    "learning_curve_dev": [
                        {"share": sh, "examples": n, "precision": round(c.precision, 3),
                         "recall": round(c.recall, 3)}
                        for sh, n, c in curve
                    ],
                },
                indent=2,
            )
        )
        return
    for name, s in (("rules", rules), ("rules + model", both)):
        o = s.overall
        click.echo(
            f"held-out, {name}: precision {o.precision:.3f}, recall {o.recall:.3f} "
            f"(tp/fp/fn {o.tp}/{o.fp}/{o.fn})"
        )
    click.echo("learning curve, development part by council (share, examples -> precision, recall):")
    for share, n, c in curve:
        click.echo(f"  {share:4.0%}  {n:4d}  {c.precision:.3f}  {c.recall:.3f}")
    click.echo("per topic (rules + model):")
    for topic, c in sorted(both.by_topic.items()):
        click.echo(f"  {topic:26s} P {c.precision:.2f}  R {c.recall:.2f}  ({c.tp}/{c.fp}/{c.fn})")
    click.echo("per council (rules + model):")
    for council, c in sorted(both.by_council.items()):
        click.echo(f"  {council:30s} P {c.precision:.2f}  R {c.recall:.2f}  ({c.tp}/{c.fp}/{c.fn})")


@foi.command()
@click.option("--limit", type=int, default=0, help="Show at most this many (0 = all).")
@db_option
def unmatched(limit: int, db: str | None) -> None:
    """Requests no topic matched, for the FOI team to classify."""
    rows = FoiStore(db).unmatched()
    for r in rows[-limit:] if limit else rows:
        click.echo(f"{r.reference}\t{r.received.isoformat()}\t{r.regime}\t{r.title}")
    click.echo(f"{len(rows)} unmatched request(s). Classify with: nlc foi classify REFERENCE TOPIC", err=True)


@foi.command()
@db_option
def candidates(db: str | None) -> None:
    """Requests no published dataset answered (candidates for the plan)."""
    for c in FoiStore(db).list_candidates():
        click.echo(f"#{c['id']}\t{c['recorded_at']:%Y-%m-%d}\t{c['topic'] or '-'}\t{c['text']}")


@foi.group("db")
def db_group() -> None:
    """The FOI store's tables: Alembic migrations (run at set-up, never by the web app)."""


def _work_db(db: str | None, ini: str | None) -> str:
    """``--db``, else ``ckanext.nlc.work_db_url`` of ``--ini``, else NLC_DB_URL or the default."""
    if db or not ini:
        return db_url(db)
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    if not parser.read(ini):
        raise click.ClickException(f"{ini}: cannot read the CKAN config file")
    url = parser.get("app:main", "ckanext.nlc.work_db_url", fallback="").strip()
    if not url:
        raise click.ClickException(f"{ini}: no ckanext.nlc.work_db_url in [app:main]")
    return url


ini_option = click.option("--ini", "-c", "ini", help="A CKAN config file: use its ckanext.nlc.work_db_url.")


@db_group.command("upgrade")
@db_option
@ini_option
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def db_upgrade(db: str | None, ini: str | None, revision: str) -> None:
    """Create or migrate the FOI tables (a database create_all made is taken over as it is)."""
    import sqlalchemy as sa

    engine = sa.create_engine(_work_db(db, ini), future=True)
    try:
        before, after = migrations.upgrade(engine, revision=revision)
    except sa.exc.SQLAlchemyError as exc:
        _fail(exc)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    change = f"at {after} already" if before == after else f"{before or 'empty'} -> {after}"
    click.echo(f"FOI store {where}: {change}")


@db_group.command("current")
@db_option
@ini_option
def db_current(db: str | None, ini: str | None) -> None:
    """The revision the FOI tables are at, and the code's head."""
    import sqlalchemy as sa

    engine = sa.create_engine(_work_db(db, ini), future=True)
    try:
        with engine.connect() as conn:
            at = migrations.current(conn)
    finally:
        engine.dispose()
    click.echo(f"{at or 'none'} (head {migrations.head()})")


@click.command()
@_with(ckan_options)
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("--months", type=int, default=12, show_default=True, help="Rolling window in months.")
@click.option("--top", type=int, default=20, show_default=True, help="Number of topics.")
@click.option("--public", is_flag=True, help="Public summary: no request details.")
@click.option("--today", help="Date to compute status at (YYYY-MM-DD; default today).")
def coverage(
    ckan_url: str | None,
    db: str | None,
    fmt: str,
    months: int,
    top: int,
    public: bool,
    today: str | None,
) -> None:
    """FOI coverage: top topics, their publication status and coverage figures."""
    vocab = default_matcher().vocabulary
    try:
        plan = load_plan(vocabulary=vocab)
        names = sorted({n for item in plan.items.values() for n in item.datasets})
        datasets = fetch_datasets(_ckan(ckan_url), extra_names=names)
        requests = FoiStore(db).list_requests()
        dash = build_dashboard(requests, datasets, plan, vocab, today=_date(today), months=months, limit=top)
    except PublicationPlanError as exc:
        _fail(exc)
    if public:
        dash = public_summary(dash)
    if fmt == "json":
        click.echo(json.dumps(dash, indent=2, default=str))
    elif fmt == "csv":
        sys.stdout.write(dashboard_csv(dash))
    else:
        _table(dash)


def _table(dash: dict[str, Any]) -> None:
    cov = dash["coverage"]
    click.echo(
        f"Requests {dash['window']['since']} to {dash['window']['until']}: {dash['requests_in_window']:,} "
        f"({dash['unmatched_in_window']:,} unmatched)"
    )
    click.echo(
        f"Coverage: {cov['topics_answered']}/{cov['topics_total']} top topics ({cov['topic_share']:.0%}), "
        f"{cov['requests_answered']:,}/{cov['requests_total']:,} requests ({cov['request_share']:.0%})\n"
    )
    click.echo(f"{'#':>3} {'topic':<36} {'requests':>8}  {'status':<30} service")
    for row in dash["top_topics"]:
        click.echo(
            f"{row['rank']:>3} {row['label'][:36]:<36} {row['requests']:>8}  {row['status_label'][:30]:<30} "
            f"{row['service'] or ''}"
        )
    if dash["overdue"]:
        click.echo("\nOverdue for update:")
        for d in dash["overdue"]:
            click.echo(f"  {d['dataset']} (due {d['next_update_due']})")
