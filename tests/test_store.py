"""The bank file: round trips, atomic writes, refusal of bad files, locking, modes, backups."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest
from filelock import FileLock

from storybank.core.errors import (
    BankError,
    BankLockedError,
    BankWriteError,
    ConflictError,
    StoryNotFoundError,
)
from storybank.core.models import SCHEMA_VERSION, revise
from storybank.store.backups import backup_dir, list_backups
from storybank.store.bank import Bank
from tests.conftest import make_story


def test_new_bank_is_not_created_until_the_first_write(bank_path: Path) -> None:
    bank = Bank(bank_path)
    assert len(bank) == 0
    assert not bank_path.exists()
    bank.add(make_story())
    assert bank_path.exists()


def test_round_trip_through_a_fresh_process_view(bank: Bank) -> None:
    first = bank.add(make_story(title="One"))
    second = bank.add(make_story(title="Two", competencies=["Conflict"]))
    again = Bank(bank.path)
    assert {s.id: s for s in again.all()} == {first.id: first, second.id: second}


def test_bank_records_its_schema_version(bank: Bank) -> None:
    bank.add(make_story())
    raw = orjson.loads(bank.path.read_bytes())
    # The meta record comes first, with a save counter writers compare under the lock.
    assert next(iter(raw)) == "meta"
    (meta,) = raw["meta"].values()
    # The key the quick index is signed with: secret, random, kept from save to save.
    key = meta.pop("index_key")
    assert meta == {"schema_version": SCHEMA_VERSION, "app": "storybank", "generation": 2}
    assert len(key) == 64 and int(key, 16) >= 0
    bank.add(make_story(title="Again"))
    again = orjson.loads(bank.path.read_bytes())["meta"]["1"]
    assert again["generation"] == 3 and again["index_key"] == key


def test_get_accepts_unique_prefixes(bank: Bank) -> None:
    story = bank.add(make_story())
    assert bank.get(story.id) == story
    assert bank.get(story.id[:5]) == story
    assert bank.get(story.id[2:6]) == story
    with pytest.raises(StoryNotFoundError, match="No story has the id"):
        bank.get("s-zzzzzz")


def test_update_stamps_and_persists(bank: Bank) -> None:
    story = bank.add(make_story())
    saved = bank.update(revise(story, title="Renamed"))
    assert saved.updated_at > story.updated_at
    assert Bank(bank.path).get(story.id).title == "Renamed"


def test_update_refuses_to_overwrite_a_change_made_elsewhere(bank: Bank) -> None:
    story = bank.add(make_story())
    other = Bank(bank.path)
    other.update(revise(story, title="Changed elsewhere"))
    with pytest.raises(ConflictError):
        bank.update(revise(story, title="Mine"), expected=story)
    assert Bank(bank.path).get(story.id).title == "Changed elsewhere"


def test_writes_from_two_bank_objects_are_both_kept(bank: Bank) -> None:
    other = Bank(bank.path)
    a = bank.add(make_story(title="A"))
    b = other.add(make_story(title="B"))  # other never saw A; it must re-read before writing
    c = bank.add(make_story(title="C"))
    assert {s.id for s in Bank(bank.path).all()} == {a.id, b.id, c.id}


def test_clashing_ids_get_fresh_ones(bank: Bank) -> None:
    first = bank.add(make_story())
    clash = make_story(id=first.id, title="Clash")
    saved = bank.add(clash)
    assert saved.id != first.id
    assert len(Bank(bank.path)) == 2


def test_delete_and_archive(bank: Bank) -> None:
    keep = bank.add(make_story(title="Keep"))
    gone = bank.add(make_story(title="Gone"))
    bank.delete(gone.id)
    bank.set_archived(keep.id, True)
    again = Bank(bank.path)
    assert [s.id for s in again.all()] == [keep.id]
    assert again.all(include_archived=False) == []
    with pytest.raises(StoryNotFoundError):
        bank.delete(gone.id)


def test_add_many_is_one_write(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[int] = []
    real = bank._storage.write

    def counting(data: dict[str, dict[str, object]]) -> None:
        writes.append(len(data.get("stories", {})))
        real(data)

    monkeypatch.setattr(bank._storage, "write", counting)
    bank.add_many([make_story(title=f"S{i}") for i in range(5)])
    # One write for the schema record of a new bank, one for all five stories.
    assert writes == [0, 5]


def test_new_banks_and_folders_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "bank.json"
    bank = Bank(path)
    bank.add(make_story())
    bank.add(make_story())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(f"{path}.lock").stat().st_mode) == 0o600


def _fails(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, name, boom)


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_bytes_and_no_temp_file(
    bank: Bank, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    story = bank.add(make_story())
    before = bank.path.read_bytes()
    with monkeypatch.context() as patch:
        _fails(patch, call)
        with pytest.raises(BankWriteError, match="No space left on device"):
            bank.add(make_story(title="Lost?"))
    assert bank.path.read_bytes() == before
    assert [p.name for p in bank.path.parent.iterdir() if p.name.endswith(".tmp")] == []
    # The bank in memory still matches the disk, and the next save works.
    assert [s.id for s in bank.all()] == [story.id]
    bank.add(make_story(title="Later"))
    assert len(Bank(bank.path)) == 2


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"{not json", "is not valid JSON"),
        (b'{"stories": {"1": {"title": "x"}', "is not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid UTF-8"),
        (b"[1, 2, 3]", "not a story bank"),
        (b'{"stories": []}', "table “stories” is not an object"),
        (b'{"stories": {"1": {"id": "s-aaaaaa", "title": "t"}}}', "no schema version"),
        (
            b'{"meta": {"1": {"schema_version": 99}}, "stories": {}}',
            "was written by a newer storybank",
        ),
        (
            b'{"meta": {"1": {"schema_version": 1}}, "stories": {"1": {"id": "s-aaaaaa"}}}',
            "story 1 (s-aaaaaa) is invalid: Title is required",
        ),
    ],
)
def test_bad_files_are_refused_untouched(bank_path: Path, content: bytes, problem: str) -> None:
    bank_path.parent.mkdir(parents=True)
    bank_path.write_bytes(content)
    with pytest.raises(BankError) as caught:
        Bank(bank_path)
    assert problem in str(caught.value)
    assert str(bank_path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert bank_path.read_bytes() == content
    assert not backup_dir(bank_path).exists()


def test_duplicate_ids_are_refused(bank: Bank) -> None:
    story = bank.add(make_story())
    raw = orjson.loads(bank.path.read_bytes())
    raw["stories"]["2"] = raw["stories"]["1"]
    bank.path.write_bytes(orjson.dumps(raw))
    with pytest.raises(BankError, match=f"two stories with the id {story.id}"):
        Bank(bank.path)


def test_a_backup_is_taken_before_the_first_write_of_each_run(bank: Bank) -> None:
    bank.add(make_story(title="One"))
    assert list_backups(bank.path) == []  # nothing existed to back up
    before = bank.path.read_bytes()
    second_run = Bank(bank.path)
    second_run.add(make_story(title="Two"))
    second_run.add(make_story(title="Three"))
    backups = list_backups(bank.path)
    assert len(backups) == 1
    assert backups[0].path.read_bytes() == before
    assert stat.S_IMODE(backups[0].path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup_dir(bank.path).stat().st_mode) == 0o700


def test_only_the_last_ten_backups_are_kept(bank: Bank) -> None:
    bank.add(make_story())
    for i in range(13):
        Bank(bank.path).add(make_story(title=f"Run {i}"))
    backups = list_backups(bank.path)
    assert len(backups) == 10
    # The newest backup holds the bank as it was before the last run: 13 stories.
    newest = orjson.loads(backups[0].path.read_bytes())
    assert len(newest["stories"]) == 13


def test_stray_temp_files_are_cleaned_on_the_next_write(bank: Bank) -> None:
    bank.add(make_story())
    stray = bank.path.parent / f".{bank.path.name}.999.deadbeef.tmp"
    stray.write_bytes(b"half a bank")
    Bank(bank.path).add(make_story(title="Next run"))
    assert not stray.exists()


def test_a_writer_that_cannot_get_the_lock_gets_a_clear_error(bank: Bank) -> None:
    bank.add(make_story())
    slow = Bank(bank.path, lock_timeout=0.2)
    with FileLock(f"{bank.path}.lock"), pytest.raises(BankLockedError, match="is busy"):
        slow.add(make_story(title="Blocked"))
    assert len(Bank(bank.path)) == 1


def test_two_processes_adding_at_once_lose_nothing(bank_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from storybank.core.models import validate_story
        from storybank.store.bank import Bank
        bank = Bank(sys.argv[1])
        for i in range(40):
            bank.add(validate_story({"title": f"{sys.argv[2]} {i}"}))
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(bank_path), name])
        for name in ("left", "right")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    titles = {s.title for s in Bank(bank_path).all()}
    assert titles == {f"{n} {i}" for n in ("left", "right") for i in range(40)}


def test_refresh_picks_up_changes_from_elsewhere(bank: Bank) -> None:
    bank.add(make_story())
    revision = bank.revision
    assert bank.refresh() is False
    Bank(bank.path).add(make_story(title="From elsewhere"))
    assert bank.changed_on_disk()
    assert bank.refresh() is True
    assert bank.revision > revision
    assert "From elsewhere" in {s.title for s in bank.all()}
