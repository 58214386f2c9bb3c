"""What every write stamps at the head of a bank file (the save counter and the key of its
quick index), how to read it back without parsing the rest, and the keyed digest of a bank's
bytes."""

from __future__ import annotations

import hashlib
import re

# The meta document's field holding the save counter: its name is part of the file format.
SAVE_COUNTER_FIELD = "generation"
# Enough of the file to hold the meta table that storage writes first.
HEAD = 512
# The largest save counter a bank may hold (a signed 64-bit integer, which orjson reads and
# writes); a longer run of digits is no counter and makes the bank be read in full.
SAVE_COUNTER_MAX = (1 << 63) - 1
_SAVE_COUNTER_RE = re.compile(
    rb'\s*\{\s*"meta"\s*:\s*\{\s*"\d+"\s*:\s*\{[^{}]*?"generation"\s*:\s*(\d{1,19})(?![\d.eE])'
)


def read_save_counter(head: bytes) -> int | None:
    """The save counter in the first bytes of a bank file, if it has one."""
    match = _SAVE_COUNTER_RE.match(head)
    value = int(match.group(1)) if match else None
    return value if value is not None and value <= SAVE_COUNTER_MAX else None


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


# The digest of a bank file's bytes, in hex: BLAKE2b keyed with the bank's own key (~1 GB/s), so
# only who can read the bank can name the digest of a file it would trust.
DIGEST_HEX = 64


def bank_digest(key: bytes, data: bytes | memoryview) -> bytes:
    """The keyed digest of a bank file's bytes `data`, in hex (`key` as `read_index_key`)."""
    return hashlib.blake2b(data, key=key, digest_size=DIGEST_HEX // 2).hexdigest().encode()


class Digester:
    """A keyed digest fed piece by piece, for a bank read in chunks."""

    def __init__(self, key: bytes) -> None:
        self._hash = hashlib.blake2b(key=key, digest_size=DIGEST_HEX // 2)

    def update(self, data: bytes) -> None:
        """Add the next bytes of the file."""
        self._hash.update(data)

    def hexdigest(self) -> bytes:
        """As `bank_digest` of every byte added."""
        return self._hash.hexdigest().encode()
