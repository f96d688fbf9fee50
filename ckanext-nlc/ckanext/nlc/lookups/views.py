"""Pages ``/postcode`` (council tax bands, bin days, ward, councillors, nearest services),
``/bin-day`` (bin collection days for a postcode or address) and ``/nearest``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.lookups import data, svgmap
from ckanext.nlc.lookups.actions import METRES_PER_MILE
from flask import Blueprint, request

lookups = Blueprint("nlc_lookups", __name__)


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _errors(exc: tk.ValidationError) -> list[str]:
    return [msg for msgs in exc.error_dict.values() for msg in (msgs if isinstance(msgs, list) else [msgs])]


def _lookup() -> tuple[str, str, dict[str, Any] | None, list[str], int]:
    """The postcode (and address) asked for and the lookup's answer, errors and HTTP status."""
    query = (request.args.get("postcode") or "").strip()[:20]
    uprn = (request.args.get("uprn") or "").strip()[:20]
    result: dict[str, Any] | None = None
    errors: list[str] = []
    status = 200
    if query or uprn:
        params = {k: v for k, v in (("postcode", query), ("uprn", uprn)) if v}
        try:
            result = tk.get_action("nlc_postcode_lookup")(_context(), params)
        except tk.ValidationError as exc:
            errors, status = _errors(exc), 400
        except tk.ObjectNotFound as exc:
            errors, status = [str(exc.message or exc)], 404
    if result:
        result = {**result, "bins": _bin_dates_for_people(result["bins"])}
    return query or (result or {}).get("postcode", ""), uprn, result, errors, status


def _day(iso: str, fmt: str = "%A %-d %B") -> str:
    return dt.date.fromisoformat(iso).strftime(fmt)


def _bin_dates_for_people(bins: dict[str, Any]) -> dict[str, Any]:
    """The bin answer with each date also written out ('Tuesday 8 December')."""
    collections = [
        {**c, "upcoming": [{**u, "text": _day(u["date"])} for u in c["upcoming"]]}
        for c in bins["collections"]
    ]
    return {**bins, "date_text": _day(bins["date"], "%A %-d %B %Y"), "collections": collections}


def distance_text(metres: float) -> str:
    """'850 m (0.5 miles)', '2.4 km (1.5 miles)'."""
    miles = metres / METRES_PER_MILE
    near = f"{metres:,.0f} m" if metres < 1000 else f"{metres / 1000:,.1f} km"
    return f"{near} ({miles:,.1f} {'mile' if round(miles, 1) == 1 else 'miles'})"


def _numbered(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Places with the number their map marker and list item share, and their distance text."""
    return [
        {**p, "number": i, "distance_text": distance_text(p["distance_m"])}
        for i, p in enumerate(places, start=1)
    ]


@lookups.route("/postcode")
def postcode() -> tuple[str, int]:
    """Form, and for a postcode its council tax bands, bin days, ward, councillors and a map."""
    query, uprn, result, errors, status = _lookup()
    svg = None
    nearest: list[dict[str, Any]] = []
    if result:
        found = [{**v["item"], "source": v["source"]} for v in result["nearest"].values() if v["item"]]
        nearest = _numbered(found)
        ward_geom = None
        if result["ward"]["code"]:
            wards, _ = data.get("ward")
            ward = wards.by_code.get(result["ward"]["code"])
            ward_geom = ward.geometry if ward else None
        origin = {**result["centroid"], "postcode": result["postcode"]}
        svg = svgmap.render(
            origin, nearest, ward_geom, title=f"Map of {result['postcode']}, its ward and nearest services"
        )
    html = tk.render(
        "nlc/lookups/postcode.html",
        {"query": query, "uprn": uprn, "result": result, "errors": errors, "svg": svg, "nearest": nearest},
    )
    return html, status


@lookups.route("/bin-day")
def bin_day() -> tuple[str, int]:
    """Bin collection days for a postcode, or for one address of it (``uprn``)."""
    query, uprn, result, errors, status = _lookup()
    html = tk.render(
        "nlc/lookups/bin_day.html", {"query": query, "uprn": uprn, "result": result, "errors": errors}
    )
    return html, status


@lookups.route("/nearest")
def nearest() -> tuple[str, int]:
    """Choose a type and a postcode (or the browser's location); list and map the nearest N."""
    args = {k: (request.args.get(k) or "").strip()[:40] for k in ("type", "postcode", "lat", "lon", "n")}
    result: dict[str, Any] | None = None
    errors: list[str] = []
    status = 200
    svg = None
    if args["type"] and (args["postcode"] or args["lat"] or args["lon"]):
        params = {k: v for k, v in args.items() if v}
        if args["postcode"]:
            params.pop("lat", None)
            params.pop("lon", None)
        try:
            result = tk.get_action("nlc_nearest")(_context(), params)
        except tk.ValidationError as exc:
            errors, status = _errors(exc), 400
        except tk.ObjectNotFound as exc:
            errors, status = [str(exc.message or exc)], 404
    elif request.args:
        errors, status = ["Choose a type of place and enter a postcode (or use your location)."], 400
    if result:
        result = {**result, "results": _numbered(result["results"])}
        title = f"Map of the nearest {result['plural'].lower()}"
        svg = svgmap.render(result["origin"], result["results"], title=title)
    html = tk.render(
        "nlc/lookups/nearest.html",
        {
            "args": args,
            "result": result,
            "errors": errors,
            "svg": svg,
            "kinds": [(k, data.PLACE_LABELS[k]) for k in data.PLACE_KINDS],
        },
    )
    return html, status


def get_blueprints() -> list[Blueprint]:
    return [lookups]
