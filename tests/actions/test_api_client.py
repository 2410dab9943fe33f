"""The API client against a real HTTP server: retries, idempotency, unreachable API."""

from __future__ import annotations

import asyncio
import socket

import pytest

from actions import api_client
from actions.api_client import Answer, ApiConfig, StoredAnswer, idempotency_key
from actions.tracker_reading import last_user_message_timestamp

RECEIPT = {"id": 3, "coding": {"category": "leader.leader_behaviour", "polarity": "demand"}}


def answer() -> Answer:
    return Answer(
        conversation_id="sender0123456789",
        question_id="key_issue",
        text="for mye overtid",
        lang="nb",
        idempotency_key=idempotency_key("sender0123456789", "key_issue", 12.5),
        participant_id="p" * 32,
        level_asked="open",
    )


def submit() -> StoredAnswer | None:
    env = ApiConfig.from_env()
    config = ApiConfig(env.base_url, env.action_key, backoff_seconds=0.01)
    return asyncio.run(api_client.submit_answer(answer(), config))


@pytest.fixture(autouse=True)
def receipt(fake_api) -> None:
    fake_api.bodies = {"/api/answers": RECEIPT}


def test_the_answer_is_sent_with_the_action_key_and_the_receipt_read(fake_api) -> None:
    stored = submit()

    assert stored == StoredAnswer(3, "leader.leader_behaviour", "demand", False)
    assert fake_api.requests[0]["json"]["level_asked"] == "open"
    assert fake_api.headers[0]["X-Medvirk-Action-Key"] == "key-for-tests"


def test_server_errors_are_retried_with_the_same_key(fake_api) -> None:
    fake_api.statuses = [500, 502, 201]

    assert submit() is not None
    assert len(fake_api.requests) == 3
    assert len({r["json"]["idempotency_key"] for r in fake_api.requests}) == 1


def test_after_three_failures_it_gives_up(fake_api) -> None:
    fake_api.statuses = [503]

    assert submit() is None
    assert len(fake_api.requests) == 3


def test_a_refused_answer_is_not_retried(fake_api) -> None:
    fake_api.statuses = [422]

    assert submit() is None
    assert len(fake_api.requests) == 1


def test_an_unreachable_api_gives_none_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("MEDVIRK_API_URL", f"http://127.0.0.1:{port}")
    config = ApiConfig.from_env()

    assert submit() is None
    assert asyncio.run(api_client.resume(config, "c")) is None
    assert asyncio.run(api_client.withdraw_with_code("ABCD", config)) is None
    assert asyncio.run(api_client.save_progress("p", {}, "nb", config)) is False


def test_the_key_identifies_one_message_of_one_conversation() -> None:
    key = idempotency_key("a", "key_issue", 1.5)

    assert key == idempotency_key("a", "key_issue", 1.5)
    assert key != idempotency_key("a", "key_issue", 1.6)
    assert key != idempotency_key("b", "key_issue", 1.5)
    assert key != idempotency_key("a", "other", 1.5)


def test_the_latest_user_message_gives_the_timestamp() -> None:
    events = [{"event": "user", "timestamp": 11.0}, {"event": "user", "timestamp": 12.5}]

    assert last_user_message_timestamp(events) == 12.5
    assert last_user_message_timestamp([{"event": "bot", "timestamp": 3.0}]) == 0.0


def test_a_deletion_code_answer_says_how_many_or_unknown(fake_api) -> None:
    fake_api.bodies = {"/api/participants/withdraw": {"deleted_answers": 4}}
    config = ApiConfig.from_env()
    fake_api.statuses = [200, 404]

    assert asyncio.run(api_client.withdraw_with_code("ABCD-EFGH-JKMN", config)) == 4
    assert asyncio.run(api_client.withdraw_with_code("ABCD-EFGH-JKMZ", config)) == -1
