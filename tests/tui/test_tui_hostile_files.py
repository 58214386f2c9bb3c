"""The app on files that are not what they seem: a read-only bank, dates at the calendar's edge."""

from __future__ import annotations

from pathlib import Path

from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import EditorScreen
from tests.tui.conftest import settle
from tests.tui.test_tui_flows import SIZE, area, error_text, field


async def test_saving_to_a_read_only_bank_fails_and_keeps_every_word(
    app: StorybankApp, filled_path: Path
) -> None:
    filled_path.chmod(0o400)
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        area(app, "reflection").load_text("Call early; silence makes it worse.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert area(app, "reflection").text == "Call early; silence makes it worse."
        assert field(app, "title").value == "Calmed a [bold]difficult[/bold] customer"
        assert app.screen.dirty
        assert "is read-only (mode 400)" in error_text(app, "story")
    assert filled_path.read_bytes() == before
