"""The question bank, and the best story for a question: competency overlap, then the words."""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from storybank.core import stemming
from storybank.core.errors import QuestionNotFoundError
from storybank.core.models import TEXT_PARTS, Status, Story
from storybank.core.settings import Settings
from storybank.core.taxonomy import Catalog, builtin_questions, taxonomy_questions
from storybank.readiness.matching import CompetencyHit
from storybank.readiness.understanding import Known, QuestionReader, Reading
from storybank.search.bm25 import BM25

# The most competencies named for an ad-hoc question: more would match everything.
MAX_INFERRED = 3
# A competency is named for a question from this weight on (the best one always is).
NAME_FLOOR = 0.3
# The title, hook and labels say what a story is about: their words count this many times.
TITLE_WEIGHT = 2
# How much a close match of the story's own words adds, next to a competency's weight (0–1).
TEXT_WEIGHT = 0.8
# Only the closest related competency counts, and a little less than an exact one.
RELATED_SHARE = 0.8
# A draft cannot be told yet: it comes after ready stories with the same competencies.
DRAFT_PENALTY = TEXT_WEIGHT
STRONG, POSSIBLE, WEAK = "strong", "possible", "weak"
# The words of a competency asked for this strongly count, at this share, as the question's.
EXPAND_FROM = 0.5
EXPAND_SHARE = 0.3
# A competency asked for with this weight, shown by a ready story, makes a strong match.
STRONG_COMPETENCY = 0.6
POSSIBLE_LINK = 0.3


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
    """The built-in questions, those of each active taxonomy, then the user's own."""
    shipped = list(builtin_questions())
    for taxonomy_id in settings.active_taxonomies:
        # Asked in that taxonomy's words (Q101… Amazon, Q201… TIH): listed while it is in use.
        shipped += taxonomy_questions(taxonomy_id)
    out = [Question(q.id, q.text, tuple(q.competencies)) for q in shipped]
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
    words: tuple[str, ...]  # the question's own words that the story holds
    text_score: float  # how closely the story's words match the question (0–1)
    related: tuple[str, ...] = ()  # the story's competencies related to those asked for
    score: float = 0.0
    certainty: str = WEAK  # strong, possible or weak

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
        if self.related:
            out.append("related: " + ", ".join(self.related))
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
    similar: tuple[str, ...] = ()  # known questions it resembles, when they shaped the guess

    @property
    def certainty(self) -> str:
        """How sure the best match is: strong, possible or weak ("none" with no stories)."""
        return self.matches[0].certainty if self.matches else "none"

    @property
    def fits(self) -> bool:
        """True when a ready story shows at least one of the question's competencies."""
        return any(m.overlap and m.story.status is Status.READY for m in self.matches)


def story_stems(story: Story) -> dict[str, int]:
    """What the story's words index holds of a story: its stems, each with its count, the
    heading's (title, hook, labels) counted TITLE_WEIGHT times."""
    heading = " ".join([story.title, story.hook, *story.tags, *story.competencies])
    title = stemming.stem_counts(heading)
    body = stemming.stem_counts("\n".join(getattr(story, p) for p in TEXT_PARTS))
    for term, count in title.items():
        body[term] = body.get(term, 0) + TITLE_WEIGHT * count
    return body


@functools.cache
def words_recipe() -> bytes:
    """How the stories' words index is made (the stemming rules and the weights): an index
    made another way is not this one."""
    return b"%s|%d|%s" % (stemming.recipe(), TITLE_WEIGHT, ",".join(TEXT_PARTS).encode())


_Labels = tuple[dict[str, str], dict[str, str]]  # key -> name as given, key -> display name


class _Profile:
    """A story's competency keys, computed once per load."""

    __slots__ = ("draft", "keys", "names", "newest", "story")

    def __init__(
        self, story: Story, catalog: Catalog, labels: dict[tuple[str, ...], _Labels]
    ) -> None:
        self.story = story
        # Most stories repeat a few lists of competencies: each list is resolved once.
        given = tuple(story.competencies)
        found = labels.get(given)
        if found is None:
            keys = {catalog.key(c): c for c in given}
            found = labels[given] = (keys, {k: catalog.display(k, c) for k, c in keys.items()})
        self.keys, self.names = found
        # Read on every ranking of every candidate: computed once here.
        self.draft = story.status is not Status.READY
        self.newest = -story.updated_at.timestamp()


