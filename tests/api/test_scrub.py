"""The pattern part of the personal-data scrubber."""

from __future__ import annotations

import pytest

from api.nlp.scrub import is_national_id, scrub

CASES = [
    ("skriv til ola.nordmann@firma.no i dag", "skriv til [EMAIL] i dag", ["EMAIL"]),
    ("ring meg på 912 34 567", "ring meg på [PHONE]", ["PHONE"]),
    ("ring meg på +47 91234567!", "ring meg på [PHONE]!", ["PHONE"]),
    ("call +44 20 7946 0958 please", "call [PHONE] please", ["PHONE"]),
    ("sentralbordet 22 33 44 55", "sentralbordet [PHONE]", ["PHONE"]),
    ("fnr 01019012345 ligger i saken", "fnr [ID] ligger i saken", ["ID"]),
    ("se https://intranett.kommune.no/hms.", "se [URL].", ["URL"]),
    ("konto 1234.56.78903", "konto [ACCOUNT]", ["ACCOUNT"]),
    ("IBAN NO93 8601 1117 947", "IBAN [ACCOUNT]", ["ACCOUNT"]),
    ("mer på bloggen min, hanne.blogspot.com.", "mer på bloggen min, [URL].", ["URL"]),
    (
        "Kontonummeret mitt hvis dere vil sende gavekortet: 93786579757",
        "Kontonummeret mitt hvis dere vil sende gavekortet: [ACCOUNT]",
        ["ACCOUNT"],
    ),
    (
        "Fødselsnummer og kontonummer ble sendt i samme e-post: 24057934561",
        "Fødselsnummer og kontonummer ble sendt i samme e-post: [ID]",
        ["ID"],
    ),
]

UNCHANGED = [
    "Vi begynner kl. 07.30 og 30 timer i uka er for mye",
    "Budsjettet ble kuttet med 15 prosent i 2023",
    "3 av 10 på avdelingen er sykmeldt",
    "Møtet er 12.03.2024 i Oslo",
    "Vi har kjøpt inn for kr 1 500 hos Rema 1000",
    "Teams.no-one knows which channel to use",
]


@pytest.mark.parametrize(("text", "expected", "found"), CASES)
def test_personal_data_is_replaced(text: str, expected: str, found: list[str]) -> None:
    result = scrub(text)

    assert (result.text, result.found) == (expected, found)


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_numbers_and_places_stay(text: str) -> None:
    assert scrub(text).text == text


@pytest.mark.parametrize(
    ("digits", "valid"), [("01019012345", False), ("24057934561", False), ("15076500565", True)]
)
def test_national_id_check_digits(digits: str, valid: bool) -> None:
    assert is_national_id(digits) is valid
