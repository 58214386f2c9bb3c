"""Copies of the bank taken before each run's first write, owner-only, newest kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storybank.atomicfile import ensure_private_dir, write_atomic

DEFAULT_KEEP = 10
_STAMP = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True)
class Backup:
    """One backup file of a bank."""

    id: str
    path: Path
    taken_at: datetime
    size: int


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
        if not (entry.is_file() and entry.suffix == ".json"):
            continue
        try:
            taken = datetime.strptime(entry.stem, _STAMP).replace(tzinfo=UTC)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(entry.stem, entry, taken, size))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def take_backup(bank: Path, keep: int = DEFAULT_KEEP) -> Backup | None:
    """Copy the bank's current bytes into its backup folder and rotate; None if no bank yet."""
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
    rotate(bank, keep)
    return Backup(stamp, path, now, len(data))


def rotate(bank: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups; returns what was deleted."""
    removed: list[Path] = []
    for old in list_backups(bank)[max(keep, 1) :]:
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            continue
    return removed
