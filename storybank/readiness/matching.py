"""Finding competencies in free text (a question, a job ad) by keyword and alias, offline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storybank.core.taxonomy import Catalog

_TOKEN_RE = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")
# Endings a plain keyword may take and still match: "mentor" finds "mentored", "mentors".
_ENDINGS = ("", "s", "es", "d", "ed", "ing", "er", "ers")
# A competency found this many times, or by this many different words, is a strong match.
STRONG_HITS = 3
STRONG_TERMS = 2

_STOPWORDS_TEXT = """
    a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    give had has have having he her here hers him his how i if in into is it its just me more
    most my no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through time to
    too under until up very was we were what when where which while who whom why will with would
    you your yours tell describe example walk us share talk times situation someone something
    ever did had one way"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def tokens(text: str) -> list[str]:
    """The lower-case words of `text` (hyphens and punctuation split words)."""
    return _TOKEN_RE.findall(text.casefold().replace("’", "'"))


def stem(word: str) -> str:
    """A crude stem so "prioritizing" and "prioritized" meet; good enough for ranking."""
    for ending in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def content_stems(text: str) -> set[str]:
    """The stems of the words in `text` that carry meaning (no stop words, no tiny words)."""
    return {stem(t) for t in tokens(text) if len(t) > 2 and t not in STOPWORDS}


@dataclass(frozen=True)
class _Term:
    """A keyword, alias or name as a sequence of word patterns."""

    parts: tuple[str, ...]
    prefix: tuple[bool, ...]

    @classmethod
    def parse(cls, text: str) -> _Term | None:
        words = text.split()
        parts: list[str] = []
        prefix: list[bool] = []
        for word in words:
            star = word.endswith("*")
            found = tokens(word.rstrip("*"))
            for i, token in enumerate(found):
                parts.append(token)
                prefix.append(star and i == len(found) - 1)
        return cls(tuple(parts), tuple(prefix)) if parts else None

    def matches_at(self, words: Sequence[str], start: int) -> bool:
        if start + len(self.parts) > len(words):
            return False
        for offset, (part, is_prefix) in enumerate(zip(self.parts, self.prefix, strict=True)):
            word = words[start + offset]
            if is_prefix:
                if not word.startswith(part):
                    return False
            elif not any(word == part + ending for ending in _ENDINGS) and not (
                part.endswith("e") and word == part[:-1] + "ing"
            ):
                return False
        return True


@dataclass(frozen=True)
class CompetencyHit:
    """A competency found in a text: how often, and the words that matched."""

    key: str
    name: str
    hits: int
    words: tuple[str, ...]

    @property
    def strong(self) -> bool:
        """True when enough of the text points at this competency to trust it."""
        return self.hits >= STRONG_HITS or len(self.words) >= STRONG_TERMS


class CompetencyFinder:
    """Finds a catalog's competencies (and extra names, such as those on stories) in text."""

    def __init__(self, catalog: Catalog, extra_names: Iterable[str] = ()) -> None:
        self.catalog = catalog
        self._terms: list[tuple[str, str, _Term]] = []
        # Terms by their first word, so each word of the text checks only the terms it can start
        self._by_first: dict[str, list[tuple[str, str, _Term]]] = {}
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for comp in catalog.competencies:
            for text in (comp.name, *comp.aliases, *comp.keywords):
                self._add(comp.key, comp.name, text, seen)
        for name in extra_names:
            key = catalog.key(name)
            self._add(key, catalog.display(key, name), name, seen)

    def _add(self, key: str, name: str, text: str, seen: set[tuple[str, tuple[str, ...]]]) -> None:
        term = _Term.parse(text)
        if term is None or (key, term.parts) in seen:
            return
        seen.add((key, term.parts))
        self._terms.append((key, name, term))
        self._by_first.setdefault(term.parts[0], []).append((key, name, term))

    def find(self, text: str) -> list[CompetencyHit]:
        """The competencies `text` points at, most hits first, each with its matched words."""
        words = tokens(text)
        counts: dict[str, int] = {}
        matched: dict[str, dict[str, None]] = {}
        names: dict[str, str] = {}
        spots: set[tuple[str, int]] = set()
        for start, word in enumerate(words):
            for size in range(1, len(word) + 1):
                for key, name, term in self._by_first.get(word[:size], ()):
                    # One place in the text counts once, however many terms match there.
                    if (key, start) not in spots and term.matches_at(words, start):
                        spots.add((key, start))
                        counts[key] = counts.get(key, 0) + 1
                        found = " ".join(words[start : start + len(term.parts)])
                        matched.setdefault(key, {})[found] = None
                        names[key] = name
        hits = [CompetencyHit(k, names[k], n, tuple(matched[k])) for k, n in counts.items()]
        hits.sort(key=lambda h: (-h.hits, -len(h.words), h.name.casefold()))
        return hits
