"""Log what I told: made for the hour after an interview, from the keyboard.

Type (or pick from the question banks) a question the interviewer asked and press enter; then
pick the story you told for it, ranked for that question with the stories not yet told to this
company first, and enter again. A story already told to the company is marked, and logging it
again takes a second enter. Then the rating, the outcome, notes, and the questions you asked
with their answers; ctrl+s saves it all at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from storybank.core.errors import FieldProblem, LoopValidationError, StorybankError
from storybank.core.loop import (
    Application,
    AskedQuestion,
    Interview,
    Outcome,
    revise_record,
    validate_record,
)
from storybank.core.models import Story
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.vocab import counted
from storybank.readiness.toldto import Telling, prefer_untold, prefer_untold_answer
from storybank.tui.declared import PaletteCommand
from storybank.tui.loop_text import asks_text, parse_asks, when_text
from storybank.tui.screens.loop_form import LoopForm
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.readiness.questions import Question
    from storybank.tui.readiness_state import ReadinessView
    from storybank.tui.session import BankSession

TYPED = "typed"
NO_STORY = "none"
# The most questions or stories the pick list shows at once (typing narrows it).
SHOWN = 200
QUESTION_HINT = "Question asked: type it, or words to find it in the banks (enter adds it)"
STORY_HINT = "Story told: type to narrow, enter picks (esc: back to the question)"


def asked_row(asked: AskedQuestion, repeat: bool) -> Text:
    """One logged question on two lines: the question, then the story told for it."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(one_line(asked.question) + "\n")
    if asked.story_id:
        text.append("  → ", style="dim")
        if repeat:
            text.append("⚠ ", style="yellow")
        text.append(one_line(asked.story_title), style="bold")
    else:
        text.append("  (no story)", style="dim")
    return text


