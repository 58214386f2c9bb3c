"""Search over stories in memory: filters, free words, ranking and the reason each story matched."""

from __future__ import annotations

import functools
import shlex
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass
from functools import partial
from typing import overload

from storybank.models import TEXT_PARTS, SourceKind, Status, Story, label_key
from storybank.taxonomy import PLAIN, CompetencyResolver
from storybank.wordindex import WordIndex, spaced, tokens

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


class Hits(Sequence["Hit"]):
    """Search results in rank order; each Hit is made only when it is looked at."""

    def __init__(
        self,
        entries: list[_Entry],
        order: list[int],
        bonus: dict[int, int],
        base: int,
        terms: _Terms,
    ) -> None:
        self._entries = entries
        self._order = order
        self._bonus = bonus
        self._base = base
        self._terms = terms

    def __len__(self) -> int:
        return len(self._order)

    def _hit(self, position: int) -> Hit:
        entry = self._entries[position]
        score = self._base + self._bonus.get(position, 0)
        return Hit(entry.story, score, partial(_explain, entry, self._terms))

    @overload
    def __getitem__(self, item: int) -> Hit: ...

    @overload
    def __getitem__(self, item: slice) -> list[Hit]: ...

    def __getitem__(self, item: int | slice) -> Hit | list[Hit]:
        if isinstance(item, slice):
            return [self._hit(p) for p in self._order[item]]
        return self._hit(self._order[item])

    def stories(self) -> list[Story]:
        """The matching stories in rank order, without making Hit objects."""
        return [self._entries[p].story for p in self._order]


class Hit:
    """One matching story, its score, and (worked out only when asked) why it matched."""

    __slots__ = ("_explain", "_reasons", "score", "story")

    def __init__(
        self, story: Story, score: int, explain: Callable[[], tuple[str, ...]] | None = None
    ) -> None:
        self.story = story
        self.score = score
        self._explain = explain
        self._reasons: tuple[str, ...] | None = None if explain else ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the story matched, e.g. `competency: Leadership` or `“lead” in title`."""
        if self._reasons is None:
            assert self._explain is not None
            self._reasons = self._explain()
        return self._reasons

    def __repr__(self) -> str:
        return f"Hit({self.story.id}, score={self.score})"


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
    """A story's filter keys and its short, heavily weighted fields, lowered once."""

    __slots__ = ("comp_keys", "org", "story", "tag_keys")

    def __init__(
        self, story: Story, resolver: CompetencyResolver, shared: _Shared | None = None
    ) -> None:
        self.story = story
        # Stories repeat the same few competencies, tags and organizations: entries built
        # together share one (never changed) copy of each instead of one per story.
        shared = _Shared() if shared is None else shared
        comps = tuple(story.competencies)
        comp_keys = shared.comps.get(comps)
        if comp_keys is None:
            comp_keys = shared.comps[comps] = {resolver.key(c): c for c in comps}
        tags = tuple(story.tags)
        tag_keys = shared.tags.get(tags)
        if tag_keys is None:
            tag_keys = shared.tags[tags] = {_tag_key(t) for t in tags}
        org = story.source.organization
        folded = shared.orgs.get(org)
        if folded is None:
            folded = shared.orgs[org] = org.casefold()
        self.comp_keys = comp_keys
        self.tag_keys = tag_keys
        self.org = folded


class _Shared:
    """One copy of each equal entry part, while one index is built."""

    __slots__ = ("comps", "orgs", "tags")

    def __init__(self) -> None:
        self.comps: dict[tuple[str, ...], dict[str, str]] = {}
        self.tags: dict[tuple[str, ...], set[str]] = {}
        self.orgs: dict[str, str] = {}


@functools.lru_cache(maxsize=4096)
def _tag_key(tag: str) -> str:
    return label_key(tag)


def _searchable(story: Story) -> str:
    parts = (story.title, story.hook, *story.competencies, *story.tags)
    return "\n".join((*parts, *(getattr(story, p) for p in TEXT_PARTS)))


