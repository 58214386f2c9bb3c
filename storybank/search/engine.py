"""Search over stories in memory: filters, free words, ranking and the reason each story matched."""

from __future__ import annotations

import functools
import shlex
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any, Generic, Protocol, TypeVar, cast, overload

from storybank.core.gcpause import gc_paused
from storybank.core.ordering import default_order_key
from storybank.core.resolver import PLAIN, CompetencyResolver
from storybank.core.vocab import TEXT_PARTS, SourceKind, Status, folded, label_key, word_start
from storybank.search.wordindex import WordIndex, tokens

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


class SourceFields(Protocol):
    """Where a story is from, as far as search needs to know."""

    @property
    def kind(self) -> SourceKind: ...

    @property
    def organization(self) -> str: ...


class Searchable(Protocol):
    """What search needs of a story. Free words also read its text parts (see `needs_text`)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def hook(self) -> str: ...

    @property
    def competencies(self) -> Sequence[str]: ...

    @property
    def tags(self) -> Sequence[str]: ...

    @property
    def source(self) -> SourceFields: ...

    @property
    def archived(self) -> bool: ...

    @property
    def status(self) -> Status: ...

    @property
    def updated_at(self) -> datetime: ...


S = TypeVar("S", bound=Searchable)
_P = TypeVar("_P")  # a part of the label index


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

    @property
    def needs_text(self) -> bool:
        """True when answering needs the stories' full text, not just their labels."""
        return bool(self.words)


class Hits(Sequence["Hit[S]"], Generic[S]):
    """Search results in rank order; each Hit is made only when it is looked at."""

    def __init__(
        self,
        index: SearchIndex[S],
        order: list[int],
        bonus: dict[int, int],
        base: int,
        terms: _Terms,
        found: dict[int, Where] | None = None,
    ) -> None:
        self._index = index
        self._order = order
        self._bonus = bonus
        self._base = base
        self._terms = terms
        self._found = found or {}  # where a scan found the free words, by position

    def __len__(self) -> int:
        return len(self._order)

    def _hit(self, position: int) -> Hit[S]:
        index = self._index
        score = self._base + self._bonus.get(position, 0)
        where = self._found.get(position)
        return Hit(
            index.stories[position], score, partial(_explain, index, position, self._terms, where)
        )

    @overload
    def __getitem__(self, item: int) -> Hit[S]: ...

    @overload
    def __getitem__(self, item: slice) -> list[Hit[S]]: ...

    def __getitem__(self, item: int | slice) -> Hit[S] | list[Hit[S]]:
        if isinstance(item, slice):
            return [self._hit(p) for p in self._order[item]]
        return self._hit(self._order[item])

    def stories(self) -> list[S]:
        """The matching stories in rank order, without making Hit objects."""
        stories = self._index.stories
        return [stories[p] for p in self._order]


