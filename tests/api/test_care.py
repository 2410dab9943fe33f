"""Noticing crisis, suicidal thoughts and self-harm in answers, in both languages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.nlp.care import mentions_crisis

CRISIS = [
    "Jeg har tenkt mye på selvmord i det siste",
    "jeg vil ikke leve lenger",
    "Noen ganger skader jeg meg selv etter vakta",
    "I keep thinking I want to die",
    "Honestly I've thought about killing myself",
    "I've started self-harming again",
]
ORDINARY = [
    "Vi har for mye overtid og det tar livet av motivasjonen",
    "Denne turnusen dreper meg",
    "The deadlines are killing me",
    "My manager says I'm dead wrong about everything",
    "Kolleger som ikke hjelper hverandre",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_is_noticed(text: str) -> None:
    assert mentions_crisis(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_figures_of_speech_are_not_crisis(text: str) -> None:
    assert not mentions_crisis(text)


def test_the_answer_receipt_says_when_care_is_needed(client: TestClient) -> None:
    key = {"X-Medvirk-Action-Key": "test-action-key"}
    body = {
        "conversation_id": "c0ffee00c0ffee00",
        "question_id": "key_issue",
        "lang": "nb",
        "idempotency_key": "q" * 32,
    }

    crisis = client.post("/api/answers", json=body | {"text": CRISIS[0]}, headers=key)
    ordinary = client.post(
        "/api/answers", json=body | {"text": ORDINARY[0], "idempotency_key": "r" * 32}, headers=key
    )

    assert crisis.json()["care_needed"] is True
    assert ordinary.json()["care_needed"] is False
