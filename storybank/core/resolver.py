"""Competency name resolution: any spelling or alias of a competency to one key."""

from __future__ import annotations

from collections.abc import Iterable

from storybank.core.vocab import label_key


class CompetencyResolver:
    """Maps any spelling of a competency to one canonical key and a display name."""

    def __init__(self, aliases: dict[str, str] | None = None, names: dict[str, str] | None = None):
        # alias key -> canonical key, and canonical key -> display name
        self._aliases = dict(aliases or {})
        self._names = dict(names or {})
        # A bank repeats a few dozen names thousands of times: remember each one's key.
        self._keys: dict[str, str] = {}

    def key(self, name: str) -> str:
        """The canonical key of `name`: its alias target if it has one, else its own key."""
        found = self._keys.get(name)
        if found is None:
            own = label_key(name)
            found = self._keys[name] = self._aliases.get(own, own)
        return found

    def display(self, key: str, fallback: str = "") -> str:
        """The name to show for a canonical key."""
        return self._names.get(key, fallback or key)

    def knows(self, name: str) -> bool:
        """True when `name` is a competency (or an alias of one) of the catalog."""
        return self.key(name) in self._names

    def canonical(self, name: str) -> str:
        """The catalog's name for `name` when it names a known competency, else `name` as typed."""
        key = self.key(name)
        return self._names.get(key, name)

    def canonical_names(self, names: Iterable[str]) -> list[str]:
        """`names` as they are stored: each known competency under its catalog name, the rest
        as typed, and a competency named twice (by two aliases, say) kept once."""
        seen: set[str] = set()
        out: list[str] = []
        for name in names:
            key = self.key(name)
            if key in seen:
                continue
            seen.add(key)
            out.append(self._names.get(key, name))
        return out

    def maps(self) -> tuple[dict[str, str], dict[str, str]]:
        """The alias and name tables, to rebuild an equal resolver elsewhere."""
        return dict(self._aliases), dict(self._names)


PLAIN = CompetencyResolver()
