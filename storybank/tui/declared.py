"""What a screen declares about itself, from which the help and the command palette are built."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import BindingType

from storybank.tui.bindings_text import binding_rows


@dataclass(frozen=True)
class PaletteCommand:
    """One command palette entry: its namespaced title, what it does, and its action."""

    title: str
    help: str
    action: str


@dataclass(frozen=True)
class KeySection:
    """One part of the help: where the keys work, and (keys, description) rows."""

    title: str
    rows: tuple[tuple[str, str], ...]


class Declared:
    """Mixed into screens (and the app): the help section and palette commands they offer."""

    BINDINGS: ClassVar[list[BindingType]]
    HELP_TITLE: ClassVar[str] = ""
    """The help section of this class's keys (none when empty)."""
    HELP_EXTRA: ClassVar[tuple[tuple[str, str], ...]] = ()
    """Rows the bindings do not show, such as keys handled by a widget."""
    PALETTE: ClassVar[tuple[PaletteCommand, ...]] = ()
    """The palette commands that run on this screen (or, for the app, anywhere)."""

    @classmethod
    def key_sections(cls) -> list[KeySection]:
        """The help sections for this class's keys."""
        if not cls.HELP_TITLE:
            return []
        return [KeySection(cls.HELP_TITLE, (*binding_rows(cls.BINDINGS), *cls.HELP_EXTRA))]


def merge_sections(sections: Iterable[KeySection]) -> list[KeySection]:
    """`sections` in order, with neighbours of the same title joined into one."""
    merged: list[KeySection] = []
    for section in sections:
        if merged and merged[-1].title == section.title:
            merged[-1] = KeySection(section.title, (*merged[-1].rows, *section.rows))
        else:
            merged.append(section)
    return merged


def help_sections(declared: Sequence[type[Declared]]) -> list[KeySection]:
    """The help for these classes, in this order."""
    return merge_sections(section for cls in declared for section in cls.key_sections())
