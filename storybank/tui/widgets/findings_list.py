"""The editor's live quality findings: one line each, naming the part and what to change."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from storybank.core.textsafe import one_line
from storybank.quality.check import UNSILENCEABLE, Report
from storybank.quality.score import READY_SCORE

# An option's id: the rule it is about (silenced ones are marked so the key brings them back).
_SILENCED = "silenced:"


def report_title(report: Report) -> str:
    """The panel's title: the score, whether it is strong enough, and how many findings."""
    if report.strong:
        verdict = "strong"
    elif report.score >= READY_SCORE:
        verdict = "a draft"
    else:
        verdict = f"weak, below {READY_SCORE}"
    count = len(report.findings)
    return f"Check: {report.score}/100 ({verdict}) · {count} to fix"


class FindingsList(OptionList):
    """The findings of the story being written; `s` silences the highlighted one's rule (or
    brings a silenced one back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "toggle_silence",
            "Silence rule",
            id="editor.silence",
            tooltip="Turn the highlighted finding's rule off (or back on) for this story",
        ),
    ]

    class SilenceToggled(Message):
        """The user asked to silence a rule, or to bring a silenced one back."""

        def __init__(self, rule: str, silence: bool) -> None:
            super().__init__()
            self.rule = rule
            self.silence = silence

    def show_report(self, report: Report) -> None:
        """Show `report`'s findings (then its silenced ones), keeping the highlight's place."""
        keep = self.highlighted
        options: list[Option] = []
        for finding in report.findings:
            text = Text(no_wrap=True, overflow="ellipsis")
            text.append(f"{finding.part}: ", style="bold")
            text.append(one_line(finding.change))
            options.append(Option(text, id=f"{finding.rule}#{len(options)}"))
        for rule in dict.fromkeys(f.rule for f in report.silenced):
            text = Text(f"silenced: {rule} (s brings it back)", style="dim", no_wrap=True)
            options.append(Option(text, id=f"{_SILENCED}{rule}"))
        if not options:
            options.append(
                Option(Text("Nothing to fix: the check found no problem."), disabled=True)
            )
        self.set_options(options)
        self.border_title = report_title(report)
        if keep is not None and options:
            self.highlighted = min(keep, len(options) - 1)

    def action_toggle_silence(self) -> None:
        """Silence the highlighted finding's rule, or bring a silenced rule back."""
        index = self.highlighted
        if index is None:
            return
        option_id = self.get_option_at_index(index).id
        if not option_id:
            return
        if option_id.startswith(_SILENCED):
            self.post_message(self.SilenceToggled(option_id[len(_SILENCED) :], False))
        elif (rule := option_id.partition("#")[0]) in UNSILENCEABLE:
            self.notify(
                "A missing part cannot be silenced: write it, or keep the story as a draft.",
                markup=False,
            )
        else:
            self.post_message(self.SilenceToggled(rule, True))
