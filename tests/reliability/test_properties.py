"""Property tests: any valid story survives validation, the store and the migration chain."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from storybank.core.models import SCHEMA_VERSION, Story, validate_story
from storybank.store.bank import Bank
from storybank.store.migrations import migrate
from storybank.store.validate import check_tables
from tests.strategies import story_data, valid_or_reject


@settings(deadline=None)  # no timing in tests: a busy CI box must not fail them
@given(story_data())
def test_a_validated_story_is_a_fixed_point(data: dict[str, Any]) -> None:
    story = valid_or_reject(data)
    assert validate_story(story.to_json_dict()) == story
    assert validate_story(story.model_dump()) == story


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(story_data(), min_size=1, max_size=4, unique_by=lambda d: d["id"]))
def test_any_valid_stories_survive_save_and_load(items: list[dict[str, Any]]) -> None:
    stories = [valid_or_reject(d) for d in items]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.json"
        Bank(path).add_many(stories)
        loaded = Bank(path)
        assert {s.id: s for s in loaded} == {s.id: s for s in stories}


def _v1_doc(story: Story, drop: list[str]) -> dict[str, Any]:
    doc = story.to_json_dict()
    for key in drop:
        doc.pop(key, None)
    return doc


OPTIONAL = ["hook", "situation", "task", "action", "result", "reflection", "competencies",
            "tags", "archived"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(story_data(), max_size=5, unique_by=lambda d: d["id"]),
    st.lists(st.lists(st.sampled_from(OPTIONAL), unique=True), min_size=5, max_size=5),
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=5, max_size=5, unique=True),
)
def test_the_migration_chain_keeps_every_v1_story(
    items: list[dict[str, Any]], drops: list[list[str]], keys: list[int]
) -> None:
    stories = [valid_or_reject(d) for d in items]
    raw = {
        "meta": {"1": {"schema_version": 1, "app": "storybank"}},
        "stories": {
            str(key): _v1_doc(s, drop) for s, drop, key in zip(stories, drops, keys, strict=False)
        },
    }
    original = copy.deepcopy(raw)
    upgraded = migrate(raw, 1)
    assert raw == original  # pure
    contents = check_tables(Path("bank.json"), raw)
    assert contents.version == 1
    # Each story reads exactly as the version-1 document did under the model's defaults.
    expected = {doc["id"]: validate_story(doc) for doc in original["stories"].values()}
    assert contents.stories == expected
    assert upgraded == contents.raw
    # Every story now holds every field.
    for doc in upgraded["stories"].values():
        assert set(OPTIONAL) <= set(doc)
    assert upgraded["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    # Upgrading is done once: the result reads as the current version, unchanged.
    assert check_tables(Path("bank.json"), upgraded).raw == upgraded
    assert migrate(raw, 1) == upgraded  # and it is deterministic
    assert migrate(upgraded, 2) == upgraded
