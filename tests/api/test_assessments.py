"""Facilitator tokens, assessments and invite codes: API, command line and storage."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.db import get_session_factory
from api.models import FacilitatorToken, InviteCode
from api.secrets_codes import normalise_code, sha256_hex
from api.services.assessments import create_token
from api.settings import Settings


def bearer(settings: Settings) -> dict[str, str]:
    with get_session_factory(settings.database_url)() as session:
        return {"Authorization": f"Bearer {create_token(session, 'tester')}"}


def test_facilitator_endpoints_refuse_missing_or_unknown_tokens(
    client: TestClient, settings: Settings
) -> None:
    bearer(settings)
    for headers in ({}, {"Authorization": "Bearer mvk_nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/assessments", headers=headers)
        assert response.status_code == 401, headers
        assert "token" in response.json()["detail"]
        assert response.headers["www-authenticate"] == "Bearer"


def test_an_assessment_is_created_listed_and_closed(client: TestClient, settings: Settings) -> None:
    auth = bearer(settings)

    created = client.post("/api/assessments", json={"name": "Sykehjem A", "k": 6}, headers=auth)
    listed = client.get("/api/assessments", headers=auth)
    closed = client.post(f"/api/assessments/{created.json()['id']}/close", headers=auth)
    missing = client.post("/api/assessments/999/close", headers=auth)

    body = created.json()
    assert created.status_code == 201
    assert (body["k"], body["quote_k"], body["status"]) == (6, 12, "open")
    assert body["employee_code"] != body["manager_code"]
    assert [a["name"] for a in listed.json()] == ["Sykehjem A"]
    assert closed.json()["status"] == "closed"
    assert missing.status_code == 404
    with get_session_factory(settings.database_url)() as session:
        codes = {c.audience: c.code for c in session.scalars(select(InviteCode))}
    assert codes == {
        "employee": normalise_code(body["employee_code"]),
        "manager": normalise_code(body["manager_code"]),
    }


def test_bad_assessment_input_is_refused(client: TestClient, settings: Settings) -> None:
    auth = bearer(settings)
    for body in ({}, {"name": ""}, {"name": "x", "k": 1}, {"name": "x", "languages": ["de"]}):
        assert client.post("/api/assessments", json=body, headers=auth).status_code == 422, body
    assert client.get("/api/assessments", headers=auth).json() == []


def test_codes_are_accepted_however_they_are_typed() -> None:
    assert normalise_code(" ab12-cd34 ef56 ") == "AB12CD34EF56"
    assert normalise_code("o0il-1") == "00111"


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True
    )


def test_the_command_line_creates_assessments_and_tokens(settings: Settings) -> None:
    assessment = cli(settings, "assessment", "create", "--name", "Skole B", "--k", "7")
    token = cli(settings, "token", "create", "--name", "Kari")
    empty = cli(settings, "token", "create", "--name", "  ")

    created = json.loads(assessment.stdout)
    assert set(created) == {"id", "employee_code", "manager_code", "k"} and created["k"] == 7
    issued = json.loads(token.stdout)["token"]
    with get_session_factory(settings.database_url)() as session:
        hashes = list(session.scalars(select(FacilitatorToken.token_hash)))
    assert hashes == [sha256_hex(issued)]
    assert empty.returncode == 2 and "must not be empty" in empty.stderr
