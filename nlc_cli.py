"""The `nlc` command: the tools that need no CKAN of their own (harvest to a remote portal,
validate, GIS, FOI log, coverage over HTTP). Inside CKAN the same harvest, FOI and coverage
commands run as ``ckan -c ckan.ini nlc ...`` (``ckanext.nlc.cli``, IClick)."""
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
