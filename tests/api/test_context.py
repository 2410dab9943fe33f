"""The context measure (managers' ratings and inventory) stored and summarised under the
anonymity threshold; replacing an answer while reviewing."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from api.services.context import context_items

KEY = {"X-Medvirk-Action-Key": "test-action-key"}
RATING = next(i for i in context_items().values() if i.kind == "rating").id
INVENTORY = next(i for i in context_items().values() if i.kind == "inventory").id


def manager(client: TestClient, code: str, role: str = "middle_manager") -> str:
    body = {"code": code, "lang": "nb", "role": role}
    return client.post("/api/participants", json=body, headers=KEY).json()["participant_id"]


def rate(client: TestClient, participant: str, item: str, value: str):
    return client.post(
        f"/api/participants/{participant}/context",
        json={"item_id": item, "value": value},
        headers=KEY,
    )


def test_a_rating_is_stored_and_a_change_replaces_it(client: TestClient, assessment) -> None:
    person = manager(client, assessment.manager_code)

    first = rate(client, person, RATING, "2")
    changed = rate(client, person, RATING, "4")
    inventory = rate(client, person, INVENTORY, "dont_know")

    assert first.status_code == changed.status_code == inventory.status_code == 201
    assert changed.json() == {"item_id": RATING, "kind": "rating", "value": "4"}


@pytest.mark.parametrize(
    ("item", "value", "status"),
    [("no_such_item", "3", 422), (RATING, "6", 422), (RATING, "yes", 422), (INVENTORY, "3", 422)],
)
def test_bad_items_and_values_are_refused(client, assessment, item, value, status) -> None:
    person = manager(client, assessment.manager_code)

    response = rate(client, person, item, value)

    assert response.status_code == status
    assert response.json()["detail"]


def test_employees_and_strangers_cannot_rate(client: TestClient, assessment) -> None:
    employee = client.post(
        "/api/participants", json={"code": assessment.employee_code, "lang": "en"}, headers=KEY
    )

    assert rate(client, employee.json()["participant_id"], RATING, "3").status_code == 409
    assert rate(client, "x" * 32, RATING, "3").status_code == 404


def test_the_summary_shows_the_context_only_from_k_managers(client, assessment, auth) -> None:
    people = [manager(client, assessment.manager_code) for _ in range(3)]
    for person, value in zip(people[:2], ("2", "4"), strict=True):
        rate(client, person, RATING, value)
    path = f"/api/assessments/{assessment.assessment.id}/summary"

    two = client.get(path, headers=auth).json()["context"]
    rate(client, people[2], RATING, "dont_know")
    rate(client, people[2], INVENTORY, "yes")
    three = client.get(path, headers=auth).json()["context"]
    csv_text = client.get(
        f"/api/assessments/{assessment.assessment.id}/export/summary.csv", headers=auth
    ).text
    client.delete(f"/api/participants/{people[0]}", headers=KEY)
    after_withdrawal = client.get(path, headers=auth).json()["context"]

    assert two[RATING] == {"suppressed": True, "text": context_items()[RATING].text}
    assert three[RATING]["answers"] == 3
    assert three[RATING]["counts"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0, "dont_know": 1}
    assert three[RATING]["mean"] == 3.0
    assert three[INVENTORY]["suppressed"] is True  # one answer only
    assert after_withdrawal[RATING]["suppressed"] is True
    assert three[RATING]["text"]["en"] == context_items()[RATING].text["en"]
    assert f"context,{RATING},2,1" in csv_text


def test_a_small_cell_of_managers_is_left_out(client, assessment, auth) -> None:
    middle = [manager(client, assessment.manager_code) for _ in range(3)]
    senior = manager(client, assessment.manager_code, role="senior_manager")
    for person in [*middle, senior]:
        rate(client, person, RATING, "5")

    context = client.get(
        f"/api/assessments/{assessment.assessment.id}/summary", headers=auth
    ).json()["context"]

    assert context[RATING]["answers"] == 3  # the lone senior manager is not counted


def test_replacing_an_answer_removes_the_old_one_only_for_its_owner(client, assessment) -> None:
    owner = manager(client, assessment.manager_code)
    other = manager(client, assessment.manager_code)
    body = {
        "conversation_id": owner,
        "participant_id": owner,
        "question_id": "barriers",
        "text": "No time",
        "lang": "en",
        "source": "interview",
        "idempotency_key": uuid.uuid4().hex,
    }
    answer_id = client.post("/api/answers", json=body, headers=KEY).json()["id"]

    by_other = client.delete(f"/api/participants/{other}/answers/{answer_id}", headers=KEY)
    by_owner = client.delete(f"/api/participants/{owner}/answers/{answer_id}", headers=KEY)

    assert by_other.status_code == 404
    assert by_owner.status_code == 204
    assert client.get(f"/api/participants/{owner}/answers", headers=KEY).json() == []


def test_the_summary_counts_the_priorities_by_category(client, assessment, auth) -> None:
    people = [
        client.post(
            "/api/participants", json={"code": assessment.employee_code, "lang": "en"}, headers=KEY
        ).json()["participant_id"]
        for _ in range(3)
    ]
    for person in people:
        body = {
            "conversation_id": person,
            "participant_id": person,
            "question_id": "priority",
            "text": "More staff on the evening shifts",
            "lang": "en",
            "idempotency_key": uuid.uuid4().hex,
        }
        answer_id = client.post("/api/answers", json=body, headers=KEY).json()["id"]
        client.post(
            f"/api/answers/{answer_id}/codings",
            headers=KEY,
            json={
                "category": "individual.work_content",
                "polarity": "demand",
                "origin": "participant_corrected",
            },
        )

    summary = client.get(f"/api/assessments/{assessment.assessment.id}/summary", headers=auth)

    assert summary.json()["priorities"] == {"individual.work_content": 3}
