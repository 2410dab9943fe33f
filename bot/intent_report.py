"""Print intent macro-F1 per language from `rasa test nlu` reports (held-out examples in
nlu_data/heldout/, never trained on), and the intents that score worst.

Usage: python bot/intent_report.py var/reports/intents-nb var/reports/intents-en
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGET = 0.90
SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")


def summarise(report_dir: Path) -> str:
    report = json.loads((report_dir / "intent_report.json").read_text(encoding="utf-8"))
    macro = report["macro avg"]["f1-score"]
    per_intent = {k: v for k, v in report.items() if k not in SUMMARY_ROWS}
    worst = sorted(per_intent.items(), key=lambda item: item[1]["f1-score"])[:3]
    weakest = ", ".join(f"{name} {scores['f1-score']:.2f}" for name, scores in worst)
    verdict = "meets" if macro >= TARGET else "BELOW"
    return (
        f"{report_dir.name}: intent macro-F1 {macro:.3f} over {len(per_intent)} intents, "
        f"{report['macro avg']['support']} examples ({verdict} the {TARGET:.2f} target); "
        f"weakest: {weakest}"
    )


def main(paths: list[str]) -> None:
    for path in paths:
        print(summarise(Path(path)))


if __name__ == "__main__":
    main(sys.argv[1:])
