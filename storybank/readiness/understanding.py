"""What a question or a job ad asks about: competency weights from several weak signals.

The signals: the phrase and synonym lists of every shipped taxonomy, the user's competencies
and the labels typed on stories; the labelled questions it resembles (BM25 over the shipped
question banks and the user's own); and the crosswalk between related competencies.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from storybank.core import stemming
from storybank.core.taxonomy import (
    TAXONOMY_FILES,
    Catalog,
    CompetencyData,
    QuestionData,
    builtin_questions,
    taxonomy_questions,
)
from storybank.readiness.crosswalk import Crosswalk
from storybank.readiness.matching import CompetencyFinder, CompetencyHit
from storybank.search.bm25 import BM25

# How much one kind of finding says, before the crosswalk and the known questions add to it.
ONE_WORD = 0.4  # one keyword: a guess
PHRASE = 0.65  # a phrase or a competency's own name
MORE_WORDS = 0.2  # each further word for the same competency
# Known questions: how many of the nearest count, how near one must be, and what each of a
# question's labels passes on (the first label is what the question is mostly about).
NEIGHBOURS = 5
MIN_SIMILARITY = 0.3
LABEL_SHARE = (1.0, 0.75, 0.6)
KNOWN_TRUST = 0.9
# A phrase's only content word is weak when its rarity (idf) over the known questions is
# below this share of an unseen word's ("helped", "team", "learned").
WEAK_WORD_IDF_SHARE = 0.6
FULL_QUESTION = 3  # content words in a question long enough to compare whole
# Words of a story's own label that say too little alone to point at it.
_VAGUE_LABEL_WORDS = frozenset(
    {
        "skill", "skills", "management", "work", "working", "response", "good", "great",
        "high", "strong", "level", "general", "making", "handling", "being", "taking",
    }
)  # fmt: skip


_Add = Callable[[str, float, Iterable[str], str], None]


@dataclass(frozen=True)
class Signal:
    """One competency a text asks about: how strongly (0–1) and what showed it."""

    key: str
    name: str
    weight: float
    words: tuple[str, ...]
    similar: tuple[str, ...]  # known questions it resembles, when those pointed here


@dataclass(frozen=True)
class Reading:
    """What a text asks about: the competencies by key, and those related to them."""

    signals: tuple[Signal, ...]  # best first
    related: dict[str, float]  # key -> weight, via the crosswalk (never an exact key's own)

    @property
    def exact(self) -> dict[str, float]:
        """Each competency the text asks about by key, with its weight."""
        return {s.key: s.weight for s in self.signals}

    def hits(self, floor: float = 0.0) -> list[CompetencyHit]:
        """The signals at or above `floor` as keyword hits (for reports that count words)."""
        return [
            CompetencyHit(s.key, s.name, max(1, len(s.words)), s.words)
            for s in self.signals
            if s.weight >= floor
        ]


@functools.cache
def _shipped_known() -> tuple[QuestionData, ...]:
    """Every shipped labelled question: the general bank and each taxonomy's own."""
    out = list(builtin_questions())
    for taxonomy_id in TAXONOMY_FILES:
        out += taxonomy_questions(taxonomy_id)
    return tuple(out)


@dataclass(frozen=True)
class Known:
    """A labelled question to learn from."""

    text: str
    competencies: tuple[str, ...]


