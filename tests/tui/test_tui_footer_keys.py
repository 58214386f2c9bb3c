"""A key the footer offers acts wherever the focus is, or the footer does not offer it there."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from storybank.tui.app import StorybankApp
from storybank.tui.screens.questions import QuestionsScreen
from storybank.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import settle

SIZE = (100, 30)


def offered(app: StorybankApp) -> list[str]:
    """The keys the footer shows, as written there."""
    keys, _palette = app.screen.query_one(KeyBar).keys()
    return [key.label for key in keys if key.enabled]


async def test_slash_in_which_story_is_offered_only_where_it_acts(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, QuestionsScreen)
        box = app.screen.query_one("#q-input", Input)
        assert app.focused is box
        # In the box, `/` is text, and the footer does not offer it.
        assert "/" not in offered(app)
        await pilot.press(*"CI", "slash", *"CD")
        await settle(pilot)
        assert box.value == "CI/CD"
        # On the list, the footer offers it, and it acts.
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        assert "/" in offered(app)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is box
        assert box.value == "CI/CD"
