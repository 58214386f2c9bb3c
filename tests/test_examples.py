"""The shipped examples stay valid, varied and reproducible."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from storybank.core.models import SourceKind, Status
from storybank.interchange.importing import plan_import, read_items
from storybank.store.bank import Bank

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLE = EXAMPLES / "sample-bank.json"


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_sample_bank", EXAMPLES / "build_sample_bank.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _open_copy(tmp_path: Path) -> Bank:
    """Open a copy, so a test can never write into the committed sample."""
    copy = tmp_path / "sample-bank.json"
    copy.write_bytes(SAMPLE.read_bytes())
    return Bank(copy)


def test_sample_bank_is_valid_and_varied(tmp_path: Path) -> None:
    stories = _open_copy(tmp_path).all()
    assert len(stories) >= 12
    competencies = {key for story in stories for key in story.competency_keys()}
    assert len(competencies) >= 8
    kinds = {story.source.kind for story in stories}
    assert {SourceKind.WORK, SourceKind.EDUCATION} <= kinds
    assert any(s.status is Status.DRAFT for s in stories)
    assert any(s.status is Status.READY and not s.archived for s in stories)
    assert any(s.archived for s in stories)


def test_sample_bank_has_two_stories_for_each_main_competency(tmp_path: Path) -> None:
    stories = _open_copy(tmp_path).all(include_archived=False)
    for key in ("leadership", "teamwork", "conflictresolution", "failureandlearning"):
        assert sum(key in s.competency_keys() for s in stories) >= 2, key


def test_import_example_plans_three_stories() -> None:
    items, own = read_items(EXAMPLES / "jrnl-style-import.json")
    plan = plan_import(items, [], own_format=own)
    assert not own
    assert len(plan.to_add) == 3
    assert not plan.invalid and not plan.skipped
    assert all(story.reflection for story in plan.to_add)


def test_build_script_reproduces_the_committed_sample(tmp_path: Path) -> None:
    build: Callable[[Path], None] = _build_script().build
    target = tmp_path / "out" / "sample-bank.json"
    build(target)
    assert target.read_bytes() == SAMPLE.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["sample-bank.json"]


def test_build_script_replaces_an_old_output_and_its_leftovers(tmp_path: Path) -> None:
    build: Callable[[Path], None] = _build_script().build
    target = tmp_path / "sample-bank.json"
    build(target)
    Bank(target).set_archived("s-1a2b3c", True)  # leaves a backups folder and a lock file
    assert (tmp_path / "sample-bank.json.backups").is_dir()
    build(target)
    assert target.read_bytes() == SAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample-bank.json"]
