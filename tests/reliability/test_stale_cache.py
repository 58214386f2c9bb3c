"""A bank object must never save over a change it has not seen, even when the file's signature
(inode, size, mtime) cannot tell two versions apart."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from storybank.core.errors import BankError, BankWriteError
from storybank.store import bank as store, storage
from storybank.store.bank import Bank
from storybank.store.storage import AtomicJSONStorage
from tests.conftest import make_story


def two_banks(path: Path) -> tuple[Bank, Bank]:
    Bank(path).add_many([make_story(title="Mine", action="aaaa"), make_story(title="Theirs")])
    return Bank(path), Bank(path)


def by_title(bank: Bank, title: str) -> Any:
    return next(s for s in bank if s.title == title)


def test_same_size_change_under_a_blind_signature_is_not_overwritten(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like a file system with reused inode numbers and coarse times: only the size shows."""

    def blind(st: os.stat_result) -> tuple[int, int, int]:
        return (0, st.st_size, 0)

    def blind_path(path: Path) -> tuple[int, int, int] | None:
        try:
            return blind(os.stat(path))
        except FileNotFoundError:
            return None

    monkeypatch.setattr(storage, "signature_of", blind)
    monkeypatch.setattr(storage, "file_signature", blind_path)
    monkeypatch.setattr(store, "file_signature", blind_path)
    mine, theirs = two_banks(bank_path)
    other = by_title(theirs, "Mine")
    theirs.update(other.model_copy(update={"action": "bbbb"}))  # same size as before
    assert not mine.changed_on_disk()  # the signature really is blind to it
    mine.add(make_story(title="New"))
    assert by_title(Bank(bank_path), "Mine").action == "bbbb"


def test_a_write_between_reading_and_checking_the_file_is_not_lost(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process replaces the bank while this one is still reading it."""
    Bank(bank_path).add(make_story(title="First"))
    real_load = AtomicJSONStorage._load
    done = False

    def load_then_someone_writes(path: Path, expected: bytes | None) -> Any:
        nonlocal done
        result = real_load(path, expected)
        if not done:
            done = True
            Bank(path).add(make_story(title="Written meanwhile"))
        return result

    monkeypatch.setattr(AtomicJSONStorage, "_load", staticmethod(load_then_someone_writes))
    bank = Bank(bank_path)
    monkeypatch.undo()
    assert {s.title for s in bank} == {"First"}
    bank.add(make_story(title="Mine"))
    assert {s.title for s in Bank(bank_path)} == {"First", "Written meanwhile", "Mine"}


def test_a_bank_moved_away_while_open_is_not_replaced_by_a_new_one(bank_path: Path) -> None:
    bank = Bank(bank_path)
    bank.add_many([make_story(title="One"), make_story(title="Two")])
    moved = bank_path.with_name("moved.json")
    bank_path.rename(moved)
    with pytest.raises(BankWriteError, match="moved or deleted"):
        bank.add(make_story(title="Three"))
    assert not bank_path.exists()
    assert {s.title for s in bank} == {"One", "Two"}  # still open here, for an export
    moved.rename(bank_path)
    bank.add(make_story(title="Three"))
    assert {s.title for s in Bank(bank_path)} == {"One", "Two", "Three"}


def test_refresh_keeps_the_stories_of_a_bank_that_vanished(bank_path: Path) -> None:
    bank = Bank(bank_path)
    bank.add(make_story(title="One"))
    bank_path.unlink()
    with pytest.raises(BankError, match="moved or deleted"):
        bank.refresh()
    assert {s.title for s in bank} == {"One"}
    with pytest.raises(BankWriteError):
        bank.add(make_story(title="Two"))
    assert not bank_path.exists()


def test_a_bank_without_a_save_counter_is_reread_before_a_save(bank_path: Path) -> None:
    """Banks written before the counter existed are compared the safe way: re-read first."""
    import orjson

    Bank(bank_path).add(make_story(title="Old"))
    raw = orjson.loads(bank_path.read_bytes())
    del raw["meta"]["1"]["generation"]
    bank_path.write_bytes(orjson.dumps(raw))
    mine = Bank(bank_path)
    assert mine._storage.stale()
    mine.add(make_story(title="New"))
    assert {s.title for s in Bank(bank_path)} == {"Old", "New"}
    assert not mine._storage.stale()


def test_a_bank_damaged_and_then_deleted_while_open_is_not_replaced(bank_path: Path) -> None:
    bank = Bank(bank_path)
    bank.add_many([make_story(title="One"), make_story(title="Two")])
    bank_path.write_bytes(b'{"stories": ')  # another program breaks it...
    with pytest.raises(BankError, match="not valid JSON"):
        bank.refresh()
    bank_path.unlink()  # ...and then removes it
    with pytest.raises(BankWriteError, match="moved or deleted"):
        bank.add(make_story(title="Three"))
    assert not bank_path.exists()
    assert {s.title for s in bank} == {"One", "Two"}
