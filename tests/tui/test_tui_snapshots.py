"""SVG snapshots of each screen at 80×24 and 120×40 (review changes with --snapshot-update)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, TextArea

from storybank.tui.app import StorybankApp, create_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Snap = Callable[..., bool]


def no_blink(pilot: Pilot[Any]) -> None:
    """Stop cursor blinking: Textual 8.2.8's run_test leaves the 0.5 s blink timers running."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


def after(*keys: str, search: str = "") -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the bank to load, then press `keys` (and fill the search box)."""

    async def run(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        await pilot.pause()
        if search:
            app.screen.query_one("#search", Input).value = search
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        no_blink(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_main_empty(snap_compare: Snap, bank_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(create_app(bank_path), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_main_with_stories(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_main_filtered(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=after(search="c:leadership"))


@pytest.mark.parametrize("size", SIZES)
def test_editor_clean(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=after("e"))


@pytest.mark.parametrize("size", SIZES)
def test_editor_with_errors(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    async def break_and_save(pilot: Pilot[Any]) -> None:
        await after("n")(pilot)
        pilot.app.screen.query_one("#f-source-when", Input).value = "last spring"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=break_and_save)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=after("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_delete_confirmation(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=after("d"))


@pytest.mark.parametrize("size", SIZES)
def test_coverage(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    # Down three times: Conflict resolution, a thin spot with one story beside it.
    assert snap_compare(app, terminal_size=size, run_before=after("g", "down", "down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_questions(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    async def ask(pilot: Pilot[Any]) -> None:
        await after("w")(pilot)
        pilot.app.screen.query_one("#q-input", Input).value = "conflict"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=ask)


@pytest.mark.parametrize("size", SIZES)
def test_export_redacting(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    async def tick(pilot: Pilot[Any]) -> None:
        await after("x")(pilot)
        redact = pilot.app.screen.query_one("#export-redact", Checkbox)
        redact.value = True
        redact.focus()
        await pilot.app.workers.wait_for_complete()
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=tick)
