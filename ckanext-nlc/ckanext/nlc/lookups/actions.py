"""Actions ``nlc_postcode_lookup`` and ``nlc_nearest`` (public, read-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.lookups import bins, data

MAX_N = 50
METRES_PER_MILE = 1609.344


def _uprn(data_dict: dict[str, Any]) -> int | None:
    raw = str(data_dict.get("uprn") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        msg = f"{raw[:20]!r} is not a UPRN: it is a number of up to 12 digits."
        raise tk.ValidationError({"uprn": [msg]})
    return int(raw)


def _today(data_dict: dict[str, Any]) -> dt.date:
    raw = str(data_dict.get("date") or "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as e:
        raise tk.ValidationError({"date": [f"{raw[:20]!r} is not a date: give it as YYYY-MM-DD."]}) from e


def _postcode(data_dict: dict[str, Any]) -> tuple[str, dict[str, Any], data.Source]:
    raw = str(data_dict.get("postcode") or "").strip()
    uprn = _uprn(data_dict)
    if not raw and uprn is not None:  # an address: its postcode from the bin rounds by address
        rounds, _ = _get("bin_rounds")
        home = bins.home_for_uprn(rounds, uprn)
        if home is None:
            raise tk.ObjectNotFound(f"UPRN {uprn} is not a household address in the bin collection rounds.")
        raw = home.postcode
    if not raw:
        raise tk.ValidationError({"postcode": ["Enter a postcode, for example ML1 1AB."]})
    postcode = data.normalise_postcode(raw)
    if postcode is None:
        raise tk.ValidationError(
            {"postcode": [f"{raw[:20]!r} is not a valid UK postcode. Enter it like ML1 1AB."]}
        )
    index, source = _get("postcode")
    found = index.by_key.get(data.postcode_key(postcode))
    if found is None:
        raise tk.ObjectNotFound(
            f"Postcode {postcode} was not found in the {source.title} dataset: it may be outside "
            "North Lanarkshire, new, or no longer in use."
        )
    return postcode, found, source


def _get(kind: str) -> tuple[Any, data.Source]:
    try:
        return data.get(kind)
    except data.LookupDataError as e:
        raise tk.ObjectNotFound(f"The lookup data is not available: {e}.") from e


def _place(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    """A place with its kind's label and its distance also in km and miles."""
    out = {"type": kind, "label": data.PLACE_LABELS[kind], **item}
    if "distance_m" in item:
        out["distance_km"] = round(item["distance_m"] / 1000, 2)
        out["distance_miles"] = round(item["distance_m"] / METRES_PER_MILE, 2)
    return out


