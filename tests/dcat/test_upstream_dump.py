"""A DataStore dump in a format CKAN does not write is a clear 406, not a 500."""
from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


def test_datastore_dump_as_xlsx_is_406_naming_the_formats(app, make_dataset, sysadmin):
    pkg = make_dataset(name="toilets-dump")
    res = call_action("datastore_create", {"user": sysadmin["name"]},
                      resource={"package_id": pkg["id"], "name": "t"}, fields=[{"id": "a", "type": "text"}],
                      records=[{"a": "x"}], force=True)
    response = app.get(f"/datastore/dump/{res['resource_id']}?format=xlsx")
    assert response.status_code == 406
    assert "csv" in response.get_data(as_text=True)
    assert app.get(f"/datastore/dump/{res['resource_id']}?format=csv").status_code == 200
