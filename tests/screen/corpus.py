"""The labelled corpus for the personal-data screen.

Personal values are generated (Faker for names, numbers from the Ofcom drama ranges and
made-up NI numbers) by two template sets: ``tuning``, which the detector was tuned on, and
``held_out``, written before it was first run and never tuned on (other templates, other
evasions, names from other Faker locales and the real councillor names of the Oxford
allowances files in ../shared/data, their titles removed). Non-personal values are the
text cells of every bundled dataset's source export and of every real file in
../shared/data.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from harvesters.encoding import detect_file

ROOT = Path(__file__).resolve().parents[2]
TOWNS = ["Airdrie", "Coatbridge", "Motherwell", "Wishaw", "Cumbernauld", "Bellshill", "Kilsyth", "Shotts"]
POSTCODES = ["ML6 1AB", "ML5 3QT", "ML1 2DR", "ML2 7EX", "G67 1BJ", "ML4 3HP", "G65 0AA", "ML7 4AG"]
STREET_TYPES_A = ["Street", "Road", "Avenue", "Drive", "Crescent", "Place", "Lane", "Court", "Gardens"]
STREET_TYPES_B = ["Terrace", "Wynd", "Grove", "Brae", "Loan", "View", "Square", "Rd", "St", "Ave"]


@dataclass(frozen=True)
class Item:
    """One labelled value: its text, the column heading it sits under, and what it is."""

    kind: str
    text: str
    header: str = "Notes"
    template: str = ""


def _people(locales: list[str], n: int, seed: int) -> list[tuple[str, str]]:
    fake = Faker(locales)
    fake.seed_instance(seed)
    out = []
    for _ in range(n):
        out.append((fake.first_name(), fake.last_name()))
    return out


def _phone(rng: random.Random) -> str:
    """A number from the ranges Ofcom keeps for drama (07700 900xxx, 01632 960xxx) or a
    local-looking landline."""
    return rng.choice(
        [
            f"07700900{rng.randint(0, 999):03d}",
            f"01632960{rng.randint(0, 999):03d}",
            f"01698{rng.randint(100000, 999999)}",
            f"01236{rng.randint(100000, 999999)}",
        ]
    )


def _nino(rng: random.Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    return first + second + "".join(rng.choice("0123456789") for _ in range(6)) + rng.choice("ABCD")


def tuning(n: int = 60, seed: int = 12) -> list[Item]:
    """The evasions of issue 12 and more, in the templates the detector was tuned on."""
    rng = random.Random(seed)
    items: list[Item] = []
    for first, last in _people(["en_GB"], n, seed):
        street = f"{_people(['en_GB'], 1, rng.randint(0, 10**6))[0][1]} {rng.choice(STREET_TYPES_A)}"
        num, town, pc = rng.randint(1, 250), rng.choice(TOWNS), rng.choice(POSTCODES)
        title = rng.choice(["Mr", "Mrs", "Ms", "Miss", "Dr"])
        local = f"{first}.{last}".lower()
        nino, phone = _nino(rng), _phone(rng)
        items += [
            Item("person-name", f"{first} {last}", "Name", "plain"),
            Item("person-name", f"{first} {last}".upper(), "Name", "upper"),
            Item("person-name", f"{last}, {first}", "Name", "surname-comma"),
            Item("person-name", f"{title} {first} {last}", "Occupier", "titled"),
            Item("person-name", f"{title} {last}", "Notes", "title-surname"),
            Item("person-name", f"{title} {first} {last}, {num} {street}, {town} {pc}", "Notes", "in-text"),
            Item("person-name", f"Complaint from {first} {last} about the bins", "Notes", "cue"),
            Item("address", f"{num} {street}, {town}", "Notes", "house-number"),
            Item("address", f"Flat {rng.randint(0, 3)}/{rng.randint(1, 2)}, {num} {street}", "Notes", "flat"),
            Item("email", f"{local}@gmail.com", "Contact", "plain"),
            Item("email", f"{local} at gmail dot com", "Contact", "at-dot"),
            Item("email", f"{local}[at]gmail.com", "Contact", "bracket-at"),
            Item("email", f"{local}(at)hotmail.co.uk", "Contact", "paren-at"),
            Item("email", f"{local}\uff20gmail.com", "Contact", "fullwidth-at"),
            Item(
                "email",
                f"{first[0].lower()}{last.lower()}@northlanarkshire.gov.uk",
                "Contact",
                "council-personal",
            ),
            Item("email", f"{local}@northlan.gov.uk", "Contact", "council-personal"),
            Item("national-insurance-number", nino, "Ref", "plain"),
            Item("national-insurance-number", nino.lower(), "Ref", "lower"),
            Item(
                "national-insurance-number",
                f"{nino[:2]}-{nino[2:4]}-{nino[4:6]}-{nino[6:8]}-{nino[8]}",
                "Ref",
                "dashed",
            ),
            Item(
                "national-insurance-number",
                f"{nino[:2]} {nino[2:4]} {nino[4:6]} {nino[6:8]} {nino[8]}",
                "Ref",
                "spaced",
            ),
            Item("phone", f"{phone[:5]} {phone[5:]}", "Phone", "plain"),
            Item("phone", f"{phone[:5]}.{phone[5:8]}.{phone[8:]}", "Phone", "dotted"),
            Item("phone", f"+44 {phone[1:5]} {phone[5:]}", "Phone", "plus44"),
            Item("phone", f"call {phone[:5]}-{phone[5:8]}-{phone[8:]} after 5", "Notes", "in-text"),
            Item("phone", f"({phone[:5]}) {phone[5:]}", "Phone", "brackets"),
        ]
    dates = ["1984-03-02", "02/03/1984", "2 March 1984"]
    for header in (
        "DateOfBirth",
        "date_of_birth",
        "Birth_Date",
        "DOB",
        "D.O.B.",
        "Date of birth",
        "BirthDate",
    ):
        items.append(Item("date-of-birth", rng.choice(dates), header, "header"))
    for header in ("NINumber", "ni_number", "National Insurance No"):
        items.append(Item("national-insurance-number", "on file", header, "header"))
    return items


def held_out(n: int = 60, seed: int = 99) -> list[Item]:
    """Other templates and evasions, never tuned on."""
    rng = random.Random(seed)
    items: list[Item] = []
    people = _people(["en_IE", "en_US", "pl_PL", "de_DE", "fr_FR", "it_IT"], n, seed)
    for (first, last), (first2, last2) in zip(people, people[1:] + people[:1], strict=True):
        street = f"{last2} {rng.choice(STREET_TYPES_B)}"
        num, town = rng.randint(1, 250), rng.choice(TOWNS)
        local = f"{first}_{last}{rng.randint(1, 99)}".lower()
        nino, phone = _nino(rng), _phone(rng)
        items += [
            Item("person-name", f"Reported by {first} {last} (resident)", "Comments", "reported-by"),
            Item("person-name", f"{last.upper()}, {first.upper()}", "Customer", "upper-comma"),
            Item("person-name", f"{first} {first2} {last}", "Details", "middle-name"),
            Item("person-name", f"{first} {last}-{last2}", "Details", "double-barrelled"),
            Item("person-name", f"Name: {first} {last}", "Details", "labelled"),
            Item("person-name", f"{first.lower()} {last.lower()}", "Details", "lower"),
            Item("person-name", f"Letter sent to {first} {last} on 3 May", "Comments", "letter"),
            Item("address", f"{num}/{rng.randint(1, 3)} {street}", "Comments", "slash-number"),
            Item("address", f"Flat 0/{rng.randint(1, 3)} {num} {street} {town}", "Comments", "flat-no-comma"),
            Item("email", f"{local}@yahoo.co.uk", "Details", "underscore"),
            Item("email", f"{first}.{last} {{at}} outlook {{dot}} com".lower(), "Details", "braces"),
            Item(
                "email",
                f"{first}{last} AT gmail DOT com".lower().replace(" at ", " AT "),
                "Details",
                "caps-at",
            ),
            Item("email", f"{first.lower()}.{last.lower()}\ufe6bgmail.com", "Details", "small-at"),
            Item("email", f"{first.lower()}\u200b.{last.lower()}@gmail.com", "Details", "zero-width"),
            Item("email", f"{first.lower()}@gm\u0430il.com", "Details", "cyrillic-a"),
            Item("email", f"{first.lower()}.{last.lower()}@culturenl.co.uk", "Details", "council-personal"),
            Item(
                "national-insurance-number",
                f"{nino[:2].lower()} {nino[2:8]} {nino[8].lower()}",
                "Details",
                "lower-spaced",
            ),
            Item(
                "national-insurance-number",
                f"{nino[:2]}/{nino[2:4]}/{nino[4:6]}/{nino[6:8]}/{nino[8]}",
                "Details",
                "slashed",
            ),
            Item(
                "national-insurance-number", f"NI no. {nino[:2]}.{nino[2:8]}.{nino[8]}", "Details", "dotted"
            ),
            Item("phone", f"{phone[:5]} {phone[5:8]} {phone[8:]}", "Details", "three-groups"),
            Item("phone", f"+44{phone[1:]}", "Details", "plus44-joined"),
            Item("phone", f"+44-{phone[1:5]}-{phone[5:]}", "Details", "plus44-dashed"),
            Item("phone", f"0044 {phone[1:5]} {phone[5:]}", "Details", "0044"),
            Item("phone", f"tel:{phone}", "Details", "tel-prefix"),
        ]
    for header in ("dateOfBirth", "DoB", "date-of-birth", "PersonDOB", "d_o_b", "BIRTH_DATE", "Birthday"):
        items.append(Item("date-of-birth", "1990-07-14", header, "header"))
    for row in _oxford_names():
        items.append(Item("person-name", row, "Member", "real-councillor"))
    return items


def _oxford_names() -> list[str]:
    """Real names (public office holders) from the Oxford allowances files, title removed."""
    from tests.shared_data import require

    folder = require("councillor_allowances_oxford")  # a failure saying what to fetch if missing
    names: set[str] = set()
    for path in sorted(folder.glob("*.csv")):
        for row in read_csv(path)[1:]:
            if row and row[0].strip():
                names.add(row[0].replace("Councillor", "").replace("Cllr", "").strip())
    if not names:
        raise AssertionError(f"{folder}: no councillor names read from its CSV files")
    return sorted(names)


# --- real, non-personal data ---------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding=detect_file(path)) as fh:
        return list(csv.reader(fh))


def read_table(path: Path) -> Iterator[tuple[str, list[str], list[list[str]]]]:
    """(part, header, rows) of the text in a data file: CSV, XLSX sheets, GeoJSON and
    shapefile attributes."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = read_csv(path)
        if rows:
            yield path.name, rows[0], rows[1:]
    elif suffix in (".xlsx", ".xlsm"):
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in book.worksheets:
            rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
            if rows:
                yield f"{path.name}[{ws.title}]", rows[0], rows[1:]
        book.close()
    elif suffix in (".geojson", ".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data.get("features") if isinstance(data, dict) else None
        records = data.get("dcat:dataset") if isinstance(data, dict) else None
        if records:  # a DCAT catalogue: each dataset's text, flattened
            flat = [_flatten(r) for r in records]
            header = sorted({k for f in flat for k in f})
            yield path.name, header, [[f.get(k, "") for k in header] for f in flat]
        if feats:
            header = sorted({k for f in feats for k in (f.get("properties") or {})})
            rows = [
                [
                    "" if (f.get("properties") or {}).get(k) is None else str(f["properties"][k])
                    for k in header
                ]
                for f in feats
            ]
            yield path.name, header, rows
    elif suffix == ".shp":
        import pyogrio

        df = pyogrio.read_dataframe(path, read_geometry=False)
        yield (
            path.name,
            [str(c) for c in df.columns],
            [["" if v is None else str(v) for v in r] for r in df.itertuples(index=False)],
        )


def _flatten(value: object, prefix: str = "") -> dict[str, str]:
    """The text leaves of a JSON value by dotted key (lists joined by line breaks)."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list):
        for v in value:
            for k, text in _flatten(v, prefix).items():
                out[k] = f"{out[k]} | {text}" if k in out else text
    elif isinstance(value, str):
        out[prefix] = value
    return out


def bundled_tables() -> Iterator[tuple[str, str, list[str], list[list[str]], set[str]]]:
    """(dataset, resource, fields, rows, allowed fields) of every bundled dataset as it is
    published: its source export extracted and transformed by the harvester."""
    import tempfile

    from harvesters import transform
    from harvesters.definition import discover, load_definition
    from harvesters.sources import make_source

    with tempfile.TemporaryDirectory(prefix="nlc-screen-corpus-") as tmp:
        for folder in discover(ROOT / "datasets"):
            defn = load_definition(folder)
            for res in defn.resources:
                work = Path(tmp) / defn.name / res.slug
                source = make_source(res.source, defn.folder, origin=str(defn.file), work_dir=work)
                out = transform.apply(source.extract(), res.transform, res.schema, origin=str(defn.file))
                rows = [["" if v is None else str(v) for v in r] for r in out.rows]
                yield f"datasets/{defn.name}", res.name, list(out.fields), rows, set(defn.allow)


def shared_tables() -> Iterator[tuple[str, str, list[str], list[list[str]], set[str]]]:
    """(dataset, file, header, rows, columns of people published on purpose) of every real
    data file in ../shared/data (the DCAT SHACL shapes are not data)."""
    from tests.shared_data import shared_data_dir

    for folder in sorted(p for p in shared_data_dir().iterdir() if p.is_dir()):
        if "shacl" in folder.name:
            continue
        # the Oxford files name their councillors (public office holders) in the first column
        expected = {"Name", "Column"} if folder.name == "councillor_allowances_oxford" else set()
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".csv", ".xlsx", ".geojson", ".shp", ".json"):
                for part, header, rows in read_table(path):
                    yield f"shared/{folder.name}", part, header, rows, expected


def fresh(n: int = 60, seed: int = 2026) -> list[Item]:
    """A third template set, written after the first held-out run and run only once the
    detector was final: other contexts, evasions and name locales again."""
    rng = random.Random(seed)
    items: list[Item] = []
    people = _people(["en_NZ", "nl_NL", "es_ES", "ga_IE", "lt_LT"], n, seed)
    for first, last in people:
        num, town = rng.randint(1, 250), rng.choice(TOWNS)
        stem = rng.choice(["Main", "Bank", "Mill", "Kirk", "Glen", last])
        street = f"{stem} {rng.choice(STREET_TYPES_A + STREET_TYPES_B)}"
        nino, phone = _nino(rng), _phone(rng)
        lf, ll = first.lower(), last.lower()
        items += [
            Item("person-name", f"Parent: {first} {last}", "Remarks", "parent"),
            Item("person-name", f"FAO {first} {last}", "Remarks", "fao"),
            Item("person-name", f"c/o {first} {last}, {town}", "Remarks", "care-of"),
            Item("person-name", f"{first} {last} (aged {rng.randint(20, 90)})", "Remarks", "aged"),
            Item("person-name", f"{first} {last}'s garden wall", "Remarks", "possessive"),
            Item(
                "person-name",
                f"{rng.choice(['Mr.', 'Mrs.', 'Dr.'])} {first} {last}",
                "Remarks",
                "dotted-title",
            ),
            Item("address", f"{num}, {street}, {town}", "Remarks", "comma-number"),
            Item("address", f"{num}A {street}", "Remarks", "letter-suffix"),
            Item("address", f"Flat 2-1, {num} {street}", "Remarks", "flat-dash"),
            Item("email", f"{lf}.{ll}@btinternet.com", "Remarks", "isp"),
            Item("email", f"{lf} [dot] {ll} [at] gmail [dot] com", "Remarks", "bracket-words"),
            Item(
                "email",
                f"{lf}.{ll}@\uff27\uff2d\uff21\uff29\uff2c.\uff23\uff2f\uff2d",
                "Remarks",
                "fullwidth-domain",
            ),
            Item("email", f"mailto:{lf}@icloud.com", "Remarks", "mailto"),
            Item("email", f"{first[0]}.{last}@NORTHLANARKSHIRE.GOV.UK".upper(), "Remarks", "council-upper"),
            Item("national-insurance-number", f"NINO: {nino}", "Remarks", "labelled"),
            Item(
                "national-insurance-number",
                f"{nino[:2]} {nino[2:5]} {nino[5:8]} {nino[8]}",
                "Remarks",
                "triples",
            ),
            Item("phone", f"mob {phone}", "Remarks", "joined"),
            Item("phone", f"+44 (0) {phone[1:5]} {phone[5:8]} {phone[8:]}", "Remarks", "plus44-zero"),
            Item("phone", f"{phone[:5]} {phone[5:]} ext 22", "Remarks", "extension"),
        ]
    for header in (
        "DateofBirth",
        "DOB_Client",
        "Date Of Birth (DD/MM/YYYY)",
        "ClientBirthDate",
        "date.of.birth",
    ):
        items.append(Item("date-of-birth", "14/07/1990", header, "header"))
    return items
