"""Preparing for a job: the competencies a job ad asks for, the best story for each, the gaps."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from storybank.core.models import Status, Story
from storybank.core.timing import Timing, format_duration, time_story
from storybank.core.vocab import counted
from storybank.readiness.jobtext import ad_lines
from storybank.readiness.matching import CompetencyHit, content_stems
from storybank.readiness.questions import Question, StoryMatcher, questions_for
from storybank.readiness.toldto import prefer_untold
from storybank.readiness.understanding import PHRASE

# Fewer keyword hits than this in the whole ad is too little to trust.
WEAK_TOTAL_HITS = 4
QUESTIONS_PER_ITEM = 3
ALTERNATIVES = 2
# A requirement line asks for a competency read from it at least this strongly, and the ad
# asks for one whose lines add up to at least ASKED (one phrase, or two words in two lines).
LINE_FLOOR = 0.4
ASKED = 0.45
# The competencies asked for at least this share as strongly as the most asked-for one are
# grouped as what the job asks for most; the rest are what it also asks for.
MOST_SHARE = 0.5
MOST, ALSO = "Asked for most", "Also asked for"
# Requirement lines: an ad's lines, bullets and sentences.
_LINE_RE = re.compile(r"[\n\r•;]+|(?<=[.!?])\s+")


# A story chosen for more than this share of a sheet's answered competencies (when it answers
# at least OVERUSE_MIN_ITEMS) is one the interviewer would hear again and again: it proves
# little about each competency, and the sheet says which ones need a story of their own.
OVERUSE_SHARE = 0.5
OVERUSE_MIN_ITEMS = 3


@dataclass(frozen=True)
class Overuse:
    """A story chosen for more than half of a prep sheet's competencies."""

    story: Story
    count: int  # how many competencies it answers on the sheet
    of: int  # how many of the sheet's competencies have a story
    reused_for: tuple[str, ...]  # the competencies it is reused for: each wants its own story

    def advice(self) -> str:
        """One line: what is overused and what to write."""
        names = ", ".join(self.reused_for)
        return (
            f"“{self.story.title}” answers {self.count} of the {self.of} competencies: an "
            f"interviewer would hear it again and again. Write another story for {names}."
        )


@dataclass(frozen=True)
class PrepItem:
    """One competency the job asks for, the story chosen for it (None for a gap), and why."""

    hit: CompetencyHit
    story: Story | None
    reused: bool
    questions: tuple[Question, ...]
    timing: Timing | None
    group: str = MOST  # MOST or ALSO: how strongly the job asks for it
    # For a gap: the story of a related competency (through the crosswalk) that comes
    # closest, and that competency's name; None when no story is related.
    related: Story | None = None
    related_via: str = ""
    # With a company in view (an interview, an application): whether the chosen story was
    # told there already (chosen only when no untold one shows the competency), and up to
    # ALTERNATIVES other stories for it not yet told there.
    told: bool = False
    alternatives: tuple[Story, ...] = ()


