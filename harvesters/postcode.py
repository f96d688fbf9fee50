"""UK postcodes: the one place their format is written down.

The rules are Royal Mail's (as the ONS Postcode Directory and the Government Data Standards
Catalogue give them): an outward code of one of the forms A9, A99, AA9, AA99, A9A or AA9A,
then an inward code of a digit and two letters, where

* the first letter is never Q, V or X;
* the second letter (AA9, AA99, AA9A) is never I, J or Z;
* the third-position letter of A9A is one of A B C D E F G H J K P S T U W;
* the fourth-position letter of AA9A is one of A B E H M N P R V W X Y;
* the inward letters are never C, I, K, M, O or V (so ``ML1 1CI`` is not a postcode);

plus the one historical exception GIR 0AA. This module only checks the format: whether a
postcode exists is a question for the postcode directory (the ``postcodes`` dataset).

It imports nothing but :mod:`re`, so the harvesters, the FOI store (:mod:`publication_plan`)
and the CKAN extension (:mod:`ckanext.nlc`) can all use it without importing one another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_OUTWARD = (
    r"(?:GIR"  # Girobank's 'GIR 0AA'; its inward code below is 0AA like any other
    r"|[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    r"|[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]"  # A9A
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"

#: The whole of a value is one postcode (any case, any spaces between its two parts).
FULL_RE = re.compile(rf"\s*({_OUTWARD})\s*({_INWARD})\s*", re.I)
#: A postcode inside free text (an address line, an FOI request title), in any case.
IN_TEXT_RE = re.compile(rf"(?<![0-9A-Za-z])({_OUTWARD})[ \t]*({_INWARD})(?![0-9A-Za-z])", re.I)


def normalise(raw: object) -> str | None:
    """``'ml11ab '`` -> ``'ML1 1AB'``: the postcode in its published form (upper case, one space
    before the inward code), or None when ``raw`` is not exactly one postcode."""
    m = FULL_RE.fullmatch(str(raw if raw is not None else ""))
    return f"{m.group(1).upper()} {m.group(2).upper()}" if m else None


def is_valid(raw: object) -> bool:
    """True when ``raw`` is one postcode in a valid format (any case and spacing)."""
    return normalise(raw) is not None


def key(raw: object) -> str:
    """The compact form used as a look-up key: upper case, no whitespace (``'ML11AB'``).

    It does not check the format; use :func:`normalise` for that."""
    return re.sub(r"\s+", "", str(raw if raw is not None else "")).upper()


def find(text: str) -> Iterator[re.Match[str]]:
    """Every postcode in free text (groups 1 and 2: outward and inward code)."""
    return IN_TEXT_RE.finditer(text)


def extract(value: object) -> str | None:
    """The one postcode in ``value`` (the whole value, or inside an address line such as
    ``'1 Main Street, Motherwell ML1 1AB'``), normalised; None when there is none or several
    different ones."""
    text = str(value if value is not None else "")
    whole = normalise(text)
    if whole is not None:
        return whole
    found = {f"{m.group(1).upper()} {m.group(2).upper()}" for m in find(text)}
    return found.pop() if len(found) == 1 else None
