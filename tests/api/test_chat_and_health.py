"""POST /api/chat and GET /api/health when Rasa and the action server are not running.

The settings fixture points both at free ports where nothing listens, which is exactly what
a stopped process looks like from the API. The running case is in tests/e2e.
"""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_names_every_component_that_is_down(client: TestClient) -> None:
    response = client.get("/api/health")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["rasa", "action_server"]
    assert body["components"] == {"database": True, "rasa": False, "action_server": False}


def test_chat_says_clearly_when_the_conversation_service_is_down(client: TestClient) -> None:
    response = client.post("/api/chat", json={"sender": "abcdef0123456789", "message": "hei"})

    assert response.status_code == 503
    assert "not available" in response.json()["detail"]


def test_chat_refuses_bad_turns(client: TestClient) -> None:
    bad_turns = [
        {},
        {"sender": "abcdef0123456789"},
        {"sender": "abcdef0123456789", "message": ""},
        {"sender": "abcdef0123456789", "message": "x" * 100_000},
        {"sender": "../../etc/passwd", "message": "hei"},
        {"sender": 12345678, "message": "hei"},
    ]
    for turn in bad_turns:
        response = client.post("/api/chat", json=turn)
        assert response.status_code == 422, turn


def test_the_chat_page_is_served_at_the_root(client: TestClient) -> None:
    page = client.get("/")
    script = client.get("/chat.js")

    assert page.status_code == 200
    assert 'id="composer"' in page.text
    assert "/api/chat" in script.text


def test_a_flood_of_messages_gets_a_clear_429(client: TestClient, settings) -> None:
    turn = {"sender": "flooder0123456789", "message": "hei"}
    allowed = settings.chat_messages_per_minute
    codes = [client.post("/api/chat", json=turn).status_code for _ in range(allowed)]

    assert codes == [503] * allowed  # let through (Rasa is not running in this test)
    last = client.post("/api/chat", json=turn)
    assert last.status_code == 429
    assert "wait" in last.json()["detail"] and last.headers["Retry-After"]


def test_the_rate_limiter_forgets_after_its_window() -> None:
    from api.ratelimit import SlidingWindowLimiter

    now = [0.0]
    limiter = SlidingWindowLimiter(2, 10, clock=lambda: now[0])

    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
    assert limiter.allow("b") and limiter.is_blocked("a")
    now[0] = 10.5
    assert limiter.allow("a") and not limiter.is_blocked("a")
