"""Assessments, their invite codes, and facilitator tokens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Assessment, FacilitatorToken, InviteCode
from api.secrets_codes import new_invite_code, new_token, normalise_code, sha256_hex

AUDIENCES = ("employee", "manager")


@dataclass(frozen=True)
class NewAssessment:
    assessment: Assessment
    employee_code: str
    manager_code: str


def create_assessment(
    session: Session,
    name: str,
    k: int = 5,
    quote_k: int | None = None,
    organisation: str = "",
    unit: str = "",
    languages: str = "nb,en",
) -> NewAssessment:
    """A new open assessment with one employee code and one manager code."""
    assessment = Assessment(
        name=name,
        k=k,
        quote_k=quote_k if quote_k is not None else 2 * k,
        organisation=organisation,
        unit=unit,
        languages=languages,
        status="open",
    )
    codes = {audience: new_invite_code() for audience in AUDIENCES}
    assessment.invite_codes = [
        InviteCode(audience=audience, code=normalise_code(code)) for audience, code in codes.items()
    ]
    session.add(assessment)
    session.commit()
    return NewAssessment(assessment, codes["employee"], codes["manager"])


def list_assessments(session: Session) -> list[Assessment]:
    return list(session.scalars(select(Assessment).order_by(Assessment.id)))


def get_assessment(session: Session, assessment_id: int) -> Assessment | None:
    return session.get(Assessment, assessment_id)


def close_assessment(session: Session, assessment: Assessment) -> Assessment:
    assessment.status = "closed"
    session.commit()
    return assessment


def create_token(session: Session, name: str) -> str:
    """A new facilitator token; only its hash is stored, so it is shown this once."""
    token = new_token()
    session.add(FacilitatorToken(name=name, token_hash=sha256_hex(token)))
    session.commit()
    return token


def token_is_valid(session: Session, token: str) -> bool:
    found = session.scalars(
        select(FacilitatorToken.id).where(FacilitatorToken.token_hash == sha256_hex(token))
    ).first()
    return found is not None
