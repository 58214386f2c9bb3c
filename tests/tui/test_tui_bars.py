"""The title bar and the key bar: what they show, and what a click on them does."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input

from storybank.tui.app import StorybankApp
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.title_bar import ICON_WIDTH, TitleBar
from tests.tui.conftest import drawn_lines, drawn_text, settle

SIZE = (120, 30)


def key_bar_style(app: StorybankApp, column: int) -> object:
    """The style the key bar is drawn with at `column`."""
    at = 0
    for segment in drawn_lines(app.screen.query_one(KeyBar))[0]:
        if at <= column < at + len(segment.text):
            return segment.style
        at += len(segment.text)
    raise AssertionError(f"nothing drawn at column {column}")


def bar_text(app: StorybankApp, kind: type[KeyBar] | type[TitleBar]) -> str:
    """The line the bar puts on the screen (the top line, or the bottom one), as drawn."""
    return drawn_text(app.screen.query_one(kind))


async def test_the_key_bar_shows_the_keys_of_where_the_focus_is(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = bar_text(app, KeyBar)
        assert "n New" in keys and "q Quit" in keys
        assert keys.rstrip().endswith("^p palette")
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        typing = bar_text(app, KeyBar)
        assert "n New" not in typing  # letters type into the search box there
        await pilot.press("escape")
        await pilot.pause()
        assert "n New" in bar_text(app, KeyBar)


async def test_a_click_on_a_key_presses_it(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        column = bar_text(app, KeyBar).index("n New")
        assert bar.key_at(column) is not None and bar.key_at(column).key == "n"  # type: ignore[union-attr]
        await pilot.click(KeyBar, offset=(column + 2, 0))
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.title == "New story"


async def test_hovering_a_key_says_what_it_does(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        column = bar_text(app, KeyBar).index("^p palette")
        plain = key_bar_style(app, column)
        await pilot.hover(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert bar.tooltip is not None and "palette" in str(bar.tooltip).lower()
        assert key_bar_style(app, column) != plain  # drawn as hovered
        await pilot.hover(KeyBar, offset=(column - 3, 0))  # the gap before it: no key
        await pilot.pause()
        assert bar.tooltip is None
        assert key_bar_style(app, column) == plain


async def test_a_narrow_key_bar_leaves_the_palette_key_out(app: StorybankApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = bar_text(app, KeyBar)
        assert "palette" not in keys
        assert keys.startswith("n New")


async def test_the_title_bar_follows_the_screen(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        title = bar_text(app, TitleBar)
        assert "storybank — bank.json" in title
        assert title.startswith(" §")
        await pilot.press("e")
        await settle(pilot)
        editing = bar_text(app, TitleBar)
        assert "Edit story — " in editing
        assert app.screen.sub_title and app.screen.sub_title in editing


async def test_a_click_on_the_icon_opens_the_command_palette(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(TitleBar, offset=(ICON_WIDTH + 20, 0))  # the title: nothing happens
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_a_long_title_is_cut_with_an_ellipsis(app: StorybankApp) -> None:
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        app.sub_title = "a very long bank file name that cannot fit in the bar.json"
        await pilot.pause()
        title = bar_text(app, TitleBar)
        assert "…" in title
        assert len(title) <= 60


async def test_a_new_story_once_saved_is_titled_as_being_edited(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "New story" in bar_text(app, TitleBar)
        await pilot.press(*"Ran the food drive")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert "Edit story — Ran the food drive" in bar_text(app, TitleBar)
