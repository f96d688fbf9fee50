"""Table previews: a DataStore load gives the resource CKAN's DataTables view, once."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from tests.loading.conftest import upload  # noqa: F401  (fixture)
from tests.loading.test_datastore_load import FIELDS, ROWS, csv_bytes, load

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


def views(resource_id: str) -> list[str]:
    return [v["view_type"] for v in call_action("resource_view_list", id=resource_id)]


def test_datastore_load_creates_one_datatables_view(upload, sysadmin):  # noqa: F811
    res = upload(csv_bytes(*ROWS))
    assert "datatables_view" not in views(res["id"])
    load(sysadmin, res["id"])
    assert views(res["id"]).count("datatables_view") == 1
    load(sysadmin, res["id"])  # a reload keeps the one view
    assert views(res["id"]).count("datatables_view") == 1


def test_the_table_preview_uses_the_data_dictionary_labels(upload, sysadmin, app):  # noqa: F811
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    listed = call_action("resource_view_list", id=res["id"])
    view = next(v for v in listed if v["view_type"] == "datatables_view")
    page = app.get(f"/dataset/{res['package_id']}/resource/{res['id']}/view/{view['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True).replace("&nbsp;", " ").replace("\u00a0", " ")
    assert FIELDS[2]["info"]["label"] in html  # "Council tax band", not the column id "Band"


def test_a_harvest_publication_gets_the_table_preview_too(make_dataset, sysadmin):
    """nlc_resource_publish (what the harvester calls) loads the table and adds the view."""
    from tests.loading.test_publish import publish

    pkg = make_dataset(name="bands-published")
    out = publish(sysadmin, csv_bytes(*ROWS), package_id=pkg["id"], name="Bands", format="CSV",
                  fields=FIELDS)
    assert views(out["id"]).count("datatables_view") == 1