class StoryMatcher:
    """Ranks a bank's stories for any question; build once per load, ask many times."""

    def __init__(
        self,
        stories: Iterable[Story],
        catalog: Catalog,
        known: Iterable[Question] = (),
        words: BM25 | None = None,
    ) -> None:
        """`words`, when given, is the words index of exactly the active `stories` in their
        order (as `words_index` made it); it is built here otherwise."""
        self.catalog = catalog
        labels: dict[tuple[str, ...], _Labels] = {}
        self._profiles = [_Profile(s, catalog, labels) for s in stories if not s.archived]
        self._positions = {p.story.id: i for i, p in enumerate(self._profiles)}
        self._in_common: tuple[frozenset[str], Counter[int]] | None = None
        self._by_key: dict[str, list[int]] = {}
        for index, profile in enumerate(self._profiles):
            for key in profile.keys:
                self._by_key.setdefault(key, []).append(index)
        names = {c for p in self._profiles for c in p.story.competencies}
        learned = [Known(q.text, q.competencies) for q in known if q.custom]
        self.reader = QuestionReader(catalog, names, learned)
        self.finder = self.reader.finder
        if words is None or words.size != len(self._profiles):
            words = BM25(story_stems(p.story) for p in self._profiles)
        self._text = words

    @property
    def words(self) -> BM25:
        """The index of the active stories' words, in their order (see `story_stems`)."""
        return self._text

    @property
    def size(self) -> int:
        """How many stories it ranks (the active ones)."""
        return len(self._profiles)

    def infer(self, text: str) -> list[CompetencyHit]:
        """The competencies an ad-hoc question asks about, best first (at most three)."""
        return self.reader.read(text).hits(NAME_FLOOR)[:MAX_INFERRED]

    def read(self, text: str) -> Reading:
        """What a question or a line of a job ad asks about (see understanding.QuestionReader)."""
        return self.reader.read(text)

    def words_in_common(self, story: Story, stems: set[str]) -> int:
        """How many of `stems` (see matching.content_stems) the story's text holds."""
        index = self._positions.get(story.id)
        if index is None:
            return 0
        # Asked for many stories with the same words (a job ad's): counted for all at once.
        wanted = frozenset(stems)
        last = self._in_common
        if last is None or last[0] != wanted:
            last = self._in_common = (wanted, self._text.holding(wanted))
        return last[1].get(index, 0)

    def stories_with(self, key: str) -> list[Story]:
        """The active stories that show the competency with this canonical key."""
        return [self._profiles[i].story for i in self._by_key.get(key, ())]

    def rank(
        self,
        text: str,
        competencies: Sequence[str] | None = None,
        *,
        question_id: str | None = None,
        limit: int | None = None,
    ) -> Answer:
        """Every story that fits at all, best first, each with how sure and why.

        With `competencies` None (an ad-hoc question) they are read from the text. A bank
        with active stories never answers with none: with no signal at all, all are listed.
        """
        inferred_words: tuple[str, ...] = ()
        similar: tuple[str, ...] = ()
        if competencies is None:
            reading = self.reader.read(text)
            exact = reading.exact
            related = reading.related
            shown = [s for s in reading.signals if s.weight >= NAME_FLOOR] or list(
                reading.signals[:1]
            )
            shown = shown[:MAX_INFERRED]
            keys = [s.key for s in shown]
            inferred_words = tuple(dict.fromkeys(w for s in shown for w in s.words))
            similar = tuple(dict.fromkeys(q for s in shown for q in s.similar))[:2]
        else:
            keys = list(dict.fromkeys(self.catalog.key(c) for c in competencies))
            exact = dict.fromkeys(keys, 1.0)
            related = {
                k: w
                for k, w in self.reader.crosswalk.spread(exact).items()
                if k not in exact and self.reader.known_key(k)
            }
        named = tuple((k, self._display(k, competencies)) for k in keys)
        surface: dict[str, str] = {}
        for word in stemming.content_words(text):
            surface.setdefault(stemming.stem(word), word)
        query = list(surface)
        # The words of what is asked for count a little too, so "a crisis under pressure"
        # meets a story about an outage.
        extra: dict[str, float] = {}
        for key, weight in exact.items():
            if weight >= EXPAND_FROM:
                for term in self.reader.vocabulary(key):
                    extra[term] = max(extra.get(term, 0.0), EXPAND_SHARE * weight)
        text_scores = self._text.scores(query, extra)
        best = self._text.ceiling(query)
        candidates = set(text_scores)
        for key in (*exact, *related):
            candidates.update(self._by_key.get(key, ()))
        scored = [
            self._score(i, exact, related, min(1.0, text_scores.get(i, 0.0) / best) if best else 0)
            for i in candidates
        ]
        if not scored:  # nothing points anywhere: still show the bank, plainly unsure
            scored = [self._score(i, {}, {}, 0.0) for i in range(len(self._profiles))]

        def order(item: tuple[float, bool, int, float]) -> tuple[float, bool, float]:
            return (-item[0], item[1], self._profiles[item[2]].newest)

        # Only the stories shown are explained: at 10,000 stories most are never looked at.
        top = sorted(scored, key=order) if limit is None else heapq.nsmallest(limit, scored, order)
        matches = _sureness_falls(
            [self._match(i, exact, related, t, total, surface) for total, _, i, t in top]
        )
        answer = Answer(
            question=text,
            question_id=question_id,
            competencies=named,
            inferred=competencies is None,
            inferred_words=inferred_words,
            matches=tuple(matches),
            advice="",
            similar=similar,
        )
        return _with_advice(answer, self, exact)

    def _score(
        self, index: int, exact: dict[str, float], related: dict[str, float], text: float
    ) -> tuple[float, bool, int, float]:
        """(score, is a draft, index, text closeness) of one story."""
        profile = self._profiles[index]
        total = sum(exact[k] for k in profile.keys if k in exact)
        near = [related[k] for k in profile.keys if k in related and k not in exact]
        total += RELATED_SHARE * max(near, default=0.0) + TEXT_WEIGHT * text
        draft = profile.draft
        return (total - DRAFT_PENALTY if draft else total), draft, index, text

    def _match(
        self,
        index: int,
        exact: dict[str, float],
        related: dict[str, float],
        text: float,
        total: float,
        surface: dict[str, str],
    ) -> StoryMatch:
        profile = self._profiles[index]
        shared = [k for k in exact if k in profile.keys]
        near = [k for k in profile.keys if k in related and k not in exact]
        near.sort(key=lambda k: -related[k])
        words = tuple(word for term, word in surface.items() if self._text.holds(term, index))
        best = max((exact[k] for k in shared), default=0.0)
        closest = max((related[k] for k in near), default=0.0)
        if profile.story.status is Status.READY and (
            best >= STRONG_COMPETENCY or (best >= POSSIBLE_LINK and text >= 0.3) or text >= 0.6
        ):
            certainty = STRONG
        elif best >= POSSIBLE_LINK or closest >= POSSIBLE_LINK or text >= 0.25:
            certainty = POSSIBLE
        else:
            certainty = WEAK
        return StoryMatch(
            profile.story,
            tuple(profile.names[k] for k in shared),
            words,
            round(text, 3),
            tuple(profile.names[k] for k in near),
            round(total, 3),
            certainty,
        )

    def _display(self, key: str, given: Sequence[str] | None) -> str:
        fallback = ""
        for name in given or ():
            if self.catalog.key(name) == key:
                fallback = name
        for profile in self._profiles:
            if key in profile.names:
                fallback = fallback or profile.names[key]
        return self.catalog.display(key, fallback)


