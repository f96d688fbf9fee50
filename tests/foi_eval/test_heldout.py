"""Topic matching measured on real request titles it was not tuned on (tests/foi_eval/PROVENANCE.md).

Only aggregate figures are printed (overall, per topic, per council): the held-out titles and
their individual errors are never shown, so that nobody tunes the matcher on them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from publication_plan.evaluation import EvaluationSetError, Scores, load_set, score, train_examples
from publication_plan.matching import default_matcher
from publication_plan.model import TopicAssigner, rules_and_model

TITLES = Path(__file__).with_name("titles.csv")
# Issue 15's targets are held-out precision >= 0.90 and recall >= 0.85. Both are still missed at
# the third reading (PROVENANCE.md): precision 0.895 (94 tp, 11 fp) and recall 0.825 (20 fn) on
# 406 titles, 114 pairs, the model also learning from the train part. These floors are the
# measured levels minus 0.02, so the test fails if matching falls back; the gap to the targets
# is stated in PROVENANCE.md, not hidden.
PRECISION_TARGET, RECALL_TARGET = 0.90, 0.85
PRECISION_FLOOR = 0.875
RECALL_FLOOR = 0.805


@pytest.fixture(scope="module")
def items():
    return load_set(TITLES, default_matcher().vocabulary)


def _report(name: str, result: Scores) -> str:
    o = result.overall
    lines = [f"{name}: precision {o.precision:.3f}, recall {o.recall:.3f} (tp/fp/fn {o.tp}/{o.fp}/{o.fn})"]
    for title, table in (("per topic", result.by_topic), ("per council", result.by_council)):
        lines.append(f"  {title}:")
        lines += [
            f"    {k:30s} P {c.precision:.2f}  R {c.recall:.2f}  ({c.tp}/{c.fp}/{c.fn})"
            for k, c in sorted(table.items())
        ]
    return "\n".join(lines)


def test_set_is_real_varied_and_split_by_council(items):
    councils = Counter(i.council for i in items)
    assert len(items) >= 600
    assert len(councils) >= 15
    assert max(councils.values()) / len(items) <= 0.25
    assert all(i.source_url.startswith(("http://", "https://")) for i in items)
    dev = {i.council for i in items if i.split == "dev"}
    held = {i.council for i in items if i.split == "heldout"}
    assert dev and held and not dev & held
    assert sum(1 for i in items if i.topics) >= 150 and sum(1 for i in items if not i.topics) >= 150


def test_heldout_precision_and_recall(items):
    matcher = default_matcher()
    dev = [i for i in items if i.split == "dev"]
    held = [i for i in items if i.split == "heldout"]
    assign = rules_and_model(matcher, extra=train_examples(TITLES, matcher.vocabulary))(dev)
    result = score(held, assign)
    # Round-robin requests send one title to many councils: also measure the held-out titles
    # that no development council received (a model cannot have memorised them).
    seen = {i.title.casefold() for i in dev}
    unseen = score([i for i in held if i.title.casefold() not in seen], assign)
    pairs = sum(len(i.topics) for i in held)
    print(
        f"\n{len(held)} held-out titles ({pairs} pairs), {len(dev)} development titles\n"
        + _report("held-out", result)
        + "\n"
        + _report("held-out titles no development council received", unseen).split("\n")[0]
    )
    # plain floats, so a failure shows no held-out title
    precision, recall = result.overall.precision, result.overall.recall
    print(f"targets: precision {PRECISION_TARGET} (gap {PRECISION_TARGET - precision:+.3f}), "
          f"recall {RECALL_TARGET} (gap {RECALL_TARGET - recall:+.3f})")
    del result, unseen
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR


def test_bare_spending_words_do_not_make_a_spending_request():
    matcher = default_matcher()
    assert [m.topic for m in matcher.matching("Potholes Total Spent")] == ["road-defects"]
    assert [m.topic for m in matcher.matching("How much money is being spent on Libraries")] == ["libraries"]
    assert "council-spending" not in [m.topic for m in matcher.matching("Spending of Council Tax")]
    assert not matcher.matching("Payments to Directors")
    assert not matcher.matching("Self Directed Support Payments to Unpaid Carers")


def test_every_matching_topic_is_kept():
    topics = TopicAssigner(default_matcher()).assign("Councillor expenses and council tax").topics
    assert set(topics) == {"councillor-expenses", "council-tax-bands"}


def test_bad_set_names_file_row_and_field(tmp_path):
    bad = tmp_path / "titles.csv"
    bad.write_text(
        "council,title,topics,split,source_url\nFife Council,Potholes,road-defects;nope,dev,https://x\n",
        encoding="utf-8",
    )
    expected = r"titles.csv, row 2, field 'topics': unknown topic\(s\) nope"
    with pytest.raises(EvaluationSetError, match=expected):
        load_set(bad, default_matcher().vocabulary)
