"""The `medvirk` command line. Output for programs is JSON on stdout; messages go to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Annotated, BinaryIO

import typer
from sqlalchemy.orm import Session

from api.jsonl import LineError, TextRecord, read_text_lines
from api.settings import get_settings

app = typer.Typer(help="Medvirk: participatory needs assessment of workplace mental health.")
assessment_app = typer.Typer(help="Assessments (facilitators).")
token_app = typer.Typer(help="Facilitator bearer tokens.")
app.add_typer(assessment_app, name="assessment")
app.add_typer(token_app, name="token")
CHUNK_LINES = 64


@app.callback()
def main() -> None:
    """Commands read their settings (database, ports) like the server does."""


@app.command()
def run() -> None:
    """Start the API, the Rasa server and the action server; Ctrl-C stops all three.
    Beside them the classifier is trained when it is missing or stale (`make classifier`,
    at lower priority), and the answers stored meanwhile are coded when it is ready."""
    from api.supervisor import process_specs, supervise

    settings = get_settings()
    typer.echo(
        f"medvirk: the chat opens at http://127.0.0.1:{settings.port}/ once the Rasa model "
        "has loaded (about a minute); GET /api/health says when everything is up.",
        err=True,
    )
    raise typer.Exit(supervise(process_specs(settings)))


def _chunks(items: Iterable[TextRecord | LineError]) -> Iterator[list[TextRecord | LineError]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK_LINES)):
        yield chunk


def _emit(obj: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _stream(
    source: BinaryIO, transform: Callable[[list[TextRecord]], list[dict[str, object]]]
) -> int:
    """Apply transform to the good lines of a JSON Lines stream, in order, chunk by chunk;
    report each bad line on stderr and as an error object on stdout. Returns the number
    of bad lines."""
    errors = 0
    for chunk in _chunks(read_text_lines(source)):
        good = [item for item in chunk if isinstance(item, TextRecord)]
        results = iter(transform(good))
        for item in chunk:
            if isinstance(item, LineError):
                errors += 1
                typer.echo(f"medvirk: line {item.line}: {item.message}", err=True)
                _emit(item.as_dict())
            else:
                _emit(next(results))
        sys.stdout.flush()
    return errors


@app.command()
def scrub() -> None:
    """Scrub personal data: JSON Lines {"text": ...} on stdin, the same with `text`
    scrubbed and `found` (the kinds replaced) on stdout."""
    from api.nlp.scrub import scrub as scrub_text

    def transform(records: list[TextRecord]) -> list[dict[str, object]]:
        out = []
        for record in records:
            result = scrub_text(record.text)
            out.append(record.record | {"text": result.text, "found": result.found})
        return out

    raise typer.Exit(1 if _stream(sys.stdin.buffer, transform) else 0)


@app.command()
def classify() -> None:
    """Code statements into IGLO x JD-R: JSON Lines {"text", "lang"?} on stdin; each line
    out adds category, level, polarity, confidence and scores, with `text` scrubbed."""
    from api.nlp.classifier import ModelMissing, load_classifier

    try:
        classifier = load_classifier()
    except ModelMissing as error:
        typer.echo(f"medvirk: {error}", err=True)
        raise typer.Exit(2) from error

    def transform(records: list[TextRecord]) -> list[dict[str, object]]:
        codings = classifier.code(record.text for record in records)
        return [
            record.record | coding.as_dict()
            for record, coding in zip(records, codings, strict=True)
        ]

    raise typer.Exit(1 if _stream(sys.stdin.buffer, transform) else 0)


@contextmanager
def _database_session() -> Iterator[Session]:
    """A session on the configured database, with a clear message when it is not set up."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from api.db import get_session_factory

    with get_session_factory(get_settings().database_url)() as session:
        try:
            yield session
        except (OperationalError, ProgrammingError) as error:
            typer.echo(
                f"medvirk: the database is not ready ({type(error).__name__}); "
                "run `make migrate` (or `.venv/bin/alembic upgrade head`) first",
                err=True,
            )
            raise typer.Exit(2) from error


@assessment_app.command("create")
def assessment_create(
    name: Annotated[str, typer.Option("--name", help="What the assessment is called")],
    k: Annotated[int, typer.Option(min=2, max=100, help="Anonymity threshold")] = 5,
    organisation: Annotated[str, typer.Option(help="Organisation")] = "",
    unit: Annotated[str, typer.Option(help="Unit or department")] = "",
) -> None:
    """Create an assessment; prints {"id", "employee_code", "manager_code", "k"}."""
    from api.services.assessments import create_assessment

    if not name.strip():
        typer.echo("medvirk: --name must not be empty", err=True)
        raise typer.Exit(2)
    with _database_session() as session:
        new = create_assessment(session, name.strip(), k=k, organisation=organisation, unit=unit)
        _emit(
            {
                "id": new.assessment.id,
                "employee_code": new.employee_code,
                "manager_code": new.manager_code,
                "k": new.assessment.k,
            }
        )


@app.command("code-uncoded")
def code_uncoded() -> None:
    """Code the answers stored while no classifier was trained (`medvirk run` calls this
    when the classifier it trains in the background is ready)."""
    from pathlib import Path

    from api.services.answers import code_uncoded_answers

    classifier_dir = Path(get_settings().classifier_dir)
    with _database_session() as session:
        count = code_uncoded_answers(session, classifier_dir)
    typer.echo(f"medvirk: coded {count} answers stored without a coding", err=True)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Option("--name", help="Whose token this is")],
) -> None:
    """Create a facilitator bearer token; prints {"token"} (shown once, stored hashed)."""
    from api.services.assessments import create_token

    if not name.strip():
        typer.echo("medvirk: --name must not be empty", err=True)
        raise typer.Exit(2)
    with _database_session() as session:
        _emit({"token": create_token(session, name.strip())})


if __name__ == "__main__":
    app()
