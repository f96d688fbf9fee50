"""Where the real published council files (`../shared/data`, with PROVENANCE files) are, and
a pytest plugin (``pytest_plugins`` in ``tests/conftest.py``) that turns a test's failure to
find them into a failure saying what to fetch: never a skip, never a bare FileNotFoundError.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [ROOT.parent / "shared" / "data", Path("/work/shared/data")]
ENV = "NLC_SHARED_DATA"


def shared_data_dir() -> Path:
    """``$NLC_SHARED_DATA``, else ``../shared/data`` beside the checkout, else /work/shared/data
    (the first of these that exists; the first candidate when none does)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    return next((p for p in CANDIDATES if p.is_dir()), CANDIDATES[0])


def missing_message(path: Path | str) -> str:
    """What to fetch when ``path`` (under the shared data folder) is not there."""
    root = shared_data_dir()
    path = Path(path)
    try:
        folder = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        folder = ""
    what = f"its folder {folder!r} is at {root / folder}" if folder else f"it is at {root}"
    where = f"${ENV}={os.environ[ENV]}" if os.environ.get(ENV) else " and ".join(map(str, CANDIDATES))
    return (
        f"this test reads real council data that is not on this machine: {path} is missing. "
        "Fetch the project's shared data set (the `shared/` folder that sits beside the checkout: "
        f"`data/` holds one folder per source, each with a PROVENANCE.md) so that {what}, "
        f"or point ${ENV} at a copy (looked in {where}). The files are used as published: "
        "never regenerate or edit them."
    )


def require(*parts: str) -> Path:
    """``shared_data_dir() / parts``, or the test fails saying what to fetch."""
    path = shared_data_dir().joinpath(*parts)
    if not path.exists():
        pytest.fail(missing_message(path), pytrace=False)
    return path


def _missing_shared_path(exc: BaseException) -> Path | None:
    """The missing shared-data path an exception is about, if it is about one."""
    root = str(shared_data_dir())
    words = str(exc).replace("'", " ").replace('"', " ").split()
    named = [getattr(exc, "filename", None), *(w.rstrip(":,;.)") for w in words)]
    for name in named:
        if isinstance(name, str | os.PathLike) and str(name).startswith(root) and not Path(name).exists():
            return Path(name)
    if not Path(root).is_dir() and root in str(exc):
        return Path(root)
    return None


def _explained() -> Generator[None, Any, Any]:
    """Run one test phase; an error about a missing shared-data file fails saying what to fetch."""
    try:
        return (yield)
    except Exception as exc:
        missing = _missing_shared_path(exc)
        if missing is None:
            raise
        raise pytest.fail.Exception(missing_message(missing), pytrace=False) from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _explained())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _explained())
