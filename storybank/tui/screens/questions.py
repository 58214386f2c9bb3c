"""Which story for this question? The question bank, a typed question, and the ranked stories."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.visual import visualize
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from storybank.core.errors import StorybankError
from storybank.core.models import Story
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted
from storybank.readiness.questions import Answer, Question
from storybank.tui.readiness_state import ReadinessView
from storybank.tui.screens.readiness import ReadinessScreen
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.match_list import MatchList
from storybank.tui.widgets.story_list import StoryList
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

    from storybank.tui.session import BankSession

ASK_ID = "ask"
# Up to this many stories an answer is ranked on the event loop, so it is painted in the frame
# after Enter: ranking 200 generated stories takes 1.1 ms at p50 and 1.5 ms at p95 (2 ms at
# most), a tenth of a frame. A larger bank is ranked in a worker thread, never blocking the loop
# (2,000 stories take 15 ms at p50, 10,000 about 20 ms).
INLINE_STORIES = 200


def question_matches(question: Question, names: str, words: list[str]) -> bool:
    """True when every typed word is in the question's id, text or competency names."""
    haystack = f"{question.id} {question.text} {names}".casefold()
    return all(word in haystack for word in words)


def split_competencies(text: str) -> tuple[list[str], list[str]]:
    """`c:name` tokens (the competencies to look for) apart from the question's words."""
    named: list[str] = []
    words: list[str] = []
    for token in text.split():
        if token[:2].lower() == "c:" and len(token) > 2:
            named.append(token[2:])
        else:
            words.append(token)
    return named, words


def answer_text(answer: Answer, title: str) -> Text:
    """The question, the competencies it probes, and the advice when nothing fits well."""
    text = Text()
    text.append(title, style="bold")
    text.append((" " + one_line(answer.question) if answer.question else "") + "\n")
    names = ", ".join(one_line(name) for _, name in answer.competencies)
    if names:
        text.append("Asks about: " if not answer.inferred else "Seems to ask about: ", style="dim")
        text.append(names, style="bold")
        if answer.inferred and answer.inferred_words:
            text.append(f" (from “{', '.join(answer.inferred_words)}”)", style="dim")
        text.append("\n")
    count = len(answer.matches)
    text.append(
        f"{counted(count, 'story', 'stories')} ranked" if count else "No story ranked",
        style="dim",
    )
    if count:
        text.append(" · best match: ", style="dim")
        text.append(answer.certainty, style="bold")
    if answer.advice:
        text.append("\n")
        # The core's advice names the CLI option; here the same thing is typed in the box.
        advice = answer.advice.replace("with --competency", "with c:name in the box")
        text.append(("! " if not answer.fits else "") + one_line(advice), style="bold")
    return text


def _ranked(view: ReadinessView, question: Question | None, text: str) -> tuple[Answer, str]:
    """The answer to a bank question, or to typed text (`c:name` tokens name competencies),
    and the title to show it under."""
    readiness = view.readiness
    if question is None:
        named, words = split_competencies(text)
        # Only `c:name` typed: no words to show after the title, so it names what was typed.
        title = "Your question:" if words else f"Your question: {one_line(text)}"
        return readiness.answer(" ".join(words), named or None), title
    return readiness.answer_question(question), f"{question.id}:"


def _update_in_place(panel: Static, text: Text) -> None:
    """Show `text` in the panel, laying the screen out again only when it takes another
    number of lines: a repaint alone is painted in the next frame, a layout a frame later."""
    width = panel.size.width
    # Widget styles answer a rules map's `get`, as Textual's own widgets pass them.
    rules = cast("RulesMap", panel.styles)
    same = width > 0 and _shown_height(panel, visualize(panel, text).get_height(rules, width))
    panel.update(text, layout=not same)


def _shown_height(panel: Static, lines: int) -> bool:
    """True when `lines` of text fill the panel as it is: the panels grow with their text up
    to a `max-height` in cells, so a longer text than that takes the same height too."""
    cap = panel.styles.max_height
    if cap is not None and cap.is_cells:
        lines = min(lines, int(cap.value))
    return lines == panel.size.height