@tk.side_effect_free
def nlc_postcode_lookup(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Council tax bands, bin collection days, ward, councillors and nearest services.

    :param postcode: a UK postcode, any case and spacing (e.g. ``ml11ab``)
    :param uprn: optional, one address (its bin days; its postcode when no postcode is given)
    :param date: optional ``YYYY-MM-DD``: next collections on or after it (default today)
    :returns: ``postcode``, ``centroid``, ``council_tax`` (dwellings by band; one property's
        band is on the Assessor's portal, ``council_tax.assessor``), ``bins``, ``ward``,
        ``councillors`` and ``nearest`` (toilet, library, first_stop_shop, school), each
        with the ``source`` dataset it came from.
    """
    tk.check_access("nlc_postcode_lookup", context, data_dict)
    return postcode_answer(data_dict)


# The lookup indexes a postcode answer is built from.
NEAREST_KINDS = tuple(k for k, v in data.PLACES.items() if v.get("in_postcode_answer"))
POSTCODE_KINDS = (
    "postcode", "council_tax", "ward", "councillor", "bin_rounds", "bin_calendar", *NEAREST_KINDS
)  # fmt: skip


def assessor() -> dict[str, str]:
    """Where one property's council tax band is published (the Assessor's portal)."""
    return {
        "name": str(data.setting("ckanext.nlc.lookups.assessor_name") or ""),
        "url": str(data.setting("ckanext.nlc.lookups.assessor_url") or ""),
    }


def postcode_answer(
    data_dict: dict[str, Any], cite: Callable[[data.Source], Any] = data.Source.as_dict
) -> dict[str, Any]:
    """The body of ``nlc_postcode_lookup`` (public data: no access check of its own); each
    ``source`` is ``cite(source)`` (the fast path puts placeholders for pre-encoded JSON)."""
    postcode, centre, pc_source = _postcode(data_dict)
    lat, lon = centre["lat"], centre["lon"]
    uprn, today = _uprn(data_dict), _today(data_dict)

    bands_index, bands_source = _get("council_tax")
    counts = bands_index.by_key.get(data.postcode_key(postcode), {"bands": {}, "dwellings": 0})
    rounds, rounds_source = _get("bin_rounds")
    calendar, calendar_source = _get("bin_calendar")
    bin_days = bins.answer(rounds, calendar, postcode, today, uprn)
    if uprn is not None and bin_days["address"] is None:
        raise tk.ObjectNotFound(f"UPRN {uprn} is not a household address in postcode {postcode}.")

    wards, ward_source = _get("ward")
    ward, method = wards.locate(lat, lon, centre.get("ward_code"))
    cllrs, cllr_source = _get("councillor")

    nearest: dict[str, Any] = {}
    for kind in NEAREST_KINDS:
        places, src = _get(kind)
        hits = places.nearest(lat, lon, 1)
        nearest[kind] = {
            "item": _place(kind, hits[0]) if hits else None,
            "source": cite(src),
        }
    return {
        "postcode": postcode,
        "centroid": {"lat": lat, "lon": lon, "source": cite(pc_source)},
        "council_tax": {
            "dwellings": counts["dwellings"],
            "bands": counts["bands"],
            "assessor": assessor(),
            "source": cite(bands_source),
        },
        "bins": {**bin_days, "source": cite(calendar_source), "rounds_source": cite(rounds_source)},
        "ward": {
            "code": ward.code if ward else None,
            "name": ward.name if ward else None,
            "number": ward.number if ward else None,
            "method": method,
            "source": cite(ward_source),
        },
        "councillors": {
            "items": cllrs.by_ward.get(ward.code, []) if ward else [],
            "source": cite(cllr_source),
        },
        "nearest": nearest,
    }


def _int(value: Any, name: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as e:
        raise tk.ValidationError({name: ["Must be a whole number."]}) from e


def _coord(value: Any, name: str, low: float, high: float) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError) as e:
        raise tk.ValidationError({name: ["Must be a number."]}) from e
    if not low <= out <= high:
        raise tk.ValidationError({name: [f"Must be between {low} and {high}."]})
    return out


@tk.side_effect_free
def nlc_nearest(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """The nearest N places of a type to a postcode or a point.

    :param type: toilet, library, first_stop_shop, school or museum
    :param postcode: a UK postcode; or ``lat`` and ``lon`` (WGS84)
    :param n: how many (1-50, default 5)
    :returns: ``type``, ``label``, ``plural``, ``origin``, ``results`` (nearest first,
        ``distance_m`` in metres on the WGS84 ellipsoid, also ``distance_km`` and
        ``distance_miles``; ``details`` labelled from the data dictionary) and ``source``.
    """
    tk.check_access("nlc_nearest", context, data_dict)
    kind = str(data_dict.get("type") or "").strip().lower().replace(" ", "_").replace("-", "_")
    if kind not in data.PLACE_KINDS:
        raise tk.ValidationError({"type": [f"Choose one of: {', '.join(data.PLACE_KINDS)}."]})
    n = _int(data_dict.get("n"), "n", 5)
    if not 1 <= n <= MAX_N:
        raise tk.ValidationError({"n": [f"Must be between 1 and {MAX_N}."]})
    if data_dict.get("postcode"):
        postcode, centre, pc_source = _postcode(data_dict)
        origin = {
            "postcode": postcode,
            "lat": centre["lat"],
            "lon": centre["lon"],
            "source": pc_source.as_dict(),
        }
    elif data_dict.get("lat") not in (None, "") or data_dict.get("lon") not in (None, ""):
        origin = {
            "postcode": None,
            "lat": _coord(data_dict.get("lat"), "lat", -90, 90),
            "lon": _coord(data_dict.get("lon"), "lon", -180, 180),
        }
    else:
        raise tk.ValidationError({"postcode": ["Give a postcode, or lat and lon."]})
    places, source = _get(kind)
    return {
        "type": kind,
        "label": data.PLACE_LABELS[kind],
        "plural": data.PLACE_PLURALS[kind],
        "origin": origin,
        "results": [_place(kind, p) for p in places.nearest(origin["lat"], origin["lon"], n)],
        "source": source.as_dict(),
    }


@tk.auth_allow_anonymous_access
def public(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, bool]:
    """Lookups answer anyone: they only read published open data."""
    return {"success": True}


ACTIONS: dict[str, Any] = {"nlc_postcode_lookup": nlc_postcode_lookup, "nlc_nearest": nlc_nearest}
AUTH: dict[str, Any] = {"nlc_postcode_lookup": public, "nlc_nearest": public}
