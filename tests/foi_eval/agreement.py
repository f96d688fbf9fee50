"""Agreement of the original and second labellings (issue 15): ``python -m tests.foi_eval.agreement``.

Every (title, topic) pair of the set is one yes/no decision (948 rows x 25 topics). Prints raw
agreement and Cohen's kappa of original vs second labels, overall and per split, the agreement
of each labelling with the adjudicated labels, exact agreement per title, and the labels the
adjudication added and removed per split and per topic. Reads labels only, never the matcher.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from publication_plan.vocabulary import load_vocabulary
from tests.foi_eval import blind, build

Labels = dict[tuple[str, str], frozenset[str]]


@dataclass(frozen=True)
class Agreement:
    """Agreement of two labellings over yes/no (title, topic) decisions."""

    decisions: int
    both_yes: int
    only_first: int
    only_second: int

    @property
    def raw(self) -> float:
        return 1 - (self.only_first + self.only_second) / self.decisions

    @property
    def kappa(self) -> float:
        n = self.decisions
        first, second = (self.both_yes + self.only_first) / n, (self.both_yes + self.only_second) / n
        expected = first * second + (1 - first) * (1 - second)
        return (self.raw - expected) / (1 - expected)


def agreement(first: Labels, second: Labels, keys: list[tuple[str, str]], topics: list[str]) -> Agreement:
    """Agreement of ``first`` and ``second`` on every (key, topic) decision."""
    counts = Counter((t in first[k], t in second[k]) for k in keys for t in topics)
    return Agreement(len(keys) * len(topics), counts[True, True], counts[True, False], counts[False, True])


def read_second(path: Path = blind.SECOND) -> Labels:
    """The second labelling, ``(council, title key) -> topics``."""
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        council, title, topics = line.split("\t")
        labels[council, build.title_key(title)] = frozenset(build._topic_ids(topics))
    return labels


def _labels(rows: list[build.Row]) -> Labels:
    return {(r.council, build.title_key(r.title)): frozenset(r.topics) for r in rows}


def _quoted_in_notes(keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Rows whose title text occurs in the collectors' notes or PROVENANCE.md (read before pass 1)."""
    notes = [p.read_text(encoding="utf-8") for p in sorted(build.COLLECTED.glob("*.md"))]
    provenance = (build.HERE / "PROVENANCE.md").read_text(encoding="utf-8")
    text = build.title_key(" ".join([*notes, provenance.split("## Second labelling")[0]]))
    return {k for k in keys if k[1] in text}


def report() -> str:
    topics = list(load_vocabulary().topics)
    original_rows = build.build(adjudication=None)
    original, final, second = _labels(original_rows), _labels(build.build()), read_second()
    split = {(r.council, build.title_key(r.title)): r.split for r in original_rows}
    lines = ["labelling pair, part: decisions, raw agreement, Cohen's kappa, titles with identical labels"]
    for name, a, b in [("original vs second", original, second), ("original vs adjudicated", original, final),
                       ("second vs adjudicated", second, final)]:
        for part in ("all", "dev", "heldout"):
            keys = [k for k in original if part in ("all", split[k])]
            agree = agreement(a, b, keys, topics)
            same = sum(a[k] == b[k] for k in keys)
            lines.append(
                f"  {name:24s} {part:8s} {agree.decisions:6d}  {agree.raw:.4f}  kappa {agree.kappa:.3f}  "
                f"{same}/{len(keys)} titles (yes/yes {agree.both_yes}, only first {agree.only_first}, "
                f"only second {agree.only_second})"
            )
    quoted = _quoted_in_notes(list(original))
    for part, keys in (("quoted in notes", quoted), ("not quoted", [k for k in original if k not in quoted])):
        agree = agreement(original, second, keys, topics)
        lines.append(
            f"  original vs second       {part:15s} {len(keys)} rows  {agree.raw:.4f}  "
            f"kappa {agree.kappa:.3f}  (yes/yes {agree.both_yes}, only first {agree.only_first}, "
            f"only second {agree.only_second})"
        )
    lines.append("adjudication, original -> adjudicated labels (pairs):")
    for part in ("dev", "heldout"):
        keys = [k for k in original if split[k] == part]
        added = Counter(t for k in keys for t in final[k] - original[k])
        removed = Counter(t for k in keys for t in original[k] - final[k])
        before, after = sum(len(original[k]) for k in keys), sum(len(final[k]) for k in keys)
        lines.append(f"  {part}: {before} -> {after} pairs, +{sum(added.values())} -{sum(removed.values())}")
        lines += [f"    {t:26s} +{added[t]} -{removed[t]}" for t in topics if added[t] or removed[t]]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
