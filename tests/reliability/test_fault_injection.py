"""Fail the k-th file operation of a save, for each k: a save fails cleanly or succeeds whole."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from storybank.cli.entry import main
from storybank.core.errors import BankWriteError
from storybank.store import atomicfile
from storybank.store.backups import backup_dir, list_backups, restore_backup
from storybank.store.bank import Bank
from tests.conftest import make_story
from tests.indexview import read_index

FAULTY = ("open", "write", "fsync", "replace", "close")
CHUNK = 4096  # writes are cut into chunks so a fault can land mid-file


class FaultyOS:
    """Stands in for `os` in storybank.store.atomicfile: counts file operations, fails the k-th."""

    def __init__(self, fail_at: int) -> None:
        self.fail_at = fail_at
        self.calls: list[str] = []
        self._index_fds: set[int] = set()

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in FAULTY:
            return real

        def operation(*args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1).f_code.co_name
            # The quick index beside the bank is a cache: its writes are told apart.
            for_index = (isinstance(args[0], int) and args[0] in self._index_fds) or (
                not isinstance(args[0], int) and ".index" in str(args[0])
            )
            self.calls.append(f"{name} in {caller}{' (index)' if for_index else ''}")
            failing = len(self.calls) == self.fail_at
            if name == "close" and failing:
                real(*args, **kwargs)  # a failed close still closes the descriptor
            if failing:
                raise OSError(errno.EIO, f"Input/output error (injected into {name})")
            if name == "write":
                fd, data = args
                return real(fd, bytes(data[:CHUNK]))
            result = real(*args, **kwargs)
            if name == "open" and for_index:
                self._index_fds.add(result)
            elif name == "close" and for_index:
                self._index_fds.discard(args[0])
            return result

        return operation


def temps(path: Path) -> list[Path]:
    return list(path.parent.glob(".*.tmp")) + list(backup_dir(path).glob(".*.tmp"))


def seeded_bank(path: Path) -> None:
    Bank(path).add_many(make_story(title=f"Story {i}", action="x" * 5_000) for i in range(3))


Save = Callable[[Bank], object]
SAVES: dict[str, Save] = {
    "add": lambda bank: bank.add(make_story(title="New one", action="y" * 9_000)),
    "edit (shrinks)": lambda bank: bank.update(
        bank.all()[0].model_copy(update={"action": "short"})
    ),
    "delete": lambda bank: bank.delete(bank.all()[-1].id),
}


def expected_after(name: str, before: Bank) -> tuple[set[str], set[str]]:
    """Titles before the save, and after it succeeds."""
    old = {s.title for s in before}
    if name == "add":
        return old, old | {"New one"}
    if name == "delete":
        return old, old - {before.all()[-1].title}
    return old, old


@pytest.mark.parametrize("name", list(SAVES))
def test_every_failing_operation_leaves_old_bytes_or_a_whole_save(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Count the operations of a clean save first (it is the first write of a run, so it
    # includes the backup), then fail each one in turn.
    probe = tmp_path / "probe" / "bank.json"
    seeded_bank(probe)
    counter = FaultyOS(fail_at=0)
    monkeypatch.setattr(atomicfile, "os", counter)
    SAVES[name](Bank(probe))
    monkeypatch.undo()
    total = len(counter.calls)
    assert total >= 10, counter.calls  # backup + bank, each opened, written, synced, replaced

    outcomes = {"failed": 0, "saved": 0}
    for k in range(1, total + 1):
        path = tmp_path / f"k{k}" / "bank.json"
        seeded_bank(path)
        before = path.read_bytes()
        bank = Bank(path)
        old_titles, new_titles = expected_after(name, bank)
        monkeypatch.setattr(atomicfile, "os", FaultyOS(fail_at=k))
        try:
            SAVES[name](bank)
        except BankWriteError as error:
            monkeypatch.undo()
            outcomes["failed"] += 1
            assert "Could not" in error.message and "Input/output error" in error.message
            assert path.read_bytes() == before, f"k={k}"
            assert {s.title for s in bank} == old_titles, f"memory out of step, k={k}"
        else:
            monkeypatch.undo()
            outcomes["saved"] += 1
            assert {s.title for s in Bank(path)} == new_titles, f"k={k}"
        assert temps(path) == [], f"temp file left, k={k}"
        # The quick index is written once the bank is in place: after any fault it is either
        # not current (and so not used) or describes the file on disk.
        index = read_index(path)
        if index is not None:
            on_disk = old_titles if path.read_bytes() == before else new_titles
            assert {s.title for s in index.stories} == on_disk, f"k={k}"
        # Whatever happened, the bank still opens and the same object can save again.
        reopened = Bank(path)
        assert {s.title for s in reopened} == {s.title for s in bank}
        bank.add(make_story(title="After the fault"))
        assert "After the fault" in {s.title for s in Bank(path)}
    # Folder syncs (after a rename, or after making the backup folder) cannot fail a save:
    # the change has happened by then; nor can writing the quick index after it. Every other
    # fault fails it.
    syncs = sum(call.endswith("in fsync_dir") for call in counter.calls)
    assert syncs >= 6  # backup and bank, each: open, fsync, close of the folder
    index_writes = sum(call.endswith("(index)") for call in counter.calls)
    assert index_writes >= 5  # open, write, fsync, close, replace
    after_the_fact = syncs + index_writes
    assert outcomes == {"failed": total - after_the_fact, "saved": after_the_fact}


def test_backups_are_never_read_through_a_half_written_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup that failed mid-write is not left in the backup folder to be restored later."""
    path = tmp_path / "bank.json"
    seeded_bank(path)
    probe = FaultyOS(fail_at=0)
    monkeypatch.setattr(atomicfile, "os", probe)
    Bank(path).add(make_story(title="Saved"))
    monkeypatch.undo()
    # The first save of a run writes the backup first: fail its second chunk.
    second_write = [i for i, call in enumerate(probe.calls, 1) if call.startswith("write")][1]
    count = len(list(backup_dir(path).glob("*.json")))
    monkeypatch.setattr(atomicfile, "os", FaultyOS(fail_at=second_write))
    with pytest.raises(BankWriteError, match="Could not back up"):
        Bank(path).add(make_story(title="Never saved"))
    monkeypatch.undo()
    assert len(list(backup_dir(path).glob("*.json"))) == count
    assert temps(path) == []


