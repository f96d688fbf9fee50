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
            "topic_choices": [
                {"id": t.id, "label": t.label} for t in logic.matcher().vocabulary.topics.values()
            ]
            if team
            else [],
            "dataset_requests": logic.dataset_requests() if team else [],
        },
    )
    return (page, 400) if error else page


@foi.route("/foi/classify", methods=["POST"])
def classify() -> Any:
    """The FOI team assigns, changes or clears the topics of one or many requests."""
    context = _context()
    if not can_see_details(context):
        return tk.abort(403, tk._("Only the FOI team can classify requests."))
    typed = (request.form.get("references") or "").replace(",", " ").split()
    refs = request.form.getlist("reference") + typed
    clear = request.form.get("action") == "clear"
    topics = [] if clear else request.form.getlist("topic")
    if not clear and not topics:
        tk.h.flash_error(tk._("Choose at least one topic, or use 'Clear topics'."))
        return tk.redirect_to("nlc_foi.dashboard", _anchor="classify")
    try:
        done = tk.get_action("nlc_foi_classify")(dict(context), {"references": refs, "topics": topics})
    except tk.ValidationError as exc:
        tk.h.flash_error("; ".join(str(m) for msgs in exc.error_dict.values() for m in msgs))
        return tk.redirect_to("nlc_foi.dashboard", _anchor="classify")
    labels = ", ".join(logic.matcher().vocabulary.label(t) for t in done["topics"]) or tk._("no topic")
    tk.h.flash_success(
        tk._("%(n)s request(s) classified: %(topics)s.", n=len(done["references"]), topics=labels)
    )
    return tk.redirect_to("nlc_foi.dashboard", _anchor="classify")


@foi.route("/contact", methods=["GET", "POST"])
def contact() -> Any:
    """How to reach the FOI team (mailbox, postal address, online form) and a form to
    ask for a dataset: CSRF-protected, rate-limited, screened for personal data."""
    sent: dict[str, Any] | None = None
    error: str | None = None
    text = ""
    status = 200
    if request.method == "POST":
        text = (request.form.get("dataset_request") or "").strip()
        if not text:
            error, status = tk._("Tell us which data you would like us to publish."), 400
        elif logic.over_rate_limit(request.remote_addr or "unknown"):
            error, status = tk._("Too many requests from your connection: please try again in an hour."), 429
        else:
            sent, text = logic.record_dataset_request(text), ""
    page = tk.render(
        "nlc/foi/contact.html",
        {"contact": logic.foi_contact(), "sent": sent, "error": error, "dataset_request": text},
    )
    return (page, status) if status != 200 else page


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
