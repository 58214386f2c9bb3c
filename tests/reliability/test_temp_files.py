"""Temp files a killed writer leaves are removed at the next start, but only this bank's, and
never while another writer holds the lock (the file may be its save in progress)."""

from __future__ import annotations

from pathlib import Path

from storybank.store.backups import backup_dir
from storybank.store.bank import Bank
from storybank.store.locking import bank_lock
from tests.conftest import make_story


def test_strays_are_removed_at_open_but_a_neighbours_are_kept(bank_path: Path) -> None:
    Bank(bank_path).add(make_story(title="One"))
    Bank(bank_path).add(make_story(title="Two"))  # makes the backup folder
    mine = bank_path.parent / ".bank.json.4242.0123abcd.tmp"
    my_cache = bank_path.parent / ".bank.json.words.4242.0123abcd.tmp"
    my_backup = backup_dir(bank_path) / ".20240101T000000.000000Z.json.4242.0123abcd.tmp"
    neighbour = bank_path.parent / ".bank.json.old.4242.0123abcd.tmp"
    for stray in (mine, my_cache, my_backup, neighbour):
        stray.write_bytes(b'{"half a')
    Bank(bank_path)
    assert not mine.exists() and not my_cache.exists() and not my_backup.exists()
    assert neighbour.exists()


def test_strays_are_kept_while_another_writer_holds_the_lock(bank_path: Path) -> None:
    Bank(bank_path).add(make_story(title="One"))
    in_progress = bank_path.parent / ".bank.json.4242.0123abcd.tmp"
    in_progress.write_bytes(b"{")
    with bank_lock(bank_path, timeout=1):
        assert {s.title for s in Bank(bank_path)} == {"One"}
        assert in_progress.exists()
    Bank(bank_path)
    assert not in_progress.exists()
