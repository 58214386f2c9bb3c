"""Races between writers: every read-modify-write reads under the lock or checks what it read.

Each window is made certain rather than left to timing: another writer's save is made to land
just before this one takes the bank's lock (a hook on the lock), or a second process holds the
lock while the racing command waits for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from storybank.cli.entry import main
from storybank.core.errors import ConflictError
from storybank.core.models import Story, revise
from storybank.store import bank as store
from storybank.store.bank import Bank
from tests.conftest import make_story
from tests.racing import FUTURE, land_before_lock, their_task


def stored(path: Path, story_id: str) -> Story:
    """The story as a fresh reader of the file finds it."""
    return Bank(path).get(story_id)


@pytest.fixture(params=["now", "future"])
def story(request: pytest.FixtureRequest, bank: Bank) -> Story:
    """A saved story, dated now or ahead of this machine's clock."""
    fields: dict[str, object] = {"title": "Raced"}
    if request.param == "future":
        fields["updated_at"] = FUTURE
    return bank.add(make_story(**fields))


# Archiving reads the story under the lock --------------------------------------------------


@pytest.mark.parametrize("archived", [True, False])
def test_archive_keeps_an_edit_saved_while_it_waited(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch, archived: bool
) -> None:
    if not archived:
        bank.set_archived(story.id, True)
    landed = land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    saved = bank.set_archived(story.id, archived)
    assert landed, "the other writer's edit did not run"
    assert saved.archived is archived and saved.task == "Their task."
    on_disk = stored(bank.path, story.id)
    assert on_disk.task == "Their task." and on_disk.archived is archived


