"""``ckan -c ckan.ini nlc ...`` (IClick): the council's commands run inside CKAN's own CLI,
reading and publishing in-process; the ``nlc`` console script keeps only what needs no CKAN."""
from __future__ import annotations

import json

import pytest
from ckan.cli.cli import ckan
from click.testing import CliRunner

import nlc_cli


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_foi_suggest_reads_the_catalogue_in_process(cli, make_dataset, ckan_config):
    make_dataset(name="public-toilets")
    result = cli.invoke(ckan, ["nlc", "foi", "suggest", "public toilets", "--no-record", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output[result.output.index("{"):])
    [first, *_] = answer["suggestions"]
    assert first["name"] == "public-toilets"
    assert first["url"] == ckan_config["ckan.site_url"].rstrip("/") + "/dataset/public-toilets"


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_harvest_dry_run_inside_ckan(cli, tmp_path):
    result = cli.invoke(ckan, ["nlc", "harvest", "--dry-run", "--no-progress", "--report",
                               str(tmp_path / "report.json"), "public-toilets"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    [row] = report["datasets"]
    assert row["name"] == "public-toilets" and row["status"] not in ("failed", "error")


def test_the_console_script_no_longer_builds_a_ckan_app():
    result = CliRunner().invoke(nlc_cli.main, ["harvest", "-c", "ckan.ini"])
    assert result.exit_code != 0 and "No such option" in result.output
    assert "harvest" in CliRunner().invoke(nlc_cli.main, ["--help"]).output
