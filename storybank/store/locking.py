"""The lock every writer of a bank holds: a `<bank>.lock` file beside it (owner-only)."""

from __future__ import annotations

import contextlib
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from storybank.core.errors import BankLockedError, BankWriteError, describe_os_error
from storybank.store.atomicfile import ensure_private_dir
from storybank.store.ownership import current_uid

if TYPE_CHECKING:
    from filelock import FileLock

ENV_LOCK_TIMEOUT = "STORYBANK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


def lock_timeout_from_env() -> float:
    """How long a writer waits for the lock: $STORYBANK_LOCK_TIMEOUT seconds, else 10.

    Anything but a finite number of seconds from 0 up is ignored, as text is: float() takes
    "nan" and "inf", and a negative timeout makes the lock wait forever.
    """
    try:
        seconds = float(os.environ.get(ENV_LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT
    return seconds if math.isfinite(seconds) and seconds >= 0 else DEFAULT_LOCK_TIMEOUT


def lock_path(bank: Path) -> Path:
    """The lock file of `bank`."""
    return bank.parent / f"{bank.name}.lock"


@contextlib.contextmanager
def bank_lock(bank: Path, timeout: float) -> Iterator[None]:
    """Hold the bank's lock, or raise BankLockedError after `timeout` seconds."""
    # Imported by writers only: a command that only reads never takes the lock.
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(bank)), timeout=timeout, mode=0o600)
    try:
        ensure_private_dir(bank.parent)
        foreign = _foreign_lock(bank)
        if foreign:
            raise BankWriteError(
                f"Could not lock {bank}: its lock file {lock_path(bank)} is {foreign}, so it "
                "is not used. Remove it (it is safe to). Nothing was changed."
            )
        lock.acquire()
    except Timeout:
        raise BankLockedError(
            f"{bank} is busy: another storybank has held it for {timeout:g} s. "
            "Try again in a moment."
        ) from None
    except OSError as error:
        raise BankWriteError(
            f"Could not lock {bank}: {describe_os_error(error)}. Nothing was changed."
        ) from None
    try:
        yield
    finally:
        lock.release()


def try_lock(bank: Path) -> FileLock | None:
    """The bank's lock if it is free right now (the caller releases it), else None."""
    if not bank.parent.is_dir():
        return None
    if _foreign_lock(bank):
        return None
    from filelock import FileLock, Timeout

    lock = FileLock(str(lock_path(bank)), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return None
    return lock


def _foreign_lock(bank: Path) -> str | None:
    """Why the lock file beside `bank` is not ours to use, if it is not: another user who
    planted it in a shared folder could hold it for ever, or point it at a file of ours."""
    uid = current_uid()
    try:
        st = os.lstat(lock_path(bank))
    except OSError:
        return None  # none yet (the lock creates it), or the lock says what is wrong
    if stat.S_ISLNK(st.st_mode):
        return "a symlink"
    if not stat.S_ISREG(st.st_mode):
        return "not a file"
    if uid is not None and st.st_uid != uid:
        return "owned by another user"
    return None
