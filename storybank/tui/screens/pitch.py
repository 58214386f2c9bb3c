"""The pitch screen: each part of the pitch (about you, strengths, weakness, why us, goals),
edited in place with its length and advice as you type; ctrl+s saves the part shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from storybank.core.errors import StorybankError
from storybank.core.models import utc_now
from storybank.core.pitch import PITCH_KINDS, pitch_advice, pitch_kind, pitch_seconds
from storybank.core.textsafe import one_line
from storybank.core.timing import format_duration
from storybank.practice.pitch import pitch_doc, pitch_texts
from storybank.tui.screens.base import StorybankScreen
from storybank.tui.widgets.key_bar import KeyBar
from storybank.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from storybank.store.bank import Bank
    from storybank.tui.session import BankSession


class PitchScreen(StorybankScreen[None]):
    """Write the answers every interview starts or ends with, each checked for length."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="pitch.close", tooltip="Back (asks if unsaved)"),
        Binding("ctrl+s", "save", "Save", id="pitch.save", priority=True, tooltip="Save this part"),
    ]
    HELP_TITLE = "Your pitch (P)"

    def __init__(self, session: BankSession) -> None:
        super().__init__(session)
        self.texts: dict[str, str] = {kind.id: "" for kind in PITCH_KINDS}
        self.kind = PITCH_KINDS[0].id
        self.saving = False

    def compose(self) -> ComposeResult:
        self.take_width_classes()
        yield TitleBar()
        with Horizontal(id="pitch-body"):
            yield OptionList(
                *(Option(Text(kind.question), id=kind.id) for kind in PITCH_KINDS),
                id="pitch-parts",
            )
            with Vertical(id="pitch-edit"):
                yield Static(id="pitch-hint")
                yield TextArea(id="pitch-text", soft_wrap=True)
                yield Static(id="pitch-advice")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Your pitch"
        self.query_one("#pitch-parts", OptionList).border_title = "Parts"
        self.session.change(lambda bank: pitch_texts(bank.pitch_docs()), self._loaded)

    def _loaded(self, texts: dict[str, str]) -> None:
        if not self.is_attached:
            return
        self.texts = texts
        parts = self.query_one("#pitch-parts", OptionList)
        parts.highlighted = 0
        self._show(self.kind)
        parts.focus()

    @property
    def unsaved(self) -> bool:
        """True when the part shown differs from what is stored."""
        return self.query_one("#pitch-text", TextArea).text.strip() != self.texts[self.kind]

    def _show(self, kind_id: str) -> None:
        self.kind = kind_id
        kind = pitch_kind(kind_id)
        self.query_one("#pitch-hint", Static).update(
            Text.assemble((kind.question, "bold"), "\n", (kind.hint, "dim"))
        )
        self.query_one("#pitch-text", TextArea).load_text(self.texts[kind_id])
        self._advise()

    def _advise(self) -> None:
        kind = pitch_kind(self.kind)
        text = self.query_one("#pitch-text", TextArea).text
        line = Text(f"about {format_duration(pitch_seconds(text))} to say", style="bold")
        if self.unsaved:
            line = Text("● unsaved · ", style="bold") + line
        for advice in pitch_advice(kind, text):
            line.append("\n⚠ " + one_line(advice))
        self.query_one("#pitch-advice", Static).update(line)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._advise()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        chosen = event.option.id
        if chosen is None or chosen == self.kind:
            return
        if self.unsaved:
            self.notify(
                "This part has unsaved changes: ctrl+s saves them first.",
                severity="warning",
                markup=False,
            )
            self.query_one("#pitch-parts", OptionList).highlighted = [
                kind.id for kind in PITCH_KINDS
            ].index(self.kind)
            return
        self._show(chosen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#pitch-text", TextArea).focus()

    def action_save(self) -> None:
        """Save the part shown; the text stays in the box if the save fails."""
        if self.saving:
            return
        kind, text = self.kind, self.query_one("#pitch-text", TextArea).text
        try:
            doc = pitch_doc(kind, text, utc_now())
        except ValueError as error:
            self.notify(f"Not saved: the text {error}", severity="error", markup=False)
            return

        def save(bank: Bank) -> object:
            return bank.save_pitch(kind, lambda _old: doc)

        self.saving = True
        self.session.change(save, lambda _doc: self._saved(kind, doc["text"]), self._failed)

    def _saved(self, kind: str, text: str) -> None:
        self.saving = False
        self.texts[kind] = text
        if self.is_attached:
            self._advise()
        self.notify(f"Saved {pitch_kind(kind).question}", markup=False, timeout=3)

    def _failed(self, error: StorybankError) -> None:
        self.saving = False
        self.notify(
            one_line(error.message) + " Your text is still here.",
            title=error.title,
            severity="error",
            markup=False,
        )

    def action_close(self) -> None:
        """Back to the story list, unless the part shown is unsaved."""
        if self.unsaved:
            self.notify(
                "This part has unsaved changes: ctrl+s saves them, or clear them to leave.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(None)
