"""The SYNTHETIC address gazetteer every address-bearing sample dataset is drawn from.

Invented addresses (UPRN, address, street, town, postcode, ward, BNG and WGS84 coordinates),
each placed inside the real 2013 ward polygons of ``datasets/wards`` (the layer the lookups
serve), so that samples join up: every postcode a sample uses is in the postcode dataset and
every address has a ward.

Regenerate (deterministic; writes ``datasets/samples/gazetteer.csv`` first, then every sample)::

    .venv/bin/python datasets/make_samples.py

Use it from another sample generator (a module in ``datasets/samples/`` called from
``make_samples.py``, or any script: ``sys.path`` must hold ``datasets/``)::

    from samples import gazetteer
    gaz = gazetteer.load()                     # reads gazetteer.csv (never rebuilds it)
    home = rng.choice(gaz.residential("Airdrie"))
    shop = rng.choice(gaz.commercial())        # non-domestic units (business rates, ...)
    lib = gaz.site("Motherwell Library")       # a named council building
    home.uprn, home.address, home.postcode, home.ward_code, home.lat, home.lon
    gaz.postcodes["ML1 1AB"].ward_name          # postcode centroids (the postcode dataset)
    gaz.streets("Wishaw")                      # (street, town) pairs, for street-level data

Or read ``gazetteer.csv`` with any CSV reader: columns are ``FIELDS`` below. ``use`` is
``residential``, ``commercial`` or ``site`` (a named council building, ``organisation`` set).
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from pathlib import Path

DATASETS = Path(__file__).resolve().parent.parent
CSV_PATH = Path(__file__).resolve().parent / "gazetteer.csv"
WARDS_SOURCE = DATASETS / "wards/source/wards.zip"
COUNCIL_AREA = "S12000050"
UPRN_BASE = 118000000
# Postcodes printed as examples on pages and in the docs: each must exist (town it is in).
EXAMPLE_POSTCODES = {"ML1 1AB": "Motherwell", "ML7 7FX": "Shotts"}
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# town: (postcode districts, easting, northing of its centre)
TOWNS: dict[str, tuple[tuple[str, ...], int, int]] = {
    "Airdrie": (("ML6",), 276500, 665500),
    "Bellshill": (("ML4",), 273600, 660300),
    "Coatbridge": (("ML5",), 273300, 665200),
    "Cumbernauld": (("G67", "G68"), 276300, 674300),
    "Kilsyth": (("G65",), 271700, 678000),
    "Motherwell": (("ML1",), 275100, 656900),
    "Shotts": (("ML7",), 287500, 660000),
    "Wishaw": (("ML2",), 279600, 654900),
    "Chryston": (("G69",), 268800, 670200),
    "Harthill": (("ML7",), 290400, 664700),
    "Newmains": (("ML2",), 282300, 656000),
    "Viewpark": (("G71",), 270700, 661300),
    "Moodiesburn": (("G69",), 269900, 671000),
    "Caldercruix": (("ML6",), 281900, 667700),
    "Newarthill": (("ML1",), 278100, 659600),
    "Stepps": (("G33",), 265800, 668400),
    "Croy": (("G65",), 272500, 675800),
    "Holytown": (("ML1",), 277000, 660600),
    "Glenboig": (("ML5",), 272300, 668600),
    "Plains": (("ML6",), 279700, 666800),
}
STREETS = [
    "Main Street", "High Street", "Station Road", "Church Street", "Glasgow Road", "Kirk Road",
    "Hamilton Road", "Academy Street", "Victoria Street", "Park Street", "Bank Street",
    "Wilson Street", "Stirling Road", "Carlisle Road", "Forrest Street", "Graham Street",
    "Muiryhall Street", "Clarkston Road", "Merry Street", "Brandon Parade", "Dundyvan Road",
    "Calder Street", "Alexander Street", "Whifflet Street", "Burnside Road", "Thrashbush Road",
    "Craigneuk Street", "Rosebank Avenue", "Beech Crescent", "Hillview Drive", "Laburnum Grove",
    "Millbrae Court", "Woodside Place", "Greenhead Road", "Orchard Gardens", "Thistle Way",
]  # fmt: skip
# Named council buildings: (building, street, town). Facility samples refer to them by name.
SITES: list[tuple[str, str, str]] = [
    ("Airdrie Town Hall", "Stirling Street", "Airdrie"),
    ("Airdrie Library", "Wellwynd", "Airdrie"),
    ("Airdrie First Stop Shop", "Stirling Street", "Airdrie"),
    ("Airdrie Bus Station", "Broomknoll Street", "Airdrie"),
    ("Airdrie Academy", "Motherwell Street", "Airdrie"),
    ("St Margaret's Primary School", "Waverley Drive", "Airdrie"),
    ("Chapelside Primary School", "Chapelside Road", "Airdrie"),
    ("Drumpark School", "Coatbridge Road", "Coatbridge"),
    ("Summerlee Museum of Scottish Industrial Life", "Heritage Way", "Coatbridge"),
    ("Drumpellier Country Park", "Townhead Road", "Coatbridge"),
    ("Coatbridge Library", "Academy Street", "Coatbridge"),
    ("Coatbridge First Stop Shop", "Main Street", "Coatbridge"),
    ("Coatbridge High School", "Coatbridge Road", "Coatbridge"),
    ("St Ambrose High School", "Blair Road", "Coatbridge"),
    ("St Aidan's High School", "Dundyvan Road", "Coatbridge"),
    ("Motherwell Civic Centre", "Windmillhill Street", "Motherwell"),
    ("Motherwell Library", "Hamilton Road", "Motherwell"),
    ("Motherwell First Stop Shop", "Windmillhill Street", "Motherwell"),
    ("Motherwell Heritage Centre", "High Road", "Motherwell"),
    ("Motherwell Concert Hall Gallery", "Civic Square", "Motherwell"),
    ("Strathclyde Country Park Visitor Centre", "Hamilton Road", "Motherwell"),
    ("Braidhurst High School", "Gavin Street", "Motherwell"),
    ("Firpark School", "Firpark Street", "Motherwell"),
    ("Our Lady's High School", "Dalzell Drive", "Motherwell"),
    ("Cumbernauld Library", "Allander Walk", "Cumbernauld"),
    ("Cumbernauld First Stop Shop", "Bron Way", "Cumbernauld"),
    ("Cumbernauld Museum", "Allander Walk", "Cumbernauld"),
    ("Cumbernauld Theatre Gallery", "Braehead Road", "Cumbernauld"),
    ("Palacerigg Country Park", "Palacerigg Road", "Cumbernauld"),
    ("Greenfaulds High School", "Roadside", "Cumbernauld"),
    ("Cardinal Newman High School", "Main Street", "Bellshill"),
    ("Kildrum Primary School", "Afton Road", "Cumbernauld"),
    ("Glencryan School", "Greenfaulds Road", "Cumbernauld"),
    ("Kilsyth Library", "Burngreen", "Kilsyth"),
    ("Kilsyth First Stop Shop", "Parkfoot Street", "Kilsyth"),
    ("Kilsyth Heritage", "Burngreen", "Kilsyth"),
    ("Kilsyth Burngreen Park", "Burngreen", "Kilsyth"),
    ("Colzium House", "Stirling Road", "Kilsyth"),
    ("Kilsyth Academy", "Balmalloch Road", "Kilsyth"),
    ("Wishaw Library", "Kenilworth Avenue", "Wishaw"),
    ("Wishaw First Stop Shop", "Kenilworth Avenue", "Wishaw"),
    ("Wishaw Sports Centre", "Alexander Street", "Wishaw"),
    ("Clyde Valley High School", "Overtown Road", "Wishaw"),
    ("Coltness High School", "Coltness Road", "Wishaw"),
    ("Willowbank School", "Kirk Road", "Wishaw"),
    ("Bellshill Cultural Centre", "John Street", "Bellshill"),
    ("Bellshill First Stop Shop", "Motherwell Road", "Bellshill"),
    ("Bellshill Academy", "Main Street", "Bellshill"),
    ("St Maurice's High School", "Westfield Road", "Cumbernauld"),
    ("Shotts Library", "Benhar Road", "Shotts"),
    ("Shotts First Stop Shop", "Station Road", "Shotts"),
    ("Shotts Heritage Centre", "Benhar Road", "Shotts"),
    ("Calderhead High School", "Dyfrig Street", "Shotts"),
    ("Chryston Community Hub", "Lindsaybeg Road", "Chryston"),
    ("Chryston Library", "Lindsaybeg Road", "Chryston"),
    ("Moodiesburn Library", "Glenmanor Avenue", "Moodiesburn"),
    ("Newmains Library", "Manse Road", "Newmains"),
    ("Viewpark Library", "Burnhead Street", "Viewpark"),
    ("Taylor High School", "Carfin Street", "Newarthill"),
    ("Brannock High School", "Loanhead Road", "Newarthill"),
    ("Newarthill Library", "High Street", "Newarthill"),
    ("Harthill Library", "West Main Street", "Harthill"),
    ("Caldervale High School", "Eastfield Road", "Airdrie"),
    ("Redburn School", "Kildrum Ring Road", "Cumbernauld"),
]

FIELDS = [
    "uprn", "use", "organisation", "sub_building", "number", "street", "address", "town",
    "postcode", "ward_code", "ward_name", "easting", "northing", "lat", "lon",
]  # fmt: skip


@dataclass(frozen=True)
class Address:
    """One gazetteer row (a dwelling, a non-domestic unit or a named council building)."""

    uprn: int
    use: str
    organisation: str
    sub_building: str
    number: str
    street: str
    address: str  # e.g. "Flat 2/1, 14 Main Street" (no town or postcode)
    town: str
    postcode: str
    ward_code: str
    ward_name: str
    easting: int
    northing: int
    lat: float
    lon: float


@dataclass(frozen=True)
class Postcode:
    """A postcode unit's centroid (mean of its addresses) and ward, as in ONSPD."""

    postcode: str
    town: str
    ward_code: str
    ward_name: str
    easting: int
    northing: int
    lat: float
    lon: float


