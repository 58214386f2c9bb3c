"""The story list keeps the lines it drew: what it shows must still follow every change."""

from __future__ import annotations

from rich.style import Style

from storybank.tui.app import StorybankApp
from storybank.tui.widgets.story_list import StoryList
from tests.tui.conftest import settle

SIZE = (120, 30)


def line(stories: StoryList, y: int) -> tuple[str, Style | None]:
    """The text of line `y` as drawn, and the style of its first cell."""
    strip = stories.render_line(y)
    segments = list(strip)
    return "".join(s.text for s in segments), segments[0].style


async def test_the_cursor_line_follows_the_focus(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stories = app.main_screen.query_one(StoryList)
        assert app.focused is stories
        focused = line(stories, 1)
        await pilot.press("slash")  # the search box takes the focus
        await pilot.pause()
        blurred = line(stories, 1)
        assert blurred[0] == focused[0]
        assert blurred[1] != focused[1]  # the cursor is drawn as the unfocused cursor now


async def test_the_lines_follow_the_cursor(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stories = app.main_screen.query_one(StoryList)
        first, second = line(stories, 1), line(stories, 2)
        await pilot.press("down")
        await pilot.pause()
        assert line(stories, 1)[0] == first[0] and line(stories, 1)[1] == second[1]
        assert line(stories, 2)[1] == first[1]  # the cursor's style moved down with it


async def test_the_lines_follow_the_theme(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stories = app.main_screen.query_one(StoryList)
        before = line(stories, 1)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        after = line(stories, 1)
        assert after[0] == before[0]
        assert after[1] != before[1]


async def test_the_lines_follow_the_stories(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        stories = app.main_screen.query_one(StoryList)
        assert "Calmed a" in line(stories, 1)[0]
        stories.show(list(reversed(stories.stories)))
        await pilot.pause()
        assert "Calmed a" not in line(stories, 1)[0]
        assert "Organized the hackathon" in line(stories, 1)[0]
