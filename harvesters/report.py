"""The run report (JSON) and progress display (rich progress bars on a terminal)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DatasetReport:
    name: str
    status: str = "pending"  # published | unchanged | validated | planned | failed
    rows_in: int = 0
    rows_out: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    personal_data_screen: dict[str, Any] = field(default_factory=dict)
    resources: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class RunReport:
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))
    finished: str = ""
    target: str = ""
    dry_run: bool = False
    datasets: list[DatasetReport] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return [d.name for d in self.datasets if d.failed]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["summary"] = {
            "datasets": len(self.datasets),
            "failed": self.failed,
            "by_status": {
                s: sum(1 for d in self.datasets if d.status == s)
                for s in sorted({d.status for d in self.datasets})
            },
        }
        return data

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=2, default=str), encoding="utf-8")


class Progress(AbstractContextManager):
    """A rich progress bar per dataset when stderr is a terminal; plain lines otherwise."""

    STEPS = ("extract", "transform", "validate", "screen", "publish", "done")

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.total = total
        self._progress: Any = None
        self._overall: Any = None
        self._task: Any = None
        self._done = 0

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description:<40}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
            self._progress.__enter__()
            self._overall = self._progress.add_task("all datasets", total=self.total)
        return self

    def start(self, name: str) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task(name, total=len(self.STEPS) - 1)

    def step(self, name: str, step: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                completed=self.STEPS.index(step) if step in self.STEPS else 0,
                description=f"{name}: {step}",
            )

    def finish(self, report: DatasetReport) -> None:
        if self._progress is not None:
            if self._task is not None:
                self._progress.update(
                    self._task, completed=len(self.STEPS) - 1, description=f"{report.name}: {report.status}"
                )
            self._progress.advance(self._overall)
        else:
            self._done += 1
            print(
                f"[{self._done}/{self.total}] {report.name}: {report.status} "
                f"({report.rows_out} rows, {report.duration_s:.1f} s)"
                + (f" - {report.errors[0]['message']}" if report.errors else ""),
                file=sys.stderr,
            )

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)
