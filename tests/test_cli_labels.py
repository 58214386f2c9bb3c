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
