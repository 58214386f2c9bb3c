"""`storybank tui` (and bare `storybank`): open the Textual app. Textual is imported only here."""

from __future__ import annotations

import io
from pathlib import Path

import click

from storybank.cli.entry import bank_path, db_option
from storybank.core.errors import StorybankError


def launch(path: Path) -> None:
    """Run the app on the bank at `path` until the user quits; a crash is one line and exit 1."""
    from rich.console import Console

    from storybank.tui.app import create_app  # lazy: the CLI must not pay for Textual

    app = create_app(path)
    if "debug" not in app.features:
        # Textual prints a crash as a traceback with every frame's variables, which hold the
        # stories' text: keep it off the terminal (and out of logs and screenshots).
        app.error_console = Console(file=io.StringIO(), markup=False, highlight=False)
    app.run()
    if app.return_code:
        raise StorybankError(
            f"The app stopped on an unexpected error. Every save it reported is in {path}; "
            "run it with TEXTUAL=debug to see the details."
        )


@click.command()
@db_option
@click.pass_context
def tui(ctx: click.Context) -> None:
    """Open the full-screen app (the same as `storybank` with no command)."""
    launch(bank_path(ctx))
