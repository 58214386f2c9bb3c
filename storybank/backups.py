"""Copies of the bank taken before each run's first write, owner-only, newest kept, restorable."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storybank.atomicfile import TEMP_SUFFIX, ensure_private_dir, write_atomic
from storybank.bankfile import BankContents, read_bank_file
from storybank.errors import BankError, BankWriteError, StorybankError, describe_os_error
from storybank.locking import bank_lock

DEFAULT_KEEP = 10
ENV_KEEP = "STORYBANK_BACKUPS"
_STAMP = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True)
class Backup:
    """One backup file of a bank."""

    id: str
    path: Path
    taken_at: datetime
    size: int


class BackupNotFoundError(StorybankError):
    """No backup matches the id the user gave."""

    title = "No such backup"


def keep_from_env() -> int:
    """How many backups to keep: $STORYBANK_BACKUPS if it is a whole number >= 1, else 10."""
    try:
        return max(int(os.environ.get(ENV_KEEP, DEFAULT_KEEP)), 1)
    except ValueError:
        return DEFAULT_KEEP


def backup_dir(bank: Path) -> Path:
    """The folder that holds the backups of `bank`: `<bank>.backups` beside it."""
    return bank.parent / f"{bank.name}.backups"


def list_backups(bank: Path) -> list[Backup]:
    """The backups of `bank`, newest first."""
    folder = backup_dir(bank)
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        if not (entry.is_file() and entry.suffix == ".json" and not entry.name.startswith(".")):
            continue
        try:
            taken = datetime.strptime(entry.stem, _STAMP).replace(tzinfo=UTC)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(entry.stem, entry, taken, size))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def check_backup(backup: Backup) -> BankContents:
    """The contents of a backup, or BankError if it is not a valid bank."""
    try:
        return read_bank_file(backup.path)
    except BankError as error:
        raise BankError(
            backup.path,
            error.problem,
            "This backup cannot be restored; `storybank backup list` shows the others.",
        ) from None


def is_good(backup: Backup) -> bool:
    """True if the backup is a bank this version of storybank can open."""
    try:
        check_backup(backup)
    except BankError:
        return False
    return True


def newest_good_backup(bank: Path) -> Backup | None:
    """The newest backup that validates, if any."""
    return next((b for b in list_backups(bank) if is_good(b)), None)


def find_backup(bank: Path, backup_id: str | None) -> Backup:
    """The backup with this id (a unique prefix works), or the newest good one by default."""
    backups = list_backups(bank)
    if not backups:
        raise BackupNotFoundError(
            f"{bank} has no backups yet (they are kept in {backup_dir(bank)})"
        )
    if backup_id is None:
        good = next((b for b in backups if is_good(b)), None)
        if good is None:
            raise BackupNotFoundError(f"None of the {len(backups)} backups of {bank} is valid")
        return good
    wanted = backup_id.strip().removesuffix(".json")
    matches = [b for b in backups if b.id.startswith(wanted)] if wanted else []
    exact = [b for b in matches if b.id == wanted]
    if exact:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise BackupNotFoundError(f"“{backup_id}” matches {len(matches)} backups; type more of it")
    raise BackupNotFoundError(
        f"No backup has the id “{backup_id}”. `storybank backup list` shows them"
    )


def remove_stray_backup_temps(bank: Path) -> None:
    """Delete temp files an interrupted backup left behind; call it under the bank's lock."""
    folder = backup_dir(bank)
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    entry.unlink()


def take_backup(bank: Path, keep: int = DEFAULT_KEEP, *, valid: bool = False) -> Backup | None:
    """Copy the bank's current bytes into its backup folder and rotate; None if no bank yet.

    `valid` says the caller has just validated these bytes, so rotation need not parse them.
    """
    try:
        data = bank.read_bytes()
    except FileNotFoundError:
        return None
    folder = backup_dir(bank)
    ensure_private_dir(folder)
    now = datetime.now(UTC)
    existing = {b.id for b in list_backups(bank)}
    stamp = now.strftime(_STAMP)
    while stamp in existing:  # two backups in one microsecond: keep both
        now = now.replace(microsecond=(now.microsecond + 1) % 1_000_000)
        stamp = now.strftime(_STAMP)
    path = folder / f"{stamp}.json"
    write_atomic(path, data)
    rotate(bank, keep, known_good=stamp if valid else None)
    return Backup(stamp, path, now, len(data))


def rotate(bank: Path, keep: int = DEFAULT_KEEP, known_good: str | None = None) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted.

    The newest backup that still validates is never deleted, even when it is older than the
    `keep` newest (say, after several runs that backed up a damaged bank).
    """
    backups = list_backups(bank)
    kept, old = backups[: max(keep, 1)], backups[max(keep, 1) :]
    if not old:
        return []
    if not any(b.id == known_good or is_good(b) for b in kept):
        good = next((b for b in old if is_good(b)), None)
        old = [b for b in old if b != good]
    removed: list[Path] = []
    for backup in old:
        try:
            backup.path.unlink()
            removed.append(backup.path)
        except OSError:
            continue
    return removed


def backup_now(bank: Path, *, keep: int = DEFAULT_KEEP, lock_timeout: float = 10.0) -> Backup:
    """Take a backup of the bank right now, under its lock."""
    if not bank.is_file():
        raise BackupNotFoundError(f"{bank} does not exist yet, so there is nothing to back up")
    with bank_lock(bank, lock_timeout):
        try:
            backup = take_backup(bank, keep)
        except OSError as error:
            raise BankWriteError(
                f"Could not back up {bank}: {describe_os_error(error)}. Nothing was changed."
            ) from None
    if backup is None:
        raise BackupNotFoundError(f"{bank} does not exist yet, so there is nothing to back up")
    return backup


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup now in place, and the backup of the bank it replaced."""

    restored: Backup
    stories: int
    previous: Backup | None


def restore_backup(
    bank: Path, backup_id: str | None, *, keep: int = DEFAULT_KEEP, lock_timeout: float = 10.0
) -> Restored:
    """Put a backup back in place of the bank, atomically, after backing up the bank as it is.

    A backup that does not validate is refused, and the bank is left as it was.
    """
    with bank_lock(bank, lock_timeout):
        backup = find_backup(bank, backup_id)
        contents = check_backup(backup)
        try:
            data = backup.path.read_bytes()
            # Back up the current bank first (rotation waits, so it cannot remove `backup`).
            previous = take_backup(bank, keep=len(list_backups(bank)) + 1)
            write_atomic(bank, data)
        except OSError as error:
            raise BankWriteError(
                f"Could not restore {backup.id} to {bank}: {describe_os_error(error)}. "
                "The bank was not changed."
            ) from None
        rotate(bank, keep)
    return Restored(backup, len(contents.stories), previous)
