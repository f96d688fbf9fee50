"""The dataset page's "Report a problem" mailto link (issue 17 point 4): built with
urllib.parse, so a title with ``&``, ``#``, ``%`` or ``?`` reaches the mail client whole."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from ckanext.nlc.helpers import nlc_report_problem_url

TITLES = [
    "Bins & recycling #2: 100% of rounds?",
    "Roads + pavements; gritting = winter",
    "Café opening hours (Motherwell)",
]


def _parts(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and not parts.fragment
    return unquote(parts.path), parse_qs(parts.query, strict_parsing=True)


@pytest.mark.parametrize("title", TITLES)
def test_subject_survives_every_character(title: str) -> None:
    url = nlc_report_problem_url({"title": title, "maintainer_email": "roads@northlanarkshire.gov.uk"})
    to, query = _parts(url)
    assert to == "roads@northlanarkshire.gov.uk"
    assert query == {"subject": [f"Problem with open data: {title}"]}
    assert " " not in url and "+" not in url.split("?", 1)[1]  # RFC 6068: spaces as %20


@pytest.mark.ckan_config("ckanext.nlc.report_problem_email", "opendata@northlanarkshire.gov.uk")
def test_configured_mailbox_when_the_dataset_names_none() -> None:
    to, query = _parts(nlc_report_problem_url({"name": "road-defects"}))
    assert to == "opendata@northlanarkshire.gov.uk"
    assert query["subject"] == ["Problem with open data: road-defects"]
