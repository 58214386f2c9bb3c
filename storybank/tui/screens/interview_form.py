"""Add an interview to an application: when, which round, the format, where, and with whom."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from storybank.core.errors import LoopValidationError
from storybank.core.loop import (
    FORMATS,
    ROUNDS,
    Application,
    Interview,
    revise_record,
    validate_record,
)
from storybank.core.textsafe import for_terminal, one_line
from storybank.tui.loop_text import (
    WHEN_HINT,
    interviewers_text,
    parse_interviewers,
    parse_when,
    when_text,
)
from storybank.tui.screens.loop_form import LoopForm
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.suggest import ListItemSuggester
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.tui.session import BankSession


class InterviewFormScreen(LoopForm[Interview | None]):
    """The interview form (a start in the past is fine: logging after the fact).

    It closes with the interview as saved (None when nothing was saved).
    """

    HELP_TITLE = "Interview form"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        "start": "iv-start",
        "end": "iv-end",
        "round": "iv-round",
        "format": "iv-format",
        "location": "iv-location",
        "interviewers": "iv-interviewers",
    }

    def __init__(
        self, session: BankSession, application: Application, interview: Interview | None
    ) -> None:
        super().__init__(session)
        self.application = application
        self.original = interview

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        iv = self.original
        yield TitleBar()
        with VerticalScroll(id="iv-form", classes="loop-form"):
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label("Starts (your time)", classes="field-label")
                    yield Input(
                        when_text(iv.start) if iv else "",
                        id="iv-start",
                        placeholder=WHEN_HINT,
                        select_on_focus=False,
                    )
                with Vertical(classes="form-cell"):
                    yield Label("Ends (optional)", classes="field-label")
                    yield Input(
                        when_text(iv.end) if iv else "",
                        id="iv-end",
                        placeholder="15:30, or a date and time",
                        select_on_focus=False,
                    )
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label("Round", classes="field-label")
                    yield Input(
                        for_terminal(iv.round) if iv else "",
                        id="iv-round",
                        placeholder=", ".join(ROUNDS[:3]) + "…",
                        suggester=ListItemSuggester(ROUNDS),
                        select_on_focus=False,
                    )
                with Vertical(classes="form-cell"):
                    yield Label("Format", classes="field-label")
                    yield Input(
                        for_terminal(iv.format) if iv else "",
                        id="iv-format",
                        placeholder=", ".join(FORMATS),
                        suggester=ListItemSuggester(FORMATS),
                        select_on_focus=False,
                    )
            yield Label("Where (an address or a link)", classes="field-label")
            yield Input(
                for_terminal(iv.location) if iv else "",
                id="iv-location",
                select_on_focus=False,
            )
            yield Label("Interviewers (one a line: name, role)", classes="field-label")
            yield TextArea(
                for_terminal(interviewers_text(iv.interviewers)) if iv else "",
                id="iv-interviewers",
                classes="short",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "New interview" if self.original is None else "Edit interview"
        self.sub_title = one_line(self.application.label())
        self.remember()
        self.set_focus(self.query_one("#iv-start", Input), scroll_visible=False)

    def _built(self, form: dict[str, str], start: Any) -> Interview:
        end = parse_when(form["iv-end"], "end", day=start)
        data: dict[str, Any] = {
            "application_id": self.application.id,
            "start": start,
            "end": end,
            "round": form["iv-round"],
            "format": form["iv-format"],
            "location": form["iv-location"],
            "interviewers": parse_interviewers(form["iv-interviewers"]),
        }
        if self.original is None:
            return validate_record(Interview, data)
        return revise_record(self.original, **data)

    def action_save(self) -> None:
        """Save the interview (and its thank-you follow-up) through the bank."""
        from storybank.core.errors import FieldProblem

        try:
            start = parse_when(self.form()["iv-start"], "start")
            if start is None:
                raise LoopValidationError(
                    [FieldProblem("start", f"Start: when is it? Write it as {WHEN_HINT}")]
                )
            interview = self._built(self.form(), start)
        except LoopValidationError as error:
            self.show_error(error)
            return
        original = self.original
        label = one_line(self.application.label())

        def saved(record: Any) -> None:
            note = "; a thank-you is due within 24 hours of it" if original is None else ""
            self.notify(f"Saved the interview for {label}{note}.", markup=False)
            self.dismiss(record)

        if original is None:
            self.save_with(lambda bank: bank.add_interview(interview), saved)
        else:
            self.save_with(lambda bank: bank.update_interview(interview, expected=original), saved)
