"""Limits on zip archives (zipped shapefiles, XLSX workbooks) before anything expands them.

A zip bomb is small on disk and huge once read: the central directory is checked first for
the number of members, their total expanded size and each member's compression ratio.
Python's ``zipfile`` (which openpyxl reads XLSX through) never returns more than a member's
declared size, so a directory that understates them fails its CRC check instead of
expanding further.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_MEMBERS = 1_000
MAX_EXPANDED_BYTES = 2 * 1024**3  # 2 GiB
MAX_RATIO = 200  # expanded / compressed, per member
RATIO_FLOOR_BYTES = 1024**2  # members expanding to less than this are not ratio-checked


class ArchiveLimitError(ValueError):
    """An archive over one of the limits; ``reason`` says which, without the file name."""

    def __init__(self, file: str | Path, reason: str) -> None:
        self.file, self.reason = str(file), reason
        super().__init__(f"{self.file}: {reason}; archive refused")


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = MAX_MEMBERS
    max_expanded_bytes: int = MAX_EXPANDED_BYTES
    max_ratio: float = MAX_RATIO


def check_zip(
    path: str | Path, limits: ZipLimits = ZipLimits(), archive: zipfile.ZipFile | None = None
) -> None:
    """Refuse ``path`` (or the already open ``archive``) when over ``limits``."""
    if archive is None:
        try:
            opened = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            return None  # not a zip at all: nothing to expand; its reader names the format error
        with opened:
            return check_zip(path, limits, opened)
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveLimitError(
            path, f"{len(infos):,} members, more than the limit of {limits.max_members:,}"
        )
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_expanded_bytes:
            raise ArchiveLimitError(
                path,
                f"expands to more than {limits.max_expanded_bytes:,} bytes (at member {info.filename!r})",
            )
        if info.file_size >= RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise ArchiveLimitError(
                    path,
                    f"member {info.filename!r} expands {ratio:,.0f} times ({info.compress_size:,} to "
                    f"{info.file_size:,} bytes), more than the limit of {limits.max_ratio:g}",
                )
    return None
