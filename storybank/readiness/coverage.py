"""Coverage: which competencies and questions have stories, which are gaps or thin, and sources."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from storybank.core.models import SourceKind, Status, Story
from storybank.core.taxonomy import Catalog
from storybank.quality.check import READY_SCORE, report_for
from storybank.readiness.questions import Question

# PRODUCT: at least two stories per competency; fewer is a thin spot.
ENOUGH = 2
OTHER_KINDS = (SourceKind.VOLUNTEER, SourceKind.PERSONAL)
# How many weak stories coverage names to fix first.
FIX_FIRST = 5


class StoryCheck(NamedTuple):
    """What coverage needs of a story's quality check: its score, whether it is strong, and
    the first thing to change ("" when nothing is)."""

    score: int
    strong: bool
    first_change: str


def story_check(story: Story) -> StoryCheck:
    """The quality check of `story`, as much of it as coverage uses."""
    report = report_for(story)
    first = report.findings[0].change if report.findings else ""
    return StoryCheck(report.score, report.strong, first)


@dataclass(frozen=True)
class CompetencyRow:
    """One competency: the stories that show it and what they are made of."""

    key: str
    name: str
    description: str
    taxonomies: tuple[str, ...]  # empty when the competency is only used on stories
    story_ids: tuple[str, ...]
    ready: int
    kinds: dict[str, int]
    strong: int = 0  # ready stories that also score READY_SCORE or more: truly ready

    @property
    def count(self) -> int:
        """How many active stories show this competency."""
        return len(self.story_ids)

    @property
    def gap(self) -> bool:
        """No story at all."""
        return self.count == 0

    @property
    def thin(self) -> bool:
        """Some stories, but fewer than two."""
        return 0 < self.count < ENOUGH

    @property
    def status(self) -> str:
        """`gap`, `thin` or `ok`."""
        return "gap" if self.gap else "thin" if self.thin else "ok"


@dataclass(frozen=True)
class QuestionGap:
    """A question with no good (ready) story for any of its competencies."""

    question: Question
    names: tuple[str, ...]
    drafts: tuple[str, ...]  # ids of draft stories that would fit once finished


@dataclass(frozen=True)
class WeakStory:
    """A story below the quality threshold, worth fixing: what it scores, what it would cover
    and the first thing to change."""

    story_id: str
    title: str
    score: int
    unlocks: tuple[str, ...]  # competencies with no truly ready story that it shows
    first_change: str  # the first finding's advice ("" when only a part is missing)


@dataclass(frozen=True)
class Coverage:
    """Competencies × stories for one bank, ready for a table or a heatmap."""

    rows: tuple[CompetencyRow, ...]
    stories: tuple[Story, ...]
    sources: dict[str, int]
    question_gaps: tuple[QuestionGap, ...]
    questions_total: int
    cells: frozenset[tuple[str, str]] = frozenset()  # (competency key, story id) pairs
    fix_first: tuple[WeakStory, ...] = ()  # the weak stories whose fixing helps most
    threshold: int = READY_SCORE
    # Whether `strong` and `fix_first` are filled: checking every story costs about half a
    # millisecond each (5 s at 10,000 stories), so it is done apart, by `with_quality` (and
    # the checks are kept beside the bank: see `readiness.facade.checked`).
    checked: bool = False

    def with_quality(self, checks: Mapping[str, StoryCheck] | None = None) -> Coverage:
        """This coverage with each competency's strong stories and the weak ones to fix first
        (checks every active story not in `checks`, by id: call it off the event loop)."""
        if self.checked:
            return self
        known = checks or {}
        found = {s.id: known.get(s.id) or story_check(s) for s in self.stories}
        # A story shows several competencies: decide once whether each is truly ready.
        strong = {s.id for s in self.stories if s.status is Status.READY and found[s.id].strong}
        rows = [
            dataclasses.replace(row, strong=sum(1 for sid in row.story_ids if sid in strong))
            for row in self.rows
        ]
        return dataclasses.replace(
            self, rows=tuple(rows), fix_first=_fix_first(self.stories, rows, found), checked=True
        )

    def quality_checks(self) -> dict[str, StoryCheck]:
        """The quality check of every active story, by id (about half a millisecond each)."""
        return {story.id: story_check(story) for story in self.stories}

    @property
    def gaps(self) -> tuple[CompetencyRow, ...]:
        """Competencies with no story."""
        return tuple(r for r in self.rows if r.gap)

    @property
    def thin(self) -> tuple[CompetencyRow, ...]:
        """Competencies with only one story."""
        return tuple(r for r in self.rows if r.thin)

    @property
    def balance(self) -> dict[str, int]:
        """Stories from work, from education, and from anywhere else."""
        other = sum(self.sources.get(k.value, 0) for k in OTHER_KINDS)
        return {
            "work": self.sources.get(SourceKind.WORK.value, 0),
            "education": self.sources.get(SourceKind.EDUCATION.value, 0),
            "other": other,
        }

    def cell(self, key: str, story_id: str) -> bool:
        """True when the story shows the competency (one cell of the grid)."""
        return (key, story_id) in self.cells


def compute_coverage(
    stories: Iterable[Story], catalog: Catalog, questions: Sequence[Question]
) -> Coverage:
    """Count active stories per competency (the catalog's, then any other used on stories)."""
    active = tuple(s for s in stories if not s.archived)
    by_key: dict[str, list[Story]] = {}
    seen_names: dict[str, str] = {}
    for story in active:
        # Two labels of one story can mean the same competency ("team work", "Collaboration").
        for key, name in {catalog.key(n): n for n in reversed(story.competencies)}.items():
            by_key.setdefault(key, []).append(story)
            seen_names.setdefault(key, name)
    rows = [
        _row(c.key, c.name, c.description, c.taxonomies, by_key.get(c.key, []))
        for c in catalog.competencies
    ]
    known = {c.key for c in catalog.competencies}
    extra = sorted((k for k in by_key if k not in known), key=lambda k: seen_names[k].casefold())
    rows += [_row(k, seen_names[k], "", (), by_key[k]) for k in extra]
    sources = Counter(s.source.kind.value for s in active if _says_where(s))
    gaps: list[QuestionGap] = []
    for question in questions:
        keys = list(dict.fromkeys(catalog.key(c) for c in question.competencies))
        fitting = [s for k in keys for s in by_key.get(k, [])]
        if any(s.status is Status.READY for s in fitting):
            continue
        names = tuple(catalog.display(k, seen_names.get(k, k)) for k in keys)
        drafts = tuple(dict.fromkeys(s.id for s in fitting))
        gaps.append(QuestionGap(question, names, drafts))
    return Coverage(
        rows=tuple(rows),
        stories=active,
        sources={k.value: sources.get(k.value, 0) for k in SourceKind},
        question_gaps=tuple(gaps),
        questions_total=len(questions),
        cells=frozenset((r.key, sid) for r in rows for sid in r.story_ids),
    )


def _fix_first(
    active: Sequence[Story], rows: list[CompetencyRow], checks: Mapping[str, StoryCheck]
) -> tuple[WeakStory, ...]:
    """The weak stories to fix first: those that would give the most competencies their first
    truly ready story, then those closest to the threshold (least work), then by title."""
    uncovered = {r.key: r.name for r in rows if r.strong == 0}
    by_story: dict[str, list[str]] = {}
    for row in rows:
        if row.key in uncovered:
            for story_id in row.story_ids:
                by_story.setdefault(story_id, []).append(row.name)
    weak = []
    for story in active:
        check = checks[story.id]
        if check.strong and not story.missing_parts:
            continue
        unlocks = tuple(by_story.get(story.id, ()))
        weak.append(WeakStory(story.id, story.title, check.score, unlocks, check.first_change))
    weak.sort(key=lambda w: (-len(w.unlocks), -w.score, w.title.casefold()))
    return tuple(weak[:FIX_FIRST])


def _says_where(story: Story) -> bool:
    """Whether a story tells where it comes from: a title alone keeps the default kind (work),
    which would tilt the balance of sources toward work."""
    source = story.source
    written = len(story.missing_parts) < 4  # at least one STAR part
    return written or bool(source.organization or source.role or source.when)


def _row(
    key: str, name: str, description: str, taxonomies: tuple[str, ...], stories: list[Story]
) -> CompetencyRow:
    kinds = Counter(s.source.kind.value for s in stories)
    return CompetencyRow(
        key=key,
        name=name,
        description=description,
        taxonomies=taxonomies,
        story_ids=tuple(s.id for s in stories),
        ready=sum(1 for s in stories if s.status is Status.READY),
        kinds={k.value: kinds.get(k.value, 0) for k in SourceKind},
    )
