"""The coverage screen: competencies × stories, gaps, thin spots, sources and open questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from storybank.core.errors import StorybankError
from storybank.core.models import Story
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted
from storybank.readiness.coverage import CompetencyRow, Coverage
from storybank.tui.readiness_state import ReadinessView
from storybank.tui.screens.readiness import ReadinessScreen
from storybank.tui.widgets.coverage_grid import CoverageGrid
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.story_list import StoryList
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.tui.session import BankSession


@dataclass(frozen=True)
class CoverageChoice:
    """What to show in the story list: one competency's stories, or one story (highlighted)."""

    competency: str | None
    story_id: str | None = None


def summary_text(coverage: Coverage) -> Text:
    """One line: how many competencies are gaps or thin, and where the stories come from."""
    balance = coverage.balance
    text = Text()
    text.append(f"{len(coverage.gaps)} ✗ gap", style="bold")
    text.append(" · ")
    text.append(f"{len(coverage.thin)} ! thin", style="bold")
    text.append(f" · {len(coverage.rows) - len(coverage.gaps) - len(coverage.thin)} ✓ ok")
    if coverage.checked:
        strong = sum(1 for row in coverage.rows if row.strong)
        text.append(f" · {strong} strong ({coverage.threshold}+)")
    else:
        text.append(" · checking…", style="dim")
    text.append(" · ")
    text.append("Sources: ", style="bold")
    text.append(
        f"work {balance['work']} · education {balance['education']} · other {balance['other']}"
    )
    return text


def fix_first_text(coverage: Coverage) -> Text:
    """The weak stories to fix first, each with its score and the first thing to change."""
    text = Text()
    if not coverage.fix_first:
        return text
    text.append(f"Fix first (below {coverage.threshold} or unfinished):", style="dim")
    for weak in coverage.fix_first:
        text.append("\n")
        text.append(f"{weak.score:>3} ", style="bold")
        text.append(one_line(weak.title))
        if weak.unlocks:
            text.append("\n    would cover: ", style="dim")
            text.append(one_line(", ".join(weak.unlocks)))
        if weak.first_change:
            text.append("\n    " + one_line(weak.first_change), style="dim")
    text.append("\n\n")
    return text


def questions_text(coverage: Coverage) -> Text:
    """The weak stories to fix first, then the questions with no ready story, each with the
    competency to write a story for."""
    text = fix_first_text(coverage)
    if not coverage.question_gaps:
        text.append("Every question has at least one ready story.", style="dim")
        return text
    text.append("No ready story for these yet:", style="dim")
    for gap in coverage.question_gaps:
        text.append("\n")
        text.append(gap.question.id, style="dim")
        text.append(" " + one_line(gap.question.text) + "\n")
        names = ", ".join(one_line(n) for n in gap.names) or "no competency"
        text.append("   write one for: ", style="dim")
        text.append(names, style="bold")
        if gap.drafts:
            noun = "draft fits" if len(gap.drafts) == 1 else "drafts fit"
            text.append(f" ({len(gap.drafts)} {noun} once finished)", style="dim")
    return text


