"""``ckan -c ckan.ini nlc ...``: the council's tools that need CKAN itself (IClick).

CKAN's own CLI loads the config and builds the app; these commands run inside it and talk
to CKAN in-process (``ckanapi.LocalCKAN``, as the site user). Tools that need no CKAN (``nlc
validate``, ``nlc gis ...``, ``nlc foi import``...) and the same commands against a remote
portal stay in the ``nlc`` console script (``nlc_cli``).

    ckan -c ckan.ini nlc harvest [DATASET...] [--dry-run] [--report FILE]
    ckan -c ckan.ini nlc foi suggest "TEXT" | nlc coverage [--format json]
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import click

from harvesters.cli import harvest_into, publish_options
from publication_plan import cli as plan_cli


def _local_ckan() -> Any:
    from ckanapi import LocalCKAN

    return LocalCKAN()


@click.group("nlc", short_help="North Lanarkshire Council tools that run inside CKAN.")
@click.pass_context
def nlc(ctx: click.Context) -> None:
    """North Lanarkshire Council tools that run inside CKAN (in-process, as the site user)."""
    ctx.with_resource(ctx.meta["flask_app"].test_request_context())
    ctx.meta[plan_cli.LOCAL_CKAN] = _local_ckan()
    ctx.meta[plan_cli.SITE_URL] = tk.config.get("ckan.site_url")


@nlc.command("harvest")
@publish_options
def harvest(**options: Any) -> None:
    """Harvest DATASETs (all when none are named) and publish them to this CKAN.

    Definitions come from ``--datasets-dir``, else ``ckanext.nlc.datasets_dir``, else the bundled ones.
    """
    from harvesters.ckan_client import Ckan

    options["datasets_dir"] = options["datasets_dir"] or tk.config.get("ckanext.nlc.datasets_dir") or None
    site = str(tk.config.get("ckan.site_url") or "")
    harvest_into(Ckan(click.get_current_context().meta[plan_cli.LOCAL_CKAN], address=site),
                 f"{site} (in-process)", **options)


nlc.add_command(plan_cli.foi)
nlc.add_command(plan_cli.coverage)


def get_commands() -> list[click.Command]:
    """IClick: the ``nlc`` group (``tk.blanket.cli``)."""
    return [nlc]
