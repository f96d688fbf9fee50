"""FOI coverage, publication plan and Guide to Information, computed inside CKAN.

The catalogue is read through the action layer as the calling user, so private
and deleted datasets are seen only by those allowed to see them. Request texts
leave this module only for the FOI team (sysadmins and members of the group
named by ``ckanext.nlc.foi_team_group``).
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable
from functools import lru_cache
from typing import Any

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from publication_plan.catalogue import fetch_datasets
from publication_plan.coverage import WindowCounts, dashboard_from_counts, dataset_status_row, public_summary
from publication_plan.guide import build_guide, contact_details, load_guide
from publication_plan.matching import Matcher, default_matcher
from publication_plan.plan import STATUSES, Plan, load_plan, plan_status
from publication_plan.ranking import window_start
from publication_plan.store import FoiStore
from publication_plan.suggest import SuggestError, SuggestResult, draft_reply, suggest_and_record

TEAM_GROUP_KEY = "ckanext.nlc.foi_team_group"
GUIDE_FILE_KEY = "ckanext.nlc.guide_file"
WORK_DB_KEY = "ckanext.nlc.work_db_url"


class _Action:
    """A ckanapi-style ``client.action.NAME(**params)`` over ``tk.get_action``."""

    def __init__(self, user: str | None) -> None:
        self._user = user or ""

    def __getattr__(self, name: str) -> Any:
        def call(**params: Any) -> Any:
            return tk.get_action(name)({"user": self._user}, params)

        return call


class Catalogue:
    """The catalogue as the given user sees it (``publication_plan`` takes ckanapi clients)."""

    def __init__(self, user: str | None) -> None:
        self.action = _Action(user)


def team_group() -> str:
    return tk.config.get(TEAM_GROUP_KEY) or "foi-team"


def is_foi_team(user: str | None) -> bool:
    """Sysadmins and members (any capacity) of the FOI team group."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    group = model.Group.get(team_group())
    if group is None or group.state != "active":
        return False
    return authz.users_role_for_group_or_org(group.id, user) is not None


@lru_cache(maxsize=4)
def _store(url: str) -> FoiStore:
    return FoiStore(url)


def store() -> FoiStore:
    """The FOI log store in the work database (``ckanext.nlc.work_db_url``)."""
    return _store(tk.config.get(WORK_DB_KEY))


@lru_cache(maxsize=1)
def matcher() -> Matcher:
    return default_matcher()


def plan() -> Plan:
    return load_plan(vocabulary=matcher().vocabulary)


def site_url() -> str:
    return tk.config.get("ckan.site_url") or ""


def catalogue_datasets(user: str | None, the_plan: Plan | None = None) -> list[dict[str, Any]]:
    """Every dataset the user may see, plus planned datasets search does not return
    (deleted ones, for sysadmins) so withdrawals are noticed."""
    names = sorted({n for item in (the_plan or plan()).items.values() for n in item.datasets})
    return fetch_datasets(Catalogue(user), extra_names=names)


def public_datasets(user: str | None) -> list[dict[str, Any]]:
    """Published (public, active) datasets only."""
    return fetch_datasets(Catalogue(user), include_private=False)


EXAMPLES_PER_TOPIC = 3
DASHBOARD_CACHE_SIZE = 64  # dashboards kept per process (users x windows x days)


class _Dashboards:
    """A small thread-safe LRU of computed dashboards."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> dict[str, Any] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: dict[str, Any]) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


DASHBOARDS = _Dashboards(DASHBOARD_CACHE_SIZE)


def catalogue_signal() -> tuple[Any, ...]:
    """Changes whenever a dataset is created, changed, deleted or purged (its newest
    ``metadata_modified`` and the number of datasets) or a membership changes (who sees
    which private datasets): two indexed aggregates, not a search."""
    row = model.Session.execute(
        sa.text(
            "SELECT (SELECT count(*) FROM package), (SELECT max(metadata_modified) FROM package), "
            "(SELECT count(*) FROM member WHERE state = 'active')"
        )
    ).one()
    return tuple(row)


def dashboard(
    user: str | None, *, full: bool, months: int = 12, top: int = 20, today: dt.date | None = None
) -> dict[str, Any]:
    """The coverage dashboard: full (with request texts) or the public summary. Requests are
    counted by topic and month in the database; the result is cached per user, window and
    day until the catalogue (:func:`catalogue_signal`) or the FOI store
    (``FoiStore.change_signal``) changes."""
    today = today or dt.date.today()
    the_store = store()
    key = (user or "", full, months, top, today, catalogue_signal(), the_store.change_signal())
    cached = DASHBOARDS.get(key)
    if cached is None:
        cached = _compute_dashboard(user, full=full, months=months, top=top, today=today)
        DASHBOARDS.put(key, cached)
    return copy.deepcopy(cached)


def _compute_dashboard(
    user: str | None, *, full: bool, months: int, top: int, today: dt.date
) -> dict[str, Any]:
    the_plan = plan()
    the_store = store()
    since = window_start(today, months)
    counted = the_store.window_counts(since, today)
    examples = the_store.window_examples(since, today, EXAMPLES_PER_TOPIC) if full else {}
    counts = WindowCounts(since, today, counted["total"], counted["unmatched"], counted["by_month"], examples)
    built = dashboard_from_counts(
        counts, catalogue_datasets(user, the_plan), the_plan, matcher().vocabulary, months=months, limit=top
    )
    result = built if full else public_summary(built)
    result["detail"] = "full" if full else "summary"
    result["statuses"] = STATUSES
    return result


def publication_plan(user: str | None, *, today: dt.date | None = None) -> dict[str, Any]:
    """Every topic's plan line and live status, with per-dataset status and reasons."""
    the_plan = plan()
    vocab = matcher().vocabulary
    statuses = plan_status(the_plan, catalogue_datasets(user, the_plan), vocab, today)
    return {
        "generated": (today or dt.date.today()).isoformat(),
        "statuses": STATUSES,
        "topics": [
            {
                "topic": s.topic,
                "label": s.label,
                "status": s.status,
                "status_label": STATUSES[s.status],
                "in_plan": s.topic in the_plan.items,
                "service": the_plan.service_label(s.service) if s.service else None,
                "priority": s.priority,
                "target_date": s.target_date.isoformat() if s.target_date else None,
                "published_date": s.published_date.isoformat() if s.published_date else None,
                "datasets": [
                    dataset_status_row(d) | {"published_date": d.published_date} for d in s.datasets
                ],
            }
            for s in statuses.values()
        ],
    }