class CoverageScreen(ReadinessScreen[CoverageChoice | None]):
    """Which competencies have stories, which are gaps or thin, and the questions left open.

    It closes with what to show in the story list (None: nothing chosen).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="coverage.close", tooltip="Back to the story list"),
        Binding(
            "enter",
            "choose",
            "Show stories",
            id="coverage.choose",
            tooltip="Show the highlighted competency's stories (or story) in the list",
        ),
        Binding("right", "focus_stories", "Stories", show=False, id="coverage.stories"),
        Binding("left", "focus_grid", "Competencies", show=False, id="coverage.grid"),
    ]
    HELP_TITLE = "Coverage (g)"
    HELP_EXTRA = (("← →", "Switch panes"),)

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self._stories_by_id: dict[str, Story] = {}
        self._checked = False

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        yield TitleBar()
        yield Static(Text("Loading…"), id="cov-summary")
        with Horizontal(id="cov-body"):
            yield CoverageGrid(id="cov-grid")
            with Vertical(id="cov-side"):
                yield StoryList(id="cov-stories")
                with VerticalScroll(id="cov-questions"):
                    yield Static(Text(""), id="cov-questions-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Coverage"
        grid = self.query_one(CoverageGrid)
        grid.border_title = "Competencies"
        grid.focus()
        stories = self.query_one("#cov-stories", StoryList)
        stories.border_title = "Stories"
        stories.empty_message = "No story shows this competency yet."
        self.query_one("#cov-questions").border_title = "To fix and open questions"
        self.request_view()

    def show_failure(self, error: StorybankError) -> None:
        """Say in the grid why there is no coverage."""
        self.query_one(CoverageGrid).empty_message = one_line(error.message)
        self.query_one(CoverageGrid).refresh()

    def show_view(self, view: ReadinessView) -> None:
        """Show one bank revision's coverage, then ask for its quality check in the store
        worker (strong stories and what to fix first take a millisecond a story)."""
        self._show_coverage(view.coverage)
        self.session.change(
            lambda _bank: view.readiness.checked_coverage(), self._show_checked, self._unchecked
        )

    def _show_checked(self, coverage: Coverage) -> None:
        if self.is_attached:
            self._show_coverage(coverage)

    def _unchecked(self, error: StorybankError) -> None:
        self.notify(one_line(error.message), title=error.title, severity="warning", markup=False)

    def _show_coverage(self, coverage: Coverage) -> None:
        """Show a coverage (checked or not yet)."""
        self._checked = coverage.checked
        self._stories_by_id = {s.id: s for s in coverage.stories}
        self.query_one("#cov-summary", Static).update(summary_text(coverage))
        grid = self.query_one(CoverageGrid)
        grid.empty_message = "No competencies: choose taxonomies with `storybank taxonomies`."
        grid.show(coverage.rows, grid.current.key if grid.current else None)
        own = " (* = not in a taxonomy)" if any(not row.taxonomies for row in coverage.rows) else ""
        grid.border_title = f"Competencies: {len(coverage.rows)}{own}"
        open_count = len(coverage.question_gaps)
        questions = self.query_one("#cov-questions")
        fix = f"Fix {len(coverage.fix_first)} · " if coverage.checked else ""
        questions.border_title = f"{fix}open questions: {open_count} of {coverage.questions_total}"
        self.query_one("#cov-questions-text", Static).update(questions_text(coverage))
        self._show_row(grid.current)

    def on_coverage_grid_highlighted(self, event: CoverageGrid.Highlighted) -> None:
        self._show_row(event.row)

    def _show_row(self, row: CompetencyRow | None) -> None:
        stories = self.query_one("#cov-stories", StoryList)
        if row is None:
            stories.border_title = "Stories"
            stories.show([])
            return
        found = [self._stories_by_id[i] for i in row.story_ids if i in self._stories_by_id]
        label = f"{one_line(row.name)}: {counted(row.count, 'story', 'stories')}"
        if row.count:
            label += f", {row.ready} ready"
            if self._checked:
                label += f", {row.strong} strong"
        stories.border_title = label
        stories.show(found)

    def on_coverage_grid_chosen(self, event: CoverageGrid.Chosen) -> None:
        self._open_row(event.row)

    def on_story_list_chosen(self, event: StoryList.Chosen) -> None:
        event.stop()
        row = self.query_one(CoverageGrid).current
        self.dismiss(CoverageChoice(row.key if row is not None else None, event.story.id))

    def _open_row(self, row: CompetencyRow) -> None:
        if row.gap:
            self.notify(
                f"No story shows {one_line(row.name)} yet. Press n in the story list to write one.",
                markup=False,
            )
            return
        self.dismiss(CoverageChoice(row.key))

    def action_choose(self) -> None:
        """Show the highlighted competency's stories in the main list."""
        stories = self.query_one("#cov-stories", StoryList)
        if stories.has_focus and stories.current is not None:
            stories.key_enter()
        elif (row := self.query_one(CoverageGrid).current) is not None:
            self._open_row(row)

    def action_focus_stories(self) -> None:
        """Move to the highlighted competency's stories."""
        self.query_one("#cov-stories", StoryList).focus()

    def action_focus_grid(self) -> None:
        """Move back to the competencies."""
        self.query_one(CoverageGrid).focus()

    def action_close(self) -> None:
        """Back to the story list."""
        self.dismiss(None)
