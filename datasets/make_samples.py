"""Regenerate the SYNTHETIC sample source files of the non-GIS datasets (deterministic).

    .venv/bin/python datasets/make_samples.py

First the address gazetteer (``samples/gazetteer.py``, written to ``samples/gazetteer.csv``),
then every sample that has addresses draws them from it, so postcodes, wards and UPRNs join up.

Every file written here is a realistic but invented sample of what the council's
systems export (names, addresses, UPRNs and figures are made up); each dataset's
README says so. The GIS layers under conservation-areas/, tree-preservation-orders/,
listed-buildings/, polling-districts/ and wards/ are written by the GIS tool instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from samples import bins, gazetteer

ROOT = Path(__file__).resolve().parent
RNG = random.Random(20240401)

WARDS = [
    (1, "S13002712", "Kilsyth"),
    (2, "S13002713", "Cumbernauld North"),
    (3, "S13002714", "Cumbernauld South"),
    (4, "S13002715", "Abronhill, Kildrum and the Village"),
    (5, "S13002717", "Coatbridge North and Glenboig"),
    (6, "S13002718", "Airdrie North"),
    (7, "S13002719", "Airdrie Central"),
    (8, "S13002720", "Coatbridge West"),
    (9, "S13002721", "Coatbridge South"),
    (10, "S13002722", "Airdrie South"),
    (11, "S13002723", "Fortissat"),
    (12, "S13002724", "Thorniewood"),
    (13, "S13002725", "Bellshill"),
    (14, "S13002726", "Mossend and Holytown"),
    (15, "S13002727", "Motherwell West"),
    (16, "S13002728", "Motherwell North"),
    (17, "S13002729", "Motherwell South East and Ravenscraig"),
    (18, "S13002730", "Murdostoun"),
    (19, "S13002731", "Wishaw"),
    (20, "S13002832", "Strathkelvin"),
]
FIRST = [
    "James",
    "John",
    "Robert",
    "William",
    "David",
    "Thomas",
    "Andrew",
    "Stephen",
    "Paul",
    "Mark",
    "Margaret",
    "Mary",
    "Elizabeth",
    "Catherine",
    "Anne",
    "Karen",
    "Fiona",
    "Linda",
    "Susan",
    "Lorraine",
    "Heather",
    "Gillian",
    "Alan",
    "Kenneth",
    "Michael",
    "Brian",
    "Gordon",
    "Iain",
    "Agnes",
    "Janet",
]
SURNAME = [
    "Smith",
    "Brown",
    "Wilson",
    "Campbell",
    "Stewart",
    "Thomson",
    "Robertson",
    "Anderson",
    "McDonald",
    "Scott",
    "Reid",
    "Murray",
    "Taylor",
    "Clark",
    "Ross",
    "Watson",
    "Morrison",
    "Paterson",
    "Young",
    "Mitchell",
    "McLaren",
    "Docherty",
    "Gallacher",
    "Kelly",
    "Quinn",
    "Shields",
    "Hughes",
    "Duffy",
]
PARTIES = [
    "Scottish Labour Party",
    "Scottish National Party (SNP)",
    "Scottish Conservative and Unionist",
    "Independent",
    "Scottish Green Party",
]


def _write(path: Path, header: list[str], rows: list[list], *, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def council_tax(gaz: gazetteer.Gazetteer) -> None:
    """Council tax system property extract, one row per gazetteer dwelling: Windows-1252, a
    preamble line, an Occupier column the harvester must never publish (synthetic names)."""
    rows = []
    weights = [22, 28, 19, 13, 10, 5, 2, 1]
    street_band: dict[str, int] = {}
    for i, home in enumerate(gaz.residential()):
        # dwellings of one postcode are alike: a band for the postcode, a step either way
        base = street_band.setdefault(home.postcode, RNG.choices(range(8), weights=weights)[0])
        band = "ABCDEFGH"[min(7, max(0, base + RNG.choice([-1, 0, 0, 0, 1])))]
        occupier = f"{RNG.choice(FIRST)} {RNG.choice(SURNAME)}" if RNG.random() < 0.9 else ""
        rows.append(
            [
                f"CT{400000 + i:07d}",
                home.address,
                home.town,
                home.postcode,
                home.uprn,
                band,
                occupier,
                f"{RNG.randint(1, 28):02d}/04/20{RNG.randint(10, 24)}",
            ]
        )
    path = ROOT / "council-tax-bands/source/ctax_property_extract.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="cp1252", newline="") as fh:
        fh.write("SYNTHETIC SAMPLE - Council Tax property extract (not real data)\r\n")
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(
            [
                "Property Ref",
                "Property Address",
                "Town",
                "Post Code",
                "UPRN",
                "CTax Band",
                "Occupier Name",
                "Liability Start",
            ]
        )
        w.writerows(rows)


def toilets(gaz: gazetteer.Gazetteer) -> None:
    """Facilities asset register export (XLSX) with BNG coordinates (gazetteer buildings)."""
    import openpyxl

    sites = [
        "Airdrie Town Hall",
        "Summerlee Museum of Scottish Industrial Life",
        "Motherwell Civic Centre",
        "Cumbernauld Library",
        "Colzium House",
        "Wishaw Library",
        "Bellshill Cultural Centre",
        "Shotts Library",
        "Palacerigg Country Park",
        "Strathclyde Country Park Visitor Centre",
        "Drumpellier Country Park",
        "Airdrie Bus Station",
        "Wishaw Sports Centre",
        "Kilsyth Burngreen Park",
        "Chryston Community Hub",
        "Moodiesburn Library",
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Public conveniences"
    ws.append(
        [
            "Asset No",
            "Site name",
            "Street",
            "Town",
            "Post code",
            "UPRN",
            "Easting",
            "Northing",
            "Accessible\nY/N",
            "Baby change\nY/N",
            "RADAR key\nY/N",
            "Changing Places\nY/N",
            "Charge",
            "Opening hours",
            "Managed by",
        ]
    )
    for i, building in enumerate(sites):
        site = gaz.site(building)
        ws.append(
            [
                f"PC{i + 1:03d}",
                site.organisation,
                site.street,
                site.town,
                site.postcode,
                site.uprn,
                site.easting,
                site.northing,
                RNG.choice("YYYN"),
                RNG.choice("YYN"),
                RNG.choice("YN"),
                "Y" if i % 5 == 0 else "N",
                RNG.choice(["Free", "Free", "20p"]),
                RNG.choice(["Mo-Su 08:00-20:00", "Mo-Fr 09:00-17:00", "Mo-Sa 09:00-16:30", "24 hours"]),
                RNG.choice(["Facilities Management", "Culture and Leisure (CultureNL)"]),
            ]
        )
    path = ROOT / "public-toilets/source/public_conveniences_asset_register.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.properties.created = dt.datetime(2024, 4, 1)
    wb.save(path)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Give every member of an XLSX and its 'modified' property one fixed time (openpyxl
    stamps both at save), so the file is the same every run."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zin:
        members = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, content in members:
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-04-01T00:00:00Z", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 4, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(fixed, content)


def councillors() -> list[list]:
    """77 councillors across 20 wards (synthetic names; ward names and codes are real)."""
    seats = [3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3]
    rows, used = [], set()
    for (num, code, ward), n in zip(WARDS, seats, strict=True):
        for _ in range(n):
            while True:
                name = f"{RNG.choice(FIRST)} {RNG.choice(SURNAME)}"
                if name not in used:
                    used.add(name)
                    break
            mailbox = "cllr." + name.lower().replace(" ", "").replace("'", "") + "@northlanarkshire.gov.uk"
            rows.append(
                [
                    num,
                    ward,
                    code,
                    f"Councillor {name}",
                    RNG.choices(PARTIES, weights=[40, 40, 8, 8, 4])[0],
                    mailbox,
                ]
            )
    _write(
        ROOT / "councillors/source/members_register.csv",
        ["Ward No", "Ward", "Ward Code", "Member", "Political Party", "Council Email"],
        rows,
    )
    return rows


def allowances(members: list[list]) -> None:
    """Members' allowances and expenses by councillor and financial year (payroll + expenses)."""
    rows = []
    for year, basic in (("2022/23", 19571), ("2023/24", 20099)):
        for i, m in enumerate(members):
            senior = RNG.choice([0, 0, 0, 0, 5031, 7524, 10035]) if i % 3 == 0 else 0
            travel = round(RNG.uniform(0, 1400), 2)
            subsist = round(RNG.uniform(0, 220), 2)
            phone = round(RNG.uniform(0, 380), 2)
            other = round(RNG.uniform(0, 150), 2) if RNG.random() < 0.2 else 0
            total = round(basic + senior + travel + subsist + phone + other, 2)
            rows.append(
                [
                    year,
                    m[3].replace("Councillor ", ""),
                    m[1],
                    f"{basic:.2f}",
                    f"{senior:.2f}",
                    f"{travel:.2f}",
                    f"{subsist:.2f}",
                    f"{phone:.2f}",
                    f"{other:.2f}",
                    f"{total:.2f}",
                ]
            )
    _write(
        ROOT / "councillor-allowances-expenses/source/members_allowances_expenses.csv",
        [
            "Financial Year",
            "Councillor",
            "Ward",
            "Basic Allowance",
            "Senior Councillor Allowance",
            "Travel",
            "Subsistence",
            "Telephone & ICT",
            "Other Expenses",
            "Total",
        ],
        rows,
    )


