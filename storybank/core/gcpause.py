"""Pausing the garbage collector while many long-lived objects are made at once."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off collection passes inside the block (and restore the collector after).

    Building an index of thousands of stories makes objects that all stay alive, so the
    passes the allocations trigger find nothing to free and cost as much as the build itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
