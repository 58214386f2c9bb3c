"""Add or edit an application: company, role, link, source, notes, research and the job ad."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from storybank.core.errors import LoopValidationError
from storybank.core.loop import (
    RESEARCH_PARTS,
    RESEARCH_TITLES,
    Application,
    AppStatus,
    revise_record,
    validate_record,
)
from storybank.core.textsafe import for_terminal, one_line
from storybank.tui.screens.loop_form import LoopForm
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.tui.session import BankSession

LINES = (
    ("company", "Company", "Required: who is hiring"),
    ("role", "Role", "Staff engineer"),
    ("link", "Link", "The job posting"),
    ("source", "Source", "Referral, job board, recruiter…"),
)
TEXTS = (("notes", "Notes"),)
RESEARCH_HINTS = {
    "mission": "What the company says it is for",
    "products": "What it makes or sells",
    "news": "Recent news, launches, funding",
    "values": "Its values, in its words",
    "why": "Why you want this job (for “why us?”)",
}


class JobFormScreen(LoopForm[Application | None]):
    """The application form; ctrl+s saves, and a failed save keeps the text as typed.

    It closes with the application as saved (None when nothing was saved).
    """

    HELP_TITLE = "Application form"
    FIELD_WIDGETS: ClassVar[dict[str, str]] = {
        **{name: f"job-{name}" for name, _, _ in LINES},
        "notes": "job-notes",
        "research": "job-research-mission",
        "job_ad": "job-job_ad",
        "status": "job-status",
    }

    def __init__(self, session: BankSession, application: Application | None) -> None:
        super().__init__(session)
        self.original = application

    def _shown(self, value: str) -> str:
        return for_terminal(value)

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        app = self.original
        yield TitleBar()
        with VerticalScroll(id="job-form", classes="loop-form"):
            yield Static(id="form-error", classes="error")
            with Horizontal(classes="form-row"):
                for name, label, hint in LINES[:2]:
                    with Vertical(classes="form-cell"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            self._shown(getattr(app, name)) if app else "",
                            id=f"job-{name}",
                            placeholder=hint,
                            select_on_focus=False,
                        )
            with Horizontal(classes="form-row"):
                for name, label, hint in LINES[2:]:
                    with Vertical(classes="form-cell"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            self._shown(getattr(app, name)) if app else "",
                            id=f"job-{name}",
                            placeholder=hint,
                            select_on_focus=False,
                        )
            if app is None:
                yield Label("Status", classes="field-label")
                yield Select(
                    [(s.value, s.value) for s in AppStatus],
                    value=AppStatus.INTERESTED.value,
                    allow_blank=False,
                    id="job-status",
                )
            yield Label("Notes", classes="field-label")
            yield TextArea(self._shown(app.notes) if app else "", id="job-notes", soft_wrap=True)
            for part in RESEARCH_PARTS:
                yield Label(f"Research: {RESEARCH_TITLES[part]}", classes="field-label")
                area = TextArea(
                    self._shown(getattr(app.research, part)) if app else "",
                    id=f"job-research-{part}",
                    soft_wrap=True,
                    classes="short",
                )
                area.border_subtitle = RESEARCH_HINTS[part]
                yield area
            yield Label("Job ad (paste its text)", classes="field-label")
            yield TextArea(self._shown(app.job_ad) if app else "", id="job-job_ad", soft_wrap=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "New application" if self.original is None else "Edit application"
        self.sub_title = "" if self.original is None else one_line(self.original.label())
        self.remember()
        self.set_focus(self.query_one("#job-company", Input), scroll_visible=False)

    def build(self) -> Application:
        """The application the form describes (LoopValidationError names what to fix)."""
        form = self.form()
        original = self.original

        def value(widget_id: str, current: str) -> str:
            # An untouched field keeps the stored text byte for byte (the form shows control
            # characters as symbols).
            return (
                current if original is not None and self.untouched(widget_id) else form[widget_id]
            )

        data: dict[str, Any] = {
            name: value(f"job-{name}", getattr(original, name) if original else "")
            for name, _, _ in LINES
        }
        data["notes"] = value("job-notes", original.notes if original else "")
        data["job_ad"] = value("job-job_ad", original.job_ad if original else "")
        data["research"] = {
            part: value(
                f"job-research-{part}", getattr(original.research, part) if original else ""
            )
            for part in RESEARCH_PARTS
        }
        if original is None:
            data["status"] = form.get("job-status", AppStatus.INTERESTED.value)
            return validate_record(Application, data)
        return revise_record(original, **data)

    def action_save(self) -> None:
        """Save the application through the bank (locked, all or nothing)."""
        try:
            application = self.build()
        except LoopValidationError as error:
            self.show_error(error)
            return
        original = self.original

        def saved(record: Any) -> None:
            self.notify(f"Saved “{one_line(record.label())}”.", markup=False)
            self.dismiss(record)

        if original is None:
            self.save_with(lambda bank: bank.add_application(application), saved)
        else:
            self.save_with(
                lambda bank: bank.update_application(application, expected=original), saved
            )
