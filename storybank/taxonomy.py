"""How competency names are matched: one key per competency, so loose spellings meet."""

from __future__ import annotations

from storybank.models import label_key


class CompetencyResolver:
    """Maps any spelling of a competency to one canonical key and a display name."""

    def __init__(self, aliases: dict[str, str] | None = None, names: dict[str, str] | None = None):
        # alias key -> canonical key, and canonical key -> display name
        self._aliases = dict(aliases or {})
        self._names = dict(names or {})

    def key(self, name: str) -> str:
        """The canonical key of `name`: its alias target if it has one, else its own key."""
        own = label_key(name)
        return self._aliases.get(own, own)

    def display(self, key: str, fallback: str = "") -> str:
        """The name to show for a canonical key."""
        return self._names.get(key, fallback or key)


PLAIN = CompetencyResolver()
