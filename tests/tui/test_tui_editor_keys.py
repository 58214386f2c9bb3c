"""The editor's labels and keys: canonical competency names, and focus that keeps up with
keys typed in a burst."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from storybank.core.models import Story
from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import EditorScreen, widget_id
from tests.tui.conftest import settle

SIZE = (100, 30)
Reader = Callable[[Path], dict[str, Story]]


def field(app: StorybankApp, name: str) -> Input:
    return app.screen.query_one(f"#{widget_id(name)}", Input)


async def test_editor_shows_and_saves_canonical_competency_names(
    read_bank: Reader, app: StorybankApp, filled_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        hint = app.screen.query_one("#competency-names", Static)
        assert not hint.display  # the stored names are already canonical
        field(app, "competencies").value = "conflict, influence, customer focus, Knitting"
        await settle(pilot)
        assert hint.display
        assert str(hint.content) == (
            "Saved as: Conflict resolution, Influence without authority, Customer focus, Knitting"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_bank(filled_path)["s-000002"].competencies == [
        "Conflict resolution",
        "Influence without authority",
        "Customer focus",
        "Knitting",
    ]


async def test_a_warning_stays_in_the_title_bar_and_ctrl_l_closes_the_message(
    filled_path: Path,
) -> None:
    from textual.widgets import Input

    from storybank.tui.app import create_app
    from storybank.tui.widgets.title_bar import TitleBar

    filled_path.chmod(0o644)
    app = create_app(filled_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert len(app.screen.query("Toast")) == 1
        title = app.screen.query_one(TitleBar).title_text().plain
        assert title == "storybank — bank.json (others can read it)"
        await pilot.press("slash")  # a text field has the focus: ctrl+l still closes it
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert len(app.screen.query("Toast")) == 0
        assert app.screen.query_one(TitleBar).title_text().plain == title
