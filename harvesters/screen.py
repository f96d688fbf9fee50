"""Personal-data screen: block a resource whose columns or values look like personal data.

Checks, per column of the published table:

* person names in columns whose header says they hold people (occupier, requester,
  tenant, resident, applicant, claimant, councillor, member, owner, contact name, ...);
* email addresses other than council team mailboxes (a council domain and a local part
  that is not ``first.last``);
* phone numbers other than the council numbers listed in ``datasets/screen.yaml``;
* National Insurance numbers anywhere;
* dates of birth (a column headed date of birth / DOB / born).

A dataset definition may allow a field with a reason (``allow: [{field, reason}]``);
allowed fields are skipped and the reason is recorded. Each value check runs one
regular expression over the whole joined column, so large tables screen quickly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harvesters.table import Table, join_lines

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Each pattern starts with the characters a match can start with and checks what comes
# before them with a look-behind (not a leading assertion), so the regular expression
# engine skips ahead to those characters instead of trying every position: the same
# matches as "(?<![\w/.-])(?:\+44...|\(?0)..." and "\b(?!BG|GB|...)[A-CEGHJ-PR-TW-Z]...",
# about three times faster over a column (tests/harvesters/test_screen.py checks both).
PHONE_RE = re.compile(
    r"(?:\+(?<![\w/.-]\+)44\s?\(?0?\)?\s?|\((?<![\w/.-]\()0|0(?<![\w/.-]0))"
    r"\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/-])"
)
NINO_RE = re.compile(
    r"[A-CEGHJ-PR-TW-Z](?<!\w.)[A-CEGHJ-NPR-TW-Z](?<!BG|GB|KN|NK|NT|TN|ZZ) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
PERSON_HEADER_RE = re.compile(
    r"occupier|occupant|requester|requestor|tenant|resident|applicant|claimant|complainant|"
    r"councill?or|member name|owner name|landlord|contact name|contact person|customer|"
    r"forename|first name|firstname|surname|last name|lastname|full name|person|patient|pupil|child",
    re.I,
)
DOB_HEADER_RE = re.compile(r"\bdob\b|d\.o\.b|date of birth|birth ?date|born", re.I)
TITLE_RE = re.compile(r"^(mr|mrs|ms|miss|dr|cllr|councillor|sir|prof)\.?\s", re.I)
NAME_RE = re.compile(r"^[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]*\.?)*\s+(?:Mc|Mac|O')?[A-Z][A-Za-z'’-]+$")
PERSONAL_LOCAL_RE = re.compile(r"^[a-z]+[._-][a-z]+\d*$", re.I)

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "datasets" / "screen.yaml"


@dataclass
class ScreenConfig:
    """Council mailbox domains and the council phone numbers that may be published."""

    council_domains: list[str] = field(default_factory=lambda: ["northlanarkshire.gov.uk"])
    council_phones: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None = None) -> ScreenConfig:
        path = path or DEFAULT_CONFIG
        if not path.exists():
            return cls()
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            council_domains=[d.lower() for d in data.get("council_domains", ["northlanarkshire.gov.uk"])],
            council_phones={_digits(p) for p in data.get("council_phone_numbers", [])},
        )


@dataclass
class ScreenResult:
    status: str  # passed | failed
    findings: list[dict[str, Any]]
    allowed: dict[str, str]
    date: str

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "findings": self.findings, "allowed": self.allowed, "date": self.date}


def _digits(s: str) -> str:
    d = re.sub(r"\D", "", s)
    return "0" + d[2:] if d.startswith("44") else d


def _is_team_mailbox(addr: str, cfg: ScreenConfig) -> bool:
    local, _, domain = addr.lower().rpartition("@")
    if not any(domain == d or domain.endswith("." + d) for d in cfg.council_domains):
        return False
    return not PERSONAL_LOCAL_RE.match(local)


def _looks_like_person(value: str) -> bool:
    v = value.strip()
    return bool(TITLE_RE.match(v) or NAME_RE.match(v))


def _column_text(values: list[Any]) -> tuple[list[str], str]:
    """The column as strings with line breaks made spaces, and those joined by line breaks
    (so a match's row is its line). A column of strings without line breaks, the usual
    case, is used as it is."""
    joined = join_lines(values)
    if joined is not None:
        return values, joined
    col = ["" if v is None else str(v).replace("\n", " ") for v in values]
    return col, "\n".join(col)


def _row_of(joined: str, pos: int) -> int:
    return joined.count("\n", 0, pos)


def screen_table(
    table: Table,
    allow: dict[str, str] | None = None,
    cfg: ScreenConfig | None = None,
    *,
    resource: str = "",
    max_findings: int = 50,
) -> ScreenResult:
    """Screen ``table``; findings carry row (source row), field, kind and a masked example."""
    allow = allow or {}
    cfg = cfg or ScreenConfig.load()
    findings: list[dict[str, Any]] = []

    def add(kind: str, fname: str, idx: int | None, value: str, message: str) -> None:
        if len(findings) < max_findings:
            findings.append(
                {
                    "resource": resource,
                    "field": fname,
                    "kind": kind,
                    "row": table.source_row(idx) if idx is not None else None,
                    "example": _mask(value),
                    "message": message,
                }
            )

    for ci, fname in enumerate(table.fields):
        if fname in allow:
            continue
        col, joined = _column_text(table.values(ci))
        if DOB_HEADER_RE.search(fname) and any(c.strip() for c in col):
            idx = next(i for i, c in enumerate(col) if c.strip())
            add("date-of-birth", fname, idx, col[idx], "column holds dates of birth")
            continue
        if PERSON_HEADER_RE.search(fname):
            hits = [i for i, c in enumerate(col) if c.strip() and _looks_like_person(c)]
            if hits:
                add(
                    "person-name",
                    fname,
                    hits[0],
                    col[hits[0]],
                    f"{len(hits)} value(s) look like people's names in a column about people",
                )
        for m in NINO_RE.finditer(joined):
            add(
                "national-insurance-number",
                fname,
                _row_of(joined, m.start()),
                m.group(0),
                "looks like a National Insurance number",
            )
            break
        if "@" in joined:
            for m in EMAIL_RE.finditer(joined):
                if not _is_team_mailbox(m.group(0), cfg):
                    add(
                        "email",
                        fname,
                        _row_of(joined, m.start()),
                        m.group(0),
                        "email address that is not a council team mailbox",
                    )
                    break
        for m in PHONE_RE.finditer(joined):
            if _digits(m.group(0)) not in cfg.council_phones:
                add(
                    "phone",
                    fname,
                    _row_of(joined, m.start()),
                    m.group(0),
                    "phone number that is not a listed council number",
                )
                break
    status = "failed" if findings else "passed"
    return ScreenResult(
        status=status, findings=findings, allowed=dict(allow), date=dt.date.today().isoformat()
    )


def _mask(value: str) -> str:
    """Keep enough of a value to find it, not enough to publish it in a report."""
    v = value.strip()
    return v if len(v) <= 3 else v[:2] + "*" * (len(v) - 3) + v[-1]
