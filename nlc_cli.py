"""The `nlc` command: one entry point for harvest, GIS, FOI and coverage tools."""
from __future__ import annotations

import click


@click.group()
def main() -> None:
    """North Lanarkshire Council open data platform tools."""


if __name__ == "__main__":
    main()
