"""SYNTHETIC back-office exports for the eleven top-FOI-topic datasets (deterministic).

    .venv/bin/python datasets/samples/foi_topics.py [DATASET...]   # all eleven when none

Each function writes ``datasets/<name>/source/...`` in the shape the council's system exports
it, personal data included (names of individuals and sole traders, applicants, tenants,
vehicle registrations, the deceased, reporters): the dataset's transform must take it out,
and ``tests/datasets`` checks that it does. Every address, postcode and UPRN is drawn from
the shared synthetic gazetteer (:mod:`samples.gazetteer`); names, amounts and references are
invented. Each generator has its own seeded random stream, so one can be regenerated alone;
regenerate them all whenever the gazetteer changes (``tests/datasets/test_samples.py`` fails
until then). From another script: ``foi_topics.main(names, root=DATASETS_DIR)``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``samples`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples import gazetteer  # noqa: E402

DATASETS = Path(__file__).resolve().parent.parent
YEAR_START = dt.date(2025, 4, 1)  # the sample covers the financial year 2025/26
YEAR_END = dt.date(2026, 3, 31)
FORENAMES = [
    "James",
    "John",
    "Robert",
    "David",
    "William",
    "Andrew",
    "Scott",
    "Craig",
    "Mark",
    "Paul",
    "Margaret",
    "Elizabeth",
    "Mary",
    "Anne",
    "Karen",
    "Fiona",
    "Lorraine",
    "Gillian",
    "Ailsa",
    "Catriona",
    "Euan",
    "Lewis",
    "Callum",
    "Iain",
    "Morag",
    "Shona",
    "Kirsty",
    "Ross",
    "Heather",
]
SURNAMES = [
    "Smith",
    "Brown",
    "Wilson",
    "Campbell",
    "Stewart",
    "Thomson",
    "Robertson",
    "Anderson",
    "MacDonald",
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
    "McLean",
    "Fraser",
    "Kerr",
    "Hamilton",
    "Cameron",
    "Gray",
    "Graham",
    "Docherty",
    "Quinn",
    "McGuire",
    "Gallacher",
    "O'Neill",
    "Hughes",
    "McLaughlin",
]
TITLES = ["Mr", "Mrs", "Ms", "Miss"]
COMPANY_WORDS = [
    "Strathclyde",
    "Calder",
    "Lanark",
    "Monklands",
    "Forth",
    "Caledonian",
    "Ravenscraig",
    "Central",
    "Northern",
    "Thistle",
    "Saltire",
    "Lomond",
    "Pentland",
    "Tinto",
    "Campsie",
    "Highland",
]
COMPANY_TRADES = [
    "Building Services",
    "Plant Hire",
    "Catering Supplies",
    "IT Solutions",
    "Cleaning Services",
    "Roofing",
    "Electrical Contractors",
    "Transport",
    "Care Services",
    "Print",
    "Landscapes",
    "Engineering",
    "Consultancy",
    "Office Supplies",
    "Surfacing",
    "Fencing",
    "Joinery",
]
COMPANY_ENDINGS = ["Ltd", "Ltd", "Ltd", "Limited", "plc", "LLP"]


def person(rng: random.Random, *, title: bool = False) -> str:
    name = f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"
    return f"{rng.choice(TITLES)} {name}" if title else name


def company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_TRADES)} {rng.choice(COMPANY_ENDINGS)}"


def mobile(rng: random.Random) -> str:
    return f"07700 900{rng.randint(0, 999):03d}"  # Ofcom's drama range: never a real number


def email(name: str) -> str:
    """A personal address at example.com (RFC 2606: never a real mailbox)."""
    words = name.lower().replace("'", "").split()
    if words and words[0] in ("mr", "mrs", "ms", "miss"):
        words = words[1:]
    return ".".join(words) + "@example.com"


def day_in_year(rng: random.Random, start: dt.date = YEAR_START, end: dt.date = YEAR_END) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def dmy(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def write(path: Path, header: Sequence[str], rows: list[Sequence[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")  # the exports are written on Windows servers
        w.writerow(header)
        w.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows)")


OUT = {"root": DATASETS}  # where the dataset folders are written (main's ``root``)


def source(name: str, file: str) -> Path:
    return OUT["root"] / name / "source" / file


# -- finance ---------------------------------------------------------------------------------
SPEND_LINES = [
    # (directorate, service, account code, account description, narrative, low, high)
    (
        "Enterprise and Communities",
        "Roads and Transportation",
        "4210",
        "Road maintenance materials",
        "Carriageway resurfacing materials",
        800,
        60000,
    ),
    (
        "Enterprise and Communities",
        "Waste Solutions",
        "4520",
        "Refuse vehicle hire",
        "Vehicle hire",
        900,
        25000,
    ),
    (
        "Enterprise and Communities",
        "Housing Property",
        "4305",
        "Repairs and maintenance contractors",
        "Void property repairs",
        600,
        45000,
    ),
    (
        "Education, Children and Families",
        "Schools",
        "4610",
        "Educational supplies",
        "Classroom resources",
        520,
        12000,
    ),
    (
        "Education, Children and Families",
        "Early Years",
        "5120",
        "Payments to private providers",
        "Funded early learning places",
        2000,
        90000,
    ),
    (
        "Chief Executive's Office",
        "Business Solutions",
        "4710",
        "Software licences",
        "Annual licence",
        1500,
        150000,
    ),
    (
        "Chief Executive's Office",
        "Financial Solutions",
        "4810",
        "Professional fees",
        "Audit fees",
        5000,
        80000,
    ),
    (
        "Adult Health and Social Care",
        "Care at Home",
        "5210",
        "Payments to care providers",
        "Care at home services",
        3000,
        120000,
    ),
]
PERSONAL_SPEND = [
    # (supplier type, directorate, service, account code, description, narrative template)
    (
        "Individual",
        "Education, Children and Families",
        "Children and Families",
        "5310",
        "Foster care allowances",
        "Fostering allowance for {name}",
    ),
    (
        "Individual",
        "Chief Executive's Office",
        "Legal and Democratic",
        "5910",
        "Compensation payments",
        "Settlement of personal injury claim - {name}",
    ),
    (
        "Individual",
        "Enterprise and Communities",
        "Housing Solutions",
        "5420",
        "Rent deposit refunds",
        "Refund of rent deposit to {name}",
    ),
    (
        "Sole trader",
        "Enterprise and Communities",
        "Housing Property",
        "4305",
        "Repairs and maintenance contractors",
        "Joinery works - invoice from {name}",
    ),
    (
        "Sole trader",
        "Education, Children and Families",
        "Schools",
        "4620",
        "Tuition and instructors",
        "Music tuition by {name}",
    ),
]


def council_spending() -> None:
    """Finance system accounts-payable extract: payments of £500 or more in 2025/26."""
    rng = random.Random(2501)
    gaz = gazetteer.load()
    homes = gaz.residential()
    suppliers = [
        (f"S{10000 + i}", company(rng), f"SC{rng.randint(100000, 799999)}", "Company") for i in range(60)
    ]
    suppliers += [
        (
            f"S{10100 + i}",
            f"{rng.choice(COMPANY_WORDS)} Community Trust",
            f"SC0{rng.randint(10000, 49999)}",
            "Charity",
        )
        for i in range(6)
    ]
    people = [(f"S{20000 + i}", person(rng), rng.choice(homes)) for i in range(40)]
    rows = []
    for n in range(1200):
        paid = day_in_year(rng)
        if rng.random() < 0.12:
            kind, directorate, service, code, desc, narrative = rng.choice(PERSONAL_SPEND)
            sid, name, home = rng.choice(people)
            if kind == "Sole trader":
                trade = rng.choice(["Handyman Services", "Joinery", "Music Tuition", "Decorating"])
                name = f"{name} t/a {trade}"
            supplier, reg = name, ""
            address = f"{home.address}, {home.town}, {home.postcode}"
            narrative = narrative.format(name=name.split(" t/a ")[0])
            net = round(rng.uniform(500, 4000), 2)
        else:
            directorate, service, code, desc, narrative, low, high = rng.choice(SPEND_LINES)
            sid, supplier, reg, kind = rng.choice(suppliers)
            office = rng.choice(gaz.commercial())
            address = f"{office.address}, {office.town}, {office.postcode}"
            net = round(rng.uniform(low, high), 2)
        vat = round(net * 0.2, 2) if kind in ("Company", "Sole trader") else 0.0
        irrecoverable = vat if service in ("Early Years", "Care at Home") else 0.0
        method = rng.choices(["BACS", "Cheque", "Purchase card"], [90, 4, 6])[0]
        rows.append(
            [
                dmy(paid),
                f"AP{260000 + n}",
                f"INV-{rng.randint(10000, 99999)}",
                sid,
                supplier,
                kind,
                address,
                reg,
                directorate,
                service,
                f"CC{rng.randint(1000, 1999)}",
                code,
                desc,
                narrative,
                f"{net:.2f}",
                f"{vat:.2f}",
                f"{irrecoverable:.2f}",
                method,
            ]
        )
    rows.sort(key=lambda r: (r[0][6:] + r[0][3:5] + r[0][:2], r[1]))
    write(
        source("council-spending-over-500", "ap_payments_over_500_2025-26.csv"),
        [
            "Payment Date",
            "Payment Ref",
            "Invoice No",
            "Supplier No",
            "Supplier Name",
            "Supplier Type",
            "Supplier Address",
            "Company Reg No",
            "Directorate",
            "Service",
            "Cost Centre",
            "Account Code",
            "Account Description",
            "Narrative",
            "Net Amount",
            "VAT Amount",
            "Irrecoverable VAT",
            "Payment Method",
        ],
        rows,
    )


NNDR_USES = [
    ("Shop", 8000, 60000),
    ("Office", 6000, 90000),
    ("Workshop", 4000, 30000),
    ("Warehouse", 15000, 250000),
    ("Cafe", 7000, 28000),
    ("Hot food takeaway", 6000, 22000),
    ("Hairdresser", 4000, 14000),
    ("Public house", 12000, 60000),
    ("Garage", 9000, 70000),
    ("Store", 2000, 12000),
]
LIABLE_TYPES = [
    ("Limited company", 55),
    ("PLC", 8),
    ("Charity", 6),
    ("Public body", 4),
    ("Partnership", 7),
    ("Sole trader", 14),
    ("Individual", 6),
]


def _ratepayer(rng: random.Random, kind: str) -> str:
    if kind in ("Limited company", "PLC"):
        return company(rng).rsplit(" ", 1)[0] + (" PLC" if kind == "PLC" else " Ltd")
    if kind == "Charity":
        return f"{rng.choice(COMPANY_WORDS)} {rng.choice(['Foundation', 'Community Trust', 'Hospice'])}"
    if kind == "Public body":
        return rng.choice(["NHS Lanarkshire", "Scottish Water", "Police Scotland"])
    if kind == "Partnership":
        return f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)}"
    if kind == "Sole trader":
        return (
            f"{person(rng)} t/a {rng.choice(['The Corner Shop', 'Style Cuts', 'Fast Fry', 'Auto Repairs'])}"
        )
    return person(rng, title=True)


def business_rates() -> None:
    """Revenues system NNDR extracts: the accounts list and the empty property relief report."""
    rng = random.Random(2502)
    gaz = gazetteer.load()
    accounts, empty = [], []
    for n, unit in enumerate(gaz.commercial()):
        use, low, high = rng.choice(NNDR_USES)
        rv = round(rng.uniform(low, high), -2)
        kind = rng.choices([k for k, _ in LIABLE_TYPES], [w for _, w in LIABLE_TYPES])[0]
        payer = _ratepayer(rng, kind)
        home = rng.choice(gaz.residential())
        corr = (
            f"{home.address}, {home.town}, {home.postcode}"
            if kind in ("Sole trader", "Individual")
            else f"{unit.address}, {unit.town}, {unit.postcode}"
        )
        start = dt.date(2015, 4, 1) + dt.timedelta(days=rng.randint(0, 3800))
        vacant = rng.random() < 0.18
        if vacant:
            relief = "Empty property relief"
        elif rv <= 12000:
            relief = "Small Business Bonus Scheme"
        elif kind == "Charity":
            relief = "Charitable relief (80%)"
        else:
            relief = ""
        account = f"NDR{400000 + n}"
        assessor = f"N{rng.randint(10, 99)}{rng.randint(100000, 999999)}"
        accounts.append(
            [
                account,
                assessor,
                unit.uprn,
                unit.address,
                unit.town,
                unit.postcode,
                unit.ward_name,
                use,
                f"{rv:.0f}",
                payer,
                kind,
                corr,
                mobile(rng) if kind in ("Sole trader", "Individual") else "",
                dmy(start),
                relief,
                "N" if vacant else "Y",
            ]
        )
        if vacant:
            since = day_in_year(rng, dt.date(2022, 1, 1), dt.date(2026, 3, 1))
            empty.append(
                [
                    account,
                    assessor,
                    unit.uprn,
                    unit.address,
                    unit.town,
                    unit.postcode,
                    unit.ward_name,
                    use,
                    f"{rv:.0f}",
                    payer,
                    kind,
                    mobile(rng),
                    email(payer.split(" t/a ")[0]),
                    dmy(since),
                    rng.choice(
                        [
                            "Empty property relief (10%)",
                            "Empty property relief (50%)",
                            "Listed building - full relief",
                        ]
                    ),
                    dmy(since + dt.timedelta(days=rng.randint(20, 200))),
                ]
            )
    write(
        source("business-rates", "nndr_accounts_extract.csv"),
        [
            "Account Ref",
            "Assessor Ref",
            "UPRN",
            "Property Address",
            "Town",
            "Postcode",
            "Ward",
            "Description",
            "Rateable Value",
            "Liable Party",
            "Liable Party Type",
            "Correspondence Address",
            "Contact Phone",
            "Liability Start",
            "Relief Type",
            "Occupied",
        ],
        accounts,
    )
    write(
        source("empty-properties", "nndr_empty_property_report.csv"),
        [
            "Account Ref",
            "Assessor Ref",
            "UPRN",
            "Property Address",
            "Town",
            "Postcode",
            "Ward",
            "Description",
            "Rateable Value",
            "Ratepayer",
            "Ratepayer Type",
            "Ratepayer Phone",
            "Ratepayer Email",
            "Empty From",
            "Relief Type",
            "Last Inspected",
        ],
        empty,
    )


CONTRACTS = [
    ("Road surfacing materials", "44113620", "Enterprise and Communities", 200_000, 3_000_000),
    ("Winter maintenance salt supply", "34927100", "Enterprise and Communities", 300_000, 1_500_000),
    (
        "Housing planned maintenance - kitchens and bathrooms",
        "45000000",
        "Enterprise and Communities",
        1_000_000,
        12_000_000,
    ),
    ("School transport", "60130000", "Education, Children and Families", 150_000, 4_000_000),
    ("Care at home services", "85000000", "Adult Health and Social Care", 500_000, 20_000_000),
    ("Desktop hardware", "30213000", "Chief Executive's Office", 100_000, 2_000_000),
    ("Catering supplies for schools", "15000000", "Education, Children and Families", 250_000, 3_500_000),
    ("Grounds maintenance equipment", "16000000", "Enterprise and Communities", 50_000, 400_000),
    ("Legal services framework", "79100000", "Chief Executive's Office", 60_000, 900_000),
    ("Fleet vehicle leasing", "34100000", "Enterprise and Communities", 400_000, 6_000_000),
]
ROUTES = [
    "Open procedure",
    "Restricted procedure",
    "Call-off from Scotland Excel framework",
    "Call-off from Crown Commercial Service framework",
    "Quick quote",
    "Negotiated without prior publication",
]


def contracts_register() -> None:
    """E-procurement system contracts register export (regulated procurements)."""
    rng = random.Random(2503)
    gaz = gazetteer.load()
    rows = []
    for n in range(140):
        title, cpv, dept, low, high = rng.choice(CONTRACTS)
        award = day_in_year(rng, dt.date(2021, 4, 1), dt.date(2026, 3, 1))
        start = award + dt.timedelta(days=rng.randint(14, 60))
        years = rng.choice([1, 2, 3, 4])
        end = start + dt.timedelta(days=365 * years - 1)
        value = round(rng.uniform(low, high), -3)
        supplier = company(rng)
        office = rng.choice(gaz.commercial())
        manager = person(rng)
        contact = person(rng)
        status = "Live" if end >= dt.date(2026, 3, 31) else "Expired"
        rows.append(
            [
                f"NLC-{award.year}-{n + 1:04d}",
                f"{title} {award.year}",
                f"{title} for North Lanarkshire " "Council",
                cpv,
                rng.choice(ROUTES),
                rng.choice(["", "", "Scotland Excel 0923", "CCS RM6098"]),
                dmy(award),
                dmy(start),
                dmy(end),
                rng.choice([0, 12, 12, 24]),
                f"{value:.0f}",
                supplier,
                f"SC{rng.randint(100000, 799999)}",
                office.postcode,
                rng.choice(["Y", "N"]),
                "N",
                dept,
                manager,
                f"{manager.lower().replace(' ', '.')}@northlanarkshire.gov.uk",
                contact,
                mobile(rng),
                email(contact),
                status,
            ]
        )
    write(
        source("contracts-register", "contracts_register_export.csv"),
        [
            "Contract ID",
            "Contract Title",
            "Description",
            "CPV Code",
            "Procurement Route",
            "Framework Ref",
            "Award Date",
            "Start Date",
            "End Date",
            "Extension Options (months)",
            "Estimated Value (GBP)",
            "Supplier Name",
            "Supplier Companies House No",
            "Supplier Postcode",
            "SME",
            "Supported Business",
            "Department",
            "Contract Manager",
            "Contract Manager Email",
            "Supplier Contact Name",
            "Supplier Contact Phone",
            "Supplier Contact Email",
            "Status",
        ],
        rows,
    )


# -- planning --------------------------------------------------------------------------------
PLANNING_KINDS = [
    # (application type, proposal template, residential site, share)
    ("Householder", "Erection of single storey rear extension", True, 30),
    ("Householder", "Formation of dormer window", True, 10),
    ("Householder", "Erection of detached garage", True, 8),
    ("Local - full", "Change of use from shop (Class 1A) to hot food takeaway", False, 8),
    ("Local - full", "Erection of {n} dwellinghouses", False, 8),
    ("Advertisement consent", "Display of illuminated fascia sign", False, 8),
    ("Listed building consent", "Replacement windows", True, 4),
    ("Major - full", "Erection of {n} dwellinghouses with associated roads and open space", False, 4),
    ("Certificate of lawfulness", "Use of dwellinghouse as childminding business", True, 4),
]
REF_SUFFIX = {
    "Householder": "FUL",
    "Local - full": "FUL",
    "Major - full": "MSC",
    "Advertisement consent": "ADV",
    "Listed building consent": "LBC",
    "Certificate of lawfulness": "CLU",
}
DECISIONS = [
    ("Granted", 70),
    ("Granted subject to conditions", 14),
    ("Refused", 8),
    ("Withdrawn", 4),
    ("", 14),
]


def planning_applications() -> None:
    """Idox Uniform planning register export (DC applications; Uniform's field names)."""
    rng = random.Random(2504)
    gaz = gazetteer.load()
    rows = []
    for n in range(420):
        apptype, proposal, residential, _ = rng.choices(PLANNING_KINDS, [k[3] for k in PLANNING_KINDS])[0]
        site = rng.choice(gaz.residential() if residential else gaz.commercial())
        received = day_in_year(rng)
        valid = received + dt.timedelta(days=rng.randint(0, 21))
        decision = rng.choices([d for d, _ in DECISIONS], [w for _, w in DECISIONS])[0]
        decided = valid + dt.timedelta(days=rng.randint(35, 120)) if decision else None
        if decided and decided > YEAR_END:
            decision, decided = "", None
        private = residential or rng.random() < 0.2
        applicant = person(rng, title=True)
        applicant_company = "" if private else company(rng)
        home = site if residential else rng.choice(gaz.residential())
        agent_private = rng.random() < 0.3
        agent_name = person(rng, title=True) if rng.random() < 0.7 else ""
        agent_company = "" if (agent_private or not agent_name) else f"{rng.choice(SURNAMES)} Architects Ltd"
        ref = f"{received.strftime('%y')}/{n + 1:05d}/{REF_SUFFIX[apptype]}"
        rows.append(
            [
                f"P{9000000 + n}",
                ref,
                apptype,
                dmy(received),
                dmy(valid),
                dmy(valid + dt.timedelta(days=60 if not apptype.startswith("Major") else 120)),
                proposal.format(n=rng.randint(6, 120)),
                f"{site.address}, {site.town}",
                site.postcode,
                site.uprn,
                site.ward_name,
                site.easting,
                site.northing,
                applicant,
                applicant_company,
                f"{home.address}, {home.town}, {home.postcode}",
                agent_name,
                agent_company,
                mobile(rng) if agent_name else "",
                person(rng),
                "Decided" if decision else "Pending consideration",
                decision,
                dmy(decided),
                rng.randint(0, 3),
                rng.randint(0, 12),
            ]
        )
    write(
        source("planning-applications", "uniform_planning_register.csv"),
        [
            "KEYVAL",
            "REFVAL",
            "DCAPPTYP",
            "DATEAPRECV",
            "DATEAPVAL",
            "DATEDETERMDEADLINE",
            "PROPOSAL",
            "ADDRESS",
            "POSTCODE",
            "UPRN",
            "WARD",
            "EASTING",
            "NORTHING",
            "APPLICANTNAME",
            "APPLICANTCOMPANY",
            "APPLICANTADDRESS",
            "AGENTNAME",
            "AGENTCOMPANY",
            "AGENTPHONE",
            "CASEOFFICER",
            "DCSTAT",
            "DECSN",
            "DATEDECISN",
            "NOREPSUPPORT",
            "NOREPOBJECT",
        ],
        rows,
    )
    write(
        source("planning-applications", "planning_applications.csv"),
        ["REFVAL", "DCAPPTYP", "DCSTAT", "EASTING", "NORTHING"],
        [[r[1], r[2], r[20], r[11], r[12]] for r in rows],
    )


# -- roads and transportation ----------------------------------------------------------------
DEFECTS = [
    ("Pothole", 45),
    ("Carriageway crack", 12),
    ("Footway trip hazard", 15),
    ("Ironwork", 10),
    ("Edge deterioration", 8),
    ("Road marking worn", 6),
    ("Kerb damaged", 4),
]
CATEGORIES = [
    ("Cat 1 (make safe within 24 hours)", 1),
    ("Cat 2 (repair within 5 working days)", 5),
    ("Cat 3 (repair within 28 days)", 28),
    ("Cat 4 (programmed works)", 90),
]


def road_defects() -> None:
    """Roads defect and inspection system export, with the roads GIS defect layer."""
    rng = random.Random(2505)
    gaz = gazetteer.load()
    homes = gaz.residential()
    rows = []
    for n in range(650):
        near = rng.choice(homes)
        kind = rng.choices([d for d, _ in DEFECTS], [w for _, w in DEFECTS])[0]
        cat, days = rng.choices(CATEGORIES, [15, 35, 40, 10])[0]
        found = day_in_year(rng)
        how = rng.choices(
            ["Safety inspection (driven)", "Safety inspection (walked)", "Customer report"], [45, 20, 35]
        )[0]
        reporter = person(rng, title=True) if how == "Customer report" else ""
        target = found + dt.timedelta(days=days)
        done = found + dt.timedelta(days=max(0, int(days * rng.uniform(0.3, 1.6))))
        status = "Completed" if done <= YEAR_END and rng.random() < 0.92 else "Outstanding"
        e, nn = near.easting + rng.randint(-12, 12), near.northing + rng.randint(-12, 12)
        rows.append(
            [
                f"DEF{700000 + n}",
                dmy(found),
                how,
                kind,
                cat,
                near.street,
                near.town,
                f"{rng.choice(['Outside', 'Opposite', 'Near'])} no. {near.number or '1'}",
                e,
                nn,
                dmy(target),
                dmy(done) if status == "Completed" else "",
                status,
                reporter,
                mobile(rng) if reporter else "",
                email(reporter) if reporter else "",
                f"INS{rng.randint(100, 160)}",
            ]
        )
    write(
        source("road-defects", "roads_defects_export.csv"),
        [
            "Defect No",
            "Date Recorded",
            "Source",
            "Defect Type",
            "Category",
            "Street",
            "Town",
            "Location",
            "Easting",
            "Northing",
            "Target Date",
            "Repaired Date",
            "Status",
            "Reported By",
            "Reporter Phone",
            "Reporter Email",
            "Inspector",
        ],
        rows,
    )
    write(
        source("road-defects", "road_defects.csv"),
        ["Defect_No", "Defect_Type", "Category", "Status", "Easting", "Northing"],
        [[r[0], r[3], r[4].split(" (")[0], r[12], r[8], r[9]] for r in rows],
    )


CONTRAVENTIONS = [
    ("01", "Parked in a restricted street during prescribed hours", 30),
    ("02", "Parked or loading/unloading in a restricted street where waiting and loading are prohibited", 8),
    ("12", "Parked in a residents' parking place without a valid permit", 6),
    ("30", "Parked for longer than permitted", 18),
    ("40", "Parked in a designated disabled person's parking place without a valid badge", 7),
    ("47", "Stopped on a restricted bus stop or stand", 5),
    ("48", "Stopped in a restricted area outside a school when prohibited", 4),
    ("62", "Parked with one or more wheels on or over a footpath", 8),
    ("83", "Parked in a car park without clearly displaying a valid pay and display ticket", 14),
]
OUTCOMES = [
    ("Paid at discount", 55),
    ("Paid in full", 12),
    ("Cancelled on appeal", 9),
    ("Cancelled (other)", 4),
    ("Charge certificate issued", 8),
    ("Registered as debt", 5),
    ("Outstanding", 7),
]
PARKING_TOWNS = ["Airdrie", "Coatbridge", "Cumbernauld", "Motherwell", "Wishaw", "Bellshill", "Kilsyth"]


def parking_pcns() -> None:
    """Parking enforcement (PCN) system export: one row per notice, keeper details included."""
    rng = random.Random(2506)
    gaz = gazetteer.load()
    streets = [s for s in gaz.streets() if s[1] in PARKING_TOWNS]
    streets = rng.sample(streets, 24)
    homes = gaz.residential()
    letters = "ABCDEFGHJKLMNOPRSTUVWXY"
    rows = []
    for n in range(3200):
        street, town = rng.choice(streets)
        code, desc, _ = rng.choices(CONTRAVENTIONS, [c[2] for c in CONTRAVENTIONS])[0]
        issued = day_in_year(rng)
        outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        higher = code in ("01", "02", "12", "40", "47", "48", "62")
        charge = 100 if higher else 60
        paid = {"Paid at discount": charge / 2, "Paid in full": charge}.get(outcome, 0)
        vrm = (
            f"{''.join(rng.choices(letters, k=2))}{rng.randint(10, 75)} {''.join(rng.choices(letters, k=3))}"
        )
        keeper = rng.choice(homes)
        rows.append(
            [
                f"NL{30000000 + n}",
                dmy(issued),
                f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
                f"CEO{rng.randint(1, 24):03d}",
                code,
                desc,
                street,
                town,
                vrm,
                rng.choice(["Ford", "Vauxhall", "VW", "BMW", "Toyota", "Nissan", "Kia"]),
                rng.choice(["Black", "Silver", "Blue", "Red", "White", "Grey"]),
                person(rng, title=True),
                f"{keeper.address}, {keeper.town}",
                keeper.postcode,
                f"{charge:.2f}",
                f"{paid:.2f}",
                outcome,
            ]
        )
    write(
        source("parking-penalty-charge-notices", "pcn_system_export.csv"),
        [
            "PCN Number",
            "Date Issued",
            "Time Issued",
            "Officer",
            "Contravention Code",
            "Contravention",
            "Street",
            "Town",
            "VRM",
            "Make",
            "Colour",
            "Keeper Name",
            "Keeper Address",
            "Keeper Postcode",
            "Charge",
            "Amount Paid",
            "Current Status",
        ],
        rows,
    )


# -- environment -----------------------------------------------------------------------------
WASTE = [
    ("Black bags - household", 30),
    ("Other household waste", 14),
    ("White goods", 6),
    ("Furniture", 12),
    ("Mattress", 8),
    ("Construction, demolition and excavation", 10),
    ("Green waste", 8),
    ("Tyres", 4),
    ("Asbestos", 2),
    ("Other commercial waste", 6),
]
SIZES = [
    ("Single item", 15, 60),
    ("Car boot or less", 30, 90),
    ("Small van load", 25, 180),
    ("Transit van load", 20, 350),
    ("Tipper lorry load", 7, 1200),
    ("Significant/multi loads", 3, 3000),
]
LAND = [
    ("Highway", 40),
    ("Footpath / bridleway", 12),
    ("Back lane / alleyway", 18),
    ("Council land", 20),
    ("Private / residential", 6),
    ("Watercourse / bank", 4),
]


def fly_tipping() -> None:
    """Environmental services incident export (fly-tipping), with the GIS layer of the incidents
    generalised to the centre of their 100 m grid square, as the service maps them."""
    rng = random.Random(2507)
    gaz = gazetteer.load()
    homes = gaz.residential()
    rows = []
    for n in range(520):
        near = rng.choice(homes)
        waste = rng.choices([w for w, _ in WASTE], [c for _, c in WASTE])[0]
        size, _, cost = rng.choices(SIZES, [s[1] for s in SIZES])[0]
        land = rng.choices([lt for lt, _ in LAND], [c for _, c in LAND])[0]
        reported = day_in_year(rng)
        cleared = reported + dt.timedelta(days=rng.randint(0, 10))
        reporter = person(rng, title=True) if rng.random() < 0.6 else ""
        action = rng.choices(
            ["None", "Investigated - no evidence", "Warning letter", "Fixed penalty notice"], [60, 25, 9, 6]
        )[0]
        offender = person(rng) if action in ("Warning letter", "Fixed penalty notice") else ""
        e, nn = near.easting + rng.randint(-25, 25), near.northing + rng.randint(-25, 25)
        rows.append(
            [
                f"FT{2500000 + n}",
                dmy(reported),
                dmy(cleared),
                rng.choice(["Web form", "Phone", "Crew"]),
                waste,
                size,
                land,
                f"{rng.choice(['Outside', 'Rear of', 'Lane behind'])} {near.address}",
                near.street,
                near.town,
                near.ward_name,
                e,
                nn,
                reporter,
                mobile(rng) if reporter else "",
                action,
                offender,
                f"{cost * rng.uniform(0.7, 1.3):.2f}",
            ]
        )
    write(
        source("fly-tipping-incidents", "env_services_flytipping_export.csv"),
        [
            "Incident Ref",
            "Date Reported",
            "Date Cleared",
            "Reported Via",
            "Waste Type",
            "Size",
            "Land Type",
            "Location",
            "Street",
            "Town",
            "Ward",
            "Easting",
            "Northing",
            "Reporter Name",
            "Reporter Phone",
            "Enforcement Action",
            "Offender Name",
            "Clearance Cost",
        ],
        rows,
    )

    def centre(v: int) -> int:
        return v // 100 * 100 + 50

    write(
        source("fly-tipping-incidents", "fly_tipping_incidents.csv"),
        ["Incident_Ref", "Waste_Type", "Size", "Date_Reported", "Easting", "Northing"],
        [
            [r[0], r[4], r[5], r[1][6:] + "-" + r[1][3:5] + "-" + r[1][:2], centre(r[11]), centre(r[12])]
            for r in rows
        ],
    )


def public_health_funerals() -> None:
    """Environmental health public health funerals register (Burial and Cremation (Scotland)
    Act 2016, section 87)."""
    rng = random.Random(2508)
    gaz = gazetteer.load()
    homes = gaz.residential()
    rows = []
    for n in range(48):
        home = rng.choice(homes)
        death = day_in_year(rng, YEAR_START, dt.date(2026, 3, 10))
        funeral = death + dt.timedelta(days=rng.randint(10, 40))
        born = death - dt.timedelta(days=rng.randint(40 * 365, 95 * 365))
        kind = rng.choices(["Cremation", "Burial"], [75, 25])[0]
        cost = rng.uniform(1400, 2200) if kind == "Cremation" else rng.uniform(2200, 3800)
        estate = rng.choice([0, 0, 0, 150, 800, 3500, 12000])
        kltr = "Y" if estate >= 3500 else "N"
        recovered = min(cost, estate) if estate and kltr == "N" else 0
        kin = rng.choice(["", "", f"{person(rng)} (nephew)", f"{person(rng)} (cousin)"])
        rows.append(
            [
                f"PHF/{2025 + (death.month < 4)}/{n + 1:03d}",
                rng.choice(FORENAMES),
                rng.choice(SURNAMES),
                dmy(born),
                dmy(death),
                rng.choice(
                    [
                        "Home address",
                        "University Hospital Wishaw",
                        "University Hospital Monklands",
                        "Care home",
                    ]
                ),
                f"{home.address}, {home.town}",
                home.postcode,
                home.ward_name,
                rng.choice(["M", "F"]),
                kin,
                mobile(rng) if kin else "",
                dmy(funeral),
                kind,
                "Daldowie Crematorium" if kind == "Cremation" else f"{home.town} Cemetery",
                f"{rng.choice(COMPANY_WORDS)} Funeral Directors",
                f"{cost:.2f}",
                f"{recovered:.2f}",
                f"{estate:.2f}",
                kltr,
            ]
        )
    write(
        source("public-health-funerals", "public_health_funerals_register.csv"),
        [
            "Case Ref",
            "Deceased Forename",
            "Deceased Surname",
            "Date of Birth",
            "Date of Death",
            "Place of Death",
            "Last Address",
            "Postcode",
            "Ward",
            "Sex",
            "Next of Kin",
            "Next of Kin Phone",
            "Funeral Date",
            "Funeral Type",
            "Crematorium/Cemetery",
            "Funeral Director",
            "Cost",
            "Costs Recovered",
            "Estate Value",
            "Referred to KLTR",
        ],
        rows,
    )


# -- people resources ------------------------------------------------------------------------
POSTS = [
    # (title, directorate, service, grade, scale min, scale max, named in the remuneration report)
    ("Chief Executive", "Chief Executive's Office", "Chief Executive's Office", "CEX", 168000, 176000, True),
    (
        "Depute Chief Executive",
        "Chief Executive's Office",
        "Chief Executive's Office",
        "CO1",
        140000,
        148000,
        True,
    ),
    (
        "Chief Officer (Finance)",
        "Chief Executive's Office",
        "Financial Solutions",
        "CO2",
        120000,
        128000,
        True,
    ),
    (
        "Chief Officer (Legal and Democratic)",
        "Chief Executive's Office",
        "Legal and Democratic",
        "CO2",
        120000,
        128000,
        True,
    ),
    (
        "Chief Officer (People Resources)",
        "Chief Executive's Office",
        "People Resources",
        "CO2",
        120000,
        128000,
        True,
    ),
    (
        "Executive Director (Enterprise and Communities)",
        "Enterprise and Communities",
        "Directorate",
        "CO1",
        140000,
        148000,
        True,
    ),
    (
        "Executive Director (Education, Children and Families)",
        "Education, Children and Families",
        "Directorate",
        "CO1",
        140000,
        148000,
        True,
    ),
    (
        "Chief Officer (Adult Health and Social Care)",
        "Adult Health and Social Care",
        "Directorate",
        "CO1",
        140000,
        148000,
        True,
    ),
    (
        "Chief Social Work Officer",
        "Education, Children and Families",
        "Social Work",
        "CO3",
        105000,
        112000,
        True,
    ),
    ("Chief Officer (Housing)", "Enterprise and Communities", "Housing", "CO3", 105000, 112000, False),
    (
        "Chief Officer (Roads and Transportation)",
        "Enterprise and Communities",
        "Roads and Transportation",
        "CO3",
        105000,
        112000,
        False,
    ),
    (
        "Chief Officer (Waste Solutions)",
        "Enterprise and Communities",
        "Waste Solutions",
        "CO3",
        105000,
        112000,
        False,
    ),
    (
        "Chief Officer (Planning and Regulation)",
        "Enterprise and Communities",
        "Planning and Regulation",
        "CO3",
        105000,
        112000,
        False,
    ),
    (
        "Chief Officer (Education)",
        "Education, Children and Families",
        "Education",
        "CO3",
        105000,
        112000,
        False,
    ),
    (
        "Chief Officer (Business Solutions)",
        "Chief Executive's Office",
        "Business Solutions",
        "CO3",
        105000,
        112000,
        False,
    ),
]
HEAD_OF_SERVICE = [
    "Revenues and Benefits",
    "Procurement",
    "Audit and Risk",
    "Environmental Health",
    "Parking",
    "Schools Estate",
    "Property",
    "Communications",
    "Digital",
    "Customer Services",
    "Employability",
    "Children's Services",
    "Justice Services",
    "Fleet",
    "Greenspace",
]


def senior_salaries() -> None:
    """HR establishment extract: posts on chief officer and head of service grades."""
    rng = random.Random(2509)
    posts = list(POSTS)
    for s in HEAD_OF_SERVICE:
        posts.append((f"Head of {s}", "Enterprise and Communities", s, "HOS", 82000, 90000, False))
    rows = []
    for n, (title, directorate, service, grade, low, high, named) in enumerate(posts):
        vacant = not named and rng.random() < 0.1
        holder = "" if vacant else person(rng)
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 9000))
        ni = (
            ""
            if vacant
            else f"Q{rng.choice('ABCEGHJKLMNPRSTWXYZ')}{rng.randint(100000, 999999)}{rng.choice('ABCD')}"
        )
        salary = "" if vacant else f"{rng.randrange(low, high + 1, 1000):.2f}"
        rows.append(
            [
                f"POST{5000 + n}",
                title,
                directorate,
                service,
                grade,
                f"{low:.2f}",
                f"{high:.2f}",
                "1.00",
                "" if vacant else f"E{rng.randint(100000, 999999)}",
                holder,
                dmy(born) if holder else "",
                ni,
                salary,
                "Y" if named else "N",
                "Y" if vacant else "N",
            ]
        )
    write(
        source("senior-officer-salaries", "hr_establishment_extract.csv"),
        [
            "Post ID",
            "Post Title",
            "Directorate",
            "Service",
            "Grade",
            "Scale Minimum",
            "Scale Maximum",
            "FTE",
            "Employee No",
            "Employee Name",
            "Date of Birth",
            "NI Number",
            "Actual Salary",
            "Named in Remuneration Report",
            "Vacant",
        ],
        rows,
    )