class Gazetteer:
    """The gazetteer's addresses, with the selections sample generators need."""

    def __init__(self, addresses: list[Address]) -> None:
        self.addresses = addresses

    def residential(self, town: str | None = None) -> list[Address]:
        return [a for a in self.addresses if a.use == "residential" and town in (None, a.town)]

    def commercial(self, town: str | None = None) -> list[Address]:
        return [a for a in self.addresses if a.use == "commercial" and town in (None, a.town)]

    def site(self, building: str) -> Address:
        """A named council building (see ``SITES``); KeyError names it when absent."""
        for a in self.addresses:
            if a.use == "site" and a.organisation == building:
                return a
        raise KeyError(f"gazetteer has no council building {building!r}")

    def streets(self, town: str | None = None) -> list[tuple[str, str]]:
        return sorted({(a.street, a.town) for a in self.addresses if town in (None, a.town)})

    @cached_property
    def postcodes(self) -> dict[str, Postcode]:
        """Every postcode unit, centroid = mean of its addresses' coordinates."""
        groups: dict[str, list[Address]] = defaultdict(list)
        for a in self.addresses:
            groups[a.postcode].append(a)
        out = {}
        for pc, members in sorted(groups.items()):
            first = members[0]
            out[pc] = Postcode(
                pc,
                first.town,
                first.ward_code,
                first.ward_name,
                round(sum(a.easting for a in members) / len(members)),
                round(sum(a.northing for a in members) / len(members)),
                round(sum(a.lat for a in members) / len(members), 6),
                round(sum(a.lon for a in members) / len(members), 6),
            )
        return out


