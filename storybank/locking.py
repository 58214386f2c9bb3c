"""The lock every writer of a bank holds: a `<bank>.lock` file beside it (owner-only)."""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from storybank.atomicfile import ensure_private_dir
from storybank.errors import BankLockedError, BankWriteError, describe_os_error

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
    lock = FileLock(str(lock_path(bank)), timeout=timeout, mode=0o600)
    try:
        ensure_private_dir(bank.parent)
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
    lock = FileLock(str(lock_path(bank)), timeout=0, mode=0o600)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return None
    return lock
