"""End to end through `medvirk run`: health, chat turns through POST /api/chat, the answer
in the database, the chat page in a real browser, stopped components, and Ctrl-C.

The tests share one running system and run in file order; the last one stops it.
"""

from __future__ import annotations

import os
import re
import signal
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import create_engine, text

from tests.e2e.conftest import STARTUP_SECONDS, Stack

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def chromium_page(locale: str) -> Iterator[Page]:
    """A page in Debian's Chromium, driven by Playwright; skipped where it is missing."""
    if not CHROMIUM.exists():
        pytest.skip("browser test skipped: Debian's chromium is not installed (make browser-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser.new_page(locale=locale)
        finally:
            browser.close()


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


SAVED_EN = "Thank you. Your answer has been saved, without anything that could identify you."
KEY_ISSUE_EN = "What are the current key issues for mental health and wellbeing at your workplace?"
MORE_EN = "Is there anything more about this"


def payloads(reply: list[dict]) -> list[str]:
    return [b["payload"] for b in (reply[-1].get("buttons") or [])]


def texts(reply: list[dict]) -> list[str]:
    return [m.get("text") or "" for m in reply]


def begin(stack: Stack, sender: str, lang: str = "en") -> list[dict]:
    chat(stack, sender, f'/greet{{"language": "{lang}", "invite_code": "{stack.employee_code}"}}')
    return chat(stack, sender, "/affirm")


def agree(stack: Stack, sender: str, reply: list[dict]) -> list[dict]:
    """Confirm the coding; when the model could not place it, choose one."""
    if "/affirm" in payloads(reply):
        return chat(stack, sender, "/affirm")
    chat(stack, sender, '/choose_category{"category": "individual.work_content"}')
    return chat(stack, sender, '/choose_category{"polarity": "demand"}')


def participant_rows(stack: Stack) -> list[tuple[str, str | None]]:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, completed_at FROM participants")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def question_of(stack: Stack, text_part: str) -> str:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT question_id FROM answers WHERE text LIKE :part"),
            {"part": f"%{text_part}%"},
        ).scalar_one()
    engine.dispose()
    return found


DELETION_CODES: list[str] = []


