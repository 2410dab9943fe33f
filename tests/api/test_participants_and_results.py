"""Participants through the action server's endpoints, and what facilitators may see:
the anonymity threshold under filters and under differences of filters."""

from __future__ import annotations

import itertools
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.db import get_session_factory
from api.models import Answer, Assessment, Coding, Participant
from api.services.assessments import NewAssessment, create_assessment

KEY = {"X-Medvirk-Action-Key": "test-action-key"}
STIGMA = "organisation.stigma"
WORKLOAD = "individual.work_content"


def open_participant(client: TestClient, code: str, role: str | None = None, lang: str = "nb"):
    body = {"code": code, "lang": lang} | ({"role": role} if role else {})
    return client.post("/api/participants", json=body, headers=KEY)


def say(client: TestClient, participant: str, text: str, category: str, polarity: str = "demand",
        lang: str = "nb", source: str = "chat") -> int:  # fmt: skip
    """Store an answer and the participant's corrected coding; returns the answer id."""
    answer = client.post(
        "/api/answers",
        json={
            "conversation_id": participant,
            "participant_id": participant,
            "question_id": "key_issue",
            "text": text,
            "lang": lang,
            "source": source,
            "idempotency_key": uuid.uuid4().hex,
        },
        headers=KEY,
    )
    assert answer.status_code == 201, answer.text
    answer_id = answer.json()["id"]
    coding = client.post(
        f"/api/answers/{answer_id}/codings",
        json={"category": category, "polarity": polarity, "origin": "participant_corrected"},
        headers=KEY,
    )
    assert coding.status_code == 201, coding.text
    return answer_id


def people(client: TestClient, code: str, count: int, role: str | None = None,
           lang: str = "nb") -> list[str]:  # fmt: skip
    return [
        open_participant(client, code, role, lang).json()["participant_id"] for _ in range(count)
    ]


def test_invite_codes_open_participants_however_typed(client: TestClient, assessment) -> None:
    typed = " " + assessment.employee_code.lower().replace("-", " ") + " "

    employee = open_participant(client, typed)
    manager = open_participant(client, assessment.manager_code, role="senior_manager")
    no_role = open_participant(client, assessment.manager_code)
    unknown = open_participant(client, "AAAA-BBBB-CCCC")

    assert employee.status_code == 201 and employee.json()["role"] == "employee"
    assert manager.json()["role"] == "senior_manager"
    assert no_role.status_code == 409 and "role" in no_role.json()["detail"]
    assert unknown.status_code == 404 and unknown.json()["detail"] == "unknown invite code"


def test_a_closed_assessment_opens_no_one(client: TestClient, assessment, auth) -> None:
    client.post(f"/api/assessments/{assessment.assessment.id}/close", headers=auth)

    response = open_participant(client, assessment.employee_code)

    assert response.status_code == 409 and "closed" in response.json()["detail"]


def test_codings_keep_their_history(client: TestClient, assessment, settings) -> None:
    [someone] = people(client, assessment.employee_code, 1)
    answer_id = say(client, someone, "Ingen snakker om psykisk helse her", STIGMA)
    bad = client.post(
        f"/api/answers/{answer_id}/codings",
        json={"category": "nope", "polarity": "demand", "origin": "participant_confirmed"},
        headers=KEY,
    )

    with get_session_factory(settings.database_url)() as session:
        origins = list(session.scalars(select(Coding.origin).order_by(Coding.id)))
    assert origins[-1] == "participant_corrected"
    assert len(origins) in (1, 2)  # the model's coding first, when a classifier is trained
    assert bad.status_code == 422 and "unknown category" in bad.json()["detail"]


def test_an_answer_for_an_unknown_participant_is_refused(client: TestClient, settings) -> None:
    response = client.post(
        "/api/answers",
        json={
            "conversation_id": "c",
            "participant_id": "nobody",
            "question_id": "key_issue",
            "text": "noe",
            "lang": "nb",
            "idempotency_key": "z" * 32,
        },
        headers=KEY,
    )

    assert response.status_code == 404 and response.json()["detail"] == "unknown participant"
    with get_session_factory(settings.database_url)() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 0


def test_withdrawal_removes_that_participants_answers_only(
    client: TestClient, assessment, settings
) -> None:
    leaving, staying = people(client, assessment.employee_code, 2)
    say(client, leaving, "For mye overtid", WORKLOAD)
    say(client, leaving, "Tabu å si at man sliter", STIGMA)
    say(client, staying, "Gode kollegaer", "group.colleague_relations", "resource")

    code = client.post(f"/api/participants/{leaving}/complete", headers=KEY).json()["deletion_code"]
    withdrawn = client.post(
        "/api/participants/withdraw", json={"deletion_code": code.lower()}, headers=KEY
    )
    again = client.post("/api/participants/withdraw", json={"deletion_code": code}, headers=KEY)

    assert withdrawn.json() == {"deleted_answers": 2}
    assert again.status_code == 404
    with get_session_factory(settings.database_url)() as session:
        assert list(session.scalars(select(Answer.participant_id))) == [staying]
        assert list(session.scalars(select(Participant.id))) == [staying]


