"""Malloc settings for the long-running app (glibc only): fewer arenas, big blocks given back."""

from __future__ import annotations

import ctypes
import platform
import sys

# From glibc's malloc.h.
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


def tune_allocator() -> None:
    """Keep freed memory from piling up while a large bank is loaded, indexed and searched.

    Workers run in threads, and glibc gives each thread its own arena whose free blocks no
    other thread reuses; and once a big block has been freed glibc stops handing blocks of
    that size back to the system. Two arenas and a fixed threshold keep the app's peak a few
    megabytes lower. Elsewhere (macOS, Windows, musl) this does nothing.
    """
    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(_M_ARENA_MAX, 2)
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)
