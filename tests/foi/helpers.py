"""Small HTTP helpers over CKAN's test app."""

from __future__ import annotations

import datetime as dt
from typing import Any


def api(
    app: Any, action: str, headers: dict[str, str] | None = None, status: int = 200, **params: Any
) -> Any:
    """Call an action over HTTP (GET) as the user the headers authenticate."""
    resp = app.get(f"/api/3/action/{action}", query_string=params, headers=headers or {}, status=status)
    body = resp.json
    return body["result"] if status == 200 else body


def days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def row(dash: dict[str, Any], topic: str) -> dict[str, Any]:
    return next(r for r in dash["top_topics"] if r["topic"] == topic)


def api_post(
    app: Any, action: str, headers: dict[str, str] | None = None, status: int = 200, **params: Any
) -> Any:
    """Call an action over HTTP (POST, JSON body)."""
    resp = app.post(f"/api/3/action/{action}", json=params, headers=headers or {}, status=status)
    return resp.json["result"] if status == 200 else resp.json
