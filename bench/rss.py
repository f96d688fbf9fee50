"""Run a command and measure its wall time and peak memory.

The peak is the kernel's high-water mark of the process's own address space (``VmHWM`` in
``/proc/<pid>/status``), read every 50 ms until it exits. Not ``wait4``'s ``ru_maxrss``: on
Linux that starts from the forking parent's resident size (a bench holding 2,000,000 polygons
would be charged to every tool it starts).
"""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Any


def _hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def run(cmd: list[str], **kwargs: Any) -> tuple[float, float, str]:
    """Run ``cmd`` (stdout captured); its wall seconds, peak RSS in MB and stdout.
    Raises SystemExit naming the command if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, **kwargs)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            kb = _hwm_kb(proc.pid)
            if kb:
                peak[0] = max(peak[0], kb)
            done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out = proc.stdout.read() if proc.stdout else ""
    proc.wait()
    done.set()
    watcher.join()
    if proc.returncode:
        raise SystemExit(f"{Path(cmd[0]).name} exited with {proc.returncode}")
    return time.perf_counter() - start, peak[0] / 1024, out