def libraries(gaz: gazetteer.Gazetteer) -> None:
    """Library and First Stop Shop locations (UTF-8 with BOM, as Excel saves CSV)."""
    sites = [
        ("Airdrie Library", "Library", "Airdrie"),
        ("Airdrie First Stop Shop", "First Stop Shop", "Airdrie"),
        ("Bellshill Cultural Centre Library", "Library", "Bellshill"),
        ("Bellshill First Stop Shop", "First Stop Shop", "Bellshill"),
        ("Coatbridge Library", "Library", "Coatbridge"),
        ("Coatbridge First Stop Shop", "First Stop Shop", "Coatbridge"),
        ("Cumbernauld Library", "Library", "Cumbernauld"),
        ("Cumbernauld First Stop Shop", "First Stop Shop", "Cumbernauld"),
        ("Kilsyth Library", "Library", "Kilsyth"),
        ("Kilsyth First Stop Shop", "First Stop Shop", "Kilsyth"),
        ("Motherwell Library", "Library", "Motherwell"),
        ("Motherwell First Stop Shop", "First Stop Shop", "Motherwell"),
        ("Shotts Library", "Library", "Shotts"),
        ("Shotts First Stop Shop", "First Stop Shop", "Shotts"),
        ("Wishaw Library", "Library", "Wishaw"),
        ("Wishaw First Stop Shop", "First Stop Shop", "Wishaw"),
        ("Chryston Library", "Library", "Chryston"),
        ("Moodiesburn Library", "Library", "Moodiesburn"),
        ("Newmains Library", "Library", "Newmains"),
        ("Viewpark Library", "Library", "Viewpark"),
        ("Harthill Library", "Library", "Harthill"),
        ("Newarthill Library", "Library", "Newarthill"),
    ]
    rows = []
    for name, kind, _town in sites:
        site = gaz.site("Bellshill Cultural Centre" if name.startswith("Bellshill Cultural") else name)
        slug = name.lower().replace(" ", "")
        mailbox = (
            slug.replace("culturalcentre", "") if kind == "Library" else slug.replace("firststopshop", "fss")
        )
        rows.append(
            [
                name,
                kind,
                site.address.split(", ", 1)[1],
                site.town,
                site.postcode,
                "01698 403200" if kind == "First Stop Shop" else "01236 856200",
                f"{mailbox}@northlanarkshire.gov.uk",
                "Mon-Fri 9am-5pm"
                if kind == "First Stop Shop"
                else "Mon, Wed 9.30am-7pm; Tue, Thu, Fri " "9.30am-5pm; Sat 9.30am-1pm",
                site.lat,
                site.lon,
            ]
        )
    path = ROOT / "libraries-first-stop-shops/source/customer_service_points.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(
            [
                "Site Name",
                "Service",
                "Address",
                "Town",
                "Postcode",
                "Phone",
                "Email",
                "Opening Hours",
                "Lat",
                "Long",
            ]
        )
        w.writerows(rows)


