"""The Guide to Information (`/publication-scheme`): nine Model Publication
Scheme classes with what is published in each, and how to get information."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from ckanext.nlc.vocab import MPS_CLASSES

from publication_plan.catalogue import dataset_formats, dataset_licence, dataset_url
from publication_plan.errors import GuideError
from publication_plan.models import GuideFile, load_yaml
from publication_plan.plan import blocked_reason, is_public

GUIDE_FILE = Path(str(resources.files("publication_plan").joinpath("guide.yaml")))
OTHER_THEME = "Other"


def load_guide(path: Path | str | None = None) -> dict[str, Any]:
    """Read and validate the council-edited guide text (model :class:`GuideFile`)."""
    path = Path(path or GUIDE_FILE)
    model, data = load_yaml(path, GuideFile, GuideError, "the Guide to Information")
    data["review_date"] = model.review_date
    return data


def contact_details(guide: dict[str, Any], site_url: str) -> dict[str, Any]:
    """The FOI contact of the guide, the online form as an absolute link."""
    contact = dict(guide.get("contact") or {})
    form = str(contact.get("online_form") or "")
    if form.startswith("/"):
        contact["online_form"] = site_url.rstrip("/") + form
    address = contact.get("postal_address") or []
    contact["postal_address"] = [address] if isinstance(address, str) else list(address)
    return contact


def _theme(dataset: dict[str, Any]) -> str:
    groups = dataset.get("groups") or []
    if groups:
        g = groups[0]
        return g.get("title") or g.get("display_name") or g.get("name") or OTHER_THEME
    return OTHER_THEME


def _entry(dataset: dict[str, Any], site_url: str) -> dict[str, Any]:
    licence, licence_url = dataset_licence(dataset)
    return {
        "title": dataset.get("title") or dataset["name"],
        "name": dataset["name"],
        "url": dataset_url(site_url, dataset["name"]),
        "formats": list(dataset_formats(dataset)),
        "licence": licence,
        "licence_url": licence_url,
        "theme": _theme(dataset),
        "source": "catalogue",
    }


def build_guide(
    datasets: Iterable[dict[str, Any]], *, site_url: str, guide: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The Guide to Information as JSON-ready data.

    Each class lists the guide's own entries and every public dataset tagged
    with that class (``mps_class``, default "9"); class 9 is also grouped by
    theme. ``empty_classes`` lists classes with nothing in them, for staff.
    """
    guide = guide if guide is not None else load_guide()
    text = {str(k): v or {} for k, v in (guide.get("classes") or {}).items()}
    per_class: dict[str, list[dict[str, Any]]] = {n: [] for n in MPS_CLASSES}
    misfiled: list[dict[str, str]] = []
    for d in datasets:
        if not is_public(d) or blocked_reason(d):
            continue
        entry = _entry(d, site_url)
        per_class["9"].append(entry)  # every open dataset is open data
        topics = set(d.get("foi_topics") or [])
        for number in {str(n) for n in d.get("mps_class") or []} - {"9"}:
            if number not in per_class:
                continue
            belongs = set(text.get(number, {}).get("topics") or [])
            if topics & belongs:
                per_class[number].append(entry)
            else:
                misfiled.append({"dataset": d["name"], "class": number})
    classes = []
    for number, label in MPS_CLASSES.items():
        own = [{**e, "source": "guide"} for e in text.get(number, {}).get("entries") or []]
        data = sorted(per_class[number], key=lambda e: e["title"].lower())
        entry = {
            "number": number,
            "label": label,
            "description": text.get(number, {}).get("description", ""),
            "entries": own + data,
            "empty": not (own or data),
        }
        if number == "9":
            themes: dict[str, list[dict[str, Any]]] = {}
            for e in data:
                themes.setdefault(e["theme"], []).append(e)
            entry["themes"] = [
                {"theme": t, "entries": themes[t]}
                for t in sorted(themes, key=lambda t: (t == OTHER_THEME, t))
            ]
        classes.append(entry)
    review = guide.get("review_date")
    return {
        "authority": guide.get("authority", ""),
        "introduction": guide.get("introduction", ""),
        "review_date": review.isoformat() if isinstance(review, dt.date) else review,
        "contact": contact_details(guide, site_url),
        "classes": classes,
        "sections": [{"title": s["title"], "body": s.get("body", "")} for s in guide.get("sections") or []],
        "empty_classes": [c["number"] for c in classes if c["empty"]],
        "misfiled": misfiled,
    }


def guide_csv(built: dict[str, Any]) -> str:
    """Every entry of the guide as CSV: class, class label, theme, title, url, formats, licence, source."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["class", "class_label", "theme", "title", "url", "formats", "licence", "source"])
    for cls in built["classes"]:
        for e in cls["entries"]:
            writer.writerow(
                [
                    cls["number"],
                    cls["label"],
                    e.get("theme", ""),
                    e["title"],
                    e["url"],
                    " ".join(e.get("formats") or []),
                    e.get("licence", ""),
                    e.get("source", ""),
                ]
            )
    return out.getvalue()
