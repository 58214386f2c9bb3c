"""Key bindings as readable rows, for the help screen."""

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
