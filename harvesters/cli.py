"""``nlc harvest`` and ``nlc validate`` (click commands the ``nlc`` group registers).

    nlc harvest [DATASET...] [--ckan-url URL --api-token TOKEN | -c ckan.ini] [--dry-run] [--report FILE]
    nlc validate DATASET...

The API token may also come from the ``CKAN_API_TOKEN`` environment variable, so a
scheduler need not put it on the command line. ``-c ckan.ini`` loads that CKAN config
in-process and publishes with ``ckanapi.LocalCKAN`` as the site user.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from harvesters.ckan_client import Ckan
from harvesters.errors import HarvestError
from harvesters.pipeline import run
from harvesters.publish import Publisher, ShrinkPolicy


def local_ckan(config_path: str) -> Ckan:
    """A LocalCKAN client inside an app context built from ``config_path``."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(config_path)
    app = make_app(conf)
    flask_app = getattr(app, "_wsgi_app", app)
    ctx = flask_app.test_request_context()
    ctx.push()
    from ckanapi import LocalCKAN

    return Ckan(LocalCKAN(), address=str(conf.get("ckan.site_url", "")))


@click.command("harvest")
@click.argument("datasets", nargs=-1)
@click.option("--ckan-url", envvar="CKAN_URL", help="CKAN site URL (remote publishing through the API).")
@click.option("--api-token", envvar="CKAN_API_TOKEN", help="API token of a user who may publish.")
@click.option(
    "-c",
    "--config",
    "config",
    type=click.Path(exists=True, dir_okay=False),
    help="CKAN config file: publish in-process with LocalCKAN.",
)
@click.option("--dry-run", is_flag=True, help="Extract, validate and screen; show what would change.")
@click.option(
    "--report", "report_path", type=click.Path(dir_okay=False), help="Write the JSON run report here."
)
@click.option(
    "--datasets-dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Folder of dataset definitions (default: the bundled datasets/).",
)
@click.option("--progress/--no-progress", default=None, help="Progress bars (default: when on a terminal).")
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Publish a version with no rows, far fewer rows or fewer columns than the published one.",
)
@click.option(
    "--timeout", type=float, default=300, show_default=True, help="Seconds to wait for each CKAN answer."
)
def harvest(
    datasets: tuple[str, ...],
    ckan_url: str | None,
    api_token: str | None,
    config: str | None,
    dry_run: bool,
    report_path: str | None,
    datasets_dir: str | None,
    progress: bool | None,
    allow_shrink: bool,
    timeout: float,
) -> None:
    """Harvest DATASETs (all bundled datasets when none are named) and publish them to CKAN."""
    if bool(ckan_url) == bool(config):
        raise click.UsageError("give either --ckan-url (with --api-token) or -c ckan.ini")
    ckan = local_ckan(config) if config else Ckan.remote(str(ckan_url), api_token, timeout=timeout)
    try:
        anything = ShrinkPolicy(max_row_loss=1, allow_empty=True, allow_dropped_columns=True)
        shrink = anything if allow_shrink else None
        publisher = Publisher(ckan, datasets_dir=Path(datasets_dir) if datasets_dir else None, shrink=shrink)
        report = run(
            datasets,
            publisher,
            datasets_dir=Path(datasets_dir) if datasets_dir else None,
            dry_run=dry_run,
            show_progress=progress,
            target=ckan_url or str(config),
        )
    except HarvestError as e:
        raise click.ClickException(str(e)) from e
    _finish(report, report_path)


@click.command("validate")
@click.argument("datasets", nargs=-1, required=True)
@click.option("--datasets-dir", type=click.Path(exists=True, file_okay=False), default=None)
@click.option("--report", "report_path", type=click.Path(dir_okay=False))
def validate(datasets: tuple[str, ...], datasets_dir: str | None, report_path: str | None) -> None:
    """Extract, transform, validate and screen DATASETs without publishing."""
    try:
        report = run(
            datasets,
            None,
            datasets_dir=Path(datasets_dir) if datasets_dir else None,
            show_progress=False,
            target="validate only",
        )
    except HarvestError as e:
        raise click.ClickException(str(e)) from e
    _finish(report, report_path)


def _finish(report, report_path: str | None) -> None:
    if report_path:
        report.write(Path(report_path))
    for d in report.datasets:
        line = f"{d.status:>10}  {d.name}  rows {d.rows_in}->{d.rows_out}  {d.duration_s:.1f}s"
        click.echo(line)
        for change in d.changes:
            click.echo(f"            {change}")
        for err in d.errors:
            click.echo(f"            ERROR {err['message']}", err=True)
            for item in (err.get("errors") or [])[:20]:
                click.echo(f"              {json.dumps(item, default=str)}", err=True)
    if report.failed:
        click.echo(f"{len(report.failed)} dataset(s) failed: {', '.join(report.failed)}", err=True)
        sys.exit(1)


def register(group: click.Group) -> None:
    """Add ``harvest`` and ``validate`` to the ``nlc`` command group."""
    group.add_command(harvest)
    group.add_command(validate)
