"""Finding competencies in free text (a question, a job ad) by keyword and alias, offline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storybank.core import stemming
from storybank.core.taxonomy import Catalog

# A competency found this many times, or by this many different words, is a strong match.
STRONG_HITS = 3
STRONG_TERMS = 2

STOPWORDS = stemming.STOPWORDS


def tokens(text: str) -> list[str]:
    """The lower-case words of `text` (hyphens and punctuation split words)."""
    return stemming.words(text)


def stem(word: str) -> str:
    """The Snowball stem, so "prioritizing" and "prioritized" meet."""
    return stemming.stem(word)


def content_stems(text: str) -> set[str]:
    """The stems of the words in `text` that carry meaning (no stop words, no tiny words)."""
    return set(stemming.stems(text))


# The endings that make another form of a word ("motivat*": motivated, motivation,
# motivational), chained; anything else continues into another word ("goal*": goalposts).
_ENDING_RE = re.compile(
    r"(?:e|es|s|ed|d|ing|ings|er|ers|or|ors|ion|ions|ation|ations|ive|ives|ively|ity|ities|"
    r"ment|ments|ship|ships|al|ally|ial|ly|ness|able|ably|ible|ize|izes|ized|izing|ization|ist|"
    r"ists|ism|ic|ics|ical|ically|ful|fully|y|ies|ied|ier|iest|ence|ences|ent|ents|ant|ants|"
    r"ance|ate|ates|ated|ating|ator|ators|ee|ees|ory|ous|ously|ious|us|ure|ures|age|ty|iv|le|"
    r"ility|ilities|ability|abilities|n|th|sis|ses|ze|zes|zed|zing|tic|tics|tical|t|ce|cy|"
    r"cies|est|'s|')*"
)


def is_form_of(word: str, prefix: str) -> bool:
    """True when `word` is `prefix` with word-form endings, a doubled last letter allowed
    ("ship*": shipped, shipping, shipment; not shipwreck)."""
    if not word.startswith(prefix):
        return False
    rest = word[len(prefix) :]
    if rest[:1] == prefix[-1:] and len(rest) > 1:
        rest = rest[1:] if not _ENDING_RE.fullmatch(rest) else rest
    return _ENDING_RE.fullmatch(rest) is not None


@dataclass(frozen=True)
class _Term:
    """A keyword, alias or name as a sequence of word patterns."""

    parts: tuple[str, ...]
    prefix: tuple[bool, ...]
    # Each part's stem (the part itself for a `*` prefix), compared with the text's stems.
    stems: tuple[str, ...]

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
        if not parts:
            return None
        found_stems = tuple(p if star else stem(p) for p, star in zip(parts, prefix, strict=True))
        return cls(tuple(parts), tuple(prefix), found_stems)

    def matches_at(self, words: Sequence[str], stems: Sequence[str], start: int) -> bool:
        if start + len(self.parts) > len(words):
            return False
        for offset, (part, is_prefix) in enumerate(zip(self.stems, self.prefix, strict=True)):
            if is_prefix:
                if not is_form_of(words[start + offset], part):
                    return False
            elif stems[start + offset] != part:
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
        self._by_stem: dict[str, list[tuple[str, str, _Term]]] = {}
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
        if term.prefix[0]:
            self._by_first.setdefault(term.stems[0], []).append((key, name, term))
        else:
            self._by_stem.setdefault(term.stems[0], []).append((key, name, term))

    def find(self, text: str) -> list[CompetencyHit]:
        """The competencies `text` points at, most hits first, each with its matched words."""
        words = tokens(text)
        stems = [stem(w) for w in words]
        found: list[tuple[str, str, int, int]] = []  # key, name, start, length
        spots: set[tuple[str, int]] = set()
        for start, word in enumerate(words):
            starting = [
                t for size in range(1, len(word) + 1) for t in self._by_first.get(word[:size], ())
            ]
            for key, name, term in (*self._by_stem.get(stems[start], ()), *starting):
                # One place in the text counts once, however many terms match there.
                if (key, start) not in spots and term.matches_at(words, stems, start):
                    spots.add((key, start))
                    found.append((key, name, start, len(term.parts)))
        counts: dict[str, int] = {}
        matched: dict[str, dict[str, None]] = {}
        names: dict[str, str] = {}
        for key, name, start, length in found:
            # A word read as part of a longer term of another competency is not also read
            # alone ("technical judgement" is Technical depth, not a judgement call).
            if any(
                other != key and size > length and at <= start and start + length <= at + size
                for other, _, at, size in found
            ):
                continue
            counts[key] = counts.get(key, 0) + 1
            matched.setdefault(key, {})[" ".join(words[start : start + length])] = None
            names[key] = name
        hits = [CompetencyHit(k, names[k], n, tuple(matched[k])) for k, n in counts.items()]
        hits.sort(key=lambda h: (-h.hits, -len(h.words), h.name.casefold()))
        return hits
