"""The first frame: laid out once for the terminal's width, without drawing hidden widgets."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.strip import Strip
from textual.widgets import Input

from storybank.tui.app import StorybankApp
from storybank.tui.widgets.competency_panel import CompetencyPanel
from tests.tui.conftest import settle


async def test_a_narrow_start_never_draws_the_hidden_competency_panel(
    app: StorybankApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    original = CompetencyPanel.render_line

    def render_line(self: CompetencyPanel, y: int) -> Strip:
        drawn.append(y)
        return original(self, y)

    monkeypatch.setattr(CompetencyPanel, "render_line", render_line)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.has_class("-narrow")
        assert not app.screen.query_one(CompetencyPanel).display
    assert drawn == []  # not even in a first layout made before the width was known


@pytest.mark.parametrize("width", [60, 99, 100, 140])
async def test_the_width_classes_are_textuals(app: StorybankApp, width: int) -> None:
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        expected = screen._get_breakpoint_classes(width, app.HORIZONTAL_BREAKPOINTS)
        assert {c for c in screen.classes if c in ("-narrow", "-wide")} == expected


async def test_keys_typed_right_after_slash_go_to_the_search_box(app: StorybankApp) -> None:
    # A fast typist (or a busy app) delivers "/" and the letters after it in one burst: the
    # letters must land in the search box, not act on the list ("d" deletes, "e" edits).
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app._driver is not None
        for key in "/deal":
            event = events.Key("slash" if key == "/" else key, key)
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot)
        search = app.main_screen.query_one("#search", Input)
        assert app.focused is search
        assert search.value == "deal"
        assert not app._notifications  # nothing was deleted, edited or archived meanwhile
        await pilot.press("slash")  # in the search box, "/" is text
        assert search.value == "deal/"
