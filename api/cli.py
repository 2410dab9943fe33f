"""The `medvirk` command line. Output for programs is JSON on stdout; messages go to stderr."""

from __future__ import annotations

import typer

from api.settings import get_settings

app = typer.Typer(help="Medvirk: participatory needs assessment of workplace mental health.")


@app.callback()
def main() -> None:
    """Commands read their settings (database, ports) like the server does."""


@app.command()
def run() -> None:
    """Start the API, the Rasa server and the action server; Ctrl-C stops all three."""
    from api.supervisor import process_specs, supervise

    settings = get_settings()
    typer.echo(
        f"medvirk: the chat opens at http://127.0.0.1:{settings.port}/ once the Rasa model "
        "has loaded (about a minute); GET /api/health says when everything is up.",
        err=True,
    )
    raise typer.Exit(supervise(process_specs(settings)))


if __name__ == "__main__":
    app()
