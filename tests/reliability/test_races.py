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

from storybank.cli import main
from storybank.models import Story, revise
from storybank.store import Bank
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
    from storybank import store
    from storybank.models import revise

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
    from storybank import store
    from storybank.cli import main

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
