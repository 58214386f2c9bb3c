"""Import and ids: a random id that clashes is drawn again, and no story is dropped for its id."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storybank.core.models import Story
from storybank.core.taxonomy import Catalog
from storybank.interchange import importing
from storybank.interchange.export import to_json
from storybank.store.bank import Bank
from tests.conftest import Run, make_story
from tests.racing import land_before_lock


def draws(monkeypatch: pytest.MonkeyPatch, *ids: str) -> None:
    """Make the import's new ids come out as `ids`, in order (clashes included)."""
    sequence: Iterator[str] = iter(ids)
    monkeypatch.setattr(importing, "new_story_id", lambda: next(sequence))


def titles_by_id(bank_path: Path) -> dict[str, str]:
    return {s.id: s.title for s in Bank(bank_path)}


def test_other_tools_stories_get_ids_nobody_has(
    bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Run
) -> None:
    there = bank.add(make_story(title="There", id="s-aaaaaaaa"))
    source = tmp_path / "other.json"
    # Other tools' names ("name", "outcome", "headline"), so these are foreign items.
    source.write_text(json.dumps([{"name": "One", "outcome": "r"}, {"headline": "Two"}]))
    # The first draws clash with the stored story, then with the first imported one.
    draws(monkeypatch, "s-aaaaaaaa", "s-bbbbbbbb", "s-aaaaaaaa", "s-bbbbbbbb", "s-cccccccc")
    code, out, err = run("import", str(source))
    assert (code, out, err) == (0, "Imported 2 stories; skipped 0.\n", "")
    assert titles_by_id(bank.path) == {
        there.id: "There",
        "s-bbbbbbbb": "One",
        "s-cccccccc": "Two",
    }


