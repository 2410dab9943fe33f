"""Precision and recall of the scrubber on its labelled sets (nlu_data/scrub/).

Each line gives the original text and the expected text with placeholders. The expected
spans are recovered by aligning the two; a found span counts as correct only when its
kind and its exact extent match an expected one.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from api.nlp.scrub import KINDS, find_personal_data
from api.paths import PROJECT_ROOT

SCRUB_DIR = PROJECT_ROOT / "nlu_data" / "scrub"
_PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")\]")


def expected_spans(text: str, expected: str) -> set[tuple[str, int, int]] | None:
    """(kind, start, end) of each placeholder of `expected` within `text`, or None when
    the two cannot be aligned."""
    kinds = _PLACEHOLDER.findall(expected)
    literals = _PLACEHOLDER.split(expected)[::2]
    pattern = "(.+?)".join(re.escape(part) for part in literals)
    match = re.fullmatch(pattern, text, flags=re.DOTALL)
    if match is None:
        return None
    return {(kind, match.start(i + 1), match.end(i + 1)) for i, kind in enumerate(kinds)}


def evaluate_scrubber(name: str = "scrub_test.jsonl") -> dict:
    path = SCRUB_DIR / name
    counts: Counter[str] = Counter()
    unaligned = 0
    sentences = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        sentences += 1
        gold = expected_spans(row["text"], row["expected"])
        if gold is None:
            unaligned += 1
            continue
        found = {(r.kind, r.start, r.end) for r in find_personal_data(row["text"])}
        for kind in KINDS:
            g = {s for s in gold if s[0] == kind}
            f = {s for s in found if s[0] == kind}
            counts[f"{kind}_tp"] += len(g & f)
            counts[f"{kind}_fp"] += len(f - g)
            counts[f"{kind}_fn"] += len(g - f)
    return {"file": name, "sentences": sentences, "unaligned": unaligned, "counts": dict(counts)}


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def precision_recall(counts: dict[str, int], kinds: tuple[str, ...] = KINDS) -> tuple[float, float]:
    tp = sum(counts.get(f"{k}_tp", 0) for k in kinds)
    fp = sum(counts.get(f"{k}_fp", 0) for k in kinds)
    fn = sum(counts.get(f"{k}_fn", 0) for k in kinds)
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn)


def format_scrubber(result: dict) -> list[str]:
    precision, recall = precision_recall(result["counts"])
    lines = [
        f"## Scrubber on {result['file']} ({result['sentences']} sentences, "
        f"{result['unaligned']} not aligned)",
        "",
        f"All kinds: precision {precision:.3f}, recall {recall:.3f}",
        "",
        "| kind | precision | recall | found correctly | wrongly | missed |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind in KINDS:
        c = result["counts"]
        p, r = precision_recall(c, (kind,))
        lines.append(
            f"| {kind} | {p:.3f} | {r:.3f} | {c.get(kind + '_tp', 0)} | {c.get(kind + '_fp', 0)} "
            f"| {c.get(kind + '_fn', 0)} |"
        )
    return lines
