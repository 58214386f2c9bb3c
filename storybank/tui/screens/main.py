"""The main screen: search box, competency panel, the story list and the highlighted story."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, SelectionList, Static

from storybank.core.errors import StorybankError
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted
from storybank.store.index.quickindex import StorySummary
from storybank.tui.bindings_text import binding_rows
from storybank.tui.declared import KeySection, PaletteCommand

# The models and the store load with the bank, after the first screen is up.
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.widgets.competency_panel import CompetencyPanel
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.story_detail import StoryDetail, search_marks
from storybank.tui.widgets.story_list import StoryList
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from collections.abc import Sequence

    from storybank.core.models import Story
    from storybank.readiness.prepare import PrepSet
    from storybank.search.engine import SearchQuery
    from storybank.store.index.preview import PreviewList
    from storybank.tui.screens.coverage import CoverageChoice
    from storybank.tui.session import BankSession
    from storybank.tui.snapshot import BankSnapshot

# Up to this many stories a search runs on the event loop even before the background word
# index is built (a scan of 200 stories' text takes about 1 ms); a larger bank's search runs
# there once the index is built (a few milliseconds at 10,000 stories), and in a worker thread
# until then (a scan of 10,000 stories takes about 0.2 s).
INLINE_STORIES = 200
# The actions of keys that are handled before the focused widget sees them: in the search box
# those keys are text instead.
_TYPED_IN_SEARCH = frozenset({"focus_search", "new_story", "edit_story"})

WELCOME = (
    "Your story bank is empty.\n\n"
    "Press n to write your first story. Give it a title, then tell it in STAR form: the "
    "Situation, your Task, the Action you took and the Result. A story missing parts is saved "
    "as a draft, so you can start with a few lines and come back.\n\n"
    "Add competencies such as Leadership or Conflict resolution, so that before an interview "
    "you can find the right story by typing / and c:leadership.\n\n"
    "Press ? for every key, or ctrl+p for the command palette."
)


@dataclass(frozen=True, repr=False)
class SearchRequest:
    """One search to run: the snapshot, the query and what to keep highlighted."""

    snapshot: BankSnapshot
    query: SearchQuery
    keep: str | None
    generation: int
    checked: int


def _run(request: SearchRequest) -> tuple[list[Story], int]:
    """The stories a search finds, and how many the bank holds (archived ones when asked)."""
    index = request.snapshot.index
    found = index.search(request.query).stories()
    return found, index.count(include_archived=request.query.include_archived)


class SearchBox(Input):
    """The search box: every change to its text runs the search at once.

    From the change itself rather than the Changed message the box posts: the message
    arrives after the frame that shows the key, and the new list would wait a frame or two
    more for its own (about 30 ms)."""

    def watch_value(self, value: str) -> None:
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.refilter()


class MainScreen(StorybankScreen[None]):
    """Browse, search and filter stories."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # n, e and / are handled as they arrive rather than by the focused list, so keys typed
        # right after them (a fast typist, a busy app) reach the editor or the search box.
        Binding(
            "n", "new_story", "New", id="story.new", tooltip="Write a new story", priority=True
        ),
        Binding(
            "e",
            "edit_story",
            "Edit",
            id="story.edit",
            tooltip="Edit the highlighted story",
            priority=True,
        ),
        Binding(
            "d,delete",
            "delete_story",
            "Delete",
            id="story.delete",
            key_display="d",
            tooltip="Delete the highlighted story (asks first)",
        ),
        Binding(
            "a",
            "archive_story",
            "Archive",
            id="story.archive",
            tooltip="Archive the highlighted story, or bring it back",
        ),
        Binding(
            "slash",
            "focus_search",
            "Search",
            id="view.search",
            key_display="/",
            tooltip="Search: words, c:competency, #tag, kind:work, org:acme, is:draft",
            priority=True,
        ),
        Binding(
            "c",
            "competencies",
            "Filter",
            id="view.competencies",
            tooltip="Filter by competency (space checks one; several narrow the list)",
        ),
        Binding(
            "g",
            "coverage",
            "Gaps",
            id="view.coverage",
            tooltip="Coverage: competencies × stories, gaps, thin spots and open questions",
        ),
        Binding(
            "w",
            "questions",
            "Ask",
            id="view.questions",
            tooltip="Which story for a question? Ranked stories, why, and what to write",
        ),
        Binding(
            "r",
            "practice",
            "Practise",
            id="view.practice",
            show=False,  # at 80 columns the footer would drop "? Keys" for it
            tooltip="Practise out loud: a deck of questions, a timer, your cue card, a rating",
        ),
        Binding(
            "P",
            "pitch",
            "Pitch",
            id="view.pitch",
            show=False,
            tooltip="Your pitch: about you, strengths, weakness, why us, goals",
        ),
        Binding(
            "J",
            "app.jobs",
            "Jobs",
            id="view.jobs",
            show=False,
            tooltip="Jobs: applications, interviews, and logging what you told",
        ),
        Binding(
            "u",
            "app.due",
            "Due",
            id="view.due",
            show=False,
            tooltip="Follow-ups due and overdue (thank-yous, check-ins)",
        ),
        Binding(
            "D",
            "duplicate_story",
            "Duplicate",
            id="story.duplicate",
            show=False,
            tooltip="Save a copy of the highlighted story",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="bank.export",
            show=False,
            tooltip="Export every story as JSON, Markdown or CSV to a file",
        ),
        Binding(
            "p",
            "prepare",
            "Prep sheet",
            id="view.prepare",
            show=False,
            tooltip="Prep sheet for a job ad: its competencies, a story for each, the gaps",
        ),
        Binding(
            "A",
            "toggle_archived",
            "Show archived",
            id="view.archived",
            show=False,
            tooltip="Show or hide archived stories",
        ),
        Binding("escape", "clear", "Clear search and filters", id="view.clear", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
    ]
    HELP_TITLE = "Story list"
    PALETTE = (
        PaletteCommand("story: New", "Write a new story (n)", "new_story"),
        PaletteCommand("story: Edit", "Edit the highlighted story (e)", "edit_story"),
        PaletteCommand(
            "story: Duplicate", "Save a copy of the highlighted story (D)", "duplicate_story"
        ),
        PaletteCommand(
            "story: Archive / unarchive", "Hide the story, or bring it back (a)", "archive_story"
        ),
        PaletteCommand(
            "story: Delete", "Delete the highlighted story, after asking (d)", "delete_story"
        ),
        PaletteCommand("view: Search", "Focus the search box (/)", "focus_search"),
        PaletteCommand("view: Pitch", "About you, strengths, weakness, why us, goals (P)", "pitch"),
        PaletteCommand(
            "view: Practise", "Answer questions out loud with a timer and rate (r)", "practice"
        ),
        PaletteCommand("view: Competencies", "Filter by competency (c)", "competencies"),
        PaletteCommand(
            "view: Coverage", "Competencies × stories: gaps and thin spots (g)", "coverage"
        ),
        PaletteCommand("view: Questions", "Which story for a question? (w)", "questions"),
        PaletteCommand(
            "view: Show or hide archived", "Toggle archived stories (A)", "toggle_archived"
        ),
        PaletteCommand(
            "bank: Export",
            "Every story as JSON, Markdown or CSV, to a file, redacted if you like (x)",
            "export",
        ),
        PaletteCommand(
            "view: Prep sheet", "A story for each competency a job ad asks for (p)", "prepare"
        ),
        PaletteCommand(
            "view: Clear filters", "Clear the search and the competency filter (esc)", "clear"
        ),
    )

    @classmethod
    def key_sections(cls) -> list[KeySection]:
        """The list's own keys, then the keys that move in it."""
        moving = KeySection(
            "Moving in the list", (*binding_rows(StoryList.BINDINGS), ("enter", "Edit the story"))
        )
        return [*super().key_sections(), moving]

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self.show_archived = False
        self._panel_open = False
        self._generation = 0
        self._search_lock = threading.Lock()
        self._pending: SearchRequest | None = None
        self._searching = False

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        yield TitleBar()
        with Horizontal(id="topbar"):
            yield SearchBox(placeholder="Search: words, c:competency, #tag", id="search")
            yield Static("Loading…", id="count", markup=False)
        with Horizontal(id="body"):
            yield CompetencyPanel(id="competencies")
            with Vertical(id="stories-pane"):
                yield StoryList(id="stories")
                yield StoryDetail(id="detail")
        yield Static(Text(WELCOME), id="empty")
        yield KeyBar()

    def on_mount(self) -> None:
        stories = self.query_one(StoryList)
        stories.empty_message = "Loading the bank…"
        stories.focus()
        self._fit_footer()
        # The list from the quick index beside the bank goes into the first frame; a worker
        # then reads and checks the bank itself.
        self.session.open_bank(self)

    def on_screen_resume(self) -> None:
        # Back from another screen: what that screen held is garbage now. (When first shown,
        # nothing is loaded yet: the index's warm-up asks for the pin once the bank is in.)
        if self.session.snapshot is not None:
            self.session.pin_later()

    # Data ---------------------------------------------------------------------------------

    def show_preview(self, preview: PreviewList) -> None:
        """Show the list from the bank's quick index while the bank itself loads.

        The rows are summaries (labels, no text) until the bank is loaded: everything that
        needs a whole story checks for that first (see `_current`).
        """
        if self.session.snapshot is not None:
            return  # the bank itself is already here
        self.set_class(preview.total == 0, "-empty")
        stories = self.query_one(StoryList)
        stories.show(cast("Sequence[Story]", preview))
        self.query_one(StoryDetail).show(stories.current)
        shown = len(preview)  # archived stories stay hidden, as in the loaded list
        of = counted(shown, "story", "stories")
        self.query_one("#count", Static).update(Text(f"{shown} of {of} · loading…"))

    def show_snapshot(self, snapshot: BankSnapshot, keep: str | None = None) -> None:
        """Show a new state of the bank, keeping the highlighted story where possible."""
        self.set_class(len(snapshot.index) == 0, "-empty")
        self.query_one(StoryDetail).set_told(snapshot.loop.told_by_story)
        self._fill_panel(snapshot)
        self.refilter(keep)
        # Practice due today and the streak, in the title bar of every open screen.
        for screen in self.app.screen_stack:
            for bar in screen.query(TitleBar):
                bar.refresh()

    def _fill_panel(self, snapshot: BankSnapshot) -> None:
        counts = snapshot.index.competency_counts(include_archived=self.show_archived)
        self.query_one(CompetencyPanel).show(counts, snapshot.index.resolver)

    def refilter(self, keep: str | None = None) -> None:
        """Run the search box and the checked competencies over the index (on the event loop
        when that is cheap, else in a worker)."""
        snapshot = self.session.snapshot
        if snapshot is None:
            return
        stories = self.query_one(StoryList)
        if keep is None and stories.current is not None:
            keep = stories.current.id
        from storybank.search.engine import parse_query  # loaded with the bank, before any search

        query = parse_query(self.query_one("#search", Input).value)
        checked = tuple(self.query_one(CompetencyPanel).selected)
        query = dataclasses.replace(
            query,
            competencies=query.competencies + checked,
            include_archived=query.include_archived or self.show_archived,
        )
        self._generation += 1
        request = SearchRequest(snapshot, query, keep, self._generation, len(checked))
        index = snapshot.index
        if index.is_warm or index.count(include_archived=True) <= INLINE_STORIES:
            # Cheaper than a worker's hand-over and the later frame it waits for: run from
            # the key's own handler, the new list is painted with the key typed.
            with self._search_lock:
                self._pending = None  # a search still queued is older than this one
            self._show_results(*_run(request), request)
            return
        with self._search_lock:
            self._pending = request
            if self._searching:
                return  # the running search picks this one up when it ends
            self._searching = True
        self._search()

    @work(thread=True, group="search", exit_on_error=False, description="search")
    def _search(self) -> None:
        """Search off the event loop, one search at a time, always the newest request.

        A search over 10,000 stories takes tens of milliseconds; overlapping ones would only
        slow each other down, so keystrokes that arrive meanwhile are folded into one.
        """
        while True:
            with self._search_lock:
                request, self._pending = self._pending, None
                if request is None:
                    self._searching = False
                    return
            found, total = _run(request)
            with contextlib.suppress(RuntimeError):  # the app is closing
                self.app.call_from_thread(self._show_results, found, total, request)

    def _show_results(self, found: list[Story], total: int, request: SearchRequest) -> None:
        if request.generation != self._generation:
            return  # a newer keystroke is on its way: drop this stale result
        keep, checked = request.keep, request.checked
        stories = self.query_one(StoryList)
        if total == 0 and not self.show_archived:
            stories.empty_message = "Every story is archived. Press A to show them."
        else:
            stories.empty_message = "No stories match. Esc clears the search."
        stories.show(found, keep)
        detail = self.query_one(StoryDetail)
        detail.mark(search_marks(request.query, request.snapshot.index.resolver))
        detail.show(stories.current)
        label = f"{len(found)} of {counted(total, 'story', 'stories')}"
        if checked:
            label += f" · {counted(checked, 'competency', 'competencies')}"
        if self.show_archived:
            label += " (with archived)"
        self.query_one("#count", Static).update(Text(label))

    # Events -------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(StoryList).focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[Any]) -> None:
        self.refilter()

    def on_story_list_highlighted(self, event: StoryList.Highlighted) -> None:
        self.query_one(StoryDetail).show(event.story)

    def on_story_list_chosen(self, event: StoryList.Chosen) -> None:
        if self._loading(event.story):
            return
        self._open_editor(event.story)

    # Actions ------------------------------------------------------------------------------

    def _current(self) -> Story | None:
        story = self.query_one(StoryList).current
        if story is None:
            self.notify("Select a story first.", severity="warning", markup=False)
        if self._loading(story):
            return None
        return story

    def _loading(self, story: object) -> bool:
        """True (and say so) when `story` is still a summary shown while the bank loads."""
        if not isinstance(story, StorySummary):
            return False
        self.notify("The bank is still loading: one moment.", markup=False, timeout=2)
        return True

    def action_new_story(self) -> None:
        """Write a new story."""
        self._open_editor(None)

    def action_edit_story(self) -> None:
        """Edit the highlighted story."""
        if (story := self._current()) is not None:
            self._open_editor(story)

    def _open_editor(self, story: Story | None) -> None:
        from storybank.tui.screens.editor import EditorScreen

        self.app.push_screen(EditorScreen(self.session, story), self._editor_closed)

    def _editor_closed(self, saved: Story | None) -> None:
        """Keep the story the editor saved highlighted (it may have moved in the list)."""
        if saved is not None:
            self.refilter(saved.id)

    def action_delete_story(self) -> None:
        """Delete the highlighted story after asking."""
        story = self._current()
        if story is None:
            return
        title = one_line(story.title)
        snapshot = self.session.snapshot
        told = snapshot.loop.told_by_story.get(story.id, []) if snapshot else []
        where = ""
        if told:
            # Said before it is gone: the interviews keep the title it was told under.
            interviews = len({t.interview_id for t in told})
            where = (
                f" It was told in {counted(interviews, 'interview', 'interviews')}; "
                "their logs keep its title."
            )

        def answered(yes: bool | None) -> None:
            if yes:
                self.session.change(
                    lambda bank: bank.delete(story.id, expected=story),
                    done=lambda _: self.notify(f"Deleted “{title}”.", markup=False),
                    keep="",
                )

        from storybank.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{title}” for good?",
                "It is removed from the bank file. This cannot be undone here." + where,
                confirm="Delete",
            ),
            answered,
        )

    def action_archive_story(self) -> None:
        """Archive the highlighted story, or bring it back."""
        story = self._current()
        if story is None:
            return
        archived = not story.archived
        title = one_line(story.title)
        verb = "Archived" if archived else "Unarchived"
        hint = " A shows archived stories." if archived and not self.show_archived else ""
        self.session.change(
            # Applied to the story as stored when the lock is taken: an edit saved meanwhile
            # elsewhere is kept, and there is no text of ours to lose.
            lambda bank: bank.set_archived(story.id, archived),
            done=lambda _: self.notify(f"{verb} “{title}”.{hint}", markup=False),
        )

    def action_duplicate_story(self) -> None:
        """Save a copy of the highlighted story as a new story."""
        story = self._current()
        if story is None:
            return
        data = story.model_dump(exclude={"id", "created_at", "updated_at", "archived"})
        data["title"] = (story.title + " (copy)")[:120]
        from storybank.core.models import validate_story

        copy = validate_story(data)
        self.session.change(
            lambda bank: bank.add(copy),
            done=lambda saved: self.notify(
                f"Saved a copy: “{one_line(saved.title)}”.", markup=False
            ),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _TYPED_IN_SEARCH and self._search_focused():
            return None  # in the search box these keys are text (shown as unavailable)
        return True

    def _search_focused(self) -> bool:
        focused = self.focused
        return isinstance(focused, Input) and focused.id == "search"

    def action_focus_search(self) -> None:
        """Focus the search box."""
        # At once (Widget.focus waits for the next turn of the loop): the keys that follow
        # must find it focused.
        self.set_focus(self.query_one("#search", Input))

    def action_competencies(self) -> None:
        """Show (on narrow screens) and focus the competency panel, or hide it again."""
        panel = self.query_one(CompetencyPanel)
        if self.has_class("-narrow") and self._panel_open and panel.has_focus:
            self._panel_open = False
            self.remove_class("-panel-open")
            self.query_one(StoryList).focus()
            return
        self._panel_open = True
        self.add_class("-panel-open")
        panel.focus()

    def action_toggle_archived(self) -> None:
        """Show or hide archived stories."""
        self.show_archived = not self.show_archived
        snapshot = self.session.snapshot
        if snapshot is not None:
            self._fill_panel(snapshot)
        self.refilter()
        self.notify(
            "Showing archived stories." if self.show_archived else "Archived stories hidden.",
            markup=False,
            timeout=2,
        )

    def action_clear(self) -> None:
        """Clear the search and the competency filter."""
        search = self.query_one("#search", Input)
        panel = self.query_one(CompetencyPanel)
        if search.value or panel.selected:
            search.value = ""
            panel.deselect_all()
            self.refilter()
        if self._panel_open and self.has_class("-narrow"):
            self._panel_open = False
            self.remove_class("-panel-open")
        self.query_one(StoryList).focus()

    def on_resize(self) -> None:
        self._fit_footer()

    def _fit_footer(self) -> None:
        """Below 100 columns the keys need the room, so the palette hint gives way (? lists it)."""
        self.query_one(KeyBar).show_command_palette = self.app.size.width >= 100

    # Readiness views ----------------------------------------------------------------------

    def action_coverage(self) -> None:
        """Show which competencies have stories, and the gaps."""
        from storybank.tui.screens.coverage import CoverageScreen

        self.app.push_screen(CoverageScreen(self.session), self._coverage_closed)

    def _coverage_closed(self, choice: CoverageChoice | None) -> None:
        """Show what was chosen on the coverage screen: a competency's stories, or one story."""
        if choice is None:
            return
        if choice.competency is not None:
            self.filter_competency(choice.competency, keep=choice.story_id)
        elif choice.story_id is not None:
            self.select_story(choice.story_id)

    def action_questions(self) -> None:
        """Find the best story for a question."""
        from storybank.tui.screens.questions import QuestionsScreen

        self.app.push_screen(QuestionsScreen(self.session), self._questions_closed)

    def action_pitch(self) -> None:
        """Write the pitch."""
        from storybank.tui.screens.pitch import PitchScreen

        self.app.push_screen(PitchScreen(self.session))

    def action_practice(self) -> None:
        """Practise answering questions out loud."""
        from storybank.tui.screens.practice import PracticeScreen

        self.app.push_screen(PracticeScreen(self.session))

    def _questions_closed(self, story_id: str | None) -> None:
        """Highlight the story chosen for a question."""
        if story_id is not None:
            self.select_story(story_id)

    def action_export(self) -> None:
        """Ask for a format and a file, then export every story there in a store worker."""
        from storybank.tui.screens.output import ExportDialog, ExportRequest

        def chosen(request: object) -> None:
            if not isinstance(request, ExportRequest):
                return
            from storybank.interchange.export import Exported, Redaction, export_file

            target = Path(request.path).expanduser()
            redaction = Redaction(figures=request.figures) if request.redact else None

            def exported(done: Exported) -> None:
                what = "redacted stories" if redaction else "stories"
                self.notify(f"Exported {done.count} {what} to {target.absolute()}", markup=False)
                self._say_plain_copy(target)

            self.session.change(
                lambda bank: export_file(bank, request.fmt, target, redaction=redaction),
                exported,
                self._not_written,
            )

        self.app.push_screen(ExportDialog(), chosen)

    def action_prepare(self) -> None:
        """Ask for a job ad and a file, then write its prep sheet there in a store worker."""
        from storybank.tui.screens.output import PrepareDialog, PrepareRequest

        def chosen(request: object) -> None:
            if not isinstance(request, PrepareRequest):
                return
            from storybank.readiness.jobtext import write_prep_sheet

            target = Path(request.path).expanduser()

            def written(prep: PrepSet) -> None:
                gaps = f"; {len(prep.gaps)} without a story" if prep.gaps else ""
                self.notify(
                    f"Wrote the prep sheet to {target.absolute()}: {len(prep.items)} "
                    f"competencies{gaps}.",
                    markup=False,
                )
                self._say_plain_copy(target)

            self.session.change(
                lambda bank: write_prep_sheet(bank, request.job, target),
                written,
                self._not_written,
            )

        self.app.push_screen(PrepareDialog(), chosen)

    def _say_plain_copy(self, target: Path) -> None:
        """Warn that a file written out of an encrypted bank is not encrypted."""
        if self.session.encrypted:
            from storybank.store.outputs import plain_copy_note

            self.notify(
                plain_copy_note(target.absolute()) + ".",
                title="Not encrypted",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _not_written(self, error: StorybankError) -> None:
        self.notify(
            one_line(error.message), title=error.title, severity="error", markup=False, timeout=10
        )

    def _reset_filters(self) -> None:
        """Clear the search box and the competency panel without a search for each change."""
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        panel = self.query_one(CompetencyPanel)
        with panel.prevent(SelectionList.SelectedChanged):
            panel.deselect_all()

    def filter_competency(self, key: str, keep: str | None = None) -> None:
        """Show only the stories of one competency (by canonical key), highlighting `keep`."""
        self._reset_filters()
        panel = self.query_one(CompetencyPanel)
        # The same filter as checking it by hand, so Esc clears it as usual.
        with panel.prevent(SelectionList.SelectedChanged):
            panel.select(key)
        self.refilter(keep)
        self.query_one(StoryList).focus()

    def select_story(self, story_id: str) -> None:
        """Clear the filters and highlight one story."""
        self._reset_filters()
        self.refilter(story_id)
        self.query_one(StoryList).focus()
