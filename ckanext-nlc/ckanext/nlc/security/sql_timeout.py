"""A short statement timeout for anonymous ``datastore_search_sql``.

CKAN runs every DataStore SQL query under one 60 s ``statement_timeout``: an anonymous
``generate_series(1, 1e8)`` holds one of the few worker processes that long. Anonymous
callers get ``ckanext.nlc.datastore_sql_anonymous_timeout_ms`` instead (the DataStore's
``query_timeout`` context value, which its backend applies with ``SET LOCAL``); signed-in
users and sysadmins keep CKAN's limit. Over time the query ends with the DataStore's own
409 "Query took too long".
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def anonymous_timeout_ms() -> int:
    return int(tk.config.get("ckanext.nlc.datastore_sql_anonymous_timeout_ms"))


def _anonymous(context: dict[str, Any]) -> bool:
    from ckan import model

    user = context.get("user")
    return not user or model.User.get(user) is None


@tk.chained_action
@tk.side_effect_free
def datastore_search_sql(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """``datastore_search_sql``, anonymous callers held to the short timeout."""
    if _anonymous(context) and not context.get("ignore_auth"):
        context = dict(context, query_timeout=anonymous_timeout_ms())
    return original(context, data_dict)
