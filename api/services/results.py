"""What facilitators may see: statements and summaries, under the anonymity threshold.

The unit of protection is the respondent cell: the participants of one assessment with
the same role, language and source of answers. A cell with fewer than k participants is
left out of every result, totals included. Every result is then a union of whole cells
of k or more, and so is the difference of any two results: no filter, and no subtraction
of one filtered result from another, can isolate a group smaller than k. A filtered
result that itself rests on fewer than k participants is reported as suppressed, and
statement texts are shown only when at least `quote_k` participants are behind them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.models import Answer, Assessment, Coding, Participant
from api.services.context import context_summary
from api.services.participants import human_coding

CONFIRMED_ORIGINS = ("participant_confirmed", "participant_corrected")


@dataclass(frozen=True)
class Filters:
    level: str | None = None
    category: str | None = None
    polarity: str | None = None
    source: str | None = None
    role: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Row:
    """One answer with its current (newest) coding and its respondent cell."""

    answer_id: int
    participant_id: str
    role: str
    lang: str
    source: str
    text: str
    category: str
    level: str
    polarity: str
    confidence: float | None
    origin: str
    question_id: str = ""

    @property
    def cell(self) -> tuple[str, str, str]:
        return (self.role, self.lang, self.source)

    def matches(self, filters: Filters) -> bool:
        wanted = {
            "level": filters.level,
            "category": filters.category,
            "polarity": filters.polarity,
            "source": filters.source,
            "role": filters.role,
            "lang": filters.lang,
        }
        return all(value is None or getattr(self, name) == value for name, value in wanted.items())


@dataclass
class Result:
    suppressed: bool
    participants: int | None
    rows: list[Row] = field(default_factory=list)
    show_texts: bool = False


def _rows(session: Session, assessment: Assessment) -> list[Row]:
    newest = (
        select(Coding.answer_id, func.max(Coding.id).label("coding_id"))
        .group_by(Coding.answer_id)
        .subquery()
    )
    query = (
        select(
            Answer.id,
            Participant.id,
            Participant.role,
            Answer.lang,
            Answer.source,
            Answer.text,
            Coding.category,
            Coding.level,
            Coding.polarity,
            Coding.confidence,
            Coding.origin,
            Answer.question_id,
        )  # fmt: skip
        .join(Participant, Participant.id == Answer.participant_id)
        .join(newest, newest.c.answer_id == Answer.id)
        .join(Coding, Coding.id == newest.c.coding_id)
        .where(Participant.assessment_id == assessment.id)
        .order_by(Answer.id)
    )
    return [Row(*values) for values in session.execute(query).tuples()]


def visible_rows(session: Session, assessment: Assessment) -> list[Row]:
    """The rows of respondent cells with at least k participants."""
    rows = _rows(session, assessment)
    members: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in rows:
        members[row.cell].add(row.participant_id)
    allowed = {cell for cell, people in members.items() if len(people) >= assessment.k}
    return [row for row in rows if row.cell in allowed]


def statements(session: Session, assessment: Assessment, filters: Filters) -> Result:
    rows = [row for row in visible_rows(session, assessment) if row.matches(filters)]
    people = len({row.participant_id for row in rows})
    if people < assessment.k:
        return Result(suppressed=True, participants=None)
    return Result(False, people, rows, show_texts=people >= assessment.quote_k)


def _counts(rows: list[Row]) -> dict[str, dict[str, int]]:
    return {
        "level": dict(Counter(row.level for row in rows)),
        "category": dict(Counter(row.category for row in rows)),
        "polarity": dict(Counter(row.polarity for row in rows)),
    }


def _breakdown(rows: list[Row], attribute: str, k: int) -> dict[str, dict]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    result: dict[str, dict] = {}
    for value, members in sorted(groups.items()):
        people = len({row.participant_id for row in members})
        result[value] = (
            {"suppressed": False, "participants": people, **_counts(members)}
            if people >= k
            else {"suppressed": True}
        )
    return result


def summary(session: Session, assessment: Assessment) -> dict:
    """Counts per level, category and polarity, overall, by role and by source, and the
    statements participants most often confirmed."""
    rows = visible_rows(session, assessment)
    people = len({row.participant_id for row in rows})
    context = context_summary(session, assessment.id, assessment.k)
    if people < assessment.k:
        return {"suppressed": True, "k": assessment.k, "context": context}
    confirmed = Counter(row.text for row in rows if row.origin in CONFIRMED_ORIGINS)
    return {
        "suppressed": False,
        "k": assessment.k,
        "participants": people,
        "statements": len(rows),
        **_counts(rows),
        "by_role": _breakdown(rows, "role", assessment.k),
        "by_source": _breakdown(rows, "source", assessment.k),
        # The closing "what matters most to improve?": its categories, a priority signal.
        "priorities": dict(Counter(row.category for row in rows if row.question_id == "priority")),
        "most_confirmed": (
            [{"text": t, "confirmations": n} for t, n in confirmed.most_common(10)]
            if people >= assessment.quote_k
            else []
        ),
        "context": context,
    }


def participation(session: Session, assessment: Assessment) -> dict[str, dict[str, int]]:
    """How many started and completed, by role (counts of people, not of answers)."""
    query = select(Participant.role, Participant.completed_at).where(
        Participant.assessment_id == assessment.id
    )
    result: dict[str, dict[str, int]] = defaultdict(lambda: {"started": 0, "completed": 0})
    for role, completed_at in session.execute(query).tuples():
        result[role]["started"] += 1
        result[role]["completed"] += completed_at is not None
    return dict(result)


def recode(
    session: Session, assessment: Assessment, answer_id: int, category: str, polarity: str
) -> Coding | None:
    """A facilitator's coding, added to the history of an answer of this assessment;
    None when the answer is not one of this assessment's."""
    answer = session.scalars(
        select(Answer)
        .join(Participant, Participant.id == Answer.participant_id)
        .where(Answer.id == answer_id, Participant.assessment_id == assessment.id)
    ).one_or_none()
    if answer is None:
        return None
    coding = human_coding(category, polarity, "facilitator")
    answer.codings.append(coding)
    session.commit()
    return coding


