"""The list an app shows while its bank loads: from the quick index, light on memory.

The bank itself is read and validated next, and that is when the app's memory peaks; keeping
thousands of parsed summaries alive through it would add to that peak. So the list keeps only
where each row lies in the index file and the order to show them in, and reads a row when it is
shown.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import orjson

from storybank.core.gcpause import gc_paused
from storybank.store.index.quickindex import (
    StorySummary,
    current_index_head,
    open_index,
    row_starts,
)

_CACHE_SIZE = 512


class PreviewList(Sequence[StorySummary]):
    """Unarchived stories in the order the loaded bank will show them, each read when asked."""

    def __init__(self, fd: int, starts: array[int], order: array[int], total: int) -> None:
        self._fd = fd
        self._starts = starts  # row n lies at starts[n] : starts[n + 1] - 1 (a comma follows)
        self._order = order
        self.total = total  # stories in the bank, archived ones included
        self._cache: OrderedDict[int, StorySummary] = OrderedDict()
        weakref.finalize(self, _close, fd)

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> StorySummary: ...

    @overload
    def __getitem__(self, index: slice) -> list[StorySummary]: ...

    def __getitem__(self, index: int | slice) -> StorySummary | list[StorySummary]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        position = self._order[index]
        found = self._cache.get(position)
        if found is None:
            try:
                row = self._read_row(position)
            except (OSError, ValueError, orjson.JSONDecodeError):
                # Drawn on screen: a row that cannot be read shows as such, never a traceback.
                row = [f"s-{position:06d}", "(this story could not be read yet)", "work", "",
                       [], [], False, False, "1970-01-01T00:00:00+00:00"]  # fmt: skip
            found = StorySummary(row, position)
            self._cache[position] = found
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def _read_row(self, position: int) -> list[Any]:
        start, end = self._starts[position], self._starts[position + 1] - 1
        # The file stays open, so a save that replaces the index meanwhile cannot move a row.
        row = orjson.loads(os.pread(self._fd, end - start, start))
        if not isinstance(row, list):
            raise ValueError("an index row that is not a list")
        return row


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def read_preview(bank_path: Path) -> PreviewList | None:
    """The preview list of the bank at `bank_path` from its quick index, if that is current."""
    try:
        fd = open_index(bank_path)
    except OSError:
        return None
    try:
        preview = _preview(bank_path, fd)
    except (OSError, ValueError, KeyError, TypeError, IndexError, orjson.JSONDecodeError):
        preview = None
    if preview is None:
        _close(fd)
    return preview


def _preview(bank_path: Path, fd: int) -> PreviewList | None:
    """Order the index's rows as the loaded bank will, and note where each row lies (from the
    index's columns: no row is parsed until it is drawn)."""
    raw = os.pread(fd, os.fstat(fd).st_size, 0)
    with gc_paused():  # everything parsed here is dropped before this returns
        doc = current_index_head(bank_path, raw)
        if doc is None:
            return None
        found = row_starts(raw, doc)
        if found is None:
            return None
        places: list[int] = doc["places"]
        archived = set(doc["archived"])
        shown = [n for n in range(len(places)) if n not in archived]
        # A stable sort: stories that tie keep file order, as in the loaded bank's list.
        order = sorted(shown, key=places.__getitem__)
        return PreviewList(fd, array("Q", found), array("I", order), len(places))
