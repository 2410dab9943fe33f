from fastapi import APIRouter, HTTPException, status

from api.deps import FacilitatorDep, SessionDep
from api.models import Assessment
from api.schemas import AssessmentIn, AssessmentOut, NewAssessmentOut
from api.services.assessments import (
    close_assessment,
    create_assessment,
    get_assessment,
    list_assessments,
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


@router.post("/{assessment_id}/close", response_model=AssessmentOut)
def close(assessment_id: int, session: SessionDep, _: FacilitatorDep) -> dict:
    """Close the assessment: its invite codes stop opening new participants."""
    assessment = get_assessment(session, assessment_id)
    if assessment is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no assessment {assessment_id}")
    return _out(close_assessment(session, assessment))
