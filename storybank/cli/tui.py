"""`storybank tui` (and bare `storybank`): open the app, which alone imports Textual."""

from __future__ import annotations

from pathlib import Path

import click

from storybank.cli.common import bank_path, db_option
from storybank.core.errors import StorybankError


def launch(path: Path) -> None:
    """Run the app on the bank at `path` until the user quits; a crash is one line and exit 1."""
    from storybank.tui.app import run_app  # lazy: the CLI must not pay for Textual

    if run_app(path):
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
