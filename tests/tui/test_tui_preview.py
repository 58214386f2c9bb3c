"""The list from the quick index, shown while the bank itself loads: same order, no actions
that need a whole story until it is loaded, and the same highlighted story afterwards."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from storybank.store import bank as store
from storybank.store.index.quickindex import StorySummary, index_path
from storybank.tui.app import StorybankApp, create_app
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.widgets.story_detail import StoryDetail
from storybank.tui.widgets.story_list import StoryList
from tests.tui.conftest import NoticeLog, settle

Snap = Callable[..., bool]


@pytest.fixture
def held_load(filled_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the app's load worker (a bank opened off the main thread) until the event is set."""
    release = threading.Event()

    class HeldBank(store.Bank):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            if threading.current_thread() is not threading.main_thread():
                release.wait(10)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(store, "Bank", HeldBank)
    yield release
    release.set()


def detail_text(app: StorybankApp) -> str:
    return app.main_screen.query_one(StoryDetail).text.plain


async def test_the_list_shows_before_the_bank_loads(
    filled_path: Path, held_load: threading.Event
) -> None:
    app = create_app(filled_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stories = app.main_screen.query_one(StoryList)
        preview = list(stories.stories)
        assert [s.title for s in preview] == [
            "Calmed a [bold]difficult[/bold] customer",
            "Led the on-call rewrite",
            "Organized the hackathon",
        ]
        assert all(isinstance(s, StorySummary) for s in preview)
        count = app.main_screen.query_one("#count", Static)
        assert "3 of 3 stories · loading…" in str(count.render())
        assert "Loading the story…" in detail_text(app)
        assert app.snapshot is None

        held_load.set()
        await settle(pilot)
        loaded = list(stories.stories)
        assert [s.id for s in loaded] == [s.id for s in preview]  # the same order
        assert not any(isinstance(s, StorySummary) for s in loaded)
        assert "They renewed for two years." in detail_text(app)
        assert "loading" not in str(count.render())


async def test_actions_wait_for_the_bank(filled_path: Path, held_load: threading.Event) -> None:
    app = create_app(filled_path)
    notified = NoticeLog()
    async with app.run_test(size=(120, 40), message_hook=notified) as pilot:
        await pilot.pause()
        for key in ("e", "enter", "d", "a"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, EditorScreen)
            assert app.screen is app.main_screen  # no dialog either
        assert any("still loading" in n.message for n in notified.notifications)
        held_load.set()
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_the_highlighted_story_stays_highlighted_when_the_bank_arrives(
    filled_path: Path, held_load: threading.Event
) -> None:
    app = create_app(filled_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        stories = app.main_screen.query_one(StoryList)
        chosen = stories.current
        assert chosen is not None and chosen.title == "Organized the hackathon"
        held_load.set()
        await settle(pilot)
        assert stories.current is not None and stories.current.id == chosen.id


async def test_without_a_current_index_the_list_waits_for_the_bank(
    filled_path: Path, held_load: threading.Event
) -> None:
    index_path(filled_path).unlink()
    app = create_app(filled_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        stories = app.main_screen.query_one(StoryList)
        assert list(stories.stories) == []
        assert stories.empty_message == "Loading the bank…"
        held_load.set()
        await settle(pilot)
        assert len(stories.stories) == 3
    assert index_path(filled_path).exists()  # loading the bank wrote it again


def test_preview_snapshot(
    snap_compare: Snap, filled_path: Path, held_load: threading.Event
) -> None:
    async def run_before(pilot: object) -> None:
        from textual.pilot import Pilot

        assert isinstance(pilot, Pilot)
        await pilot.pause()

    assert snap_compare(create_app(filled_path), terminal_size=(120, 40), run_before=run_before)
