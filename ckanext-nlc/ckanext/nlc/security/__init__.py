"""Feature ``security``: portal hardening (issue 12, point 4).

* ``csrf``: CSRF enforced on cookie-authenticated Action API writes and on the login form;
* ``cookies``: the ``remember_token`` cookie as strict as the session cookie, Secure on https;
* ``purge``: ``dataset_purge`` also removes activities, uploaded files and DataStore tables;
* ``sql_timeout``: a short statement timeout for anonymous ``datastore_search_sql``;
* ``remote``: remote fetches only from configured hosts, bounded in size and time;
* ``jobs_user``: xloader's API token belongs to a user of its own, editor of every organisation.
"""

from __future__ import annotations

from typing import Any

from ckanext.nlc.security import cookies, csrf, jobs_user, purge, sql_timeout

ACTIONS: dict[str, Any] = {
    "dataset_purge": purge.dataset_purge,
    "datastore_search_sql": sql_timeout.datastore_search_sql,
    "organization_create": jobs_user.organization_create,
    "nlc_jobs_user_sync": jobs_user.nlc_jobs_user_sync,
}
AUTH: dict[str, Any] = {"nlc_jobs_user_sync": jobs_user.nlc_jobs_user_sync_auth}


def blueprints() -> list[Any]:
    return []


def configure(config: Any) -> None:
    """IConfigurer.update_config part."""
    cookies.apply(config)


def install(app: Any) -> None:
    """IMiddleware part, on CKAN's Flask app."""
    csrf.install(app)
