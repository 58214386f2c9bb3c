"""A key the footer offers acts wherever the focus is, or the footer does not offer it there."""

from __future__ import annotations

from pathlib import Path

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
        await pilot.press("tab")
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        assert "/" in offered(app)
        await pilot.press("slash")
        await settle(pilot)
        assert app.focused is box
        assert box.value == "CI/CD"


async def test_competency_boxes_show_a_mark_only_when_checked(app: StorybankApp) -> None:
    from storybank.tui.widgets.competency_panel import CompetencyPanel

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        panel = app.main_screen.query_one(CompetencyPanel)
        panel.select(panel.get_option_at_index(0).value)
        await settle(pilot)

        def mark(y: int) -> tuple[bool, str]:
            """Whether the box on line `y` shows its X (drawn in a colour of its own)."""
            [box] = [seg for seg in panel.render_line(y) if seg.text == "X"]
            assert box.style is not None
            return box.style.color != box.style.bgcolor, box.text

        assert mark(0) == (True, "X")  # checked
        assert mark(1)[0] is False  # unchecked: an empty box


async def test_shift_d_duplicates_the_highlighted_story(
    app: StorybankApp, filled_path: Path
) -> None:
    from storybank.store.bank import Bank

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
    copies = [s.title for s in Bank(filled_path) if s.title.endswith("(copy)")]
    assert copies == ["Calmed a [bold]difficult[/bold] customer (copy)"]
