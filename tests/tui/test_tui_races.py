"""The app against another writer: its saves, deletes and archives never undo the other's edit,
also when the story is dated ahead of this machine's clock (so its time stamp cannot change)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from storybank.core.models import Story, revise
from storybank.store.bank import Bank
from storybank.tui.app import create_app
from storybank.tui.screens.editor import EditorScreen, error_id, widget_id
from tests.racing import FUTURE, land_before_lock, their_task
from tests.tui.conftest import NoticeLog, sample_stories, settle, write_bank

SIZE = (100, 30)
Reader = Callable[[Path], dict[str, Story]]
HIGHLIGHTED = "s-000002"  # the first story of the list, highlighted when the app opens


@pytest.fixture
def ahead_path(tmp_path: Path) -> Path:
    """The sample bank with the highlighted story dated ahead (another machine's clock)."""
    stories = [
        s.model_copy(update={"updated_at": FUTURE}) if s.id == HIGHLIGHTED else s
        for s in sample_stories()
    ]
    return write_bank(tmp_path / "ahead" / "bank.json", stories)


def edit_elsewhere(path: Path, task: str) -> None:
    """Another storybank saves a new task for the highlighted story."""
    other = Bank(path)
    other.update(revise(other.get(HIGHLIGHTED), task=task))


async def test_editor_refuses_to_overwrite_a_future_dated_story_changed_elsewhere(
    read_bank: Reader, ahead_path: Path
) -> None:
    app = create_app(ahead_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        edit_elsewhere(ahead_path, "Their task.")
        app.screen.query_one(f"#{widget_id('task')}", TextArea).load_text("My task.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.dirty
        message = str(app.screen.query_one(f"#{error_id('story')}", Static).content)
        assert "changed by another storybank" in message
    assert read_bank(ahead_path)[HIGHLIGHTED].task == "Their task."


async def test_delete_refuses_a_future_dated_story_changed_elsewhere(
    read_bank: Reader, ahead_path: Path
) -> None:
    app = create_app(ahead_path)
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        edit_elsewhere(ahead_path, "Their task.")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert any("not deleted" in n.message for n in notified.notifications)
    assert read_bank(ahead_path)[HIGHLIGHTED].task == "Their task."


@pytest.mark.parametrize("dated", ["now", "ahead"])
async def test_archive_keeps_an_edit_saved_just_before_it(
    read_bank: Reader,
    filled_path: Path,
    ahead_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dated: str,
) -> None:
    path = ahead_path if dated == "ahead" else filled_path
    app = create_app(path)
    notified = NoticeLog()
    async with app.run_test(size=SIZE, message_hook=notified) as pilot:
        await settle(pilot)
        landed = land_before_lock(monkeypatch, path, their_task(HIGHLIGHTED, "Their task."))
        await pilot.press("a")
        await settle(pilot)
        assert landed
        assert any("Archived" in n.message for n in notified.notifications)
    on_disk = read_bank(path)[HIGHLIGHTED]
    assert on_disk.archived and on_disk.task == "Their task."