class QuestionBox(Input):
    """The question box: typing filters the questions, Enter asks, the arrows pick a story.

    The arrows move through the ranked stories as in fzf: the focus stays in the box, so the
    next question is typed at once, and the answer to Enter is painted without the repaint of
    the whole screen that a focus change costs.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Ask", tooltip="Ask; after ↑↓, show the story picked"),
        Binding(
            "down",
            "screen.pick('cursor_down')",
            "Stories",
            key_display="↑↓",
            tooltip="Move through the ranked stories without leaving the box",
        ),
        Binding("up", "screen.pick('cursor_up')", "Previous story", show=False),
        Binding("pagedown", "screen.pick('page_down')", "Stories: page down", show=False),
        Binding("pageup", "screen.pick('page_up')", "Stories: page up", show=False),
    ]


class QuestionsScreen(ReadinessScreen[str | None]):
    """Pick a question (or type one) and see the stories that answer it best.

    It closes with the id of the story to show in the story list (None: nothing chosen).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="questions.close", tooltip="Back to the story list"),
        Binding(
            "slash",
            "focus_input",
            "Filter",
            id="questions.filter",
            key_display="/",
            tooltip="Filter the questions by text or competency, or type your own question",
        ),
        Binding(
            "enter",
            "choose",
            "Show story",
            id="questions.choose",
            tooltip="Show the highlighted story in the story list",
        ),
    ]
    HELP_TITLE = "Which story? (w)"
    HELP_EXTRA = (
        ("enter (in the box)", "Ask what is typed; after ↑↓, show the story picked"),
        ("↑↓ pgup pgdn (in the box)", "Move through the ranked stories"),
        ("tab", "To the questions, then the stories"),
    )

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self.questions: list[Question] = []
        self.answer: Answer | None = None
        self._names: dict[str, str] = {}
        self._generation = 0
        self._why = Text("")  # the reasons shown for the highlighted story
        # What the answer is to: (bank question id or None for typed text, the text), so
        # an answer shown or on its way is not ranked again.
        self._asked: tuple[str | None, str] | None = None
        # The arrows moved through this answer's stories from the box: Enter shows the one
        # picked rather than asking again (so a second Enter never leaves by accident).
        self._picking = False

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        yield TitleBar()
        yield QuestionBox(
            placeholder="Filter questions (text or competency), or type your own question",
            id="q-input",
        )
        with Horizontal(id="q-body"):
            yield OptionList(id="q-list")
            with Vertical(id="q-side"):
                yield Static(Text("Loading…"), id="q-answer")
                yield MatchList(id="q-matches")
                yield Static(Text(""), id="q-why")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Which story?"
        self.query_one("#q-list").border_title = "Questions"
        matches = self.query_one(MatchList)
        matches.border_title = "Stories, best first"
        matches.empty_message = "No story fits."
        self.query_one("#q-input", Input).focus()
        self.request_view()

    def show_failure(self, error: StorybankError) -> None:
        """Say where the answer would be why there are no questions."""
        self.query_one("#q-answer", Static).update(Text(one_line(error.message)))

    def show_view(self, view: ReadinessView) -> None:
        """Show one bank revision's question bank."""
        readiness = view.readiness
        self.questions = list(readiness.questions)
        catalog = readiness.catalog
        self._names = {
            q.id: ", ".join(catalog.display(catalog.key(c), c) for c in q.competencies)
            for q in self.questions
        }
        self._asked = None  # a new revision: every answer is asked again
        self._fill(self.query_one("#q-input", Input).value)

    # The question list ------------------------------------------------------------------

    def _fill(self, typed: str) -> None:
        """Show the questions that match what is typed, after an "ask this" line."""
        options = self.query_one("#q-list", OptionList)
        words = typed.casefold().split()
        shown = [q for q in self.questions if question_matches(q, self._names[q.id], words)]
        items: list[Option] = []
        if typed.strip():
            items.append(
                Option(Text.assemble(("Ask: ", "bold"), one_line(typed.strip())), id=ASK_ID)
            )
        for question in shown:
            prompt = Text.assemble(
                (f"{question.id:<4} ", "dim"),
                one_line(question.text),
                (f"  ({one_line(self._names[question.id])})", "dim"),
            )
            items.append(Option(prompt, id=question.id))
        options.clear_options()
        options.add_options(items)
        options.border_title = f"Questions: {len(shown)} of {len(self.questions)}"
        if items:
            options.highlighted = 1 if typed.strip() and shown else 0
        else:
            self._show_answer(None, "")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "q-input" and self.view is not None:
            self._picking = False  # new words: Enter asks them, whatever was picked before
            self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "q-input":
            return
        text = event.value.strip()
        if self._picking:
            self.action_choose()  # a story was picked with the arrows: show it
            return
        if not text or self._asked == (None, text):
            return  # answered already, or being ranked in a worker
        options = self.query_one("#q-list", OptionList)
        if options.option_count:
            options.highlighted = 0  # the "Ask:" line; its message finds the text asked
        # Asked here rather than from that message a hop later, so the answer's widgets are
        # marked in the same pass as the list and all are painted in the frame after Enter.
        self.ask(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id
        if self.view is None or option_id is None:
            return
        if option_id == ASK_ID:
            self.ask(self.query_one("#q-input", Input).value.strip())
        else:
            question = next(q for q in self.questions if q.id == option_id)
            self._rank(self.view, question, question.text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(MatchList).focus()

    # Ranking (in a worker for a large bank: at 10,000 stories it takes tens of milliseconds)

    def ask(self, text: str) -> None:
        """Rank the stories for `text`, a question of the user's own (as Enter on it does):
        at once for a small bank, from a worker for a large one."""
        if self.view is not None:
            self._rank(self.view, None, text)

    def _rank(self, view: ReadinessView, question: Question | None, text: str) -> None:
        asked = (None if question is None else question.id, text)
        if asked == self._asked:
            return  # this very answer is shown or on its way
        self._asked = asked
        self._generation += 1
        if view.readiness.matcher.size <= INLINE_STORIES:
            # A worker's hand-over and the repaint it waits for cost more than the ranking.
            self.workers.cancel_group(self, "rank")
            self._show_answer(*_ranked(view, question, text))
        else:
            self._rank_worker(view, question, text, self._generation)

    @work(thread=True, exclusive=True, group="rank", exit_on_error=False, description="rank")
    def _rank_worker(
        self, view: ReadinessView, question: Question | None, text: str, generation: int
    ) -> None:
        answer, title = _ranked(view, question, text)
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(self._shown, answer, title, generation)

    def _shown(self, answer: Answer, title: str, generation: int) -> None:
        if generation == self._generation and self.is_attached:
            self._show_answer(answer, title)

    def _show_answer(self, answer: Answer | None, title: str) -> None:
        self.answer = answer
        self._picking = False
        panel = self.query_one("#q-answer", Static)
        matches = self.query_one(MatchList)
        if answer is None:
            self._asked = None
            panel.update(Text("No question matches. Keep typing to ask your own.", style="dim"))
            matches.show_matches([])
            return
        _update_in_place(panel, answer_text(answer, title))
        matches.show_matches(answer.matches)
        # The top story's reasons go into the same frame as the answer; the list's Highlighted
        # message, a hop later, then finds them shown already.
        self._show_why(matches.current)

    # Actions ------------------------------------------------------------------------------

    def on_story_list_highlighted(self, event: StoryList.Highlighted) -> None:
        event.stop()
        self._show_why(event.story)

    def _show_why(self, story: Story | None) -> None:
        """The highlighted story's reasons in full (the list cuts them to fit)."""
        why = self.query_one("#q-why", Static)
        match = next((m for m in self.query_one(MatchList).matches if m.story is story), None)
        if story is None or match is None:
            self._set_why(why, Text(""))
            return
        text = Text()
        text.append(one_line(story.title), style="bold")
        for reason in match.reasons:
            text.append("\n  " + one_line(reason))
        snapshot = self.session.snapshot
        told = snapshot.loop.told_by_story.get(story.id, []) if snapshot else []
        if told:
            # Where it was told already, so a repeat to the same company is a choice.
            from storybank.readiness.toldto import places

            text.append("\n  ⚠ told: " + one_line(places(told, with_company=True)), style="yellow")
        self._set_why(why, text)

    def _set_why(self, why: Static, text: Text) -> None:
        """Show `text` as the reasons unless it is shown already (nothing to paint again)."""
        if text == self._why:
            return
        self._why = text
        _update_in_place(why, text)

    def on_story_list_chosen(self, event: StoryList.Chosen) -> None:
        event.stop()
        self.dismiss(event.story.id)

    def action_choose(self) -> None:
        """Show the highlighted story in the story list."""
        matches = self.query_one(MatchList)
        if matches.current is not None:
            matches.key_enter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the box `/` is text (a question may hold one), so the bar does not offer it there.
        return not (action == "focus_input" and self._input_focused())

    def _input_focused(self) -> bool:
        focused = self.focused
        return isinstance(focused, Input) and focused.id == "q-input"

    def action_focus_input(self) -> None:
        """Type to filter the questions, or ask your own."""
        self.query_one("#q-input", Input).focus()

    async def action_pick(self, move: str) -> None:
        """Move through the ranked stories from the box (`move`: one of the list's cursor
        actions, such as `cursor_down`)."""
        self._picking = True
        await self.query_one(MatchList).run_action(move)

    def action_close(self) -> None:
        """Back to the story list."""
        self.dismiss(None)