# -- housing ---------------------------------------------------------------------------------
STOCK_TYPES = [
    ("House", 38),
    ("Cottage flat", 14),
    ("Tenement flat", 18),
    ("Four-in-a-block", 14),
    ("Multi-storey flat", 10),
    ("Bungalow", 6),
]


def housing_stock() -> None:
    """Housing management system stock extract: one row per council-owned dwelling, with tenancy."""
    rng = random.Random(2510)
    gaz = gazetteer.load()
    homes = sorted(rng.sample(gaz.residential(), 2400), key=lambda a: a.uprn)
    rows = []
    for n, home in enumerate(homes):
        kind = rng.choices([t for t, _ in STOCK_TYPES], [w for _, w in STOCK_TYPES])[0]
        beds = (
            rng.choices([0, 1, 2, 3, 4], [3, 25, 45, 22, 5])[0] if kind != "Bungalow" else rng.choice([1, 2])
        )
        void = rng.random() < 0.03
        tenant = "" if void else person(rng, title=True)
        joint = "" if void or rng.random() < 0.7 else person(rng, title=True)
        rows.append(
            [
                f"HP{100000 + n}",
                home.uprn,
                home.address,
                home.town,
                home.postcode,
                home.ward_code,
                home.ward_name,
                kind,
                beds,
                rng.choice([1935, 1950, 1962, 1968, 1975, 1990, 2012, 2021]),
                f"{70 + beds * 9 + rng.uniform(-3, 3):.2f}",
                "" if void else f"T{500000 + n}",
                tenant,
                joint,
                "" if void else dmy(dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 12800))),
                "Y" if void else "N",
                "Y" if kind == "Bungalow" and rng.random() < 0.4 else "N",
            ]
        )
    write(
        source("council-housing-stock", "housing_stock_extract.csv"),
        [
            "Prop Ref",
            "UPRN",
            "Address",
            "Town",
            "Postcode",
            "Ward Code",
            "Ward",
            "Property Type",
            "Bedrooms",
            "Build Year",
            "Weekly Rent",
            "Tenancy Ref",
            "Tenant Name",
            "Joint Tenant Name",
            "Tenancy Start",
            "Void",
            "Sheltered",
        ],
        rows,
    )


GENERATORS: dict[str, Callable[[], None]] = {
    "council-spending-over-500": council_spending,
    "business-rates": business_rates,  # also writes empty-properties' source
    "empty-properties": business_rates,
    "contracts-register": contracts_register,
    "planning-applications": planning_applications,
    "road-defects": road_defects,
    "parking-penalty-charge-notices": parking_pcns,
    "fly-tipping-incidents": fly_tipping,
    "public-health-funerals": public_health_funerals,
    "senior-officer-salaries": senior_salaries,
    "council-housing-stock": housing_stock,
}


def main(names: Sequence[str] = (), root: Path = DATASETS) -> None:
    """Write the sample exports of ``names`` (all when none) under ``root``/<dataset>/source."""
    unknown = [n for n in names if n not in GENERATORS]
    if unknown:
        raise SystemExit(f"unknown dataset(s) {unknown}; choose from {', '.join(GENERATORS)}")
    OUT["root"] = Path(root)
    try:
        for fn in dict.fromkeys(GENERATORS[n] for n in (names or GENERATORS)):
            fn()
    finally:
        OUT["root"] = DATASETS


if __name__ == "__main__":
    main(sys.argv[1:])