def delete_assessment(session: Session, assessment: Assessment) -> None:
    """The assessment and everything in it: codes, participants, answers, codings."""
    participant_ids = select(Participant.id).where(Participant.assessment_id == assessment.id)
    answer_ids = select(Answer.id).where(Answer.participant_id.in_(participant_ids))
    session.execute(delete(Coding).where(Coding.answer_id.in_(answer_ids)))
    session.execute(delete(Answer).where(Answer.participant_id.in_(participant_ids)))
    session.execute(delete(Participant).where(Participant.assessment_id == assessment.id))
    session.delete(assessment)
    session.commit()


EXPORT_COLUMNS = ("id", "text", "category", "level", "polarity", "confidence", "source",
                  "role", "lang", "confirmed")  # fmt: skip


def statements_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def summary_csv(summary_data: dict) -> str:
    """The summary as rows of (group, dimension, value, count); suppressed groups say so."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["group", "dimension", "value", "count"])
    groups = {"all": summary_data} | {
        f"{by}={value}": counts
        for by in ("by_role", "by_source")
        for value, counts in summary_data.get(by, {}).items()
    }
    for group, counts in groups.items():
        if counts.get("suppressed"):
            writer.writerow([group, "suppressed", "", ""])
            continue
        for dimension in ("level", "category", "polarity"):
            for value, count in sorted(counts[dimension].items()):
                writer.writerow([group, dimension, value, count])
    for item_id, item in summary_data.get("context", {}).items():
        if item.get("suppressed"):
            writer.writerow(["context", item_id, "suppressed", ""])
            continue
        for value, count in item["counts"].items():
            writer.writerow(["context", item_id, value, count])
    return buffer.getvalue()
