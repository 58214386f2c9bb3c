"""The list shown while a bank loads: the loaded bank's order, read row by row from the index."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storybank.search.engine import SearchIndex, SearchQuery
from storybank.store.bank import Bank
from storybank.store.index.preview import read_preview
from storybank.store.index.quickindex import index_path
from storybank.store.settings import load_resolver
from tests.conftest import make_story

NOON = datetime(2024, 3, 1, 12, tzinfo=UTC)


def filled(bank: Bank) -> Bank:
    bank.add_many(
        [
            make_story(title=f"Story {i}", result="" if i % 3 == 0 else "Done.",
                       archived=i % 5 == 0, updated_at=NOON + timedelta(hours=i % 4))
            for i in range(40)
        ]
    )  # fmt: skip
    return bank


def test_the_preview_has_the_loaded_banks_order_without_archived_stories(bank: Bank) -> None:
    filled(bank)
    preview = read_preview(bank.path)
    assert preview is not None
    loaded = SearchIndex(bank.all(), load_resolver(bank)).search(SearchQuery()).stories()
    assert [s.id for s in preview] == [s.id for s in loaded]
    assert [s.title for s in preview[:3]] == [s.title for s in loaded[:3]]
    assert preview.total == 40 and len(preview) == 32  # 8 archived stay hidden


def test_rows_are_read_from_the_index_the_preview_opened(bank: Bank) -> None:
    filled(bank)
    preview = read_preview(bank.path)
    assert preview is not None
    first = preview[0].title
    bank.add(make_story(title="Added after the preview"))  # replaces the index file
    assert preview[0].title == first
    assert "Added after the preview" not in {s.title for s in preview}


def test_no_preview_without_a_current_index(bank: Bank, tmp_path: Path) -> None:
    filled(bank)
    index_path(bank.path).unlink()
    assert read_preview(bank.path) is None
    assert read_preview(tmp_path / "nothing-here.json") is None


def test_a_row_that_cannot_be_read_shows_as_such(bank: Bank) -> None:
    filled(bank)
    preview = read_preview(bank.path)
    assert preview is not None
    first_id = preview[0].id
    os.close(preview._fd)  # as if the disk failed under the descriptor rows are read through
    fresh = preview[1]  # not read yet: read now, and fails
    assert fresh.title == "(this story could not be read yet)"
    assert preview[0].id == first_id  # rows already read stay as they were