def suggest(user: str | None, text: str, *, reference: str | None = None) -> dict[str, Any]:
    """Published datasets answering ``text`` and the drafted reply; when nothing
    answers, the request is recorded as a plan candidate."""
    try:
        result: SuggestResult = suggest_and_record(
            text, public_datasets(user), matcher(), store(), site_url=site_url()
        )
    except SuggestError as exc:
        raise tk.ValidationError({"text": [str(exc)]}) from exc
    return {**result.as_dict(), "draft_reply": draft_reply(result, reference=reference)}


RATE_KEY = "ckanext.nlc.contact_rate_limit"
MAX_DATASET_REQUEST = 2000


def over_rate_limit(client: str) -> bool:
    """Count one dataset request from ``client``; True when it is over the hourly limit."""
    from ckan.lib.redis import connect_to_redis

    limit = tk.asint(tk.config.get(RATE_KEY) or 5)
    redis = connect_to_redis()
    key = f"nlc:contact:{client}"
    count = redis.incr(key)
    if count == 1:
        redis.expire(key, 3600)
    return count > limit


def record_dataset_request(text: str) -> dict[str, Any]:
    """Screen a dataset request for personal data, then store what is left as a plan
    candidate (source 'contact') with its best-guess topic for the FOI team."""
    from publication_plan.scrub import scrub

    clean, kinds = scrub(text.strip()[:MAX_DATASET_REQUEST])
    match = matcher().best(clean)
    candidate = store().add_candidate(clean, match.topic if match else None, source="contact")
    return {"id": candidate, "removed": sorted(set(kinds)), "topic": match.topic if match else None}


def council_guide() -> dict[str, Any]:
    """The council's Guide to Information text (``ckanext.nlc.guide_file``, else the packaged one)."""
    return load_guide(tk.config.get(GUIDE_FILE_KEY) or None)


def foi_contact() -> dict[str, Any]:
    """The FOI mailbox, postal address, phone and online form (from the guide: one place)."""
    return contact_details(council_guide(), site_url())


def classify(user: str | None, references: list[str], topics: list[str]) -> dict[str, Any]:
    """Record the FOI team's topics for each reference; all or nothing."""
    from publication_plan.errors import StoreError

    known = list(matcher().vocabulary.topics)
    unknown = [t for t in topics if t not in known]
    if unknown:
        raise tk.ValidationError({"topics": [f"unknown topic(s): {', '.join(unknown)}"]})
    the_store = store()
    stored = {r.reference for r in the_store.list_requests()}
    missing = [r for r in references if r not in stored]
    if missing:
        raise tk.ValidationError({"references": [f"not in the FOI log: {', '.join(missing)}"]})
    for ref in dict.fromkeys(references):
        try:
            the_store.classify(ref, topics, known_topics=known, by=user or None)
        except StoreError as exc:
            raise tk.ValidationError({"references": [str(exc)]}) from exc
    return {"references": list(dict.fromkeys(references)), "topics": topics}


def dataset_requests() -> list[dict[str, Any]]:
    """Requests for datasets from the contact form (plan candidates with source 'contact')."""
    return [
        {**c, "recorded_at": c["recorded_at"].isoformat()}
        for c in store().list_candidates()
        if c.get("source") == "contact"
    ]


def guide(user: str | None, *, staff: bool) -> dict[str, Any]:
    """The Guide to Information; ``empty_classes`` only for staff."""
    built = build_guide(public_datasets(user), site_url=site_url(), guide=council_guide())
    if not staff:
        built.pop("empty_classes", None)
        built.pop("misfiled", None)
        for cls in built["classes"]:
            cls.pop("empty", None)
    return built
