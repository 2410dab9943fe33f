"""The NLU component that reads a message which is only a code as a statement."""

from __future__ import annotations

from rasa.shared.nlu.training_data.message import Message

from bot.code_messages import CodeMessageClassifier


def _message(text: str, intent: str) -> Message:
    return Message(data={"text": text, "intent": {"name": intent, "confidence": 0.64}})


def test_a_code_read_as_another_intent_becomes_a_statement() -> None:
    message = _message("jzs7 y69r cagt", "withdraw")

    CodeMessageClassifier().process([message])

    assert message.get("intent") == {"name": "statement", "confidence": 1.0}
    assert message.get("intent_ranking") == [{"name": "statement", "confidence": 1.0}]


def test_other_messages_keep_the_classifiers_reading() -> None:
    message = _message("jeg vil slette svarene mine", "withdraw")

    CodeMessageClassifier().process([message])

    assert message.get("intent") == {"name": "withdraw", "confidence": 0.64}
