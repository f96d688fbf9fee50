"""``nlc gis``: migrate legacy layers and show the migration inventory."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from gis.errors import GisError
from gis.inventory import inventory as inventory_rows
from gis.inventory import record_failure, record_success
from gis.migrate import migrate_layer


@click.group("gis")
def gis() -> None:
    """Migrate the council's legacy GIS layers to open standards."""


@gis.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("migrated"),
    show_default=True,
    help="Folder for the GeoPackage, GeoJSON and report files.",
)
@click.option("--crs", default=None, help="CRS of sources that do not declare one, e.g. EPSG:27700.")
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the inventory is kept (default $NLC_GIS_STATE_DIR).",
)
def migrate(sources: tuple[Path, ...], out_dir: Path, crs: str | None, state_dir: Path | None) -> None:
    """Migrate SOURCE layers to GeoPackage (EPSG:27700) and RFC 7946 GeoJSON.

    Each bad source gets a one-line error; the others still run; the exit status is 1
    if any source failed.
    """
    failed = 0
    for source in sources:
        try:
            result = _migrate_one(source, out_dir, crs)
        except GisError as exc:
            failed += 1
            record_failure(source, exc, state=state_dir)
            click.echo(f"error: {exc}", err=True)
            continue
        record_success(result, state=state_dir)
        actions = {
            a: sum(1 for e in result.report if e["action"] == a) for a in ("fixed", "split", "rejected")
        }
        click.echo(
            f"{source}: {result.feature_count_in} in, {result.feature_count_out} out "
            f"({actions['fixed']} fixed, {actions['split']} split, {actions['rejected']} rejected) "
            f"-> {result.gpkg_path}, {result.geojson_path}"
        )
        for entry in result.report:
            click.echo(f"  feature {entry['feature']}: {entry['action']}: {entry['reason']}")
    if failed:
        sys.exit(1)


def _migrate_one(source: Path, out_dir: Path, crs: str | None):  # noqa: ANN202 - MigrationResult
    if not sys.stderr.isatty():
        return migrate_layer(source, out_dir, crs=crs)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(str(source.name), total=None)
        return migrate_layer(
            source,
            out_dir,
            crs=crs,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )


@gis.command()
@click.option("--json", "as_json", is_flag=True, help="Print the inventory as JSON.")
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the inventory is kept (default $NLC_GIS_STATE_DIR).",
)
def inventory(as_json: bool, state_dir: Path | None) -> None:
    """List every known layer: source system and format, migrated or not, counts, last run."""
    rows = inventory_rows(state_dir)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("layer", "source system", "format", "status", "in", "out", "last run")
    for row in rows:
        table.add_row(
            row["title"],
            row["source_system"],
            row["format"],
            row["status"],
            "" if row["feature_count_in"] is None else str(row["feature_count_in"]),
            "" if row["feature_count_out"] is None else str(row["feature_count_out"]),
            row["last_run"] or "",
        )
    Console(width=160).print(table)