def test_a_story_without_an_id_does_not_take_a_later_items_id(
    bank_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [{"title": "No id"}, {"id": "s-dddddddd", "title": "Has an id"}]
    draws(monkeypatch, "s-dddddddd", "s-eeeeeeee")
    plan = importing.plan_import(items, [], own_format=True)
    assert [(s.id, s.title) for s in plan.to_add] == [
        ("s-eeeeeeee", "No id"),
        ("s-dddddddd", "Has an id"),
    ]
    assert plan.skipped == [] and plan.renamed(plan.to_add) == []


def export_of(tmp_path: Path, *stories: Story) -> Path:
    """A file of our own JSON export holding `stories`."""
    path = tmp_path / "export.json"
    path.write_bytes(to_json(stories))
    return path


def test_own_export_with_an_id_taken_by_another_story_is_imported_under_a_new_id(
    bank: Bank, tmp_path: Path, run: Run
) -> None:
    mine = bank.add(make_story(title="Mine", situation="Here.", id="s-11111111"))
    theirs = make_story(title="From the other laptop", situation="There.", id="s-11111111")
    same = mine.model_copy()  # exported from this very bank: already here
    source = export_of(tmp_path, theirs, same)
    code, out, err = run("import", str(source))
    assert code == 0 and out == "Imported 1 stories; skipped 1.\n"
    [renamed] = [s for s in Bank(bank.path) if s.title == "From the other laptop"]
    assert renamed.id != "s-11111111" and renamed.situation == "There."
    assert err.splitlines() == [
        "skipped item 2 (“Mine”): is already in the bank as s-11111111",
        f"new id for item 1 (“From the other laptop”): s-11111111 is another story's, so it is "
        f"{renamed.id}",
    ]
    assert titles_by_id(bank.path)["s-11111111"] == "Mine"


def test_two_items_with_one_id_are_both_imported(bank_path: Path, tmp_path: Path, run: Run) -> None:
    first = make_story(title="First", situation="One.", id="s-22222222")
    second = make_story(title="Second", situation="Two.", id="s-22222222")
    source = export_of(tmp_path, first, second)
    code, out, err = run("import", str(source), "--dry-run")
    assert code == 0 and "Would import 2 stories" in out
    assert "new id for item 2 (“Second”): s-22222222 is another story's, so it is s-" in err
    assert not bank_path.exists()
    code, out, _ = run("import", str(source))
    assert code == 0 and out == "Imported 2 stories; skipped 0.\n"
    stored = titles_by_id(bank_path)
    assert stored["s-22222222"] == "First" and sorted(stored.values()) == ["First", "Second"]


def test_an_id_taken_between_the_plan_and_the_save_is_reported(
    bank: Bank,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Run,
) -> None:
    bank.add(make_story(title="Already here", situation="Old."))
    source = export_of(tmp_path, make_story(title="Imported", situation="New.", id="s-33333333"))
    land_before_lock(
        monkeypatch,
        bank.path,
        lambda other: other.add(make_story(title="Added meanwhile", id="s-33333333")),
    )
    code, out, err = run("import", str(source))
    assert code == 0 and out == "Imported 1 stories; skipped 0.\n"
    stored = titles_by_id(bank.path)
    assert stored["s-33333333"] == "Added meanwhile"
    [new_id] = [i for i, title in stored.items() if title == "Imported"]
    assert err == (
        f"new id for item 1 (“Imported”): s-33333333 is another story's, so it is {new_id}\n"
    )


def test_tags_naming_a_competency_become_competencies() -> None:
    catalog = Catalog(["general", "amazon"])
    items = [
        {"name": "Migration", "outcome": "r", "competency": "Leadership",
         "tags": ["Team work", "python", "ownership", "Dive deep", "leadership"]},
        {"name": "Audit", "outcome": "r", "tags": "dive deep, budget"},
    ]  # fmt: skip
    plan = importing.plan_import(items, [], own_format=False, catalog=catalog)
    first, second = plan.to_add
    # By name or alias, in any active taxonomy; one already there is not added twice.
    assert first.competencies == ["Leadership", "Teamwork", "Ownership", "Dive Deep"]
    assert first.tags == ["python"]
    assert (second.competencies, second.tags) == (["Dive Deep"], ["budget"])
    assert plan.promoted == [
        ("Team work", "Teamwork"),
        ("ownership", "Ownership"),
        ("Dive deep", "Dive Deep"),
        ("leadership", "Leadership"),
        ("dive deep", "Dive Deep"),
    ]


def test_tags_stay_tags_without_a_catalog_or_in_our_own_export() -> None:
    story = make_story(title="Ours", tags=["leadership"])
    plan = importing.plan_import(
        [story.to_json_dict()], [], own_format=True, catalog=Catalog(["general"])
    )
    assert (plan.to_add[0].tags, plan.to_add[0].competencies, plan.promoted) == (
        ["leadership"],
        story.competencies,
        [],
    )
    foreign = [{"name": "Theirs", "outcome": "r", "tags": ["leadership"]}]
    assert importing.plan_import(foreign, [], own_format=False).to_add[0].tags == ["leadership"]


def test_the_import_report_names_the_tags_that_became_competencies(
    run: Run, bank_path: Path, tmp_path: Path
) -> None:
    assert run("taxonomies", "use", "general", "amazon")[0] == 0
    source = tmp_path / "other.json"
    source.write_text(
        json.dumps(
            [
                {"name": "Cut costs", "outcome": "Saved 20%", "tags": ["frugality", "q3"]},
                {"name": "Pager duty", "outcome": "Calm", "tags": ["incident response"]},
            ]
        )
    )
    code, out, err = run("import", str(source), "--dry-run")
    assert code == 0 and err == ""
    assert (
        "2 tags became competencies: frugality, incident response → Working under pressure; "
        "other tags stay tags." in out
    )
    code, out, _ = run("import", str(source))
    assert code == 0
    # Imported again, both are skipped: no tag of theirs became anything this time.
    code, again, _ = run("import", str(source))
    assert code == 0 and "became" not in again
    stories = {s.title: s for s in Bank(bank_path)}
    assert (stories["Cut costs"].competencies, stories["Cut costs"].tags) == (["Frugality"], ["q3"])
    assert stories["Pager duty"].competencies == ["Working under pressure"]
    assert stories["Pager duty"].tags == []
