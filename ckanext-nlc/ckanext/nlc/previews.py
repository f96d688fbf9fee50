"""Default resource views: a table preview for every resource the DataStore holds."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk


def ensure_default_views(context: dict[str, Any], resource_id: str) -> list[dict[str, Any]]:
    """Create the ``ckan.views.default_views`` a DataStore-backed resource still lacks
    (CKAN's DataTables view among them); returns the views created."""
    from ckan.lib.datapreview import add_views_to_resource

    ctx = tk.fresh_context(context)
    ctx["ignore_auth"] = True  # the caller has already been authorised to load the table
    resource = tk.get_action("resource_show")(ctx, {"id": resource_id})
    return add_views_to_resource(ctx, resource, create_datastore_views=True)
