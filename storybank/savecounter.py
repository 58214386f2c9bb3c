"""The save counter every write stamps at the head of a bank file, and how to read it back."""

from __future__ import annotations

import re

# Enough of the file to hold the meta table that storage writes first.
HEAD = 512
# The largest save counter a bank may hold (a signed 64-bit integer, which orjson reads and
# writes); a longer run of digits is no counter and makes the bank be read in full.
GENERATION_MAX = (1 << 63) - 1
_GENERATION_RE = re.compile(
    rb'\s*\{\s*"meta"\s*:\s*\{\s*"\d+"\s*:\s*\{[^{}]*?"generation"\s*:\s*(\d{1,19})(?![\d.eE])'
)


def read_generation(head: bytes) -> int | None:
    """The save counter in the first bytes of a bank file, if it has one."""
    match = _GENERATION_RE.match(head)
    value = int(match.group(1)) if match else None
    return value if value is not None and value <= GENERATION_MAX else None
