"""Remove personal data from free text before it is stored.

The FOI store keeps no requester columns, but people write names, addresses, emails,
phone numbers and NI numbers into titles, outcomes, exemptions and notes. Every free-text
value is passed through the harvest screen's detector (:mod:`harvesters.personal`, settings
in ``datasets/screen.yaml``) and each personal value is replaced by "[removed]". Postcodes
are recognised by the one format in :mod:`harvesters.postcode` (``ML1 1CI`` is not one).
"""

from __future__ import annotations

from harvesters.personal import default_detector

REMOVED = "[removed]"


def scrub(text: str) -> tuple[str, list[str]]:
    """``text`` with personal data replaced by "[removed]", and the kinds removed."""
    if not text:
        return text, []
    return default_detector().scrub(text, REMOVED)
