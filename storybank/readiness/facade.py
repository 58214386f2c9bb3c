"""One entry point for front ends: a bank's settings, questions, ranking, coverage and job prep."""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import orjson

from storybank.core.gcpause import gc_paused
from storybank.core.models import Story
from storybank.core.settings import Settings
from storybank.core.taxonomy import Catalog
from storybank.quality.check import check_recipe
from storybank.readiness.coverage import Coverage, StoryCheck, compute_coverage, story_check
from storybank.readiness.keptchecks import kept_rows
from storybank.readiness.prepare import PrepSet, prepare
from storybank.readiness.questions import (
    Answer,
    Question,
    StoryMatcher,
    all_questions,
    find_question,
    words_recipe,
)
from storybank.search.bm25 import BM25
from storybank.store.bank import Bank
from storybank.store.settings import load_settings

# The cache beside the bank of its active stories' words index (`<bank>.words`).
WORDS_CACHE = "words"
# The cache beside the bank of what coverage uses of its active stories' quality checks
# (`<bank>.quality`): their score, whether each is strong, and the first change to make.
QUALITY_CACHE = "quality"


def build_matcher(bank: Bank, catalog: Catalog, questions: Sequence[Question]) -> StoryMatcher:
    """The story matcher of the bank as it is now, its words index read from the cache beside
    the bank when that was made from these very bytes, and cached there when it was not.

    Counting and stemming every story's words is most of the matcher's cost (about a second
    at 10,000 stories); the index it makes depends on the stories alone, so it is kept.
    """
    binding = bank.cache_binding()
    stories = [s for s in bank if not s.archived]
    if binding is not None and binding != bank.cache_binding():
        binding = None  # the bank changed while its stories were read: no cache for this
    words = None
    if binding is not None:
        payload = bank.read_cache(WORDS_CACHE, words_recipe(), binding)
        words = None if payload is None else _words_from(payload, stories)
    matcher = StoryMatcher(stories, catalog, questions, words)
    if words is None and binding is not None:
        ids = orjson.dumps([s.id for s in stories])
        bank.write_cache(
            WORDS_CACHE, words_recipe(), binding, ids + b"\n" + matcher.words.to_bytes()
        )
    return matcher


def _words_from(payload: bytes, stories: Sequence[Story]) -> BM25 | None:
    """The words index in a cache's `payload` if it indexes exactly `stories`, in order."""
    cut = payload.find(b"\n")
    try:
        ids = orjson.loads(payload[:cut]) if cut >= 0 else None
    except orjson.JSONDecodeError:
        return None
    if ids != [s.id for s in stories]:
        return None
    words = BM25.from_bytes(memoryview(payload)[cut + 1 :])  # no copy of 5 MB at 10,000
    return words if words is not None and words.size == len(stories) else None


def checked(bank: Bank, coverage: Coverage) -> Coverage:
    """`coverage` with its quality checks: each read from the cache beside the bank when it
    was made from that very story, the others made now (and the cache written again).

    Checking every story is nearly all of checked coverage's cost (about half a millisecond
    a story); see `readiness.keptchecks` for how a check is kept and found again.
    """
    recipe = _QUALITY_RECIPE + check_recipe()
    rows = kept_rows(bank, coverage.stories, (QUALITY_CACHE, recipe), _check_row, _is_check_row)
    if rows is None:
        return coverage.with_quality()
    return coverage.with_quality({sid: StoryCheck(*row) for sid, row in rows.items()})


# The shape of the quality cache's record (a change to it makes every cache be made again).
_QUALITY_RECIPE = b"bank, stories, checks|"


def _check_row(story: Story) -> list[object]:
    """What coverage uses of `story`'s check, as a cache row."""
    return list(story_check(story))


def _is_check_row(row: object) -> bool:
    """True when `row` has the shape `_check_row` gives."""
    return (
        type(row) is list
        and len(row) == 3
        and type(row[0]) is int
        and type(row[1]) is bool
        and type(row[2]) is str
    )


@dataclass
class Readiness:
    """What a bank holds for interview readiness, built once per load of the bank.

    The story matcher is built when first asked for (coverage never needs it); an app builds
    it at once with `warm`, in a worker thread (about 0.7 s at 10,000 stories), then asks it
    many times. Rebuild it all when `bank.revision` moves on (see `is_current`).
    """

    bank: Bank
    settings: Settings
    catalog: Catalog
    questions: list[Question]
    revision: int
    _coverage: Coverage | None = field(default=None, repr=False)
    _checked: Coverage | None = field(default=None, repr=False)
    _matcher: StoryMatcher | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, bank: Bank) -> Readiness:
        """Read the settings (BankError if invalid); the stories are indexed when first asked."""
        settings = load_settings(bank)
        catalog = settings.catalog()
        questions = all_questions(settings)
        return cls(
            bank=bank,
            settings=settings,
            catalog=catalog,
            questions=questions,
            revision=bank.revision,
        )

    @property
    def matcher(self) -> StoryMatcher:
        """The ranking of the bank's active stories for any question (built on first use)."""
        with self._lock:
            if self._matcher is None:
                # Everything made here lives as long as the matcher: passes would only walk it.
                with gc_paused():
                    self._matcher = build_matcher(self.bank, self.catalog, self.questions)
            return self._matcher

    def warm(self) -> None:
        """Build the matcher now (an app does, in its worker, before the first question)."""
        _ = self.matcher

    def is_current(self) -> bool:
        """False once the bank changed since this was built."""
        return self.revision == self.bank.revision

    def question(self, question_id: str) -> Question:
        """A question by id (QuestionNotFoundError if none)."""
        return find_question(self.questions, question_id)

    def answer(
        self,
        text: str,
        competencies: Sequence[str] | None = None,
        *,
        question_id: str | None = None,
        limit: int | None = None,
    ) -> Answer:
        """Rank the stories for a question text (competencies inferred when None)."""
        return self.matcher.rank(text, competencies, question_id=question_id, limit=limit)

    def answer_question(self, question: Question, *, limit: int | None = None) -> Answer:
        """Rank the stories for a question of the bank."""
        return self.answer(
            question.text, list(question.competencies), question_id=question.id, limit=limit
        )

    def coverage(self) -> Coverage:
        """Competencies × stories, gaps, thin spots and uncovered questions (computed once)."""
        if self._coverage is None:
            self._coverage = compute_coverage(self.bank, self.catalog, self.questions)
        return self._coverage

    def checked_coverage(self) -> Coverage:
        """Coverage with the quality check's strong stories and the weak ones to fix first
        (computed once; half a millisecond a story, unless the cache beside the bank has them)."""
        if self._checked is None:
            self._checked = checked(self.bank, self.coverage())
        return self._checked

    def prepare(
        self, job_text: str, *, limit: int | None = None, told: Collection[str] = frozenset()
    ) -> PrepSet:
        """The competencies a job ad asks for and the best story for each (those in `told`,
        already told to the company, only when nothing else fits)."""
        return prepare(job_text, self.matcher, self.questions, limit=limit, told=told)
