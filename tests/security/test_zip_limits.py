"""Zip bombs in the sources a harvest reads (a zipped shapefile, an XLSX workbook): refused by
member count, expanded size and compression ratio before anything expands them, naming the
file; the shipped and shared real archives still pass."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from harvesters.errors import SourceFormatError
from harvesters.sources import make_source
from harvesters.sources.archive import ArchiveLimitError, ZipLimits, check_zip

ROOT = Path(__file__).resolve().parents[2]
REAL_ARCHIVES = [
    ROOT / "datasets/wards/source/wards.zip",
    ROOT / "datasets/public-toilets/source/public_conveniences_asset_register.xlsx",
    ROOT.parent / "shared/data/toilets_sutton_xlsx/sutton_raw.xlsx",
]


def _bomb(path: Path, member: str, mib: int = 64) -> Path:
    """``mib`` MiB of one repeated byte: a few tens of KB on disk, over 1,000 times that read."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as out:
        block = b"0" * (1024 * 1024)
        for _ in range(mib):
            out.write(block)
    return path


def test_zipped_shapefile_bomb_is_refused_naming_the_file(tmp_path: Path) -> None:
    wards = ROOT / "datasets/wards/source/wards.zip"
    with zipfile.ZipFile(wards) as real:
        names = real.namelist()
    bomb = _bomb(tmp_path / "wards.zip", "padding.txt")
    with zipfile.ZipFile(bomb, "a") as zf, zipfile.ZipFile(wards) as real:
        for name in names:  # a real, complete shapefile beside the padding
            zf.writestr(name, real.read(name))
    started = time.monotonic()
    with pytest.raises(SourceFormatError) as caught:
        make_source({"type": "gis_file", "path": "wards.zip"}, tmp_path, work_dir=tmp_path / "w").extract()
    message = str(caught.value)
    assert str(bomb) in message and "padding.txt" in message and "expands" in message, message
    assert time.monotonic() - started < 5


def test_xlsx_bomb_is_refused_naming_the_file(tmp_path: Path) -> None:
    real = ROOT / "datasets/public-toilets/source/public_conveniences_asset_register.xlsx"
    shutil.copy(real, tmp_path / "ok.xlsx")
    assert make_source({"type": "xlsx", "path": "ok.xlsx"}, tmp_path).extract().rows  # the real one reads
    bomb = tmp_path / "toilets.xlsx"
    with zipfile.ZipFile(real) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info, src.read(info))
        with zf.open("xl/worksheets/sheet1.xml", "w") as out:  # a sheet of 64 MiB of spaces
            for _ in range(64):
                out.write(b" " * (1024 * 1024))
    assert os.path.getsize(bomb) < 1024 * 1024
    with pytest.raises(SourceFormatError) as caught:
        make_source({"type": "xlsx", "path": "toilets.xlsx"}, tmp_path).extract()
    message = str(caught.value)
    assert str(bomb) in message and "sheet1.xml" in message and "expands" in message, message


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(1_500):
            zf.writestr(f"part{i}.txt", b"x")
    with pytest.raises(SourceFormatError) as caught:
        make_source({"type": "gis_file", "path": "many.zip"}, tmp_path, work_dir=tmp_path / "w").extract()
    assert str(many) in str(caught.value) and "1,500 members" in str(caught.value)


def test_expanded_size_limit(tmp_path: Path) -> None:
    """Total expanded size, checked from the directory (incompressible members, ratio ~1)."""
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"m{i}.bin", os.urandom(400_000))
    check_zip(path, ZipLimits(max_expanded_bytes=1_500_000))
    with pytest.raises(ArchiveLimitError) as caught:
        check_zip(path, ZipLimits(max_expanded_bytes=1_000_000))
    assert str(path) in str(caught.value) and "m2.bin" in str(caught.value)


@pytest.mark.parametrize("path", REAL_ARCHIVES, ids=lambda p: p.name)
def test_real_archives_pass_the_limits(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path} is missing")
    check_zip(path)