def museums(gaz: gazetteer.Gazetteer) -> None:
    """Museums and galleries (venue, type, gazetteer building when not named like the venue)."""
    sites = [
        ("Summerlee Museum of Scottish Industrial Life", "Museum", ""),
        ("Motherwell Heritage Centre", "Museum", ""),
        ("Cumbernauld Museum", "Museum", ""),
        ("Kilsyth Heritage", "Museum", ""),
        ("Shotts Heritage Centre", "Museum", ""),
        ("Airdrie Library Gallery", "Gallery", "Airdrie Library"),
        ("Motherwell Concert Hall Gallery", "Gallery", ""),
        ("Cumbernauld Theatre Gallery", "Gallery", ""),
        ("Colzium House Museum Room", "Museum", "Colzium House"),
        ("Bellshill Cultural Centre Gallery", "Gallery", "Bellshill Cultural Centre"),
    ]
    rows = []
    for name, kind, building in sites:
        site = gaz.site(building or name)
        rows.append(
            [
                name,
                kind,
                f"{site.street}, {site.town}",
                site.postcode,
                site.easting,
                site.northing,
                "Free" if RNG.random() < 0.9 else "Free (donations welcome)",
                RNG.choice(["Wed-Sun 10am-4pm", "Tue-Sat 10am-5pm", "Mon-Sat 9.30am-4.30pm"]),
                "museums@northlanarkshire.gov.uk",
            ]
        )
    _write(
        ROOT / "museums-galleries/source/museums_galleries.csv",
        [
            "Venue",
            "Venue Type",
            "Address",
            "Postcode",
            "Easting",
            "Northing",
            "Admission",
            "Opening Times",
            "Enquiries",
        ],
        rows,
    )


