"""Every example on /developers and in the Data API dialog runs as printed against the portal
(issue 14, point 8): shell lines with bash and curl, Python blocks with the project's Python."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import lxml.html
import pytest
import requests

from tests.live import PORTAL, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test


def examples(url: str) -> list[tuple[str, str]]:
    """(language, text) of every ``pre[data-example]`` on the page, as a visitor copies it."""
    page = requests.get(url, timeout=30)
    page.raise_for_status()
    doc = lxml.html.fromstring(page.text)
    return [(pre.get("data-example"), pre.text_content()) for pre in doc.xpath("//pre[@data-example]")]


def shell_commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def run_shell(command: str) -> str:
    """``command`` exactly as printed; its exit status must be 0."""
    proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"{command}\n-> exit {proc.returncode}: {proc.stderr[-500:]}"
    return proc.stdout


def check_answer(command: str, body: str) -> None:
    """JSON answers of the Action API must say success; other answers must not be empty."""
    assert body.strip(), command
    if "/api/" in command:
        answer = json.loads(body)
        assert answer.get("success") is True, (command, body[:500])
        result = answer["result"]
        if isinstance(result, dict) and "records" in result:
            assert result["records"], (command, "no rows: the example's values are not in the table")
    elif "f=json" in command or command.rstrip("'").endswith(".jsonld"):
        json.loads(body)


@pytest.fixture(scope="module")
def developers() -> list[tuple[str, str]]:
    require_portal()
    found = examples(f"{PORTAL}/developers")
    assert len(found) >= 8, found
    return found


def test_every_shell_example_on_developers_succeeds(developers):
    commands = [c for lang, text in developers if lang == "shell" for c in shell_commands(text)]
    assert len(commands) >= 15
    for command in commands:
        check_answer(command, run_shell(command))


def test_every_python_example_on_developers_succeeds(developers):
    blocks = [text for lang, text in developers if lang == "python"]
    assert len(blocks) >= 3
    for code in blocks:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, f"{code}\n-> {proc.stderr[-1000:]}"
        assert proc.stdout.strip(), code


def test_the_sql_example_names_real_columns(developers):
    sql = next(c for lang, t in developers if lang == "shell" for c in shell_commands(t) if "search_sql" in c)
    columns = re.findall(r'SELECT "([^"]+)"', sql)
    assert columns == ["Band"], sql  # the council tax bands table's column, with its capital


def test_every_data_api_dialog_example_succeeds():
    require_portal()
    pkg = requests.get(f"{PORTAL}/api/3/action/package_show", params={"id": "council-tax-bands"}, timeout=30)
    resource = next(r for r in pkg.json()["result"]["resources"] if r.get("datastore_active"))
    found = examples(f"{PORTAL}/datastore/api_info/{resource['id']}")
    commands = [c for lang, text in found if lang == "shell" for c in shell_commands(text)]
    assert len(commands) == 3, found
    for command in commands:
        assert resource["id"] in command
        check_answer(command, run_shell(command))
