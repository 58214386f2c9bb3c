"""The stories' words index kept beside the bank: used only for the very bytes it was made from."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from storybank.core import stemming
from storybank.core.models import Story, revise
from storybank.readiness import facade, questions
from storybank.readiness.facade import WORDS_CACHE, Readiness
from storybank.search.bm25 import BM25
from storybank.store.bank import Bank
from storybank.store.index.sidecache import cache_path
from tests.conftest import make_story

QUESTION = "Tell me about an outage you handled under pressure"


def _fill(bank: Bank) -> None:
    bank.add(make_story(title="The 2 a.m. outage of the payments queue", competencies=[]))
    bank.add(make_story(title="Cut a roadmap to three bets", action="I chose what to drop."))
    bank.add(make_story(title="An archived one", archived=True))


def _ranked(bank: Bank) -> list[tuple[str, float, str, tuple[str, ...]]]:
    answer = Readiness.load(bank).answer(QUESTION)
    return [(m.story.title, m.score, m.certainty, m.words) for m in answer.matches]


def _no_counting(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(story: object) -> dict[str, int]:
        raise AssertionError("the words were counted again")

    monkeypatch.setattr(questions, "story_stems", fail)


def test_a_second_load_reads_the_words_from_the_cache(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(bank)
    first = _ranked(Bank(bank_path))
    path = cache_path(bank_path, WORDS_CACHE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    _no_counting(monkeypatch)
    assert _ranked(Bank(bank_path)) == first
    assert first[0][0] == "The 2 a.m. outage of the payments queue"


def test_a_changed_bank_counts_its_words_again(bank: Bank, bank_path: Path) -> None:
    _fill(bank)
    _ranked(Bank(bank_path))
    other = Bank(bank_path)
    story = next(s for s in other if s.title.startswith("Cut"))
    # Same ids, new words: only the binding to the bank's bytes can tell the cache is old.
    other.update(revise(story, title="A pressure outage we handled overnight"))
    fresh = Bank(bank_path)
    titles = [t for t, *_ in _ranked(fresh)]
    built = facade.build_matcher(fresh, Readiness.load(fresh).catalog, [])
    direct = questions.StoryMatcher(list(fresh), Readiness.load(fresh).catalog, [])
    assert titles[0] == "A pressure outage we handled overnight"
    assert built.words.to_bytes() == direct.words.to_bytes()


@pytest.mark.parametrize("damage", ["flip", "truncate", "public", "recipe"])
def test_a_damaged_or_foreign_cache_is_ignored(
    bank: Bank, bank_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _fill(bank)
    expected = _ranked(Bank(bank_path))
    path = cache_path(bank_path, WORDS_CACHE)
    raw = path.read_bytes()
    if damage == "flip":
        path.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
    elif damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "public":
        os.chmod(path, 0o644)  # anyone else could have written it
    else:
        questions.words_recipe.cache_clear()
        monkeypatch.setattr(stemming, "recipe", lambda: b"other stemming rules")
    counted: list[object] = []
    real = questions.story_stems

    def counting(story: Story) -> dict[str, int]:
        counted.append(story)
        return real(story)

    monkeypatch.setattr(questions, "story_stems", counting)
    assert _ranked(Bank(bank_path)) == expected
    assert len(counted) == 2  # the two active stories, counted again
    questions.words_recipe.cache_clear()


def test_a_bank_that_keeps_no_caches_writes_and_reads_none(bank_path: Path) -> None:
    quiet = Bank(bank_path, keep_caches=False)
    _fill(quiet)
    assert quiet.cache_binding() is None
    assert Readiness.load(quiet).answer(QUESTION).matches
    again = Bank(bank_path, keep_caches=False)
    assert Readiness.load(again).answer(QUESTION).matches
    assert sorted(p.name for p in bank_path.parent.iterdir()) == ["bank.json", "bank.json.lock"]


def test_the_words_index_reads_back_from_its_bytes() -> None:
    index = BM25([{"outag": 2, "night": 1}, {"team": 3}, {"team": 1, "outag": 1, "night": 4}])
    again = BM25.from_bytes(index.to_bytes())
    assert again is not None
    for query in (["outag"], ["team", "night"], ["none"]):
        assert again.scores(query) == index.scores(query)
    assert [again.holds("team", d) for d in range(3)] == [False, True, True]
    assert again.idf("night") == index.idf("night")
    assert BM25.from_bytes(b"") is None
    assert BM25.from_bytes(index.to_bytes()[:-3]) is None
    empty = BM25.from_bytes(BM25([]).to_bytes())
    assert empty is not None and empty.size == 0
    # From a view into a larger buffer (as the words cache hands it over), the same index.
    viewed = BM25.from_bytes(memoryview(b"ids\n" + index.to_bytes() + b"!")[4:-1])
    assert viewed is not None and viewed.scores(["team"]) == index.scores(["team"])
    assert BM25.from_bytes(memoryview(b"ids\n" + index.to_bytes())[4:-2]) is None