def _sureness_falls(matches: list[StoryMatch]) -> list[StoryMatch]:
    """`matches` with no story said to be surer than one ranked above it.

    A story is labelled by its strongest single link and ranked by all its links together, so
    a "possible" could sit below a "weak"; the order is the advice, so the label follows it.
    """
    levels = (WEAK, POSSIBLE, STRONG)
    cap = STRONG
    kept: list[StoryMatch] = []
    for match in matches:
        if levels.index(match.certainty) > levels.index(cap):
            match = replace(match, certainty=cap)
        cap = match.certainty
        kept.append(match)
    return kept


def _with_advice(answer: Answer, matcher: StoryMatcher, exact: dict[str, float]) -> Answer:
    """Say how sure the match is, and name the competency worth a new story."""
    names = [name for _, name in answer.competencies]
    empty = [name for key, name in answer.competencies if not matcher.stories_with(key)]
    certainty = answer.certainty
    if not names and answer.matches:
        advice = (
            "Could not tell which competency this question asks about, so stories are ranked "
            "by their own words. Name one with --competency."
        )
    elif not names:
        advice = "No story yet. Write one and label it with a competency."
    elif answer.fits and certainty == STRONG:
        advice = f"No story shows {', '.join(empty)} yet; consider writing one." if empty else ""
    elif answer.fits and empty:
        advice = f"A possible fit; a story for {empty[0]} would fit better."
    elif answer.fits:
        # A story for each competency exists: what is unsure is the reading of the question.
        advice = "A possible fit: the question does not clearly name what it asks about."
    elif any(m.overlap for m in answer.matches):
        advice = f"Only drafts fit. Finish one, or write a story for {(empty or names)[0]}."
    elif answer.matches:
        advice = (
            f"No story shows {(empty or names)[0]}; these are the closest. "
            f"Write one for {(empty or names)[0]}."
        )
    else:
        advice = f"No story yet. Write one for {(empty or names)[0]}."
    top = max(exact.values(), default=0.0)
    if answer.inferred and names and len(answer.inferred_words) < 2 and top < STRONG_COMPETENCY:
        weak = "The competency was guessed from one word; name it with --competency if wrong. "
        advice = (weak + advice).strip()
    return replace(answer, advice=advice)
