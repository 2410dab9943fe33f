"""`medvirk scrub` and `medvirk classify` as programs use them: JSON Lines through pipes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from api.nlp.classifier import DEFAULT_MODEL_DIR
from api.nlp.taxonomy import load_taxonomy

BAD_LINES = [
    b"this is not json",
    b'{"lang": "nb"}',
    b'{"text": "   "}',
    json.dumps({"text": "x" * 100_000}).encode(),
    b'{"text": "\xff\xfe broken"}',
    b'["text"]',
    b'{"text": "hei", "lang": "de"}',
]


def medvirk(command: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", command], input=stdin, capture_output=True, timeout=300
    )


def out_lines(result: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_scrub_replaces_and_names_the_kinds() -> None:
    result = medvirk("scrub", b'{"text": "Ring Kari Nordmann p\xc3\xa5 912 34 567", "id": 7}\n')

    assert result.returncode == 0
    assert out_lines(result) == [
        {"text": "Ring [NAME] på [PHONE]", "found": ["NAME", "PHONE"], "id": 7}
    ]


@pytest.mark.parametrize("command", ["scrub", "classify"])
def test_bad_lines_get_an_error_each_and_the_stream_goes_on(command: str) -> None:
    if command == "classify" and not (DEFAULT_MODEL_DIR / "meta.json").exists():
        pytest.fail("no trained classifier: run `make classifier` (make test does)")
    good = b'{"text": "Vi har et godt samarbeid i teamet"}'
    stdin = b"\n".join([good, *BAD_LINES, good]) + b"\n"

    result = medvirk(command, stdin)
    lines = out_lines(result)

    assert result.returncode == 1
    assert len(lines) == len(BAD_LINES) + 2
    assert "error" not in lines[0] and "error" not in lines[-1]
    errors = lines[1:-1]
    assert [e["line"] for e in errors] == list(range(2, 2 + len(BAD_LINES)))
    assert all(e["error"] for e in errors)
    stderr = result.stderr.decode()
    for message in (
        "not valid JSON",
        'missing "text"',
        "is empty",
        "longer than",
        "not valid UTF-8",
    ):
        assert message in stderr


def test_classify_codes_every_line_in_order_with_all_scores() -> None:
    if not (DEFAULT_MODEL_DIR / "meta.json").exists():
        pytest.fail("no trained classifier: run `make classifier` (make test does)")
    statements = [
        {"text": "Lederen min, Per Olsen, gir aldri tilbakemelding", "lang": "nb"},
        {"text": "Patients' relatives shout at us almost every evening shift", "lang": "en"},
        {"text": "We can always ask each other for help on the team"},
    ]
    stdin = b"".join(json.dumps(s).encode() + b"\n" for s in statements)

    result = medvirk("classify", stdin)
    lines = out_lines(result)
    taxonomy = load_taxonomy()

    assert result.returncode == 0, result.stderr.decode()
    assert len(lines) == 3
    assert lines[0]["text"] == "Lederen min, [NAME], gir aldri tilbakemelding"
    assert [line.get("lang") for line in lines] == ["nb", "en", None]
    for line in lines:
        assert set(line["scores"]) == set(taxonomy.category_ids)
        assert sum(line["scores"].values()) == pytest.approx(1.0, abs=1e-3)
        assert line["category"] in (*taxonomy.category_ids, "P")
        assert line["level"] == taxonomy.level_of(line["category"])
        assert line["polarity"] in ("demand", "resource")
        assert 0.0 <= line["confidence"] <= 1.0
