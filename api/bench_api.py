"""`make bench` (API part): answer ingestion and summary latency, on SQLite and, when
MEDVIRK_BENCH_POSTGRES_URL names a server, on PostgreSQL.

Ingestion goes through the service the endpoint calls (scrub, classify, store with its
coding, one transaction per answer). The summary is timed over 100,000 stored statements,
inserted in bulk beforehand.
"""

from __future__ import annotations

import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from api.db import get_session_factory, migrate
from api.models import Answer, Coding, Participant
from api.nlp.classifier import DEFAULT_MODEL_DIR
from api.nlp.corpus import read_corpus
from api.nlp.taxonomy import load_taxonomy
from api.schemas import AnswerIn
from api.services.answers import store_answer
from api.services.assessments import create_assessment
from api.services.results import summary

INGEST_ANSWERS = 2_000
SUMMARY_STATEMENTS = 100_000
PARTICIPANTS = 2_000
ROLES = ("employee", "middle_manager", "senior_manager")


def bench_ingestion(url: str, texts: list[str]) -> float:
    with get_session_factory(url)() as session:
        store_answer(session, _answer(texts[0]), DEFAULT_MODEL_DIR)  # load the model
        started = time.perf_counter()
        for text_ in texts[:INGEST_ANSWERS]:
            store_answer(session, _answer(text_), DEFAULT_MODEL_DIR)
        return INGEST_ANSWERS / (time.perf_counter() - started)


def _answer(text_: str) -> AnswerIn:
    return AnswerIn(
        conversation_id="bench",
        question_id="key_issue",
        text=text_,
        lang="nb",
        idempotency_key=uuid.uuid4().hex,
    )


def fill(url: str, texts: list[str]) -> int:
    """An assessment with PARTICIPANTS people and SUMMARY_STATEMENTS coded statements."""
    rng = random.Random(7)
    categories = load_taxonomy().category_ids
    with get_session_factory(url)() as session:
        assessment = create_assessment(session, "bench", k=5).assessment
        people = [
            {"id": secrets.token_hex(16), "assessment_id": assessment.id,
             "role": rng.choice(ROLES), "lang": rng.choice(("nb", "en"))}
            for _ in range(PARTICIPANTS)
        ]  # fmt: skip
        session.execute(insert(Participant), people)
        answers = [
            {"conversation_hash": "bench", "participant_id": rng.choice(people)["id"],
             "question_id": "key_issue", "text": rng.choice(texts), "lang": "nb",
             "source": rng.choice(("chat", "interview")), "idempotency_key": uuid.uuid4().hex}
            for _ in range(SUMMARY_STATEMENTS)
        ]  # fmt: skip
        session.execute(insert(Answer), answers)
        ids = session.execute(text("SELECT id FROM answers WHERE conversation_hash = 'bench'"))
        codings = [
            {"answer_id": answer_id, "category": (c := rng.choice(categories)),
             "level": c.split(".")[0], "polarity": rng.choice(("demand", "resource")),
             "confidence": 0.5, "origin": "model"}
            for (answer_id,) in ids
        ]  # fmt: skip
        session.execute(insert(Coding), codings)
        session.commit()
        return assessment.id


def bench_summary(url: str, assessment_id: int) -> tuple[float, float]:
    from api.models import Assessment

    timings = []
    with get_session_factory(url)() as session:
        assessment = session.get(Assessment, assessment_id)
        for _ in range(5):
            started = time.perf_counter()
            result = summary(session, assessment)
            timings.append(time.perf_counter() - started)
    assert result["statements"] > 0
    return statistics.median(timings), max(timings)


def run(name: str, url: str, texts: list[str]) -> None:
    migrate(url)
    rate = bench_ingestion(url, texts)
    assessment_id = fill(url, texts)
    median, worst = bench_summary(url, assessment_id)
    print(f"{name}: ingestion {rate:,.0f} answers/s (scrub + classify + store, one at a time)")
    print(f"{name}: summary over {SUMMARY_STATEMENTS:,} statements: median {median * 1000:,.0f} ms,"
          f" worst of 5 {worst * 1000:,.0f} ms")  # fmt: skip


def _postgres_database(admin_url: str) -> str:
    name = f"medvirk_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    texts = [s.text for s in read_corpus()]
    with tempfile.TemporaryDirectory() as folder:
        run("sqlite", f"sqlite:///{Path(folder) / 'bench.db'}", texts)
    admin_url = os.environ.get("MEDVIRK_BENCH_POSTGRES_URL")
    if not admin_url:
        print("postgresql: skipped (MEDVIRK_BENCH_POSTGRES_URL is not set)", file=sys.stderr)
        return
    url = _postgres_database(admin_url)
    try:
        run("postgresql", url, texts)
    finally:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = make_url(url).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
