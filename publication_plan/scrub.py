"""Remove personal data from free text before it is stored: emails, phone
numbers, street addresses with house numbers and full postcodes."""

from __future__ import annotations

import re

REMOVED = "[removed]"
_STREET = (
    r"(?i:street|st|road|rd|avenue|ave|drive|dr|crescent|cres|place|pl|lane|ln|court|ct|gardens|gdns|"
    r"terrace|way|wynd|close|grove|view|park|square|sq|row|brae|loan|walk|gate|quadrant|circle|"
    r"rise|mews|green|hill|vennel)"
)
PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"),
    "phone": re.compile(r"(?:(?:\+|00)44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"),
    # a house number (12, 12a, 3/1, "Flat 2,") then 1-3 capitalised words and a street type
    "address": re.compile(
        r"(?:\b(?:[Ff]lat|[Uu]nit)\s+\w+,?\s+)?\b\d+[A-Za-z]?(?:/\d+)?,?\s+(?:[A-Z][\w'-]*\s+){1,3}"
        + _STREET
        + r"\b"
    ),
    "postcode": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
}


def scrub(text: str) -> tuple[str, list[str]]:
    """``text`` with personal data replaced by "[removed]", and the kinds removed."""
    kinds: list[str] = []
    for kind, pattern in PATTERNS.items():
        text, count = pattern.subn(REMOVED, text)
        if count:
            kinds.append(kind)
    if kinds:
        text = re.sub(r"(?:\[removed\][\s,]*)+\[removed\]", REMOVED, text)
        text = re.sub(r"\s{2,}", " ", text).strip()
    return text, kinds