FIXTURE_V1 = Path(__file__).parent.parent / "fixtures" / "bank-v1.json"


def _count_ops(monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]) -> list[str]:
    counter = FaultyOS(fail_at=0)
    monkeypatch.setattr(atomicfile, "os", counter)
    try:
        action()
    finally:
        monkeypatch.undo()
    return counter.calls


def test_every_failing_operation_of_an_upgrade_leaves_the_v1_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = FIXTURE_V1.read_bytes()

    def fresh(name: str) -> Path:
        path = tmp_path / name / "bank.json"
        path.parent.mkdir()
        path.write_bytes(original)
        return path

    probe = fresh("probe")
    calls = _count_ops(monkeypatch, lambda: Bank(probe))
    for k in range(1, len(calls) + 1):
        path = fresh(f"k{k}")
        monkeypatch.setattr(atomicfile, "os", FaultyOS(fail_at=k))
        bank = Bank(path)  # an upgrade that cannot be saved is not fatal
        monkeypatch.undo()
        assert len(bank) == 3
        if bank.upgrade_error is not None:
            assert path.read_bytes() == original, f"k={k}"
        else:
            assert bank.migrated_from == 1
            assert b'"schema_version":3' in path.read_bytes()
        assert temps(path) == []
        assert {s.id for s in Bank(path)} == {s.id for s in bank}


def test_every_failing_operation_of_a_restore_leaves_the_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def prepared(name: str) -> Path:
        path = tmp_path / name / "bank.json"
        seeded_bank(path)
        Bank(path).add(make_story(title="Later"))  # backs up the three-story bank
        return path

    probe = prepared("probe")
    calls = _count_ops(monkeypatch, lambda: restore_backup(probe, None))
    for k in range(1, len(calls) + 1):
        path = prepared(f"k{k}")
        before = path.read_bytes()
        backups_before = len(list_backups(path))
        monkeypatch.setattr(atomicfile, "os", FaultyOS(fail_at=k))
        try:
            restore_backup(path, None)
        except BankWriteError as error:
            monkeypatch.undo()
            assert "Could not restore" in error.message
            assert path.read_bytes() == before, f"k={k}"
        else:
            monkeypatch.undo()
            assert "Later" not in {s.title for s in Bank(path)}, f"k={k}"
            # The bank as it was is among the backups.
            assert any(b.path.read_bytes() == before for b in list_backups(path))
        assert temps(path) == []
        assert len(list_backups(path)) >= backups_before


def test_a_lock_that_cannot_be_taken_changes_nothing(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_bank(bank_path)
    before = bank_path.read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileLock, "acquire", refuse)  # the class bank_lock uses
    assert main(["add", "--title", "Never", "--no-edit", "--db", str(bank_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"storybank: Could not lock {bank_path}: Permission denied. Nothing was changed."
    ]
    assert bank_path.read_bytes() == before


def test_a_busy_bank_says_so_in_one_line(
    bank_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_bank(bank_path)
    before = bank_path.read_bytes()
    monkeypatch.setenv("STORYBANK_LOCK_TIMEOUT", "0.2")
    # Another process holds the lock (and keeps it) while this one tries to save.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path\n"
            "from storybank.store.locking import bank_lock\n"
            "with bank_lock(Path(sys.argv[1]), 5):\n"
            "    print('held', flush=True); time.sleep(30)",
            str(bank_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert main(["add", "--title", "Never", "--no-edit", "--db", str(bank_path)]) == 1
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and "is busy" in err[0]
    finally:
        holder.kill()
        holder.wait()
    assert bank_path.read_bytes() == before
