"""The labelled IGLO corpus: reading it, the fixed train/dev/test split, and conversion to
spaCy's binary format. Run as `python -m api.nlp.corpus OUTPUT_DIR` (make does)."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from api.nlp.taxonomy import POLARITIES, load_taxonomy
from api.paths import PROJECT_ROOT

CORPUS_DIR = PROJECT_ROOT / "nlu_data" / "iglo" / "corpus"
SPLITS = ("train", "dev", "test")
LANGUAGES = ("nb", "en")


TRAIN_ONLY_SUFFIX = ".train.jsonl"


@dataclass(frozen=True)
class Statement:
    text: str
    lang: str
    category: str
    polarity: str
    train_only: bool = False

    @property
    def split(self) -> str:
        return "train" if self.train_only else split_of(self.text)


def split_of(text: str) -> str:
    """A statement's split follows from its text alone, so it never moves between runs:
    70 % train, 15 % dev (for calibration and choices), 15 % test (reported only)."""
    bucket = int(hashlib.sha256(text.strip().lower().encode("utf-8")).hexdigest(), 16) % 100
    if bucket < 70:
        return "train"
    return "dev" if bucket < 85 else "test"


def parse_statement(line: str, where: str, train_only: bool = False) -> Statement:
    record = json.loads(line)
    statement = Statement(
        record["text"], record["lang"], record["category"], record["polarity"], train_only
    )
    if statement.category not in load_taxonomy().category_ids:
        raise ValueError(f"{where}: unknown category {statement.category!r}")
    if statement.polarity not in POLARITIES or statement.lang not in LANGUAGES:
        raise ValueError(f"{where}: bad polarity or lang in {record}")
    if not statement.text.strip():
        raise ValueError(f"{where}: empty text")
    return statement


def read_corpus(folder: Path = CORPUS_DIR) -> list[Statement]:
    """Every statement in the corpus folder. Files named `*.train.jsonl` were written after
    the dev and test splits were fixed and are used for training only, so that adding
    training data never changes the statements the model is chosen or measured on."""
    statements: list[Statement] = []
    for path in sorted(folder.glob("*.jsonl")):
        train_only = path.name.endswith(TRAIN_ONLY_SUFFIX)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                statements.append(parse_statement(line, f"{path.name}:{number}", train_only))
    return statements


def in_split(statements: Iterable[Statement], split: str) -> list[Statement]:
    return [statement for statement in statements if statement.split == split]


def joint_label(category: str, polarity: str) -> str:
    """The label of the classifier over category and polarity together."""
    return f"{category}/{polarity}"


def level_label(level: str) -> str:
    """The label of the classifier over the four IGLO levels."""
    return f"level:{level}"


def gold_cats(statement: Statement) -> dict[str, float]:
    """doc.cats for training: one-hot over the 12 categories, over the 4 levels, over the
    2 polarities and over the 24 pairs of category and polarity."""
    taxonomy = load_taxonomy()
    categories = taxonomy.category_ids
    cats = {category: 0.0 for category in categories}
    cats.update({level_label(level): 0.0 for level in taxonomy.levels})
    cats[level_label(taxonomy.level_of(statement.category))] = 1.0
    cats.update({polarity: 0.0 for polarity in POLARITIES})
    cats.update({joint_label(c, p): 0.0 for c in categories for p in POLARITIES})
    cats[statement.category] = 1.0
    cats[statement.polarity] = 1.0
    cats[joint_label(statement.category, statement.polarity)] = 1.0
    return cats


def to_docbin(statements: Iterable[Statement]) -> DocBin:
    tokenizer_only = spacy.blank("xx")
    docbin = DocBin(attrs=[], store_user_data=False)
    for statement in statements:
        doc = tokenizer_only.make_doc(statement.text)
        doc.cats = gold_cats(statement)
        docbin.add(doc)
    return docbin


def write_splits(statements: list[Statement], output: Path) -> Iterator[tuple[str, int]]:
    output.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        part = in_split(statements, split)
        to_docbin(part).to_disk(output / f"{split}.spacy")
        yield split, len(part)


def main(argv: list[str]) -> None:
    output = Path(argv[0]) if argv else PROJECT_ROOT / "training" / "corpus"
    statements = read_corpus()
    for split, count in write_splits(statements, output):
        print(
            f"corpus: {split}: {count} statements -> {output / (split + '.spacy')}", file=sys.stderr
        )


if __name__ == "__main__":
    main(sys.argv[1:])
