"""Choosing the confidence under which a statement goes to P, on the dev split only.

A statement sent to P counts as a miss for its true category but as no prediction for
any other, so the threshold that maximises category macro-F1 on dev trades a few unsure
placements for cleaner categories. Run as `python -m api.nlp.calibrate MODEL_DIR`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from api.nlp.metrics import macro_f1
from api.nlp.taxonomy import UNPLACED, load_taxonomy

GRID = [round(step * 0.02, 2) for step in range(0, 46)]


def place(scores: Mapping[str, float], threshold: float) -> str:
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= threshold else UNPLACED


def calibrate_threshold(gold: Sequence[str], scores: Sequence[Mapping[str, float]]) -> float:
    """The threshold on the grid with the best macro-F1 (the lowest among equals)."""
    labels = load_taxonomy().category_ids

    def score_at(threshold: float) -> float:
        return macro_f1(gold, [place(s, threshold) for s in scores], labels)

    return max(GRID, key=lambda t: (round(score_at(t), 6), -t))


def main(argv: list[str]) -> None:
    from api.nlp.classifier import CALIBRATION_FILE
    from api.nlp.corpus import in_split, read_corpus
    from api.nlp.scoring import spacy_category_scores

    model_dir = Path(argv[0])
    dev = in_split(read_corpus(), "dev")
    scores = spacy_category_scores(model_dir, [s.text for s in dev])
    threshold = calibrate_threshold([s.category for s in dev], scores)
    (model_dir / CALIBRATION_FILE).write_text(
        json.dumps({"threshold": threshold, "split": "dev", "statements": len(dev)}) + "\n"
    )
    print(f"calibrate: P threshold {threshold} (dev, {len(dev)} statements)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
