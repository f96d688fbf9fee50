"""Personal-data screen: block a resource whose columns, values or metadata look personal.

The values are judged by the one detector, :mod:`harvesters.personal` (names, emails, phone
numbers, National Insurance numbers, addresses in free text; settings in
``datasets/screen.yaml``). Per column of the published table:

* a heading that names dates of birth or NI numbers (any naming style) with any value;
* a heading about people (occupier, tenant, forename, ...) over values shaped like names;
* in every text column, any personal value the detector finds; house-number addresses
  only outside the columns whose heading says they hold property or facility addresses,
  and a postcode alone never (facilities are published with theirs).

:func:`screen_metadata` runs the same detector over a dataset's title, notes, resource
descriptions and maintainer fields. A dataset definition may allow a field with a reason
(``allow: [{field, reason}]``); allowed fields are skipped and the reason is recorded.
Each column's distinct values are joined and searched at once, so large tables screen
quickly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harvesters.personal import DEFAULT_SETTINGS, Detector, Settings, default_detector
from harvesters.table import Table, join_lines

TITLE_RE = re.compile(r"^(mr|mrs|ms|miss|mx|dr|cllr|councillor|sir|dame|prof|rev)\.?\s", re.I)
NAME_RE = re.compile(
    r"^[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]*\.?)*,?\s+(?:Mc|Mac|O')?[A-Z][A-Za-z'’-]+$"
)
DEFAULT_CONFIG = DEFAULT_SETTINGS
_LETTER = re.compile(r"[^\W\d_]")
MESSAGES = {
    "email": "email address that is not a listed council team mailbox",
    "phone": "phone number that is not a listed council number",
    "national-insurance-number": "looks like a National Insurance number",
    "person-name": "looks like a person's name",
    "address": "house-number address in a column that is not an address column",
    "postcode": "postcode",
}
# A postcode on its own is the location of a facility, not a person's.
TABLE_KINDS = ("national-insurance-number", "email", "phone", "person-name", "address")


@dataclass
class ScreenConfig:
    """The screen's settings: the path of its settings file, or the settings themselves.

    ``council_domains``/``council_phones`` (the original fields) still work: given, they
    replace those of the settings file."""

    council_domains: list[str] | None = None
    council_phones: set[str] | None = None
    team_mailboxes: set[str] | None = None
    path: Path | None = None
    _detector: Detector | None = field(default=None, repr=False)

    @classmethod
    def load(cls, path: Path | None = None) -> ScreenConfig:
        return cls(path=path)

    @property
    def detector(self) -> Detector:
        """The detector for these settings (built once)."""
        if self._detector is None:
            if self.council_domains is None and self.council_phones is None and self.team_mailboxes is None:
                self._detector = default_detector(self.path)
            else:
                s = Settings.load(self.path)
                if self.council_domains is not None:
                    s.council_domains = [d.lower() for d in self.council_domains]
                if self.council_phones is not None:
                    s.council_phones = set(self.council_phones)
                if self.team_mailboxes is not None:
                    s.team_mailboxes = {m.lower() for m in self.team_mailboxes}
                self._detector = Detector(s)
        return self._detector


@dataclass
class ScreenResult:
    status: str  # passed | failed
    findings: list[dict[str, Any]]
    allowed: dict[str, str]
    date: str

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "findings": self.findings, "allowed": self.allowed, "date": self.date}


def _looks_like_person(value: str) -> bool:
    v = value.strip()
    return bool(TITLE_RE.match(v) or NAME_RE.match(v))


def _distinct(values: list[Any], plain: bool = False) -> list[str]:
    """The distinct non-empty texts of a column (line breaks made spaces), in order;
    ``plain``: the values are known to be strings without line breaks."""
    if plain:
        return [v for v in dict.fromkeys(values) if v]
    texts = []
    for v in dict.fromkeys(values):
        if v is None or v == "" or isinstance(v, bool):
            continue
        if not isinstance(v, str):
            v = str(v)
        if "\n" in v or "\r" in v:
            v = v.replace("\r", " ").replace("\n", " ")
        texts.append(v)
    return texts


def _first_row(values: list[Any], text: str) -> int:
    """The index of the first row whose value reads as ``text``."""
    try:
        return values.index(text)
    except ValueError:
        pass
    for i, v in enumerate(values):
        if v is not None and str(v).replace("\r", " ").replace("\n", " ") == text:
            return i
    return 0


def screen_values(
    detector: Detector, fname: str, values: list[Any], *, kinds: tuple[str, ...] = TABLE_KINDS
) -> list[tuple[str, int, str, str]]:
    """(kind, row index, value, message) for the first value of each personal kind in one
    column of values. Each distinct value is searched once."""
    found: list[tuple[str, int, str, str]] = []
    header = detector.header_kind(fname)
    whole = join_lines(values)  # None unless every value is a string without a line break
    if whole is not None and header is None and not _LETTER.search(whole):
        # codes and numbers (UPRNs, amounts): only a phone number could hide there
        for f in detector.find(whole, kinds=[k for k in kinds if k == "phone"], first=True):
            idx = whole.count("\n", 0, f.start)
            found.append((f.kind, idx, values[idx], MESSAGES[f.kind]))
        return found
    texts = _distinct(values, plain=whole is not None)
    if not texts:
        return found
    if header in ("date-of-birth", "national-insurance-number"):
        msg = "column holds dates of birth" if header == "date-of-birth" else "column holds NI numbers"
        return [(header, _first_row(values, texts[0]), texts[0], msg)]
    if header == "person-name":
        hits = [v for v in texts if _looks_like_person(v)]
        if hits:
            found.append(
                (
                    "person-name",
                    _first_row(values, hits[0]),
                    hits[0],
                    f"{len(hits)} value(s) look like people's names in a column about people",
                )
            )
    if detector.is_address_header(fname):
        kinds = tuple(k for k in kinds if k != "address")
    joined = "\n".join(texts)
    seen = {k for k, *_ in found}
    for f in detector.find(joined, kinds=kinds, first=True):
        if f.kind in seen:
            continue
        seen.add(f.kind)
        text = texts[joined.count("\n", 0, f.start)]
        found.append((f.kind, _first_row(values, text), text, MESSAGES[f.kind]))
    return found


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
    detector = (cfg or ScreenConfig()).detector
    findings: list[dict[str, Any]] = []
    for ci, fname in enumerate(table.fields):
        if fname in allow:
            continue
        for kind, idx, value, message in screen_values(detector, fname, table.values(ci)):
            if len(findings) < max_findings:
                findings.append(
                    {
                        "resource": resource,
                        "field": fname,
                        "kind": kind,
                        "row": table.source_row(idx),
                        "example": mask(value),
                        "message": message,
                    }
                )
    status = "failed" if findings else "passed"
    return ScreenResult(
        status=status, findings=findings, allowed=dict(allow), date=dt.date.today().isoformat()
    )


def metadata_texts(meta: dict[str, Any], resources: list[tuple[str, str]]) -> dict[str, str]:
    """The free-text metadata of a dataset by field: title, notes, maintainer (name and
    email) and each resource's description (``resources[<name>].description``)."""
    out = {k: str(meta[k]) for k in ("title", "notes", "maintainer", "maintainer_email", "author",
                                      "author_email") if meta.get(k)}
    for name, description in resources:
        if description:
            out[f"resources[{name}].description"] = description
    return out


def screen_metadata(
    texts: dict[str, str], allow: dict[str, str] | None = None, cfg: ScreenConfig | None = None
) -> list[dict[str, Any]]:
    """Findings in a dataset's own metadata (addresses and postcodes of council offices are
    not reported)."""
    allow = allow or {}
    detector = (cfg or ScreenConfig()).detector
    findings = []
    for key, text in texts.items():
        if key in allow:
            continue
        seen: set[str] = set()
        for f in detector.find(text, kinds=TABLE_KINDS[:-1]):
            if f.kind in seen:
                continue
            seen.add(f.kind)
            findings.append(
                {"resource": "metadata", "field": key, "kind": f.kind, "row": None,
                 "example": mask(f.text), "message": MESSAGES[f.kind]}
            )
    return findings


def mask(value: str) -> str:
    """Keep enough of a value to find it, not enough to publish it in a report."""
    v = value.strip()
    return v if len(v) <= 3 else v[:2] + "*" * (len(v) - 3) + v[-1]


_mask = mask