def schools(gaz: gazetteer.Gazetteer) -> None:
    """School establishments (SEED list export), each at its gazetteer building."""
    names = [
        "St Margaret's",
        "Chapelside",
        "Kildrum",
        "Greenfaulds",
        "Cardinal Newman",
        "Clyde Valley",
        "Taylor",
        "Braidhurst",
        "Calderhead",
        "Coltness",
        "Our Lady's",
        "St Ambrose",
        "Caldervale",
        "St Aidan's",
        "Kilsyth Academy",
        "Coatbridge",
        "Airdrie Academy",
        "Bellshill Academy",
        "St Maurice's",
        "Brannock",
        "Glencryan",
        "Redburn",
        "Willowbank",
        "Drumpark",
        "Firpark",
    ]
    rows = []
    for base in names:
        if "Academy" in base or base in (
            "Greenfaulds",
            "Cardinal Newman",
            "Clyde Valley",
            "Taylor",
            "Braidhurst",
            "Calderhead",
            "Coltness",
            "Our Lady's",
            "St Ambrose",
            "St Aidan's",
            "St Maurice's",
            "Coatbridge",
            "Brannock",
            "Caldervale",
        ):
            stype, name = "Secondary", base if "Academy" in base else f"{base} High School"
        elif base in ("Glencryan", "Redburn", "Willowbank", "Drumpark", "Firpark"):
            stype, name = "Additional Support Needs", f"{base} School"
        else:
            stype, name = "Primary", f"{base} Primary School"
        denom = "Roman Catholic" if base.startswith(("St ", "Our Lady", "Cardinal")) else "Non-denominational"
        site = gaz.site(name)
        roll = (
            RNG.randint(60, 220)
            if stype == "Additional Support Needs"
            else (RNG.randint(600, 1500) if stype == "Secondary" else RNG.randint(150, 480))
        )
        rows.append(
            [
                f"85{RNG.randint(10000, 99999)}",
                name,
                stype,
                denom,
                site.street,
                site.town,
                site.postcode,
                roll,
                site.easting,
                site.northing,
                f"{name.lower().replace(' ', '').replace(chr(39), '')[:20]}@northlan.org.uk",
            ]
        )
    _write(
        ROOT / "schools/source/schools_establishments.csv",
        [
            "SEED Code",
            "Establishment",
            "Sector",
            "Denomination",
            "Address",
            "Town",
            "Postcode",
            "Pupil Roll",
            "X",
            "Y",
            "School Email",
        ],
        rows,
    )


