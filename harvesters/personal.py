"""The personal-data detector: one place that decides what in a text is about a person.

Used by the harvest screen (:mod:`harvesters.screen`, every text column and the dataset's
metadata), the GIS migration (layer attributes) and the FOI store scrub
(:mod:`publication_plan.scrub`). Settings (council domains, team mailboxes, council phone
numbers, the words that end a name, the gazetteer's locales) are data in
``datasets/screen.yaml``.

Text is normalised before matching (NFKC, format characters such as zero-width spaces
dropped, look-alike letters transliterated with Unidecode) and every match is mapped back to
the span of the original text. Kinds found:

* ``email``: plain and obfuscated (`` at ``, ``[at]``, ``(at)``, `` dot ``, full-width ``＠``);
  an address on a council domain is personal unless listed under ``team_mailboxes``;
* ``phone``: UK numbers in any grouping and separator (spaces, dots, dashes, brackets,
  ``+44``/``0044``), other than the listed council numbers;
* ``national-insurance-number``: any case and separator;
* ``person-name``: a forename from the gazetteer (Faker's person providers) followed by a
  surname-like word, "Surname, Forename", a title ("Mrs", "Cllr", ...) before a capitalised
  word, an initial before a gazetteer surname, and words after "my name is", "request from",
  "on behalf of", ...;
* ``address`` (house number + street, ``Flat 3/2``) and ``postcode``.
"""

from __future__ import annotations

import bisect
import functools
import importlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from unidecode import unidecode

from harvesters import postcode
from harvesters.definition import DATASETS_DIR

DEFAULT_SETTINGS = DATASETS_DIR / "screen.yaml"

LOCATION_KINDS = frozenset({"address", "postcode"})

# --- normalisation ----------------------------------------------------------------------


class Offsets:
    """Maps positions in a normalised text back to the original text."""

    def __init__(self, norm_starts: list[int], orig_starts: list[int], ascii_run: list[bool]) -> None:
        self.norm_starts, self.orig_starts, self.ascii_run = norm_starts, orig_starts, ascii_run

    def __getitem__(self, i: int) -> int:
        k = bisect.bisect_right(self.norm_starts, i) - 1
        if k < 0:
            return i
        return self.orig_starts[k] + (i - self.norm_starts[k] if self.ascii_run[k] else 0)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def normalise(text: str) -> tuple[str, Offsets]:
    """``text`` NFKC-normalised, format characters dropped and transliterated to ASCII, and
    the map from positions in the result to positions in ``text``. ASCII text (the usual
    case) is returned as it is."""
    if text.isascii():
        return text, Offsets([0], [0], [True])
    out: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    ascii_run: list[bool] = []
    pos = n = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i > pos:
            norm_starts.append(n), orig_starts.append(pos), ascii_run.append(True)
            out.append(text[pos:i])
            n += i - pos
        ch = m.group(0)
        pos = i + 1
        if unicodedata.category(ch) == "Cf":  # zero-width spaces, joiners, direction marks
            continue
        if ch.isspace():
            rep = " "
        else:
            rep = unicodedata.normalize("NFKC", ch)
            if not rep.isascii():
                rep = unidecode(rep)
        if rep:
            norm_starts.append(n), orig_starts.append(i), ascii_run.append(False)
            out.append(rep)
            n += len(rep)
    if pos < len(text):
        norm_starts.append(n), orig_starts.append(pos), ascii_run.append(True)
        out.append(text[pos:])
    return "".join(out), Offsets(norm_starts or [0], orig_starts or [0], ascii_run or [True])


def header_words(header: str) -> str:
    """A column heading in plain lower-case words: ``DateOfBirth``, ``date_of_birth`` and
    ``Date-Of-Birth`` all become ``date of birth``; ``D.O.B.`` becomes ``dob``."""
    h, _ = normalise(header)
    h = re.sub(r"([a-z])([A-Z])", r"\1 \2", h)
    h = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", h)
    h = re.sub(r"[^A-Za-z0-9]+", " ", h).strip().lower()
    # single letters in a row are an abbreviation written with separators: d o b -> dob
    return re.sub(r"\b(?:[a-z] )+[a-z]\b", lambda m: m.group(0).replace(" ", ""), h)


# --- settings ---------------------------------------------------------------------------


