"""The competency panel: every competency with its story count; checked ones filter the list."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from storybank.core.resolver import CompetencyResolver
from storybank.core.textsafe import one_line


class CompetencyPanel(SelectionList[str]):
    """A checklist of competencies; the list shows stories that have all the checked ones."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Competencies"

    def show(self, counts: list[tuple[str, int]], resolver: CompetencyResolver) -> None:
        """Show `counts` (name, stories), keeping what was checked when it is still there."""
        checked = set(self.selected)
        highlighted = self.highlighted
        # Refilling is not a choice by the user, so it must not re-filter the list.
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            options: list[Selection[str]] = []
            seen: set[str] = set()
            width = len(str(max((count for _, count in counts), default=0)))
            for name, count in counts:
                key = resolver.key(name)
                seen.add(key)
                # The count goes first so a narrow panel cuts the name, never the number.
                prompt = Text.assemble((f"{count:>{width}} ", "dim"), one_line(name))
                options.append(Selection(prompt, key, key in checked))
            for key in sorted(checked - seen):
                # A checked competency with no stories left stays visible so it can be unchecked.
                prompt = Text.assemble((f"{0:>{width}} ", "dim"), key)
                options.append(Selection(prompt, key, True))
            self.add_options(options)
            if highlighted is not None and self.option_count:
                self.highlighted = min(highlighted, self.option_count - 1)
