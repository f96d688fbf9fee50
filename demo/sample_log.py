"""A deterministic, realistic sample FOI case log (no real personal data).

Volumes follow what North Lanarkshire Council reported to the Scottish
Information Commissioner for 2019 (1,357 FOISA and 279 EIR requests); titles
come from per-topic templates with the council's commonest subjects (council
tax bands, business rates, councillor expenses, public toilets...) near the
top, plus a third of miscellany no topic covers. The export carries FICTIONAL
requester names, example.org emails, Ofcom drama-range phone numbers and
invented addresses, so the import's dropping of personal data is exercised.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

FOISA_TOTAL = 1357
EIR_TOTAL = 279
AREAS = [
    "Motherwell",
    "Wishaw",
    "Airdrie",
    "Coatbridge",
    "Cumbernauld",
    "Bellshill",
    "Kilsyth",
    "Shotts",
    "Viewpark",
    "Uddingston",
    "Chryston",
    "Moodiesburn",
    "Newmains",
    "Harthill",
    "Caldercruix",
    "Stepps",
]
SUPPLIERS = [
    "Amey",
    "Capita",
    "CGI",
    "Balfour Beatty",
    "Veolia",
    "Microsoft",
    "Kier",
    "Morgan Sindall",
    "Sodexo",
    "Enterprise Rent-A-Car",
    "Barclaycard",
    "Hays",
]
STREETS = [
    "Main Street",
    "Glasgow Road",
    "Hamilton Road",
    "Merry Street",
    "Graham Street",
    "Bank Street",
    "Station Road",
    "Stirling Road",
]
SCHOOLS = [
    "Dalziel High School",
    "Braidhurst High School",
    "St Aidan's High School",
    "Caldervale High School",
    "Airdrie Academy",
    "Coatbridge High School",
    "Greenfaulds High School",
    "St Maurice's High School",
]
# topic -> (requests a year, regime, templates)
TOPICS: dict[str, tuple[int, str, list[str]]] = {
    "council-tax-bands": (
        95,
        "FOISA",
        [
            "Number of properties in each council tax band",
            "Council tax bands for properties in {area}",
            "Number of band D properties {fy}",
            "Council tax charges by band for {fy}",
            "Breakdown of dwellings by council tax band and ward",
            "Council tax band increases {fy}",
        ],
    ),
    "business-rates": (
        85,
        "FOISA",
        [
            "Business rates accounts with a credit balance",
            "Non-domestic rates credits over £{amount}",
            "List of businesses receiving small business bonus scheme relief",
            "Rateable values of commercial properties in {area}",
            "Business rates list including occupier names",
            "New business rates accounts opened since {month} {year}",
        ],
    ),
    "councillor-expenses": (
        80,
        "FOISA",
        [
            "Councillor expenses {fy}",
            "Expenses claimed by each councillor in {year}",
            "Councillors' mileage and travel claims {fy}",
            "Total councillor allowances and expenses {fy}",
            "Hospitality and gifts declared by councillors",
            "Councillor expense claims for overnight stays",
        ],
    ),
    "council-spending": (
        75,
        "FOISA",
        [
            "Spending over £500 for {month} {year}",
            "Payments to {supplier} in {fy}",
            "How much has the council spent on agency staff since {year}",
            "Council expenditure on consultants {fy}",
            "Amount spent on taxis and private hire in {fy}",
            "Purchase card spending {fy}",
        ],
    ),
    "public-toilets": (
        78,
        "FOISA",
        [
            "Public toilet locations and opening hours",
            "Number of public toilets closed since {year}",
            "Public conveniences in {area}",
            "Changing Places toilets in North Lanarkshire",
            "Cost of running public toilets {fy}",
        ],
    ),
    "schools": (
        70,
        "FOISA",
        [
            "School rolls for every primary school",
            "Pupil numbers at {school}",
            "Capacity of secondary schools {year}",
            "Placing requests for {school} refused in {year}",
            "Class sizes in primary schools in {area}",
            "Number of pupils with additional support needs by school",
        ],
    ),
    "road-defects": (
        60,
        "EIR",
        [
            "Number of potholes reported in {year}",
            "Pothole damage claims paid {fy}",
            "Road defects on {street}, {area}",
            "Carriageway defects reported and repaired in {year}",
            "Inspection records for potholes on {street}",
        ],
    ),
    "housing-stock": (
        60,
        "FOISA",
        [
            "Number of council houses by number of bedrooms",
            "Council housing stock in {area}",
            "Housing waiting list numbers {year}",
            "Void council properties and relet times",
            "Right to buy sales since {year}",
            "Council tenants with damp and mould reported in {year}",
        ],
    ),
    "contracts-register": (
        55,
        "FOISA",
        [
            "Contracts register",
            "Contracts awarded to {supplier}",
            "Current contract for IT services and expiry date",
            "Contract value for {supplier} contract",
            "Tenders for school transport {year}",
        ],
    ),
    "empty-properties": (
        55,
        "FOISA",
        [
            "List of empty commercial properties",
            "Empty homes in {area}",
            "Long term empty properties {year}",
            "Vacant business premises and owners",
            "Empty property relief claimed {fy}",
        ],
    ),
    "parking-penalties": (
        50,
        "FOISA",
        [
            "Number of parking tickets issued in {year}",
            "Penalty charge notices issued on {street}",
            "PCN appeals and cancellations {fy}",
            "Income from parking fines {fy}",
            "Parking enforcement in {area}",
        ],
    ),
    "planning-applications": (
        50,
        "EIR",
        [
            "Planning applications received in {year}",
            "Planning permission for development at {street}, {area}",
            "Planning applications refused in {year}",
            "Planning enforcement complaints in {area}",
            "Wind farm planning applications since {year}",
        ],
    ),
    "senior-salaries": (
        45,
        "FOISA",
        [
            "Senior officer salaries {fy}",
            "Number of staff earning over £{amount}",
            "Chief Executive salary {fy}",
            "Salaries of heads of service",
            "Senior management pay {year}",
        ],
    ),
    "fly-tipping": (
        45,
        "EIR",
        [
            "Fly-tipping incidents in {year}",
            "Fly tipping reports in {area}",
            "Cost of clearing fly-tipping {fy}",
            "Fixed penalty notices for fly-tipping {year}",
            "Illegal dumping on council land in {area}",
        ],
    ),
    "bin-collections": (
        40,
        "EIR",
        [
            "Missed bin collections {year}",
            "Garden waste collection charges",
            "Recycling rates {fy}",
            "Bin collection days in {area}",
            "Bulky uplift requests {year}",
        ],
    ),
    "public-health-funerals": (
        35,
        "FOISA",
        [
            "Public health funerals {year}",
            "Public health funerals since {year} with estate details",
            "Cost of public health funerals {fy}",
            "National assistance funerals carried out in {year}",
        ],
    ),
    "school-term-dates": (
        25,
        "FOISA",
        [
            "School term dates {sy}",
            "School holiday dates {sy}",
            "In-service days {sy}",
            "Easter and summer holiday dates {year}",
        ],
    ),
    "libraries": (
        25,
        "FOISA",
        [
            "Library opening hours",
            "Library visits per branch {year}",
            "Planned library closures in {area}",
            "Number of books borrowed from libraries {fy}",
        ],
    ),
    "wards-councillors": (
        20,
        "FOISA",
        [
            "List of councillors by ward and party",
            "Ward boundaries map",
            "Which councillors represent {area}",
        ],
    ),
    "polling-districts": (
        15,
        "FOISA",
        [
            "Polling districts and polling places",
            "Polling stations in {area}",
            "Review of polling places {year}",
        ],
    ),
    "listed-buildings": (
        15,
        "EIR",
        [
            "Listed buildings owned by the council",
            "Category B listed buildings in {area}",
            "Listed building consent applications {year}",
        ],
    ),
    "tree-preservation-orders": (
        14,
        "EIR",
        [
            "Tree preservation orders in {area}",
            "TPOs made since {year}",
            "Protected trees on {street}, {area}",
        ],
    ),
    "museums-galleries": (
        12,
        "FOISA",
        [
            "Visitor numbers at Summerlee Museum {year}",
            "Museum collection items from {area}",
            "Exhibitions at council museums {year}",
        ],
    ),
    "conservation-areas": (
        12,
        "EIR",
        ["Conservation areas map", "Conservation area appraisal for {area}", "Conservation areas in {area}"],
    ),
    "first-stop-shops": (
        10,
        "FOISA",
        ["First Stop Shop opening hours", "Visits to First Stop Shops {year}", "First Stop Shop in {area}"],
    ),
}
MISC_FOISA = [
    "Staff sickness absence {fy}",
    "Number of cyber security incidents {year}",
    "Use of drones by the council",
    "Grants to community groups in {area} {fy}",
    "Agency social workers employed {year}",
    "Number of looked after children {year}",
    "Pension fund investments in fossil fuels",
    "Correspondence about the {area} town centre regeneration",
    "Staff disciplinary cases {year}",
    "Taxi and private hire licences issued {year}",
    "Number of blue badge applications refused {year}",
    "Homelessness applications {fy}",
    "Number of employees on zero hours contracts",
    "CCTV cameras in {area}",
    "Equal pay claims settled",
    "Use of artificial intelligence in council services",
    "Stray dogs collected {year}",
    "Complaints received about the council {fy}",
    "Whistleblowing reports {year}",
    "Trade union facility time",
    "Mobile phones issued to staff",
    "IT systems used by social work",
    "Number of ukrainian refugees supported",
    "Clothing grant applications {year}",
    "Adult social care waiting times",
    "Council flag flying policy",
    "Number of FOI requests received {year}",
    "Grass cutting schedule for {area}",
    "Gritting routes in {area}",
    "Number of marriages and civil partnerships {year}",
]
MISC_EIR = [
    "Air quality monitoring results for {area}",
    "Noise complaints in {area} {year}",
    "Japanese knotweed on council land",
    "Contaminated land register",
    "Flooding incidents in {area} {year}",
    "Street lighting energy use {fy}",
    "Electric vehicle charging points",
    "Pesticide and glyphosate use in parks",
    "Energy use of council buildings {fy}",
    "Allotment waiting lists",
    "Dog fouling complaints in {area}",
    "Carbon emissions of the council fleet",
]
SEASONAL = {"council-tax-bands": (2, 3, 4), "school-term-dates": (6, 7, 8)}
FOISA_OUTCOMES = [
    ("Information released in full", 604),
    ("Information partially released", 383),
    ("Information not released", 216),
    ("Information not held", 142),
    ("Refused - excessive cost", 83),
    ("Withdrawn", 16),
]
EIR_OUTCOMES = [
    ("Information released in full", 106),
    ("Information partially released", 128),
    ("Information not released", 22),
    ("Information not held", 26),
    ("Refused - excessive cost", 25),
]
FOISA_EXEMPTIONS = [
    "s25 Otherwise accessible",
    "s38(1)(b) Personal information",
    "s30(c) Prejudice to conduct of " "public affairs",
    "s33(1)(b) Commercial interests",
    "s35(1)(a) Law enforcement",
]
EIR_EXCEPTIONS = [
    "Reg 6(1)(b) Publicly available",
    "Reg 11(2) Personal data",
    "Reg 10(4)(a) Not held",
    "Reg 10(5)(e) Commercial confidentiality",
]
FIRST = ["Alex", "Sam", "Jordan", "Morgan", "Casey", "Robin", "Jamie", "Drew", "Kerry", "Lindsay"]
LAST = ["Example", "Sample", "Placeholder", "Fictional", "Testcase", "Madeup", "Specimen", "Dummy"]
TYPES = ["Individual", "Media", "Business", "Campaign group", "Elected representative", "Researcher"]
CSV_HEADINGS = [
    "Case Reference",
    "Date Received",
    "Requester Name",
    "Requester Email",
    "Requester Address",
    "Requester Phone",
    "Requester Type",
    "Request Summary",
    "Service",
    "Legislation",
    "Outcome",
    "Exemptions Applied",
    "Date Responded",
    "Case Officer Notes",
]
XLSX_HEADINGS = [
    "Ref No",
    "Received On",
    "Applicant",
    "Email Address",
    "Postal Address",
    "Telephone",
    "Request",
    "Directorate",
    "Decision",
    "Exemptions / Exceptions",
    "Response Sent",
]
SERVICES = {
    "council-tax-bands": "Finance",
    "business-rates": "Finance",
    "council-spending": "Finance",
    "contracts-register": "Finance",
    "empty-properties": "Finance",
    "councillor-expenses": "Democratic Services",
    "wards-councillors": "Democratic Services",
    "polling-districts": "Democratic Services",
    "public-toilets": "Environmental Services",
    "fly-tipping": "Environmental Services",
    "bin-collections": "Environmental Services",
    "public-health-funerals": "Environmental Services",
    "schools": "Education and Families",
    "school-term-dates": "Education and Families",
    "road-defects": "Roads and Transportation",
    "parking-penalties": "Roads and Transportation",
    "planning-applications": "Planning and Regulation",
    "listed-buildings": "Planning and Regulation",
    "tree-preservation-orders": "Planning and Regulation",
    "conservation-areas": "Planning and Regulation",
    "housing-stock": "Housing",
    "senior-salaries": "People Resources",
    "libraries": "Culture and Leisure",
    "museums-galleries": "Culture and Leisure",
    "first-stop-shops": "Customer Services",
}
MISC_SERVICES = [
    "Social Work",
    "People Resources",
    "Chief Executive's Office",
    "Digital and IT",
    "Education and " "Families",
    "Environmental Services",
    "Housing",
    "Finance",
]


def _fill(template: str, rng: random.Random, received: dt.date) -> str:
    year = rng.randint(received.year - 5, received.year)
    fy = f"{year - 1}/{str(year)[2:]}"
    sy = f"{received.year}/{str(received.year + 1)[2:]}"
    return template.format(
        area=rng.choice(AREAS),
        year=year,
        fy=fy,
        sy=sy,
        supplier=rng.choice(SUPPLIERS),
        street=rng.choice(STREETS),
        school=rng.choice(SCHOOLS),
        amount=rng.choice(["500", "1,000", "100,000", "80,000", "150,000"]),
        month=rng.choice(["January", "March", "June", "September", "November"]),
    )


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _date(rng: random.Random, start: dt.date, days: int, topic: str | None) -> dt.date:
    months = SEASONAL.get(topic or "")
    while True:
        day = start + dt.timedelta(days=rng.randrange(days))
        if day.weekday() < 5 and (not months or day.month in months or rng.random() < 0.45):
            return day


def generate_sample(
    end: dt.date, *, seed: int = 2019, foisa: int = FOISA_TOTAL, eir: int = EIR_TOTAL
) -> list[dict[str, Any]]:
    """Sample requests received in the 12 months to ``end``: the stored fields plus
    fake requester data and the topic each title was drawn for (``expected_topic``)."""
    rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not secrets
    days = 365
    start = end - dt.timedelta(days=days - 1)
    plan: list[tuple[str | None, str, str]] = []
    for topic, (count, regime, templates) in TOPICS.items():
        scaled = round(count * (foisa + eir) / (FOISA_TOTAL + EIR_TOTAL))
        plan += [(topic, regime, templates[i % len(templates)]) for i in range(scaled)]
    misc_foisa = foisa - sum(1 for p in plan if p[1] == "FOISA")
    misc_eir = eir - sum(1 for p in plan if p[1] == "EIR")
    if misc_foisa < 0 or misc_eir < 0:
        raise ValueError("totals too small for the topic volumes")
    plan += [(None, "FOISA", MISC_FOISA[i % len(MISC_FOISA)]) for i in range(misc_foisa)]
    plan += [(None, "EIR", MISC_EIR[i % len(MISC_EIR)]) for i in range(misc_eir)]
    dated = sorted(
        ((_date(rng, start, days, t), t, r, tpl) for t, r, tpl in plan), key=lambda x: (x[0], x[3])
    )
    rows: list[dict[str, Any]] = []
    seq = {"FOISA": 0, "EIR": 0}
    for received, topic, regime, template in dated:
        seq[regime] += 1
        prefix = "EIR" if regime == "EIR" else "FOI"
        title = _fill(template, rng, received)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first}.{last}{rng.randint(1, 99)}@example.org".lower()
        phone = (
            f"07700 900{rng.randint(0, 999):03d}"
            if rng.random() < 0.6
            else f"01632 960{rng.randint(0, 999):03d}"
        )
        tree = rng.choice(["Rowan", "Birch", "Hazel", "Alder"])
        address = f"{rng.randint(1, 99)} {tree} Crescent, Sampletown ZZ9 9ZZ"
        if rng.random() < 0.03:
            title += rng.choice([f" - please reply to {email}", f" (call me on {phone})", f" near {address}"])
        outcomes = EIR_OUTCOMES if regime == "EIR" else FOISA_OUTCOMES
        outcome = _weighted(rng, outcomes)
        exemptions = ""
        if outcome in ("Information partially released", "Information not released"):
            exemptions = rng.choice(EIR_EXCEPTIONS if regime == "EIR" else FOISA_EXEMPTIONS)
        responded = received + dt.timedelta(days=rng.randint(3, 30))
        rows.append(
            {
                "reference": f"{prefix}/{received.year}/{seq[regime]:05d}",
                "received": received,
                "responded": responded if responded <= end else None,
                "title": title,
                "regime": regime,
                "service": SERVICES.get(topic or "", rng.choice(MISC_SERVICES)),
                "outcome": outcome,
                "exemptions": exemptions,
                "requester_name": f"{first} {last}",
                "requester_email": email,
                "requester_address": address,
                "requester_phone": phone,
                "requester_type": rng.choice(TYPES),
                "expected_topic": topic,
            }
        )
    return rows


def write_sample(path: Path | str, end: dt.date, **kwargs: Any) -> int:
    """Write the sample as a case-management CSV (casework-csv layout) or, for
    .xlsx, a tracker spreadsheet (tracker-xlsx layout). Returns the row count."""
    path = Path(path)
    rows = generate_sample(end, **kwargs)
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        ws = book.active
        ws.title = "Requests"
        ws.append(XLSX_HEADINGS)
        for r in rows:
            ws.append(
                [
                    r["reference"],
                    r["received"],
                    r["requester_name"],
                    r["requester_email"],
                    r["requester_address"],
                    r["requester_phone"],
                    r["title"],
                    r["service"],
                    r["outcome"],
                    r["exemptions"],
                    r["responded"],
                ]
            )
        book.save(path)
        return len(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_HEADINGS)
        for r in rows:
            writer.writerow(
                [
                    r["reference"],
                    r["received"].strftime("%d/%m/%Y"),
                    r["requester_name"],
                    r["requester_email"],
                    r["requester_address"],
                    r["requester_phone"],
                    r["requester_type"],
                    r["title"],
                    r["service"],
                    "EIR" if r["regime"] == "EIR" else "FOISA",
                    r["outcome"],
                    r["exemptions"],
                    r["responded"].strftime("%d/%m/%Y") if r["responded"] else "",
                    f"Case {r['reference']} logged and allocated to {r['service']}",
                ]
            )
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    """``python -m demo.sample_log --out FILE [--end YYYY-MM-DD] [--seed N]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m demo.sample_log", description=main.__doc__)
    parser.add_argument("--out", required=True, help="Output .csv (casework-csv) or .xlsx (tracker-xlsx).")
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="Last day of the 12 months (YYYY-MM-DD; default today).")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args(argv)
    count = write_sample(args.out, args.end, seed=args.seed)
    print(f"Wrote {count:,} sample requests to {args.out}")


if __name__ == "__main__":
    main()
