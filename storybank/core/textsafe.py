"""Make bank text safe for a terminal: control characters become visible, never act."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (0x9b is a one-byte CSI on some
# terminals). Escape sequences start with one of these, so showing them defuses every sequence.
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) are shown too: on a
# terminal that lays out right-to-left text they would reorder what follows them, so a story
# could make one line read as another. Right-to-left letters themselves are kept as they are.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The same characters as they are written in UTF-8: DEL, the C1 controls (U+0080-U+009F) and
# the bidi controls (U+202A-U+202E, U+2066-U+2069).
_C1_UTF8_RE = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture", e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def for_terminal(text: str) -> str:
    """`text` with every control character shown as a harmless symbol (tabs and newlines kept)."""
    if text.isprintable():
        return text  # every character it changes is a control or a format character
    return _CONTROL_RE.sub(_visible, text)


def one_line(text: str) -> str:
    """`text` for a single-line cell: line breaks become spaces, controls become visible."""
    if text.isprintable():
        return text  # no line break, tab or control: a list prints tens of thousands of cells
    return for_terminal(text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))


def json_for_terminal(data: bytes) -> bytes:
    """UTF-8 JSON with DEL, C1 and bidi controls escaped as \\uXXXX (still the same JSON value:
    they can only be inside its strings)."""
    # Each of them starts with one of three bytes: three quick scans clear most outputs.
    if b"\x7f" not in data and b"\xc2" not in data and b"\xe2" not in data:
        return data
    return _C1_UTF8_RE.sub(_escaped, data)


def _escaped(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode())
