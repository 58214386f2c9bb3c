"""Hand the terminal to the user's $EDITOR and take it back, for the editor's fields and the
loop's drafts alike (one place knows how a hand-over fails)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from textual.app import App, SuspendNotSupported

from storybank.core.errors import StorybankError
from storybank.core.textsafe import one_line

T = TypeVar("T")


class EditorFailed(StorybankError):
    """$EDITOR could not be run, or stopped with an error."""

    title = "Editor"


def editor_set() -> bool:
    """True when $VISUAL or $EDITOR names an editor (click.edit reads them in that order)."""
    return bool(os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip())


def with_editor(app: App[Any], run: Callable[[], T]) -> T:
    """Run `run` (which calls click.edit) with the terminal handed over; EditorFailed when
    the terminal cannot be handed over or the editor fails."""
    try:
        with app.suspend():
            return run()
    except SuspendNotSupported:
        raise EditorFailed("This terminal cannot hand over to $EDITOR.") from None
    except click.ClickException as error:
        raise EditorFailed(one_line(error.message)) from None


def edit_file(app: App[Any], path: Path) -> None:
    """Open `path` in $EDITOR and keep it owner-only afterwards (an editor may write a new
    file in its place); EditorFailed when no editor is set or it fails (the file stays)."""
    shown = one_line(str(path))
    if not editor_set():
        raise EditorFailed(f"No $EDITOR is set, so {shown} was not opened; it is kept.")
    try:
        with_editor(app, lambda: click.edit(filename=str(path)))
    except EditorFailed as error:
        raise EditorFailed(f"{error.message} The draft is kept in {shown}.") from None
    finally:
        if path.exists():
            path.chmod(0o600)