class QuestionReader:
    """Reads questions and job-ad lines for one catalog and one bank's labels; build once."""

    def __init__(
        self, catalog: Catalog, labels: Iterable[str] = (), known: Iterable[Known] = ()
    ) -> None:
        self.catalog = catalog
        self.crosswalk = Crosswalk(catalog.key)
        # Every shipped taxonomy's phrases (so a Dive Deep question is read even with only the
        # general set active), the user's own competencies, and the labels typed on stories.
        custom = [
            CompetencyData(name=c.name, aliases=list(c.aliases), keywords=list(c.keywords))
            for c in catalog.competencies
            if c.custom
        ]
        universe = Catalog(TAXONOMY_FILES, custom)
        self._universe = universe
        names = list(dict.fromkeys(labels))
        self._label_keys = {catalog.key(n) for n in names}
        self.finder = CompetencyFinder(universe, names)
        # A label's own words count too ("Incident response" is asked for by "an incident"),
        # for labels no taxonomy knows (those have phrase lists of their own).
        self._label_stems: dict[str, dict[str, str]] = {}
        for name in names:
            if universe.get(name) is None and catalog.get(name) is None:
                for word in stemming.content_words(name):
                    if len(word) > 3 and word not in _VAGUE_LABEL_WORDS:
                        self._label_stems.setdefault(stemming.stem(word), {})[name] = word
        self._known = [Known(q.text, tuple(q.competencies)) for q in _shipped_known()]
        self._known += list(known)
        self._index = BM25(stemming.stems(k.text) for k in self._known)
        self._vocabulary: dict[str, frozenset[str]] = {}
        self._active = {c.key for c in catalog.competencies} | self._label_keys

    def vocabulary(self, key: str) -> frozenset[str]:
        """The stems of the one-word terms (names, aliases, keywords) of a competency in play:
        the words a story about it tends to hold ("outage" for Working under pressure)."""
        found = self._vocabulary.get(key)
        if found is None:
            out: set[str] = set()
            for comp in self._universe.competencies:
                if self.catalog.key(comp.name) == key:
                    for term in (comp.name, *comp.aliases, *comp.keywords):
                        # A `*` prefix stems like the word it starts ("outage*" -> "outag").
                        if len(found_words := stemming.words(term.rstrip("*"))) == 1:
                            out.add(stemming.stem(found_words[0]))
            found = self._vocabulary[key] = frozenset(out)
        return found

    def known_key(self, key: str) -> bool:
        """True when `key` is a competency of the catalog or a label on a story."""
        return key in self._active

    def display(self, key: str) -> str:
        """The name to show for a key."""
        return self.catalog.display(key, self._names.get(key, key))

    @functools.cached_property
    def _names(self) -> dict[str, str]:
        return {c.key: c.name for c in self._universe.competencies}

    def read(self, text: str) -> Reading:
        """The competencies `text` asks about, with weights, and the related ones."""
        weight: dict[str, float] = {}
        words: dict[str, dict[str, None]] = {}
        similar: dict[str, dict[str, None]] = {}

        def add(key: str, value: float, found: Iterable[str], like: str) -> None:
            if value <= 0:
                return
            # Independent signals: each closes part of the gap left by the others.
            weight[key] = 1 - (1 - weight.get(key, 0.0)) * (1 - min(value, 1.0))
            for word in found:
                words.setdefault(key, {})[word] = None
            if like:
                similar.setdefault(key, {})[like] = None

        for hit in self.finder.find(text):
            named = any(self._says_more(w, hit.key) for w in hit.words)
            value = (PHRASE if named else ONE_WORD) + MORE_WORDS * (len(hit.words) - 1)
            self._to_active(hit.name, value, hit.words, "", add)
        query = stemming.stems(text)
        by_label: dict[str, list[str]] = {}
        for term, word in zip(query, stemming.content_words(text), strict=True):
            for name in self._label_stems.get(term, {}):
                by_label.setdefault(name, []).append(word)
        for name, found in by_label.items():
            unique = tuple(dict.fromkeys(found))
            self._to_active(name, ONE_WORD + MORE_WORDS * (len(unique) - 1), unique, "", add)
        if query:
            scores = self._index.scores(query)
            best = self._best(query)
            # Two shared words of a two-word text say less than four of a four-word question.
            brevity = min(1.0, len(set(query)) / FULL_QUESTION)
            ranked = sorted(scores.items(), key=lambda kv: -kv[1])[:NEIGHBOURS]
            for index, score in ranked:
                similarity = min(1.0, score / best) * brevity if best else 0.0
                if similarity < MIN_SIMILARITY:
                    break
                known = self._known[index]
                for share, name in zip(LABEL_SHARE, known.competencies, strict=False):
                    self._to_active(name, KNOWN_TRUST * similarity * share, (), known.text, add)
        signals = [
            Signal(k, self.display(k), w, tuple(words.get(k, ())), tuple(similar.get(k, ())))
            for k, w in weight.items()
        ]
        signals.sort(key=lambda s: (-s.weight, s.name.casefold()))
        spread = self.crosswalk.spread(weight).items()
        related = {k: w for k, w in spread if w > weight.get(k, 0.0) and self.known_key(k)}
        return Reading(tuple(signals), related)

    def common(self, found: str) -> bool:
        """True when `found` is one word that a good share of the known questions use, so it
        says little alone ("team", "decisions", "risks")."""
        content = stemming.stems(found)
        return len(content) == 1 and (
            self._index.idf(content[0]) < WEAK_WORD_IDF_SHARE * self._index.idf("")
        )

    def _says_more(self, found: str, key: str) -> bool:
        """True when `found` says more than one keyword: the competency's own name or alias,
        or a phrase, unless its only content word is one many known questions use ("helped a"
        is "helped": the "a" adds nothing)."""
        if self._universe.key(found) == key:
            return True
        content = stemming.stems(found)
        if len(content) != 1 or " " not in found:
            return len(content) != 1
        # A word in a good share of the known questions is common in any question.
        return self._index.idf(content[0]) >= WEAK_WORD_IDF_SHARE * self._index.idf("")

    def _best(self, query: Sequence[str]) -> float:
        """A near-perfect known question's score: the query's words all there, once each.

        Words no known question holds count as the rarest, so a question mostly made of
        unknown words never looks close to a known one.
        """
        return sum(self._index.idf(t) for t in set(query))

    def _to_active(
        self, name: str, value: float, found: Iterable[str], like: str, add: _Add
    ) -> None:
        """Credit `name`, or, when it is not in play, the competencies in play related to it."""
        key = self.catalog.key(name)
        if self.known_key(key):
            add(key, value, found, like)
            return
        for other, closeness in self.crosswalk.related(key).items():
            if self.known_key(other):
                add(other, value * closeness, found, like)
