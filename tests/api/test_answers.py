"""POST /api/answers: the action server's way of storing an answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.db import get_session_factory
from api.models import Answer, Coding
from api.nlp.taxonomy import load_taxonomy
from api.services.answers import code_uncoded_answers
from api.settings import Settings

KEY = {"X-Medvirk-Action-Key": "test-action-key"}


def answer(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "conversation_id": "c0ffee00c0ffee00",
        "question_id": "key_issue",
        "text": "Too much overtime. Mail me at kari@example.no or call 912 34 567.",
        "lang": "en",
        "idempotency_key": "k" * 64,
    }
    return body | overrides


def stored(settings: Settings) -> list[Answer]:
    with get_session_factory(settings.database_url)() as session:
        return list(session.scalars(select(Answer)))


def trained_classifier(settings: Settings) -> Path:
    """The classifier `make` trained; these tests need it and fail without it."""
    trained = Path(settings.classifier_dir)
    if not (trained / "meta.json").exists():
        pytest.fail("no trained classifier: run `make classifier` (make test does)")
    return trained


def test_an_answer_is_stored_scrubbed(client: TestClient, settings: Settings) -> None:
    response = client.post("/api/answers", json=answer(), headers=KEY)

    assert response.status_code == 201
    assert response.json()["text"] == "Too much overtime. Mail me at [EMAIL] or call [PHONE]."
    rows = stored(settings)
    assert [row.text for row in rows] == ["Too much overtime. Mail me at [EMAIL] or call [PHONE]."]
    assert rows[0].conversation_hash != "c0ffee00c0ffee00"


def test_a_stored_answer_carries_the_models_coding(client: TestClient, settings: Settings) -> None:
    trained_classifier(settings)
    body = answer(text="Lederen min gir aldri tilbakemelding på det vi gjør", lang="nb")

    coding = client.post("/api/answers", json=body, headers=KEY).json()["coding"]

    with get_session_factory(settings.database_url)() as session:
        rows = list(session.scalars(select(Coding)))
    assert len(rows) == 1 and rows[0].origin == "model" and rows[0].model_version
    assert coding == {
        "category": rows[0].category,
        "level": rows[0].level,
        "polarity": rows[0].polarity,
        "confidence": rows[0].confidence,
        "origin": "model",
    }
    assert coding["category"] in (*load_taxonomy().category_ids, "P")


def test_without_a_trained_classifier_the_answer_is_still_stored(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    settings.classifier_dir = str(tmp_path / "no-model")

    response = client.post("/api/answers", json=answer(), headers=KEY)

    assert response.status_code == 201
    assert response.json()["coding"] is None
    assert len(stored(settings)) == 1


def test_answers_stored_without_a_classifier_are_coded_once_it_is_ready(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    trained = trained_classifier(settings)
    settings.classifier_dir = str(tmp_path / "still-training")
    for key in ("a", "b"):
        client.post("/api/answers", json=answer(idempotency_key=key * 32), headers=KEY)

    with get_session_factory(settings.database_url)() as session:
        assert code_uncoded_answers(session, tmp_path / "still-training") == 0
        assert code_uncoded_answers(session, trained) == 2
        assert code_uncoded_answers(session, trained) == 0
        codings = list(session.scalars(select(Coding)))
    assert len(codings) == 2 and {c.origin for c in codings} == {"model"}


def test_a_classifier_retrained_while_the_api_runs_codes_the_next_answer(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    trained = trained_classifier(settings)
    served = tmp_path / "iglo"
    shutil.copytree(trained, served)
    settings.classifier_dir = str(served)
    client.post("/api/answers", json=answer(idempotency_key="a" * 32), headers=KEY)

    retrained = tmp_path / "iglo.new"  # swapped in whole, as `make classifier` does
    shutil.copytree(trained, retrained)
    meta = json.loads((retrained / "meta.json").read_text())
    (retrained / "meta.json").write_text(json.dumps(meta | {"version": "9.9.9"}))
    shutil.rmtree(served)
    retrained.rename(served)
    client.post("/api/answers", json=answer(idempotency_key="b" * 32), headers=KEY)

    with get_session_factory(settings.database_url)() as session:
        versions = [c.model_version for c in session.scalars(select(Coding).order_by(Coding.id))]
    assert len(versions) == 2
    assert versions[0] != versions[1] and versions[1].endswith("-9.9.9")


def test_the_same_answer_sent_twice_is_stored_once(client: TestClient, settings: Settings) -> None:
    first = client.post("/api/answers", json=answer(), headers=KEY)
    second = client.post("/api/answers", json=answer(), headers=KEY)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["created"] is False
    assert len(stored(settings)) == 1


def test_different_keys_are_different_answers(client: TestClient, settings: Settings) -> None:
    client.post("/api/answers", json=answer(idempotency_key="a" * 32), headers=KEY)
    client.post("/api/answers", json=answer(idempotency_key="b" * 32), headers=KEY)

    assert len(stored(settings)) == 2


def test_without_the_action_key_nothing_is_stored(client: TestClient, settings: Settings) -> None:
    missing = client.post("/api/answers", json=answer())
    wrong = client.post("/api/answers", json=answer(), headers={"X-Medvirk-Action-Key": "nope"})

    assert (missing.status_code, wrong.status_code) == (401, 401)
    assert "action key" in missing.json()["detail"]
    assert stored(settings) == []


def test_bad_input_is_refused_clearly_and_stores_nothing(
    client: TestClient, settings: Settings
) -> None:
    bad_bodies = [
        {},
        answer(text=""),
        answer(text="x" * 100_000),
        answer(lang="de"),
        answer(question_id=42),
        answer(idempotency_key="short"),
        answer(unexpected="field"),
    ]
    for body in bad_bodies:
        response = client.post("/api/answers", json=body, headers=KEY)
        assert response.status_code == 422, body
        assert response.json()["detail"], body

    not_json = client.post(
        "/api/answers",
        content=b'{"text": "unfinished',
        headers=KEY | {"content-type": "application/json"},
    )
    invalid_utf8 = client.post(
        "/api/answers",
        content=b'{"text": "\xff\xfe"}',
        headers=KEY | {"content-type": "application/json"},
    )
    assert not_json.status_code == 422
    assert "JSON" in str(not_json.json()["detail"])
    assert invalid_utf8.status_code in (400, 422)
    assert invalid_utf8.json()["detail"]
    assert stored(settings) == []