@dataclass(frozen=True)
class PrepSet:
    """What a job ad asks for and the stories to rehearse for it."""

    hits: tuple[CompetencyHit, ...]
    items: tuple[PrepItem, ...]
    weak: bool
    note: str
    more: tuple[CompetencyHit, ...] = ()  # asked for too, past the limit the caller set
    # Named only in passing: one line, one keyword, not on the sheet's list.
    mentioned: tuple[CompetencyHit, ...] = ()

    @property
    def gaps(self) -> tuple[PrepItem, ...]:
        """Competencies the job asks for that no story shows."""
        return tuple(i for i in self.items if i.story is None)

    @property
    def groups(self) -> tuple[tuple[str, tuple[PrepItem, ...]], ...]:
        """The items by how strongly the job asks for them (most first), empty groups left out."""
        return tuple(
            (name, found)
            for name in (MOST, ALSO)
            if (found := tuple(i for i in self.items if i.group == name))
        )

    @property
    def overused(self) -> tuple[Overuse, ...]:
        """Stories chosen for more than half the competencies that have a story (with at least
        OVERUSE_MIN_ITEMS of them), in the order first chosen."""
        answered = [i for i in self.items if i.story is not None]
        if len(answered) < OVERUSE_MIN_ITEMS:
            return ()
        found = []
        for story in self.stories:
            mine = [i for i in answered if i.story is not None and i.story.id == story.id]
            if len(mine) > OVERUSE_SHARE * len(answered):
                reused = tuple(i.hit.name for i in mine if i.reused)
                found.append(Overuse(story, len(mine), len(answered), reused))
        return tuple(found)

    @property
    def stories(self) -> tuple[Story, ...]:
        """Each chosen story once, in the order first chosen."""
        seen: dict[str, Story] = {}
        for item in self.items:
            if item.story is not None:
                seen.setdefault(item.story.id, item.story)
        return tuple(seen.values())


def asked_for(job_text: str, matcher: StoryMatcher) -> list[CompetencyHit]:
    """Every competency a job ad asks for, most asked first: each requirement line is read
    like a question (phrases, known questions, crosswalk), and the lines add up."""
    return [hit for hit, _, clear in _asked(job_text, matcher) if clear]


def _asked(job_text: str, matcher: StoryMatcher) -> list[tuple[CompetencyHit, float, bool]]:
    """`asked_for`, each hit with how strongly the whole ad asks for it, and whether the ad
    asks clearly: in more than one line, or in one line as strongly as a phrase does (not
    one word alone, such as "decisions" or "team")."""
    weight: dict[str, float] = {}
    best: dict[str, float] = {}
    lines: dict[str, int] = {}
    words: dict[str, dict[str, None]] = {}
    names: dict[str, str] = {}
    for line, share in _lines(job_text):
        for signal in matcher.read(line).signals:
            if signal.weight < LINE_FLOOR:
                continue
            weight[signal.key] = weight.get(signal.key, 0.0) + signal.weight * share
            best[signal.key] = max(best.get(signal.key, 0.0), signal.weight * share)
            lines[signal.key] = lines.get(signal.key, 0) + 1
            words.setdefault(signal.key, {}).update(dict.fromkeys(signal.words))
            names[signal.key] = signal.name
    keys = sorted((k for k in weight if weight[k] >= ASKED), key=lambda k: (-weight[k], names[k]))
    return [
        (
            CompetencyHit(k, names[k], lines[k], tuple(words[k])),
            weight[k],
            lines[k] > 1
            or best[k] >= PHRASE
            or len(words[k]) > 1
            or not all(matcher.reader.common(w) for w in words[k]),
        )
        for k in keys
    ]


def _lines(job_text: str) -> list[tuple[str, float]]:
    """The ad's requirement lines, each with how much it counts: the employer's blurb, the
    benefits, the equal-opportunity statement and how to apply are left out."""
    out = []
    for part in ad_lines(job_text):
        if part.weight > 0:
            out += [(line, part.weight) for line in _LINE_RE.split(part.text) if line.strip()]
    return out