def load(path: Path = CSV_PATH) -> Gazetteer:
    """The gazetteer written by ``build`` (run ``make_samples.py`` if the file is missing)."""
    types = {f.name: f.type for f in fields(Address)}
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cast = {k: {"int": int, "float": float}.get(str(types[k]), str) for k in row}
            out.append(Address(**{k: cast[k](v) for k, v in row.items()}))
    return Gazetteer(out)


# --------------------------------------------------------------------------- building


class _Wards:
    """The ward polygons of ``datasets/wards`` (BNG), shrunk by ``margin`` metres so that a
    point inside stays inside after the migration's reprojection to WGS84."""

    def __init__(self, margin: float = 40.0) -> None:
        import pyogrio
        import shapely
        from shapely.prepared import prep

        frame = pyogrio.read_dataframe(f"/vsizip/{WARDS_SOURCE}/wards/wards.shp")
        self.wards = []
        for code, name, geom in zip(frame["WD13CD"], frame["WD13NM"], frame.geometry, strict=True):
            inner = shapely.make_valid(geom).buffer(-margin)
            self.wards.append((str(code), str(name), inner, prep(inner)))

    def locate(self, e: float, n: float) -> tuple[str, str] | None:
        from shapely.geometry import Point

        pt = Point(e, n)
        for code, name, _, prepared in self.wards:
            if prepared.contains(pt):
                return code, name
        return None

    def random_point(self, rng: random.Random, code: str) -> tuple[int, int]:
        _, _, geom, prepared = next(w for w in self.wards if w[0] == code)
        minx, miny, maxx, maxy = geom.bounds
        from shapely.geometry import Point

        while True:
            e, n = rng.randint(int(minx), int(maxx)), rng.randint(int(miny), int(maxy))
            if prepared.contains(Point(e, n)):
                return e, n


