"""A word-prefix index over many texts: which texts hold a word starting with what was typed."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable

_TOKEN_RE = re.compile(r"\w+")
_CACHE_SIZE = 256
_CACHE_BUDGET = 1  # the cache holds at most this many positions per text, all sets together


def tokens(text: str) -> list[str]:
    """The words of `text`, lowered the way the index lowers them."""
    return _TOKEN_RE.findall(text.casefold())


def spaced(text: str) -> str:
    """`text` as ` word word…`, so `" " + prefix in spaced(text)` tests a word prefix."""
    return " " + " ".join(tokens(text))


class WordIndex:
    """Sorted vocabulary with a posting list per word; a prefix is a range of the vocabulary."""

    def __init__(self, texts: Iterable[str]) -> None:
        # Postings are arrays of 4-byte positions: a tenth of the memory of lists of ints.
        # `texts` may be a generator: only one text at a time need exist while indexing.
        postings: dict[str, array[int]] = {}
        size = 0
        for position, text in enumerate(texts):
            size = position + 1
            for word in set(tokens(text)):
                bucket = postings.get(word)
                if bucket is None:
                    postings[word] = array("I", (position,))
                else:
                    bucket.append(position)
        self._vocab = sorted(postings)
        self._postings = [postings[word] for word in self._vocab]
        self._size = size
        self._cache: OrderedDict[str, frozenset[int]] = OrderedDict()
        self._cached = 0  # positions held by the cache

    def __len__(self) -> int:
        return self._size

    def with_prefix(self, prefix: str) -> frozenset[int]:
        """Positions of the texts that hold a word starting with `prefix` (a single word)."""
        cached = self._cache.get(prefix)
        if cached is not None:
            self._cache.move_to_end(prefix)
            return cached
        lo = bisect_left(self._vocab, prefix)
        hi = bisect_left(self._vocab, prefix + "\U0010ffff", lo)
        lists = sorted(self._postings[lo:hi], key=len, reverse=True)
        found: set[int] = set()
        for posting in lists:
            found.update(posting)
            if len(found) == self._size:  # every text already matches: stop early
                break
        result = frozenset(found)
        self._cache[prefix] = result
        self._cached += len(result)
        # A set of positions costs about 80 bytes each: bound the cache by what it holds, not
        # only by how many prefixes, or typing over a large bank piles up many whole-bank sets.
        while len(self._cache) > 1 and (
            len(self._cache) > _CACHE_SIZE or self._cached > _CACHE_BUDGET * self._size
        ):
            self._cached -= len(self._cache.popitem(last=False)[1])
        return result
