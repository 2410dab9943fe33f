"""`make eval`: the classifier and the baseline on the held-out test split, per language,
and the scrubber on its held-out test set. Prints the report and writes it to
var/reports/eval.md and eval.json.

The test split is read here and nowhere else: training uses train, and every choice
(model selection, the P threshold) uses dev.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from api.nlp.baseline import probabilities, train_baseline
from api.nlp.calibrate import calibrate_threshold
from api.nlp.classifier import DEFAULT_MODEL_DIR, load_classifier
from api.nlp.corpus import LANGUAGES, Statement, in_split, read_corpus
from api.nlp.metrics import accuracy, confusion, macro_f1, per_label_scores
from api.nlp.placement import place
from api.nlp.scoring import spacy_scores
from api.nlp.scrub_eval import evaluate_scrubber, format_scrubber
from api.nlp.taxonomy import UNPLACED, load_taxonomy
from api.paths import VAR_DIR

REPORT_DIR = VAR_DIR / "reports"


@dataclass(frozen=True)
class ModelPredictions:
    name: str
    threshold: float
    categories: list[str]
    polarities: list[str]


def level(category: str) -> str:
    return category.split(".")[0] if category != UNPLACED else UNPLACED


def evaluate(statements: Sequence[Statement], predictions: ModelPredictions) -> dict:
    """Figures for one model, overall and per language."""
    taxonomy = load_taxonomy()
    report: dict = {"model": predictions.name, "threshold": predictions.threshold}
    for lang in (*LANGUAGES, "all"):
        idx = [i for i, s in enumerate(statements) if lang in ("all", s.lang)]
        gold = [statements[i].category for i in idx]
        predicted = [predictions.categories[i] for i in idx]
        report[lang] = {
            "statements": len(idx),
            "category_macro_f1": macro_f1(gold, predicted, taxonomy.category_ids),
            "level_macro_f1": macro_f1(
                [level(c) for c in gold], [level(c) for c in predicted], taxonomy.levels
            ),
            "polarity_accuracy": accuracy(
                [statements[i].polarity for i in idx], [predictions.polarities[i] for i in idx]
            ),
            "unplaced": sum(1 for p in predicted if p == UNPLACED),
            "per_category": [
                asdict(s) for s in per_label_scores(gold, predicted, taxonomy.category_ids)
            ],
            "confusion": [[g, p, n] for (g, p), n in sorted(confusion(gold, predicted).items())],
        }
    return report


def spacy_predictions(model_dir: Path, test: Sequence[Statement]) -> ModelPredictions:
    classifier = load_classifier(model_dir)
    scores, polarities = spacy_scores(model_dir, [s.text for s in test])
    categories = [place(s, classifier.threshold) for s in scores]
    return ModelPredictions(
        f"spaCy ({classifier.version})", classifier.threshold, categories, polarities
    )


def baseline_predictions(
    train: Sequence[Statement], dev: Sequence[Statement], test: Sequence[Statement]
) -> ModelPredictions:
    texts = [s.text for s in train]
    category_model = train_baseline(texts, [s.category for s in train])
    polarity_model = train_baseline(texts, [s.polarity for s in train])
    dev_scores = probabilities(category_model, [s.text for s in dev])
    threshold = calibrate_threshold([s.category for s in dev], dev_scores)
    test_texts = [s.text for s in test]
    categories = [place(s, threshold) for s in probabilities(category_model, test_texts)]
    polarities = list(polarity_model.predict(test_texts))
    return ModelPredictions(
        "baseline (TF-IDF + logistic regression)", threshold, categories, polarities
    )


def _summary_table(reports: list[dict]) -> list[str]:
    lines = [
        "| model | lang | n | category macro-F1 | level macro-F1 | polarity acc. | to P |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for report in reports:
        for lang in (*LANGUAGES, "all"):
            r = report[lang]
            lines.append(
                f"| {report['model']} | {lang} | {r['statements']} | {r['category_macro_f1']:.3f} "
                f"| {r['level_macro_f1']:.3f} | {r['polarity_accuracy']:.3f} | {r['unplaced']} |"
            )
    return lines


def _category_table(report: dict, lang: str) -> list[str]:
    lines = [
        f"#### {report['model']}, {lang}",
        "| category | precision | recall | F1 | support |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in report[lang]["per_category"]:
        figures = f"{s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['support']}"
        lines.append(f"| {s['label']} | {figures} |")
    return lines


def _confusion_table(report: dict, lang: str) -> list[str]:
    taxonomy = load_taxonomy()
    short = [c.split(".")[1][:10] for c in taxonomy.category_ids]
    cells = {(g, p): n for g, p, n in report[lang]["confusion"]}
    lines = [
        f"#### Confusion matrix, {report['model']}, {lang} (rows gold, columns predicted)",
        "| gold \\ predicted | " + " | ".join(short) + " | P |",
        "| --- " * (len(short) + 2) + "|",
    ]
    for gold, name in zip(taxonomy.category_ids, short, strict=True):
        row = [str(cells.get((gold, p), 0)) for p in (*taxonomy.category_ids, UNPLACED)]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    return lines


def format_report(reports: list[dict], scrubber: dict) -> str:
    lines = ["# Medvirk evaluation (test split, never used for training or tuning)", ""]
    lines += _summary_table(reports) + [""]
    gain = reports[0]["all"]["category_macro_f1"] - reports[1]["all"]["category_macro_f1"]
    lines += [f"spaCy minus baseline, category macro-F1 (all): {gain * 100:+.1f} points", ""]
    for report in reports:
        for lang in (*LANGUAGES, "all"):
            lines += _category_table(report, lang) + [""]
    for report in reports:
        for lang in (*LANGUAGES, "all"):
            lines += _confusion_table(report, lang) + [""]
    lines += format_scrubber(scrubber)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    model_dir = Path(argv[0]) if argv else DEFAULT_MODEL_DIR
    corpus = read_corpus()
    train, dev, test = (in_split(corpus, split) for split in ("train", "dev", "test"))
    reports = [
        evaluate(test, spacy_predictions(model_dir, test)),
        evaluate(test, baseline_predictions(train, dev, test)),
    ]
    scrubber = evaluate_scrubber()
    text = format_report(reports, scrubber)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / "eval.md").write_text(text, encoding="utf-8")
    (REPORT_DIR / "eval.json").write_text(
        json.dumps({"classifier": reports, "scrubber": scrubber}, indent=1), encoding="utf-8"
    )
    print(text)
    print(f"eval: written to {REPORT_DIR / 'eval.md'} and eval.json", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
