"""The stories' quality checks kept beside the bank: used only for the bytes they were made from."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest

from storybank.core.models import Story, revise
from storybank.quality.check import check_recipe, check_story
from storybank.readiness import coverage as coverage_module, facade, keptchecks
from storybank.readiness.coverage import Coverage
from storybank.readiness.facade import QUALITY_CACHE, Readiness
from storybank.store.bank import Bank
from storybank.store.index.sidecache import cache_path
from tests.quality_cases import CASES, CHECKOUT, ONCALL, Case, story
from tests.test_crypt import PASSPHRASE, encrypt, use


def _fill(bank: Bank) -> None:
    bank.add(story(ONCALL, competencies=["Leadership"]))
    bank.add(story(CHECKOUT, result="", competencies=["Conflict resolution"]))
    bank.add(story(CHECKOUT, task="", title="Also weak", competencies=["Leadership"]))
    bank.add(story(CHECKOUT, title="An archived one", archived=True))


def _fresh(bank_path: Path) -> Coverage:
    """Coverage checked from scratch, with no cache read or written."""
    return Readiness.load(Bank(bank_path, keep_caches=False)).checked_coverage()


def _recording(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Story]:
    """Record every story that `owner.name` (a function of one story) is called with."""
    seen: list[Story] = []
    real = getattr(owner, name)

    def recording(story: Story) -> object:
        seen.append(story)
        return real(story)

    monkeypatch.setattr(owner, name, recording)
    return seen


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Story]:
    """Record every story the quality check is run on."""
    return _recording(monkeypatch, coverage_module, "report_for")


def test_a_second_run_reads_the_checks_from_the_cache_and_matches_a_fresh_one(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(bank)
    first = Readiness.load(Bank(bank_path)).checked_coverage()
    path = cache_path(bank_path, QUALITY_CACHE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    expected = _fresh(bank_path)
    assert first == expected
    checked = _counting(monkeypatch)
    cached = Readiness.load(Bank(bank_path)).checked_coverage()
    assert checked == []  # nothing checked again
    assert cached == expected
    assert [row.strong for row in cached.rows] == [row.strong for row in expected.rows]
    assert cached.fix_first == expected.fix_first and len(cached.fix_first) == 2
    assert cached.fix_first[0].first_change.startswith("Write the result")


def test_a_changed_bank_checks_only_its_changed_stories_again(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(bank)
    Readiness.load(Bank(bank_path)).checked_coverage()
    other = Bank(bank_path)
    weak = next(s for s in other if s.title == "Also weak")
    strong = next(s for s in other if s.competencies == ["Leadership"] and s is not weak)
    # Same ids, new words: the weak story becomes strong and the strong one weak.
    other.update(revise(weak, task=strong.task))
    other.update(revise(strong, result=""))
    checked = _counting(monkeypatch)
    cached = Readiness.load(Bank(bank_path)).checked_coverage()
    assert sorted(s.id for s in checked) == sorted([weak.id, strong.id])
    assert cached == _fresh(bank_path)
    assert strong.id in [w.story_id for w in cached.fix_first]
    assert weak.id not in [w.story_id for w in cached.fix_first]
    checked.clear()
    assert Readiness.load(Bank(bank_path)).checked_coverage() == cached
    assert checked == []  # the cache written by that run holds the changed stories too


def _counting_prints(monkeypatch: pytest.MonkeyPatch) -> list[Story]:
    """Record every story whose digest is taken."""
    return _recording(monkeypatch, keptchecks, "story_print")


def test_the_same_bank_bytes_take_no_story_digest_again(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(bank)
    first = Readiness.load(Bank(bank_path)).checked_coverage()
    assert first == _fresh(bank_path)
    taken = _counting_prints(monkeypatch)
    checked = _counting(monkeypatch)
    assert Readiness.load(Bank(bank_path)).checked_coverage() == first
    assert taken == [] and checked == []


def test_a_save_that_keeps_every_story_reuses_the_checks_and_records_the_new_bytes(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(bank)
    first = Readiness.load(Bank(bank_path)).checked_coverage()
    Bank(bank_path).save_settings(lambda doc: {**doc, "checkin_days": 9})  # new bank bytes
    taken = _counting_prints(monkeypatch)
    checked = _counting(monkeypatch)
    assert Readiness.load(Bank(bank_path)).checked_coverage() == first
    assert len(taken) == 3 and checked == []  # each story's digest found its kept check
    taken.clear()
    assert Readiness.load(Bank(bank_path)).checked_coverage() == first
    assert taken == []  # that run recorded the new bytes


@pytest.mark.parametrize("damage", ["flip", "truncate", "public", "recipe", "shape"])
def test_a_damaged_stale_or_foreign_cache_is_ignored(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _fill(bank)
    expected = Readiness.load(Bank(bank_path)).checked_coverage()
    path = cache_path(bank_path, QUALITY_CACHE)
    raw = path.read_bytes()
    if damage == "flip":
        path.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
    elif damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "public":
        os.chmod(path, 0o644)  # anyone else could have written it
    elif damage == "recipe":
        monkeypatch.setattr(facade, "check_recipe", lambda: b"other quality rules")
    else:
        # Signed with the bank's key and bound to its bytes, but not a list of checks.
        signed = Bank(bank_path)
        bank_binding = signed.cache_binding()
        assert bank_binding is not None
        binding = bank_binding._replace(digest=keptchecks.BY_STORY)
        prints = {s.id: keptchecks.story_print(s) for s in signed if not s.archived}
        record = {
            "bank": bank_binding.digest.decode(),
            "stories": prints,
            "checks": {mark: [100, "yes", ""] for mark in prints.values()},
        }
        recipe = facade._QUALITY_RECIPE + check_recipe()
        signed.write_cache(QUALITY_CACHE, recipe, binding, orjson.dumps(record))
    checked = _counting(monkeypatch)
    assert Readiness.load(Bank(bank_path)).checked_coverage() == expected
    assert len(checked) == 3  # the three active stories, checked again


def test_a_bank_that_keeps_no_caches_writes_none(bank_path: Path) -> None:
    quiet = Bank(bank_path, keep_caches=False)
    _fill(quiet)
    assert Readiness.load(quiet).checked_coverage().fix_first
    assert not cache_path(bank_path, QUALITY_CACHE).exists()


def test_an_encrypted_bank_keeps_no_checks_beside_it(bank: Bank, bank_path: Path) -> None:
    _fill(bank)
    expected = Readiness.load(Bank(bank_path)).checked_coverage()
    active = [s for s in Bank(bank_path) if not s.archived]
    reports = keptchecks.checked_reports(Bank(bank_path), active)
    kept = [cache_path(bank_path, QUALITY_CACHE), cache_path(bank_path, keptchecks.CHECKS_CACHE)]
    assert all(path.exists() for path in kept)
    encrypt(bank_path)  # the checks name findings of the stories: removed with the index
    assert not any(path.exists() for path in kept)
    use(PASSPHRASE)
    assert Readiness.load(Bank(bank_path)).checked_coverage() == expected
    assert keptchecks.checked_reports(Bank(bank_path), active) == reports
    assert not any(path.exists() for path in kept)


def test_a_story_digest_changes_with_every_field_the_nested_source_too() -> None:
    base = story(ONCALL, competencies=["Leadership"])
    assert keptchecks.story_print(base.model_copy()) == keptchecks.story_print(base)
    changes: dict[str, object] = {
        "title": "Another title",
        "silenced": ["filler"],
        "competencies": ["Ownership"],
        "archived": True,
        "source": base.source.model_copy(update={"organization": "Elsewhere"}),
    }
    prints = {keptchecks.story_print(base.model_copy(update={k: v})) for k, v in changes.items()}
    assert keptchecks.story_print(base) not in prints and len(prints) == len(changes)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_report_kept_as_a_row_comes_back_the_same(case: Case) -> None:
    row = keptchecks.report_row(case.story)
    assert keptchecks.is_report_row(orjson.loads(orjson.dumps(row)))
    back = keptchecks.report_from_row(case.story, orjson.loads(orjson.dumps(row)))
    fresh = check_story(case.story)
    assert back == fresh
    assert back.to_json() == fresh.to_json() and back.costs() == fresh.costs()


@pytest.mark.parametrize(
    "row",
    [
        [{}, []],
        [{"filler": "3"}, [], []],
        [{"no-such-rule": 3}, [], []],
        [{"filler": 3}, [["filler", "action", "Cut it.", "Why.", "1"]], []],
        [{"filler": 3}, [["filler", "action", "Cut it.", "Why."]], []],
        [{}, [["filler", "action", "Cut it.", "Why.", 1]], []],  # a finding with no deduction
        [{}, [], [[["filler"], "action", "Cut it.", "Why.", 1]]],
        [{}, [], "none"],
    ],
)
def test_a_row_not_of_a_reports_shape_is_refused(row: object) -> None:
    assert not keptchecks.is_report_row(row)


def test_a_signed_reports_cache_with_rows_of_another_shape_is_made_again(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(bank)
    signed = Bank(bank_path)
    active = [s for s in signed if not s.archived]
    expected = [check_story(s) for s in active]
    bank_binding = signed.cache_binding()
    assert bank_binding is not None
    prints = {s.id: keptchecks.story_print(s) for s in active}
    record = {
        "bank": bank_binding.digest.decode(),
        "stories": prints,
        "checks": {
            mark: [{"filler": 3}, [["filler", 1, "", "", 1]], []] for mark in prints.values()
        },
    }
    recipe = keptchecks._REPORTS_RECIPE + check_recipe()
    binding = bank_binding._replace(digest=keptchecks.BY_STORY)
    signed.write_cache(keptchecks.CHECKS_CACHE, recipe, binding, orjson.dumps(record))
    checked = _recording(monkeypatch, keptchecks, "check_story")
    assert keptchecks.checked_reports(Bank(bank_path), active) == expected
    assert len(checked) == 3  # the three active stories, checked again
    checked.clear()
    assert keptchecks.checked_reports(Bank(bank_path), active) == expected
    assert checked == []  # and kept


def test_a_bank_that_keeps_no_caches_checks_every_story_and_keeps_no_reports(
    bank_path: Path,
) -> None:
    quiet = Bank(bank_path, keep_caches=False)
    _fill(quiet)
    active = [s for s in quiet if not s.archived]
    assert keptchecks.checked_reports(quiet, active) == [check_story(s) for s in active]
    assert not cache_path(bank_path, keptchecks.CHECKS_CACHE).exists()