class InterviewLogScreen(LoopForm[Interview | None]):
    """Log the questions asked, the story told for each, a rating, notes, the outcome and the
    questions asked back; it closes with the interview as saved (None when not saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="log.save", priority=True, tooltip="Save the log"),
        Binding(
            "escape",
            "close",
            "Back",
            id="log.close",
            tooltip="Back to the question (from a story), or close (asks if unsaved)",
        ),
        Binding("down", "pick_down", "Next pick", show=False),
        Binding("up", "pick_up", "Previous pick", show=False),
        Binding(
            "ctrl+d,delete",
            "remove_asked",
            "Remove",
            id="log.remove",
            key_display="ctrl+d",
            tooltip="Remove the highlighted logged question",
        ),
    ]
    HELP_TITLE = "Logging an interview (l)"
    HELP_EXTRA = (
        ("enter", "Add the question, then pick the story told for it"),
        ("↑ ↓", "Move in the picks while typing"),
        ("tab", "Rating (1–5), outcome, notes, the questions you asked"),
    )
    PALETTE = (
        PaletteCommand("log: Save", "Save the interview's log (ctrl+s)", "save"),
        PaletteCommand("log: Next question", "Type the next question asked", "focus_question"),
        PaletteCommand(
            "log: Remove question", "The highlighted logged one (ctrl+d)", "remove_asked"
        ),
    )
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "asked": "log-input",
        "asks_asked": "log-asks",
        "rating": "log-rating",
        "notes": "log-notes",
        "outcome": "log-outcome",
    }

    def __init__(
        self, session: BankSession, application: Application, interview: Interview
    ) -> None:
        super().__init__(session)
        self.application = application
        self.original = interview
        self.asked: list[AskedQuestion] = list(interview.asked)
        self.step = "question"
        self.pending: tuple[str, str] = ("", "")  # the question text and its bank id
        self.confirming = ""  # a told story's id, waiting for the second enter
        self.questions: list[Question] = []
        self.view: ReadinessView | None = None

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        iv = self.original
        yield TitleBar()
        yield Static(id="form-error", classes="error")
        with Horizontal(id="log-body"):
            with Vertical(id="log-left"):
                yield Input(placeholder=QUESTION_HINT, id="log-input", select_on_focus=False)
                yield Static(Text(""), id="log-warning")
                yield OptionList(id="log-picks")
            with Vertical(id="log-right"):
                yield OptionList(id="log-asked")
                with Horizontal(id="log-scores"):
                    yield Label("Rating", classes="inline-label")
                    yield Input(
                        str(iv.rating) if iv.rating is not None else "",
                        id="log-rating",
                        placeholder="1–5",
                        restrict=r"[1-5]?",
                        max_length=1,
                    )
                    yield Label("Outcome", classes="inline-label")
                    yield Select(
                        [(o.value, o.value) for o in Outcome],
                        value=iv.outcome.value,
                        allow_blank=False,
                        id="log-outcome",
                    )
                notes = TextArea(for_terminal(iv.notes), id="log-notes", soft_wrap=True)
                notes.border_title = "Notes (names, topics, what to follow up)"
                yield notes
                asks = TextArea(
                    for_terminal(asks_text(iv.asks_asked, self.application.asks)),
                    id="log-asks",
                    soft_wrap=True,
                )
                asks.border_title = "Questions I asked (Q: … / A: …)"
                asks.border_subtitle = "leave A: empty for a pick you did not ask"
                yield asks
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Log interview"
        company = one_line(self.application.company)
        self.sub_title = " · ".join(
            p for p in (company, one_line(self.original.round), when_text(self.original.start)) if p
        )
        self.remember()
        self._show_asked()
        self._fill()
        self.set_focus(self.query_one("#log-input", Input), scroll_visible=False)
        self.session.load_readiness(self._loaded, self._not_loaded)

    def _loaded(self, view: ReadinessView) -> None:
        if not self.is_attached:
            return
        self.view = view
        self.questions = list(view.readiness.questions)
        self._fill()

    def _not_loaded(self, error: StorybankError) -> None:
        # The stories can still be picked by title; only the question banks are missing.
        if self.is_attached:
            self._warn(f"The question banks could not be read: {one_line(error.message)}")

    # State ---------------------------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        """True when a question was logged or a field changed since the last save."""
        typed = self.query_one("#log-input", Input).value.strip()
        return bool(typed) or self.asked != list(self.original.asked) or super().unsaved

    def form(self) -> dict[str, str]:
        values = super().form()
        values.pop("log-input", None)  # the box being typed in is not part of the record
        return values

    def told_here(self) -> dict[str, list[Telling]]:
        """The stories already told to this company, in its other interviews."""
        snapshot = self.session.snapshot
        if snapshot is None:
            return {}
        return snapshot.loop.told_to(self.application.company, except_interview=self.original.id)

    def _stories(self) -> list[Story]:
        snapshot = self.session.snapshot
        return [s for s in snapshot.stories if not s.archived] if snapshot else []

    def _warn(self, message: str, style: str = "yellow") -> None:
        self.query_one("#log-warning", Static).update(Text(message, style=style))

    # The pick list -------------------------------------------------------------------------

    def _fill(self) -> None:
        typed = self.query_one("#log-input", Input).value
        if self.step == "question":
            self._fill_questions(typed)
        else:
            self._fill_stories(typed)

    def _fill_questions(self, typed: str) -> None:
        words = typed.casefold().split()
        shown = [q for q in self.questions if all(w in q.text.casefold() for w in words)]
        items: list[Option] = []
        if typed.strip():
            items.append(
                Option(Text.assemble(("Add: ", "bold"), one_line(typed.strip())), id=TYPED)
            )
        for question in shown[:SHOWN]:
            prompt = Text.assemble((f"{question.id:<5}", "dim"), one_line(question.text))
            items.append(Option(prompt, id=question.id))
        picks = self.query_one("#log-picks", OptionList)
        picks.clear_options()
        picks.add_options(items)
        picks.border_title = (
            f"Question banks: {len(shown)} of {len(self.questions)}"
            if self.questions
            else "Question banks (loading…)"
            if self.view is None
            else "Questions"
        )
        if items:
            picks.highlighted = 0

    def _ranked_stories(self) -> list[Story]:
        """The stories ranked for the pending question (all of them, best first)."""
        stories = self._stories()
        if self.view is None:
            return stories
        question, question_id = self.pending
        answer = self.view.readiness.answer(question, question_id=question_id or None)
        # The rule answer and prepare follow: a story not yet told there first, among
        # matches as sure as each other.
        told = set(self.told_here()) | {a.story_id for a in self.asked if a.story_id}
        ranked = [m.story for m in prefer_untold_answer(answer, told).matches]
        seen = {s.id for s in ranked}
        rest = [s for s in stories if s.id not in seen]
        return ranked + prefer_untold(rest, told, lambda s: s.id)

    def _fill_stories(self, typed: str) -> None:
        told = self.told_here()
        in_this = {a.story_id for a in self.asked if a.story_id}
        words = typed.casefold().split()
        stories = [s for s in self._ranked_stories() if all(w in s.title.casefold() for w in words)]
        items = [Option(Text("(no story: just log the question)", style="dim"), id=NO_STORY)]
        for story in stories[:SHOWN]:
            prompt = Text(one_line(story.title), no_wrap=True, overflow="ellipsis", end="")
            if story.id in told:
                prompt.append(f"  ⚠ told: {one_line(told[story.id][-1].where())}", style="yellow")
            elif story.id in in_this:
                prompt.append("  ⚠ told earlier in this interview", style="yellow")
            items.append(Option(prompt, id=story.id))
        picks = self.query_one("#log-picks", OptionList)
        picks.clear_options()
        picks.add_options(items)
        picks.border_title = f"Story told for: {one_line(self.pending[0])}"
        picks.highlighted = 1 if len(items) > 1 else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "log-input":
            self.confirming = ""
            self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "log-input":
            event.stop()
            self._choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "log-picks":
            event.stop()
            self._choose()

    def action_pick_down(self) -> None:
        """Move down the pick list while typing."""
        if self._typing():
            self.query_one("#log-picks", OptionList).action_cursor_down()

    def action_pick_up(self) -> None:
        """Move up the pick list while typing."""
        if self._typing():
            self.query_one("#log-picks", OptionList).action_cursor_up()

    def _typing(self) -> bool:
        focused = self.focused
        return isinstance(focused, Input) and focused.id == "log-input"

    def _highlighted(self) -> str | None:
        picks = self.query_one("#log-picks", OptionList)
        if picks.highlighted is None or not picks.option_count:
            return None
        return picks.get_option_at_index(picks.highlighted).id

    def _choose(self) -> None:
        """Enter: take the highlighted question, or the highlighted story for it."""
        choice = self._highlighted()
        if choice is None:
            return
        field = self.query_one("#log-input", Input)
        if self.step == "question":
            if choice == TYPED:
                self.pending = (field.value.strip(), "")
            else:
                question = next(q for q in self.questions if q.id == choice)
                self.pending = (question.text, question.id)
            self.step = "story"
            field.placeholder = STORY_HINT
            self._warn("")
            with field.prevent(Input.Changed):
                field.value = ""
            self._fill()
            self.set_focus(field)
            return
        story = None if choice == NO_STORY else self._story(choice)
        if story is not None and choice != self.confirming:
            told = self.told_here().get(choice)
            earlier = any(a.story_id == choice for a in self.asked)
            if told or earlier:
                where = (
                    f"to {one_line(self.application.company)}: {one_line(told[-1].where())}"
                    if told
                    else "earlier in this interview"
                )
                self.confirming = choice
                self._warn(f"⚠ Already told {where}. Enter again to log it anyway.")
                return
        self._add(story)

    def _story(self, story_id: str) -> Story | None:
        return next((s for s in self._stories() if s.id == story_id), None)

    def _add(self, story: Story | None) -> None:
        question, question_id = self.pending
        data: dict[str, Any] = {"question": question, "question_id": question_id}
        if story is not None:
            data |= {"story_id": story.id, "story_title": story.title}
        try:
            asked = validate_record(AskedQuestion, data)
        except LoopValidationError as error:
            self.show_error(error)
            self._back_to_question()
            return
        self.asked.append(asked)
        self._show_asked()
        told = f" → {one_line(story.title)}" if story else ""
        self._warn(f"Logged: {one_line(question)}{told}", style="green")
        self._back_to_question()

    def _back_to_question(self) -> None:
        self.step = "question"
        self.confirming = ""
        field = self.query_one("#log-input", Input)
        field.placeholder = QUESTION_HINT
        with field.prevent(Input.Changed):
            field.value = ""
        self._fill()
        self.set_focus(field)

    def _show_asked(self) -> None:
        told = self.told_here()
        options = self.query_one("#log-asked", OptionList)
        options.clear_options()
        seen: set[str] = set()
        rows = []
        for asked in self.asked:
            repeat = asked.story_id in told or asked.story_id in seen
            rows.append(Option(asked_row(asked, repeat)))
            seen.add(asked.story_id)
        options.add_options(rows)
        if rows:
            options.highlighted = len(rows) - 1  # the one just logged
        stories = sum(1 for a in self.asked if a.story_id)
        options.border_title = (
            f"Asked: {counted(len(self.asked), 'question', 'questions')}, "
            f"{counted(stories, 'story', 'stories')} told"
        )

    # Actions ------------------------------------------------------------------------------

    def action_close(self) -> None:
        """Back to the question from a story; otherwise close (asks if unsaved)."""
        if self.step == "story":
            self._warn("")
            self._back_to_question()
            return
        super().action_close()

    def action_focus_question(self) -> None:
        """Type the next question asked."""
        self._back_to_question()

    def action_remove_asked(self) -> None:
        """Remove the highlighted logged question."""
        options = self.query_one("#log-asked", OptionList)
        if not options.has_focus or options.highlighted is None or not self.asked:
            return
        index = options.highlighted
        removed = self.asked.pop(index)
        self._show_asked()
        if self.asked:
            options.highlighted = min(index, len(self.asked) - 1)
        self._warn(f"Removed: {one_line(removed.question)}", style="dim")

    def build(self) -> Interview:
        """The interview with its log (LoopValidationError names what to fix)."""
        form = self.form()
        rating_text = form["log-rating"].strip()
        original = self.original
        notes = original.notes if self.untouched("log-notes") else form["log-notes"]
        if self.untouched("log-asks"):
            asks_asked = [a.model_dump() for a in original.asks_asked]
        else:
            asks_asked = parse_asks(form["log-asks"], self.application.asks)
        try:
            rating = int(rating_text) if rating_text else None
        except ValueError:
            raise LoopValidationError([FieldProblem("rating", "Rating: 1 to 5")]) from None
        return revise_record(
            original,
            asked=[a.model_dump() for a in self.asked],
            asks_asked=asks_asked,
            rating=rating,
            notes=notes,
            outcome=form["log-outcome"],
        )

    def action_save(self) -> None:
        """Save the log through the bank (locked, all or nothing)."""
        try:
            interview = self.build()
        except LoopValidationError as error:
            self.show_error(error)
            return
        original = self.original
        company = one_line(self.application.company)

        def saved(record: Any) -> None:
            told = len(record.stories_told())
            self.notify(
                f"Logged the interview with {company}: "
                f"{counted(len(record.asked), 'question', 'questions')}, "
                f"{counted(told, 'story', 'stories')} told.",
                markup=False,
            )
            self.dismiss(record)

        self.save_with(lambda bank: bank.update_interview(interview, expected=original), saved)
