"""Finding a record by its id or a unique start of it: one rule for stories and the loop's
records (`s-3f`, `3f`, `a-9c`…), with one-line errors that say what to type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from storybank.core.errors import StorybankError

T = TypeVar("T")


def by_prefix(
    records: Mapping[str, T],
    ref: str,
    *,
    prefix: str,
    word: str,
    words: str,
    listed_by: str,
    error: type[StorybankError],
) -> T:
    """The record whose id is `ref`, or the one whose id starts with it (`prefix` such as
    `s-` may be left out); `error` in one line when none or several match."""
    found = records.get(ref)
    if found is not None:
        return found
    wanted = ref.strip().lower()
    if wanted and not wanted.startswith(prefix):
        wanted = prefix + wanted
    matches = [r for rid, r in records.items() if wanted and rid.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise error(f"“{ref}” matches {len(matches)} {words}; type more of the id")
    raise error(f"No {word} has the id “{ref}”. `{listed_by}` shows ids")
