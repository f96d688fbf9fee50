"""The `nlc` command: one entry point for harvest, GIS, FOI and coverage tools."""
from __future__ import annotations

import click

from gis.cli import gis
from harvesters.cli import register as register_harvest
from publication_plan.cli import coverage, foi


@click.group()
def main() -> None:
    """North Lanarkshire Council open data platform tools."""


register_harvest(main)
main.add_command(gis)
main.add_command(foi)
main.add_command(coverage)


if __name__ == "__main__":
    main()
