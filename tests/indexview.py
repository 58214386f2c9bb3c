"""What the quick index beside a bank says, read the way the app's preview trusts it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import orjson

from storybank.core.resolver import CompetencyResolver
from storybank.store.index.quickindex import (
    StorySummary,
    current_index_document,
    read_index_bytes,
)
from storybank.store.savecounter import bank_digest, read_index_key


@dataclass(frozen=True)
class IndexView:
    """A current index: its rows as summaries, the bank's resolver, and the recorded digest."""

    stories: list[StorySummary]
    resolver: CompetencyResolver
    digest: bytes


def read_index(path: Path) -> IndexView | None:
    """The index beside the bank at `path` if it is signed and names the file as it is now."""
    try:
        doc = current_index_document(path, read_index_bytes(path))
    except (OSError, ValueError):
        return None
    if doc is None:
        return None
    stories = [StorySummary(row, n) for n, row in enumerate(doc["stories"])]
    return IndexView(
        stories, CompetencyResolver(doc["aliases"], doc["names"]), doc["digest"].encode()
    )


def digest_of(path: Path) -> bytes:
    """The keyed digest of the bank file's bytes as they are now."""
    raw = path.read_bytes()
    key = read_index_key(raw[:512])
    assert key is not None
    return bank_digest(key, raw)


def stored_docs(path: Path) -> list[object]:
    """The stored stories of the bank file, in stored order."""
    return list(orjson.loads(path.read_bytes())["stories"].values())
