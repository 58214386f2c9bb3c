"""Every key binding as readable rows, for the help screen."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "delete": "del",
}


def key_label(key: str) -> str:
    """`question_mark,slash` as `? /`."""
    return " ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, description) for each binding that has a description."""
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            rows.append((key_label(binding.key), binding.tooltip or binding.description))
    return rows


def key_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys of each screen, in the order people meet them."""
    # Imported here: the screens import the help screen, which imports this module.
    from storybank.tui.app import StorybankApp
    from storybank.tui.screens.confirm import ConfirmScreen, UnsavedScreen
    from storybank.tui.screens.coverage import CoverageScreen
    from storybank.tui.screens.editor import EditorScreen
    from storybank.tui.screens.main import MainScreen
    from storybank.tui.screens.questions import QuestionsScreen
    from storybank.tui.widgets.story_list import StoryList

    everywhere = [
        *binding_rows(StorybankApp.BINDINGS),
        ("ctrl+p", "Command palette (every action by name)"),
    ]
    return [
        ("Everywhere", everywhere),
        ("Story list", binding_rows(MainScreen.BINDINGS)),
        ("Moving in the list", [*binding_rows(StoryList.BINDINGS), ("enter", "Edit the story")]),
        ("Editing a story", binding_rows(EditorScreen.BINDINGS)),
        ("Coverage (g)", [*binding_rows(CoverageScreen.BINDINGS), ("← →", "Switch panes")]),
        ("Which story? (w)", binding_rows(QuestionsScreen.BINDINGS)),
        ("Dialogs", [*binding_rows(ConfirmScreen.BINDINGS), *binding_rows(UnsavedScreen.BINDINGS)]),
    ]
