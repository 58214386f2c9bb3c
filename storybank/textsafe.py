"""Make bank text safe for a terminal: control characters become visible, never act."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (0x9b is a one-byte CSI on some
# terminals). Escape sequences start with one of these, so showing them defuses every sequence.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1_RE = re.compile(r"[\x7f-\x9f]")


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
    """JSON text with DEL and C1 characters escaped as \\uXXXX (still the same JSON value)."""
    return _C1_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
