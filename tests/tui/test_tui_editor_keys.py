"""The editor's labels and keys: canonical competency names, and focus that keeps up with
keys typed in a burst."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static, TextArea

from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import EditorScreen, widget_id
from tests.tui.conftest import settle
from tests.tui.test_tui_flows import SIZE, Reader, field


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


def burst(app: StorybankApp, keys: list[str]) -> None:
    """Put keys in the app's queue all at once, as a paste without brackets or a text
    expander sends them (Pilot.press waits after each key; people's terminals do not)."""
    from textual import events

    for key in keys:
        chars = {"tab": "\t", "space": " "}
        char = chars.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, char))


def typed(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def test_keys_typed_right_after_tab_land_in_the_next_field(
    read_bank: Reader, empty_app: StorybankApp, bank_path: Path
) -> None:
    async with empty_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(empty_app.screen, EditorScreen)
        title = "Fixed the flaky deploy " * 30  # a long paste, then tab, then more
        burst(
            empty_app,
            [*typed(title.strip()[:110]), "tab", *typed("The hook"), "tab", *typed("Context")],
        )
        await settle(pilot)
        assert field(empty_app, "title").value == title.strip()[:110]
        assert field(empty_app, "hook").value == "The hook"
        situation = empty_app.screen.query_one(f"#{widget_id('situation')}", TextArea)
        assert situation.text == "Context"
        # And back: keys after shift+tab go to the field before, after its text (a field
        # does not select its text on focus, so nothing typed replaces it unseen), not on into
        # the situation.
        burst(empty_app, ["shift+tab", *typed(", told short")])
        await settle(pilot)
        assert field(empty_app, "hook").value == "The hook, told short"
        assert situation.text == "Context"
