"""The background jobs' own user (``ckanext.nlc.jobs_user``), not the sysadmin.

xloader calls back into CKAN with ``ckanext.xloader.api_token``: it reads the resource and
its dataset (private ones too), downloads uploaded files and reports through
``xloader_hook``, whose check is ``resource_update`` on the resource. An *editor* of every
organisation can do exactly that, and cannot purge, manage users, organisations or members,
or change the site's configuration. ``nlc_jobs_user_sync`` (sysadmins; scripts/ckan.sh runs
it) creates the user (no usable password: it signs in by token only) and makes it an editor
of every organisation; organisations created later get it from the chained
``organization_create``.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)
ROLES_ENOUGH = ("editor", "admin")


def name() -> str:
    return str(tk.config.get("ckanext.nlc.jobs_user"))


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def _ensure_user() -> Any:
    from ckan import model

    user = model.User.get(name())
    if user is None:
        tk.get_action("user_create")(
            _site_context(),
            {
                "name": name(),
                "email": f"{name()}@jobs.localhost",
                "password": secrets.token_urlsafe(32),
                "fullname": "Background jobs (xloader)",
            },
        )
        user = model.User.get(name())
    return user


def _make_editor(user: Any, org_id: str) -> bool:
    """Make ``user`` an editor of ``org_id`` unless it already is (or more); True if changed."""
    from ckan import model

    member = (
        model.Session.query(model.Member)
        .filter_by(group_id=org_id, table_name="user", table_id=user.id, state="active")
        .first()
    )
    if member is not None and member.capacity in ROLES_ENOUGH:
        return False
    tk.get_action("organization_member_create")(
        _site_context(), {"id": org_id, "username": user.name, "role": "editor"}
    )
    return True


def nlc_jobs_user_sync(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Create the jobs user if missing and make it an editor of every organisation.

    :returns: ``name`` (the user's name) and ``added`` (organisations it was added to)
    """
    tk.check_access("nlc_jobs_user_sync", context, data_dict)
    from ckan import model

    user = _ensure_user()
    if user.sysadmin:
        raise tk.ValidationError({"jobs_user": [f"{user.name} is a sysadmin: it must not be"]})
    orgs = model.Session.query(model.Group).filter_by(is_organization=True, state="active")
    added = [org.name for org in orgs if _make_editor(user, org.id)]
    return {"name": user.name, "added": added}


def nlc_jobs_user_sync_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Sysadmins only (CKAN lets them through before this is asked)."""
    return {"success": False, "msg": "only sysadmins may set up the jobs user"}


@tk.chained_action
def organization_create(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """``organization_create``, the jobs user (where it exists) made an editor of the new one."""
    result = original(context, data_dict)
    from ckan import model

    user = model.User.get(name())
    if user is not None and not user.sysadmin:
        _make_editor(user, result["id"])
    return result
