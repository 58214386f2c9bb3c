"""The app on files that are not what they seem: a read-only bank, dates at the calendar's edge."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from storybank.cli import entry as cli
from storybank.store.bank import Bank
from storybank.tui.app import StorybankApp, create_app
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.widgets.story_list import story_date
from tests.conftest import make_story
from tests.tui.conftest import settle
from tests.tui.test_tui_flows import SIZE, area, error_text, field, titles


async def test_saving_to_a_read_only_bank_fails_and_keeps_every_word(
    app: StorybankApp, filled_path: Path
) -> None:
    filled_path.chmod(0o400)
    before = filled_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        area(app, "reflection").load_text("Call early; silence makes it worse.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert area(app, "reflection").text == "Call early; silence makes it worse."
        assert field(app, "title").value == "Calmed a [bold]difficult[/bold] customer"
        assert app.screen.dirty
        assert "is read-only (mode 400)" in error_text(app, "story")
    assert filled_path.read_bytes() == before


@pytest.fixture
def far_east(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time 14 hours ahead of UTC, where 9999-12-31 UTC ends after the calendar does."""
    monkeypatch.setenv("TZ", "Etc/GMT-14")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "when",
    [
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 20, 0, tzinfo=timezone(timedelta(hours=3))),
        datetime(1, 1, 1, tzinfo=UTC),
    ],
    ids=["9999 UTC", "9999 ahead of UTC", "year 1"],
)
def test_a_story_dated_at_the_calendars_edge_shows_its_date(when: datetime, far_east: None) -> None:
    """Turned into local time the date is past 9999 (or before 1): the UTC date is shown."""
    story = make_story(updated_at=when, created_at=when)
    assert story_date(story) == when.astimezone(UTC).date().isoformat()


async def test_the_app_opens_a_bank_with_a_story_dated_9999(
    bank_path: Path, far_east: None
) -> None:
    """It crashed on every start, printing the story in its traceback."""
    end = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    Bank(bank_path).add(make_story(title="Far future", updated_at=end, created_at=end))
    app = create_app(bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert titles(app) == ["Far future"]
        assert app.return_code is None


class Crashing(App[None]):
    """An app that fails as a bug would, with story text in its variables."""

    bank_error = None  # as the storybank app's, when its bank opened

    def on_mount(self) -> None:
        story_text = "My secret story"
        raise ValueError(story_text)

    def run(self, **_: Any) -> None:
        super().run(headless=True)


def test_a_crash_of_the_app_is_one_line_without_story_text_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TEXTUAL", raising=False)
    monkeypatch.setattr("storybank.tui.app.create_app", lambda path: Crashing())
    assert cli.main(["tui", "--db", str(tmp_path / "bank.json")]) == 1
    out, err = capfd.readouterr()
    assert "secret" not in out + err
    assert "Traceback" not in out + err
    assert err.splitlines()[-1].startswith("storybank: The app stopped on an unexpected error.")
