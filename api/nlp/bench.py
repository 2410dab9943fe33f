"""`make bench` (classifier part): throughput in words per second on one core, and the
latency of coding a single statement, through the production path (scrub, then classify).

Runs pinned to one CPU core. Statements are the dev and test splits, repeated until the
run has at least MIN_WORDS words.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from api.nlp.classifier import DEFAULT_MODEL_DIR, load_classifier
from api.nlp.corpus import in_split, read_corpus
from api.nlp.scrub import scrub

MIN_WORDS = 200_000
LATENCY_SAMPLES = 500


def pin_to_one_core() -> int:
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return core


def main(argv: list[str]) -> None:
    model_dir = Path(argv[0]) if argv else DEFAULT_MODEL_DIR
    core = pin_to_one_core()
    classifier = load_classifier(model_dir)
    corpus = read_corpus()
    texts = [s.text for s in in_split(corpus, "dev") + in_split(corpus, "test")]
    words_per_pass = sum(len(t.split()) for t in texts)
    passes = -(-MIN_WORDS // words_per_pass)
    stream = texts * passes

    list(classifier.code(texts[:50]))  # warm up
    started = time.perf_counter()
    coded = sum(1 for _ in classifier.code(stream))
    elapsed = time.perf_counter() - started
    words = words_per_pass * passes
    scrubbed = [scrub(text).text for text in texts] * passes
    started = time.perf_counter()
    sum(1 for _ in classifier.code_docs(scrubbed))
    classify_only = time.perf_counter() - started

    latencies = []
    for text in (texts * 2)[:LATENCY_SAMPLES]:
        one = time.perf_counter()
        list(classifier.code([text]))
        latencies.append((time.perf_counter() - one) * 1000)
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18]

    print(f"classifier: core {core}, {coded} statements, {words} words in {elapsed:.2f} s")
    print(f"classifier throughput: {words / classify_only:,.0f} words/s (one core, classify only)")
    print(f"scrub + classify throughput: {words / elapsed:,.0f} words/s (one core)")
    print(
        f"single statement latency: p50 {p50:.2f} ms, p95 {p95:.2f} ms ({len(latencies)} samples)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
