"""What every write stamps at the head of a bank file (the save counter and the key of its
quick index), and how to read it back without parsing the rest."""

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


# The meta document's field holding the secret the quick index beside the bank is signed with:
# only who can read the bank (its owner) can make an index the bank's readers accept.
INDEX_KEY = "index_key"
KEY_HEX = 64
_INDEX_KEY_RE = re.compile(
    rb'\s*\{\s*"meta"\s*:\s*\{\s*"\d+"\s*:\s*\{[^{}]*?"index_key"\s*:\s*"([0-9a-f]{64})"'
)


def read_index_key(head: bytes) -> bytes | None:
    """The quick index's key in the first bytes of a bank file, if it has one."""
    match = _INDEX_KEY_RE.match(head)
    return match.group(1) if match else None


def valid_index_key(value: object) -> bool:
    """True when `value` is a key as stamped: 64 lowercase hex digits."""
    return (
        isinstance(value, str)
        and len(value) == KEY_HEX
        and all(c in "0123456789abcdef" for c in value)
    )