def _digits(s: str) -> str:
    d = re.sub(r"\D", "", s)
    if d.startswith("0044"):
        d = d[2:]
    if d.startswith("44") and len(d) >= 11:
        d = d[2:]
        if d.startswith("0"):  # +44 (0)1698 ...
            d = d[1:]
        d = "0" + d
    return d


@dataclass
class Settings:
    """What the detector treats as public: council domains and mailboxes, council numbers;
    and the data it reads names with."""

    council_domains: list[str] = field(default_factory=lambda: ["northlanarkshire.gov.uk"])
    team_mailboxes: set[str] = field(default_factory=set)
    council_phones: set[str] = field(default_factory=set)
    gazetteer_locales: list[str] = field(default_factory=lambda: ["en_GB", "en_US", "en_IE", "en"])
    not_name_words: set[str] = field(default_factory=set)
    joining_words: set[str] = field(default_factory=set)
    street_types: set[str] = field(default_factory=set)
    surname_particles: set[str] = field(default_factory=set)
    organisations: list[str] = field(default_factory=list)
    not_title_names: set[str] = field(default_factory=set)
    titles: list[str] = field(
        default_factory=lambda: ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame", "cllr"]
    )
    name_cues: list[str] = field(default_factory=lambda: ["my name is", "request from", "on behalf of"])
    headers: dict[str, list[str]] = field(default_factory=dict)
    address_headers: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read the settings file (``datasets/screen.yaml`` unless given)."""
        path = path or DEFAULT_SETTINGS
        data: dict[str, Any] = {}
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        base = cls()
        return cls(
            council_domains=[d.lower() for d in data.get("council_domains", base.council_domains)],
            team_mailboxes={m.lower() for m in data.get("team_mailboxes", [])},
            council_phones={_digits(str(p)) for p in data.get("council_phone_numbers", [])},
            gazetteer_locales=list(data.get("gazetteer_locales", base.gazetteer_locales)),
            not_name_words={str(w).lower() for w in data.get("not_name_words", [])},
            joining_words={str(w).lower() for w in data.get("joining_words", [])},
            street_types={str(w).lower() for w in data.get("street_types", [])},
            surname_particles={str(w).lower() for w in data.get("surname_particles", [])},
            organisations=[normalise(str(o))[0] for o in data.get("organisations", [])],
            not_title_names={str(w).lower() for w in data.get("not_title_names", [])},
            titles=[t.lower() for t in data.get("titles", base.titles)],
            name_cues=[c.lower() for c in data.get("name_cues", base.name_cues)],
            headers={k: [p.lower() for p in v] for k, v in (data.get("personal_headers") or {}).items()},
            address_headers=[a.lower() for a in data.get("address_headers", [])],
        )


@functools.lru_cache(maxsize=8)
def gazetteer(locales: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Forenames and surnames (lower case, ASCII) from Faker's person providers."""
    forenames: set[str] = set()
    surnames: set[str] = set()
    for loc in locales:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            forenames.update(_names(getattr(provider, attr, ())))
        surnames.update(_names(getattr(provider, "last_names", ())))
    return frozenset(forenames), frozenset(surnames)


def _names(values: Iterable[str] | dict[str, float]) -> set[str]:
    out = set()
    for v in values:
        for part in re.split(r"[\s-]+", normalise(v)[0].lower()):
            if len(part) > 1 and part.isalpha():
                out.add(part)
    return out


# --- patterns ---------------------------------------------------------------------------

_H = r"[ \t]"  # a space within a line (a column's values are searched joined by line breaks)


def _spelt(sym: str, word: str) -> str:
    """A separator written as the symbol or as the word, bare or in brackets."""
    brackets = "|".join(rf"\{o}{_H}*{word}{_H}*\{c}" for o, c in ("[]", "()", "{}", "<>"))
    return rf"(?:{_H}*(?:{sym}|{brackets}){_H}*|{_H}+{word}{_H}+)"


