"""Copies of the bank taken before each run's first write, owner-only, newest kept, restorable."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storybank.core.errors import BankError, BankWriteError, StorybankError, describe_os_error
from storybank.store.atomicfile import TEMP_SUFFIX, ensure_private_dir, write_atomic
from storybank.store.crypt import is_sealed, open_sealed
from storybank.store.locking import bank_lock
from storybank.store.ownership import current_uid, distrust
from storybank.store.validate import BankContents, read_bank_file

DEFAULT_KEEP = 10
ENV_KEEP = "STORYBANK_BACKUPS"
_STAMP = "%Y%m%dT%H%M%S.%fZ"
# A backup named later than now by more than this was not taken by this clock: a planted file
# named in the future would otherwise be "the newest" for ever.
FUTURE_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class Backup:
    """One backup file of a bank."""

    id: str
    path: Path
    taken_at: datetime
    size: int


@dataclass(frozen=True)
class Ignored:
    """A backup, or the backups folder, that is not trusted, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class BackupScan:
    """What the backups folder holds: the backups that can be trusted, newest first, and the
    files (or the folder itself) left out."""

    backups: list[Backup]
    ignored: list[Ignored]

    def notes(self) -> list[str]:
        """One line for each reason something was left out."""
        lines: list[str] = []
        reasons: dict[tuple[Path, str], int] = {}
        for item in self.ignored:
            if item.path.suffix == ".json":
                key = (item.path.parent, item.reason)
                reasons[key] = reasons.get(key, 0) + 1
            else:
                lines.append(f"ignored the backups folder {item.path}: {item.reason}")
        for (folder, reason), count in reasons.items():
            lines.append(f"ignored {count} backup{'s' * (count != 1)} in {folder}: {reason}")
        return lines


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
    """The backups of `bank` that can be trusted, newest first."""
    return scan_backups(bank).backups


def folder_problem(folder: Path) -> str | None:
    """Why the backups folder is not to be used (another user could put a "backup" there),
    or None when it is ours alone or not there; OSError when it cannot be looked at."""
    st = os.lstat(folder)
    if stat.S_ISLNK(st.st_mode):
        uid = current_uid()
        if uid is not None and st.st_uid != uid:
            return "a symlink owned by another user"
        st = os.stat(folder)  # our own link to a folder of ours is fine
    problem = distrust(st, kind="folder")
    return None if problem is None else f"it is {problem}"


def scan_backups(bank: Path) -> BackupScan:
    """The backups of `bank` that can be trusted, and those left out: any in a folder that is
    not ours alone, and files that are not ours alone or are dated in the future."""
    folder = backup_dir(bank)
    try:
        problem = folder_problem(folder)
        entries = list(folder.iterdir()) if problem is None else []
    except FileNotFoundError:
        return BackupScan([], [])
    except OSError as error:
        problem = f"it cannot be read ({describe_os_error(error)})"
    if problem is not None:
        return BackupScan([], [Ignored(folder, problem)])
    found: list[Backup] = []
    ignored: list[Ignored] = []
    latest = datetime.now(UTC) + FUTURE_SLACK
    for entry in entries:
        if entry.suffix != ".json" or entry.name.startswith("."):
            continue
        try:
            taken = datetime.strptime(entry.stem, _STAMP).replace(tzinfo=UTC)
            st = entry.lstat()
        except (ValueError, OSError):
            continue
        reason = distrust(st, kind="file")
        if reason is None and taken > latest:
            reason = "dated in the future"
        if reason is not None:
            ignored.append(Ignored(entry, reason))
            continue
        found.append(Backup(entry.stem, entry, taken, st.st_size))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return BackupScan(found, ignored)


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
    scan = scan_backups(bank)
    backups = scan.backups
    if not backups:
        notes = "".join(f"; {note}" for note in scan.notes())
        raise BackupNotFoundError(
            f"{bank} has no backups yet (they are kept in {backup_dir(bank)}){notes}"
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
    left_out = [i for i in scan.ignored if i.path.stem.startswith(wanted)] if wanted else []
    why = f" (one named so was ignored: {left_out[0].reason})" if left_out else ""
    raise BackupNotFoundError(
        f"No backup has the id “{backup_id}”{why}. `storybank backup list` shows them"
    )


def remove_stray_backup_temps(bank: Path) -> None:
    """Delete temp files an interrupted backup left behind; call it under the bank's lock."""
    folder = backup_dir(bank)
    with contextlib.suppress(OSError):
        if folder_problem(folder) is not None:
            return  # not ours to tidy
        for entry in folder.iterdir():
            if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    entry.unlink()


def reseal_backups(bank: Path, seal: Callable[[bytes], bytes | bytearray] | None) -> int:
    """Encrypt each plain backup of `bank` with `seal`, or (None) decrypt each encrypted one
    that the run's passphrase opens; returns how many were rewritten. Call it under the lock.

    Each is replaced atomically, so a crash leaves every backup whole, in one form or the other.
    """
    count = 0
    for backup in list_backups(bank):
        data = backup.path.read_bytes()
        new: bytes | bytearray
        if seal is not None:
            if is_sealed(data):
                continue
            new = seal(data)
        else:
            if not is_sealed(data):
                continue
            try:
                new = open_sealed(backup.path, data, ask=False)[0]
            except BankError:
                continue  # another passphrase, or damaged: it stays as it is
        write_atomic(backup.path, new)
        count += 1
    return count


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
    # Checked once it is there: another user may have made it a moment ago.
    problem = folder_problem(folder)
    if problem is not None:
        raise BankWriteError(
            f"Could not back up {bank}: the backups folder {folder} is not used, as "
            f"{problem}. Nothing was changed."
        )
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