def test_a_full_reflection_lands_scrubbed_coded_and_confirmed(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    question = begin(stack, sender)
    assert texts(question)[-1] == KEY_ISSUE_EN

    saved = chat(stack, sender, "Far too much overtime. Text me on 912 34 567 or kari@example.no")
    assert texts(saved)[0] == SAVED_EN
    assert saved[1]["text"].startswith("It sounds like this is about ")
    assert payloads(saved) == ["/affirm", "/deny"]
    more = chat(stack, sender, "/affirm")
    assert texts(more)[0] == "Thank you, I have noted it that way."
    assert texts(more)[-1].startswith(MORE_EN) and payloads(more) == ["/skip"]

    individual = chat(stack, sender, "/skip")
    assert texts(individual)[-1].startswith("Let's look at the levels one at a time")
    assert "\n• the tasks themselves" in texts(individual)[-1]
    probe = chat(stack, sender, "workload")
    assert texts(probe) == ["Can you give an example?"]
    example = chat(stack, sender, "we have twelve patients each on the evening shift")
    assert texts(example)[0] == SAVED_EN
    agree(stack, sender, example)
    group = chat(stack, sender, "/skip")
    assert texts(group)[-1].startswith("Now your team and colleagues")
    leader = chat(stack, sender, "next question")
    assert texts(leader)[-1].startswith("Now the leadership closest to you")

    told = chat(stack, sender, "My manager never explains why decisions are made")
    if "/deny" in payloads(told):
        told = chat(stack, sender, "/deny")
    chat(stack, sender, '/choose_category{"category": "other"}')
    asked_polarity = chat(stack, sender, '/choose_category{"category": "leader.leader_behaviour"}')
    assert payloads(asked_polarity) == [
        '/choose_category{"polarity": "resource"}',
        '/choose_category{"polarity": "demand"}',
    ]
    corrected = chat(stack, sender, '/choose_category{"polarity": "demand"}')
    assert texts(corrected)[0] == "Thank you, I have noted it that way."
    chat(stack, sender, "/skip")
    priority = chat(stack, sender, "/skip")
    assert texts(priority)[-1] == "Of everything you mentioned, what matters most to improve?"
    finished = chat(stack, sender, "More staff on evenings matters most to all of us")

    assert texts(finished)[0] == SAVED_EN
    assert texts(finished)[1].startswith("Thank you so much for sharing this.")
    code = texts(finished)[2].split("give this code: ")[1].split(".")[0]
    DELETION_CODES.append(code)
    assert "Far too much overtime. Text me on [PHONE] or [EMAIL]" in stored_texts(stack)
    assert "workload. we have twelve patients each on the evening shift" in stored_texts(stack)
    assert question_of(stack, "More staff on evenings") == "priority"
    model, confirmed = codings_of(stack, "Far too much overtime")
    assert model[2] == "model" and confirmed[2] == "participant_confirmed"
    assert confirmed[:2] == model[:2]
    assert codings_of(stack, "never explains why")[-1] == (
        "leader.leader_behaviour",
        "demand",
        "participant_corrected",
    )
    assert all(completed for _, completed in participant_rows(stack))


def test_the_deletion_code_later_deletes_those_answers(stack: Stack) -> None:
    sender = uuid.uuid4().hex

    asked = chat(stack, sender, "I want to delete my answers")
    deleted = chat(stack, sender, f"the code is {DELETION_CODES[0]}")
    again = chat(stack, sender, "I want to delete my answers")
    unknown = chat(stack, sender, DELETION_CODES[0])

    assert texts(asked)[-1].startswith("Du kan slette svarene dine med slettekoden")
    assert texts(deleted) == ["Svarene dine er slettet (4 svar). Takk for at du var med."]
    assert texts(again)[-1].startswith("Du kan slette svarene dine")
    assert texts(unknown)[0] == "Den koden finner jeg ikke. Sjekk koden og prøv igjen."
    assert not any(t.startswith("Far too much overtime") for t in stored_texts(stack))


def test_a_norwegian_participant_types_a_wrong_code_then_the_right_one(stack: Stack) -> None:
    sender = uuid.uuid4().hex

    opening = chat(stack, sender, "hei")
    wrong = chat(stack, sender, "koden er ZZZZ-ZZZZ-ZZZZ")
    right = chat(stack, sender, stack.employee_code.lower().replace("-", " "))
    question = chat(stack, sender, "ja")

    assert opening[-1]["text"].startswith("For å begynne: skriv inn koden")
    assert wrong[0]["text"] == "Den koden kjenner jeg ikke igjen. Sjekk den og prøv igjen."
    assert right[-1]["text"].startswith("Før vi begynner: svarene dine er anonyme")
    assert question[-1]["text"].startswith("Hva er de viktigste forholdene for mental helse")


def test_saying_no_to_consent_stores_nothing(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    before = (answer_rows(stack), participant_rows(stack))

    chat(stack, sender, f'/greet{{"language": "en", "invite_code": "{stack.employee_code}"}}')
    reply = chat(stack, sender, "/deny")

    assert reply[-1]["text"].startswith("That is completely fine. Nothing has been stored.")
    assert (answer_rows(stack), participant_rows(stack)) == before


def test_interruptions_are_answered_and_the_question_asked_again(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin(stack, sender)

    anonymous = chat(stack, sender, "is this anonymous?")
    helped = chat(stack, sender, "/help")
    off_topic = chat(stack, sender, "tell me a joke")
    switched = chat(stack, sender, "can we speak Norwegian?")
    answer = "I need help with my workload, is this anonymous enough to say my team is drowning?"
    reply = chat(stack, sender, answer)

    assert anonymous[0]["text"].startswith("Yes. I never ask for your name")
    assert "at least 5 people" in anonymous[0]["text"]
    assert texts(anonymous)[-1] == texts(helped)[-1] == texts(off_topic)[-1] == KEY_ISSUE_EN
    assert helped[0]["text"].startswith("This is a short, anonymous conversation")
    assert off_topic[0]["text"].startswith("I'm afraid I can't help with that.")
    assert texts(switched) == [
        "Greit, vi fortsetter på norsk.",
        "Hva er de viktigste forholdene for mental helse og trivsel på arbeidsplassen din "
        "akkurat nå?",
    ]
    assert reply[0]["text"].startswith("Takk. Svaret ditt er lagret")
    assert any(t.startswith("I need help with my workload") for t in stored_texts(stack))


def test_a_reload_mid_question_asks_the_question_again(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin(stack, sender)

    reloaded = chat(stack, sender, '/greet{"language": "en"}')
    reply = chat(stack, sender, "Our rota changes every week without notice")

    assert texts(reloaded) == [KEY_ISSUE_EN]
    assert reply[0]["text"] == SAVED_EN
    assert not any(t.startswith("/greet") for t in stored_texts(stack))


def test_writing_about_a_crisis_gets_care_and_the_help_numbers(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin(stack, sender, "nb")

    reply = chat(stack, sender, "Jeg orker ikke mer, og jeg har begynt å tenke på selvmord")

    care = reply[0]["text"]
    assert care.startswith("Takk for at du forteller meg dette.")
    for number in ("113", "116 117", "116 123"):
        assert number in care
    assert payloads(reply[:1]) == ["/pause", "/repeat_question"]
    assert reply[1]["text"].startswith("Takk. Svaret ditt er lagret")
    assert "Stemmer det?" not in " ".join(texts(reply))  # no coding question at such a moment


def test_stopping_and_deleting_midway_leaves_nothing(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin(stack, sender)
    chat(stack, sender, "Meetings eat the whole day and nothing gets decided")
    before = len(participant_rows(stack))

    asked = chat(stack, sender, "I want to stop")
    gone = chat(stack, sender, "/withdraw")

    assert texts(asked)[-1].startswith("Do you want to stop here?")
    assert texts(gone) == ["Everything you wrote has been deleted. Thank you for your time."]
    assert not any(t.startswith("Meetings eat the whole day") for t in stored_texts(stack))
    assert len(participant_rows(stack)) == before - 1


def test_continuing_later_on_another_device_with_the_resume_code(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin(stack, sender)
    agree(stack, sender, chat(stack, sender, "The new shift plan has made sleep impossible"))
    chat(stack, sender, "/skip")

    paused = chat(stack, sender, "I'll continue later")
    code = next(m["custom"]["resume_code"] for m in paused if m.get("custom"))
    elsewhere = chat(
        stack, uuid.uuid4().hex, f'/greet{{"language": "en", "resume_code": "{code}"}}'
    )

    assert code in paused[0]["text"]
    assert texts(elsewhere)[0] == "Welcome back! Let's continue where you left off."
    assert texts(elsewhere)[-1].startswith("Let's look at the levels one at a time")


def one(stack: Stack, sql: str, **params: object) -> object:
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        value = connection.execute(text(sql), params).scalar()
    engine.dispose()
    return value


def begin_interview(stack: Stack, sender: str, lang: str = "en") -> list[dict]:
    opening = chat(
        stack, sender, f'/greet{{"language": "{lang}", "invite_code": "{stack.manager_code}"}}'
    )
    assert payloads(opening) == [
        '/inform_role{"role": "middle_manager"}',
        '/inform_role{"role": "senior_manager"}',
    ]
    consent = chat(stack, sender, '/inform_role{"role": "middle_manager"}')
    assert payloads(consent) == ["/affirm", "/deny"]
    return chat(stack, sender, "/affirm")


def test_a_manager_interview_with_the_context_measure_and_a_review(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    first = begin_interview(stack, sender)
    assert texts(first)[-1].startswith("To help me understand your answers")

    agree(stack, sender, chat(stack, sender, "A home care unit, twenty staff, much sick leave"))
    reply = chat(stack, sender, "/skip")
    while not payloads(reply)[0].startswith("/rate"):
        reply = chat(stack, sender, "/skip")
    assert len(payloads(reply)) == 6
    while payloads(reply)[0].startswith("/rate"):
        choices = payloads(reply)  # 1-5 and don't know, or yes, no and don't know
        reply = chat(stack, sender, choices[3] if len(choices) == 6 else choices[2])
    review = texts(reply)[-1]
    assert review.startswith("Before you finish, here are your answers.")
    assert "1. A home care unit, twenty staff, much sick leave" in review

    chat(stack, sender, payloads(reply)[0])  # change answer 1
    rewritten = chat(stack, sender, "A home care unit with twenty staff and long sick leaves")
    assert texts(rewritten)[0].endswith("Your earlier answer has been replaced.")
    back = agree(stack, sender, rewritten)
    assert "1. A home care unit with twenty staff and long sick leaves" in texts(back)[-1]
    finished = chat(stack, sender, "/affirm")

    assert texts(finished)[0].startswith("Thank you so much for sharing this.")
    assert "A home care unit, twenty staff, much sick leave" not in stored_texts(stack)
    query = (
        "SELECT a.source || ' ' || p.role FROM answers a JOIN participants p "
        "ON p.id = a.participant_id WHERE a.text LIKE 'A home care unit with%'"
    )
    assert one(stack, query) == "interview middle_manager"
    assert one(stack, "SELECT count(*) FROM context_ratings") == 23
    assert one(stack, "SELECT count(*) FROM context_ratings WHERE value = 'dont_know'") == 10


RESUMING: dict[str, str] = {}


def test_before_a_restart_a_manager_pauses_for_later(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin_interview(stack, sender, "nb")
    saved = chat(stack, sender, "Vi er en barnehage med seks avdelinger og mange vikarer")
    agree(stack, sender, saved)
    question = texts(chat(stack, sender, "/skip"))[-1]

    paused = chat(stack, sender, "jeg fortsetter senere")

    assert "også om flere dager og fra en annen enhet" in texts(paused)[0]
    RESUMING.update(
        manager_code=next(m["custom"]["resume_code"] for m in paused if m.get("custom")),
        manager_question=question,
    )


def test_before_a_restart_a_conversation_stops_midway(stack: Stack) -> None:
    sender = uuid.uuid4().hex
    begin(stack, sender, "nb")
    chat(stack, sender, "/skip")

    saved = chat(stack, sender, "Lederen min gir aldri tilbakemelding på arbeidet vårt")

    assert texts(saved)[0].startswith("Takk. Svaret ditt er lagret")
    RESUMING.update(sender=sender, question=texts(saved)[-1])


def test_after_restarting_every_process_the_conversation_resumes(stack: Stack) -> None:
    stack.restart()
    assert stack.wait_healthy(STARTUP_SECONDS).status_code == 200
    sender = RESUMING["sender"]

    back = chat(stack, sender, '/greet{"language": "nb"}')
    answered = agree(stack, sender, back)

    assert texts(back) == ["Velkommen tilbake! Vi fortsetter der du slapp.", RESUMING["question"]]
    assert texts(answered)[0] == "Takk, da har jeg notert det slik."
    assert texts(answered)[-1].startswith("Er det noe mer om dette")


def test_after_the_restart_the_manager_continues_on_another_device(stack: Stack) -> None:
    device = uuid.uuid4().hex
    code = RESUMING["manager_code"]

    back = chat(stack, device, f'/greet{{"language": "nb", "resume_code": "{code}"}}')
    seen = chat(stack, device, "kan jeg se svarene mine")

    assert texts(back) == [
        "Velkommen tilbake! Vi fortsetter der du slapp.",
        RESUMING["manager_question"],
    ]
    assert texts(seen)[0] == "1. Vi er en barnehage med seks avdelinger og mange vikarer"
    assert texts(seen)[-1] == RESUMING["manager_question"]


@pytest.mark.browser
def test_a_short_reflection_in_chromium_by_clicking_the_buttons(stack: Stack) -> None:
    with chromium_page("en-GB") as page:
        last_bot = page.locator("#log li.bot").last
        page.goto(f"{stack.base_url}/?code={stack.employee_code}")
        page.get_by_role("button", name="Yes, I want to take part").click()
        expect(page.locator("#log li.user")).to_have_text("Yes, I want to take part")
        expect(last_bot).to_contain_text(KEY_ISSUE_EN, timeout=30_000)
        page.fill("#message", "The new rota leaves no time to recover")
        page.keyboard.press("Enter")
        expect(page.locator("#log li.bot", has_text="Your answer has been saved")).to_be_visible(
            timeout=30_000
        )
        expect(last_bot).to_contain_text("Is that right?")
        last_bot.get_by_role("button", name="Yes, that's right").click()
        expect(last_bot).to_contain_text(MORE_EN, timeout=30_000)
        for heading in (
            "Let's look at the levels",
            "Now your team",
            "Now the leadership",
            "Finally, the workplace",
            "Of everything you mentioned",
        ):
            last_bot.get_by_role("button", name=re.compile("^(Next|Skip)$")).click()
            expect(last_bot).to_contain_text(heading, timeout=30_000)
        page.fill("#message", "Time to recover between shifts matters most")
        page.keyboard.press("Enter")
        expect(page.locator("#log li.bot", has_text="give this code")).to_be_visible(timeout=30_000)
    assert "Time to recover between shifts matters most" in stored_texts(stack)


@pytest.mark.browser
def test_a_manager_pauses_in_chromium_and_the_resume_link_continues(stack: Stack) -> None:
    with chromium_page("nb-NO") as page:
        last_bot = page.locator("#log li.bot").last
        page.goto(f"{stack.base_url}/?code={stack.manager_code}")
        page.get_by_role("button", name="Mellomleder").click()
        page.get_by_role("button", name="Ja, jeg vil være med").click()
        expect(last_bot).to_contain_text("For å forstå svarene dine bedre", timeout=30_000)
        page.fill("#message", "jeg fortsetter senere")
        page.keyboard.press("Enter")
        link = page.get_by_role("link", name="Lenke for å fortsette senere")
        expect(link).to_be_visible(timeout=30_000)
        link.click()
        expect(page.locator("#log li.bot").first).to_have_text(
            "Velkommen tilbake! Vi fortsetter der du slapp.", timeout=30_000
        )
        expect(last_bot).to_contain_text("For å forstå svarene dine bedre")


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
