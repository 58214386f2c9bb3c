"""Related competencies: which ones answer for each other, within and across taxonomies."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

import orjson

from storybank.core.vocab import label_key

CROSSWALK_FILE = "crosswalk"


@functools.cache
def links() -> tuple[tuple[str, str, float], ...]:
    """The shipped links as (name, name, weight), read once per process."""
    raw = resources.files("storybank").joinpath("data", f"{CROSSWALK_FILE}.json").read_bytes()
    out: list[tuple[str, str, float]] = []
    for left, right, weight in orjson.loads(raw)["links"]:
        if not (isinstance(left, str) and isinstance(right, str) and 0 < float(weight) < 1):
            raise RuntimeError(f"storybank/data/{CROSSWALK_FILE}.json has a bad link: {left}")
        out.append((left, right, float(weight)))
    return tuple(out)


class Crosswalk:
    """The links between competency keys, both ways, resolved through a catalog's names."""

    def __init__(self, key: Callable[[str], str] = label_key) -> None:
        self._related: dict[str, dict[str, float]] = {}
        for left, right, weight in links():
            a, b = key(left), key(right)
            if a == b:  # one name is an alias of the other in this catalog: already the same
                continue
            for one, other in ((a, b), (b, a)):
                row = self._related.setdefault(one, {})
                row[other] = max(row.get(other, 0.0), weight)

    def related(self, key: str) -> dict[str, float]:
        """The keys related to `key`, each with how closely (0–1); empty when none."""
        return self._related.get(key, {})

    def spread(self, weights: dict[str, float]) -> dict[str, float]:
        """How strongly each related key is asked about, given how strongly each key is.

        A key's own weight is never spread back to it: related never counts as exact.
        """
        out: dict[str, float] = {}
        for key, weight in weights.items():
            for other, closeness in self.related(key).items():
                out[other] = max(out.get(other, 0.0), weight * closeness)
        return out