def prepare(
    job_text: str,
    matcher: StoryMatcher,
    questions: Sequence[Question],
    *,
    limit: int | None = None,
    told: Collection[str] = frozenset(),
) -> PrepSet:
    """Find what the job asks for and pick the best story per competency, reusing only if needed.

    Every competency found is on the sheet, unless `limit` caps it; then the rest are in `more`.
    Stories in `told` (ids already told to the company) come after the others for each
    competency: one is chosen only when no untold story shows it.
    """
    read = _asked(job_text, matcher)
    weighed = [(hit, w) for hit, w, clear in read if clear]
    mentioned = tuple(hit for hit, _, clear in read if not clear)
    found = [hit for hit, _ in weighed]
    top = weighed[0][1] if weighed else 0.0
    groups = {hit.key: MOST if w >= MOST_SHARE * top else ALSO for hit, w in weighed}
    hits = tuple(found[:limit])
    more = tuple(found[len(hits) :])
    total = sum(h.hits for h in found)
    weak = total < WEAK_TOTAL_HITS or not any(h.strong for h in hits)
    job_words = content_stems(job_text)
    candidates = {
        h.key: prefer_untold(
            _ordered(matcher, matcher.stories_with(h.key), job_words), told, _story_id
        )
        for h in hits
    }
    # Choose for the scarcest competencies first, so a story that is the only one for some
    # competency is not spent on a competency that has others.
    order = sorted(range(len(hits)), key=lambda i: (len(candidates[hits[i].key]), i))
    used: set[str] = set()
    chosen: dict[int, tuple[Story | None, bool]] = {}
    for index in order:
        options = candidates[hits[index].key]
        fresh = [s for s in options if s.id not in used]
        if fresh:
            chosen[index] = (fresh[0], False)
            used.add(fresh[0].id)
        elif options:
            chosen[index] = (options[0], True)
        else:
            chosen[index] = (None, False)
    items = []
    for index, hit in enumerate(hits):
        story, reused = chosen[index]
        asked = tuple(_best_questions(questions, matcher, hit.key, story)[:QUESTIONS_PER_ITEM])
        timing = time_story(story) if story is not None else None
        related, via = (
            _closest_related(matcher, hit.key, job_words) if story is None else (None, "")
        )
        others = tuple(s for s in candidates[hit.key] if s is not story and s.id not in told)[
            :ALTERNATIVES
        ]
        items.append(
            PrepItem(
                hit,
                story,
                reused,
                asked,
                timing,
                groups[hit.key],
                related,
                via,
                told=story is not None and story.id in told,
                alternatives=others,
            )
        )
    return PrepSet(hits, tuple(items), weak, _note(hits, total, weak, more), more, mentioned)


def _story_id(story: Story) -> str:
    return story.id


def _closest_related(
    matcher: StoryMatcher, key: str, job_words: set[str]
) -> tuple[Story | None, str]:
    """For a gap: the best story of the most closely related competency, and its name."""
    links = sorted(matcher.reader.crosswalk.related(key).items(), key=lambda kv: -kv[1])
    for other, _ in links:
        stories = _ordered(matcher, matcher.stories_with(other), job_words)
        if stories:
            shown = next(c for c in stories[0].competencies if matcher.catalog.key(c) == other)
            return stories[0], matcher.catalog.display(other, shown)
    return None, ""


def _best_questions(
    questions: Sequence[Question], matcher: StoryMatcher, key: str, story: Story | None
) -> list[Question]:
    """The questions on this competency, those the story answers most fully first."""
    catalog = matcher.catalog
    shown = {catalog.key(c) for c in story.competencies} if story else set()
    found = questions_for(questions, catalog, key)
    return sorted(found, key=lambda q: -len(shown & {catalog.key(c) for c in q.competencies}))


def _ordered(matcher: StoryMatcher, stories: list[Story], job_words: set[str]) -> list[Story]:
    """Ready stories first, then those sharing more words with the job ad, then newest."""
    return sorted(
        stories,
        key=lambda s: (
            s.status is not Status.READY,
            -matcher.words_in_common(s, job_words),
            -s.updated_at.timestamp(),
        ),
    )


def _note(
    hits: Sequence[CompetencyHit], total: int, weak: bool, more: Sequence[CompetencyHit] = ()
) -> str:
    if more:
        rest = ", ".join(h.name for h in more)
        return f"And {len(more)} more the job asks for, past the limit: {rest}."
    if not hits:
        return (
            "No competency keyword or alias appears in this job description, so there is "
            "nothing to match stories against. Pick competencies yourself with `storybank "
            "answer --competency`."
        )
    if weak:
        return (
            f"Weak match: only {counted(total, 'keyword hit', 'keyword hits')} in the whole job "
            "description. Treat these competencies as a guess and read the ad yourself."
        )
    return ""


