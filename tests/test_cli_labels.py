"""Competency and tag labels from the CLI and the import: canonical names, add/remove forms."""

from __future__ import annotations

import json
from pathlib import Path

from storybank.core.settings import Settings
from storybank.core.taxonomy import canonical_story
from storybank.store.bank import Bank
from tests.conftest import Run, make_story


def only_story(bank_path: Path) -> list[str]:
    [story] = list(Bank(bank_path))
    return story.competencies


def test_canonical_story_names_known_competencies_by_their_catalog_name() -> None:
    resolver = Settings().catalog().resolver
    story = make_story(competencies=["conflict", "influence", "Conflict resolution", "my own"])
    assert canonical_story(story, resolver).competencies == [
        "Conflict resolution",
        "Influence without authority",
        "my own",
    ]


def test_add_stores_competencies_under_their_canonical_names(run: Run, bank_path: Path) -> None:
    code, _, err = run(
        "add", "--title", "A talk", "--competency", "conflict",
        "--competency", "customer focus", "--competency", "influence", "--competency", "Knitting",
    )  # fmt: skip
    assert code == 0, err
    assert only_story(bank_path) == [
        "Conflict resolution",
        "Customer focus",
        "Influence without authority",
        "Knitting",
    ]


def test_edit_stores_competencies_under_their_canonical_names(run: Run, bank_path: Path) -> None:
    Bank(bank_path).add(make_story(id="s-000001", competencies=["Leadership"]))
    code, _, err = run("edit", "s-000001", "--competency", "team work")
    assert code == 0, err
    assert only_story(bank_path) == ["Teamwork"]


def test_import_stores_competencies_under_their_canonical_names(
    run: Run, bank_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "other-tool.json"
    source.write_text(json.dumps([{"title": "A talk", "skills": "conflict; influence"}]))
    code, _, err = run("import", str(source))
    assert code == 0, err
    assert only_story(bank_path) == ["Conflict resolution", "Influence without authority"]


def test_edit_adds_and_removes_single_labels_keeping_the_rest(run: Run, bank_path: Path) -> None:
    story = make_story(id="s-000001", competencies=["Leadership", "Teamwork"], tags=["a", "b"])
    Bank(bank_path).add(story)
    code, _, err = run(
        "edit", "s-000001", "--add-competency", "conflict", "--remove-competency", "leadership",
        "--add-tag", "c", "--remove-tag", "#a",
    )  # fmt: skip
    assert code == 0, err
    [saved] = list(Bank(bank_path))
    assert saved.competencies == ["Teamwork", "Conflict resolution"]
    assert saved.tags == ["b", "c"]
    assert "Replaced" not in err  # nothing was replaced wholesale


def test_a_replacing_edit_says_what_it_replaced(run: Run, bank_path: Path) -> None:
    Bank(bank_path).add(make_story(id="s-000001", competencies=["Leadership", "Teamwork"]))
    code, _, err = run("edit", "s-000001", "--competency", "Mentoring")
    assert code == 0, err
    assert err.strip() == (
        "Replaced the competencies Leadership, Teamwork with Mentoring; "
        "--add-competency adds one instead."
    )
    assert only_story(bank_path) == ["Mentoring"]


def test_edit_help_says_which_form_does_what(run: Run) -> None:
    code, out, _ = run("edit", "--help", db=False)
    assert code == 0
    flat = " ".join(out.split())
    assert "--competency TEXT What it shows. Replaces the whole list" in flat
    assert "--add-competency TEXT Adds one competency, keeping the rest" in flat
    assert "--remove-tag TEXT Removes one tag, keeping the rest" in flat
