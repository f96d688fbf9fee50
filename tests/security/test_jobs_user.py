"""xloader's API token belongs to a user of its own with the least rights it needs: editor of
every organisation (xloader_hook checks resource_update), not a sysadmin."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

ROOT = Path(__file__).resolve().parents[2]


def _capacities(user_name: str) -> dict[str, str]:
    from ckan import model

    user = model.User.get(user_name)
    rows = model.Session.query(model.Member, model.Group)
    rows = rows.join(model.Group, model.Member.group_id == model.Group.id)
    rows = rows.filter(model.Member.table_id == user.id, model.Member.state == "active")
    return {g.name: m.capacity for m, g in rows}


def _post(app, action: str, token: str, **data):
    return app.test_client().post(f"/api/3/action/{action}", json=data, headers={"Authorization": token})


def test_jobs_user_edits_every_organisation_and_nothing_more(app, sysadmin, make_dataset):
    from ckan.tests import factories

    before = factories.Organization(name="roads")
    synced = call_action("nlc_jobs_user_sync", {"user": sysadmin["name"]})
    after = call_action("organization_create", {"user": sysadmin["name"]}, name="waste")  # later
    name = synced["name"]
    assert _capacities(name) == {"roads": "editor", "waste": "editor"}
    token = factories.APIToken(user=name)["token"]
    ds = make_dataset(name="bins", owner_org=after["id"], private=True)
    res = call_action("resource_create", {"user": sysadmin["name"]}, package_id=ds["id"],
                      url="http://example.com/b.csv", format="CSV")
    from ckan import model
    from ckan.plugins.toolkit import check_access

    assert not model.User.get(name).sysadmin
    check_access("xloader_submit", {"user": name}, {"resource_id": res["id"]})  # xloader_hook's check
    assert _post(app, "package_show", token, id=ds["id"]).status_code == 200  # private datasets
    for action, data in (
        ("dataset_purge", {"id": ds["id"]}),
        ("organization_member_create", {"id": before["id"], "username": name, "role": "admin"}),
        ("user_create", {"name": "intruder", "email": "i@example.com", "password": "x" * 12}),
        ("config_option_update", {"ckan.site_title": "Owned"}),
        ("nlc_jobs_user_sync", {}),
    ):
        assert _post(app, action, token, **data).status_code == 403, action


def test_sync_is_refused_to_anonymous_and_to_editors(app, make_dataset):
    from ckan.tests import factories

    editor = factories.User()
    factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    token = factories.APIToken(user=editor["name"])["token"]
    assert _post(app, "nlc_jobs_user_sync", token).status_code == 403
    assert app.test_client().post("/api/3/action/nlc_jobs_user_sync", json={}).status_code == 403


def test_ckan_sh_gives_xloader_the_jobs_users_token_not_the_sysadmins(request, tmp_path, sysadmin):
    from ckan.lib.api_token import get_user_from_token
    from ckan.tests import factories

    admin_token = factories.APIToken(user=sysadmin["name"])["token"]
    ini = tmp_path / "ckan.ini"
    shutil.copy(request.config.getoption("ckan_ini"), ini)
    subprocess.run([str(ROOT / ".venv/bin/ckan"), "config-tool", str(ini),
                    f"ckanext.xloader.api_token={admin_token}"], check=True, capture_output=True)
    ini.chmod(0o644)
    env = {**os.environ, "NLC_CKAN_INI": str(ini), "NLC_STATE": str(tmp_path / "state")}
    done = subprocess.run(["bash", str(ROOT / "scripts/ckan.sh"), "jobs-user"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(ini)
    token = parser.get("app:main", "ckanext.xloader.api_token")
    owner = get_user_from_token(token)
    assert owner is not None and owner.name == "nlc-jobs" and not owner.sysadmin
    assert oct(ini.stat().st_mode & 0o777) == "0o600"
