"""Property tests: any valid story survives save and load unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from storybank.core.models import Story, label_key, validate_story
from storybank.interchange.export import to_json
from storybank.interchange.importing import plan_import
from storybank.store.bank import Bank
from tests.strategies import stories


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(stories(), min_size=1, max_size=4))
def test_any_valid_story_survives_save_and_load(batch: list[Story]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bank = Bank(Path(folder) / "bank.json")
        saved = bank.add_many(batch)
        assert {s.id: s for s in Bank(bank.path).all()} == {s.id: s for s in saved}


@settings(max_examples=60, deadline=None)
@given(stories())
def test_validation_is_idempotent(story: Story) -> None:
    assert validate_story(story.to_json_dict()) == story


@settings(max_examples=40, deadline=None)
@given(st.lists(stories(), min_size=1, max_size=3, unique_by=lambda s: s.id))
def test_export_then_import_gives_the_same_stories(batch: list[Story]) -> None:
    import orjson

    doc = orjson.loads(to_json(batch))
    plan = plan_import(doc["stories"], [], own_format=True)
    assert plan.invalid == [] and plan.skipped == []
    # Stories with the same title and situation are taken as one (the first is kept).
    expected: dict[tuple[str, str], Story] = {}
    for story in batch:
        expected.setdefault((label_key(story.title), story.situation.strip()), story)
    assert plan.to_add == list(expected.values())
