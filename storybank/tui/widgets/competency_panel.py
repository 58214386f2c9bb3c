"""The competency panel: every competency with its story count; checked ones filter the list."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from storybank.taxonomy import CompetencyResolver
from storybank.textsafe import one_line


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
            for name, count in counts:
                key = resolver.key(name)
                seen.add(key)
                prompt = Text.assemble(one_line(name), (f" {count}", "dim"))
                options.append(Selection(prompt, key, key in checked))
            for key in sorted(checked - seen):
                # A checked competency with no stories left stays visible so it can be unchecked.
                options.append(Selection(Text.assemble(key, (" 0", "dim")), key, True))
            self.add_options(options)
            if highlighted is not None and self.option_count:
                self.highlighted = min(highlighted, self.option_count - 1)
