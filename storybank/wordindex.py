"""A word-prefix index over many texts: which texts hold a word starting with what was typed."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Sequence

_TOKEN_RE = re.compile(r"\w+")
_CACHE_SIZE = 256


def tokens(text: str) -> list[str]:
    """The words of `text`, lowered the way the index lowers them."""
    return _TOKEN_RE.findall(text.casefold())


def spaced(text: str) -> str:
    """`text` as ` word word…`, so `" " + prefix in spaced(text)` tests a word prefix."""
    return " " + " ".join(tokens(text))


class WordIndex:
    """Sorted vocabulary with a posting list per word; a prefix is a range of the vocabulary."""

    def __init__(self, texts: Sequence[str]) -> None:
        # Postings are arrays of 4-byte positions: a tenth of the memory of lists of ints.
        postings: dict[str, array[int]] = {}
        for position, text in enumerate(texts):
            for word in set(tokens(text)):
                bucket = postings.get(word)
                if bucket is None:
                    postings[word] = array("I", (position,))
                else:
                    bucket.append(position)
        self._vocab = sorted(postings)
        self._postings = [postings[word] for word in self._vocab]
        self._size = len(texts)
        self._cache: OrderedDict[str, frozenset[int]] = OrderedDict()

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
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result
