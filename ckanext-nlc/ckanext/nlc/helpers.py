"""Template helpers (registered through ITemplateHelpers)."""
from __future__ import annotations

import datetime as dt
import functools
import json
import urllib.parse
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc import vocab
from markupsafe import Markup


def nlc_foi_topic_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    return [{"value": k, "label": v} for k, v in vocab.foi_topics().items()]


def nlc_mps_class_label(value: str) -> str:
    return f"{value}. {vocab.MPS_CLASSES.get(str(value), value)}"


def nlc_foi_topic_label(value: str) -> str:
    return vocab.foi_topics().get(value, value)


def nlc_table_schema(resource: dict[str, Any]) -> dict[str, Any] | None:
    """A resource's Table Schema as a dict, or None."""
    schema = resource.get("schema")
    if isinstance(schema, str) and schema:
        try:
            schema = json.loads(schema)
        except ValueError:
            return None
    return schema if isinstance(schema, dict) and schema.get("fields") else None


def nlc_constraints_text(field: dict[str, Any]) -> str:
    """A field's Table Schema constraints in words."""
    parts = []
    for key, value in (field.get("constraints") or {}).items():
        if key == "enum":
            value = ", ".join(map(str, value))
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def nlc_report_problem_url(pkg: dict[str, Any]) -> str:
    """A ``mailto:`` link to the dataset's maintainer (else the configured mailbox) with the
    dataset's title as subject, percent-encoded by :mod:`urllib.parse` (RFC 6068: a title
    with ``&``, ``#``, ``%`` or ``?`` survives whole)."""
    to = str(pkg.get("maintainer_email") or tk.config.get("ckanext.nlc.report_problem_email") or "")
    subject = f"Problem with open data: {pkg.get('title') or pkg.get('name')}"
    query = urllib.parse.urlencode({"subject": subject}, quote_via=urllib.parse.quote)
    return f"mailto:{urllib.parse.quote(to, safe='@,')}?{query}"


def _search(**params: Any) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")({}, params)
    except Exception:  # noqa: BLE001 - search down: the home page still renders, without lists
        return {"count": 0, "results": [], "facets": {}, "search_facets": {}}


def nlc_home_stats() -> dict[str, int]:
    """Counts for the home page: public datasets and services publishing."""
    result = _search(rows=0, **{"facet.field": '["organization"]', "facet.limit": -1})
    return {"datasets": result["count"], "services": len(result.get("facets", {}).get("organization", {}))}


def nlc_home_foi(limit: int = 6) -> dict[str, Any]:
    """The top FOI topics by request volume with their datasets, and the coverage figures,
    from ``nlc_foi_coverage`` (the dashboard's own numbers); empty when it cannot answer."""
    try:
        report = tk.get_action("nlc_foi_coverage")({"user": tk.g.get("user") or ""}, {})
    except Exception:  # noqa: BLE001 - FOI database unavailable: the home page still renders
        return {"topics": [], "coverage": {}}
    return {"topics": report.get("top_topics", [])[:limit], "coverage": report.get("coverage", {}),
            "months": report.get("window", {}).get("months")}


def nlc_recent_datasets(limit: int = 6) -> list[dict[str, Any]]:
    return _search(rows=limit, sort="metadata_modified desc")["results"]


def nlc_logo_url() -> str:
    """The header logo: ``ckanext.nlc.logo`` (a path under the public folder or a URL)."""
    return tk.config.get("ckanext.nlc.logo")


def nlc_logo_src() -> str:
    """The logo's URL: cache-busted when it is one of the extension's files."""
    logo = nlc_logo_url()
    return nlc_asset(logo) if logo.startswith("/") else logo


def nlc_non_essential_cookies() -> list[dict[str, Any]]:
    """Optional cookies the portal sets; the cookie notice appears only when there are some."""
    from ckanext.nlc.pages import non_essential_cookies

    return non_essential_cookies()


