"""The save counter every write stamps at the head of a bank file, and how to read it back."""

from __future__ import annotations

import re

# Enough of the file to hold the meta table that storage writes first.
HEAD = 512
_GENERATION_RE = re.compile(
    rb'\s*\{\s*"meta"\s*:\s*\{\s*"\d+"\s*:\s*\{[^{}]*?"generation"\s*:\s*(\d+)'
)


def read_generation(head: bytes) -> int | None:
    """The save counter in the first bytes of a bank file, if it has one."""
    match = _GENERATION_RE.match(head)
    return int(match.group(1)) if match else None
