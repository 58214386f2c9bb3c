"""The story editor: every field, inline validation, live timing, $EDITOR and a save guard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import click
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static, TextArea

from storybank.core.errors import (
    ConflictError,
    FieldProblem,
    StorybankError,
    StoryNotFoundError,
    StoryValidationError,
)
from storybank.core.fields import (
    BY_NAME,
    FIELDS,
    Shape,
    flat_values,
    join_labels,
    nest,
    split_labels,
)
from storybank.core.models import TEXT_PARTS, SourceKind, Story, revise, validate_story
from storybank.core.taxonomy import PLAIN, CompetencyResolver, canonical_story
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import format_duration, time_parts
from storybank.quality.check import Report, check_story
from storybank.tui.declared import PaletteCommand
from storybank.tui.external_editor import EditorFailed, with_editor
from storybank.tui.screens.confirm import UnsavedScreen
from storybank.tui.screens.form import FormScreen
from storybank.tui.widgets.findings_list import FindingsList
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.suggest import ListItemSuggester
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.tui.session import BankSession

# How long typing must pause before the check runs again: it takes about a millisecond for a
# usual story, and never runs between two keys typed quickly.
CHECK_DELAY = 0.35

# Every field the form edits, from the one field map: a line or a list of labels is an Input,
# a STAR part a TextArea, the kind a Select.
ALL_FIELDS = tuple(field.name for field in FIELDS)
INPUT_FIELDS = tuple(f.name for f in FIELDS if f.shape in (Shape.LINE, Shape.LABELS))
AREA_FIELDS = tuple(f.name for f in FIELDS if f.shape is Shape.TEXT)  # STAR parts, cue notes


def part_hint(part: str) -> str:
    """What to write in a STAR part, under its box."""
    hint = BY_NAME[part].hint
    return f"{hint} (optional)" if part == "reflection" else hint


def widget_id(field: str) -> str:
    """The id of the widget that edits `field` (dots are not allowed in ids)."""
    return "f-" + field.replace(".", "-")


def error_id(field: str) -> str:
    """The id of the message line under `field`."""
    return "error-" + field.replace(".", "-")


class EditorScreen(FormScreen[Story | None]):
    """Write a new story or edit one; ctrl+s saves, esc leaves (asking if anything is unsaved).

    It closes with the story as last saved (None when nothing was saved).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "save", "Save", id="editor.save", priority=True, tooltip="Save the story"
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="editor.close",
            tooltip="Back to the list (asks if unsaved)",
        ),
        # Tab moves the focus when it arrives, before the keys behind it are handed out: a
        # burst of text (a paste without brackets, a text expander) would otherwise go on
        # into the field it left.
        Binding("tab", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
        Binding(
            "f2",
            "focus_findings",
            "Findings",
            id="editor.findings",
            priority=True,
            tooltip="Go to the check's findings (s silences one, enter goes to its part)",
        ),
        Binding(
            "ctrl+e",
            "external_editor",
            "$EDITOR",
            id="editor.external",
            priority=True,
            tooltip="Edit the focused field in $EDITOR",
        ),
    ]
    HELP_TITLE = "Editing a story"
    PALETTE = (
        PaletteCommand("editor: Save", "Save the story (ctrl+s)", "save"),
        PaletteCommand("editor: Save as a new story", "Keep the original as it is", "save_as_new"),
        PaletteCommand("editor: Open in $EDITOR", "The focused field (ctrl+e)", "external_editor"),
        PaletteCommand("editor: Close", "Back to the list; asks if unsaved (esc)", "close"),
    )

    def __init__(self, session: BankSession, story: Story | None) -> None:
        super().__init__(session)
        self.original = story
        self.saved: Story | None = None  # what this editor saved last, handed back on closing
        self._initial: dict[str, str] = {}
        self._checking = False
        self._close_after_save = False
        self.saving = False
        # The rules silenced for this story: saved with it, changed with `s` on a finding.
        self.silenced: list[str] = list(story.silenced) if story is not None else []
        self._initial_silenced = list(self.silenced)
        self.report: Report | None = None
        self._check_timer: Timer | None = None

    # Layout -------------------------------------------------------------------------------

    def _values(self, story: Story | None) -> dict[str, str]:
        """What each field shows for `story` (control characters made visible)."""
        shown = {}
        for name, value in flat_values(story).items():
            text = join_labels(value) if BY_NAME[name].shape is Shape.LABELS else value
            shown[name] = for_terminal(text)
        return shown

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        shown = self._values(self.original)
        names = self.session.snapshot
        competencies = names.competency_names if names else ()
        tags = names.tag_names if names else ()
        yield TitleBar()
        with VerticalScroll(id="form"):
            yield Label("Title", classes="field-label")
            # No field selects its text when focused: keys typed right after `e` or Tab (a fast
            # typist, a paste) then go after the text instead of silently replacing it.
            yield Input(
                shown["title"],
                id=widget_id("title"),
                placeholder="One line, required",
                select_on_focus=False,
            )
            yield Static(id=error_id("title"), classes="error")
            yield Label("Hook", classes="field-label")
            yield Input(
                shown["hook"],
                id=widget_id("hook"),
                placeholder="A one-line opener",
                select_on_focus=False,
            )
            yield Static(id=error_id("hook"), classes="error")
            # Wide screens put the source, competencies and tags beside the STAR parts.
            with Horizontal(id="form-columns"):
                with Vertical(id="form-parts"):
                    for part in TEXT_PARTS:
                        yield Static(
                            self._part_label(part, 0), id=f"label-{part}", classes="field-label"
                        )
                        area = TextArea(shown[part], id=widget_id(part), soft_wrap=True)
                        area.border_subtitle = part_hint(part)
                        yield area
                        yield Static(id=error_id(part), classes="error")
                with Vertical(id="form-meta"):
                    with Horizontal(id="source-row"):
                        with Vertical(classes="source-kind"):
                            yield Label("Source", classes="field-label")
                            yield Select(
                                [(kind.value, kind.value) for kind in SourceKind],
                                value=shown["source.kind"],
                                allow_blank=False,
                                id=widget_id("source.kind"),
                            )
                        for field, label, hint in (
                            ("source.organization", "Organization", "Acme, a school, a club"),
                            ("source.role", "Role", "Your role there"),
                            ("source.when", "When", "2023, 2023-04, 2021-2023"),
                        ):
                            with Vertical(classes="source-field"):
                                yield Label(label, classes="field-label")
                                yield Input(
                                    shown[field],
                                    id=widget_id(field),
                                    placeholder=hint,
                                    select_on_focus=False,
                                )
                    for field in (
                        "source.kind",
                        "source.organization",
                        "source.role",
                        "source.when",
                    ):
                        yield Static(id=error_id(field), classes="error")
                    yield Label("Competencies (comma-separated)", classes="field-label")
                    competency_input = Input(
                        shown["competencies"],
                        id=widget_id("competencies"),
                        placeholder="Leadership, Conflict resolution",
                        suggester=ListItemSuggester(competencies),
                        select_on_focus=False,
                    )
                    competency_input.border_subtitle = "→ takes the suggestion"
                    yield competency_input
                    yield Static(id="competency-names", classes="hint")
                    yield Static(id=error_id("competencies"), classes="error")
                    yield Label("Tags (comma-separated)", classes="field-label")
                    yield Input(
                        shown["tags"],
                        id=widget_id("tags"),
                        placeholder="oncall, migration",
                        suggester=ListItemSuggester(tags),
                        select_on_focus=False,
                    )
                    yield Static(id=error_id("tags"), classes="error")
                    yield Label("Cue notes (to practise from)", classes="field-label")
                    cue = TextArea(shown["cue_notes"], id=widget_id("cue_notes"), soft_wrap=True)
                    cue.border_subtitle = part_hint("cue_notes")
                    yield cue
                    yield Static(id=error_id("cue_notes"), classes="error")
            yield Static(id="error-story", classes="error")
        yield FindingsList(id="findings")
        yield Static(id="timing")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "New story" if self.original is None else "Edit story"
        self.sub_title = "" if self.original is None else one_line(self.original.title)
        self._initial = self._form()
        for widget in self.query(".error"):
            widget.display = False
        self._update_timing()
        self._update_competency_names()
        self.run_check()
        # At once (Widget.focus waits for the next turn of the loop): keys typed right after
        # n or e are already on their way (see on_key).
        self.set_focus(self.query_one(f"#{widget_id('title')}", Input), scroll_visible=False)

    # Reading the form ---------------------------------------------------------------------

    def _form(self) -> dict[str, str]:
        """Every field's current text."""
        values: dict[str, str] = {}
        for field in INPUT_FIELDS:
            values[field] = self.query_one(f"#{widget_id(field)}", Input).value
        for part in AREA_FIELDS:
            values[part] = self.query_one(f"#{widget_id(part)}", TextArea).text
        kind = self.query_one(f"#{widget_id('source.kind')}", Select).value
        values["source.kind"] = str(kind) if isinstance(kind, str) else SourceKind.WORK.value
        return values

    @property
    def dirty(self) -> bool:
        """True when the form differs from what was last loaded or saved."""
        return self._form() != self._initial or self.silenced != self._initial_silenced

    @property
    def unsaved(self) -> bool:
        """True when the form holds changes not saved yet."""
        return self.dirty

    def _kept(self, form: dict[str, str]) -> dict[str, Any]:
        """The original's exact values of the fields the form still holds as they were loaded.

        A field is shown with its control characters made visible, and a widget may normalize
        what it is given (line endings, say), so its text is compared with what the widget held
        right after loading, and an untouched field keeps the original's value byte for byte,
        lists of labels included.
        """
        if self.original is None:
            return {}
        return {
            field: value
            for field, value in flat_values(self.original).items()
            if form[field] == self._initial[field]
        }

    def build_story(self, *, as_new: bool = False) -> Story:
        """The story the form describes, or StoryValidationError with each field's problem."""
        form = self._form()
        typed: dict[str, Any] = {
            name: split_labels(text) if BY_NAME[name].shape is Shape.LABELS else text
            for name, text in form.items()
        }
        data = nest(typed | self._kept(form))
        if self.silenced != list(self.original.silenced if self.original else []):
            data["silenced"] = list(self.silenced)
        if self.original is None or as_new:
            story = validate_story(data)
        else:
            story = revise(self.original, **data)
        return canonical_story(story, self._resolver())

    def _resolver(self) -> CompetencyResolver:
        """The bank's competency resolver (names and aliases of its active taxonomies)."""
        snapshot = self.session.snapshot
        return snapshot.index.resolver if snapshot is not None else PLAIN

    def _update_competency_names(self) -> None:
        """Under the competencies, the names they will be saved under, when any differs."""
        typed = split_labels(self.query_one(f"#{widget_id('competencies')}", Input).value)
        names = self._resolver().canonical_names(typed)
        hint = self.query_one("#competency-names", Static)
        if names == typed:
            hint.display = False
            return
        hint.update(Text(f"Saved as: {', '.join(names)}"))
        hint.display = True

    # Live feedback ------------------------------------------------------------------------

    def _part_label(self, part: str, words: int) -> Text:
        name = BY_NAME[part].label
        text = Text(name, style="bold")
        if words:
            seconds = round(words * 60 / 140)
            text.append(f"  {words} words · {format_duration(seconds)}", style="dim")
        return text

    def _update_timing(self) -> None:
        form = self._form()
        timing = time_parts({part: form[part] for part in TEXT_PARTS})
        for part in TEXT_PARTS:
            label = self._part_label(part, timing.words[part])
            self.query_one(f"#label-{part}", Static).update(label)
        missing = [part for part in TEXT_PARTS[:4] if not form[part].strip()]
        text = Text()
        if self.dirty:
            text.append("● unsaved · ", style="bold")
        text.append(
            f"{timing.total_words} words ≈ {format_duration(timing.total_seconds)} spoken",
            style="bold",
        )
        if missing:
            text.append(f" · draft (missing {', '.join(missing)})", style="dim")
        else:
            text.append(" · ready", style="dim")
        text.append("\n")
        text.append(timing.hint, style="italic")
        self.query_one("#timing", Static).update(text)

    def _form_story(self) -> Story:
        """The story the form holds now, unvalidated (for the check only: it never fails)."""
        form = self._form()
        typed: dict[str, Any] = {
            name: split_labels(text) if BY_NAME[name].shape is Shape.LABELS else text
            for name, text in form.items()
            if not name.startswith("source.")
        }
        story_id = self.original.id if self.original is not None else "s-000000"
        return Story.model_construct(id=story_id, silenced=list(self.silenced), **typed)

    def run_check(self) -> None:
        """Check the story as it stands and show the findings."""
        self._check_timer = None
        if not self._initial:  # not composed and loaded yet (or already closing)
            return
        self.report = check_story(self._form_story())
        self.query_one(FindingsList).show_report(self.report)

    def on_unmount(self) -> None:
        # A check still waiting for typing to pause would keep the closed editor alive.
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None

    def _schedule_check(self) -> None:
        """Check again once typing pauses (each key pushes the check back)."""
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.run_check)

    def action_focus_findings(self) -> None:
        """Go to the findings (the check runs first, so they are current)."""
        self.run_check()
        findings = self.query_one(FindingsList)
        findings.focus()
        if findings.highlighted is None and findings.option_count:
            findings.highlighted = 0  # so enter and s act on a finding at once

    def on_option_list_option_selected(self, event: FindingsList.OptionSelected) -> None:
        """Enter on a finding: go to the part it names."""
        event.stop()
        place = (event.option.id or "").partition("#")[2]
        findings = self.report.findings if self.report is not None else ()
        finding = findings[int(place)] if place.isdigit() and int(place) < len(findings) else None
        if finding is None:
            return
        part = {"story": "action", "competencies": "competencies"}.get(finding.part, finding.part)
        if part in ALL_FIELDS:
            self.query_one(f"#{widget_id(part)}").focus()

    def on_findings_list_silence_toggled(self, event: FindingsList.SilenceToggled) -> None:
        event.stop()
        if event.silence and event.rule not in self.silenced:
            self.silenced.append(event.rule)
            said = f"Silenced “{event.rule}” for this story; ctrl+s saves it."
        elif not event.silence and event.rule in self.silenced:
            self.silenced.remove(event.rule)
            said = f"“{event.rule}” is checked again; ctrl+s saves it."
        else:
            return
        self.notify(said, markup=False, timeout=3)
        self.run_check()
        self._update_timing()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == widget_id("competencies") and self.is_mounted:
            self._update_competency_names()
        self._changed()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._changed()

    def _changed(self) -> None:
        if not self.is_mounted or not self._initial:
            return
        self._update_timing()
        self._schedule_check()
        if self._checking:
            # After a refused save, messages follow the typing so people see them clear.
            try:
                self.build_story()
            except StoryValidationError as error:
                self.show_problems(error.problems)
            else:
                self.show_problems([])

    def show_problems(self, problems: list[FieldProblem]) -> None:
        """Put each message beside its field (anything else goes under the form)."""
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            field = problem.field if problem.field in ALL_FIELDS else "story"
            if problem.field.startswith("competencies"):
                field = "competencies"
            elif problem.field.startswith("tags"):
                field = "tags"
            by_field.setdefault(field, []).append(problem.message)
        for field in (*ALL_FIELDS, "story"):
            widget = self.query_one(f"#{error_id(field)}", Static)
            messages = by_field.get(field, [])
            widget.update(Text("\n".join(f"⚠ {m}" for m in messages)))
            widget.display = bool(messages)
            if field != "story":
                self.query_one(f"#{widget_id(field)}").set_class(bool(messages), "-invalid")

    # Actions ------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Validate, then save in the background; the form keeps every word if it fails."""
        self._save(as_new=False)

    def action_save_as_new(self) -> None:
        """Save the form as a new story (the way out when the original changed elsewhere)."""
        self._save(as_new=True)

    def _save(self, *, as_new: bool) -> None:
        if self.saving:
            return
        try:
            story = self.build_story(as_new=as_new)
        except StoryValidationError as error:
            self._checking = True
            self.show_problems(error.problems)
            self._close_after_save = False
            first = error.problems[0].field if error.problems else "title"
            if first in ALL_FIELDS:
                self.query_one(f"#{widget_id(first)}").focus()
            self.notify(
                "Please fix the marked fields; nothing was saved yet.",
                severity="warning",
                markup=False,
            )
            return
        self.show_problems([])
        self.saving = True
        original = self.original
        if original is None or as_new:
            self.session.change(lambda bank: bank.add(story), self._saved, self._save_failed)
        else:
            self.session.change(
                lambda bank: bank.update(story, expected=original),
                self._saved,
                self._save_failed,
            )

    def _saved(self, story: Story) -> None:
        self.saving = False
        self.original = self.saved = story
        self._initial = self._form()
        self._initial_silenced = list(self.silenced)
        self._update_timing()
        self.title = "Edit story"  # a new story, once saved, is edited from then on
        self.sub_title = one_line(story.title)
        state = "ready" if not story.missing_parts else "draft"
        self.notify(f"Saved “{one_line(story.title)}” ({state}).", markup=False, timeout=3)
        if self._close_after_save:
            self.dismiss(story)

    def _save_failed(self, error: StorybankError) -> None:
        self.saving = False
        self._close_after_save = False
        self.notify(
            one_line(error.message) + " Your text is still here.",
            title=error.title,
            severity="error",
            markup=False,
            timeout=10,
        )
        message = f"⚠ Not saved: {one_line(error.message)}"
        if isinstance(error, ConflictError | StoryNotFoundError):
            message += "\n  To keep both versions: ctrl+p, then “editor: Save as a new story”."
        box = self.query_one("#error-story", Static)
        box.update(Text(message))
        box.display = True

    def action_close(self) -> None:
        """Leave the editor, asking first if there are unsaved changes."""
        self.leave(then=lambda: self.dismiss(self.saved))

    def leave(self, then: Callable[[], object]) -> None:
        """Run `then` now if nothing is unsaved, else after the save/discard/keep question."""
        if not self.dirty:
            then()
            return

        def answered(choice: str | None) -> None:
            if choice == "discard":
                then()
            elif choice == "save":
                self._close_after_save = True
                self.action_save()

        self.app.push_screen(UnsavedScreen(), answered)

    def action_external_editor(self) -> None:
        """Edit the focused text field in $EDITOR and put the result back."""
        widget = self.focused
        if isinstance(widget, TextArea):
            text = widget.text
        elif isinstance(widget, Input):
            text = widget.value
        else:
            self.notify("Focus a text field first.", severity="warning", markup=False)
            return
        try:
            edited = with_editor(
                self.app, lambda: click.edit(text, extension=".md", require_save=True)
            )
        except EditorFailed as error:
            self.notify(error.message, severity="error", markup=False)
            return
        if edited is None:
            return
        if isinstance(widget, TextArea):
            widget.load_text(edited.rstrip("\n"))
        else:
            widget.value = one_line(edited.strip())
        self._changed()
