"""Make bank text safe for a terminal: control characters become visible, never act."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (0x9b is a one-byte CSI on some
# terminals). Escape sequences start with one of these, so showing them defuses every sequence.
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are shown too: on a
# terminal that lays out right-to-left text they would reorder what follows them, so a story
# could make one line read as another. Right-to-left letters themselves are kept as they are.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_C1_RE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def for_terminal(text: str) -> str:
    """`text` with every control character shown as a harmless symbol (tabs and newlines kept)."""
    return _CONTROL_RE.sub(_visible, text)


def one_line(text: str) -> str:
    """`text` for a single-line cell: line breaks become spaces, controls become visible."""
    return for_terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def json_for_terminal(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls escaped as \\uXXXX (still the same JSON value)."""
    return _C1_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
