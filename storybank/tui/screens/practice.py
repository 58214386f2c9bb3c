"""The Practice screen: choose a deck, answer each question out loud against a timer, reveal
the story's cue card, and rate yourself; each rating is saved as it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storybank.core.errors import StorybankError
from storybank.core.models import utc_now
from storybank.core.textsafe import one_line
from storybank.core.timing import format_duration, local_minute
from storybank.practice.attempt import AIM_SECONDS, LONGEST_SECONDS, Attempt, mark_note
from storybank.practice.decks import DUE, Card
from storybank.practice.records import Review, reviewed
from storybank.practice.schedule import Grade
from storybank.tui.readiness_state import ReadinessView
from storybank.tui.screens.readiness import ReadinessScreen
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.readiness.facade import Readiness
    from storybank.store.bank import Bank
    from storybank.tui.loop_state import LoopView
    from storybank.tui.session import BankSession

BAR_WIDTH = 36  # the timer's bar: 3 minutes, with marks at 2:00 and 3:00
TICK = 0.25  # how often the timer redraws (seconds)
GRADE_KEYS = {"1": Grade.AGAIN, "2": Grade.HARD, "3": Grade.GOOD, "4": Grade.EASY}


@dataclass(frozen=True)
class DeckChoice:
    """A deck as listed: its kind (due, new, competency, taxonomy, job, interview) and its name
    (for a job or an interview, its id)."""

    kind: str
    name: str = ""

    @property
    def option_id(self) -> str:
        """The list option's id."""
        return f"{self.kind}:{self.name}"


def build_cards(readiness: Readiness, choice: DeckChoice, now: datetime) -> list[Card]:
    """The cards of a deck that have a story to practise with (runs in the store worker)."""
    from storybank.practice import decks
    from storybank.practice.records import parse_records

    records = parse_records(readiness.bank.practice_docs())
    if choice.kind == DUE:
        cards = decks.due_deck(readiness, records, now)
    elif choice.kind == "new":
        cards = decks.new_deck(readiness, records, limit=10)
    elif choice.kind == decks.PITCH:
        cards = decks.pitch_deck(readiness)
    elif choice.kind == "competency":
        cards = decks.competency_deck(readiness, choice.name)
    elif choice.kind == "job":
        cards = decks.prep_deck(readiness, readiness.bank.application(choice.name).job_ad)
    elif choice.kind == "interview":
        from storybank.readiness.interview_prep import interview_prep

        # The interview's prep sheet: stories not yet told to the company come first.
        prep = interview_prep(readiness, readiness.bank.interview(choice.name)).prep
        if prep is None:
            raise decks.DeckError("This interview's application has no job ad saved")
        cards = decks.prep_cards(prep)
    else:
        cards = decks.taxonomy_deck(readiness, choice.name)
    return [card for card in cards if card.ready]


def loop_decks(loop: LoopView, now: datetime) -> list[tuple[DeckChoice, str]]:
    """A prep-set deck for each application still open with a job ad, and each interview of
    one still to come."""
    with_ad = {a.id: a for a in loop.applications if a.job_ad.strip() and not a.status.is_closed}
    choices = [(DeckChoice("job", a.id), f"Job: {a.label()}") for a in with_ad.values()]
    for interview in sorted(loop.interviews, key=lambda i: i.start):
        application = with_ad.get(interview.application_id)
        if application is not None and interview.finish >= now:
            what = ", ".join(p for p in (application.company, interview.round) if p)
            label = f"Interview: {what} ({local_minute(interview.start)})"
            choices.append((DeckChoice("interview", interview.id), label))
    return choices


def timer_bar(seconds: float) -> Text:
    """The elapsed time and a 3-minute bar, with the 2:00 and 3:00 points marked under it."""
    filled = min(BAR_WIDTH, int(seconds / LONGEST_SECONDS * BAR_WIDTH))
    two = AIM_SECONDS * BAR_WIDTH // LONGEST_SECONDS
    if seconds >= LONGEST_SECONDS:
        style = "bold red"
    elif seconds >= AIM_SECONDS:
        style = "bold yellow"
    else:
        style = "bold green"
    text = Text()
    text.append(f"{format_duration(round(seconds)):>5} ", style="bold")
    for cell in range(BAR_WIDTH):
        if cell == two:
            text.append("│", style="bold")
        text.append("█" if cell < filled else "·", style=style if cell < filled else "dim")
    text.append("│", style="bold")
    # Under each mark, its time: 6 columns of clock, then the bar.
    text.append("\n" + " " * (6 + two - 2) + "2:00" + " " * (BAR_WIDTH - two - 2) + "3:00", "dim")
    note = mark_note(seconds)
    if note:
        text.append(f"\n{note}", style=style)
    return text


