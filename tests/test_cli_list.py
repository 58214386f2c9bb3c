"""`storybank list`: the app's order (ready first, then newest), and times of day."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storybank.store.bank import Bank
from tests.conftest import Run, make_story


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so the times shown are known."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at(hour: int) -> datetime:
    return datetime(2024, 3, 5, hour, 7, tzinfo=UTC)


def test_list_shows_drafts_after_ready_stories_as_the_app_does(run: Run, bank_path: Path) -> None:
    Bank(bank_path).add_many(
        [
            make_story(id="s-00000a", title="Newest, a draft", result="", updated_at=at(15)),
            make_story(id="s-00000b", title="Older, ready", updated_at=at(9)),
            make_story(id="s-00000c", title="Oldest, ready", updated_at=at(8)),
        ]
    )
    code, out, _ = run("list", "--format", "json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == ["s-00000b", "s-00000c", "s-00000a"]
    code, out, _ = run("list")
    ids = [line.split()[0] for line in out.splitlines()[1:]]
    assert ids == ["s-00000b", "s-00000c", "s-00000a"]


def test_list_tells_a_days_stories_apart_by_their_time(
    run: Run, bank_path: Path, utc: None
) -> None:
    Bank(bank_path).add_many(
        [
            make_story(id="s-00000a", title="Morning", updated_at=at(9)),
            make_story(id="s-00000b", title="Afternoon", updated_at=at(15)),
        ]
    )
    _, out, _ = run("list")
    lines = out.splitlines()
    assert lines[1].startswith("s-00000b") and lines[1].endswith("2024-03-05 15:07")
    assert lines[2].startswith("s-00000a") and lines[2].endswith("2024-03-05 09:07")
