"""The coverage heatmap: one line per competency with its status, count, bar and sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.message import Message

from storybank.core.models import SourceKind
from storybank.core.textsafe import one_line
from storybank.readiness.coverage import OTHER_KINDS, CompetencyRow
from storybank.tui.widgets.line_list import LineList, fit

# Status words and symbols, so a gap reads as a gap without colour too.
STATUS_LABELS = {"gap": "✗ gap", "thin": "! thin", "ok": "✓ ok"}
STATUS_WIDTH = 6
BAR_CELLS = 5


def heat_bar(count: int) -> str:
    """`count` as a short bar: one block per story, `+` past the bar's end."""
    if count > BAR_CELLS:
        return "█" * (BAR_CELLS - 1) + "+"
    return "█" * count + "·" * (BAR_CELLS - count)


def row_kinds(row: CompetencyRow) -> tuple[int, int, int]:
    """The row's stories from work, education and anywhere else."""
    other = sum(row.kinds.get(k.value, 0) for k in OTHER_KINDS)
    work = row.kinds.get(SourceKind.WORK.value, 0)
    return work, row.kinds.get(SourceKind.EDUCATION.value, 0), other


class CoverageGrid(LineList[CompetencyRow]):
    """A keyboard-driven list of competencies drawn with the line API."""

    COMPONENT_PREFIX = "coverage-grid"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "coverage-grid--header",
        "coverage-grid--cursor",
        "coverage-grid--gap",
        "coverage-grid--thin",
        "coverage-grid--ok",
        "coverage-grid--dim",
    }
    DEFAULT_CSS = """
    CoverageGrid { overflow-x: hidden; }
    CoverageGrid > .coverage-grid--header { text-style: bold; color: $text-muted; }
    CoverageGrid > .coverage-grid--cursor { background: $block-cursor-blurred-background; }
    CoverageGrid:focus > .coverage-grid--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    CoverageGrid > .coverage-grid--gap { color: $error; text-style: bold; }
    CoverageGrid > .coverage-grid--thin { color: $warning; text-style: bold; }
    CoverageGrid > .coverage-grid--ok { color: $success; }
    CoverageGrid > .coverage-grid--dim { color: $text-muted; }
    """

    class Highlighted(Message):
        """The highlighted competency changed (None when there is none)."""

        def __init__(self, row: CompetencyRow | None) -> None:
            super().__init__()
            self.row = row

    class Chosen(Message):
        """A competency was chosen with Enter or a double click."""

        def __init__(self, row: CompetencyRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty_message = "Loading…"

    @property
    def rows(self) -> Sequence[CompetencyRow]:
        """The competencies shown, in order."""
        return self.items

    @property
    def current(self) -> CompetencyRow | None:
        """The highlighted competency."""
        return self.current_item

    def show(self, rows: Sequence[CompetencyRow], keep: str | None = None) -> None:
        """Show `rows`, keeping the cursor on the competency with key `keep` when it is there."""
        self.show_items(rows, next((n for n, row in enumerate(rows) if row.key == keep), 0))

    def highlighted(self, item: CompetencyRow | None) -> None:
        self.post_message(self.Highlighted(item))

    def chosen(self, item: CompetencyRow) -> None:
        self.post_message(self.Chosen(item))

    def _layout(self, width: int) -> tuple[int, bool, bool]:
        """The name column's width, and whether the bar and the source columns fit."""
        bar = width >= 40
        kinds = width >= 58
        used = 1 + STATUS_WIDTH + 1 + self._count_width() + (1 + BAR_CELLS if bar else 0)
        used += 1 + 14 if kinds else 0
        return max(6, width - used - 1), bar, kinds

    def _count_width(self) -> int:
        """Room for the largest count (never fewer than 3 cells, the header's)."""
        return max([3, *(len(str(row.count)) for row in self.rows)])

    def render_header(self, width: int) -> Text:
        name_width, bar, kinds = self._layout(width)
        header = " " + fit("Status", STATUS_WIDTH) + " " + fit("Competency", name_width)
        header += " " + "N".rjust(self._count_width())
        if bar:
            header += " " + fit("Heat", BAR_CELLS)
        if kinds:
            header += " Work Edu Other"
        return Text(header, no_wrap=True)

    def render_item(self, item: CompetencyRow, index: int, width: int, style: Style) -> Text:
        name_width, bar, kinds = self._layout(width)
        status_style = self.component_style(item.status)
        text = Text(no_wrap=True, style=style)
        text.append(" ")
        text.append(fit(STATUS_LABELS[item.status], STATUS_WIDTH), style=status_style)
        name = one_line(item.name) + ("" if item.taxonomies else " *")
        text.append(" " + fit(name, name_width))
        text.append(f" {item.count:>{self._count_width()}}")
        if bar:
            text.append(" ")
            text.append(heat_bar(item.count), style=status_style)
        if kinds:
            work, education, other = row_kinds(item)
            text.append(f" {work:>4} {education:>3} {other:>5}")
        return text