def _nearest_town(e: float, n: float) -> str:
    return min(TOWNS, key=lambda t: (TOWNS[t][1] - e) ** 2 + (TOWNS[t][2] - n) ** 2)


class _Builder:
    def __init__(self, seed: int) -> None:
        from pyproj import Transformer

        self.rng = random.Random(seed)
        self.wards = _Wards()
        self.to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
        self.used: set[str] = set()
        self.uprn = UPRN_BASE
        self.rows: list[Address] = []

    def new_postcode(self, town: str, fixed: str | None = None) -> str:
        if fixed:
            self.used.add(fixed)
            return fixed
        while True:
            district = self.rng.choice(TOWNS[town][0])
            unit = self.rng.choice(UNIT_LETTERS) + self.rng.choice(UNIT_LETTERS)
            pc = f"{district} {self.rng.randint(1, 9)}{unit}"
            if pc not in self.used and pc not in EXAMPLE_POSTCODES:
                self.used.add(pc)
                return pc

    def near(
        self, e: int, n: int, spread: int, ward: tuple[str, str] | None
    ) -> tuple[int, int, tuple[str, str]]:
        """A point within ``spread`` m of (e, n) inside ``ward`` (any ward when None)."""
        for _ in range(500):
            pe, pn = e + self.rng.randint(-spread, spread), n + self.rng.randint(-spread, spread)
            found = self.wards.locate(pe, pn)
            if found and (ward is None or found == ward):
                return pe, pn, found
        raise RuntimeError(f"no point inside a ward near ({e}, {n})")

    def add(
        self, use: str, org: str, sub: str, number: str, street: str, town: str, pc: str, e: int, n: int
    ) -> None:
        ward = self.wards.locate(e, n)
        if not ward:
            raise ValueError(f"sample address at ({e}, {n}) lies in no ward")
        lon, lat = self.to_wgs84.transform(e, n)
        self.uprn += self.rng.randint(1, 37)
        parts = [p for p in (org if use == "site" else "", sub, f"{number} {street}".strip()) if p]
        self.rows.append(
            Address(
                self.uprn, use, org, sub, number, street, ", ".join(parts), town, pc,
                ward[0], ward[1], e, n, round(lat, 6), round(lon, 6),
            )  # fmt: skip
        )

    def unit(self, town: str, e: int, n: int, use: str, fixed: str | None = None) -> None:
        """One postcode unit of 6-20 dwellings (or 3-8 shop/office units) along one street."""
        pc = self.new_postcode(town, fixed)
        seed_e, seed_n, ward = self.near(e, n, 60, None)
        street = self.rng.choice(STREETS)
        count = self.rng.randint(6, 20) if use == "residential" else self.rng.randint(3, 8)
        number = self.rng.randint(1, 120)
        flats = use == "residential" and self.rng.random() < 0.25
        for i in range(count):
            pe, pn, _ = self.near(seed_e, seed_n, 70, ward)
            if flats:  # a tenement close: numbered flats in floor/position form
                sub, num = f"Flat {i // 2}/{i % 2 + 1}", str(number)
            elif use == "commercial":
                sub, num = f"Unit {i + 1}", str(number)
            else:
                sub, num = "", str(number + 2 * i)
            self.add(use, "", sub, num, street, town, pc, pe, pn)

    def build(self, per_ward: int) -> list[Address]:
        for pc, town in EXAMPLE_POSTCODES.items():
            _, e, n = TOWNS[town]
            self.unit(town, e, n, "residential", fixed=pc)
        for code, _, _, _ in self.wards.wards:
            for i in range(per_ward):
                e, n = self.wards.random_point(self.rng, code)
                self.unit(_nearest_town(e, n), e, n, "commercial" if i % 8 == 7 else "residential")
        for building, street, town in SITES:
            _, e, n = TOWNS[town]
            pe, pn, _ = self.near(e, n, 900, None)
            self.add("site", building, "", "", street, town, self.new_postcode(town), pe, pn)
        return self.rows


def build(per_ward: int = 30, seed: int = 20240401, path: Path = CSV_PATH) -> Gazetteer:
    """Generate the gazetteer deterministically and write it to ``path``."""
    rows = _Builder(seed).build(per_ward)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(asdict(a) for a in rows)
    return Gazetteer(rows)
