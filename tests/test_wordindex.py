"""The word index: prefix lookups over many texts, and its bounded cache."""

from __future__ import annotations

import storybank.search.wordindex as wordindex
from storybank.search.wordindex import WordIndex, tokens


def _naive(texts: list[str], prefix: str) -> set[int]:
    return {i for i, text in enumerate(texts) if any(w.startswith(prefix) for w in tokens(text))}


def test_prefixes_find_the_texts_that_hold_a_word_starting_with_them() -> None:
    texts = ["Led the rewrite", "leadership and budgets", "", "Budget cuts; LEAD time", "l"]
    index = WordIndex(iter(texts))  # a generator is enough
    assert len(index) == len(texts)
    for prefix in ("l", "le", "lea", "lead", "leadership", "b", "budget", "budgets", "x", "the"):
        assert set(index.with_prefix(prefix)) == _naive(texts, prefix), prefix


def test_more_words_than_two_bytes_can_number_are_still_found() -> None:
    words = [f"w{i}" for i in range(70_000)]
    texts = [" ".join(words[:60_000]), " ".join(words[60_000:]), "w69999 again"]
    index = WordIndex(texts)
    assert set(index.with_prefix("w69999")) == {1, 2}
    assert set(index.with_prefix("w5")) == {0}
    assert set(index.with_prefix("w")) == {0, 1, 2}


def test_the_cache_holds_a_bounded_number_of_positions() -> None:
    texts = [f"alpha{i} beta{i % 7} gamma" for i in range(400)]
    index = WordIndex(texts)
    for prefix in ("a", "al", "alp", "b", "be", "g", "ga", "alpha1", "beta3"):
        assert set(index.with_prefix(prefix)) == _naive(texts, prefix)
        held = sum(len(found) for found in index._cache.values())
        assert len(index._cache) == 1 or held <= wordindex._CACHE_BUDGET * len(texts)
    # A cached answer is the same as a fresh one.
    assert set(index.with_prefix("beta3")) == _naive(texts, "beta3")
