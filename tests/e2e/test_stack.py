"""End to end through `medvirk run`: health, chat turns through POST /api/chat, the answer
in the database, the chat page in a real browser, stopped components, and Ctrl-C.

The tests share one running system and run in file order; the last one stops it.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.e2e.conftest import STARTUP_SECONDS, Stack

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")


def chat(stack: Stack, sender: str, message: str) -> list[dict]:
    response = httpx.post(
        f"{stack.base_url}/api/chat", json={"sender": sender, "message": message}, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()


def stored_texts(stack: Stack) -> list[str]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT text FROM answers ORDER BY id")).scalars().all()
    engine.dispose()
    return list(rows)


def codings_of(stack: Stack, text_part: str) -> list[tuple[str, str, str]]:
    """(category, polarity, origin) of the codings of the answers containing text_part."""
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.category, c.polarity, c.origin FROM codings c "
                "JOIN answers a ON a.id = c.answer_id WHERE a.text LIKE :part"
            ),
            {"part": f"%{text_part}%"},
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_health_is_ok_when_all_three_processes_answer(stack: Stack) -> None:
    response = stack.wait_healthy(STARTUP_SECONDS)

    assert response.status_code == 200, response.text
    assert response.json()["components"] == {"database": True, "rasa": True, "action_server": True}
    assert set(stack.children()) == {"api", "rasa", "actions"}


def answer_rows(stack: Stack) -> list[tuple[str, str | None]]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT text, participant_id FROM answers")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_an_english_answer_lands_scrubbed_coded_and_with_its_participant(stack: Stack) -> None:
    sender = uuid.uuid4().hex

    opening = chat(
        stack, sender, f'/greet{{"language": "en", "invite_code": "{stack.employee_code}"}}'
    )
    question = chat(stack, sender, "/affirm")
    reply = chat(stack, sender, "Far too much overtime. Text me on 912 34 567 or kari@example.no")

    consent = opening[-1]
    assert "anonymous" in consent["text"] and "at least 5 people" in consent["text"]
    assert [b["payload"] for b in consent["buttons"]] == ["/affirm", "/deny"]
    assert [m["text"] for m in question][-1] == (
        "What are the current key issues for mental health and wellbeing at your workplace?"
    )
    assert reply[0]["text"] == (
        "Thank you. Your answer has been saved, without anything that could identify you."
    )
    assert reply[1]["text"].startswith("It sounds like this is about ")
    assert reply[1]["text"].endswith("Is that right?")
    assert [b["payload"] for b in reply[1]["buttons"]] == ["/affirm", "/deny"]
    thanks = chat(stack, sender, "/affirm")
    assert [m["text"] for m in thanks] == ["Thank you, I have noted it that way."]
    [(stored, participant)] = [
        row for row in answer_rows(stack) if row[0].startswith("Far too much overtime")
    ]
    assert stored == "Far too much overtime. Text me on [PHONE] or [EMAIL]"
    assert participant is not None
    [model, confirmed] = codings_of(stack, "Far too much overtime")
    assert model[2] == "model" and confirmed[2] == "participant_confirmed"
    assert confirmed[:2] == model[:2]
    assert model[0].count(".") == 1
    assert model[1] in ("demand", "resource")


def test_a_norwegian_participant_types_a_wrong_code_then_the_right_one(stack: Stack) -> None:
    sender = uuid.uuid4().hex

    opening = chat(stack, sender, "hei")
    wrong = chat(stack, sender, "koden er ZZZZ-ZZZZ-ZZZZ")
    right = chat(stack, sender, stack.employee_code.lower().replace("-", " "))
    question = chat(stack, sender, "ja")
    reply = chat(stack, sender, "Turnusen gjør at jeg aldri får sove nok")

    assert opening[-1]["text"].startswith("For å begynne: skriv inn koden")
    assert wrong[0]["text"] == "Den koden kjenner jeg ikke igjen. Sjekk den og prøv igjen."
    assert right[-1]["text"].startswith("Før vi begynner: svarene dine er anonyme")
    assert question[-1]["text"].startswith("Hva er de viktigste forholdene for mental helse")
    assert reply[0]["text"].startswith("Takk. Svaret ditt er lagret")
    assert "Turnusen gjør at jeg aldri får sove nok" in stored_texts(stack)
    offered = chat(stack, sender, "/deny")
    payloads = [b["payload"] for b in offered[-1]["buttons"]]
    assert offered[-1]["text"] == "Takk for at du retter meg. Hva passer best?"
    assert '/choose_category{"category": "P"}' in payloads
    everything = chat(stack, sender, '/choose_category{"category": "other"}')
    assert len(everything[-1]["buttons"]) == 13
    chosen = chat(stack, sender, '/choose_category{"category": "individual.work_context"}')
    assert [m["text"] for m in chosen] == ["Takk, da har jeg notert det slik."]
    latest = codings_of(stack, "Turnusen gjør at jeg aldri")[-1]
    assert latest[0] == "individual.work_context" and latest[2] == "participant_corrected"


def test_saying_no_to_consent_stores_nothing(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    before = answer_rows(stack)

    chat(stack, sender, f'/greet{{"language": "en", "invite_code": "{stack.employee_code}"}}')
    reply = chat(stack, sender, "/deny")

    assert reply[-1]["text"].startswith("That is completely fine. Nothing has been stored.")
    assert answer_rows(stack) == before
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        participants = connection.execute(text("SELECT count(*) FROM participants")).scalar()
    engine.dispose()
    assert participants == 2  # the two who agreed above, not this one (file order)


def test_short_questions_interrupt_but_long_answers_are_answers(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    chat(stack, sender, f'/greet{{"language": "en", "invite_code": "{stack.employee_code}"}}')
    chat(stack, sender, "/affirm")

    anonymous = chat(stack, sender, "is this anonymous?")
    helped = chat(stack, sender, "/help")
    answer = (
        "I need help with my workload, is this anonymous enough to say that my team is drowning?"
    )
    reply = chat(stack, sender, answer)

    question = "What are the current key issues for mental health and wellbeing at your workplace?"
    assert anonymous[0]["text"].startswith("Yes. I never ask for your name")
    assert "at least 5 people" in anonymous[0]["text"]
    assert anonymous[-1]["text"] == question
    assert helped[0]["text"].startswith("This is a short, anonymous conversation")
    assert helped[-1]["text"] == question
    assert reply[0]["text"].startswith("Thank you. Your answer has been saved")
    assert any(text.startswith("I need help with my workload") for text in stored_texts(stack))


def test_a_reload_mid_question_asks_the_question_again(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    chat(stack, sender, f'/greet{{"language": "en", "invite_code": "{stack.employee_code}"}}')
    chat(stack, sender, "/affirm")

    reloaded = chat(
        stack, sender, f'/greet{{"language": "en", "invite_code": "{stack.employee_code}"}}'
    )
    reply = chat(stack, sender, "Our rota changes every week without notice")

    assert [m["text"] for m in reloaded] == [
        "What are the current key issues for mental health and wellbeing at your workplace?"
    ]
    assert reply[0]["text"].startswith("Thank you. Your answer has been saved")
    assert not any(text.startswith("/greet") for text in stored_texts(stack))


def test_writing_about_a_crisis_gets_care_and_the_help_numbers(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    chat(stack, sender, f'/greet{{"language": "nb", "invite_code": "{stack.employee_code}"}}')
    chat(stack, sender, "/affirm")

    reply = chat(stack, sender, "Jeg orker ikke mer, og jeg har begynt å tenke på selvmord")

    care = reply[0]["text"]
    assert care.startswith("Takk for at du forteller meg dette.")
    for number in ("113", "116 117", "116 123"):
        assert number in care
    assert reply[1]["text"].startswith("Takk. Svaret ditt er lagret")
    assert len(reply) == 2  # no question about the coding at such a moment


@pytest.mark.browser
def test_the_chat_page_holds_a_conversation_in_chromium(stack: Stack) -> None:
    if not CHROMIUM.exists():
        pytest.skip("browser test skipped: Debian's chromium is not installed (make browser-deps)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(locale="en-GB")
        page.goto(f"{stack.base_url}/?code={stack.employee_code}")
        page.get_by_role("button", name="Yes, I want to take part").click()
        expect(page.locator("#log li.user")).to_have_text("Yes, I want to take part")
        expect(page.locator("#log li.bot").last).to_have_text(
            "What are the current key issues for mental health and wellbeing at your workplace?",
            timeout=30_000,
        )
        page.fill("#message", "The new rota leaves no time to recover")
        page.keyboard.press("Enter")
        expect(page.locator("#log li.user").last).to_have_text(
            "The new rota leaves no time to recover"
        )
        expect(page.locator("#log li.bot", has_text="Your answer has been saved")).to_be_visible(
            timeout=30_000
        )
        expect(page.locator("#log li.bot").last).to_contain_text("Is that right?")
        page.get_by_role("button", name="Yes, that's right").click()
        expect(page.locator("#log li.bot").last).to_have_text(
            "Thank you, I have noted it that way.", timeout=30_000
        )
        browser.close()
    assert "The new rota leaves no time to recover" in stored_texts(stack)


@pytest.mark.parametrize("component", ["actions", "rasa"])
def test_health_names_a_stopped_component(stack: Stack, component: str) -> None:
    pid = stack.children()[component]
    os.kill(pid, signal.SIGSTOP)
    try:
        response = httpx.get(f"{stack.base_url}/api/health", timeout=30)
    finally:
        os.kill(pid, signal.SIGCONT)

    expected = {"actions": "action_server", "rasa": "rasa"}[component]
    assert response.status_code == 503
    assert response.json()["down"] == [expected]
    assert stack.wait_healthy(60).status_code == 200


def test_ctrl_c_stops_all_three_processes(stack: Stack) -> None:
    pids = stack.children().values()

    stack.process.send_signal(signal.SIGINT)

    assert stack.process.wait(timeout=30) == 0
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in pids)
