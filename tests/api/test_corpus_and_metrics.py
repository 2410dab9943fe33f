"""The labelled corpus, its fixed split, the taxonomy file, metrics and calibration."""

from __future__ import annotations

from collections import Counter

import pytest
import spacy

from api.nlp.calibrate import calibrate_threshold
from api.nlp.classifier import LEVEL_WEIGHT, PAIR_WEIGHT, category_scores, polarity_score
from api.nlp.corpus import (
    Statement,
    gold_cats,
    joint_label,
    level_label,
    parse_statement,
    read_corpus,
    split_of,
)
from api.nlp.metrics import accuracy, bootstrap_intervals, macro_f1, per_label_scores
from api.nlp.overlap import NEAR_COPY, admissible, closest_similarity
from api.nlp.placement import place
from api.nlp.taxonomy import POLARITIES, UNPLACED, load_taxonomy
from api.paths import PROJECT_ROOT


def test_the_taxonomy_has_twelve_categories_on_four_levels_in_both_languages() -> None:
    taxonomy = load_taxonomy()

    assert len(taxonomy.category_ids) == 12
    assert taxonomy.levels == ("individual", "group", "leader", "organisation")
    for category in taxonomy.categories:
        assert category.level in taxonomy.levels
        assert category.id.startswith(category.level + ".")
        for field in (category.name, category.about, category.definition):
            assert field["nb"] and field["en"]
    assert taxonomy.level_of(UNPLACED) == UNPLACED


def test_the_corpus_meets_its_size_and_balance_requirements() -> None:
    corpus = read_corpus()
    per_category = Counter(s.category for s in corpus)
    resources = sum(1 for s in corpus if s.polarity == "resource")

    assert len(corpus) >= 2400
    assert set(per_category) == set(load_taxonomy().category_ids)
    assert min(per_category.values()) >= 200
    for category in per_category:
        langs = Counter(s.lang for s in corpus if s.category == category)
        assert abs(langs["nb"] - langs["en"]) <= 0.1 * per_category[category]
    assert resources >= len(corpus) / 3
    assert len({s.text.strip().lower() for s in corpus}) == len(corpus), "duplicate statements"


def test_the_split_is_fixed_by_the_text_and_roughly_70_15_15() -> None:
    hashed = [s for s in read_corpus() if not s.train_only]
    splits = Counter(s.split for s in hashed)

    assert split_of("Vi har for mye overtid") == split_of("  vi har for mye OVERTID ")
    assert 0.6 < splits["train"] / len(hashed) < 0.8
    assert splits["dev"] > 0.1 * len(hashed) and splits["test"] > 0.1 * len(hashed)


def test_statements_from_train_only_files_never_reach_dev_or_test(tmp_path) -> None:
    line = '{"text": "%s", "lang": "en", "category": "organisation.stigma", "polarity": "demand"}'
    texts = [f"statement number {n} about stigma" for n in range(40)]
    (tmp_path / "organisation.stigma.en.train.jsonl").write_text(
        "\n".join(line % text for text in texts), encoding="utf-8"
    )
    (tmp_path / "organisation.stigma.jsonl").write_text(
        "\n".join(line % text.upper() for text in texts), encoding="utf-8"
    )
    corpus = read_corpus(tmp_path)

    train_only = [s for s in corpus if s.train_only]
    assert len(train_only) == 40 and {s.split for s in train_only} == {"train"}
    assert {s.split for s in corpus if not s.train_only} == {"train", "dev", "test"}


def test_bad_corpus_lines_are_refused_with_their_place() -> None:
    with pytest.raises(ValueError, match="x.jsonl:3: unknown category"):
        parse_statement(
            '{"text": "t", "lang": "nb", "category": "nope", "polarity": "demand"}', "x.jsonl:3"
        )
    with pytest.raises(ValueError, match="bad polarity"):
        parse_statement(
            '{"text": "t", "lang": "nb", "category": "organisation.stigma", "polarity": "meh"}', "x"
        )


