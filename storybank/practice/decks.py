"""Decks to practise: a competency's questions, a taxonomy's, a job's prep set, or what is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from storybank.core.errors import StorybankError
from storybank.practice.records import Record, due_records

if TYPE_CHECKING:
    from storybank.core.models import Story
    from storybank.readiness.facade import Readiness
    from storybank.readiness.prepare import PrepSet
    from storybank.readiness.questions import Question

DUE = "due"
PITCH = "pitch"
PITCH_PREFIX = "pitch:"  # a pitch part's id where a practice record names its story


@dataclass(frozen=True)
class Card:
    """One thing to practise: a question and the story chosen to answer it (None: no story
    fits yet), or a part of the pitch and its text."""

    question: Question
    story: Story | None
    pitch_text: str = ""  # for a part of the pitch (its kind is the question's id, P-KIND)

    @property
    def ready(self) -> bool:
        """True when there is something to answer with: a story, or the pitch part's text."""
        return self.story is not None or bool(self.pitch_text)

    @property
    def practice_id(self) -> str:
        """What the practice record is kept under: the story's id, or `pitch:KIND`."""
        if self.story is not None:
            return self.story.id
        return PITCH_PREFIX + self.question.id.removeprefix("P-").casefold()

    @property
    def title(self) -> str:
        """What the answer is built on: the story's title, or the pitch."""
        return self.story.title if self.story is not None else "your pitch"

    def cue(self) -> list[str]:
        """The cue card: the story's outline, or the pitch part's text line by line."""
        from storybank.practice.outline import outline

        if self.story is not None:
            return outline(self.story)
        return [line.strip() for line in self.pitch_text.splitlines() if line.strip()]


class DeckError(StorybankError):
    """A deck that names nothing known."""

    title = "No such deck"


def best_story(readiness: Readiness, question: Question) -> Story | None:
    """The story ranked first for the question (None in a bank with no active story)."""
    answer = readiness.answer_question(question, limit=1)
    return answer.matches[0].story if answer.matches else None


def competency_deck(readiness: Readiness, name: str) -> list[Card]:
    """The questions that probe one competency, each with its best story."""
    from storybank.readiness.questions import questions_for

    competency = readiness.catalog.get(name)
    key = competency.key if competency is not None else readiness.catalog.key(name)
    questions = questions_for(readiness.questions, readiness.catalog, key)
    if not questions:
        raise DeckError(f"No question probes “{name}”. `storybank questions` lists them")
    return [Card(q, best_story(readiness, q)) for q in questions]


def taxonomy_deck(readiness: Readiness, taxonomy_id: str) -> list[Card]:
    """The questions of one active taxonomy's competencies, each with its best story."""
    keys = {c.key for c in readiness.catalog.competencies if taxonomy_id in c.taxonomies}
    if not keys:
        active = ", ".join(readiness.settings.active_taxonomies)
        raise DeckError(f"“{taxonomy_id}” is not an active taxonomy (active: {active})")
    questions = [
        q
        for q in readiness.questions
        if any(readiness.catalog.key(c) in keys for c in q.competencies)
    ]
    return [Card(q, best_story(readiness, q)) for q in questions]


def prep_deck(readiness: Readiness, job_text: str) -> list[Card]:
    """A job's prep set: each question it lists, with the story chosen for its competency."""
    return prep_cards(readiness.prepare(job_text))


def prep_cards(prep: PrepSet) -> list[Card]:
    """The cards of a prep set already made (a job ad's, or an interview's)."""
    cards = [Card(q, item.story) for item in prep.items if item.story for q in item.questions[:2]]
    if not cards:
        raise DeckError("The job ad named no competency a story of yours shows yet")
    return cards


def new_deck(readiness: Readiness, records: list[Record], limit: int = 40) -> list[Card]:
    """Questions never practised yet, in the bank's order, each with its best story."""
    done = {r.question_id for r in records}
    fresh = [q for q in readiness.questions if q.id not in done][:limit]
    return [Card(q, best_story(readiness, q)) for q in fresh]


def pitch_deck(readiness: Readiness) -> list[Card]:
    """The parts of the pitch written so far, each asked as its question."""
    from storybank.practice.pitch import pitch_question, pitch_texts

    texts = pitch_texts(readiness.bank.pitch_docs())
    cards = [Card(pitch_question(kind), None, text) for kind, text in texts.items() if text]
    if not cards:
        raise DeckError("No part of the pitch is written yet: `storybank pitch edit about`")
    return cards


def due_deck(readiness: Readiness, records: list[Record], now: datetime) -> list[Card]:
    """What is due by `now`: each question with the story (or pitch) it was practised with."""
    from storybank.practice.pitch import pitch_question, pitch_texts

    cards = []
    by_id = {story.id: story for story in readiness.bank.all(include_archived=False)}
    known = {q.id: q for q in readiness.questions}
    pitch = pitch_texts(readiness.bank.pitch_docs())
    for record in due_records(records, now):
        if record.story_id.startswith(PITCH_PREFIX):
            kind = record.story_id.removeprefix(PITCH_PREFIX)
            if pitch.get(kind):
                cards.append(Card(pitch_question(kind), None, pitch[kind]))
            continue
        question = known.get(record.question_id)
        story = by_id.get(record.story_id)
        if question is not None and story is not None:
            cards.append(Card(question, story))
    return cards
