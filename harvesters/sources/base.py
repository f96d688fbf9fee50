"""The one small base class every source connector implements.

A source is configured from the ``source:`` block of a dataset definition and
returns a :class:`~harvesters.table.Table` from :meth:`BaseSource.extract`.
Remote sources share :meth:`BaseSource.http_get`: timeout, retries and
exponential backoff come from the block (``timeout``, ``retries``, ``backoff``),
and failures become :class:`SourceUnavailable`, :class:`SourceTimeout` or
:class:`SourceFormatError` with the URL in the message.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import requests

from harvesters.errors import DefinitionError, SourceFormatError, SourceTimeout, SourceUnavailable
from harvesters.table import Table

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 1.0


class BaseSource(ABC):
    """A configured source. Subclasses set ``type_name`` and ``required`` keys."""

    type_name: ClassVar[str] = ""
    required: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        config: dict[str, Any],
        base_dir: Path | None = None,
        *,
        origin: str = "source",
        work_dir: Path | None = None,
    ) -> None:
        self.config = dict(config)
        self.base_dir = Path(base_dir or ".")
        self.origin = origin
        self._work_dir = work_dir
        for key in self.required:
            if key not in self.config:
                raise DefinitionError(origin, f"source.{key}", f"required for source type {self.type_name!r}")
        self.timeout = float(self.config.get("timeout", DEFAULT_TIMEOUT))
        self.retries = int(self.config.get("retries", DEFAULT_RETRIES))
        self.backoff = float(self.config.get("backoff", DEFAULT_BACKOFF))

    @abstractmethod
    def extract(self) -> Table:
        """Read the source and return its rows under the source's own field names."""

    def extract_chunks(self, rows: int) -> Iterator[Table]:
        """The source's rows as tables of about ``rows`` rows each (at least one table; the
        first carries the notes). A source that can stream overrides this; by default the
        whole table is one chunk."""
        yield self.extract()

    def describe(self) -> str:
        """A short human description for reports."""
        return f"{self.type_name}"

    @property
    def work_dir(self) -> Path:
        """Where a source may write derived files (GeoJSON, GeoPackage)."""
        if self._work_dir is None:
            import tempfile

            self._work_dir = Path(tempfile.mkdtemp(prefix=f"nlc-{self.type_name}-"))
        self._work_dir.mkdir(parents=True, exist_ok=True)
        return self._work_dir

    def path(self, key: str = "path") -> Path:
        """A file path from the config, relative to the dataset folder."""
        p = Path(str(self.config[key]))
        return p if p.is_absolute() else self.base_dir / p

    # -- HTTP with timeouts, retries and backoff --------------------------------------
    def http_get(self, url: str, params: dict[str, Any] | None = None, *, expect_json: bool = True) -> Any:
        """GET ``url``; retry connection errors, timeouts and 5xx with exponential backoff.

        Returns parsed JSON (``expect_json``) or bytes. An HTML page where JSON was
        expected (a proxy or server error page) is a :class:`SourceFormatError`.
        """
        last: Exception | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * (2 ** (attempt - 1)))
            try:
                resp = requests.get(url, params=params, timeout=self.timeout)
            except requests.Timeout as e:
                last = SourceTimeout(
                    f"{url}: no answer within {self.timeout:g} s "
                    f"(attempt {attempt + 1} of {self.retries + 1})"
                )
                last.__cause__ = e
                continue
            except requests.ConnectionError as e:
                last = SourceUnavailable(
                    f"{url}: cannot connect ({_short(e)}) " f"(attempt {attempt + 1} of {self.retries + 1})"
                )
                last.__cause__ = e
                continue
            if resp.status_code >= 500 or resp.status_code == 429:
                last = SourceUnavailable(
                    f"{url}: server answered HTTP {resp.status_code}{_html_title(resp)} "
                    f"(attempt {attempt + 1} of {self.retries + 1})"
                )
                continue
            if resp.status_code >= 400:
                raise SourceUnavailable(f"{url}: server answered HTTP {resp.status_code}{_html_title(resp)}")
            if not expect_json:
                return resp.content
            return self._json(url, resp)
        if last is None:  # the loop always ran once: a retry count below 1 is refused earlier
            raise SourceUnavailable(f"{url}: no attempt made")
        raise last

    @staticmethod
    def _json(url: str, resp: requests.Response) -> Any:
        ctype = resp.headers.get("Content-Type", "")
        body = resp.content.lstrip()
        if "html" in ctype or body[:1] == b"<":
            raise SourceFormatError(
                url, f"expected JSON but the server returned an HTML page{_html_title(resp)}"
            )
        try:
            data = resp.json()
        except ValueError as e:
            raise SourceFormatError(url, f"response is not valid JSON: {e}") from e
        if isinstance(data, dict) and "error" in data and isinstance(data["error"], dict):
            err = data["error"]
            raise SourceUnavailable(f"{url}: ArcGIS error {err.get('code')}: {err.get('message')}")
        return data


def _short(e: Exception) -> str:
    text = str(e)
    return text if len(text) < 160 else text[:157] + "..."


def _html_title(resp: requests.Response) -> str:
    import re

    m = re.search(rb"<title>(.*?)</title>", resp.content[:4096], re.I | re.S)
    return f" ({m.group(1).decode('utf-8', 'replace').strip()})" if m else ""