def test_gold_cats_are_one_hot_for_each_classifier() -> None:
    statement = parse_statement(
        '{"text": "t", "lang": "en", "category": "organisation.stigma", "polarity": "resource"}',
        "x",
    )
    cats = gold_cats(statement)

    assert sum(cats[c] for c in load_taxonomy().category_ids) == 1.0
    assert cats["organisation.stigma"] == 1.0 and cats["resource"] == 1.0 and cats["demand"] == 0.0
    pairs = {label: value for label, value in cats.items() if "/" in label}
    assert len(pairs) == 24 and sum(pairs.values()) == 1.0
    assert pairs["organisation.stigma/resource"] == 1.0
    levels = {level: cats[level_label(level)] for level in load_taxonomy().levels}
    assert levels == {"individual": 0.0, "group": 0.0, "leader": 0.0, "organisation": 1.0}


def test_the_config_labels_each_classifier_with_the_taxonomy() -> None:
    config = spacy.util.load_config(PROJECT_ROOT / "api" / "nlp" / "config.cfg")
    labels = {name: c["labels"] for name, c in config["initialize"]["components"].items()}
    categories = load_taxonomy().category_ids

    assert labels["textcat_category"] == list(categories)
    assert labels["textcat_level"] == [level_label(level) for level in load_taxonomy().levels]
    assert labels["textcat_polarity"] == list(POLARITIES)
    assert labels["textcat_joint"] == [joint_label(c, p) for c in categories for p in POLARITIES]


def test_category_scores_mix_in_the_pair_and_the_level_classifiers() -> None:
    taxonomy = load_taxonomy()
    cats = {c: 0.0 for c in taxonomy.category_ids} | {"leader.leader_behaviour": 0.6}
    cats |= {"organisation.stigma": 0.2, "organisation.support_culture": 0.2}
    cats |= {joint_label(c, p): 0.0 for c in taxonomy.category_ids for p in POLARITIES}
    cats |= {"leader.leader_behaviour/demand": 0.2, "organisation.stigma/resource": 0.8}
    cats |= {level_label(level): 0.0 for level in taxonomy.levels}
    cats |= {level_label("organisation"): 1.0}

    scores = category_scores(cats)

    with_pairs = {
        "leader.leader_behaviour": (1 - PAIR_WEIGHT) * 0.6 + PAIR_WEIGHT * 0.2,
        "organisation.stigma": (1 - PAIR_WEIGHT) * 0.2 + PAIR_WEIGHT * 0.8,
        "organisation.support_culture": (1 - PAIR_WEIGHT) * 0.2,
    }
    organisation = with_pairs["organisation.stigma"] + with_pairs["organisation.support_culture"]
    voted = (1 - LEVEL_WEIGHT) * organisation + LEVEL_WEIGHT * 1.0
    assert scores["organisation.stigma"] == pytest.approx(
        with_pairs["organisation.stigma"] / organisation * voted
    )
    assert scores["leader.leader_behaviour"] == pytest.approx(
        (1 - LEVEL_WEIGHT) * with_pairs["leader.leader_behaviour"]
    )
    assert sum(scores.values()) == pytest.approx(1.0)
    assert place(scores, 0.0) == "organisation.stigma"
    assert place({c: cats[c] for c in taxonomy.category_ids}, 0.0) == "leader.leader_behaviour"


def test_category_scores_of_a_model_without_pair_or_level_classifier_are_its_own() -> None:
    cats = {c: 1 / 12 for c in load_taxonomy().category_ids}

    assert category_scores(cats) == pytest.approx(cats)


def test_polarity_is_the_mean_of_the_polarity_and_the_pair_classifier() -> None:
    a, b, *others = load_taxonomy().category_ids
    cats = {"demand": 0.6, "resource": 0.4, f"{a}/demand": 0.1, f"{b}/demand": 0.1}
    cats |= {f"{a}/resource": 0.5, f"{b}/resource": 0.3}
    cats |= {f"{c}/{p}": 0.0 for c in others for p in POLARITIES}

    assert polarity_score(cats, "demand") == pytest.approx(0.4)
    assert polarity_score(cats, "resource") == pytest.approx(0.6)
    assert polarity_score({"demand": 0.7, "resource": 0.3}, "demand") == 0.7


