"""API actions and auth functions: ``nlc_foi_coverage``, ``nlc_publication_plan``,
``nlc_foi_suggest`` and the ``nlc_foi_team`` check behind request details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.foi import logic

MAX_MONTHS = 60
MAX_TOP = 50


def _int(data_dict: dict[str, Any], key: str, default: int, high: int) -> int:
    value = data_dict.get(key, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise tk.ValidationError({key: [f"must be a whole number, not {value!r}"]}) from None
    if not 1 <= number <= high:
        raise tk.ValidationError({key: [f"must be between 1 and {high}"]})
    return number


def _today(data_dict: dict[str, Any]) -> dt.date | None:
    value = data_dict.get("today")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise tk.ValidationError({"today": ["must be a YYYY-MM-DD date"]}) from None


def can_see_details(context: dict[str, Any]) -> bool:
    """True for the FOI team (``nlc_foi_team`` auth): sysadmins and group members."""
    try:
        tk.check_access("nlc_foi_team", {"user": context.get("user")}, {})
    except tk.NotAuthorized:
        return False
    return True


@tk.side_effect_free
def nlc_foi_coverage(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """FOI coverage dashboard data: top topics by quarter, status, coverage, overdue datasets.

    :param months: rolling window in months (default 12)
    :param top: number of topics (default 20)
    :param today: compute status at this date (YYYY-MM-DD; default today)

    The FOI team gets example and unmatched request texts (``detail: full``);
    everyone else the public summary (``detail: summary``), which has none.
    """
    tk.check_access("nlc_foi_coverage", context, data_dict)
    return logic.dashboard(
        context.get("user"),
        full=can_see_details(context),
        months=_int(data_dict, "months", 12, MAX_MONTHS),
        top=_int(data_dict, "top", 20, MAX_TOP),
        today=_today(data_dict),
    )


@tk.side_effect_free
def nlc_publication_plan(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The publication plan with each topic's live status (published, overdue,
    planned, missing, blocked) and the status of each dataset behind it.

    :param today: compute status at this date (YYYY-MM-DD; default today)

    The FOI team also gets ``candidates``: requests no published dataset answered.
    """
    tk.check_access("nlc_publication_plan", context, data_dict)
    result = logic.publication_plan(context.get("user"), today=_today(data_dict))
    if can_see_details(context):
        result["candidates"] = [
            {**c, "recorded_at": c["recorded_at"].isoformat()} for c in logic.store().list_candidates()
        ]
    return result


def nlc_foi_suggest(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Published datasets answering a new request, best first, and a drafted reply
    (FOISA s25 / EIR 6(1)(b)). FOI team only. Unanswered requests are recorded as
    plan candidates.

    :param text: the request text
    :param reference: the request reference for the reply (optional)
    """
    tk.check_access("nlc_foi_suggest", context, data_dict)
    text = str(data_dict.get("text") or "").strip()
    if not text:
        raise tk.ValidationError({"text": ["Missing value"]})
    return logic.suggest(context.get("user"), text, reference=data_dict.get("reference") or None)


def _list(data_dict: dict[str, Any], key: str) -> list[str]:
    value = data_dict.get(key) or []
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise tk.ValidationError({key: ["must be a list of strings"]})
    return [v.strip() for v in value if v.strip()]


def nlc_foi_classify(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Set the topics of one or more FOI requests (the FOI team's decision, kept across
    re-imports and used by ``nlc foi retrain``). FOI team only.

    :param references: request references (list, or a string separated by commas/spaces)
    :param topics: topic ids (list; empty = the request has no topic: clears its topics)
    """
    tk.check_access("nlc_foi_classify", context, data_dict)
    refs = _list(data_dict, "references")
    topics = _list(data_dict, "topics")
    if not refs:
        raise tk.ValidationError({"references": ["Missing value: choose at least one request"]})
    return logic.classify(context.get("user"), refs, topics)


def nlc_foi_team_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Sysadmins and members of the FOI team group."""
    if logic.is_foi_team(context.get("user")):
        return {"success": True}
    return {"success": False, "msg": tk._("Only the FOI team can see request details.")}


@tk.auth_allow_anonymous_access
def public_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Anyone (what they get depends on ``nlc_foi_team``)."""
    return {"success": True}


ACTIONS: dict[str, Any] = {
    "nlc_foi_coverage": nlc_foi_coverage,
    "nlc_publication_plan": nlc_publication_plan,
    "nlc_foi_suggest": nlc_foi_suggest,
    "nlc_foi_classify": nlc_foi_classify,
}
AUTH: dict[str, Any] = {
    "nlc_foi_team": nlc_foi_team_auth,
    "nlc_foi_coverage": public_auth,
    "nlc_publication_plan": public_auth,
    "nlc_foi_suggest": nlc_foi_team_auth,
    "nlc_foi_classify": nlc_foi_team_auth,
}
