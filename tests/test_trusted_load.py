"""One load path: a bank whose bytes this storybank checked is built without validating every
field again; any other bytes (a hand edit, another tool, a forged index) are validated in full."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from storybank.core.errors import BankError
from storybank.core.models import SourceKind, Story
from storybank.store.bank import Bank
from storybank.store.index.quickindex import index_path
from storybank.store.settings import update_settings
from storybank.store.validate import read_bank_file
from tests.conftest import Run, make_story
from tests.indexview import digest_of, read_index
from tests.strategies import stories

QUERIES = [
    ["list"],
    ["list", "--all"],
    ["search", "-c", "leadership"],
    ["search", "-c", "Leadership", "-c", "ownership", "--any"],
    ["search", "-c", "dive deep"],  # an alias in the Amazon taxonomy
    ["search", "-t", "oncall"],
    ["search", "--kind", "education"],
    ["search", "budget"],
    ["search", "-c", "nothing like this"],
    ["competencies", "--all"],
    ["coverage"],
    ["answer", "Tell me about a time you owned a budget"],
    ["export", "--format", "csv"],
]


@pytest.fixture
def filled(bank_path: Path) -> Bank:
    bank = Bank(bank_path)
    update_settings(bank, lambda s: s.model_copy(update={"active_taxonomies": ["amazon"]}))
    bank.add_many(
        [
            make_story(title="On-call rewrite"),
            make_story(title="Ran the budget", competencies=["Ownership", "leadership"]),
            make_story(
                title="Thesis", competencies=["Dive Deep"], tags=["research"], task="",
                source={"kind": "education", "organization": "Uni", "role": "", "when": "2019"},
            ),
            make_story(title="Old one", archived=True),
        ]
    )  # fmt: skip
    return bank


def opened(path: Path) -> tuple[Bank, bool]:
    """The bank at `path`, and whether its bytes were trusted as checked before."""
    bank = Bank(path)
    return bank, bank._storage.trusted


def test_a_bank_storybank_wrote_is_trusted_and_equal_to_its_validated_form(filled: Bank) -> None:
    bank, trusted = opened(filled.path)
    assert trusted
    validated = read_bank_file(filled.path).stories
    assert {s.id: s for s in bank} == validated
    for story in bank:
        twin = validated[story.id]
        assert story.to_json_dict() == twin.to_json_dict()
        assert type(story.source.kind) is SourceKind and story.source == twin.source
        assert story.updated_at == twin.updated_at and story.updated_at.utcoffset() is not None
        assert story.status is twin.status
        assert story.model_fields_set == twin.model_fields_set
        assert story.source.model_fields_set == twin.source.model_fields_set


def test_a_copy_of_a_trusted_story_leaves_the_others_as_they_were(filled: Bank) -> None:
    # Stories built as stored share one set of the fields they set: a copy takes its own.
    bank, trusted = opened(filled.path)
    assert trusted
    first, second = list(bank)[:2]
    before = set(second.model_fields_set)
    changed = first.model_copy(update={"title": "Renamed"})
    changed.model_fields_set.add("a name of no field")
    assert second.model_fields_set == before
    assert "a name of no field" not in first.model_fields_set


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q) for q in QUERIES])
def test_every_command_answers_the_same_from_a_trusted_bank(
    run: Run, filled: Bank, args: list[str], fmt: str
) -> None:
    if fmt == "json":
        args = (
            ["export", "--format", "json"] if args[0] == "export" else [*args, "--format", "json"]
        )
    trusted = run(*args)
    index_path(filled.path).unlink()  # no record of the bytes: validated in full
    validated = run(*args)
    assert trusted[0] in (0, 1)
    if args[0] == "export" and fmt == "json":
        # Each export says when it was made; the stories are what must agree.
        assert orjson.loads(trusted[1])["stories"] == orjson.loads(validated[1])["stories"]
    else:
        assert trusted == validated


def hand_edit(path: Path, old: bytes, new: bytes) -> None:
    """Change the bank in place, as an editor might: same size, same inode, mtime restored."""
    assert len(old) == len(new)
    raw = path.read_bytes()
    assert raw.count(old) == 1
    st = os.stat(path)
    with open(path, "r+b") as handle:
        handle.write(raw.replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
    )


def test_a_hand_edit_with_the_same_size_and_time_is_validated_in_full(filled: Bank) -> None:
    assert read_index(filled.path) is not None  # the index names this very file
    hand_edit(filled.path, b'"On-call rewrite"', b'"On-call redone!"')
    bank, trusted = opened(filled.path)
    assert not trusted
    assert "On-call redone!" in {s.title for s in bank}
    # Validated, still its stored form: the index records the new bytes, and is used next.
    index = read_index(filled.path)
    assert index is not None and index.digest == digest_of(filled.path)
    assert opened(filled.path)[1]


def test_a_hand_edit_that_makes_a_story_invalid_is_refused(
    filled: Bank, run: Run, capsys: pytest.CaptureFixture[str]
) -> None:
    kind = b'"kind":"education"'
    hand_edit(filled.path, kind, b'"kind":"educatiox"')
    before = filled.path.read_bytes()
    with pytest.raises(BankError, match="is invalid"):
        Bank(filled.path)
    code, out, err = run("list")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "is invalid" in err and "Traceback" not in err
    assert filled.path.read_bytes() == before


def test_a_key_written_twice_by_a_hand_edit_is_refused_though_the_index_names_the_file(
    filled: Bank,
) -> None:
    # A trusted read skips the per-story check for keys written twice; other bytes are read
    # again with it, so the edit is seen (orjson alone would keep the second title).
    assert read_index(filled.path) is not None
    hand_edit(filled.path, b'"title":"Thesis","hook":""', b'"title":"Thesis","task":""')
    before = filled.path.read_bytes()
    with pytest.raises(BankError, match="twice"):
        Bank(filled.path)
    assert filled.path.read_bytes() == before


def test_a_hand_edit_into_a_story_not_in_its_stored_form_is_read_as_validated(
    filled: Bank,
) -> None:
    # Valid, but not what validation stores (padding is trimmed): taken as the model reads it.
    hand_edit(filled.path, b'"Thesis"', b'" Thes "')
    bank, trusted = opened(filled.path)
    assert not trusted
    assert "Thes" in {s.title for s in bank}
    index = read_index(filled.path)  # the old index still names the file: same inode, size, time
    assert index is None or index.digest != digest_of(filled.path)  # but not these bytes
    assert not opened(filled.path)[1]


def test_an_index_recording_other_bytes_is_not_trusted(filled: Bank, tmp_path: Path) -> None:
    # Another bank's index, copied beside this one with its bank: other key, other bytes.
    other = tmp_path / "other" / "bank.json"
    Bank(other).add(make_story(title="Elsewhere"))
    index_path(filled.path).write_bytes(index_path(other).read_bytes())
    assert not opened(filled.path)[1]


def test_a_bank_without_a_key_is_validated_and_never_trusted(bank_path: Path) -> None:
    bank_path.parent.mkdir(parents=True)
    doc = make_story(title="Old bank").to_json_dict()
    raw = {"meta": {"1": {"schema_version": 2, "generation": 4}}, "stories": {"1": doc}}
    bank_path.write_bytes(orjson.dumps(raw))
    bank, trusted = opened(bank_path)
    assert not trusted and [s.title for s in bank] == ["Old bank"]
    assert not opened(bank_path)[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(stories(), min_size=1, max_size=5))
def test_any_stories_load_trusted_exactly_as_validated(batch: list[Story]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.json"
        saved = Bank(path).add_many(batch)
        bank, trusted = opened(path)
        assert trusted
        assert {s.id: s for s in bank} == {s.id: s for s in saved}
        newest_first = sorted(saved, key=lambda s: s.updated_at, reverse=True)
        assert [s.to_json_dict() for s in bank.all()] == [s.to_json_dict() for s in newest_first]


def test_rehearsal_fields_and_practice_saves_keep_the_bank_trusted(filled: Bank) -> None:
    from datetime import UTC, datetime

    from storybank.practice.records import Review, parse_records, reviewed
    from storybank.practice.schedule import Grade

    story = filled.all()[0]
    filled.change_story(
        story.id, lambda s: s.model_copy(update={"silenced": ["filler"], "cue_notes": "a\nb"})
    )
    stories_before = orjson.loads(filled.path.read_bytes())["stories"]
    answer = Review(datetime(2026, 3, 2, tzinfo=UTC), Grade.GOOD, 100, (10, 20, 50, 20))
    filled.save_practice("Q1", story.id, lambda doc: reviewed(doc, "Q1", story.id, answer))
    filled.save_practice("Q1", story.id, lambda doc: reviewed(doc, "Q1", story.id, answer))
    raw = orjson.loads(filled.path.read_bytes())
    assert raw["stories"] == stories_before  # a practice save touches no story
    bank, trusted = opened(filled.path)
    assert trusted
    assert bank.get(story.id).silenced == ["filler"] and bank.get(story.id).cue_notes == "a\nb"
    assert {s.id: s for s in bank} == read_bank_file(filled.path).stories
    (record,) = parse_records(bank.practice_docs())  # one document per question and story
    assert len(record.reviews) == 2