def nlc_search_advice(q: str, page: Any, query_error: bool) -> dict[str, Any]:
    """What the search page tells the visitor: why a query failed (a bad map area, or a query
    Solr could not parse, with the same words in plain form), a page past the end, or for an
    empty result a spelling suggestion or the lookup tool that answers the question."""
    import re

    from ckanext.nlc import search

    bbox_error = search.bbox_error(tk.request.args.get("ext_bbox"))
    out: dict[str, Any] = {"bbox_error": bbox_error, "query_error": None, "plain": None,
                           "past_end": False, "empty": False, "suggestion": None, "answers": []}
    if bbox_error:
        return out
    if query_error and getattr(tk.g, "nlc_search_unavailable", False):
        from ckanext.nlc.search_outage import MESSAGE

        out["unavailable"] = tk._(MESSAGE)
        return out
    if query_error:
        plain = " ".join(re.findall(r"[\w'-]+", q or ""))
        out["query_error"] = tk._(
            "Characters such as : ( ) [ ] \" and ~ have special meanings in a search, and these "
            "ones do not make a search we can run. Try plain words."
        )
        out["plain"] = plain if plain and plain != q else None
        return out
    count = getattr(page, "item_count", 0) or 0
    out["answers"] = search.quick_answers(q or "")
    if count and not page.items:
        last = page.last_page
        out["past_end"] = tk.ungettext(
            "There is no page {page}: the {count} results fit on {last} page.",
            "There is no page {page}: the {count} results fit on {last} pages.", last,
        ).format(page=tk.request.args.get("page", ""), count=count, last=last)
    elif not count:
        out["empty"] = True
        out["suggestion"] = search.did_you_mean(q) if q else None
    return out


def nlc_page_url(number: int) -> str:
    """The current search with another page number."""
    args = [(k, v) for k, v in tk.request.args.items(multi=True) if k != "page"]
    return tk.h.url_for("dataset.search", **dict(args), page=number)


def nlc_facet_links(name: str, items: list[dict[str, Any]], extras: dict[str, Any] | None = None,
                    alternative_url: str | None = None) -> list[tuple[dict[str, Any], str]]:
    """Each facet item with the search URL that selects it (or, when active, drops it): the
    URLs ``h.add_url_param``/``h.remove_url_param`` give, with the route built once per facet
    instead of once per item."""
    base = (alternative_url or tk.h.add_url_param(extras=extras)).partition("?")[0]
    current = [(k, v) for k, v in tk.request.args.items(multi=True) if k != "page"]
    links = []
    for item in items:
        params = list(current)
        if item.get("active"):
            params.remove((name, item["name"]))
        else:
            params.append((name, item["name"]))
        links.append((item, _with_params(base, params)))
    return links


def _with_params(url: str, params: list[tuple[str, Any]]) -> str:
    """``url`` with ``params`` as CKAN's helpers encode them."""
    if not params:
        return url
    encoded = [(k, v.encode("utf-8") if isinstance(v, str) else str(v)) for k, v in params]
    return f"{url}?{urllib.parse.urlencode(encoded)}"


@functools.lru_cache(maxsize=4096)
def _notes_html(notes: str) -> Markup:
    """``{{ h.markdown_extract(notes, 180)|urlize }}`` of CKAN's package_item, as Jinja's
    filter makes it with its default policies (``rel="noopener"``)."""
    from jinja2.utils import urlize

    return Markup(urlize(tk.h.markdown_extract(notes, extract_length=180), rel="noopener"))


def nlc_result_item(package: dict[str, Any]) -> dict[str, Any]:
    """What a search result shows of a dataset: its URL (built once), its description's
    plain-text extract with links (rendered once per distinct text and process) and formats."""
    notes = package.get("notes")
    return {
        "url": tk.h.url_for(f"{package.get('type') or 'dataset'}.read", id=package["name"]),
        "notes": _notes_html(notes) if notes else "",
        "formats": tk.h.dict_list_reduce(package.get("resources") or [], "format"),
    }


def nlc_map_backdrop_url() -> str:
    """The backdrop maps draw when no tile provider is set or reachable (council wards)."""
    return tk.h.url_for_static_or_external(tk.config.get("ckanext.nlc.map.backdrop_url"))


def nlc_table_example(resource_id: str) -> dict[str, Any]:
    """A real column and value of a DataStore table, for the Data API dialog's examples."""
    from ckanext.nlc.examples import table_example

    return table_example(resource_id)


def nlc_asset(path: str) -> str:
    """A file of the extension's public folder by a cache-busting URL (``?v=<hash>``)."""
    from ckanext.nlc.serving import asset_url

    return asset_url(path)


def nlc_today() -> str:
    return dt.date.today().isoformat()


def get_helpers() -> dict[str, Any]:
    from ckanext.nlc.ogc import nlc_ogc_collection_url

    return {nlc_ogc_collection_url.__name__: nlc_ogc_collection_url} | {
        f.__name__: f
        for f in (nlc_foi_topic_choices,  # MPS classes and frequencies: the schema's own choices
                  nlc_mps_class_label, nlc_foi_topic_label, nlc_table_schema,
                  nlc_constraints_text, nlc_report_problem_url, nlc_home_stats,
                  nlc_home_foi, nlc_recent_datasets, nlc_today, nlc_logo_url,
                  nlc_non_essential_cookies, nlc_search_advice, nlc_page_url,
                  nlc_facet_links, nlc_result_item,
                  nlc_map_backdrop_url, nlc_table_example, nlc_asset,
                  nlc_logo_src)
    }
