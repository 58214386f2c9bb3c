"""The question bank, and the best story for a question: competency overlap, then the words."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storybank.core.errors import QuestionNotFoundError
from storybank.core.models import TEXT_PARTS, Status, Story
from storybank.core.settings import Settings
from storybank.core.taxonomy import Catalog, builtin_questions
from storybank.readiness.matching import (
    CompetencyFinder,
    CompetencyHit,
    content_stems,
    stem,
    tokens,
)

# The most competencies inferred from an ad-hoc question: more would match everything.
MAX_INFERRED = 3
# A story with no competency in common must share at least this many words to be shown.
MIN_TEXT_SCORE = 2
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class Question:
    """A question from the bank (built in `Q…`, or the user's own `U…`)."""

    id: str
    text: str
    competencies: tuple[str, ...]

    @property
    def custom(self) -> bool:
        """True for the user's own questions."""
        return self.id.startswith("U")


def all_questions(settings: Settings) -> list[Question]:
    """The built-in questions, then the user's own."""
    out = [Question(q.id, q.text, tuple(q.competencies)) for q in builtin_questions()]
    out += [Question(q.id, q.text, tuple(q.competencies)) for q in settings.questions]
    return out


def find_question(questions: Iterable[Question], question_id: str) -> Question:
    """The question with this id (case-insensitive), or QuestionNotFoundError."""
    wanted = question_id.strip().upper()
    for question in questions:
        if question.id == wanted:
            return question
    raise QuestionNotFoundError(
        f"No question has the id “{question_id}”. `storybank questions` lists them"
    )


def questions_for(questions: Iterable[Question], catalog: Catalog, key: str) -> list[Question]:
    """The questions that probe the competency with this canonical key."""
    return [q for q in questions if any(catalog.key(c) == key for c in q.competencies)]


@dataclass(frozen=True)
class StoryMatch:
    """A story ranked for a question, with why it matched."""

    story: Story
    competencies: tuple[str, ...]
    words: tuple[str, ...]
    text_score: int

    @property
    def overlap(self) -> int:
        """How many of the question's competencies the story shows."""
        return len(self.competencies)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the story matched, in words."""
        out = []
        if self.competencies:
            label = "competency" if len(self.competencies) == 1 else "competencies"
            out.append(f"{label}: {', '.join(self.competencies)}")
        if self.words:
            out.append("words: " + ", ".join(self.words))
        if self.story.status is Status.DRAFT:
            out.append("draft: missing " + ", ".join(self.story.missing_parts))
        return tuple(out)


@dataclass(frozen=True)
class Answer:
    """The stories ranked for one question, and plain advice when none fits well."""

    question: str
    question_id: str | None
    competencies: tuple[tuple[str, str], ...]  # (key, display name) the question probes
    inferred: bool
    inferred_words: tuple[str, ...]
    matches: tuple[StoryMatch, ...]
    advice: str

    @property
    def fits(self) -> bool:
        """True when a ready story shows at least one of the question's competencies."""
        return any(m.overlap and m.story.status is Status.READY for m in self.matches)


class _Profile:
    """A story's competency keys and word stems, computed once per load."""

    __slots__ = ("body", "keys", "names", "story", "title")

    def __init__(self, story: Story, catalog: Catalog) -> None:
        self.story = story
        self.keys = {catalog.key(c): c for c in story.competencies}
        self.names = {k: catalog.display(k, c) for k, c in self.keys.items()}
        heading = " ".join([story.title, story.hook, *story.tags, *story.competencies])
        self.title = {stem(t) for t in set(tokens(heading))}
        self.body = {stem(t) for t in {t for p in TEXT_PARTS for t in tokens(getattr(story, p))}}


class StoryMatcher:
    """Ranks a bank's stories for any question; build once per load, ask many times."""

    def __init__(self, stories: Iterable[Story], catalog: Catalog) -> None:
        self.catalog = catalog
        self._profiles = [_Profile(s, catalog) for s in stories if not s.archived]
        self._by_id = {p.story.id: p for p in self._profiles}
        names = {c for p in self._profiles for c in p.story.competencies}
        self.finder = CompetencyFinder(catalog, names)

    def infer(self, text: str) -> list[CompetencyHit]:
        """The competencies an ad-hoc question asks about, best first (at most three)."""
        return self.finder.find(text)[:MAX_INFERRED]

    def words_in_common(self, story: Story, stems: set[str]) -> int:
        """How many of `stems` (see matching.content_stems) the story's text holds."""
        profile = self._by_id.get(story.id)
        if profile is None:
            return 0
        return len(stems & (profile.title | profile.body))

    def stories_with(self, key: str) -> list[Story]:
        """The active stories that show the competency with this canonical key."""
        return [p.story for p in self._profiles if key in p.keys]

    def rank(
        self,
        text: str,
        competencies: Sequence[str] | None = None,
        *,
        question_id: str | None = None,
        limit: int | None = None,
    ) -> Answer:
        """Stories for a question: most competencies in common, ready before drafts, then words.

        With `competencies` None (an ad-hoc question) they are inferred from the text.
        """
        inferred_words: tuple[str, ...] = ()
        if competencies is None:
            hits = self.infer(text)
            keys = [h.key for h in hits]
            inferred_words = tuple(dict.fromkeys(w for h in hits for w in h.words))
        else:
            keys = list(dict.fromkeys(self.catalog.key(c) for c in competencies))
        named = tuple((k, self._display(k, competencies)) for k in keys)
        wanted = content_stems(text)
        matches: list[StoryMatch] = []
        for profile in self._profiles:
            shared = tuple(profile.names[k] for k in keys if k in profile.keys)
            in_title = sorted(wanted & profile.title)
            in_body = sorted((wanted & profile.body) - profile.title)
            score = TITLE_WEIGHT * len(in_title) + len(in_body)
            if not shared and score < MIN_TEXT_SCORE:
                continue
            matches.append(StoryMatch(profile.story, shared, (*in_title, *in_body), score))
        matches.sort(
            key=lambda m: (
                -m.overlap,
                m.story.status is not Status.READY,
                -m.text_score,
                -m.story.updated_at.timestamp(),
            )
        )
        answer = Answer(
            question=text,
            question_id=question_id,
            competencies=named,
            inferred=competencies is None,
            inferred_words=inferred_words,
            matches=tuple(matches[:limit]),
            advice="",
        )
        return _with_advice(answer, self)

    def _display(self, key: str, given: Sequence[str] | None) -> str:
        fallback = ""
        for name in given or ():
            if self.catalog.key(name) == key:
                fallback = name
        for profile in self._profiles:
            if key in profile.names:
                fallback = fallback or profile.names[key]
        return self.catalog.display(key, fallback)


def _with_advice(answer: Answer, matcher: StoryMatcher) -> Answer:
    """Say plainly when nothing fits, and name the competency to write a story for."""
    names = [name for _, name in answer.competencies]
    empty = [name for key, name in answer.competencies if not matcher.stories_with(key)]
    if not names and answer.matches:
        advice = (
            "Could not tell which competency this question asks about (no keyword matched), "
            "so stories are ranked by shared words only. Name one with --competency."
        )
    elif not names:
        advice = (
            "No story fits, and no keyword in the question points to a competency. "
            "Name one with --competency to see which stories show it."
        )
    elif answer.fits:
        advice = f"No story shows {', '.join(empty)} yet; consider writing one." if empty else ""
    elif any(m.overlap for m in answer.matches):
        advice = f"Only drafts fit. Finish one, or write a story for {(empty or names)[0]}."
    else:
        advice = f"No story fits this question. Write one for {(empty or names)[0]}."
    if answer.inferred and names and len(answer.inferred_words) < 2:
        weak = "The competency was guessed from one word; name it with --competency if wrong. "
        advice = (weak + advice).strip()
    return dataclasses.replace(answer, advice=advice)