def test_change_story_applies_the_change_to_the_stored_story(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    seen: list[Story] = []

    def add_a_tag(current: Story) -> Story:
        seen.append(current)
        return revise(current, tags=[*current.tags, "mine"])

    bank.change_story(story.id, add_a_tag)
    assert [s.task for s in seen] == ["Their task."]
    on_disk = stored(bank.path, story.id)
    assert on_disk.task == "Their task." and on_disk.tags == ["oncall", "mine"]


@pytest.mark.parametrize("command", ["archive", "unarchive"])
def test_cli_archive_keeps_an_edit_saved_while_it_waited(
    bank: Bank,
    story: Story,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    if command == "unarchive":
        bank.set_archived(story.id, True)
    land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    assert main([command, story.id, "--db", str(bank.path)]) == 0
    word = "Archived" if command == "archive" else "Restored"
    assert capsys.readouterr().out.startswith(f"{word} {story.id}")
    on_disk = stored(bank.path, story.id)
    assert on_disk.task == "Their task." and on_disk.archived is (command == "archive")


HOLDER = textwrap.dedent(
    """
    import sys
    from contextlib import contextmanager
    from pathlib import Path
    from storybank.store import bank as store
    from storybank.core.models import revise

    real = store.bank_lock

    @contextmanager
    def held(bank, timeout):
        with real(bank, timeout):
            print("locked", flush=True)
            sys.stdin.readline()  # hold the lock until told: the racing command waits meanwhile
            yield

    path, story_id = Path(sys.argv[1]), sys.argv[2]
    bank = store.Bank(path)
    store.bank_lock = held
    bank.update(revise(bank.get(story_id), task="Their task."))
    print("saved", flush=True)
    """
)

ARCHIVER = textwrap.dedent(
    """
    import sys
    from contextlib import contextmanager
    from pathlib import Path
    from storybank.store import bank as store
    from storybank.cli.entry import main

    real = store.bank_lock

    @contextmanager
    def marked(bank, timeout):
        Path(sys.argv[1]).touch()  # the bank was read; now it waits for the lock
        with real(bank, timeout):
            yield

    store.bank_lock = marked
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.skipif(os.name != "posix", reason="the lock is held from another process")
def test_archive_in_another_process_keeps_the_lock_holders_edit(
    bank: Bank, story: Story, tmp_path: Path
) -> None:
    env = {**os.environ, "STORYBANK_LOCK_TIMEOUT": "60"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(bank.path), story.id],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "locked"
    waiting = tmp_path / "waiting"
    archiver = subprocess.Popen(
        [sys.executable, "-c", ARCHIVER, str(waiting), "archive", story.id, "--db", str(bank.path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(6000):
            if waiting.exists() or archiver.poll() is not None:
                break
            time.sleep(0.01)
        assert waiting.exists(), archiver.communicate()
        holder.stdin.write("\n")
        holder.stdin.flush()
        out, err = holder.communicate(timeout=60)
        assert holder.returncode == 0 and out.strip() == "saved", err
        out, err = archiver.communicate(timeout=60)
        assert archiver.returncode == 0, err
        assert out.startswith(f"Archived {story.id}")
    finally:
        for proc in (holder, archiver):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    on_disk = stored(bank.path, story.id)
    assert on_disk.task == "Their task." and on_disk.archived


# Edits and deletes check what they read, by content -----------------------------------------


def test_second_of_two_concurrent_edits_is_refused(bank: Bank, story: Story) -> None:
    mine, other = Bank(bank.path), Bank(bank.path)
    theirs = other.get(story.id)
    other.update(revise(theirs, task="Their task."), expected=theirs)
    loaded = mine.get(story.id)
    with pytest.raises(ConflictError, match="changed by another storybank since you opened it"):
        mine.update(revise(loaded, task="My task."), expected=loaded)
    assert stored(bank.path, story.id).task == "Their task."


def test_an_edit_saved_between_the_read_and_the_lock_is_a_conflict(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    with pytest.raises(ConflictError):
        bank.update(revise(story, task="My task."), expected=story)
    assert stored(bank.path, story.id).task == "Their task."


def test_own_saves_in_a_row_are_no_conflict(bank: Bank, story: Story) -> None:
    first = bank.update(revise(story, task="One."), expected=story)
    # Another writer makes this bank read the file again: the story is then a new object.
    Bank(bank.path).add(make_story(title="Elsewhere"))
    second = bank.update(revise(first, task="Two."), expected=first)
    bank.update(revise(second, task="Three."), expected=second)
    assert stored(bank.path, story.id).task == "Three."


def test_a_future_dated_story_keeps_its_place_in_the_list(bank: Bank) -> None:
    ahead = bank.add(make_story(title="Ahead", updated_at=FUTURE))
    bank.add(make_story(title="Now"))
    saved = bank.update(revise(ahead, task="Changed."), expected=ahead)
    assert saved.updated_at == FUTURE
    assert [s.title for s in Bank(bank.path).all()] == ["Ahead", "Now"]


def test_cli_edit_refuses_to_overwrite_an_edit_saved_meanwhile(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    code = main(["edit", story.id, "--task", "My task.", "--db", str(bank.path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == (
        "storybank: “Raced” was changed by another storybank since you opened it. Your text is "
        "kept; reload to see the other change.\n"
    )
    assert stored(bank.path, story.id).task == "Their task."


def test_cli_edit_of_other_fields_keeps_an_edit_saved_meanwhile(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The flags name the fields they change: another writer's change of another field is
    # kept, and so is a label it added when this edit only adds one of its own.
    def theirs(other: Bank) -> Story:
        current = other.get(story.id)
        return other.update(revise(current, task="Their task.", tags=[*current.tags, "theirs"]))

    land_before_lock(monkeypatch, bank.path, theirs)
    args = ["edit", story.id, "--result", "My result.", "--add-tag", "mine"]
    code = main([*args, "--db", str(bank.path)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    after = stored(bank.path, story.id)
    assert (after.task, after.result) == ("Their task.", "My result.")
    assert "theirs" in after.tags and "mine" in after.tags


def test_delete_refuses_a_story_changed_meanwhile(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    with pytest.raises(ConflictError, match="so it was not deleted"):
        bank.delete(story.id, expected=story)
    assert stored(bank.path, story.id).task == "Their task."
    assert bank.delete(story.id, expected=bank.get(story.id)).task == "Their task."
    assert len(Bank(bank.path)) == 0


def test_cli_delete_refuses_a_story_changed_meanwhile(
    bank: Bank, story: Story, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    land_before_lock(monkeypatch, bank.path, their_task(story.id, "Their task."))
    code = main(["delete", story.id, "--yes", "--db", str(bank.path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "“Raced” was changed by another storybank, so it was not deleted" in err
    assert stored(bank.path, story.id).task == "Their task."


# New ids are drawn again on every clash ----------------------------------------------------


def test_add_many_draws_again_when_a_new_id_is_a_stored_one(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    there = bank.add(make_story(title="There", id="s-aaaaaaaa"))
    draws = iter(["s-aaaaaaaa", "s-cccccccc"])
    monkeypatch.setattr(store, "new_story_id", lambda: next(draws))
    # The second story clashes with the first; its first new id is the stored story's.
    saved = bank.add_many(
        [make_story(title="One", id="s-bbbbbbbb"), make_story(title="Two", id="s-bbbbbbbb")]
    )
    assert [s.id for s in saved] == ["s-bbbbbbbb", "s-cccccccc"]
    again = Bank(bank.path)
    assert {s.id: s.title for s in again} == {
        there.id: "There",
        "s-bbbbbbbb": "One",
        "s-cccccccc": "Two",
    }
