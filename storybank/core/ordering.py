"""The order of a list of stories when nothing else decides it: ready first, then newest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from storybank.core.vocab import Status

if TYPE_CHECKING:
    from storybank.core.models import Story

# Added to a story that is not ready: more microseconds than lie between any date and 1970
# (2**60 is 36,000 years), so every ready story sorts before every other.
_NOT_READY = 1 << 60
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def default_order_key(ready: bool, updated_at: datetime) -> int:
    """How the plainest list orders stories, as one number (the quick index stores it): ready
    ones first, then the most recently changed (stories that tie keep the order they were
    given in)."""
    if updated_at.tzinfo is None:  # stored times are UTC; a bare one is read as UTC too
        updated_at = updated_at.replace(tzinfo=UTC)
    # Whole microseconds, exactly: a float timestamp loses them far from 1970.
    return (0 if ready else _NOT_READY) - (updated_at - _EPOCH) // _MICROSECOND


def in_default_order(stories: Iterable[Story]) -> list[Story]:
    """`stories` in the default order, as the app's list and `storybank list` show them."""
    return sorted(stories, key=lambda s: default_order_key(s.status is Status.READY, s.updated_at))
