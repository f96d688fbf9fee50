"""The distribution installs and runs on its own, not only from this checkout (issue 17, point 2).

The source tree (tracked and new, not ignored, files) is copied aside; an sdist is built from it
with setuptools' PEP 517 hooks and a wheel from that sdist, so MANIFEST.in and package_data are
both exercised. The wheel goes into a fresh virtualenv made with ``--without-pip`` whose only
link to the project venv is a ``.pth`` line naming its site-packages (the dependencies: CKAN,
scheming, pygeoapi...). That line adds the directory to ``sys.path`` without running its
``.pth`` files, so the editable install's finder (which maps our packages to /work/main) is not
loaded: every module of ours must come from the wheel. In that venv CKAN is built from a copy of
the test config, and the plugin, the scheming schema, a page and the package data are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = {  # source folder -> where it is installed
    "ckanext-nlc/ckanext/nlc": "ckanext/nlc",
    "harvesters": "harvesters",
    "gis": "gis",
    "publication_plan": "publication_plan",
}
NOT_PACKAGE_DATA = {"README.md"}

# Runs inside the fresh venv: build CKAN from the ini, report where everything came from.
PROBE = r"""
import json, sys
from importlib import resources

import yaml
from ckan.cli import load_config
from ckan.config.middleware import make_app

app = make_app(load_config(sys.argv[1]))
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import ckanext.nlc, ckanext.nlc.plugin, gis, harvesters, publication_plan, nlc_cli

flask_app = app._wsgi_app
with flask_app.test_request_context():
    schema = tk.get_action("scheming_dataset_schema_show")({"ignore_auth": True}, {"type": "dataset"})
page = flask_app.test_client().get("/accessibility")
packaged = yaml.safe_load((resources.files("ckanext.nlc") / "schemas" / "dataset.yaml").read_text())
print(json.dumps({
    "modules": {m.__name__: m.__file__ for m in (ckanext.nlc, ckanext.nlc.plugin, gis, harvesters,
                                                 publication_plan, nlc_cli)},
    "plugin_loaded": p.plugin_loaded("nlc"),
    "plugin_class_file": sys.modules[type(p.get_plugin("nlc")).__module__].__file__,
    "schema_fields": [f["field_name"] for f in schema["dataset_fields"]],
    "packaged_fields": [f["field_name"] for f in packaged["dataset_fields"]],
    "template_paths": " ".join(tk.config.get("plugin_template_paths") or []),
    "page_status": page.status_code,
    "page_has_statement": b"Accessibility statement" in page.data,
}))
"""


def _run(*args: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - the test's own argv, no shell
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _source_files() -> list[str]:
    out = _run("git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=ROOT)
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def _expected_data(files: list[str]) -> set[str]:
    """Installed paths of every non-Python file inside a package folder of the source tree."""
    expected = set()
    for name in files:
        for source, installed in PACKAGE_DIRS.items():
            if name.startswith(source + "/") and not name.endswith(".py") \
                    and Path(name).name not in NOT_PACKAGE_DATA:
                expected.add(installed + name[len(source):])
    return expected


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An sdist and, from it, a wheel of a copy of the source tree."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    files = _source_files()
    for name in files:
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    hook = "import sys; from setuptools import build_meta as b; print(getattr(b, sys.argv[1])(sys.argv[2]))"
    dist = work / "dist"
    sdist = dist / _run(sys.executable, "-c", hook, "build_sdist", dist, cwd=src).split()[-1]
    with tarfile.open(sdist) as tar:
        tar.extractall(work / "unpacked", filter="data")
    unpacked = next((work / "unpacked").iterdir())
    wheel = dist / _run(sys.executable, "-c", hook, "build_wheel", dist, cwd=unpacked).split()[-1]
    return {"work": work, "sdist": sdist, "wheel": wheel, "expected": _expected_data(files)}


def test_wheel_carries_every_data_file(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    assert "ckanext/nlc/schemas/dataset.yaml" in names
    assert "ckanext/nlc/templates/nlc/developers.html" in names
    assert "ckanext/nlc/public/nlc/nlc.css" in names
    missing = sorted(built["expected"] - names)
    assert not missing, f"in the source tree but not the wheel: {missing}"
    assert not [n for n in names if n.startswith(("demo/", "tests/", "datasets/"))]
    assert not [n for n in names if n.startswith("ckanext/") and n.count("/") == 1], \
        "the wheel must not own the ckanext namespace's __init__"


def test_installed_wheel_loads_the_plugin_and_schema(built: dict[str, Path], request: pytest.FixtureRequest
                                                     ) -> None:
    venv = built["work"] / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    site = Path(_run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .strip())
    deps = Path(sysconfig.get_path("purelib"))
    # The dependencies' directory, then ckanext's namespace extended with the wheel's portion
    # (in one venv pip installs ckanext/nlc beside the other extensions; here they are apart).
    (site / "zz_project_deps.pth").write_text(
        f"{deps}\nimport ckanext, os; ckanext.__path__.insert(0, os.path.join({str(site)!r}, 'ckanext'))\n")
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--no-deps",
         "--no-index", "--quiet", built["wheel"])
    ini = built["work"] / "test.ini"
    ini.write_text(Path(request.config.getoption("--ckan-ini")).read_text())
    probe = built["work"] / "probe.py"
    probe.write_text(PROBE)
    answer = json.loads(_run(venv / "bin" / "python", probe, ini, cwd=built["work"]).splitlines()[-1])

    for module, path in answer["modules"].items():
        assert path.startswith(str(site)), f"{module} came from {path}, not the wheel's {site}"
        assert not path.startswith(str(ROOT))
    assert answer["plugin_loaded"]
    assert answer["plugin_class_file"].startswith(str(site))
    template_paths = answer["template_paths"].split()
    assert str(site / "ckanext" / "nlc" / "templates") in template_paths
    assert all(p.startswith((str(site), str(deps))) for p in template_paths), template_paths
    assert {"mps_class", "foi_topics", "update_frequency"} <= set(answer["schema_fields"])
    assert answer["schema_fields"] == answer["packaged_fields"]
    assert answer["page_status"] == 200 and answer["page_has_statement"]
