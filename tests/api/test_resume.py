"""Resuming a conversation: by the chat page's conversation id or a resume code, with the
progress the action server saved; withdrawing in the middle; reviewing one's answers."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from api.db import get_session_factory
from api.services.assessments import (
    close_assessment,
    get_assessment,
)

KEY = {"X-Medvirk-Action-Key": "test-action-key"}


def opened(client: TestClient, code: str, conversation: str, role: str | None = None) -> str:
    body = {"code": code, "lang": "nb", "conversation_id": conversation}
    response = client.post("/api/participants", json=body | ({"role": role} if role else {}),
                           headers=KEY)  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json()["participant_id"]


def answer(client: TestClient, participant: str, text: str) -> int:
    body = {
        "conversation_id": participant,
        "participant_id": participant,
        "question_id": "individual",
        "text": text,
        "lang": "nb",
        "idempotency_key": uuid.uuid4().hex,
    }
    response = client.post("/api/answers", json=body, headers=KEY)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_page_resumes_where_it_stopped(client: TestClient, assessment) -> None:
    participant = opened(client, assessment.employee_code, "page-1")
    saved = client.put(
        f"/api/participants/{participant}/progress",
        json={"lang": "en", "progress": {"question": "leader", "probed": True}},
        headers=KEY,
    )
    resumed = client.post("/api/participants/resume", json={"conversation_id": "page-1"},
                          headers=KEY)  # fmt: skip
    other_page = client.post("/api/participants/resume", json={"conversation_id": "page-2"},
                             headers=KEY)  # fmt: skip

    assert saved.status_code == 204
    assert resumed.status_code == 200
    assert resumed.json() == {
        "participant_id": participant,
        "role": "employee",
        "lang": "en",
        "k": 3,
        "progress": {"question": "leader", "probed": True},
    }
    assert other_page.status_code == 404


def test_a_resume_code_works_from_anywhere_until_finished(client: TestClient, assessment) -> None:
    participant = opened(client, assessment.manager_code, "laptop", role="middle_manager")
    code = client.post(f"/api/participants/{participant}/resume-code", headers=KEY).json()
    typed = code["resume_code"].lower().replace("-", " ")

    on_phone = client.post("/api/participants/resume", json={"resume_code": typed}, headers=KEY)
    client.post(f"/api/participants/{participant}/complete", headers=KEY)
    after_finishing = client.post("/api/participants/resume", json={"resume_code": typed},
                                  headers=KEY)  # fmt: skip
    progress_after = client.put(f"/api/participants/{participant}/progress",
                                json={"lang": "nb", "progress": {}}, headers=KEY)  # fmt: skip

    assert on_phone.status_code == 200
    assert on_phone.json()["role"] == "middle_manager"
    assert after_finishing.status_code == 404
    assert progress_after.status_code == 409


def test_resume_needs_something_to_resume_by(client: TestClient, assessment) -> None:
    empty = client.post("/api/participants/resume", json={}, headers=KEY)
    no_key = client.post("/api/participants/resume", json={"conversation_id": "x"})

    assert empty.status_code == 422
    assert no_key.status_code in (401, 403)


def test_a_closed_assessment_cannot_be_resumed(client: TestClient, settings, assessment) -> None:
    opened(client, assessment.employee_code, "page-3")
    with get_session_factory(settings.database_url)() as session:
        close_assessment(session, get_assessment(session, assessment.assessment.id))

    resumed = client.post("/api/participants/resume", json={"conversation_id": "page-3"},
                          headers=KEY)  # fmt: skip

    assert resumed.status_code == 409


def test_withdrawing_midway_removes_everything_said(client: TestClient, assessment) -> None:
    participant = opened(client, assessment.employee_code, "page-4")
    answer(client, participant, "For mye overtid")
    answer(client, participant, "Gode kolleger")

    own = client.get(f"/api/participants/{participant}/answers", headers=KEY)
    removed = client.delete(f"/api/participants/{participant}", headers=KEY)
    again = client.delete(f"/api/participants/{participant}", headers=KEY)
    resumed = client.post("/api/participants/resume", json={"conversation_id": "page-4"},
                          headers=KEY)  # fmt: skip

    assert [a["text"] for a in own.json()] == ["For mye overtid", "Gode kolleger"]
    assert all(a["category"] for a in own.json())
    assert removed.json() == {"deleted_answers": 2}
    assert again.status_code == 404
    assert resumed.status_code == 404
