import json
from typing import Literal

from fastapi import APIRouter, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from api.deps import FacilitatorDep, SessionDep
from api.models import Assessment
from api.schemas import (
    AssessmentIn,
    AssessmentOut,
    CodingOut,
    NewAssessmentOut,
    RecodeIn,
    StatementOut,
    StatementsOut,
)
from api.services.assessments import (
    close_assessment,
    create_assessment,
    get_assessment,
    list_assessments,
)
from api.services.results import (
    CONFIRMED_ORIGINS,
    Filters,
    Result,
    delete_assessment,
    participation,
    recode,
    statements,
    statements_csv,
    summary,
    summary_csv,
)

router = APIRouter(prefix="/api/assessments", tags=["assessments (facilitators)"])


def _out(assessment: Assessment) -> dict:
    return {
        "id": assessment.id,
        "name": assessment.name,
        "organisation": assessment.organisation,
        "unit": assessment.unit,
        "k": assessment.k,
        "quote_k": assessment.quote_k,
        "languages": assessment.languages.split(","),
        "status": assessment.status,
    }


@router.post("", response_model=NewAssessmentOut, status_code=status.HTTP_201_CREATED)
def create(body: AssessmentIn, session: SessionDep, _: FacilitatorDep) -> dict:
    """Create an open assessment; the answer carries its employee and manager codes."""
    new = create_assessment(
        session,
        body.name,
        k=body.k,
        quote_k=body.quote_k,
        organisation=body.organisation,
        unit=body.unit,
        languages=",".join(body.languages),
    )
    return _out(new.assessment) | {
        "employee_code": new.employee_code,
        "manager_code": new.manager_code,
    }


@router.get("", response_model=list[AssessmentOut])
def list_all(session: SessionDep, _: FacilitatorDep) -> list[dict]:
    return [_out(assessment) for assessment in list_assessments(session)]


def _found(session: Session, assessment_id: int) -> Assessment:
    assessment = get_assessment(session, assessment_id)
    if assessment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no assessment {assessment_id}")
    return assessment


@router.post("/{assessment_id}/close", response_model=AssessmentOut)
def close(assessment_id: int, session: SessionDep, _: FacilitatorDep) -> dict:
    """Close the assessment: its invite codes stop opening new participants."""
    return _out(close_assessment(session, _found(session, assessment_id)))


@router.get("/{assessment_id}/participation")
def participation_counts(assessment_id: int, session: SessionDep, _: FacilitatorDep) -> dict:
    """How many participants started and completed, by role."""
    return participation(session, _found(session, assessment_id))


@router.get("/{assessment_id}/statements", response_model=StatementsOut)
def list_statements(
    assessment_id: int,
    session: SessionDep,
    _: FacilitatorDep,
    level: Literal["individual", "group", "leader", "organisation", "P"] | None = None,
    category: str | None = Query(default=None, max_length=64),
    polarity: Literal["demand", "resource"] | None = None,
    source: Literal["chat", "interview", "transcript"] | None = None,
    role: Literal["employee", "middle_manager", "senior_manager"] | None = None,
    lang: Literal["nb", "en"] | None = None,
) -> StatementsOut:
    """Coded statements matching the filters, or `suppressed` when fewer than k
    participants are behind them; texts only when at least quote_k are."""
    assessment = _found(session, assessment_id)
    filters = Filters(level, category, polarity, source, role, lang)
    return _statements_out(assessment, statements(session, assessment, filters))


def _statements_out(assessment: Assessment, result: Result) -> StatementsOut:
    return StatementsOut(
        suppressed=result.suppressed,
        k=assessment.k,
        participants=result.participants,
        quotes_shown=result.show_texts,
        statements=[
            StatementOut(
                id=row.answer_id,
                text=row.text if result.show_texts else None,
                category=row.category,
                level=row.level,
                polarity=row.polarity,
                confidence=row.confidence,
                source=row.source,
                role=row.role,
                lang=row.lang,
                confirmed=row.origin in CONFIRMED_ORIGINS,
            )
            for row in result.rows
        ],
    )


@router.get("/{assessment_id}/summary")
def assessment_summary(assessment_id: int, session: SessionDep, _: FacilitatorDep) -> dict:
    """Counts per level, category and polarity, by role and by source, under the
    anonymity threshold, and the statements most often confirmed."""
    return summary(session, _found(session, assessment_id))


@router.post(
    "/{assessment_id}/statements/{answer_id}/coding", response_model=CodingOut, status_code=201
)
def recode_statement(
    assessment_id: int, answer_id: int, body: RecodeIn, session: SessionDep, _: FacilitatorDep
) -> CodingOut:
    """A facilitator's recoding; the earlier codings stay in the history."""
    coding = recode(
        session, _found(session, assessment_id), answer_id, body.category, body.polarity
    )
    if coding is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no statement {answer_id} here")
    return CodingOut.model_validate(coding)


@router.delete("/{assessment_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(assessment_id: int, session: SessionDep, _: FacilitatorDep) -> Response:
    """Delete the assessment with all its codes, participants, answers and codings."""
    delete_assessment(session, _found(session, assessment_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{assessment_id}/export/{what}.{fmt}")
def export(
    assessment_id: int,
    what: Literal["statements", "summary"],
    fmt: Literal["csv", "json"],
    session: SessionDep,
    _: FacilitatorDep,
) -> Response:
    """Statements or the summary as CSV or JSON, under the same anonymity rules."""
    assessment = _found(session, assessment_id)
    if what == "summary":
        data = summary(session, assessment)
        body = summary_csv(data) if fmt == "csv" else json.dumps(data, ensure_ascii=False)
    else:
        out = _statements_out(assessment, statements(session, assessment, Filters()))
        rows = [s.model_dump() for s in out.statements]
        body = statements_csv(rows) if fmt == "csv" else out.model_dump_json()
    media = "text/csv" if fmt == "csv" else "application/json"
    filename = f"medvirk-{assessment_id}-{what}.{fmt}"
    return Response(
        body,
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