def _default_order(story: Story) -> tuple[bool, float]:
    return (story.status is not Status.READY, -story.updated_at.timestamp())


@dataclass(frozen=True)
class _Terms:
    """What one query looks for, worked out once and shared by its hits' explanations."""

    comp_keys: tuple[str, ...]
    tag_keys: tuple[str, ...]
    words: tuple[str, ...]
    odd_words: tuple[str, ...]
    org: str


def _explain(entry: _Entry, terms: _Terms) -> tuple[str, ...]:
    """Why one story matched a query, in words for people."""
    reasons: list[str] = []
    story = entry.story
    for key in terms.comp_keys:
        if key in entry.comp_keys:
            reasons.append(f"competency: {entry.comp_keys[key]}")
    reasons.extend(f"tag: #{tag}" for tag in story.tags if label_key(tag) in terms.tag_keys)
    if terms.org:
        reasons.append(f"organization: {story.source.organization}")
    fields = {
        "title": spaced(story.title),
        "competency": spaced(" ".join(story.competencies)),
        "tag": spaced(" ".join(story.tags)),
        "hook": spaced(story.hook),
    }
    for part in TEXT_PARTS:
        fields[part] = spaced(getattr(story, part))
    for word in terms.words:
        where = [name for name, text in fields.items() if " " + word in text]
        reasons.append(f"“{word}” in {', '.join(where)}")
    for word in terms.odd_words:
        reasons.append(f"“{word}” in the text")
    return tuple(reasons)


