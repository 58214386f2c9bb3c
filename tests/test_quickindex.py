"""The quick index beside the bank: current after every save, ignored whenever it is not."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from storybank.core.models import Story, revise
from storybank.core.ordering import default_order_key
from storybank.search.engine import SearchIndex, parse_query
from storybank.store.bank import Bank
from storybank.store.index import quickindex
from storybank.store.index.quickindex import index_path
from storybank.store.settings import load_resolver, update_settings
from tests.conftest import make_story
from tests.indexview import IndexView, digest_of, read_index
from tests.strategies import stories


def current(path: Path) -> IndexView:
    index = read_index(path)
    assert index is not None, "the quick index should be current"
    return index


def assert_describes(index: IndexView, bank: Bank) -> None:
    """The index holds every story of the bank, with its labels, and the digest of its bytes."""
    by_id = {s.id: s for s in bank}
    assert sorted(s.id for s in index.stories) == sorted(by_id)
    for summary in index.stories:
        story = by_id[summary.id]
        assert summary.title == story.title
        assert summary.competencies == story.competencies
        assert summary.tags == story.tags
        assert summary.archived == story.archived
        assert summary.status is story.status
        assert summary.updated_at == story.updated_at
        assert summary.source.kind is story.source.kind
        assert summary.source.organization == story.source.organization
    assert index.digest == digest_of(bank.path)


def test_every_kind_of_save_leaves_a_current_index(bank: Bank) -> None:
    first = bank.add(make_story(title="First"))
    assert_describes(current(bank.path), bank)
    bank.add_many([make_story(title=f"Story {i}", action="x" * (i * 300)) for i in range(5)])
    assert_describes(current(bank.path), bank)
    bank.update(revise(first, action="A much longer action than before. " * 40))
    assert_describes(current(bank.path), bank)
    bank.set_archived(first.id, True)
    assert_describes(current(bank.path), bank)
    bank.delete(bank.all()[-1].id)
    assert_describes(current(bank.path), bank)


def test_the_index_carries_the_resolver_of_the_bank_settings(bank: Bank) -> None:
    bank.add(make_story(competencies=["Ownership"]))
    update_settings(bank, lambda s: s.model_copy(update={"active_taxonomies": ["amazon"]}))
    index = current(bank.path)
    resolver = load_resolver(bank)
    for name in ("ownership", "Customer Obsession", "bias for action", "Leadership"):
        assert index.resolver.key(name) == resolver.key(name)


def test_a_change_by_a_program_that_keeps_no_index_makes_it_stale(bank: Bank) -> None:
    bank.add(make_story())
    data = orjson.loads(bank.path.read_bytes())
    next(iter(data["stories"].values()))["title"] = "Changed by hand"
    bank.path.write_bytes(orjson.dumps(data))
    assert read_index(bank.path) is None


def test_an_index_beside_a_copy_of_the_bank_is_not_used(bank: Bank, tmp_path: Path) -> None:
    bank.add(make_story())
    copy = tmp_path / "copy" / "bank.json"
    copy.parent.mkdir()
    shutil.copy2(bank.path, copy)
    shutil.copy2(index_path(bank.path), index_path(copy))
    assert read_index(copy) is None  # another file (another inode), whatever its bytes


@pytest.mark.parametrize(
    "damage",
    [lambda raw: raw[: len(raw) // 2], lambda raw: b""],
    ids=["truncated", "empty"],
)
def test_an_index_cut_short_is_ignored_and_rebuilt_on_open(bank: Bank, damage: object) -> None:
    bank.add_many([make_story(title="One"), make_story(title="Two")])
    path = index_path(bank.path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert read_index(bank.path) is None
    assert_describes(current(Bank(bank.path).path), bank)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw.replace(b'"Two"', b'"Six"'),
        lambda raw: raw[:-2] + b',["s-000000"]]}',
        lambda raw: raw.replace(b'"work"', b'"moon"', 1),
        lambda raw: raw.replace(b'"stories":[', b'"stories":[[1,2,3],'),
    ],
    ids=["changed-title", "short-row", "unknown-kind", "extra-row"],
)
def test_an_index_damaged_inside_is_ignored_and_rebuilt_on_open(bank: Bank, damage: object) -> None:
    bank.add_many([make_story(title="One"), make_story(title="Two")])
    path = index_path(bank.path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert read_index(bank.path) is None
    reopened = Bank(bank.path)
    assert_describes(current(bank.path), reopened)


def test_a_stale_index_is_rebuilt_when_the_bank_is_next_opened(bank: Bank) -> None:
    bank.add(make_story())
    index_path(bank.path).unlink()
    reopened = Bank(bank.path)
    assert_describes(current(bank.path), reopened)


def test_a_hand_edited_story_not_in_its_stored_form_keeps_the_index_off(bank: Bank) -> None:
    bank.add(make_story())
    data = orjson.loads(bank.path.read_bytes())
    doc = next(iter(data["stories"].values()))
    doc["title"] = "  Padded by hand  "  # valid, but stored differently from its validated form
    bank.path.write_bytes(orjson.dumps(data))
    reopened = Bank(bank.path)
    assert reopened.all()[0].title == "Padded by hand"
    assert read_index(bank.path) is None
    # Saving that story stores its validated form, and the next open writes the index again.
    reopened.update(revise(reopened.all()[0], hook="Now saved by storybank"))
    assert_describes(current(Bank(bank.path).path), reopened)


def test_a_failed_index_write_does_not_fail_the_save(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank.add(make_story(title="Before"))

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quickindex, "write_atomic", refuse)
    saved = bank.add(make_story(title="Saved anyway"))
    monkeypatch.undo()
    assert read_index(bank.path) is None  # the old index names the old file
    reopened = Bank(bank.path)
    assert saved.id in {s.id for s in reopened}
    assert_describes(current(bank.path), reopened)  # and opening the bank wrote it again


def test_the_index_is_private(bank: Bank) -> None:
    bank.add(make_story())
    assert os.stat(index_path(bank.path)).st_mode & 0o077 == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(stories(), min_size=1, max_size=5), st.data())
def test_any_stories_are_found_by_the_index_as_by_the_bank(
    batch: list[Story], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bank = Bank(Path(folder) / "bank.json")
        bank.add_many(batch)
        index = current(bank.path)
        assert_describes(index, bank)
        labels = [c for s in batch for c in s.competencies] + [
            "#" + t for s in batch for t in s.tags
        ]
        picked = data.draw(st.lists(st.sampled_from(labels), max_size=2)) if labels else []
        text = " ".join(
            f'c:"{p}"' if not p.startswith("#") else f'"{p}"' for p in picked if '"' not in p
        )
        query = parse_query(text + " is:archived" * data.draw(st.booleans()))
        if query.needs_text:
            return
        full = SearchIndex(bank, load_resolver(bank)).search(query)
        quick = SearchIndex(index.stories, index.resolver).search(query)
        assert [h.story.id for h in quick] == [h.story.id for h in full]
        assert [h.reasons for h in quick] == [h.reasons for h in full]


def test_the_stored_field_order_is_the_models() -> None:
    from storybank.core.models import Source
    from storybank.core.vocab import SOURCE_FIELDS, STORY_FIELDS

    assert tuple(Story.model_fields) == STORY_FIELDS
    assert tuple(Source.model_fields) == SOURCE_FIELDS


def test_stories_upgraded_from_an_older_schema_read_in_the_models_order(bank_path: Path) -> None:
    # A version 1 story leaves out its optional fields; the upgrade adds them at the end.
    bank_path.parent.mkdir(parents=True)
    story = make_story(title="Old", tags=[], competencies=["Leadership"])
    doc = {k: v for k, v in story.to_json_dict().items() if k not in ("hook", "tags", "archived")}
    raw = {"meta": {"1": {"schema_version": 1, "app": "storybank"}}, "stories": {"1": doc}}
    bank_path.write_bytes(orjson.dumps(raw))
    upgraded = Bank(bank_path)
    assert upgraded.migrated_from == 1
    Bank(bank_path)  # the next open finds the upgraded file and writes its index
    stored = next(iter(orjson.loads(bank_path.read_bytes())["stories"].values()))
    assert list(stored) != list(story.to_json_dict())  # the upgrade appended what was missing
    assert_describes(current(bank_path), Bank(bank_path))


def test_stories_are_found_in_a_bank_with_settings_after_the_stories(bank: Bank) -> None:
    # The last story is followed by the end of its table and then another table.
    bank.add_many([make_story(title="One"), make_story(title="Two", tags=['x,"y'])])
    update_settings(bank, lambda s: s.model_copy(update={"active_taxonomies": ["amazon"]}))
    raw = bank.path.read_bytes()
    assert raw.index(b'"stories"') < raw.index(b'"settings"')
    assert_describes(current(bank.path), bank)


def test_a_bank_opened_on_a_current_index_saves_a_current_index(bank: Bank) -> None:
    # The rows of untouched stories are taken over from the index the bank was opened with.
    bank.add_many([make_story(title=f"Story {i}", tags=[f"t{i}"]) for i in range(6)])
    reopened = Bank(bank.path)
    story = reopened.all()[2]
    reopened.update(revise(story, title="Renamed", competencies=["Conflict"]))
    reopened.add(make_story(title="Added"))
    assert_describes(current(bank.path), reopened)
    renamed = next(s for s in current(bank.path).stories if s.id == story.id)
    assert renamed.title == "Renamed" and renamed.competencies == ["Conflict"]


def test_the_index_orders_the_list_without_parsing_its_rows(bank: Bank) -> None:
    # The columns the app's first screen sorts by must agree with the rows, through every
    # kind of save and after rows are taken over from the index a bank was opened with.
    stories = bank.add_many([make_story(title=f"Story {i}", result="") for i in range(6)])
    reopened = Bank(bank.path)
    reopened.set_archived(stories[1].id, True)
    reopened.update(revise(stories[3], result="It worked."))
    reopened.delete(stories[4].id)
    raw = index_path(bank.path).read_bytes()
    head = quickindex.current_index_head(bank.path, raw)
    full = quickindex.current_index_document(bank.path, raw)
    assert head is not None and full is not None
    assert "stories" not in head
    rows = full["stories"]
    ready, updated = quickindex.ROW_READY, quickindex.ROW_UPDATED
    assert head["places"] == [
        default_order_key(row[ready], datetime.fromisoformat(row[updated])) for row in rows
    ]
    assert head["archived"] == [n for n, row in enumerate(rows) if row[quickindex.ROW_ARCHIVED]]
    assert [rows[n][1] for n in head["archived"]] == ["Story 1"]


def test_an_index_removed_after_a_save_is_written_again_when_the_bank_is_read(
    bank: Bank,
) -> None:
    # The save wrote its index beside the bank; that must not stop a later read from writing
    # a missing one.
    bank.add(make_story(title="One"))
    index_path(bank.path).unlink()
    bank.load()
    assert_describes(current(bank.path), bank)
