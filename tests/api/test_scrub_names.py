"""Person names in the scrubber, and the scrubber's evaluation helpers."""

from __future__ import annotations

import pytest

from api.nlp.scrub import scrub
from api.nlp.scrub_eval import expected_spans, precision_recall

NAMES = [
    ("Sjefen min, Per Olsen, svarer aldri.", "Sjefen min, [NAME], svarer aldri."),
    (
        "my manager, Sarah Mitchell, takes all the credit",
        "my manager, [NAME], takes all the credit",
    ),
    (
        "Kollegaen min Anne-Lise har vært sykmeldt lenge",
        "Kollegaen min [NAME] har vært sykmeldt lenge",
    ),
    ("Vi snakket med Jan Erik de la Cruz i går", "Vi snakket med [NAME] i går"),
    ("kari sa at vi ikke skulle klage", "[NAME] sa at vi ikke skulle klage"),
    ("I told Will about the rota", "I told [NAME] about the rota"),
    ("Dr. Bjørn Ødegård var fantastisk", "Dr. [NAME] var fantastisk"),
    ("Sarah's team is understaffed", "[NAME]'s team is understaffed"),
    ("Nurse Manager Linda Walsh told us off", "Nurse Manager [NAME] told us off"),
    ("Jeg ble kalt inn til HR-sjef Cecilie Brekke", "Jeg ble kalt inn til HR-sjef [NAME]"),
    ("Beskjed: «Ring Arne før dere låser»", "Beskjed: «Ring [NAME] før dere låser»"),
    ("Bjørn og jeg har vondt i ryggen", "[NAME] og jeg har vondt i ryggen"),
    ("Rose and I share an office", "[NAME] and I share an office"),
    ("Frank is frank with us", "[NAME] is frank with us"),
    ("Even har bedt om tilrettelegging", "[NAME] har bedt om tilrettelegging"),
    ("Grace on nights asks how we are", "[NAME] on nights asks how we are"),
    ("May from payroll sorted it out", "[NAME] from payroll sorted it out"),
    ("Mai Britt Solberg slutter i juni", "[NAME] slutter i juni"),
    ("Iris Haugen was the best manager", "[NAME] was the best manager"),
    ("Bill's expenses were approved", "[NAME]'s expenses were approved"),
    ("J.R. Smith signs off everything", "[NAME] signs off everything"),
    ("Det var K. Larsen som skrev turnusen", "Det var [NAME] som skrev turnusen"),
    ("Ask Jo in the lab", "Ask [NAME] in the lab"),
    ("det var stig som lærte meg å kjøre truck", "det var [NAME] som lærte meg å kjøre truck"),
    ("honestly per is the only reason i stay", "honestly [NAME] is the only reason i stay"),
    ("Text me if you like. Ewa", "Text me if you like. [NAME]"),
    ("Grace handled the angry customer", "[NAME] handled the angry customer"),
    ("Jean-Luc's talk was the best part", "[NAME]'s talk was the best part"),
    ("Sivakumar på nattskiftet har klaget", "[NAME] på nattskiftet har klaget"),
    ("Rose Nakamura got a written warning", "[NAME] got a written warning"),
    ("Ingrid Haukeland sa opp i går", "[NAME] sa opp i går"),
    ("lederen vår synøve er flink", "lederen vår [NAME] er flink"),
]
UNCHANGED = [
    "Liv og helse betyr mye for oss i Bergen",
    "Will we ever get a proper break room?",
    "Hope is in short supply on this ward.",
    "Mandag møtes vi hos NAV i Oslo kommune",
    "Vold mot ansatte på Ahus må tas på alvor",
    "The NHS trust in Manchester cut our budget in May",
    "Even the best teams struggle with this workload",
    "Per i dag er vi tre sykepleiere per skift",
    "Vi jobber på St. Olavs hospital i Trondheim",
    "A robin built a nest in the scaffolding",
    "As a middle manager I'm expected to do two jobs",
    "I trust the nurse manager. She's always there for us.",
    "Even on the worst shifts my team makes me laugh",
    "We work on Christmas Eve every year",
    "I'm a Black nurse and get asked if I'm the cleaner",
    "Jeg jobber i Hansen Bygg AS",
    "Kontoret ligger i Karl Johans gate",
    "Vi har ikke rom for ammende i Mo i Rana",
    "Stein i skoen for meg er at ingen ble spurt",
    "ring meg på telefonen",
    "the girl next to me will always jump in",
    "fin tone på pauserommet",
    "Møtene er flyttet til tor. og fre.",
    "An untrained temp was left alone on the ward",
    "The canteen staff at Haukeland are kind",
    "Jeg jobber ved Hartvig Nissens skole",
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_person_names_become_one_placeholder(text: str, expected: str) -> None:
    assert scrub(text).text == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_words_places_and_organisations_stay(text: str) -> None:
    assert scrub(text).text == text


def test_a_long_text_is_scrubbed_throughout() -> None:
    text = "Kari sa at vi må ringe 912 34 567. " * 3000

    result = scrub(text)

    assert result.text.count("[NAME]") == 3000
    assert result.found == ["NAME", "PHONE"]


def test_expected_spans_are_recovered_from_the_labelled_text() -> None:
    spans = expected_spans("Ring Kari på 912 34 567", "Ring [NAME] på [PHONE]")

    assert spans == {("NAME", 5, 9), ("PHONE", 13, 23)}
    assert expected_spans("helt annen tekst", "Ring [NAME]") is None


def test_precision_and_recall_from_counts() -> None:
    counts = {"NAME_tp": 8, "NAME_fp": 2, "NAME_fn": 0, "PHONE_tp": 2, "PHONE_fn": 2}

    assert precision_recall(counts) == (10 / 12, 10 / 12)
    assert precision_recall(counts, ("PHONE",)) == (1.0, 0.5)
