"""A back-office database table or view through SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import decimal
import os
from typing import Any, ClassVar

from harvesters.errors import DefinitionError, SourceFormatError, SourceUnavailable
from harvesters.sources.base import BaseSource
from harvesters.table import Table


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class SqlSource(BaseSource):
    """``type: sql``: ``url`` (SQLAlchemy URL) or ``url_env`` (environment variable holding it),
    and ``query`` (SELECT) or ``table`` (table or view name, optionally ``schema.name``)."""

    type_name: ClassVar[str] = "sql"

    def url(self) -> str:
        if self.config.get("url_env"):
            value = os.environ.get(str(self.config["url_env"])) or self.config.get("url")
            if not value:
                raise DefinitionError(
                    self.origin, "source.url_env", f"environment variable {self.config['url_env']} is not set"
                )
            return str(value)
        if not self.config.get("url"):
            raise DefinitionError(self.origin, "source.url", "required for source type 'sql' (or url_env)")
        return str(self.config["url"])

    def describe(self) -> str:
        return f"sql {self.config.get('table') or 'query'}"

    def extract(self) -> Table:
        import sqlalchemy as sa

        url = self.url()
        if self.config.get("query"):
            stmt = sa.text(str(self.config["query"]))
        elif self.config.get("table"):
            parts = str(self.config["table"]).split(".")
            tbl = sa.table(parts[-1], schema=parts[0] if len(parts) == 2 else None)
            stmt = sa.select(sa.text("*")).select_from(tbl)
        else:
            raise DefinitionError(self.origin, "source", "sql source needs `query` or `table`")
        safe_url = sa.engine.make_url(url).render_as_string(hide_password=True)
        engine = sa.create_engine(
            url, connect_args={"connect_timeout": int(self.timeout)} if url.startswith("postgresql") else {}
        )
        try:
            with engine.connect() as conn:
                result = conn.execute(stmt)
                fields = list(result.keys())
                rows = [[_plain(v) for v in r] for r in result]
        except sa.exc.OperationalError as e:
            raise SourceUnavailable(
                f"{safe_url}: database unavailable ({str(e.orig).strip().splitlines()[0]})"
            ) from e
        except sa.exc.ProgrammingError as e:
            raise SourceFormatError(safe_url, f"query failed: {str(e.orig).strip().splitlines()[0]}") from e
        finally:
            engine.dispose()
        return Table(
            fields=fields,
            rows=rows,
            source=f"{safe_url} {self.describe()}",
            row_numbers=list(range(1, len(rows) + 1)),
        )
