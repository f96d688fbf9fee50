"""Pause Python's cyclic garbage collector while a dataset's rows are built.

A 160,000-row table is a few hundred thousand lists of strings: none of them in a
reference cycle, yet each one counts towards the collector's thresholds, so it keeps
re-scanning every live row while the table grows (about 1 s of a 2.7 s prepare in
``bench/harvest.py``). Reference counting still frees everything as usual; the collector
runs again when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
