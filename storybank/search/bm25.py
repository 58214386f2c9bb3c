"""A small BM25 ranking over short texts given as stems (questions, story titles and text)."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

K1 = 1.2
B = 0.75
# Extra query words found in more than one document in this many are left out.
EXTRA_COMMON = 20


class BM25:
    """Okapi BM25 over a fixed list of documents, each a sequence of stems or stem counts."""

    def __init__(self, documents: Iterable[Sequence[str] | Mapping[str, int]]) -> None:
        # Postings as compact arrays: 10,000 stories hold over a million (stem, story) pairs.
        self._docs: dict[str, array[int]] = {}
        self._freqs: dict[str, array[int]] = {}
        lengths: list[int] = []
        for index, document in enumerate(documents):
            counts = document if isinstance(document, Mapping) else Counter(document)
            lengths.append(sum(counts.values()))
            for term, count in counts.items():
                docs = self._docs.get(term)
                if docs is None:
                    docs = self._docs[term] = array("i")
                    self._freqs[term] = array("i")
                docs.append(index)
                self._freqs[term].append(count)
        self.size = len(lengths)
        average = sum(lengths) / self.size if lengths else 0.0
        # Each document's length factor, computed once rather than per query.
        self._norm = [K1 * (1 - B + B * n / average) if average else K1 for n in lengths]

    def idf(self, term: str) -> float:
        """How rare `term` is: rare words say more about a match than common ones."""
        found = len(self._docs.get(term, ()))
        return math.log(1 + (self.size - found + 0.5) / (found + 0.5))

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
            if len(self._docs.get(term, ())) * EXTRA_COMMON <= max(self.size, EXTRA_COMMON):
                terms[term] = max(terms.get(term, 0.0), share)
        for term, share in terms.items():
            docs = self._docs.get(term)
            if docs is None:
                continue
            weight = self.idf(term) * (K1 + 1) * share
            freqs = self._freqs[term]
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
