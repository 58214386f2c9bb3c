"""A small BM25 ranking over short texts given as stems (questions, story titles and text)."""

from __future__ import annotations

import math
import sys
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

import orjson

K1 = 1.2
B = 0.75
# Extra query words found in more than one document in this many are left out.
EXTRA_COMMON = 20
# How an index is laid out in bytes (`to_bytes`): a change here makes older bytes unreadable.
_LAYOUT = b"bm25-1 %s %d" % (sys.byteorder.encode(), array("I").itemsize)
# The longest first line of `to_bytes`: six sizes of up to 20 digits, the spaces, the newline.
_SIZES_LINE_MAX = 6 * 21


class BM25:
    """Okapi BM25 over a fixed list of documents, each a sequence of stems or stem counts.

    Postings lie in two flat arrays (documents, then counts), one run per stem in document
    order: 10,000 stories hold over a million (stem, story) pairs, and one array per stem
    would cost more than the pairs themselves, and could not be read back from bytes at once.
    """

    def __init__(self, documents: Iterable[Sequence[str] | Mapping[str, int]]) -> None:
        docs_of: dict[str, array[int]] = {}
        freqs_of: dict[str, array[int]] = {}
        lengths = array("I")
        for index, document in enumerate(documents):
            counts = document if isinstance(document, Mapping) else Counter(document)
            lengths.append(sum(counts.values()))
            for term, count in counts.items():
                docs = docs_of.get(term)
                if docs is None:
                    docs = docs_of[term] = array("I")
                    freqs_of[term] = array("I")
                docs.append(index)
                freqs_of[term].append(count)
        self._slots = {term: slot for slot, term in enumerate(docs_of)}
        self._starts = array("I", [0])
        self._docs = array("I")
        self._freqs = array("I")
        for term, docs in docs_of.items():
            self._docs.extend(docs)
            self._freqs.extend(freqs_of[term])
            self._starts.append(len(self._docs))
        self._lengths = lengths
        self._prepare()

    def _prepare(self) -> None:
        self.size = len(self._lengths)
        average = sum(self._lengths) / self.size if self.size else 0.0
        # Each document's length factor, computed once rather than per query.
        self._norm = [K1 * (1 - B + B * n / average) if average else K1 for n in self._lengths]

    def _span(self, term: str) -> tuple[int, int]:
        """Where `term`'s postings lie in the flat arrays (an empty span when it is in none)."""
        slot = self._slots.get(term)
        if slot is None:
            return 0, 0
        return self._starts[slot], self._starts[slot + 1]

    def idf(self, term: str) -> float:
        """How rare `term` is: rare words say more about a match than common ones."""
        start, end = self._span(term)
        found = end - start
        return math.log(1 + (self.size - found + 0.5) / (found + 0.5))

    def holds(self, term: str, document: int) -> bool:
        """True when the document at `document` holds `term`."""
        start, end = self._span(term)
        at = bisect_left(self._docs, document, start, end)
        return at < end and self._docs[at] == document

    def holding(self, terms: Iterable[str]) -> Counter[int]:
        """How many of `terms` (each counted once) each document holds, for those holding any."""
        out: Counter[int] = Counter()
        for term in set(terms):
            start, end = self._span(term)
            out.update(self._docs[start:end])
        return out

    def scores(
        self, query: Iterable[str], extra: dict[str, float] | None = None
    ) -> dict[int, float]:
        """The BM25 score of every document sharing a stem with `query` (each stem once), and
        with `extra` stems, each counted at its own weight (0–1)."""
        out: dict[int, float] = {}
        norm = self._norm
        terms = dict.fromkeys(query, 1.0)
        for term, share in (extra or {}).items():
            # An extra word in most documents tells them apart too little to pay for.
            start, end = self._span(term)
            if (end - start) * EXTRA_COMMON <= max(self.size, EXTRA_COMMON):
                terms[term] = max(terms.get(term, 0.0), share)
        for term, share in terms.items():
            start, end = self._span(term)
            if start == end:
                continue
            weight = self.idf(term) * (K1 + 1) * share
            docs, freqs = self._docs[start:end], self._freqs[start:end]
            for doc, freq in zip(docs, freqs, strict=True):
                out[doc] = out.get(doc, 0.0) + weight * freq / (freq + norm[doc])
        return out

    def ceiling(self, query: Iterable[str]) -> float:
        """What an average-length document holding each query stem once, each stem found in
        no other document, would score: the scale for "how close" (0–1).

        Common words add little to a score but as much as any word to this, so one common
        word shared never looks like a close match.
        """
        rarest = math.log(1 + (self.size - 0.5) / 1.5) if self.size else 0.0
        return rarest * len(set(query))

    def to_bytes(self) -> bytes:
        """The index as bytes that `from_bytes` reads back (in this machine's byte order)."""
        head = orjson.dumps(
            {"layout": _LAYOUT.decode(), "docs": self.size, "postings": len(self._docs)}
        )
        terms = "\n".join(self._slots).encode()
        arrays = (self._starts, self._lengths, self._docs, self._freqs)
        parts = [head, terms, *(a.tobytes() for a in arrays)]
        sizes = b" ".join(b"%d" % len(p) for p in parts)
        return b"\n".join([sizes, *parts])

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> BM25 | None:
        """An index from `to_bytes`, or None when `data` is not one (or is inconsistent).

        `data` may be a view into a larger buffer: its parts are read through views, never
        copied before they become the index's arrays."""
        data = memoryview(data)
        try:
            first = bytes(data[:_SIZES_LINE_MAX])
            line_end = first.index(b"\n")
            sizes = [int(n) for n in first[:line_end].split(b" ")]
            if len(sizes) != 6 or min(sizes) < 0:
                return None
            pieces: list[memoryview] = []
            at = line_end + 1
            for size in sizes:
                pieces.append(data[at : at + size])
                at += size + 1
            if at - 1 != len(data):
                return None
            head = orjson.loads(pieces[0])
            if head.get("layout") != _LAYOUT.decode():
                return None
            self = cls.__new__(cls)
            terms = str(pieces[1], "utf-8").split("\n") if pieces[1] else []
            self._slots = {term: slot for slot, term in enumerate(terms)}
            arrays = []
            for piece in pieces[2:]:
                made = array("I")
                made.frombytes(piece)
                arrays.append(made)
            self._starts, self._lengths, self._docs, self._freqs = arrays
        except (ValueError, TypeError, AttributeError, UnicodeDecodeError, orjson.JSONDecodeError):
            return None
        size, postings = head.get("docs"), head.get("postings")
        if (
            len(self._slots) != len(terms)
            or len(self._starts) != len(terms) + 1
            or self._starts[0] != 0
            or self._starts[-1] != len(self._docs)
            or len(self._freqs) != len(self._docs)
            or size != len(self._lengths)
            or postings != len(self._docs)
            or any(a >= b for a, b in pairwise(self._starts))
            or (self._docs and max(self._docs) >= len(self._lengths))
        ):
            return None
        self._prepare()
        return self
