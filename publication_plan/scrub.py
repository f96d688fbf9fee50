"""Remove personal data from free text before it is stored.

The FOI store keeps no requester columns, but people write names, addresses, emails,
phone numbers and NI numbers into titles, outcomes, exemptions and notes. Every free-text
value is passed through the harvest screen's detector (:mod:`harvesters.personal`, settings
in ``datasets/screen.yaml``) and each personal value is replaced by "[removed]". Postcodes
are recognised by the one format in :mod:`harvesters.postcode` (``ML1 1CI`` is not one).

The detector is looked up once per process, and each distinct text is scrubbed once: a case
log repeats its services, outcomes, exemptions and many titles thousands of times.
"""

from __future__ import annotations

import functools

from harvesters.personal import Detector, default_detector

REMOVED = "[removed]"


@functools.cache
def _detector() -> Detector:
    return default_detector()


@functools.lru_cache(maxsize=65536)
def _scrubbed(text: str) -> tuple[str, tuple[str, ...]]:
    clean, kinds = _detector().scrub(text, REMOVED)
    return clean, tuple(kinds)


def scrub(text: str) -> tuple[str, list[str]]:
    """``text`` with personal data replaced by "[removed]", and the kinds removed."""
    if not text:
        return text, []
    clean, kinds = _scrubbed(text)
    return clean, list(kinds)
