"""``nlc harvest`` and ``nlc validate`` (click commands the ``nlc`` group registers).

    nlc harvest [DATASET...] --ckan-url URL --api-token TOKEN [--dry-run] [--report FILE]
    nlc validate DATASET...
    ckan -c ckan.ini nlc harvest [DATASET...] [--dry-run] [--report FILE]

The API token may also come from the ``CKAN_API_TOKEN`` environment variable, so a
scheduler need not put it on the command line. Inside CKAN (the extension's IClick group,
``ckanext.nlc.cli``) the same options publish in-process with ``ckanapi.LocalCKAN`` as the
site user; :func:`publish_options` and :func:`harvest_into` are shared by both commands.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from harvesters.ckan_client import Ckan
from harvesters.errors import HarvestError
from harvesters.pipeline import run
from harvesters.publish import Publisher, ShrinkPolicy


def publish_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options of ``nlc harvest`` and ``ckan nlc harvest`` other than where to publish."""
    options = [
        click.option("--dry-run", is_flag=True, help="Extract, validate and screen; show what would change."),
        click.option("--report", "report_path", type=click.Path(dir_okay=False),
                     help="Write the JSON run report here."),
        click.option("--datasets-dir", type=click.Path(exists=True, file_okay=False), default=None,
                     help="Folder of dataset definitions (default: $NLC_DATASETS_DIR, the CKAN "
                     "config's ckanext.nlc.datasets_dir, else ./datasets)."),
        click.option("--progress/--no-progress", default=None,
                     help="Progress bars (default: when on a terminal)."),
        click.option("--allow-shrink", is_flag=True,
                     help="Publish a version with no rows, far fewer rows or fewer columns than the "
                          "published one."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return click.argument("datasets", nargs=-1)(fn)


def harvest_into(ckan: Ckan, target: str, datasets: tuple[str, ...], dry_run: bool, report_path: str | None,
                 datasets_dir: str | None, progress: bool | None, allow_shrink: bool) -> None:
    """Harvest ``datasets`` (all bundled ones when empty) and publish them with ``ckan``."""
    folder = Path(datasets_dir) if datasets_dir else None
    try:
        anything = ShrinkPolicy(max_row_loss=1, allow_empty=True, allow_dropped_columns=True)
        publisher = Publisher(ckan, datasets_dir=folder, shrink=anything if allow_shrink else None)
        report = run(datasets, publisher, datasets_dir=folder, dry_run=dry_run, show_progress=progress,
                     target=target)
    except HarvestError as e:
        raise click.ClickException(str(e)) from e
    _finish(report, report_path)


@click.command("harvest")
@click.option("--ckan-url", envvar="CKAN_URL", required=True,
              help="CKAN site URL (publishing through the API; in-process: `ckan -c ckan.ini nlc harvest`).")
@click.option("--api-token", envvar="CKAN_API_TOKEN", help="API token of a user who may publish.")
@click.option(
    "--timeout", type=float, default=300, show_default=True, help="Seconds to wait for each CKAN answer."
)
@publish_options
def harvest(ckan_url: str, api_token: str | None, timeout: float, **options: Any) -> None:
    """Harvest DATASETs (all bundled datasets when none are named) and publish them to CKAN."""
    harvest_into(Ckan.remote(ckan_url, api_token, timeout=timeout), ckan_url, **options)


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
