"""The reflection as a small state machine, free of Rasa.

Every message the participant sends while the reflection runs comes here with the
conversation's progress (a plain dict, kept in a slot and mirrored to the API so that a
restart loses nothing). `handle` decides what the message is (an answer, a yes or no to a
coding, a short command) and returns the messages to send and the new progress; `prompt`
renders what the participant is asked next. Saving and the like go through `Services`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from actions.api_client import StoredAnswer
from actions.guide import Guide, Question, question_text
from actions.interruptions import MAX_COMMAND_WORDS, is_payload
from actions.wording import (
    UNPLACED,
    button,
    choice_message,
    level_of,
    polarity_message,
    thanks_message,
    understood_message,
)

SHORT_ANSWER_WORDS = 3
Message = dict[str, Any]

# Intents that interrupt when the message is short; each maps to what is done.
COMMANDS = {
    "help": "respond",
    "ask_anonymity": "respond",
    "ask_why": "respond",
    "off_topic": "respond",
    "set_language": "respond",
    "crisis": "respond",
    "repeat_question": "repeat",
    "greet": "repeat",
    "skip": "skip",
    "deny": "skip",
    "stop": "stop",
    "withdraw": "stop",
    "pause": "pause",
    "review": "review",
}
RESPONSES = {
    "help": "utter_help",
    "ask_anonymity": "utter_anonymity",
    "ask_why": "utter_why",
    "set_language": "utter_language_set",
    "off_topic": "utter_off_topic",
}


@dataclass(frozen=True)
class Turn:
    """What the participant sent: the text, the intent NLU found and its entities."""

    text: str
    intent: str | None = None
    entities: dict[str, str] = field(default_factory=dict)

    @property
    def is_command(self) -> bool:
        """Short messages and button payloads may be commands; long ones are answers."""
        return self.intent in COMMANDS and (
            is_payload(self.text) or len(self.text.split()) <= MAX_COMMAND_WORDS
        )


@dataclass(frozen=True)
class Progress:
    """Where the participant is. status: active, done (finished or stopped), withdrawn,
    paused. pending: the answer whose coding awaits the participant's yes or no."""

    question: str
    round: int = 0
    probed: bool = False
    held: str = ""
    pending: dict[str, Any] | None = None
    stopping: bool = False
    status: str = "active"
    changing: dict[str, Any] | None = None  # the answer being rewritten while reviewing

    @classmethod
    def start(cls, guide: Guide) -> Progress:
        return cls(question=guide.questions[0].id)

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None, guide: Guide) -> Progress:
        if not raw or "question" not in raw:
            return cls.start(guide)
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_stored(self) -> dict[str, Any]:
        """What the API may keep: without the short answer held for its example, which is
        raw text (the API stores only scrubbed text)."""
        return asdict(replace(self, held=""))


class Services(Protocol):
    """What the reflection needs from the outside (the API, through the action server)."""

    async def save_answer(self, question: Question, text: str) -> StoredAnswer | None: ...

    async def record_coding(
        self, answer_id: int, category: str, polarity: str, origin: str
    ) -> bool: ...  # fmt: skip

    async def withdraw(self) -> bool: ...

    async def resume_code(self) -> str | None: ...

    async def rate(self, item_id: str, value: str) -> bool: ...

    async def own_answers(self) -> list[dict[str, Any]] | None: ...

    async def remove_answer(self, answer_id: int) -> bool: ...


@dataclass
class Outcome:
    messages: list[Message]
    progress: Progress

    @property
    def finished(self) -> bool:
        return self.progress.status != "active"


