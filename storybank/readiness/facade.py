"""One entry point for front ends: a bank's settings, questions, ranking, coverage and job prep."""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from storybank.core.settings import Settings
from storybank.core.taxonomy import Catalog
from storybank.readiness.coverage import Coverage, compute_coverage
from storybank.readiness.prepare import PrepSet, prepare
from storybank.readiness.questions import (
    Answer,
    Question,
    StoryMatcher,
    all_questions,
    find_question,
)
from storybank.store.bank import Bank
from storybank.store.settings import load_settings


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
                self._matcher = StoryMatcher(self.bank, self.catalog, self.questions)
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

    def prepare(
        self, job_text: str, *, limit: int | None = None, told: Collection[str] = frozenset()
    ) -> PrepSet:
        """The competencies a job ad asks for and the best story for each (those in `told`,
        already told to the company, only when nothing else fits)."""
        return prepare(job_text, self.matcher, self.questions, limit=limit, told=told)
