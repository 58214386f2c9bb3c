"""The preview highlights what the search matched."""

from __future__ import annotations

from storybank.tui.app import StorybankApp
from storybank.tui.widgets.story_detail import StoryDetail
from tests.tui.conftest import settle

SIZE = (100, 30)


def marked(detail: StoryDetail) -> list[str]:
    """The pieces of the preview drawn in the match style."""
    text = detail.text
    return [text.plain[span.start : span.end] for span in text.spans if span.style == "reverse"]


async def test_the_preview_highlights_what_the_search_matched(app: StorybankApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"renew c:conflict")
        await settle(pilot)
        detail = app.main_screen.query_one(StoryDetail)
        assert detail.text.plain.startswith("Calmed a [bold]difficult[/bold] customer")
        # The start of a word in the text, and the competency the filter named by an alias.
        assert marked(detail) == ["Conflict resolution", "renewed"]
        await pilot.press("escape")
        await settle(pilot)
        assert marked(detail) == []  # no search, nothing highlighted
