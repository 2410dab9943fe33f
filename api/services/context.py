"""The context measure of the manager interview: ratings (1-5 or don't know) of senior
management's commitment and of policies, practices and programmes, and an inventory
(yes, no, don't know) of what exists. The items are read from bot/guide/manager.yml, the
one source of their wording; the aggregate follows the anonymity rules of the results."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ContextRating, Participant
from api.paths import PROJECT_ROOT
from api.services.participants import Invalid, Refused, get_participant

MANAGER_GUIDE = PROJECT_ROOT / "bot" / "guide" / "manager.yml"
VALUES = {
    "rating": ("1", "2", "3", "4", "5", "dont_know"),
    "inventory": ("yes", "no", "dont_know"),
}


@dataclass(frozen=True)
class Item:
    id: str
    kind: str  # rating | inventory
    area: str | None
    text: dict[str, str]


@lru_cache
def context_items() -> dict[str, Item]:
    measure = yaml.safe_load(MANAGER_GUIDE.read_text(encoding="utf-8"))["context_measure"]
    items = [Item(r["id"], "rating", r.get("area"), r["text"]) for r in measure["ratings"]]
    items += [Item(i["id"], "inventory", None, i["text"]) for i in measure["inventory"]]
    return {item.id: item for item in items}


def rate(session: Session, participant_id: str, item_id: str, value: str) -> ContextRating:
    """Store (or change) a manager's answer to one context item."""
    item = context_items().get(item_id)
    if item is None:
        raise Invalid(f"unknown context item {item_id!r}")
    if value not in VALUES[item.kind]:
        raise Invalid(f"{item_id} takes one of {', '.join(VALUES[item.kind])}")
    participant = get_participant(session, participant_id)
    if participant.role == "employee":
        raise Refused("the context measure is for managers")
    rating = session.scalars(
        select(ContextRating).where(
            ContextRating.participant_id == participant_id, ContextRating.item_id == item_id
        )
    ).one_or_none()
    if rating is None:
        rating = ContextRating(participant_id=participant_id, item_id=item_id, kind=item.kind)
        session.add(rating)
    rating.value = value
    session.commit()
    return rating


def _item_summary(item: Item, values: list[str]) -> dict:
    counts = Counter(values)
    summary: dict = {
        "kind": item.kind,
        "area": item.area,
        "text": item.text,
        "answers": len(values),
        "counts": {v: counts.get(v, 0) for v in VALUES[item.kind]},
    }
    if item.kind == "rating":
        numbers = [int(v) for v in values if v.isdigit()]
        summary["mean"] = round(sum(numbers) / len(numbers), 2) if numbers else None
    return summary


def context_summary(session: Session, assessment_id: int, k: int) -> dict[str, dict]:
    """Per item: counts of each value (and the mean rating), from respondent cells (role and
    language) of at least k managers; an item answered by fewer than k is suppressed."""
    rows = session.execute(
        select(
            Participant.id,
            Participant.role,
            Participant.lang,
            ContextRating.item_id,
            ContextRating.value,
        )  # fmt: skip
        .join(ContextRating, ContextRating.participant_id == Participant.id)
        .where(Participant.assessment_id == assessment_id)
    ).tuples()
    rows = list(rows)
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for participant, role, lang, _, _ in rows:
        members[(role, lang)].add(participant)
    allowed = {cell for cell, people in members.items() if len(people) >= k}
    by_item: dict[str, list[str]] = defaultdict(list)
    for _, role, lang, item_id, value in rows:
        if (role, lang) in allowed:
            by_item[item_id].append(value)
    result: dict[str, dict] = {}
    for item_id, item in context_items().items():
        values = by_item.get(item_id, [])
        shown = len(values) >= k
        result[item_id] = (
            _item_summary(item, values) if shown else {"suppressed": True, "text": item.text}
        )
    return result
