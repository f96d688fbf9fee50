"""The topic vocabulary: one strict loader, valid terms, clear errors; links from the definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvesters.definition import topic_datasets
from publication_plan.errors import VocabularyError
from publication_plan.vocabulary import load_vocabulary

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "CONTRACT.md"



def test_contract_points_at_the_vocabulary_instead_of_restating_ids():
    text = CONTRACT.read_text(encoding="utf-8")
    section = text.split("## FOI topic ids", 1)[1].split("\n## ", 1)[0]
    assert "publication_plan/topics.yaml" in section
    assert not [t for t in load_vocabulary().topics if t in section], "ids restated in CONTRACT.md"


def test_every_topic_has_label_and_terms():
    vocab = load_vocabulary()
    assert len(vocab.topics) == 25
    for topic in vocab.topics.values():
        assert topic.label and (topic.phrases or topic.keywords), topic.id
        assert not hasattr(topic, "datasets"), "topic -> dataset links live in the definitions"


def test_topic_links_come_from_the_definitions():
    links = topic_datasets()
    assert set(links) <= set(load_vocabulary().topics)
    assert links["wards-councillors"] == ("councillors", "postcodes", "wards")
    assert links["polling-districts"] == ("polling-districts",)
    assert links["libraries"] == links["first-stop-shops"] == ("libraries-first-stop-shops",)
    assert "datasets:" not in Path(load_vocabulary().path).read_text(encoding="utf-8")


def test_ckan_extension_reads_the_same_loader():
    """ckanext-nlc's vocab module gives the ids and labels of the strict loader."""
    from ckanext.nlc import vocab

    assert vocab.foi_topics() == {t.id: t.label for t in load_vocabulary().topics.values()}
    assert next(iter(vocab.foi_topics().items())) == ("council-tax-bands", "Council tax bands")


@pytest.mark.parametrize(
    "content, message",
    [
        ("topics: [\n", "not valid YAML"),
        (
            "topics:\n  - id: a\n    label: A\n    keywords: [x]\n  - id: a\n    "
            "label: A again\n    keywords: [y]\n",
            "topic 'a' is listed twice",
        ),
        ("topics:\n  - id: bins\n    keywords: [bin]\n", "topics['bins'].label: is required"),
        (
            "topics:\n  - id: bins\n    label: Bins\n    keywords: bin\n",
            "topics['bins'].keywords: Input should be a valid tuple",
        ),
        ("topics:\n  - id: bins\n    label: Bins\n", "topics['bins']: Value error, needs at least one"),
        (
            "topics:\n  - id: bins\n    label: Bins\n    keywords: [bin]\n    colour: blue\n",
            "topics['bins'].colour: unknown field",
        ),
        ("min_score: 0\ntopics:\n  - {id: bins, label: Bins, keywords: [bin]}\n", "min_score: Input should"),
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
