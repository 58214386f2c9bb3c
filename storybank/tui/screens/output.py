"""Dialogs that write a file the user names: an export of every story, and a job ad's prep
sheet. They only ask; the app writes the file in a store worker (see MainScreen)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from storybank.core.vocab import EXPORT_FORMATS

SUFFIXES = {"json": ".json", "markdown": ".md", "csv": ".csv"}


@dataclass(frozen=True)
class ExportRequest:
    """What to export to: a format and a path (as typed; `~` allowed)."""

    fmt: str
    path: str
    redact: bool = False
    figures: bool = False


@dataclass(frozen=True)
class PrepareRequest:
    """Which job ad to read and where to write its prep sheet (as typed)."""

    job: str
    path: str


class _PathDialog(ModalScreen[ExportRequest | PrepareRequest | None]):
    """Shared keys and buttons: enter (or the button) writes, esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="output.cancel"),
    ]

    def buttons(self, verb: str) -> ComposeResult:
        """The dialog's message line and its buttons."""
        yield Static(id="output-problem", classes="error")
        with Horizontal(classes="dialog-buttons"):
            yield Button(f"{verb} (enter)", id="write", variant="primary")
            yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write":
            self.submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)

    def value(self, widget_id: str) -> str:
        """The text of one of the dialog's inputs, trimmed."""
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def problem(self, message: str) -> None:
        """Say what is missing, under the fields."""
        self.query_one("#output-problem", Static).update(Text(message))

    def submit(self) -> None:
        """Hand back what to write (subclasses)."""
        raise NotImplementedError


class ExportDialog(_PathDialog):
    """Choose a format and a file for an export of every story."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Export every story", style="bold"))
            yield Label("Format", classes="field-label")
            yield Select(
                [(fmt, fmt) for fmt in EXPORT_FORMATS],
                value="json",
                allow_blank=False,
                id="export-format",
            )
            yield Label("File (never the bank or its backups)", classes="field-label")
            yield Input("stories.json", id="export-path")
            yield Checkbox(
                Text("Redact names, organizations, roles and contacts"),
                id="export-redact",
                classes="dialog-check",
            )
            yield Checkbox(
                Text("Redact figures too ($, %, big counts)"),
                id="export-figures",
                classes="dialog-check",
                disabled=True,
            )
            yield from self.buttons("Export")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        # Follow the format with the file's suffix, unless the name was given another one.
        box = self.query_one("#export-path", Input)
        path = PurePath(box.value)
        if isinstance(event.value, str) and path.suffix in SUFFIXES.values():
            box.value = str(path.with_suffix(SUFFIXES[event.value]))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        # Figures are hidden only in a redacted export: the second box follows the first.
        if event.checkbox.id == "export-redact":
            figures = self.query_one("#export-figures", Checkbox)
            figures.disabled = not event.value
            if not event.value:
                figures.value = False

    def submit(self) -> None:
        fmt = self.query_one("#export-format", Select).value
        path = self.value("export-path")
        if not path:
            self.problem("⚠ Name the file to write.")
            return
        redact = self.query_one("#export-redact", Checkbox).value
        figures = redact and self.query_one("#export-figures", Checkbox).value
        self.dismiss(ExportRequest(str(fmt), path, redact=redact, figures=figures))


class PrepareDialog(_PathDialog):
    """Choose a job ad and where its prep sheet goes."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Prep sheet for a job ad", style="bold"))
            yield Static(
                Text("The competencies the ad asks for, a story for each, and the gaps."),
                classes="dialog-detail",
            )
            yield Label("Job ad (a text file)", classes="field-label")
            yield Input(placeholder="job-ad.txt", id="prepare-job")
            yield Label("Prep sheet (Markdown)", classes="field-label")
            yield Input("prep-sheet.md", id="prepare-path")
            yield from self.buttons("Write")

    def on_mount(self) -> None:
        self.query_one("#prepare-job", Input).focus()

    def submit(self) -> None:
        job, path = self.value("prepare-job"), self.value("prepare-path")
        if not job or not path:
            self.problem("⚠ Name the job ad and the file for the sheet.")
            return
        self.dismiss(PrepareRequest(job, path))
