"""The pitch screen: each part edited in place, its length and advice live, ctrl+s saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from storybank.practice.pitch import pitch_texts
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp
from storybank.tui.screens.pitch import PitchScreen
from tests.tui.conftest import settle
from tests.tui.test_tui_snapshots import SIZES, Snap, no_blink


async def test_write_a_weakness_see_the_advice_and_save_it(
    app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PitchScreen)
        await pilot.press("down", "down", "enter")
        assert screen.kind == "weakness"
        assert screen.query_one("#pitch-text", TextArea).has_focus
        await pilot.press(*"I say yes to too much.")
        advice = str(screen.query_one("#pitch-advice", Static).content)
        assert advice.startswith("● unsaved · about 0:03 to say")
        assert "Say what you are doing about it" in advice
        await pilot.press("escape")  # unsaved: it stays
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(screen, PitchScreen) and not screen.unsaved
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PitchScreen)
    assert pitch_texts(Bank(filled_path).pitch_docs())["weakness"] == "I say yes to too much."


@pytest.mark.parametrize("size", SIZES)
def test_pitch_snapshot(snap_compare: Snap, app: StorybankApp, size: tuple[int, int]) -> None:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        await pilot.press("enter", *"I build logistics software.")
        no_blink(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run)
