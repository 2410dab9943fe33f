"""Keeping added training statements apart from the dev and test splits.

Training-only statements (`*.train.jsonl`) are written after the dev and test splits were
fixed. A near copy of a test statement in training would inflate the test figures, so a
new statement whose character n-grams are too close to any dev or test statement is left
out when it is imported, and a test checks that none is left in the corpus.

Run as `python -m api.nlp.overlap IMPORT_DIR` to import `<category>.<lang>.jsonl` files
written elsewhere into the corpus as `<category>.<lang>.train.jsonl`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from api.nlp.corpus import (
    CORPUS_DIR,
    TRAIN_ONLY_SUFFIX,
    Statement,
    parse_statement,
    read_corpus,
)

NEAR_COPY = 0.8


def closest_similarity(candidates: Sequence[str], references: Sequence[str]) -> list[float]:
    """For each candidate, its highest cosine similarity (character 3-5-grams inside
    words, TF-IDF weighted) to any reference."""
    if not candidates or not references:
        return [0.0] * len(candidates)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    vectorizer.fit([*candidates, *references])
    similarity = vectorizer.transform(candidates) @ vectorizer.transform(references).T
    return [float(row.max()) if row.nnz else 0.0 for row in similarity.tocsr()]


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def admissible(new: list[Statement], corpus: list[Statement]) -> list[Statement]:
    """The new statements that are neither a copy of any statement already kept nor a
    near copy of a dev or test statement."""
    held_out = [s.text for s in corpus if s.split in ("dev", "test")]
    closeness = closest_similarity([s.text for s in new], held_out)
    seen = {normalised(s.text) for s in corpus}
    kept = []
    for statement, similarity in zip(new, closeness, strict=True):
        key = normalised(statement.text)
        if similarity < NEAR_COPY and key not in seen:
            seen.add(key)
            kept.append(statement)
    return kept


def import_folder(source: Path, target: Path = CORPUS_DIR) -> Counter[str]:
    corpus = read_corpus(target)
    counts: Counter[str] = Counter()
    for path in sorted(source.glob("*.jsonl")):
        lines = enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        new = [parse_statement(line, f"{path.name}:{n}", True) for n, line in lines if line.strip()]
        kept = admissible(new, corpus)
        out = target / (path.name.removesuffix(".jsonl") + TRAIN_ONLY_SUFFIX)
        with out.open("a", encoding="utf-8") as handle:
            for statement in kept:
                handle.write(to_json_line(statement) + "\n")
        corpus.extend(kept)
        counts[path.name] = len(kept)
        print(f"overlap: {path.name}: kept {len(kept)} of {len(new)}", file=sys.stderr)
    return counts


def to_json_line(statement: Statement) -> str:
    record = {
        "text": statement.text,
        "lang": statement.lang,
        "category": statement.category,
        "polarity": statement.polarity,
    }
    return json.dumps(record, ensure_ascii=False)


if __name__ == "__main__":
    import_folder(Path(sys.argv[1]))
