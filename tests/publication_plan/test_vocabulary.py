"""The topic vocabulary: exactly the contract's topic ids, valid terms, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from publication_plan.errors import VocabularyError
from publication_plan.vocabulary import load_vocabulary

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "CONTRACT.md"
CONTRACT_DATASETS = {
    "council-tax-bands",
    "public-toilets",
    "councillor-allowances-expenses",
    "conservation-areas",
    "listed-buildings",
    "tree-preservation-orders",
    "museums-galleries",
    "libraries-first-stop-shops",
    "schools",
    "school-term-dates",
    "polling-districts",
    "wards",
    "councillors",
    "postcodes",
}


def contract_topic_ids() -> list[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    section = text.split("## FOI topic ids", 1)[1].split("\n## ", 1)[0]
    body = section.split("\n", 1)[1]
    return re.findall(r"[a-z][a-z-]+[a-z]", body)


def test_topic_ids_are_exactly_the_contracts():
    ids = contract_topic_ids()
    assert len(ids) == 25
    assert list(load_vocabulary().topics) == ids


def test_every_topic_has_label_terms_and_datasets():
    vocab = load_vocabulary()
    for topic in vocab.topics.values():
        assert topic.label and topic.datasets, topic.id
        assert topic.phrases or topic.keywords, topic.id


def test_topics_with_contract_datasets_link_them():
    vocab = load_vocabulary()
    linked = {d for t in vocab.topics.values() for d in t.datasets}
    assert CONTRACT_DATASETS - {"postcodes"} <= linked
    assert vocab.topics["wards-councillors"].datasets == ("wards", "councillors")
    assert vocab.topics["libraries"].datasets == ("libraries-first-stop-shops",)


def test_ckan_extension_reader_still_reads_it():
    """ckanext-nlc's vocab module reads ids and labels from the same file."""
    import yaml

    data = yaml.safe_load((Path(load_vocabulary().path)).read_text(encoding="utf-8"))
    assert [(t["id"], t["label"]) for t in data["topics"]][0] == ("council-tax-bands", "Council tax bands")


@pytest.mark.parametrize(
    "content, message",
    [
        ("topics: [\n", "not valid YAML"),
        (
            "topics:\n  - id: a\n    label: A\n    keywords: [x]\n  - id: a\n    "
            "label: A again\n    keywords: [y]\n",
            "topic 'a' is listed twice",
        ),
        ("topics:\n  - id: bins\n    keywords: [bin]\n", "topic 'bins': field 'label' is required"),
        (
            "topics:\n  - id: bins\n    label: Bins\n    keywords: bin\n",
            "topic 'bins': field 'keywords' must be a list",
        ),
        ("topics:\n  - id: bins\n    label: Bins\n", "topic 'bins': needs at least one phrase"),
        (
            "topics:\n  - id: bins\n    label: Bins\n    keywords: [bin]\n    colour: blue\n",
            "unknown field(s) colour",
        ),
    ],
)
def test_bad_vocabulary_names_file_and_topic(tmp_path, content, message):
    path = tmp_path / "topics.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_unknown_topic_lookup_names_it():
    with pytest.raises(VocabularyError, match="unknown topic 'dog-fouling'"):
        load_vocabulary().require("dog-fouling")