def test_metrics_count_p_as_a_miss_but_not_as_a_wrong_placement() -> None:
    gold = ["a", "a", "b", "b"]
    predicted = ["a", UNPLACED, "b", "a"]

    scores = {s.label: s for s in per_label_scores(gold, predicted, ["a", "b"])}

    assert (scores["a"].precision, scores["a"].recall) == (0.5, 0.5)
    assert (scores["b"].precision, scores["b"].recall) == (1.0, 0.5)
    assert macro_f1(gold, predicted, ["a", "b"]) == pytest.approx((0.5 + 2 / 3) / 2)
    assert accuracy(gold, predicted) == 0.5


def test_bootstrap_intervals_are_reproducible_and_hold_the_figure() -> None:
    gold = ["a", "b"] * 50
    predicted = ["a", "b"] * 40 + ["b", "a"] * 10

    def figures(sample: list[int]) -> dict[str, float]:
        return {
            "accuracy": accuracy([gold[i] for i in sample], [predicted[i] for i in sample]),
            "constant": 1.0,
        }

    intervals = bootstrap_intervals(figures, len(gold))

    low, high = intervals["accuracy"]
    assert low < accuracy(gold, predicted) == 0.8 < high
    assert low > 0.6 and high < 0.95
    assert intervals["constant"] == (1.0, 1.0)
    assert bootstrap_intervals(figures, len(gold)) == intervals
    assert bootstrap_intervals(figures, len(gold), seed=8) != intervals
    assert bootstrap_intervals(figures, 0) == {}


def test_calibration_sends_unsure_wrong_guesses_to_p() -> None:
    ids = load_taxonomy().category_ids
    sure = {c: 0.0 for c in ids} | {ids[0]: 0.9}
    unsure_wrong = {c: 0.0 for c in ids} | {ids[0]: 0.3}
    gold = [ids[0]] * 5 + ["organisation.stigma"] * 5  # wrong in category and level
    scores = [sure] * 5 + [unsure_wrong] * 5

    threshold = calibrate_threshold(gold, scores)

    assert 0.3 < threshold <= 0.9
    assert place(unsure_wrong, threshold) == UNPLACED
    assert place(sure, threshold) == ids[0]


def test_placement_chooses_the_level_first_then_the_category_within_it() -> None:
    scores = {c: 0.0 for c in load_taxonomy().category_ids} | {
        "leader.leader_behaviour": 0.34,
        "organisation.support_culture": 0.24,
        "organisation.stigma": 0.22,
        "organisation.policies_practices": 0.2,
    }

    assert place(scores, 0.0) == "organisation.support_culture"
    assert place(scores, 0.3) == UNPLACED


def test_no_training_only_statement_is_a_near_copy_of_a_dev_or_test_statement() -> None:
    corpus = read_corpus()
    added = [s.text for s in corpus if s.train_only]
    held_out = [s.text for s in corpus if s.split in ("dev", "test")]

    closest = closest_similarity(added, held_out)

    assert all(similarity < NEAR_COPY for similarity in closest)


def test_importing_leaves_out_copies_and_near_copies_of_held_out_statements() -> None:
    def statement(text: str, train_only: bool = False) -> Statement:
        return Statement(text, "en", "organisation.stigma", "demand", train_only)

    held_out = [
        statement(t)
        for t in ("People here whisper about anyone on sick leave", "Burnout is a taboo topic")
        if split_of(t) != "train"
    ]
    assert held_out, "the example texts must hash into dev or test"
    new = [
        statement("People here whisper about anyone on sick leave!", True),
        statement("Talking about anxiety at lunch is completely normal for us", True),
        statement("talking about anxiety at lunch is completely normal for us", True),
    ]

    kept = admissible(new, held_out)

    assert [s.text for s in kept] == ["Talking about anxiety at lunch is completely normal for us"]