def term_dates() -> None:
    rows = []
    for start_year in (2024, 2025):
        y, z = start_year, start_year + 1
        session = f"{y}/{str(z)[2:]}"
        events = [
            ("Term 1", "Teachers return (in-service)", f"14/08/{y}", f"15/08/{y}"),
            ("Term 1", "Pupils return", f"19/08/{y}", f"19/08/{y}"),
            ("Term 1", "September weekend", f"27/09/{y}", f"30/09/{y}"),
            ("Term 1", "October break", f"14/10/{y}", f"18/10/{y}"),
            ("Term 2", "In-service day", f"11/11/{y}", f"11/11/{y}"),
            ("Term 2", "Christmas and New Year holiday", f"23/12/{y}", f"03/01/{z}"),
            ("Term 3", "February mid-term", f"10/02/{z}", f"12/02/{z}"),
            ("Term 3", "Spring holiday", f"04/04/{z}", f"18/04/{z}"),
            ("Term 3", "May Day holiday", f"05/05/{z}", f"05/05/{z}"),
            ("Term 3", "Last day of session", f"25/06/{z}", f"25/06/{z}"),
        ]
        rows.extend([session, *e] for e in events)
    _write(ROOT / "school-term-dates/source/term_dates.csv", ["Session", "Term", "Event", "From", "To"], rows)


def postcodes(gaz: gazetteer.Gazetteer) -> None:
    """Every gazetteer postcode's centroid in the ONS Postcode Directory layout (subset of columns)."""
    rng = random.Random(7)
    rows = []
    for pc in gaz.postcodes.values():
        outward, inward = pc.postcode.split()
        rows.append(
            [
                f"{outward:<4}{inward}",
                pc.postcode,
                f"{rng.randint(1980, 2015)}{rng.randint(1, 12):02d}",
                "",
                gazetteer.COUNCIL_AREA,
                pc.ward_code,
                pc.easting,
                pc.northing,
                1,
                pc.lat,
                pc.lon,
            ]
        )
    _write(
        ROOT / "postcodes/source/onspd_nlc_sample.csv",
        [
            "pcd",
            "pcds",
            "dointr",
            "doterm",
            "oslaua",
            "osward",
            "oseast1m",
            "osnrth1m",
            "osgrdind",
            "lat",
            "long",
        ],
        rows,
    )


if __name__ == "__main__":
    gaz = gazetteer.build()
    council_tax(gaz)
    toilets(gaz)
    members = councillors()
    allowances(members)
    libraries(gaz)
    museums(gaz)
    schools(gaz)
    term_dates()
    postcodes(gaz)
    bins.write(gaz, ROOT / "bin-collection-calendar/source")
    print("sample source files written under", ROOT, dt.date.today())
