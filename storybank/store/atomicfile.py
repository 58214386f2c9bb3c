"""Crash-safe file writes: a temp file in the same folder, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

TEMP_SUFFIX = ".tmp"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def temp_prefix(path: Path) -> str:
    """The name prefix of temp files written for `path` (so a later start can find strays)."""
    return f".{path.name}."


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` and any missing parents, owner-only, and make their creation durable.

    `mkdir -p` would give missing parents the default mode, so each is made here in turn.
    """
    if folder.is_dir():
        return
    missing = [folder, *(p for p in folder.parents if not p.exists())]
    for created in reversed(missing):
        try:
            created.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue
        # A new folder is only a directory entry in its parent until the parent is synced.
        fsync_dir(created.parent)


def readable_by_others(path: Path) -> bool:
    """True if users other than the owner may read `path` (always False where modes mean little)."""
    if os.name != "posix":
        return False
    try:
        return bool(path.stat().st_mode & 0o044)
    except OSError:
        return False


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    # Once the rename is done the save has happened: a failing sync or close of the folder
    # must not report it as failed.
    with contextlib.suppress(OSError):
        os.fsync(fd)
    with contextlib.suppress(OSError):
        os.close(fd)


def write_atomic(path: Path, data: bytes | bytearray) -> None:
    """Replace `path` with `data` so that a crash leaves the old bytes or the new, never a mix.

    On any error the temp file is removed, the old file is untouched, and the error is raised.
    """
    folder = path.parent
    ensure_private_dir(folder)
    tmp = folder / f"{temp_prefix(path)}{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


def is_temp_of(path: Path, name: str) -> bool:
    """True if `name` is a temp file that `write_atomic(path, ...)` makes (and no other's)."""
    pattern = rf"{re.escape(temp_prefix(path))}\d+\.[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}"
    return re.fullmatch(pattern, name) is not None


def stray_temps(path: Path) -> list[Path]:
    """Temp files of `path` in its folder (left behind by a killed writer, or in use)."""
    try:
        return [e for e in path.parent.iterdir() if is_temp_of(path, e.name)]
    except OSError:
        return []


def remove_stray_temps(path: Path) -> list[Path]:
    """Delete temp files that an interrupted write of `path` left behind; call it under the lock.

    Only this bank's temp names match, so a bank named `bank.json.old` beside it (with its own
    lock) keeps its temp files.
    """
    removed: list[Path] = []
    for entry in stray_temps(path):
        with contextlib.suppress(OSError):
            entry.unlink()
            removed.append(entry)
    return removed
