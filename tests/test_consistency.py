"""Every source of a shared fact is loaded and compared: any disagreement fails here.

Sources: the scheming schema (fields, MPS classes, frequencies), the FOI topic vocabulary,
the dataset definitions, the publication plan, the organisations and groups, the licence
register, the config declaration, config/ckan-settings.ini, deploy/docker-compose.yml and
the published JSON Schemas.
"""

from __future__ import annotations

import configparser
import datetime as dt
import json
import re
from importlib import resources
from pathlib import Path

import jsonschema  # constraints.txt pins it (through frictionless)
import pytest
import yaml
from ckanext.nlc import dataset_schema, vocab
from ckanext.nlc.dcat_profile import frequency_uris
from dateutil.relativedelta import relativedelta

from harvesters import json_schemas
from harvesters.definition import (
    PACKAGE_KEYS,
    REQUIRED,
    discover,
    load_definition,
    organisations,
    read_definition,
    topic_datasets,
)
from harvesters.publish import COMPARED
from publication_plan.catalogue import licence_register, licence_register_url
from publication_plan.plan import load_plan
from publication_plan.vocabulary import TOPICS_FILE, load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "ckanext-nlc" / "ckanext" / "nlc"
EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


def ini_settings() -> dict[str, str]:
    """config/ckan-settings.ini as key -> value (placeholders left as written)."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string("[settings]\n" + (ROOT / "config" / "ckan-settings.ini").read_text(encoding="utf-8"))
    return dict(parser["settings"])


def declared() -> dict[str, dict]:
    data = yaml.safe_load((EXTENSION / "config_declaration.yaml").read_text(encoding="utf-8"))
    return {o["key"]: o for group in data["groups"] for o in group["options"]}


@pytest.fixture(scope="module")
def definitions():
    return {f.name: load_definition(f) for f in discover()}


def test_schema_choices_are_complete_and_distinct() -> None:
    for name in ("mps_class", "update_frequency"):
        values = [c["value"] for c in dataset_schema.choices(name)]
        assert values and len(values) == len(set(values)), name
    assert list(vocab.MPS_CLASSES) == [str(n) for n in range(1, 10)]
    for c in dataset_schema.choices("mps_class"):  # shown as "9. Our open data"
        assert c["label"] == f"{c['value']}. {vocab.MPS_CLASSES[c['value']]}", c
    for value, uri in frequency_uris().items():
        assert uri.startswith(EU_FREQUENCY) and uri != EU_FREQUENCY, value
    day = dt.date(2024, 1, 31)
    for value, (label, interval) in vocab.UPDATE_FREQUENCIES.items():
        assert label, value
        if interval is not None:  # relativedelta keywords, a step forward in time
            assert day + relativedelta(**interval) > day, value
    assert vocab.add_interval(day, "monthly") == dt.date(2024, 2, 29)
    assert vocab.add_interval(day, "irregular") is None


def test_field_lists_come_from_the_schema() -> None:
    fields = {f["field_name"]: f for f in dataset_schema.dataset_fields()}
    assert set(PACKAGE_KEYS) <= set(fields) and set(COMPARED) <= set(fields)
    assert set(REQUIRED) - {"resources"} == {k for k in PACKAGE_KEYS if fields[k].get("required")}
    assert {"last_updated", "next_update_due", "personal_data_screen_date"}.isdisjoint(COMPARED)
    assert "spatial" in COMPARED and "spatial" not in PACKAGE_KEYS  # computed from the data
    for f in fields.values():
        assert f.get("nlc_from") in (None, "data", "run", "ckan"), f["field_name"]
    assert "choices_helper" not in fields["mps_class"] and "choices_helper" not in fields["update_frequency"]


def test_the_vocabulary_has_one_loader_and_no_dataset_links() -> None:
    vocabulary = load_vocabulary()
    assert vocab.foi_topics() == {t.id: t.label for t in vocabulary.topics.values()}
    raw = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
    assert all("datasets" not in t for t in raw["topics"]), "topic -> dataset links belong in the definitions"
    definition_py = (ROOT / "harvesters" / "definition.py").read_text(encoding="utf-8")
    assert not [
        t for t in vocabulary.topics if f'"{t}"' in definition_py
    ], "topic ids restated in definition.py"


def test_definitions_agree_with_vocabulary_organisations_groups_and_licences(definitions) -> None:
    topics = set(load_vocabulary().topics)
    orgs = organisations()
    groups = {
        g["name"] for g in yaml.safe_load((ROOT / "datasets" / "groups.yaml").read_text(encoding="utf-8"))
    }
    licences = licence_register()
    for name, d in definitions.items():
        assert set(d.meta["foi_topics"]) <= topics, name
        assert d.meta["owner_org"] in orgs, name
        assert set(d.groups) <= groups, name
        assert d.meta["license_id"] in licences, name
        assert set(d.meta["mps_class"]) <= set(vocab.MPS_CLASSES), name
        assert d.meta["update_frequency"] in vocab.UPDATE_FREQUENCIES, name
    assert not set(orgs) & groups, "CKAN keeps organisation and group names in one namespace"
    titles = list(orgs.values())
    assert len(titles) == len(set(titles))


def test_topic_links_are_written_once_and_agree_with_the_plan(definitions) -> None:
    vocabulary = load_vocabulary()
    links = topic_datasets()
    plan = load_plan(vocabulary=vocabulary)
    assert set(plan.items) == set(vocabulary.topics)
    for topic, item in plan.items.items():
        assert item.datasets == links.get(topic, ()), topic
        assert item.service in plan.services == organisations(), topic
    for name, d in definitions.items():
        assert [t for t, names in links.items() if name in names] == sorted(
            d.meta["foi_topics"], key=list(links).index
        ), name
    raw = yaml.safe_load((ROOT / "publication_plan" / "plan.yaml").read_text(encoding="utf-8"))
    assert set(raw) == {"plan"} and all("datasets" not in e for e in raw["plan"])
    # the recorded disagreements, decided: ward boundaries do not answer polling-place requests;
    # the postcode directory answers "which ward (and councillor) is this postcode in"
    assert links["polling-districts"] == ("polling-districts",)
    assert links["wards-councillors"] == ("councillors", "postcodes", "wards")


def test_one_licence_register() -> None:
    register = ini_settings()["licenses_group_url"].replace("${ROOT}", str(ROOT))
    packaged = resources.files("ckanext.nlc").joinpath("licenses.json")
    assert register == Path(str(packaged)).as_uri() == licence_register_url()
    entries = json.loads(packaged.read_text(encoding="utf-8"))
    names = [n for e in entries for n in {x.lower() for x in [e["id"], *e.get("aliases", [])]}]
    assert len(names) == len(set(names)), "an alias names two licences"
    catalogue_py = (ROOT / "publication_plan" / "catalogue.py").read_text(encoding="utf-8")
    copied = [e["title"] for e in entries if e["id"] != "notspecified" and e["title"] in catalogue_py]
    assert not copied, "licence titles copied into catalogue.py"


def test_config_defaults_only_in_the_declaration() -> None:
    options = declared()
    ini = ini_settings()
    assert {k for k in ini if k.startswith("ckanext.nlc.")} <= set(options)
    # config.get("ckanext.nlc.x", default) or config.get("ckanext.nlc.x") or <non-empty literal>
    literal = re.compile(
        r"config\.get\(\s*[\"'](ckanext\.nlc\.[\w.]+)[\"']\s*"
        r"(,\s*[^)\s]|\)\s*or\s*([\"'][^\"']|[\d(]|True|\[[^\]]))"
    )
    found = []
    for path in [
        *(ROOT / "ckanext-nlc" / "ckanext").rglob("*.py"),
        *(ROOT / "publication_plan").rglob("*.py"),
    ]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in literal.finditer(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {m.group(1)}")
                assert m.group(1) in options, m.group(1)
    assert not found, (
        "a default repeated in code (declare it, read it with tk.config.get(key)):\n" + "\n".join(found)
    )
    assert "ckan:ckan" not in (EXTENSION / "config_declaration.yaml").read_text(encoding="utf-8")


def test_database_credentials_are_written_once() -> None:
    places = [
        p.relative_to(ROOT)
        for p in [
            *(ROOT / "scripts").glob("*.sh"),
            *(ROOT / "config").glob("*"),
            EXTENSION / "config_declaration.yaml",
        ]
        if "ckan:ckan" in p.read_text(encoding="utf-8") or "PG_PASSWORD=" in p.read_text(encoding="utf-8")
    ]
    assert places == [Path("scripts/lib.sh")]


def test_production_compose_agrees_with_the_demo_settings() -> None:
    """Production applies the demo's settings file itself (deploy/docker-entrypoint.d), so the
    compose file restates none of its settings: it gives only hosts, passwords and secrets
    (CKAN's own CKAN_* connection variables), the same to the web replicas and the worker."""
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    env = services["ckan"]["environment"]
    assert services["worker"]["environment"] == env
    assert not [n for n in env if n.startswith(("CKAN__", "CKANEXT__"))], "settings belong in config/"
    entry = (ROOT / "deploy" / "docker-entrypoint.d" / "05-nlc-settings.sh").read_text(encoding="utf-8")
    assert "scripts/apply-settings.sh" in entry and "config/ckan-settings.ini" in entry
    configure = (ROOT / "scripts" / "configure.sh").read_text(encoding="utf-8")
    assert "scripts/apply-settings.sh" in configure and "config/ckan-settings.ini" in configure
    placeholders = set(re.findall(r"\$\{([A-Z_]+)\}", (ROOT / "config" / "ckan-settings.ini").read_text()))
    block = entry[entry.index("export ") : entry.index('"$NLC_SRC/scripts/apply-settings.sh"')]
    exported = set(re.findall(r"\b([A-Z_]+)=", block))
    assert placeholders - {"NAME"} <= exported, placeholders - exported


def test_production_solr_is_the_demo_release() -> None:
    pom = (ROOT / "services" / "solr" / "pom.xml").read_text(encoding="utf-8")
    [release] = re.findall(r"<solr.version>([^<]+)</solr.version>", pom)
    dockerfile = (ROOT / "deploy" / "solr" / "Dockerfile").read_text(encoding="utf-8")
    assert f"FROM solr:{release}\n" in dockerfile
    assert "services/solr/write-schema.sh" in dockerfile and "services/solr/conf " in dockerfile


def test_published_json_schemas_are_current() -> None:
    for name, schema in json_schemas.schemas().items():
        committed = ROOT / "schemas" / name
        assert committed.exists(), f"{name}: run python -m harvesters.json_schemas"
        assert committed.read_text(encoding="utf-8") == json_schemas.render(
            schema
        ), f"{name} is stale: run python -m harvesters.json_schemas"


def test_every_definition_validates_against_its_published_schema(definitions) -> None:
    schema = json.loads((ROOT / "schemas" / "dataset-definition.schema.json").read_text(encoding="utf-8"))
    for name in definitions:
        data = read_definition(ROOT / "datasets" / name / "dataset.yaml")
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_every_edited_yaml_file_names_its_schema() -> None:
    """Editors' YAML language servers find the published schema from each file's first line."""
    files = {p: "dataset-definition" for p in (ROOT / "datasets").glob("*/dataset.yaml")}
    files |= {p: "column-map" for p in (ROOT / "publication_plan" / "column_maps").glob("*.yaml")}
    files[ROOT / "datasets" / "organizations.yaml"] = "organizations"
    files[ROOT / "publication_plan" / "plan.yaml"] = "plan"
    files[ROOT / "publication_plan" / "guide.yaml"] = "guide"
    for path, name in files.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        named = (path.parent / first.split("=", 1)[1]).resolve()
        assert named == ROOT / "schemas" / f"{name}.schema.json", path