class Hit(Generic[S]):
    """One matching story, its score, and (worked out only when asked) why it matched."""

    __slots__ = ("_explain", "_reasons", "score", "story")

    def __init__(
        self, story: S, score: int, explain: Callable[[], tuple[str, ...]] | None = None
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


class _Entry(Generic[S]):
    """A story's filter keys and its short, heavily weighted fields, lowered once."""

    __slots__ = ("comp_keys", "org", "story", "tag_keys")

    def __init__(
        self, story: S, resolver: CompetencyResolver, shared: _Shared | None = None
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


def _searchable(story: Searchable) -> str:
    parts = (story.title, story.hook, *story.competencies, *story.tags)
    return "\n".join((*parts, *(getattr(story, p) for p in TEXT_PARTS)))


def _default_order(story: Searchable) -> int:
    return default_order_key(story.status is Status.READY, story.updated_at)


@dataclass(frozen=True)
class _Terms:
    """What one query looks for, worked out once and shared by its hits' explanations."""

    comp_keys: tuple[str, ...]
    tag_keys: tuple[str, ...]
    words: tuple[str, ...]
    odd_words: tuple[str, ...]
    org: str

    @functools.cached_property
    def word_searches(self) -> tuple[Callable[[str], object], ...]:
        """Each free word's search for it at a word start, compiled once for every hit."""
        return tuple(word_start(word).search for word in self.words)


def _explain(
    index: SearchIndex[S], position: int, terms: _Terms, where: Where | None
) -> tuple[str, ...]:
    """Why one story matched a query, in words for people (`where`: its free words' fields,
    when a scan found them already)."""
    reasons: list[str] = []
    story = index.stories[position]
    if terms.comp_keys:
        comp_keys = index.entry(position).comp_keys
        reasons.extend(f"competency: {comp_keys[k]}" for k in terms.comp_keys if k in comp_keys)
    if terms.tag_keys:
        reasons.extend(f"tag: #{tag}" for tag in story.tags if label_key(tag) in terms.tag_keys)
    if terms.org:
        reasons.append(f"organization: {story.source.organization}")
    if terms.words:
        if where is None:
            where = _where(story, terms.word_searches)
        for word, names in zip(terms.words, where, strict=True):
            reasons.append(f"“{word}” in {', '.join(names)}")
    reasons.extend(f"“{word}” in the text" for word in terms.odd_words)
    return tuple(reasons)


def _heads(story: Searchable) -> tuple[str, str, str, str]:
    """The short, heavily weighted fields, as the word indexes of `_HEADS` read them."""
    return (story.title, " ".join(story.competencies), " ".join(story.tags), story.hook)


_HEADS = ("title", "competency", "tag", "hook")
_FIELDS = (*_HEADS, *TEXT_PARTS)
_HEAD_WEIGHTS = {name: WEIGHTS[name] for name in _HEADS}
# For each free word of a query, the names of the fields of one story that hold it.
Where = tuple[tuple[str, ...], ...]


def _where(story: Searchable, searches: Sequence[Callable[[str], object]]) -> Where:
    """For each word's search, the fields of `story` that hold the word (each field is folded
    once, however many words there are: a scan reads each story a single time)."""
    texts = (*_heads(story), *(getattr(story, part) for part in TEXT_PARTS))
    # An empty field holds no word. (Lists, not generators: a scan calls this per story.)
    fields = [(name, folded(text)) for name, text in zip(_FIELDS, texts, strict=True) if text]
    return tuple([tuple([name for name, text in fields if search(text)]) for search in searches])


def _scan(stories: Sequence[Searchable], within: Iterable[int], terms: _Terms) -> dict[int, Where]:
    """The positions in `within` whose story holds every free word (a scan in C of each field),
    with the fields that hold each: what the rank bonus and the reasons read too."""
    searches = terms.word_searches
    found: dict[int, Where] = {}
    for i in within:
        where = _where(stories[i], searches)
        if all(where):
            found[i] = where
    return found


def _head_bonus(where: Where) -> int:
    """The rank bonus of a story whose free words are in the fields `where`."""
    return sum(_HEAD_WEIGHTS.get(name, 0) for names in where for name in names)


class SearchIndex(Generic[S]):
    """An in-memory index over one load of the bank: build once, query on every keystroke.

    Free words match the start of words in the story (`lead` finds "leadership"); a word with
    no letters or digits (such as `%`) matches anywhere. Filters are sets of positions in the
    list of stories as given. Each part is built the first time a query needs it, so a single
    filter over a large bank pays only for that filter. The word indexes are built by `warm`
    only (they pay back over many keystrokes, not in one query); until then free words are
    found by a scan of the stories' text, with the same hits in the same order.
    """

    def __init__(self, stories: Iterable[S], resolver: CompetencyResolver = PLAIN) -> None:
        self.resolver = resolver
        self.stories: list[S] = list(stories)
        # Every part below holds positions: these very int objects, made once. Counting anew
        # in each part would make tens of thousands of equal ints (28 bytes each) per bank.
        self._positions = tuple(range(len(self.stories)))
        # A warm-up thread and a search may ask for the same part at once: build each once.
        self._lock = threading.RLock()
        self._entries: list[_Entry[S] | None] = [None] * len(self.stories)
        self._shared = _Shared()  # entries made for this index share their equal parts
        self._order: list[int] | None = None
        self._rank: list[int] | None = None
        self._labels: _Labels | None = None
        self._archived_set: set[int] | None = None
        self._words: WordIndex | None = None
        self._head_indexes: list[tuple[WordIndex, int]] | None = None
        self._warm = False

    def __len__(self) -> int:
        return len(self.stories)

    def entry(self, position: int) -> _Entry[S]:
        """The filter keys of the story at `position` (made on first use)."""
        found = self._entries[position]
        if found is None:
            story = self.stories[position]
            found = self._entries[position] = _Entry(story, self.resolver, self._shared)
        return found

    def count(self, *, include_archived: bool = False) -> int:
        """How many stories there are, archived ones only when asked."""
        if include_archived:
            return len(self.stories)
        return len(self.stories) - len(self._archived())

    def default_order(self) -> list[int]:
        """Every position, ready stories first, then the most recently changed."""
        with self._lock:
            if self._order is None:
                stories = self.stories
                with gc_paused():
                    self._order = sorted(self._positions, key=lambda i: _default_order(stories[i]))
            return self._order

    def _ranks(self) -> list[int]:
        """Each position's rank in the default order."""
        with self._lock:
            if self._rank is None:
                rank = [0] * len(self.stories)
                for order, position in zip(self._positions, self.default_order(), strict=True):
                    rank[position] = order
                self._rank = rank
            return self._rank

    def _in_default_order(self, picked: Set[int]) -> list[int]:
        """`picked` positions in the default order."""
        if self._rank is not None:
            if len(picked) * 8 > len(self.stories):
                return [i for i in self.default_order() if i in picked]
            return sorted(picked, key=self._rank.__getitem__)
        # Not worked out for every story yet: a few picked stories sort faster on their own
        # (ties go by position, as in the stable sort of all of them).
        if len(picked) * 8 > len(self.stories):
            return [i for i in self.default_order() if i in picked]
        stories = self.stories
        return sorted(picked, key=lambda i: (_default_order(stories[i]), i))

    def _archived(self) -> set[int]:
        """Positions of the archived stories (apart: the plainest list needs only these)."""
        with self._lock:
            if self._archived_set is None:
                self._archived_set = {
                    i for i, s in zip(self._positions, self.stories, strict=True) if s.archived
                }
            return self._archived_set

    def _label_sets(self) -> _Labels:
        """Positions by competency, tag and kind, and the archived and draft ones."""
        with self._lock:
            if self._labels is None:
                self._labels = _Labels(self.stories, self._positions, self.resolver)
            return self._labels

    @property
    def has_words(self) -> bool:
        """True once the word index is built (by `warm`; a query alone scans the text instead)."""
        return self._words is not None

    def words(self) -> WordIndex:
        """The word index, built on first use (filters alone never pay for it)."""
        with self._lock:
            if self._words is None:
                # One story's text at a time: a list of them all would double the bank.
                self._words = WordIndex(_searchable(s) for s in self.stories)
            return self._words

    def warm(self) -> None:
        """Build every lazy part now (an app calls this in the background after loading)."""
        self._ranks()
        self._archived()
        self._label_sets().warm()
        self.words()
        self._heads()
        self._warm = True

    @property
    def is_warm(self) -> bool:
        """True once `warm` has built every part: a query then only reads the parts (a few
        milliseconds at 10,000 stories) and never waits for a build."""
        return self._warm

    def _candidates(
        self, query: SearchQuery, terms: _Terms
    ) -> tuple[set[int] | None, dict[int, Where] | None]:
        """The positions that pass the set filters and the words, or None when nothing applies;
        and, when the words were found by a scan, the fields that hold them."""
        sets: list[Set[int]] = []
        found: dict[int, Where] | None = None
        labels = self._label_sets() if terms.comp_keys or terms.tag_keys or query.kinds else None
        if terms.comp_keys:
            assert labels is not None
            groups = [labels.by_comp.get(k, set()) for k in terms.comp_keys]
            sets.append(set().union(*groups) if query.any_competency else set.intersection(*groups))
        if terms.tag_keys:
            assert labels is not None
            sets.extend(labels.by_tag.get(key, set()) for key in terms.tag_keys)
        if query.kinds:
            assert labels is not None
            sets.append(set().union(*(labels.by_kind.get(k.value, set()) for k in query.kinds)))
        if query.only_archived:
            sets.append(self._archived())
        if terms.words and self._words is not None:
            sets.extend(self._words.with_prefix(word) for word in terms.words)
        elif terms.words:
            # No word index yet (a single query, as from the CLI, would not pay back its
            # build): scan the text of the stories that pass the other filters.
            sets.sort(key=len)
            within = set(sets[0]).intersection(*sets[1:]) if sets else self._positions
            found = _scan(self.stories, within, terms)
            sets = [found.keys()]
        if not sets:
            return None, None
        sets.sort(key=len)
        picked = set(sets[0]).intersection(*sets[1:])
        if query.status is Status.DRAFT:
            picked &= self._label_sets().drafts
        elif query.status is Status.READY:
            picked -= self._label_sets().drafts
        return picked, found

    def _heads(self) -> list[tuple[WordIndex, int]]:
        """Word indexes of the short, heavily weighted fields, with their weights."""
        with self._lock:
            if self._head_indexes is None:
                fields = [_heads(s) for s in self.stories]
                self._head_indexes = [
                    (WordIndex([f[n] for f in fields]), WEIGHTS[name])
                    for n, name in enumerate(_HEADS)
                ]
            return self._head_indexes

    def search(self, query: SearchQuery) -> Hits[S]:
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
        picked, held = self._candidates(query, terms)
        if picked is None and query.status is not None:
            picked = set(self._label_sets().drafts)
            if query.status is Status.READY:
                picked = set(self._positions) - picked
        if picked is not None and not query.include_archived:
            picked -= self._archived()
        if picked is None:
            order = self.default_order()
            if not query.include_archived:
                archived = self._archived()
                order = [i for i in order if i not in archived] if archived else list(order)
        else:
            order = self._in_default_order(picked)
        if terms.org:
            order = [i for i in order if terms.org in self.entry(i).org]
        if terms.odd_words:
            order = [
                i
                for i in order
                if all(w in _searchable(self.stories[i]).casefold() for w in terms.odd_words)
            ]
        # Everything that matched shares a base score; only stories with a word in a weighted
        # field, or (with --any) with more of the competencies, get a bonus and move up.
        bonus: dict[int, int] = {}
        if terms.words or (terms.comp_keys and query.any_competency):
            matched = set(order)
            heads = self._head_indexes
            if terms.words and heads is None:  # not built: read the fields holding the words
                if held is None:  # the word index found them; its heads are not built yet
                    stories, searches = self.stories, terms.word_searches
                    held = {i: _where(stories[i], searches) for i in order}
                for i in order:
                    score = _head_bonus(held[i])
                    if score:
                        bonus[i] = score
            else:
                for word in terms.words:
                    for index, weight in heads or ():
                        for i in index.with_prefix(word) & matched:
                            bonus[i] = bonus.get(i, 0) + weight
            if query.any_competency:
                by_comp = self._label_sets().by_comp
                for key in terms.comp_keys:
                    for i in by_comp.get(key, set()) & matched:
                        bonus[i] = bonus.get(i, 0) + WEIGHTS["competency"]
            # `order` is in the default order, and a stable sort by bonus keeps that order
            # among stories with equal bonuses.
            with_bonus = [i for i in order if i in bonus]
            ranked = sorted(with_bonus, key=bonus.__getitem__, reverse=True)
            order = ranked + [i for i in order if i not in bonus]
        base = len(terms.words)
        if not query.any_competency:
            base += WEIGHTS["competency"] * len(terms.comp_keys)
        return Hits(self, order, bonus, base, terms, held)

    def competency_counts(self, *, include_archived: bool = False) -> list[tuple[str, int]]:
        """Each competency in use, with how many stories show it, most used first."""
        counts: Counter[str] = Counter()
        names: dict[str, Counter[str]] = {}
        key_of = self.resolver.key
        for story in self.stories:
            if story.archived and not include_archived:
                continue
            # As a search entry keys them (the last spelling of a key wins), without keeping
            # an entry for every story.
            keys = {key_of(name): name for name in story.competencies}
            for key, display in keys.items():
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
        for story in self.stories:
            if story.archived and not include_archived:
                continue
            counts.update(story.tags)
        return sorted(counts.items(), key=lambda r: (-r[1], r[0].casefold()))


class _Labels:
    """Positions by competency key, tag key and kind; and which stories are drafts.

    Each is worked out on first use, in a pass of its own: a filter by competency (the most
    common one) never pays for the tags, kinds and states of thousands of stories.
    """

    __slots__ = ("_built", "_lock", "_positions", "_resolver", "_stories")

    def __init__(
        self,
        stories: Sequence[Searchable],
        positions: Sequence[int],
        resolver: CompetencyResolver,
    ) -> None:
        self._stories, self._positions, self._resolver = stories, positions, resolver
        self._lock = threading.Lock()  # a search and the app's warm-up may ask at once
        self._built: dict[str, Any] = {}

    def _once(self, name: str, build: Callable[[], _P]) -> _P:
        """The part `name`, built by `build` the first time it is asked for."""
        with self._lock:
            if name not in self._built:
                self._built[name] = build()
            return cast("_P", self._built[name])

    @property
    def by_comp(self) -> dict[str, set[int]]:
        """Positions by competency key."""
        key = self._resolver.key
        return self._once(
            "comp",
            lambda: _grouped((i, key(n)) for i, s in self._numbered() for n in s.competencies),
        )

    @property
    def by_tag(self) -> dict[str, set[int]]:
        """Positions by tag key."""
        return self._once(
            "tag", lambda: _grouped((i, _tag_key(t)) for i, s in self._numbered() for t in s.tags)
        )

    @property
    def by_kind(self) -> dict[str, set[int]]:
        """Positions by kind of source (every kind is there, if only with no story)."""
        return self._once("kind", self._kinds)

    @property
    def drafts(self) -> set[int]:
        """Positions of the drafts."""
        draft = Status.DRAFT
        return self._once("drafts", lambda: {i for i, s in self._numbered() if s.status is draft})

    def _kinds(self) -> dict[str, set[int]]:
        # By the kind's string: an enum member hashes through Python code, and str() of a
        # StrEnum member is its value without that.
        by_kind: dict[str, set[int]] = {k.value: set() for k in SourceKind}
        for i, story in self._numbered():
            by_kind[str(story.source.kind)].add(i)
        return by_kind

    def _numbered(self) -> Iterator[tuple[int, Searchable]]:
        """Each story with its position (the shared int objects)."""
        return zip(self._positions, self._stories, strict=True)

    def warm(self) -> None:
        """Work out every part now."""
        _ = self.by_comp, self.by_tag, self.by_kind, self.drafts


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[str, set[int]]:
    """Positions grouped by key."""
    groups: dict[str, set[int]] = {}
    with gc_paused():  # thousands of sets that all stay
        for i, key in pairs:
            found = groups.get(key)
            if found is None:
                groups[key] = {i}
            else:
                found.add(i)
    return groups
