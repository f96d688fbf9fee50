"""Pages: the FOI coverage dashboard (``/foi/dashboard``, ``.csv``) and the
public Guide to Information (``/publication-scheme``, ``.json``, ``.csv``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.foi import chart, logic
from ckanext.nlc.foi.actions import can_see_details
from flask import Blueprint, Response, request

from publication_plan.coverage import dashboard_csv
from publication_plan.guide import guide_csv

foi = Blueprint("nlc_foi", __name__)
MAX_TEXT = 4000


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _dashboard(context: dict[str, Any]) -> dict[str, Any]:
    params = {k: request.args[k] for k in ("months", "top") if request.args.get(k)}
    try:
        return tk.get_action("nlc_foi_coverage")(dict(context), params)
    except tk.ValidationError as exc:
        return tk.abort(400, str(exc.error_dict))


@foi.route("/foi/dashboard", methods=["GET", "POST"])
def dashboard() -> str | tuple[str, int]:
    """Top topics with status, coverage, chart, overdue datasets; the FOI team also
    gets request examples and the "answer a new request" form."""
    context = _context()
    team = can_see_details(context)
    suggestion: dict[str, Any] | None = None
    error: str | None = None
    text = ""
    if request.method == "POST":
        if not team:
            return tk.abort(403, tk._("Only the FOI team can check new requests."))
        text = (request.form.get("request_text") or "").strip()[:MAX_TEXT]
        if not text:
            error = tk._("Enter the request text to check: an empty request cannot be answered.")
        else:
            try:
                suggestion = tk.get_action("nlc_foi_suggest")(
                    dict(context), {"text": text, "reference": request.form.get("reference") or None}
                )
            except tk.ValidationError as exc:
                error = "; ".join(str(m) for msgs in exc.error_dict.values() for m in msgs)
    dash = _dashboard(context)
    page = tk.render(
        "nlc/foi/dashboard.html",
        {
            "dash": dash,
            "team": team,
            "chart": chart.render(dash),
            "suggestion": suggestion,
            "request_text": text,
            "reference": request.form.get("reference", "") if request.method == "POST" else "",
            "team_group": logic.team_group(),
            "suggest_error": error,
        },
    )
    return (page, 400) if error else page


@foi.route("/foi/dashboard.csv")
def dashboard_export() -> Response:
    """The top-topics table as CSV (no request texts, for anyone)."""
    dash = _dashboard(_context())
    name = f"foi-coverage-{dash['generated']}.csv"
    return Response(
        dashboard_csv(dash),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _guide() -> tuple[dict[str, Any], bool]:
    context = _context()
    staff = can_see_details(context)
    return logic.guide(context["user"], staff=staff), staff


@foi.route("/publication-scheme")
def guide() -> str:
    """The Guide to Information: nine MPS classes, class 9 from the catalogue."""
    built, staff = _guide()
    return tk.render("nlc/foi/guide.html", {"guide": built, "staff": staff})


@foi.route("/publication-scheme.json")
def guide_json() -> Response:
    built, _ = _guide()
    return Response(json.dumps(built, indent=2, ensure_ascii=False), mimetype="application/json")


@foi.route("/publication-scheme.csv")
def guide_export() -> Response:
    built, _ = _guide()
    return Response(
        guide_csv(built),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="guide-to-information-{dt.date.today()}.csv"'},
    )


def get_blueprints() -> list[Blueprint]:
    return [foi]