async def handle(turn: Turn, progress: Progress, guide: Guide, lang: str,
                 services: Services) -> Outcome:  # fmt: skip
    """What to say to this message, and where the conversation goes next."""
    if progress.stopping:
        return await _answer_stop(turn, progress, guide, lang, services)
    kind = guide.question(progress.question).kind
    if kind in ("rating", "inventory") and progress.pending is None:
        value = scale_value(turn, guide.question(progress.question), lang)
        if value is not None:
            return await _rate(value, progress, guide, services)
    if kind == "review" and progress.pending is None and progress.changing is None:
        return await _review_choice(turn, progress, guide, lang, services)
    if turn.is_command:
        return await _command(turn, progress, guide, lang, services)
    if progress.pending is not None and turn.intent in ("affirm", "choose_category"):
        return await _answer_coding(turn, progress, guide, lang, services)
    if is_payload(turn.text):
        return Outcome([], progress)  # a stale button or the page's greeting: ask again
    return await _answer(turn.text.strip(), replace(progress, pending=None), guide, lang,
                         services)  # fmt: skip


async def _command(turn: Turn, progress: Progress, guide: Guide, lang: str,
                   services: Services) -> Outcome:  # fmt: skip
    words = guide.words(lang)
    action = COMMANDS[turn.intent or ""]
    if turn.intent == "deny" and progress.pending is not None:
        return _offer_categories(progress)
    if action == "respond":
        return Outcome([_response(turn.intent or "", words)], progress)
    if action == "repeat":
        return Outcome([], progress)
    if action == "stop":
        return Outcome([], replace(progress, stopping=True))
    if action == "pause":
        return await _pause(progress, words, services)
    if action == "review":
        return Outcome(await _listing(guide, lang, services), progress)
    if progress.changing is not None:
        return Outcome([], replace(progress, changing=None))  # not changing it after all
    return await _skip(progress, guide, lang, services)


def _response(intent: str, words: dict[str, Any]) -> Message:
    if intent == "crisis":
        return _care(words)
    return {"response": RESPONSES[intent]}


def _care(words: dict[str, Any]) -> Message:
    """Care first, and an offer to pause."""
    return {
        "response": "utter_crisis",
        "buttons": [
            button(words["crisis_pause"], "/pause"),
            button(words["crisis_continue"], "/repeat_question"),
        ],
    }


async def _pause(progress: Progress, words: dict[str, Any], services: Services) -> Outcome:
    code = await services.resume_code()
    if code is None:
        return Outcome([{"response": "utter_service_unavailable"}], progress)
    message = {"text": words["paused"].format(code=code), "custom": {"resume_code": code}}
    return Outcome([message], replace(progress, status="paused"))


async def _skip(progress: Progress, guide: Guide, lang: str, services: Services) -> Outcome:
    """Move on; a short answer held for its example is kept unless it said nothing."""
    held = progress.held
    progress = replace(progress, held="", pending=None)
    if held and not _is_vague(held, guide.words(lang)):
        return await _save(held, progress, guide, lang, services)
    messages = [{"text": guide.words(lang)["probe_skip"]}] if held else []
    return Outcome(messages, _next_question(progress, guide))


def _next_question(progress: Progress, guide: Guide) -> Progress:
    following = guide.after(progress.question)
    if following is None:
        return replace(progress, status="done", pending=None, held="")
    return Progress(question=following.id)


async def _answer_stop(turn: Turn, progress: Progress, guide: Guide, lang: str,
                       services: Services) -> Outcome:  # fmt: skip
    """The participant was asked whether to stop: yes, stop and delete, or go on."""
    if turn.intent == "affirm":
        return Outcome([], replace(progress, stopping=False, status="done"))
    if turn.intent == "withdraw" and turn.is_command:
        if not await services.withdraw():
            return Outcome([{"response": "utter_service_unavailable"}], progress)
        return Outcome([], replace(progress, stopping=False, status="withdrawn"))
    progress = replace(progress, stopping=False)
    if turn.intent == "deny" or is_payload(turn.text):
        return Outcome([], progress)
    return await handle(turn, progress, guide, lang, services)


def _offer_categories(progress: Progress) -> Outcome:
    pending = dict(progress.pending or {})
    pending["choosing"] = "level"
    return Outcome([], replace(progress, pending=pending))


