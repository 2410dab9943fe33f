"""`make eval`: the classifier and the baseline on the held-out test split, per language,
and the scrubber on its held-out test set. Prints the report and writes it to
var/reports/eval.md and eval.json.

The test split is read here and nowhere else: training uses train, and every choice
(model selection, the P threshold) uses dev.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from api.nlp.baseline import probabilities, train_baseline
from api.nlp.calibrate import calibrate_threshold
from api.nlp.classifier import DEFAULT_MODEL_DIR, load_classifier
from api.nlp.corpus import LANGUAGES, Statement, in_split, read_corpus
from api.nlp.metrics import (
    accuracy,
    bootstrap_intervals,
    confusion,
    macro_f1,
    per_label_scores,
)
from api.nlp.placement import place
from api.nlp.scoring import spacy_scores
from api.nlp.scrub_eval import evaluate_scrubber, format_scrubber
from api.nlp.taxonomy import UNPLACED, load_taxonomy
from api.paths import VAR_DIR

REPORT_DIR = VAR_DIR / "reports"
FIGURES = ("category_macro_f1", "level_macro_f1", "polarity_accuracy")


@dataclass(frozen=True)
class ModelPredictions:
    name: str
    threshold: float
    categories: list[str]
    polarities: list[str]


def level(category: str) -> str:
    return category.split(".")[0] if category != UNPLACED else UNPLACED


def figures(
    gold: Sequence[Statement], categories: Sequence[str], polarities: Sequence[str]
) -> dict[str, float]:
    """Category and level macro-F1 and polarity accuracy of one model's predictions."""
    taxonomy = load_taxonomy()
    gold_categories = [s.category for s in gold]
    return {
        "category_macro_f1": macro_f1(gold_categories, categories, taxonomy.category_ids),
        "level_macro_f1": macro_f1(
            [level(c) for c in gold_categories], [level(c) for c in categories], taxonomy.levels
        ),
        "polarity_accuracy": accuracy([s.polarity for s in gold], polarities),
    }


def _resampled(
    gold: Sequence[Statement], categories: Sequence[str], polarities: Sequence[str]
) -> Callable[[Sequence[int]], dict[str, float]]:
    """The figures of one resample, given as indices into the three lists."""

    def figures_of(sample: Sequence[int]) -> dict[str, float]:
        return figures(
            [gold[i] for i in sample],
            [categories[i] for i in sample],
            [polarities[i] for i in sample],
        )

    return figures_of


def evaluate(statements: Sequence[Statement], predictions: ModelPredictions) -> dict:
    """Figures for one model, overall and per language, each with its 95 % bootstrap
    interval over the statements."""
    taxonomy = load_taxonomy()
    report: dict = {"model": predictions.name, "threshold": predictions.threshold}
    for lang in (*LANGUAGES, "all"):
        idx = [i for i, s in enumerate(statements) if lang in ("all", s.lang)]
        gold = [statements[i] for i in idx]
        predicted = [predictions.categories[i] for i in idx]
        polarities = [predictions.polarities[i] for i in idx]
        gold_categories = [s.category for s in gold]
        report[lang] = {
            "statements": len(idx),
            **figures(gold, predicted, polarities),
            "intervals": bootstrap_intervals(_resampled(gold, predicted, polarities), len(idx)),
            "unplaced": sum(1 for p in predicted if p == UNPLACED),
            "per_category": [
                asdict(s)
                for s in per_label_scores(gold_categories, predicted, taxonomy.category_ids)
            ],
            "confusion": [
                [g, p, n] for (g, p), n in sorted(confusion(gold_categories, predicted).items())
            ],
        }
    return report


def category_margin(
    statements: Sequence[Statement], first: ModelPredictions, second: ModelPredictions
) -> dict:
    """How many points of category macro-F1 the first model is ahead of the second over
    all statements, with its paired 95 % bootstrap interval (both models scored on the
    same resamples)."""
    ids = load_taxonomy().category_ids
    gold = [s.category for s in statements]

    def difference(sample: Sequence[int]) -> dict[str, float]:
        sampled_gold = [gold[i] for i in sample]
        return {
            "points": 100
            * (
                macro_f1(sampled_gold, [first.categories[i] for i in sample], ids)
                - macro_f1(sampled_gold, [second.categories[i] for i in sample], ids)
            )
        }

    low, high = bootstrap_intervals(difference, len(statements))["points"]
    return {"points": difference(range(len(statements)))["points"], "interval": [low, high]}


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
        "Each figure with its 95 % bootstrap interval over the statements, in brackets.",
        "",
        "| model | lang | n | category macro-F1 | level macro-F1 | polarity acc. | to P |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for report in reports:
        for lang in (*LANGUAGES, "all"):
            r = report[lang]
            cells = " | ".join(_with_interval(r, name) for name in FIGURES)
            lines.append(
                f"| {report['model']} | {lang} | {r['statements']} | {cells} | {r['unplaced']} |"
            )
    return lines


def _with_interval(figures_of_lang: dict, name: str) -> str:
    low, high = figures_of_lang["intervals"][name]
    return f"{figures_of_lang[name]:.3f} [{low:.3f}, {high:.3f}]"


def _category_table(report: dict, lang: str) -> list[str]:
    lines = [
        f"#### {report['model']}, {lang}",
        "| category | precision | recall | F1 | support |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in report[lang]["per_category"]:
        scores = f"{s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['support']}"
        lines.append(f"| {s['label']} | {scores} |")
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


def format_report(reports: list[dict], margin: dict, scrubber: dict) -> str:
    lines = ["# Medvirk evaluation (test split, never used for training or tuning)", ""]
    lines += _summary_table(reports) + [""]
    low, high = margin["interval"]
    lines += [
        f"spaCy minus baseline, category macro-F1 (all): {margin['points']:+.1f} points "
        f"[{low:+.1f}, {high:+.1f}] (paired bootstrap)",
        "",
    ]
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
    spacy_model = spacy_predictions(model_dir, test)
    baseline = baseline_predictions(train, dev, test)
    reports = [evaluate(test, spacy_model), evaluate(test, baseline)]
    margin = category_margin(test, spacy_model, baseline)
    scrubber = evaluate_scrubber()
    text = format_report(reports, margin, scrubber)
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    (REPORT_DIR / "eval.md").write_text(text, encoding="utf-8")
    (REPORT_DIR / "eval.json").write_text(
        json.dumps(
            {"classifier": reports, "spacy_minus_baseline": margin, "scrubber": scrubber},
            indent=1,
        ),
        encoding="utf-8",
    )
    print(text)
    print(f"eval: written to {REPORT_DIR / 'eval.md'} and eval.json", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