_AT = _spelt("@", "at")
_DOT = _spelt(r"\.", "dot")
_TLDS = (
    r"(?:com|org|net|uk|scot|gov|ac|edu|info|io|biz|me|eu|ie|de|fr|es|it|nl|pl|co|us|ca|au|nz|"
    r"online|email|mail|live|xyz|cymru|wales|london)"
)
# plain addresses: any top-level domain
EMAIL_RE = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.I)
# obfuscated: word separators spelt out; the top-level domain must be a known one
EMAIL_OBFUSCATED_RE = re.compile(
    rf"(?<![\w.+'-])[\w+'-]+(?:{_DOT}[\w+'-]+)*?{_AT}[\w-]+(?:{_DOT}[\w-]+)*?{_DOT}{_TLDS}(?![\w-])",
    re.I,
)
_DIGIT_RUN = re.compile(r"\d(?:[ \t.\-/()]{0,3}\d){5}")
_AT_WORD_RE = re.compile(r"(?<![A-Za-z])at(?![A-Za-z])", re.I)
_PSEP = r"[ \t.\-/()]{0,3}"
PHONE_RE = re.compile(
    r"(?<![\w/.+-])(?:(?:\+|00)[ \t.-]?44[ \t.-]?(?:\(0\)[ \t.-]?)?|\(?0)"
    r"\d(?:" + _PSEP + r"\d){8,9}(?![\w/-]|\.\d)"
)
NINO_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t.\-/]{0,2}\d(?:[ \t.\-/]{0,2}\d){5}"
    r"[ \t.\-/]{0,2}[A-D](?![A-Za-z0-9])",
    re.I,
)
_FLAT_RE = r"(?:\b(?:flat|unit|apartment|apt)[ \t]*\d+[A-Za-z]?(?:[ \t]*/[ \t]*\d+)?\b,?[ \t]*)"


def address_re(street_types: Iterable[str]) -> re.Pattern[str]:
    """Flat numbers, and a house number (12, 12a, 3/2) before up to three words and a street type."""
    types = "|".join(sorted((re.escape(t) for t in street_types), key=len, reverse=True))
    return re.compile(
        _FLAT_RE + rf"|(?<![\w/.-])\d+[A-Za-z]?(?:/\d+)?,?{_H}+(?:[A-Za-z][\w'-]*{_H}+){{1,3}}(?:{types})\b",
        re.I,
    )