@pytest.fixture
def workplace(client: TestClient, assessment) -> NewAssessment:
    """3 Norwegian employees (stigma, and one workload), 2 senior managers (a group
    smaller than k = 3), 1 English-speaking employee (also smaller than k)."""
    employees = people(client, assessment.employee_code, 3)
    for person in employees:
        say(client, person, "Tabu å snakke om psykisk helse", STIGMA)
    say(client, employees[0], "Alt for mye å gjøre", WORKLOAD)
    for person in people(client, assessment.manager_code, 2, role="senior_manager"):
        say(client, person, "Lederne har for stor arbeidsmengde", WORKLOAD)
    [english] = people(client, assessment.employee_code, 1, lang="en")
    say(client, english, "Nobody talks about burnout", STIGMA, lang="en")
    return assessment


FILTERS = {
    "role": [None, "employee", "senior_manager"],
    "lang": [None, "nb", "en"],
    "category": [None, STIGMA, WORKLOAD],
    "polarity": [None, "demand"],
}


def statements(client: TestClient, assessment_id: int, auth, **filters) -> dict:
    params = {k: v for k, v in filters.items() if v is not None}
    response = client.get(
        f"/api/assessments/{assessment_id}/statements", params=params, headers=auth
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_no_filter_combination_shows_fewer_than_k(client: TestClient, workplace, auth) -> None:
    assessment_id = workplace.assessment.id
    results = {}
    for values in itertools.product(*FILTERS.values()):
        filters = dict(zip(FILTERS, values, strict=True))
        body = statements(client, assessment_id, auth, **filters)
        if not body["suppressed"]:
            assert body["participants"] >= 3
            assert {s["role"] for s in body["statements"]} <= {"employee"}
            assert {s["lang"] for s in body["statements"]} <= {"nb"}
        results[values] = {s["id"] for s in body["statements"]}

    # The small groups add nothing to any total, so subtracting one result from another
    # (everyone minus the employees, everyone minus the Norwegians) reveals nothing.
    everything = results[(None, None, None, None)]
    assert len(everything) == 4
    assert (
        everything == results[("employee", None, None, None)] == results[(None, "nb", None, None)]
    )


def test_summary_leaves_out_small_groups_and_hides_quotes_below_quote_k(
    client: TestClient, workplace, auth
) -> None:
    summary = client.get(f"/api/assessments/{workplace.assessment.id}/summary", headers=auth).json()

    assert summary["participants"] == 3
    assert summary["category"] == {STIGMA: 3, WORKLOAD: 1}
    assert set(summary["by_role"]) == {"employee"}
    assert summary["most_confirmed"] == []  # 3 people are fewer than quote_k = 4
    texts = statements(client, workplace.assessment.id, auth)["statements"]
    assert {s["text"] for s in texts} == {None}


def test_a_narrow_filter_is_suppressed(client: TestClient, workplace, auth) -> None:
    body = statements(client, workplace.assessment.id, auth, category=WORKLOAD)

    assert body == {"suppressed": True, "k": 3, "participants": None, "quotes_shown": False,
                    "statements": []}  # fmt: skip


def test_facilitator_results_need_a_token_and_a_real_assessment(
    client: TestClient, workplace, auth
) -> None:
    path = f"/api/assessments/{workplace.assessment.id}"
    assert client.get(path + "/summary").status_code == 401
    assert (
        client.get(path + "/statements", headers={"Authorization": "Bearer x"}).status_code == 401
    )
    assert client.get("/api/assessments/9999/summary", headers=auth).status_code == 404
    assert client.get(path + "/statements?role=ceo", headers=auth).status_code == 422
    participation = client.get(path + "/participation", headers=auth).json()
    assert participation == {
        "employee": {"started": 4, "completed": 0},
        "senior_manager": {"started": 2, "completed": 0},
    }


def test_guessing_invite_codes_is_stopped_with_429(client: TestClient, assessment) -> None:
    guesses = [
        client.post(
            "/api/participants",
            json={"code": f"AAAA-BBBB-{n:04d}", "lang": "nb", "conversation_id": "guesser"},
            headers=KEY,
        )
        for n in range(11)
    ]
    right_code_too_late = client.post(
        "/api/participants",
        json={"code": assessment.employee_code, "lang": "nb", "conversation_id": "guesser"},
        headers=KEY,
    )
    someone_else = open_participant(client, assessment.employee_code)

    assert [g.status_code for g in guesses] == [404] * 10 + [429]
    assert right_code_too_late.status_code == 429
    assert "wrong codes" in right_code_too_late.json()["detail"]
    assert int(right_code_too_late.headers["Retry-After"]) > 0
    assert someone_else.status_code == 201


def test_a_facilitator_recodes_and_the_history_is_kept(
    client: TestClient, workplace, auth, settings
) -> None:
    path = f"/api/assessments/{workplace.assessment.id}"
    statement = statements(client, workplace.assessment.id, auth, category=STIGMA)["statements"][0]

    recoded = client.post(
        f"{path}/statements/{statement['id']}/coding",
        json={"category": "organisation.support_culture", "polarity": "demand"},
        headers=auth,
    )
    unknown = client.post(
        f"{path}/statements/99999/coding", json={"category": STIGMA, "polarity": "demand"},
        headers=auth,
    )  # fmt: skip
    bad = client.post(
        f"{path}/statements/{statement['id']}/coding",
        json={"category": "nope", "polarity": "demand"},
        headers=auth,
    )

    assert recoded.status_code == 201 and recoded.json()["origin"] == "facilitator"
    assert recoded.json()["level"] == "organisation"
    assert unknown.status_code == 404 and bad.status_code == 422
    with get_session_factory(settings.database_url)() as session:
        history = list(
            session.scalars(
                select(Coding.origin).where(Coding.answer_id == statement["id"]).order_by(Coding.id)
            )
        )
    assert history[-2:] == ["participant_corrected", "facilitator"]


def test_exports_follow_the_same_rules(client: TestClient, workplace, auth) -> None:
    path = f"/api/assessments/{workplace.assessment.id}/export"

    csv_statements = client.get(f"{path}/statements.csv", headers=auth)
    json_summary = client.get(f"{path}/summary.json", headers=auth).json()
    csv_summary = client.get(f"{path}/summary.csv", headers=auth).text

    lines = csv_statements.text.strip().splitlines()
    assert csv_statements.headers["content-type"].startswith("text/csv")
    assert lines[0].startswith("id,text,category,level,polarity")
    assert len(lines) == 1 + 4  # the 4 statements of the 3 Norwegian employees only
    assert "senior_manager" not in csv_statements.text and "burnout" not in csv_statements.text
    assert json_summary["participants"] == 3
    assert f"all,category,{STIGMA},3" in csv_summary
    assert client.get(f"{path}/statements.xml", headers=auth).status_code == 422


def test_deleting_an_assessment_removes_all_its_data(
    client: TestClient, workplace, auth, settings
) -> None:
    path = f"/api/assessments/{workplace.assessment.id}"

    assert client.delete(path, headers=auth).status_code == 204
    assert client.get(path + "/summary", headers=auth).status_code == 404
    with get_session_factory(settings.database_url)() as session:
        for model in (Answer, Coding, Participant):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_one_assessments_statements_cannot_be_reached_through_another(
    client: TestClient, workplace, auth, settings
) -> None:
    with get_session_factory(settings.database_url)() as session:
        other = create_assessment(session, "Skole B", k=3).assessment.id
    statement = statements(client, workplace.assessment.id, auth)["statements"][0]

    recode = client.post(
        f"/api/assessments/{other}/statements/{statement['id']}/coding",
        json={"category": STIGMA, "polarity": "resource"},
        headers=auth,
    )

    assert recode.status_code == 404
    assert statements(client, other, auth)["suppressed"] is True


def test_no_message_text_reaches_the_logs(
    client: TestClient, assessment, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    [someone] = people(client, assessment.employee_code, 1)
    say(client, someone, "Hemmelig-setning-som-ikke-skal-logges", STIGMA)
    client.post("/api/chat", json={"sender": "abcdefgh12345678", "message": "Hemmelig-chat"})

    assert "Hemmelig" not in caplog.text


BAD_BODIES = [
    b"",
    b"{not json",
    b'{"text": "\xff\xfe"}',
    b"[]",
    b'{"code": 12345678, "lang": "nb"}',
    ('{"code": "' + "A" * 100_000 + '", "lang": "nb"}').encode(),
]


@pytest.mark.parametrize(
    ("path", "facilitator"),
    [
        ("/api/participants", False),
        ("/api/participants/withdraw", False),
        ("/api/answers/1/codings", False),
        ("/api/assessments", True),
    ],
)
def test_bad_bodies_get_a_clear_4xx_and_change_nothing(
    client: TestClient, assessment, auth, settings, path: str, facilitator: bool
) -> None:
    headers = (auth if facilitator else KEY) | {"content-type": "application/json"}
    for body in BAD_BODIES:
        response = client.post(path, content=body, headers=headers)
        assert 400 <= response.status_code < 500, (path, body[:40], response.status_code)
        assert response.json()["detail"], (path, body[:40])
    with get_session_factory(settings.database_url)() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 0
        assert session.scalar(select(func.count()).select_from(Answer)) == 0
        assert session.scalar(select(func.count()).select_from(Assessment)) == 1
        assert session.scalar(select(func.count()).select_from(Assessment)) == 1
