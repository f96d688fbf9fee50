"""The real stack answers: CKAN with the nlc plugin, PostgreSQL, Solr and the DataStore."""
from __future__ import annotations

import ckan.plugins as plugins
import pytest
from ckan.tests.helpers import call_action


@pytest.mark.usefixtures("with_plugins")
def test_nlc_plugin_is_loaded_and_titles_the_site(app):
    assert plugins.plugin_loaded("nlc")
    page = app.get("/")
    assert page.status_code == 200
    assert "North Lanarkshire Council Open Data" in page.body


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_dataset_created_through_action_api_is_found_by_package_search(make_dataset):
    make_dataset(name="public-toilets-stack", title="Public toilets in North Lanarkshire")
    make_dataset(name="libraries-stack", title="Libraries", notes="Branch libraries.",
                 foi_topics=["libraries"])
    result = call_action("package_search", q="toilets")
    assert [d["name"] for d in result["results"]] == ["public-toilets-stack"]
    assert call_action("package_search", q="*:*")["count"] == 2


@pytest.mark.usefixtures("with_plugins", "clean_datastore")
def test_datastore_table_is_created_and_queried(make_dataset, make_resource, sysadmin):
    dataset = make_dataset(name="toilets-ds")
    resource = make_resource(package_id=dataset["id"], url="http://example.org/t.csv", format="CSV")
    call_action(
        "datastore_create",
        {"user": sysadmin["name"]},
        resource_id=resource["id"],
        force=True,
        fields=[{"id": "name", "type": "text"}, {"id": "cubicles", "type": "int"}],
        records=[{"name": "Airdrie Town Hall", "cubicles": 3}, {"name": "Motherwell Civic", "cubicles": 5}],
    )
    found = call_action("datastore_search", resource_id=resource["id"], filters={"name": "Motherwell Civic"})
    assert found["total"] == 1 and found["records"][0]["cubicles"] == 5
    sql = call_action(
        "datastore_search_sql", sql=f'SELECT sum(cubicles) AS n FROM "{resource["id"]}"'
    )
    assert int(sql["records"][0]["n"]) == 8
