"""A word-prefix index over many texts: which texts hold a word starting with what was typed."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Iterable, Set as AbstractSet

from storybank.core.vocab import words

_CACHE_SIZE = 256
_CACHE_BUDGET = 0.25  # the cache holds at most this many positions per text, all sets together


def tokens(text: str) -> list[str]:
    """The words of `text`, lowered the way the index lowers them (vocab's one rule)."""
    return words(text)


def spaced(text: str) -> str:
    """`text` as ` word word…`, so `" " + prefix in spaced(text)` tests a word prefix."""
    return " " + " ".join(tokens(text))


class _Vocabulary:
    """Sorted words kept end to end in one string: a string object per word costs 50 bytes."""

    __slots__ = ("_starts", "_text")

    def __init__(self, words: list[str]) -> None:
        self._text = "".join(words)
        self._starts = array("I", (0,))
        end = 0
        for word in words:
            end += len(word)
            self._starts.append(end)

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, rank: int) -> str:
        return self._text[self._starts[rank] : self._starts[rank + 1]]


def _span_order(span: tuple[int, int]) -> int:
    return span[0] - span[1]


class WordIndex:
    """Sorted vocabulary with a posting list per word; a prefix is a range of the vocabulary."""

    def __init__(self, texts: Iterable[str]) -> None:
        # `texts` may be a generator: only one text at a time need exist while indexing. Each
        # text's distinct words go into one growing array as word numbers; the postings are
        # laid out from it at the end. (An array per word, grown a position at a time, would
        # scatter small blocks over the heap that stay in memory after it is done.)
        numbers: dict[str, int] = {}
        stream = array("H")  # 2-byte word numbers until there are more words than that
        ends = array("I")
        for text in texts:
            words = set(tokens(text))
            if stream.typecode == "H" and len(numbers) + len(words) > 0xFFFF:
                stream = array("I", stream)
            stream.extend(numbers.setdefault(word, len(numbers)) for word in words)
            ends.append(len(stream))
        size = len(ends)
        # All postings go into one array in vocabulary order, so a word's positions are a
        # slice of it: no object per word, and 2-byte positions when there are few texts.
        vocab = sorted(numbers)
        rank = array("I", bytes(4 * len(numbers)))
        for order, word in enumerate(vocab):
            rank[numbers[word]] = order
        del numbers
        self._vocab = _Vocabulary(vocab)
        del vocab
        counts = Counter(stream)
        offsets = array("I", (0,))
        total = 0
        for word_number in sorted(counts, key=rank.__getitem__):
            total += counts[word_number]
            offsets.append(total)
        del counts
        # Where the next position of each word goes.
        cursor = array("I", (offsets[order] for order in rank))
        flat = array("H" if size <= 0xFFFF else "I", bytes((2 if size <= 0xFFFF else 4) * total))
        start = 0
        for position, end in enumerate(ends):
            for word_number in stream[start:end]:
                flat[cursor[word_number]] = position
                cursor[word_number] += 1
            start = end
        del stream, cursor
        self._flat = memoryview(flat)
        self._offsets = offsets
        self._size = size
        self._cache: OrderedDict[str, AbstractSet[int]] = OrderedDict()
        self._cached = 0  # positions held by the cache

    def __len__(self) -> int:
        return self._size

    def with_prefix(self, prefix: str) -> AbstractSet[int]:
        """Positions of the texts that hold a word starting with `prefix` (a single word)."""
        cached = self._cache.get(prefix)
        if cached is not None:
            self._cache.move_to_end(prefix)
            return cached
        lo = bisect_left(self._vocab, prefix)
        hi = bisect_left(self._vocab, prefix + "\U0010ffff", lo)
        flat, offsets = self._flat, self._offsets
        found: set[int] = set()
        if hi - lo == 1:
            found.update(flat[offsets[lo] : offsets[hi]])
        else:
            # Longest posting lists first, so a short prefix that every text holds stops early.
            spans = sorted(
                zip(offsets[lo:hi], offsets[lo + 1 : hi + 1], strict=True), key=_span_order
            )
            for start, end in spans:
                found.update(flat[start:end])
                if len(found) == self._size:  # every text already matches: stop early
                    break
        # Kept and returned as is (not copied into a frozenset: that would hold the positions
        # twice while copying); callers only read it.
        result: AbstractSet[int] = found
        self._cache[prefix] = result
        self._cached += len(result)
        # A set of positions costs about 80 bytes each: bound the cache by what it holds, not
        # only by how many prefixes, or typing over a large bank piles up many whole-bank sets.
        while len(self._cache) > 1 and (
            len(self._cache) > _CACHE_SIZE or self._cached > _CACHE_BUDGET * self._size
        ):
            self._cached -= len(self._cache.popitem(last=False)[1])
        return result
