"""The bundled sample datasets join up (issue 13 point 5): every postcode any of them publishes
is in the postcode dataset, every address has a ward, and every postcode printed as an
example on a page or in the docs is in the postcode dataset and answers with data.

Each dataset is run through the harvester's own extract, transform and validate steps
(``harvesters.pipeline.prepare``), so what is checked is what the portal publishes."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from shapely.geometry import Point, shape
from shapely.prepared import prep

ROOT = Path(__file__).resolve().parents[2]
# A UK postcode as printed in text or in a URL (ML1 1AB, ML1%201AB, ML11AB); a UPRN in a URL.
POSTCODE_IN_TEXT = re.compile(r"\b((?:ML|G)[0-9]{1,2})(?: |%20|\+)?([0-9][A-Z]{2})\b")
UPRN_IN_TEXT = re.compile(r"\buprn=([0-9]{6,12})\b")
EXAMPLE_FILES = [
    *sorted((ROOT / "ckanext-nlc/ckanext/nlc/templates").rglob("*.html")),
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    *sorted((ROOT / "datasets").glob("*/README.md")),
]


@dataclass
class Published:
    """A dataset as the harvester would publish it: its CSV rows and its GeoJSON features."""

    name: str
    fields: list[str]
    rows: list[dict[str, str]]
    features: list[dict[str, Any]] = field(default_factory=list)
    geojson: str = ""


def _postcode_fields(fields: list[str]) -> list[str]:
    return [f for f in fields if re.sub(r"[^a-z]", "", f.lower()) in ("postcode", "pcds")]


def _address_fields(fields: list[str]) -> list[str]:
    return [f for f in fields if re.sub(r"[^a-z]", "", f.lower()) in ("address", "streetaddress")]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Published]:
    """Every bundled dataset's resources, extracted and transformed as the harvester does
    (validation and the personal-data screen have tests of their own)."""
    from harvesters import points, transform
    from harvesters.definition import discover, load_definition
    from harvesters.output import write_csv
    from harvesters.sources import make_source

    work = tmp_path_factory.mktemp("joins")
    out: dict[str, Published] = {}
    for folder in discover():
        defn = load_definition(folder)
        for res in defn.resources:
            source = make_source(res.source, defn.folder, origin=str(defn.file), work_dir=work / res.slug)
            table = source.extract()
            table = transform.apply(table, res.transform, res.schema, origin=f"{defn.file} {res.name}")
            csv_path = write_csv(table, work / f"{defn.name}-{res.slug}.csv", res.schema)
            if res.geojson:
                geo_path = work / f"{defn.name}-{res.slug}.geojson"
                points.attach_geojson(table, res.geojson, geo_path, origin=res.name)
            with csv_path.open(encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                pub = Published(defn.name, list(reader.fieldnames or []), list(reader))
            geojson = table.files.get("GeoJSON")
            if geojson:
                pub.geojson = Path(geojson).read_text(encoding="utf-8")
                pub.features = json.loads(pub.geojson)["features"]
            out[f"{defn.name}/{res.name}"] = pub
    return out


@pytest.fixture(scope="module")
def postcodes(published: dict[str, Published]) -> dict[str, dict[str, str]]:
    (pub,) = [p for p in published.values() if p.name == "postcodes"]
    return {row["pcds"]: row for row in pub.rows}


@pytest.fixture(scope="module")
def wards(published: dict[str, Published]) -> dict[str, Any]:
    (pub,) = [p for p in published.values() if p.name == "wards"]
    return {f["properties"]["wd13cd"]: prep(shape(f["geometry"])) for f in pub.features}


def _ward_of(wards: dict[str, Any], lon: float, lat: float) -> str | None:
    pt = Point(lon, lat)
    return next((code for code, geom in wards.items() if geom.contains(pt)), None)


def test_every_published_postcode_is_in_the_postcode_dataset(published, postcodes):
    missing: dict[str, set[str]] = {}
    checked = 0
    for key, pub in published.items():
        for f in _postcode_fields(pub.fields):
            for row in pub.rows:
                if row[f]:
                    checked += 1
                    if row[f] not in postcodes:
                        missing.setdefault(f"{key} {f}", set()).add(row[f])
    assert not missing, {k: (len(v), sorted(v)[:5]) for k, v in missing.items()}
    assert checked > 7000  # council tax, the facilities and the postcodes themselves


def test_every_postcode_centroid_is_inside_its_ward(postcodes, wards):
    wrong = {
        pc: (row["osward"], _ward_of(wards, float(row["long"]), float(row["lat"])))
        for pc, row in postcodes.items()
        if _ward_of(wards, float(row["long"]), float(row["lat"])) != row["osward"]
    }
    assert len(postcodes) > 600 and not wrong, wrong
    assert {row["osward"] for row in postcodes.values()} == set(wards)  # every ward has postcodes


def test_every_address_has_a_ward(published, postcodes, wards):
    """An address row's postcode gives it a ward; where it is also mapped, its point lies
    inside a ward polygon, the same ward."""
    no_ward, disagree, addresses = [], [], 0
    for key, pub in published.items():
        addr_fields, pc_fields = _address_fields(pub.fields), _postcode_fields(pub.fields)
        if not addr_fields:
            continue
        for i, row in enumerate(pub.rows):
            if not any(row[f] for f in addr_fields):
                continue
            addresses += 1
            ward = next((postcodes[row[f]]["osward"] for f in pc_fields if row[f] in postcodes), None)
            point_ward = None
            if pub.features:
                lon, lat = pub.features[i]["geometry"]["coordinates"][:2]
                point_ward = _ward_of(wards, lon, lat)
            if ward is None or (pub.features and point_ward is None):
                no_ward.append(f"{key} row {i + 2}: {row[addr_fields[0]]}")
            elif pub.features and ward != point_ward:
                disagree.append(f"{key} row {i + 2}: postcode ward {ward}, point in {point_ward}")
    assert not no_ward, (len(no_ward), no_ward[:5])
    assert not disagree, (len(disagree), disagree[:5])
    assert addresses > 7000


def example_postcodes() -> dict[str, set[str]]:
    """Postcodes printed on the portal's pages and in the docs, with where each is printed."""
    found: dict[str, set[str]] = {}
    for path in EXAMPLE_FILES:
        for m in POSTCODE_IN_TEXT.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(f"{m.group(1)} {m.group(2)}", set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_pages_print_example_postcodes():
    found = example_postcodes()
    assert "ML1 1AB" in found
    assert any("lookups/postcode.html" in p for p in found["ML1 1AB"])


def test_every_example_postcode_is_in_the_postcode_dataset(postcodes):
    missing = {pc: sorted(where) for pc, where in example_postcodes().items() if pc not in postcodes}
    assert not missing, missing


def example_uprns() -> set[int]:
    return {int(m) for path in EXAMPLE_FILES for m in UPRN_IN_TEXT.findall(path.read_text(encoding="utf-8"))}


# The lookup's datasets and which of their resources it reads (title of the published resource).
LOOKUP_RESOURCES = {
    "postcodes": ["Postcode centroids"],
    "council-tax-bands": ["Dwellings by council tax band and postcode"],
    "councillors": ["Councillors"],
    "bin-collection-calendar": ["Collection calendar", "Collection rounds by address"],
    "public-toilets": ["Public toilets"],
    "libraries-first-stop-shops": ["Libraries and First Stop Shops"],
    "schools": ["Schools"],
    "museums-galleries": ["Museums and galleries"],
}


@pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0")
@pytest.mark.usefixtures("with_plugins", "clean_datastore")
def test_every_example_answers_with_data(published, publish, make_dataset, create_with_upload, sysadmin):
    """The bundled samples, published into the test DataStore, answer every example printed
    on the pages and in the docs: ward (inside its polygon), councillors, council tax counts,
    bin days and the nearest services; the example UPRN is a household address of its postcode."""
    from ckan.tests.helpers import call_action
    from ckanext.nlc.lookups import data

    data.clear()
    for name, resources in LOOKUP_RESOURCES.items():
        package = None
        for res_name in resources:
            res = publish(name, published[f"{name}/{res_name}"].rows, resource_name=res_name, package=package)
            package = {"id": res["package_id"]}
    wards = make_dataset(name="wards", title="Multi-member wards")
    create_with_upload(
        published["wards/Multi-member wards"].geojson,
        "wards.geojson",
        url="wards.geojson",
        package_id=wards["id"],
        format="GeoJSON",
        context={"user": sysadmin["name"]},
    )
    examples = example_postcodes()
    uprns = example_uprns()
    assert examples and uprns
    for postcode in examples:
        out = call_action("nlc_postcode_lookup", {"user": ""}, postcode=postcode, date="2027-01-04")
        assert out["ward"]["method"] == "contains" and out["councillors"]["items"], postcode
        assert out["council_tax"]["dwellings"] > 0 and out["council_tax"]["bands"], postcode
        assert out["bins"]["collections"] and all(c["next"] for c in out["bins"]["collections"]), postcode
        assert all(v["item"] for v in out["nearest"].values()), postcode
    for uprn in uprns:
        out = call_action("nlc_postcode_lookup", {"user": ""}, uprn=str(uprn), date="2027-01-04")
        assert out["bins"]["address"]["uprn"] == uprn and out["bins"]["collections"]
        assert out["postcode"] in examples


def test_the_gazetteer_joins_the_postcode_and_ward_datasets(postcodes, wards):
    """Every address of the samples' gazetteer (what other sample generators draw from) has
    its postcode in the postcode dataset, the same ward, and its point inside that ward."""
    import sys

    sys.path.insert(0, str(ROOT / "datasets"))
    try:
        from samples import gazetteer
    finally:
        sys.path.remove(str(ROOT / "datasets"))
    gaz = gazetteer.load()
    wrong = [
        f"{a.uprn} {a.address} {a.postcode}"
        for a in gaz.addresses
        if a.postcode not in postcodes
        or postcodes[a.postcode]["osward"] != a.ward_code
        or not wards[a.ward_code].contains(Point(a.lon, a.lat))
    ]
    assert not wrong, (len(wrong), wrong[:5])
    assert len(gaz.addresses) > 7000 and set(postcodes) == set(gaz.postcodes)