def prep_markdown(prep: PrepSet, title: str) -> str:
    """The prep set as a Markdown sheet that prints well: one section per competency."""
    lines = [f"# Interview prep: {_md(title)}", ""]
    if prep.note:
        lines += [f"> {_md(prep.note)}", ""]
    for overuse in prep.overused:
        lines += [f"> **One story for most of it.** {_md(overuse.advice())}", ""]
    if prep.hits:
        lines += ["## What the job asks for", ""]
        for group, items in prep.groups:
            lines += [f"### {group}", ""]
            lines += [
                "| Competency | Hits | Words that matched | Story |",
                "| --- | --- | --- | --- |",
            ]
            for item in items:
                cell = _md(item.story.title) if item.story else "**gap: no story yet**"
                if item.reused:
                    cell += " (reused)"
                elif item.related is not None:
                    cell += f" (closest: {_md(item.related.title)})"
                words = _md(", ".join(item.hit.words))
                lines.append(f"| {_md(item.hit.name)} | {item.hit.hits} | {words} | {cell} |")
            lines.append("")
    if prep.mentioned:
        named = ", ".join(f"{_md(h.name)} ({_md(', '.join(h.words))})" for h in prep.mentioned)
        lines += [f"*Also mentioned, in passing (one line, one word):* {named}", ""]
    total_seconds = sum(t.total_seconds for s in prep.stories for t in [time_story(s)])
    if prep.stories:
        lines += [
            f"{len(prep.stories)} stories, about {format_duration(total_seconds)} to tell "
            "them all.",
            "",
        ]
    for item in prep.items:
        lines += [f"## {_md(item.hit.name)}", ""]
        if item.story is None:
            lines += [f"**Gap:** no story shows {_md(item.hit.name)} yet. Write one.", ""]
            if item.related is not None:
                lines += [
                    f"Closest related story: {_md(item.related.title)} ({item.related.id}), "
                    f"which shows {_md(item.related_via)}.",
                    "",
                ]
        else:
            story = item.story
            timing = item.timing or time_story(story)
            tail = " — reused from above" if item.reused else ""
            if item.told:
                tail += " — already told to this company"
            lines += [f"### {_md(story.title)} ({story.id}){tail}", ""]
            status = (
                "ready"
                if story.status is Status.READY
                else ("draft, missing " + ", ".join(story.missing_parts))
            )
            lines.append(
                f"*{status} · {timing.total_words} words · about "
                f"{format_duration(timing.total_seconds)} to tell*"
            )
            if timing.hint:
                lines.append(f"*{_md(timing.hint)}*")
            lines.append("")
            if story.hook:
                lines += [f"> {_md(story.hook)}", ""]
            if not item.reused:
                for part in ("situation", "task", "action", "result", "reflection"):
                    text = getattr(story, part)
                    if text:
                        lines += [f"**{part.capitalize()}.** {_md_block(text)}", ""]
        if item.alternatives:
            others = ", ".join(f"{_md(s.title)} ({s.id})" for s in item.alternatives)
            lines += [f"Not yet told here, also fits: {others}", ""]
        if item.questions:
            lines.append("Questions it answers:" if item.story else "Questions to expect:")
            lines += [f"- {q.id}: {_md(q.text)}" for q in item.questions]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """One line of user text, safe inside Markdown tables and headings."""
    return " ".join(text.split()).replace("|", "\\|")


def _md_block(text: str) -> str:
    """A paragraph of user text kept as one Markdown paragraph."""
    return "  \n".join(line.strip() for line in text.strip().splitlines() if line.strip())


# For other prep sheets (storybank/readiness/interview_prep.py): the same Markdown escaping.
md_line = _md
md_block = _md_block