POSTCODE_RE = postcode.IN_TEXT_RE  # the format is written once, in harvesters.postcode
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z][A-Za-z']*)*")  # Hans-Werner, Kramer-Antoine


@dataclass(frozen=True)
class Finding:
    """A personal value in a text: its kind and span in the original text."""

    kind: str
    start: int
    end: int
    text: str


class Detector:
    """Finds personal data in free text and personal column headings."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = s = settings or Settings.load()
        self.forenames, self.surnames = gazetteer(tuple(s.gazetteer_locales))
        s.not_name_words |= s.street_types
        self.forenames = self.forenames - s.not_name_words - s.joining_words
        self._address_re = address_re(s.street_types or ["street", "road"])
        titles = "|".join(sorted((re.escape(t) for t in s.titles), key=len, reverse=True))
        self._title_re = re.compile(
            rf"(?<![\w'-])(?i:{titles})\.?[ \t]+((?:[A-Z]\.?[ \t]+)?(?:Mc|Mac|O')?[A-Z][A-Za-z'-]+"
            rf"(?:[ \t]+(?:Mc|Mac|O')?[A-Z][A-Za-z'-]+){{0,2}})"
        )
        cues = "|".join(re.escape(c).replace(r"\ ", r"[ \t]+") for c in s.name_cues)
        orgs = sorted((o for o in s.organisations if o.strip()), key=len, reverse=True)
        self._org_words = {o.split()[0].lower() for o in orgs}
        self._org_re = (
            re.compile(
                r"(?<![A-Za-z])(?:"
                + "|".join(re.escape(o).replace(r"\ ", r"[ \t]+") for o in orgs)
                + r")(?![A-Za-z])",
                re.I,
            )
            if orgs
            else None
        )
        self._title_words = set(s.titles)
        self._cue_words = {c.split()[0] for c in s.name_cues}
        word = r"(?:Mc|Mac|O')?[A-Z][A-Za-z'-]+"
        self._cue_re = re.compile(rf"\b(?i:{cues}){_H}*:?{_H}+({word}(?:{_H}+{word})?)")
        self._headers = {
            kind: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")
            for kind, phrases in s.headers.items()
        }
        self._address_header = (
            re.compile(r"\b(?:" + "|".join(re.escape(a) for a in s.address_headers) + r")\b")
            if s.address_headers
            else None
        )

    # --- headings ---------------------------------------------------------------------
    def header_kind(self, header: str) -> str | None:
        """The personal kind a column heading names (``date-of-birth``, ``person-name``, ...)."""
        words = header_words(header)
        compact = words.replace(" ", "")
        for kind, pattern in self._headers.items():
            if pattern.search(words) or pattern.search(compact):
                return kind
        return None

    def is_address_header(self, header: str) -> bool:
        """Whether a heading says the column holds property or facility addresses."""
        words = header_words(header)
        compact = words.replace(" ", "")
        return bool(self._address_header and self._address_header.search(words)) or any(
            a in compact for a in self.settings.address_headers if len(a) > 5
        )

    # --- values -----------------------------------------------------------------------
    def find(self, text: str, *, kinds: Iterable[str] | None = None, first: bool = False) -> list[Finding]:
        """Personal values in ``text`` (spans of the original text), in order of position;
        with ``first``, at most one of each kind (the quickest way to screen a column)."""
        if not text:
            return []
        norm, where = normalise(text)
        wanted = set(kinds) if kinds is not None else None
        present = {w.lower() for w in set(_WORD_RE.findall(norm))}  # the words the text holds
        present |= {p for w in present if "-" in w for p in w.split("-")}
        digits = _DIGIT_RUN.search(norm) is not None  # six digits: NI numbers and phones need them
        spans: list[tuple[str, int, int]] = []
        for kind, finder in (
            ("national-insurance-number", self._ninos),
            ("email", self._emails),
            ("phone", self._phones),
            ("person-name", self._names),
            ("address", self._addresses),
            ("postcode", self._postcodes),
        ):
            if wanted is not None and kind not in wanted:
                continue
            if (kind in ("phone", "national-insurance-number") and not digits) or (
                not present and kind != "phone"
            ):
                continue  # nothing this kind could match
            for start, end in finder(norm, present):
                spans.append((kind, start, end))
                if first:
                    break
        out = []
        for kind, start, end in sorted(set(spans), key=lambda s: (s[1], -s[2])):
            a, b = where[start], where[end - 1] + 1
            out.append(Finding(kind, a, b, text[a:b]))
        return out

    def _ninos(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        for m in NINO_RE.finditer(t):
            yield m.span()

    def is_team_mailbox(self, address: str) -> bool:
        """Whether an address may be published: not on a council domain, or a listed team mailbox."""
        addr = address.lower()
        domain = addr.rpartition("@")[2]
        on_council = any(domain == d or domain.endswith("." + d) for d in self.settings.council_domains)
        return on_council and addr in self.settings.team_mailboxes

    def _emails(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        if "@" in t:
            for m in EMAIL_RE.finditer(t):
                if not self.is_team_mailbox(m.group(0).rstrip(".")):
                    yield m.span()
        if "at" not in present:
            return
        # an address with the @ spelt out: searched for only in the lines that spell it
        done = -1
        for sep in _AT_WORD_RE.finditer(t):
            if sep.start() < done:
                continue
            lo = max(t.rfind("\n", 0, sep.start()) + 1, sep.start() - 120)
            hi = t.find("\n", sep.end())
            hi = min(len(t) if hi < 0 else hi, sep.end() + 120)
            for m in EMAIL_OBFUSCATED_RE.finditer(t, lo, hi):
                yield m.span()
            done = hi

    def _phones(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        for m in PHONE_RE.finditer(t):
            digits = _digits(m.group(0))
            if len(digits) in (10, 11) and digits[1] in "12357789":
                if digits not in self.settings.council_phones:
                    yield m.span()

    def _addresses(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        for m in self._address_re.finditer(t):
            yield m.start(), m.end() - (len(m.group(0)) - len(m.group(0).rstrip(", ")))

    def _postcodes(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        for m in POSTCODE_RE.finditer(t):
            yield m.span()

    def _names(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        orgs = []
        if self._org_re is not None and present & self._org_words:
            orgs = [m.span() for m in self._org_re.finditer(t)]
        for a, b in self._name_spans(t, present):
            if not any(lo <= a and b <= hi for lo, hi in orgs):  # "Payments to Morgan Sindall"
                yield a, b

    def _name_spans(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        if present & self._title_words:
            yield from self._titled(t, present)
        if present & self._cue_words:
            for m in self._cue_re.finditer(t):
                words = m.group(1).split()
                if words[0].lower() not in self.settings.not_name_words:
                    yield m.span(1)
        yield from self._gazetteer_names(t, present)

    def _titled(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        for m in self._title_re.finditer(t):
            name = m.group(1)
            last = name.split()[-1].rstrip(".").lower()
            if last in self.settings.not_title_names:
                continue  # Lord Provost, Lady Well
            # "Glen Dr Airdrie": a street-type abbreviation after a capitalised word, not a title
            before = t[: m.start()].rstrip()
            if m.group(0)[:2].lower() in ("dr", "st") and re.search(r"[A-Z][a-z]+$", before):
                continue
            yield m.start(), m.end()

    def _gazetteer_names(self, t: str, present: set[str]) -> Iterable[tuple[int, int]]:
        # Only the forenames the text holds are looked for, and each occurrence is judged
        # from the words around it: a long column of addresses costs one scan.
        fore = self.forenames
        present = {w for w in present if w in fore or ("-" in w and w.partition("-")[0] in fore)}
        judged: dict[tuple[str, int], tuple[int, int] | None] = {}
        if present:
            alternatives = "|".join(sorted((re.escape(w) for w in present), key=len, reverse=True))
            for m in re.finditer(rf"(?<![A-Za-z'-])(?i:{alternatives})(?![A-Za-z'-])", t):
                lo = max(t.rfind("\n", 0, m.start()) + 1, m.start() - 60)
                hi = t.find("\n", m.end())
                hi = min(len(t) if hi < 0 else hi, m.end() + 80)
                key = (t[lo:hi], m.start() - lo)
                if key in judged:  # the same words around the same forename: judged already
                    rel = judged[key]
                else:
                    words = list(_WORD_RE.finditer(t, lo, hi))
                    i = next((k for k, w in enumerate(words) if w.start() == m.start()), None)
                    span = self._name_at(t, words, i) if i is not None else None
                    rel = (span[0] - lo, span[1] - lo) if span else None
                    judged[key] = rel
                if rel:
                    yield lo + rel[0], lo + rel[1]
        sur, stop, fore = self.surnames, self.settings.not_name_words, self.forenames
        # Initial + gazetteer surname: "J. Smith", "J Smith"
        for m in re.finditer(r"(?<![\w.'-])[A-Z]\.?[ \t]+((?:Mc|Mac|O')?[A-Z][a-z'-]+)\b", t):
            s = m.group(1).lower()
            if s in sur and s not in stop and s not in fore:
                yield m.span()

    def _name_at(self, t: str, words: list[re.Match[str]], i: int) -> tuple[int, int] | None:
        """The span of a name around the forename ``words[i]``, if the words make one."""
        stop, sur = self.settings.not_name_words, self.surnames
        w = words[i]
        n = len(words)
        if i and words[i - 1].group(0).lower() in ("st", "saint", "ste"):
            return None  # St Margaret's, St Mary Street: saints, not people
        # Forename [Middle|Initial] [van|de|...] Surname
        particles = self.settings.surname_particles
        for j in (i + 2, i + 1):  # with a middle name or initial first, then without
            if j >= n or not all(_adjacent(t, words[k - 1], words[k]) for k in range(i + 1, j + 1)):
                continue
            if j == i + 2 and not self._is_middle(words[i + 1], t):
                continue
            while j + 1 < n and words[j].group(0).lower() in particles and _adjacent(t, *words[j : j + 2]):
                j += 1  # Anne van Boven, Maria de la Cruz
            if self._surname_like(w.group(0), words[j].group(0), t, words, j):
                return w.start(), words[j].end()
        # Surname, Forename
        if i and t[words[i - 1].end() : w.start()].strip() == ",":
            prev = words[i - 1].group(0)
            follow = words[i + 1].group(0).lower() if i + 1 < n else ""
            low = prev.lower()
            if low in self.settings.street_types:
                return None
            if low in stop:  # Wood, Jemma: a place-type word as the surname of a bare name
                lo = t.rfind("\n", 0, words[i - 1].start()) + 1
                hi = t.find("\n", w.end())
                whole = len(t[lo : len(t) if hi < 0 else hi].split()) <= 3
                if low not in sur or not whole:
                    return None
            if (
                low not in self.settings.joining_words
                and follow not in stop
                and (low in sur or (_cased(prev) and _cased(w.group(0))))
            ):
                return words[i - 1].start(), w.end()
        return None

    def _is_middle(self, w: re.Match[str], t: str) -> bool:
        s = w.group(0)
        if len(s) == 1:
            return s.isupper()
        return s.lower() in self.forenames and _cased(s)

    def _surname_like(self, fore: str, s: str, t: str, words: list[re.Match[str]], j: int) -> bool:
        low = s.lower()
        places = self.settings.not_name_words
        if len(s) < 2 or low in self.settings.joining_words:
            return False
        end = words[j].end()
        if end < len(t) and t[end].isdigit():
            return False  # "HAYES UB3 3HW", "London SE1": a postcode, not a surname
        if s.isupper() and len(s) == 2:
            return False
        # Douglas Park Road, Geraldine Mary Harmsworth Park: the next two words name a place
        for k in (j + 1, j + 2):
            if k < len(words) and _adjacent(t, words[k - 1], words[k]):
                if words[k].group(0).lower() in places:
                    return False
            else:
                break
        if low in places:
            if low in self.settings.street_types:
                return False  # Douglas Park, Victoria Road
            # a word that is both a place type and a surname (Hall, Wood, May): a name only
            # when the two words are the whole value ("Jemma Wood", not "Victoria Hall Centre")
            lo = t.rfind("\n", 0, words[j - 1].start()) + 1
            hi = t.find("\n", end)
            line = t[lo : len(t) if hi < 0 else hi].strip(" \t,.")
            if low not in self.surnames or len(line.split()) > 3:
                return False
        if _cased(fore) and _cased(s):
            return True
        if not (fore.islower() and s.islower()):
            return False
        if low in self.surnames:
            return True
        # a lower-case value that is just the two or three words: "george ragan"
        lo = t.rfind("\n", 0, words[j - 1].start()) + 1
        hi = t.find("\n", end)
        line = t[lo : len(t) if hi < 0 else hi].strip()
        return (
            line.lower().startswith(fore.lower())
            and len(line.split()) <= 3
            and low not in places
            and fore.lower() not in self.settings.surname_particles
        )

    # --- scrubbing --------------------------------------------------------------------
    def scrub(self, text: str, replacement: str = "[removed]") -> tuple[str, list[str]]:
        """``text`` with every personal value replaced, and the kinds removed (each once)."""
        findings = self.find(text)
        if not findings:
            return text, []
        out: list[str] = []
        pos = 0
        kinds: list[str] = []
        for f in findings:
            if f.start < pos:  # overlaps the previous one
                if f.end > pos:
                    pos = f.end
                continue
            out.append(text[pos : f.start])
            out.append(replacement)
            pos = f.end
            if f.kind not in kinds:
                kinds.append(f.kind)
        out.append(text[pos:])
        result = "".join(out)
        marker = re.escape(replacement)
        result = re.sub(rf"(?:{marker}[\s,]*)+{marker}", replacement, result)
        result = re.sub(r"\s{2,}", " ", result).strip()
        return result, kinds


def _cased(word: str) -> bool:
    """Title case (Campbell, McGregor, O'Neill) or all capitals (CAMPBELL)."""
    if "-" in word:
        return all(_cased(part) for part in word.split("-") if part)
    if not word[0].isupper():
        return False
    return word[1:].islower() or word.isupper() or bool(re.match(r"(Mc|Mac|O')[A-Z]", word))


def _adjacent(t: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Two words separated only by spaces (not a line break, comma or other punctuation)."""
    gap = t[a.end() : b.start()]
    return bool(gap) and gap.strip(" .") == "" and "\n" not in gap and len(gap) <= 3


@functools.lru_cache(maxsize=4)
def _detector_for(path: Path) -> Detector:
    return Detector(Settings.load(path))


def default_detector(path: Path | None = None) -> Detector:
    """The detector with the settings of ``datasets/screen.yaml`` (or ``path``), built once."""
    return _detector_for((path or DEFAULT_SETTINGS).resolve())
