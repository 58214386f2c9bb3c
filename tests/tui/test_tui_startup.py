"""The first frame: laid out once for the terminal's width, without drawing hidden widgets."""

from __future__ import annotations

from typing import Any

import pytest
from textual.strip import Strip

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
