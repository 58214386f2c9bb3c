"""Helpers that make a race's window certain: another writer's save lands at a chosen moment."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storybank.core.models import Story, revise
from storybank.store import bank as store, locking
from storybank.store.bank import Bank

# A story dated ahead: written on a machine whose clock runs fast, or imported.
FUTURE = datetime(2999, 1, 1, tzinfo=UTC)


def land_before_lock(
    monkeypatch: pytest.MonkeyPatch, path: Path, edit: Callable[[Bank], object]
) -> list[object]:
    """Make `edit`, run by another storybank on `path`, save just before the next writer in
    this process takes the lock; returns what the edit returned, once it ran."""
    real = locking.bank_lock
    waiting = [edit]
    results: list[object] = []

    @contextlib.contextmanager
    def other_writer_first(bank: Path, timeout: float) -> Iterator[None]:
        if waiting:
            results.append(waiting.pop()(Bank(path)))  # its own writes take the real lock
        with real(bank, timeout):
            yield

    monkeypatch.setattr(store, "bank_lock", other_writer_first)
    return results


def their_task(story_id: str, task: str) -> Callable[[Bank], Story]:
    """Another storybank's edit: a new task for one story."""
    return lambda other: other.update(revise(other.get(story_id), task=task))
