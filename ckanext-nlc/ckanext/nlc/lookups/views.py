"""Pages ``/postcode`` (council tax bands, ward, councillors, nearest services) and
``/nearest`` ("where is my nearest")."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.lookups import data, svgmap
from flask import Blueprint, request

lookups = Blueprint("nlc_lookups", __name__)


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _errors(exc: tk.ValidationError) -> list[str]:
    return [msg for msgs in exc.error_dict.values() for msg in (msgs if isinstance(msgs, list) else [msgs])]


@lookups.route("/postcode")
def postcode() -> tuple[str, int]:
    """Form, and for a postcode its properties and bands, ward, councillors and a map."""
    query = (request.args.get("postcode") or "").strip()[:20]
    result: dict[str, Any] | None = None
    errors: list[str] = []
    status = 200
    svg = None
    if query:
        try:
            result = tk.get_action("nlc_postcode_lookup")(_context(), {"postcode": query})
        except tk.ValidationError as exc:
            errors, status = _errors(exc), 400
        except tk.ObjectNotFound as exc:
            errors, status = [str(exc.message or exc)], 404
    if result:
        places = [v["item"] for v in result["nearest"].values() if v["item"]]
        ward_geom = None
        if result["ward"]["code"]:
            wards, _ = data.get("ward")
            ward = wards.by_code.get(result["ward"]["code"])
            ward_geom = ward.geometry if ward else None
        origin = {**result["centroid"], "postcode": result["postcode"]}
        svg = svgmap.render(
            origin, places, ward_geom, title=f"Map of {result['postcode']}, its ward and nearest services"
        )
    html = tk.render(
        "nlc/lookups/postcode.html", {"query": query, "result": result, "errors": errors, "svg": svg}
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
        svg = svgmap.render(
            result["origin"], result["results"], title=f"Map of the nearest {result['label'].lower()}s"
        )
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
