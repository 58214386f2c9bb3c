"""SVG snapshots of the interview loop's screens at 80×24 and 120×40 (review with
--snapshot-update). Every date in the bank is in March 2024, and local time is UTC."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from storybank.tui.app import StorybankApp, create_app
from tests.tui.loop_bank import loop_bank, utc
from tests.tui.test_tui_snapshots import SIZES, Snap, after, no_blink

__all__ = ["utc"]
pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture
def loop_app(bank_path: Path) -> StorybankApp:
    """The app on the sample stories with an interview loop."""
    loop_bank(bank_path)
    return create_app(bank_path)


def then(*keys: str, fill: dict[str, str] | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Open the jobs screen, press `keys`, fill inputs by id, then wait for the workers."""

    async def run(pilot: Pilot[Any]) -> None:
        await after("J")(pilot)
        for key in keys:
            await pilot.press(key)
            for _ in range(3):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
        for widget_id, value in (fill or {}).items():
            pilot.app.screen.query_one(f"#{widget_id}", Input).value = value
        await pilot.app.workers.wait_for_complete()
        no_blink(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_jobs(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(loop_app, terminal_size=size, run_before=then())


@pytest.mark.parametrize("size", SIZES)
def test_jobs_interview_detail(
    snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]
) -> None:
    # Acme's interviews, the first (logged) one highlighted: its log in the detail.
    keys = ("enter", "up")
    assert snap_compare(loop_app, terminal_size=size, run_before=then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_jobs_empty(snap_compare: Snap, bank_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(create_app(bank_path), terminal_size=size, run_before=then())


@pytest.mark.parametrize("size", SIZES)
def test_job_form_with_error(
    snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]
) -> None:
    run = then("n", "tab", *"Data engineer", "ctrl+s")
    assert snap_compare(loop_app, terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_status_dialog(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(loop_app, terminal_size=size, run_before=then("s"))


@pytest.mark.parametrize("size", SIZES)
def test_interview_form(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    fill = {"iv-start": "2024-03-20 09:00", "iv-end": "08:00", "iv-round": "panel"}
    assert snap_compare(loop_app, terminal_size=size, run_before=then("i", fill=fill))


@pytest.mark.parametrize("size", SIZES)
def test_interview_log_warns_on_a_repeat(
    snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]
) -> None:
    keys = ("enter", "l", *"led a team", "down", "enter", *"on-call", "enter")
    assert snap_compare(loop_app, terminal_size=size, run_before=then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_due(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(loop_app, terminal_size=size, run_before=then("u"))


@pytest.mark.parametrize("size", SIZES)
def test_own_followup_dialog_with_error(
    snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]
) -> None:
    # Enter with no title: the dialog stays, and says what to fix.
    assert snap_compare(loop_app, terminal_size=size, run_before=then("u", "a", "enter"))


@pytest.mark.parametrize("size", SIZES)
def test_snooze_dialog(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(loop_app, terminal_size=size, run_before=then("u", "w"))


@pytest.mark.parametrize("size", SIZES)
def test_story_told_to(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    # The main screen: the title bar's due count, and where the highlighted story was told.
    assert snap_compare(loop_app, terminal_size=size, run_before=after("down"))


@pytest.mark.parametrize("size", SIZES)
def test_asks_dialog(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(loop_app, terminal_size=size, run_before=then("k", "down", "space"))


@pytest.mark.parametrize("size", SIZES)
def test_file_dialog(snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]) -> None:
    assert snap_compare(loop_app, terminal_size=size, run_before=then("enter", "p"))


@pytest.mark.parametrize("size", SIZES)
def test_interview_log_with_questions_logged(
    snap_compare: Snap, loop_app: StorybankApp, size: tuple[int, int]
) -> None:
    keys = ("enter", "l", *"Why Acme?", "enter", "enter", *"led a team", "down", "enter")
    assert snap_compare(loop_app, terminal_size=size, run_before=then(*keys, "enter"))