class SearchIndex:
    """An in-memory index over one load of the bank: build once, query on every keystroke.

    Free words match the start of words in the story (`lead` finds "leadership"); a word with
    no letters or digits (such as `%`) matches anywhere. Filters are sets of positions.
    """

    def __init__(self, stories: Iterable[Story], resolver: CompetencyResolver = PLAIN) -> None:
        self.resolver = resolver
        ordered = sorted(stories, key=_default_order)
        shared = _Shared()
        self._entries = [_Entry(s, resolver, shared) for s in ordered]
        self._words: WordIndex | None = None
        self._head_indexes: list[tuple[WordIndex, int]] | None = None
        self._build_lock = threading.RLock()
        self._by_comp: dict[str, set[int]] = {}
        self._by_tag: dict[str, set[int]] = {}
        self._by_kind: dict[SourceKind, set[int]] = {}
        self._archived: set[int] = set()
        self._drafts: set[int] = set()
        for i, entry in enumerate(self._entries):
            for key in entry.comp_keys:
                self._by_comp.setdefault(key, set()).add(i)
            for key in entry.tag_keys:
                self._by_tag.setdefault(key, set()).add(i)
            self._by_kind.setdefault(entry.story.source.kind, set()).add(i)
            if entry.story.archived:
                self._archived.add(i)
            if entry.story.status is Status.DRAFT:
                self._drafts.add(i)

    def __len__(self) -> int:
        return len(self._entries)

    def count(self, *, include_archived: bool = False) -> int:
        """How many stories there are, archived ones only when asked."""
        if include_archived:
            return len(self._entries)
        return len(self._entries) - len(self._archived)

    def words(self) -> WordIndex:
        """The word index, built on first use (filters alone never pay for it)."""
        with self._build_lock:  # a warm-up thread and a search may ask at once: build once
            if self._words is None:
                # One story's text at a time: a list of them all would double the bank.
                self._words = WordIndex(_searchable(e.story) for e in self._entries)
            return self._words

    def warm(self) -> None:
        """Build the lazy word indexes now (an app calls this in the background after loading)."""
        self.words()
        self._heads()

    def _candidates(self, query: SearchQuery, terms: _Terms) -> set[int] | None:
        """The positions that pass the set filters and the words, or None when nothing applies."""
        sets: list[Set[int]] = []
        if terms.comp_keys:
            groups = [self._by_comp.get(k, set()) for k in terms.comp_keys]
            sets.append(set().union(*groups) if query.any_competency else set.intersection(*groups))
        sets.extend(self._by_tag.get(key, set()) for key in terms.tag_keys)
        if query.kinds:
            sets.append(set().union(*(self._by_kind.get(k, set()) for k in query.kinds)))
        if query.only_archived:
            sets.append(self._archived)
        if terms.words:
            index = self.words()
            sets.extend(index.with_prefix(word) for word in terms.words)
        if not sets:
            return None
        sets.sort(key=len)
        picked = set(sets[0]).intersection(*sets[1:])
        if query.status is Status.DRAFT:
            picked &= self._drafts
        elif query.status is Status.READY:
            picked -= self._drafts
        return picked

    def _heads(self) -> list[tuple[WordIndex, int]]:
        """Word indexes of the short, heavily weighted fields, with their weights."""
        with self._build_lock:
            return self._build_heads()

    def _build_heads(self) -> list[tuple[WordIndex, int]]:
        if self._head_indexes is None:
            stories = [e.story for e in self._entries]
            self._head_indexes = [
                (WordIndex([s.title for s in stories]), WEIGHTS["title"]),
                (WordIndex([" ".join(s.competencies) for s in stories]), WEIGHTS["competency"]),
                (WordIndex([" ".join(s.tags) for s in stories]), WEIGHTS["tag"]),
                (WordIndex([s.hook for s in stories]), WEIGHTS["hook"]),
            ]
        return self._head_indexes

    def search(self, query: SearchQuery) -> Hits:
        """Stories matching every filter and every word, best first; reasons are lazy."""
        words: list[str] = []
        odd: list[str] = []
        for raw in query.words:
            found = tokens(raw)
            words.extend(found)
            if not found and raw.strip():
                odd.append(raw.casefold())
        terms = _Terms(
            comp_keys=tuple(self.resolver.key(c) for c in query.competencies if label_key(c)),
            tag_keys=tuple(label_key(t) for t in query.tags if label_key(t)),
            words=tuple(dict.fromkeys(words)),
            odd_words=tuple(odd),
            org=query.organization.casefold(),
        )
        picked = self._candidates(query, terms)
        if picked is None and query.status is not None:
            picked = set(self._drafts)
            if query.status is Status.READY:
                picked = set(range(len(self._entries))) - picked
        if picked is not None and not query.include_archived:
            picked -= self._archived
        entries = self._entries
        if picked is None:
            order = (
                list(range(len(entries)))
                if query.include_archived
                else [i for i in range(len(entries)) if i not in self._archived]
            )
        else:
            order = sorted(picked)
        if terms.org:
            order = [i for i in order if terms.org in entries[i].org]
        if terms.odd_words:
            order = [
                i
                for i in order
                if all(w in _searchable(entries[i].story).casefold() for w in terms.odd_words)
            ]
        # Everything that matched shares a base score; only stories with a word in a weighted
        # field, or (with --any) with more of the competencies, get a bonus and move up.
        bonus: dict[int, int] = {}
        if terms.words or (terms.comp_keys and query.any_competency):
            matched = set(order)
            for word in terms.words:
                for index, weight in self._heads():
                    for i in index.with_prefix(word) & matched:
                        bonus[i] = bonus.get(i, 0) + weight
            if query.any_competency:
                for key in terms.comp_keys:
                    for i in self._by_comp.get(key, set()) & matched:
                        bonus[i] = bonus.get(i, 0) + WEIGHTS["competency"]
            ranked = sorted(bonus, key=lambda i: (-bonus[i], i))
            order = ranked + [i for i in order if i not in bonus]
        base = len(terms.words)
        if not query.any_competency:
            base += WEIGHTS["competency"] * len(terms.comp_keys)
        return Hits(entries, order, bonus, base, terms)

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
