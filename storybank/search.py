"""Search over stories in memory: filters, free words, ranking and the reason each story matched."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from storybank.models import TEXT_PARTS, SourceKind, Status, Story, label_key
from storybank.taxonomy import PLAIN, CompetencyResolver

# How much a free word weighs where it is found: title and competency hits lead.
WEIGHTS: dict[str, int] = {
    "title": 10,
    "competency": 8,
    "tag": 6,
    "hook": 4,
    "situation": 1,
    "task": 1,
    "action": 1,
    "result": 1,
    "reflection": 1,
}
KIND_VALUES = frozenset(k.value for k in SourceKind)
_STATUS_WORDS = {"draft": Status.DRAFT, "ready": Status.READY}


@dataclass(frozen=True)
class SearchQuery:
    """What to look for; empty fields do not filter."""

    words: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    any_competency: bool = False
    tags: tuple[str, ...] = ()
    kinds: tuple[SourceKind, ...] = ()
    organization: str = ""
    status: Status | None = None
    include_archived: bool = False
    only_archived: bool = False

    def is_empty(self) -> bool:
        """True when the query filters nothing (archived stories aside)."""
        return not (
            self.words
            or self.competencies
            or self.tags
            or self.kinds
            or self.organization
            or self.status
        )


@dataclass(frozen=True)
class Hit:
    """One matching story, its score and why it matched."""

    story: Story
    score: int
    reasons: tuple[str, ...] = field(default=())


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote while typing: fall back to plain words
        return text.replace('"', " ").replace("'", " ").split()


def parse_query(text: str) -> SearchQuery:
    """Read a search box: free words plus `c:name`, `#tag`, `kind:work`, `org:acme`, `is:draft`.

    Unknown `key:value` tokens are kept as free words, so nothing typed is silently dropped.
    """
    words: list[str] = []
    competencies: list[str] = []
    tags: list[str] = []
    kinds: list[SourceKind] = []
    organization = ""
    status: Status | None = None
    include_archived = only_archived = False
    for token in _split(text):
        key, sep, value = token.partition(":")
        key = key.lower()
        if token.startswith("#") and len(token) > 1:
            tags.append(token[1:])
        elif sep and value and key in ("c", "comp", "competency"):
            competencies.append(value)
        elif sep and value and key in ("t", "tag"):
            tags.append(value.lstrip("#"))
        elif sep and value and key == "kind" and value.lower() in KIND_VALUES:
            kinds.append(SourceKind(value.lower()))
        elif sep and value and key in ("org", "organization"):
            organization = value
        elif sep and value and key == "is" and value.lower() in _STATUS_WORDS:
            status = _STATUS_WORDS[value.lower()]
        elif sep and value and key == "is" and value.lower() == "archived":
            only_archived = include_archived = True
        elif token.strip():
            words.append(token)
    return SearchQuery(
        words=tuple(words),
        competencies=tuple(competencies),
        tags=tuple(tags),
        kinds=tuple(kinds),
        organization=organization,
        status=status,
        include_archived=include_archived,
        only_archived=only_archived,
    )


class _Entry:
    """A story with its text lowered once, so queries only compare."""

    __slots__ = ("comp_keys", "fields", "hay", "org", "story", "tag_keys")

    def __init__(self, story: Story, resolver: CompetencyResolver) -> None:
        self.story = story
        self.comp_keys = {resolver.key(c): c for c in story.competencies}
        self.tag_keys = {label_key(t) for t in story.tags}
        self.org = story.source.organization.casefold()
        fields = {
            "title": story.title.casefold(),
            "competency": "\n".join(story.competencies).casefold(),
            "tag": "\n".join(story.tags).casefold(),
            "hook": story.hook.casefold(),
        }
        for part in TEXT_PARTS:
            fields[part] = getattr(story, part).casefold()
        self.fields = fields
        self.hay = "\n".join(fields.values())


def _default_order(story: Story) -> tuple[bool, float]:
    return (story.status is not Status.READY, -story.updated_at.timestamp())


class SearchIndex:
    """An in-memory index over one load of the bank: build once, query on every keystroke."""

    def __init__(self, stories: Iterable[Story], resolver: CompetencyResolver = PLAIN) -> None:
        self.resolver = resolver
        ordered = sorted(stories, key=_default_order)
        self._entries = [_Entry(s, resolver) for s in ordered]

    def __len__(self) -> int:
        return len(self._entries)

    def count(self, *, include_archived: bool = False) -> int:
        """How many stories there are, archived ones only when asked."""
        if include_archived:
            return len(self._entries)
        return sum(1 for e in self._entries if not e.story.archived)

    def search(self, query: SearchQuery) -> list[Hit]:
        """Stories matching every filter and every word, best first, each with its reasons."""
        comp_keys = [self.resolver.key(c) for c in query.competencies if label_key(c)]
        tag_keys = [label_key(t) for t in query.tags if label_key(t)]
        words = [w.casefold() for w in query.words if w.strip()]
        org = query.organization.casefold()
        kinds = set(query.kinds)
        hits: list[Hit] = []
        for entry in self._entries:
            story = entry.story
            if story.archived and not query.include_archived:
                continue
            if query.only_archived and not story.archived:
                continue
            if kinds and story.source.kind not in kinds:
                continue
            if org and org not in entry.org:
                continue
            if query.status is not None and story.status is not query.status:
                continue
            if comp_keys:
                present = [k for k in comp_keys if k in entry.comp_keys]
                if not present or (not query.any_competency and len(present) < len(comp_keys)):
                    continue
            if tag_keys and not all(k in entry.tag_keys for k in tag_keys):
                continue
            if words and not all(w in entry.hay for w in words):
                continue
            hits.append(self._explain(entry, comp_keys, tag_keys, words, org))
        if words or (comp_keys and query.any_competency):
            hits.sort(key=lambda h: -h.score)  # stable: ties keep ready-first, newest-first
        return hits

    def _explain(
        self, entry: _Entry, comp_keys: list[str], tag_keys: list[str], words: list[str], org: str
    ) -> Hit:
        reasons: list[str] = []
        score = 0
        for key in comp_keys:
            if key in entry.comp_keys:
                reasons.append(f"competency: {entry.comp_keys[key]}")
                score += WEIGHTS["competency"]
        for tag in entry.story.tags:
            if label_key(tag) in tag_keys:
                reasons.append(f"tag: #{tag}")
        if org:
            reasons.append(f"organization: {entry.story.source.organization}")
        for word in words:
            where = [name for name, text in entry.fields.items() if word in text]
            score += sum(WEIGHTS[name] for name in where)
            reasons.append(f"“{word}” in {', '.join(where)}")
        return Hit(entry.story, score, tuple(reasons))

    def competency_counts(self, *, include_archived: bool = False) -> list[tuple[str, int]]:
        """Each competency in use, with how many stories show it, most used first."""
        counts: Counter[str] = Counter()
        names: dict[str, Counter[str]] = {}
        for entry in self._entries:
            if entry.story.archived and not include_archived:
                continue
            for key, display in entry.comp_keys.items():
                counts[key] += 1
                names.setdefault(key, Counter())[display] += 1
        rows = [
            (self.resolver.display(key, names[key].most_common(1)[0][0]), n)
            for key, n in counts.items()
        ]
        rows.sort(key=lambda r: (-r[1], r[0].casefold()))
        return rows

    def tag_counts(self, *, include_archived: bool = False) -> list[tuple[str, int]]:
        """Each tag in use with its story count, most used first."""
        counts: Counter[str] = Counter()
        for entry in self._entries:
            if entry.story.archived and not include_archived:
                continue
            counts.update(entry.story.tags)
        return sorted(counts.items(), key=lambda r: (-r[1], r[0].casefold()))
