"""The ranked stories for a question: one line each, with why the story matched."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from storybank.core.models import Status, Story
from storybank.core.textsafe import one_line
from storybank.readiness.questions import WEAK, StoryMatch
from storybank.tui.widgets.line_list import fit
from storybank.tui.widgets.story_list import StoryList


class MatchList(StoryList):
    """A story list that shows each story's reasons instead of its source and date."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.matches: Sequence[StoryMatch] = ()
        self._reasons: dict[str, str] = {}
        self._ranks: dict[str, int] = {}
        self._weak: set[str] = set()

    def show_matches(self, matches: Sequence[StoryMatch]) -> None:
        """Show the ranked `matches`, best first, with the cursor on the first."""
        self.matches = matches
        # How sure first (strong, possible or weak), then why, in the question's own words.
        self._reasons = {
            m.story.id: " — ".join(filter(None, (m.certainty, "; ".join(m.reasons))))
            for m in matches
        }
        self._weak = {m.story.id for m in matches if m.certainty == WEAK}
        self._ranks = {m.story.id: n for n, m in enumerate(matches, 1)}
        self.show([m.story for m in matches])

    @staticmethod
    def _widths(width: int) -> tuple[int, int, int]:
        """Title, reasons and state widths: the reasons get what the title does not need."""
        status = 5 if width >= 44 else 0
        title = max(12, min(40, (width - 6 - status) * 2 // 5))
        reasons = max(0, width - 6 - title - status - (1 if status else 0))
        return title, reasons, status

    # The columns follow the width the list draws at (handed in once per pass).

    def render_header(self, width: int) -> Text:
        title, reasons, status = self._widths(width)
        line = " " + fit("  # Story", title + 4) + " " + fit("How sure — why", reasons)
        if status:
            line += " " + fit("State", status)
        return Text(line, no_wrap=True)

    def render_item(self, story: Story, index: int, width: int, style: Style) -> Text:
        title, reasons, status = self._widths(width)
        rank = min(self._ranks.get(story.id, 0), 999)
        text = Text(no_wrap=True, style=style)
        text.append(f" {rank:>3} " + fit(one_line(story.title), title))
        why = self._reasons.get(story.id, "")
        text.append(" ")
        text.append(fit(one_line(why), reasons), style="dim" if story.id in self._weak else "")
        if status:
            cell = fit(story.status.value, status)
            if story.status is Status.DRAFT:
                text.append(" ")
                text.append(cell, style=self.get_component_rich_style("story-list--draft"))
            else:
                text.append(" " + cell)
        return text