class PracticeScreen(ReadinessScreen[None]):
    """Choose a deck, then answer each question out loud: space starts and stops the timer,
    n marks the next STAR part, o shows the cue card, 1–4 rate (again, hard, good, easy)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="practice.close", tooltip="Back (ratings are kept)"),
        Binding(
            "space", "timer", "Start/stop", id="practice.timer", tooltip="Start or stop the timer"
        ),
        Binding(
            "n",
            "next_part",
            "Next part",
            id="practice.part",
            tooltip="Mark the move to the next STAR part",
        ),
        Binding(
            "o", "reveal", "Cue card", id="practice.reveal", tooltip="Show the story's outline"
        ),
        Binding(
            "1", "rate('1')", "Again", id="practice.again", tooltip="It went badly: ask again soon"
        ),
        Binding("2", "rate('2')", "Hard", id="practice.hard", tooltip="It was hard"),
        Binding("3", "rate('3')", "Good", id="practice.good", tooltip="It went well"),
        Binding(
            "4", "rate('4')", "Easy", id="practice.easy", tooltip="It was easy: ask much later"
        ),
        Binding("s", "skip", "Skip", id="practice.skip", show=False, tooltip="Skip this question"),
    ]
    HELP_TITLE = "Practice (r)"

    def __init__(self, session: BankSession, clock: Callable[[], datetime] = utc_now) -> None:
        super().__init__(session)
        self.clock = clock
        self.cards: list[Card] = []
        self.index = 0
        self.attempt: Attempt | None = None
        self.stopped_at: datetime | None = None
        self.revealed = False
        self.rated = 0
        self.saving = False
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        yield TitleBar()
        with Vertical(id="practice-decks"):
            yield Static(Text("Choose a deck, then press enter.", style="dim"), id="deck-hint")
            yield OptionList(id="deck-list")
        with VerticalScroll(id="practice-card"):
            yield Static(id="practice-question")
            yield Static(id="practice-timer")
            yield Static(id="practice-split")
            yield Static(id="practice-outline")
            yield Static(id="practice-said")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Practice"
        self.query_one("#practice-card").display = False
        decks = self.query_one("#deck-list", OptionList)
        decks.border_title = "Decks"
        decks.add_option(Option(Text("Loading…"), disabled=True))
        decks.focus()
        self.request_view()

    # Choosing a deck ----------------------------------------------------------------------

    def show_view(self, view: ReadinessView) -> None:
        """List the decks: due today, new questions, each competency in use, each taxonomy."""
        decks = self.query_one("#deck-list", OptionList)
        decks.clear_options()
        snapshot = self.session.snapshot
        status = snapshot.practice_status if snapshot is not None else None
        due = status.due_today if status is not None else 0
        choices = [
            (DeckChoice(DUE), f"Due today ({due})"),
            (DeckChoice("new"), "New questions"),
            (DeckChoice("pitch"), "Your pitch (about you, strengths, weakness, why us, goals)"),
        ]
        for row in view.coverage.rows:
            if row.count:
                choices.append((DeckChoice("competency", row.name), f"Competency: {row.name}"))
        for taxonomy in view.readiness.settings.active_taxonomies:
            choices.append((DeckChoice("taxonomy", taxonomy), f"Taxonomy: {taxonomy}"))
        if snapshot is not None:
            choices += loop_decks(snapshot.loop, self.clock())
        self._choices = {choice.option_id: choice for choice, _ in choices}
        for choice, label in choices:
            decks.add_option(Option(Text(one_line(label)), id=choice.option_id))
        decks.highlighted = 0

    def show_failure(self, error: StorybankError) -> None:
        """Say in the deck list why there are no decks."""
        decks = self.query_one("#deck-list", OptionList)
        decks.clear_options()
        decks.add_option(Option(Text(one_line(error.message)), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self._choices.get(event.option.id or "")
        view = self.view
        if choice is None or view is None:
            return
        now = self.clock()
        self.session.change(
            lambda _bank: build_cards(view.readiness, choice, now),
            self._deck_ready,
            self._deck_failed,
        )

    def _deck_ready(self, cards: list[Card]) -> None:
        if not self.is_attached:
            return
        if not cards:
            self.notify("Nothing to practise in this deck yet.", markup=False)
            return
        self.cards, self.index, self.rated = cards, 0, 0
        self.query_one("#practice-decks").display = False
        self.query_one("#practice-card").display = True
        self.query_one("#practice-card").focus()
        self._show_card()

    def _deck_failed(self, error: StorybankError) -> None:
        self.notify(one_line(error.message), title=error.title, severity="warning", markup=False)

    # One card -----------------------------------------------------------------------------

    @property
    def card(self) -> Card | None:
        """The card being practised (None before a deck is chosen or after the last)."""
        return self.cards[self.index] if 0 <= self.index < len(self.cards) else None

    def _show_card(self) -> None:
        self.attempt, self.stopped_at, self.revealed = None, None, False
        card = self.card
        question = self.query_one("#practice-question", Static)
        if card is None:
            question.update(
                Text(f"Done: {self.rated} rated, each one saved. Esc goes back.", style="bold")
            )
            for part in ("timer", "split", "outline", "said"):
                self.query_one(f"#practice-{part}", Static).update("")
            return
        text = Text(
            f"Question {self.index + 1} of {len(self.cards)} · {card.question.id}\n", style="dim"
        )
        text.append(one_line(card.question.text), style="bold")
        text.append("\nThink, then press space and answer out loud.", style="dim")
        question.update(text)
        self.query_one("#practice-timer", Static).update(timer_bar(0))
        self.query_one("#practice-split", Static).update("")
        self.query_one("#practice-outline", Static).update("")
        self.query_one("#practice-said", Static).update("")

    def _elapsed(self) -> float:
        if self.attempt is None:
            return 0.0
        return self.attempt.elapsed(self.stopped_at or self.clock())

    def _tick(self) -> None:
        """Redraw the timer from the clock (never by counting ticks, so redraws cannot drift)."""
        self.query_one("#practice-timer", Static).update(timer_bar(self._elapsed()))
        attempt = self.attempt
        if attempt is not None:
            line = f"Telling: {attempt.part}" if self.stopped_at is None else ""
            split = attempt.split(self.stopped_at or self.clock())
            if split:
                parts = zip(("situation", "task", "action", "result"), split, strict=False)
                line += ("  ·  " if line else "") + ", ".join(
                    f"{p} {format_duration(s)}" for p, s in parts
                )
            self.query_one("#practice-split", Static).update(Text(line, style="dim"))

    def action_timer(self) -> None:
        """Start the timer, or stop it."""
        if self.card is None:
            return
        if self.attempt is None:
            self.attempt = Attempt(self.clock())
            self._ticker = self.set_interval(TICK, self._tick)
        elif self.stopped_at is None:
            self.stopped_at = self.clock()
            self._stop_ticker()
        self._tick()

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def action_next_part(self) -> None:
        """Mark the move to the next STAR part."""
        if self.attempt is not None and self.stopped_at is None:
            self.attempt.mark(self.clock())
            self._tick()

    def action_reveal(self) -> None:
        """Show the chosen story's cue card."""
        card = self.card
        if card is None or not card.ready:
            return
        self.revealed = True
        text = Text(f"Your story: {one_line(card.title)}\n", style="bold")
        for line in card.cue():
            text.append(one_line(line) + "\n")
        text.append("Rate it: 1 again · 2 hard · 3 good · 4 easy", style="dim")
        self.query_one("#practice-outline", Static).update(text)

    def action_rate(self, key: str) -> None:
        """Save the rating for this question and story, then go to the next card."""
        card, grade = self.card, GRADE_KEYS.get(key)
        if card is None or not card.ready or grade is None or self.saving:
            return
        if self.attempt is None:
            self.notify("Answer first: space starts the timer.", markup=False)
            return
        if self.stopped_at is None:
            self.action_timer()
        end = self.stopped_at or self.clock()
        answer = Review(end, grade, round(self.attempt.elapsed(end)), self.attempt.split(end))
        question_id, story_id = card.question.id, card.practice_id

        def save(bank: Bank) -> object:
            return bank.save_practice(
                question_id, story_id, lambda doc: reviewed(doc, question_id, story_id, answer)
            )

        self.saving = True
        self.session.change(save, lambda _doc: self._rated(grade), self._save_failed)

    def _rated(self, grade: Grade) -> None:
        self.saving = False
        self.rated += 1
        if not self.is_attached:
            return
        self.notify(f"Saved: {grade.value}.", markup=False, timeout=2)
        self.index += 1
        self._show_card()

    def _save_failed(self, error: StorybankError) -> None:
        self.saving = False
        self.notify(
            one_line(error.message) + " The rating was not saved; rate again to retry.",
            title=error.title,
            severity="error",
            markup=False,
        )

    def action_skip(self) -> None:
        """Skip this question without a rating."""
        if self.card is not None:
            self._stop_ticker()
            self.index += 1
            self._show_card()

    def action_close(self) -> None:
        """Back to the deck list, or to the story list (every rating given is already saved)."""
        self._stop_ticker()
        if self.cards and self.query_one("#practice-card").display:
            self.cards = []
            self.query_one("#practice-card").display = False
            self.query_one("#practice-decks").display = True
            self.query_one("#deck-list", OptionList).focus()
            return
        self.dismiss(None)