async def _answer_coding(turn: Turn, progress: Progress, guide: Guide, lang: str,
                         services: Services) -> Outcome:  # fmt: skip
    """Yes to the coding, or a category or polarity chosen from the buttons."""
    pending = dict(progress.pending or {})
    if turn.intent == "affirm":
        return await _record(pending, "participant_confirmed", progress, lang, services)
    category = turn.entities.get("category")
    polarity = turn.entities.get("polarity")
    if category == "other":
        pending["choosing"] = "all"
        return Outcome([], replace(progress, pending=pending))
    if category:
        pending.update(category=category, choosing="polarity")
        if category == UNPLACED:
            return await _record(pending, "participant_corrected", progress, lang, services)
        return Outcome([], replace(progress, pending=pending))
    if polarity in ("demand", "resource"):
        pending["polarity"] = polarity
        return await _record(pending, "participant_corrected", progress, lang, services)
    return Outcome([], progress)


async def _record(pending: dict[str, Any], origin: str, progress: Progress, lang: str,
                  services: Services) -> Outcome:  # fmt: skip
    saved = await services.record_coding(
        int(pending["answer_id"]), pending["category"], pending["polarity"], origin
    )
    if not saved:
        return Outcome([{"response": "utter_answer_not_saved"}], progress)
    return Outcome([thanks_message(lang)], replace(progress, pending=None,
                                                   round=progress.round + 1))  # fmt: skip


def _is_vague(text: str, words: dict[str, Any]) -> bool:
    cleaned = text.lower().strip(" .!?,")
    return cleaned in words["vague"]


async def _answer(text: str, progress: Progress, guide: Guide, lang: str,
                  services: Services) -> Outcome:  # fmt: skip
    """A statement: one gentle probe when it is very short or vague, else saved."""
    words = guide.words(lang)
    short = len(text.split()) <= SHORT_ANSWER_WORDS or _is_vague(text, words)
    if short and not progress.probed and not progress.held and progress.changing is None:
        return Outcome([], replace(progress, probed=True, held=text))
    if progress.held:
        text = f"{progress.held}. {text}"
    return await _save(text, replace(progress, held=""), guide, lang, services)


async def _save(text: str, progress: Progress, guide: Guide, lang: str,
                services: Services) -> Outcome:  # fmt: skip
    words = guide.words(lang)
    changing = progress.changing
    question = guide.question(changing["question_id"] if changing else progress.question)
    stored = await services.save_answer(question, text)
    if stored is None:
        return Outcome([{"response": "utter_answer_not_saved"}], progress)
    saved = {"text": words["saved"]}
    if changing is not None:
        await services.remove_answer(int(changing["answer_id"]))
        saved = {"text": f"{words['saved']} {words['review_replaced']}"}
        progress = replace(progress, changing=None)
    if stored.care_needed:
        return Outcome([_care(words), saved], replace(progress, round=progress.round + 1))
    if question.kind == "priority":
        return Outcome([saved], replace(progress, status="done"))
    placed = stored.category not in (None, UNPLACED)
    pending = {
        "answer_id": stored.id,
        "category": stored.category if placed else UNPLACED,
        "polarity": stored.polarity or "demand",
        "choosing": None if placed else "all",
    }
    return Outcome([saved], replace(progress, pending=pending))


def prompt(progress: Progress, guide: Guide, lang: str,
           answers: list[dict[str, Any]] | None = None) -> list[Message]:  # fmt: skip
    """What the participant is asked now, with its buttons (`answers`: the participant's
    own answers, needed when reviewing them)."""
    words = guide.words(lang)
    if progress.stopping:
        return [_stop_question(words)]
    if progress.pending is not None:
        return [_coding_question(progress.pending, lang)]
    if progress.changing is not None:
        changed = guide.question(progress.changing["question_id"])
        return [{"text": words["review_new_text"].format(question=changed.text[lang])}]
    question = guide.question(progress.question)
    if question.kind in ("rating", "inventory"):
        return _item_question(question, lang)
    if question.kind == "review":
        return _review_question(answers or [], words)
    if progress.held:
        probes = question.probes.get(lang) or [words["probe"]]
        return [{"text": probes[0], "buttons": [button(words["skip"], "/skip")]}]
    if progress.round == 0:
        return [{"text": question_text(question, lang),
                 "buttons": [button(words["skip"], "/skip")]}]  # fmt: skip
    return [{"text": words["more"], "buttons": [button(words["next"], "/skip")]}]


