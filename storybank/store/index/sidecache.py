"""Caches of what is derived from a bank's stories (such as their word counts), kept beside it.

A cache is bytes some feature made from the stories of a bank, and nothing more. Each is bound
to the exact bank file it was made from: it records the keyed digest of the bank's bytes (the
one its load took), and a recipe (how the feature made it: its code's version and rules), and
it is signed with the key kept inside the bank (HMAC-SHA256), so only who can read the bank can
make a cache its readers accept. It is read only when it is a regular file of ours that no one
else may read or change, its signature holds, and both digest and recipe are the current ones;
anything else is ignored (and the feature makes it again). Deleting one is always safe.
A cache whose every entry is keyed by a digest of what it was made from (the quality cache:
each check by its story) records a fixed word in place of the bank's digest, so that a save
leaves its other entries usable.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from pathlib import Path
from typing import NamedTuple

from storybank import __version__
from storybank.store.atomicfile import write_atomic
from storybank.store.index.quickindex import open_index_file

_MAGIC = b"storybank-cache 1\n"
# Every cache a feature keeps beside a bank, by name (so a killed writer's temp files of each
# are found and removed, and a bank that keeps no caches can name what to delete).
NAMES = ("words", "quality", "checks")
_CHECK = hashlib.sha256().digest_size


class Binding(NamedTuple):
    """What binds a cache to the bank file it was made from: the keyed digest of the file's
    bytes, and the bank's key (see savecounter)."""

    digest: bytes
    key: bytes


def cache_path(bank_path: Path, name: str) -> Path:
    """Where the cache called `name` (one of NAMES) of the bank at `bank_path` is kept."""
    if name not in NAMES:
        raise ValueError(f"no cache is called {name!r}")
    return bank_path.with_name(f"{bank_path.name}.{name}")


def _head(name: str, recipe: bytes, binding: Binding) -> bytes:
    recipe_digest = hashlib.blake2b(recipe + __version__.encode(), digest_size=16).hexdigest()
    return b"%s%s %s %s\n" % (_MAGIC, name.encode(), recipe_digest.encode(), binding.digest)


def _seal(key: bytes, head: bytes, payload: bytes | memoryview) -> bytes:
    mac = hmac.new(key, head, hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def read_cache(bank_path: Path, name: str, recipe: bytes, binding: Binding) -> bytes | None:
    """The payload of the cache `name` if it was made by `recipe` from the bank bytes that
    `binding` names, and signed with its key; None otherwise (missing, stale, foreign)."""
    try:
        fd = open_index_file(cache_path(bank_path, name))
    except OSError:
        return None
    head = _head(name, recipe, binding)
    start = len(head) + _CHECK
    try:
        size = os.fstat(fd).st_size
        front = os.pread(fd, start, 0)
        if len(front) != start or not front.startswith(head):
            return None
        # The payload is read on its own: a cache is a few MB at 10,000 stories, and a copy
        # cut from the whole file would be held with it at the reader's peak.
        payload = os.pread(fd, size - start, start)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(payload) != size - start:
        return None
    if not hmac.compare_digest(front[len(head) :], _seal(binding.key, head, payload)):
        return None
    return payload


def write_cache(
    bank_path: Path, name: str, recipe: bytes, binding: Binding, payload: bytes
) -> None:
    """Keep `payload` as the cache `name`, made by `recipe` from the bank bytes `binding`
    names; a failure only means it is made again next time."""
    head = _head(name, recipe, binding)
    with contextlib.suppress(OSError):
        write_atomic(
            cache_path(bank_path, name), head + _seal(binding.key, head, payload) + payload
        )


def remove_cache(bank_path: Path, name: str) -> None:
    """Delete the cache `name` (if there is one)."""
    with contextlib.suppress(OSError):
        cache_path(bank_path, name).unlink()
