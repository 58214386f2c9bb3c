"""`storybank tui` (and bare `storybank`): open the Textual app. Textual is imported only here."""

from __future__ import annotations

from pathlib import Path

import click

from storybank.cli import bank_path, db_option


def launch(path: Path) -> None:
    """Run the app on the bank at `path` until the user quits."""
    from storybank.tui.app import create_app  # lazy: the CLI must not pay for Textual

    create_app(path).run()


@click.command()
@db_option
@click.pass_context
def tui(ctx: click.Context) -> None:
    """Open the full-screen app (the same as `storybank` with no command)."""
    launch(bank_path(ctx))