def _stop_question(words: dict[str, Any]) -> Message:
    return {
        "text": words["stop_confirm"],
        "buttons": [
            button(words["stop_yes"], "/affirm"),
            button(words["stop_delete"], "/withdraw"),
            button(words["stop_no"], "/deny"),
        ],
    }


def _coding_question(pending: dict[str, Any], lang: str) -> Message:
    choosing = pending.get("choosing")
    if choosing is None:
        return understood_message(pending["category"], pending["polarity"], lang)
    if choosing == "polarity":
        return polarity_message(pending["category"], lang)
    level = level_of(pending["category"]) if choosing == "level" else None
    return choice_message(level, lang)


def scale_value(turn: Turn, question: Question, lang: str) -> str | None:
    """The value chosen for a context item: a button, or typed ("4", "ja", "vet ikke")."""
    scale = (question.scale or {}).get(lang, {})
    chosen = turn.entities.get("rating")
    if chosen in scale:
        return chosen
    typed = turn.text.strip().lower().rstrip(".!")
    for value, title in scale.items():
        if typed in (value.lower(), title.lower(), title.split(" ")[0].lower()):
            return value
    return None


async def _rate(value: str, progress: Progress, guide: Guide, services: Services) -> Outcome:
    if not await services.rate(progress.question, value):
        return Outcome([{"response": "utter_answer_not_saved"}], progress)
    return Outcome([], _next_question(progress, guide))


def _item_question(question: Question, lang: str) -> list[Message]:
    scale = (question.scale or {})[lang]
    buttons = [button(title, f'/rate{{"rating": "{value}"}}') for value, title in scale.items()]
    messages: list[Message] = [{"text": question.intro[lang]}] if question.intro else []
    return [*messages, {"text": question.text[lang], "buttons": buttons}]


def _numbered(answers: list[dict[str, Any]]) -> str:
    return "\n".join(f"{number}. {a['text']}" for number, a in enumerate(answers, start=1))


async def _listing(guide: Guide, lang: str, services: Services) -> list[Message]:
    """The participant's own answers so far, as one message."""
    answers = await services.own_answers()
    if answers is None:
        return [{"response": "utter_service_unavailable"}]
    return [{"text": _numbered(answers) if answers else guide.words(lang)["review_empty"]}]


def _review_question(answers: list[dict[str, Any]], words: dict[str, Any]) -> list[Message]:
    buttons = [
        button(words["review_change"].format(number=number),
               f'/review{{"answer_id": "{a["id"]}", "question_id": "{a["question_id"]}"}}')
        for number, a in enumerate(answers, start=1)
    ]  # fmt: skip
    buttons.append(button(words["review_done"], "/affirm"))
    listing = _numbered(answers) if answers else words["review_empty"]
    return [{"text": f"{words['review_intro']}\n{listing}", "buttons": buttons}]


async def _review_choice(turn: Turn, progress: Progress, guide: Guide, lang: str,
                         services: Services) -> Outcome:  # fmt: skip
    """At the review: finish, or pick an answer to rewrite."""
    if turn.intent == "affirm":
        return Outcome([], replace(progress, status="done"))
    answer_id = turn.entities.get("answer_id")
    question_id = turn.entities.get("question_id")
    if answer_id and question_id in {q.id for q in guide.questions}:
        changing = {"answer_id": int(answer_id), "question_id": question_id}
        return Outcome([], replace(progress, changing=changing))
    if turn.is_command:
        return await _command(turn, progress, guide, lang, services)
    return Outcome([], progress)
