"""Completion for comma-separated lists: suggests the last item from names already in use."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester

from storybank.core.fields import split_labels
from storybank.core.vocab import label_key


class ListItemSuggester(Suggester):
    """Completes the item after the last comma from `names`, skipping ones already typed."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = list(names)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        stub = last.lstrip()
        if not stub:
            return None
        used = {label_key(item) for item in split_labels(head)}
        folded = stub.casefold()
        for name in self.names:
            fits = len(name) > len(stub) and name.casefold().startswith(folded)
            if fits and label_key(name) not in used:
                return value[: len(value) - len(stub)] + name
        return None
