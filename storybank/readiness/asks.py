"""Questions to ask the interviewer: the built-in bank (storybank/data/asks.json), the user's own,
and the pick list of an application."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from importlib import resources

import orjson

from storybank.core.errors import RecordNotFoundError, StorybankError
from storybank.core.loop import (
    Application,
    AskCategory,
    AskQuestion,
    PickedAsk,
    revise_record,
    validate_record,
)

_SHIPPED = "2026-01-01T00:00:00Z"  # built-in questions carry a fixed date, not a clock


@functools.cache
def builtin_asks() -> tuple[AskQuestion, ...]:
    """The questions to ask that ship with storybank (`K01`…), by category."""
    raw = orjson.loads(resources.files("storybank").joinpath("data", "asks.json").read_bytes())
    return tuple(
        validate_record(AskQuestion, {**item, "created_at": _SHIPPED, "updated_at": _SHIPPED})
        for item in raw["asks"]
    )


def all_asks(own: Iterable[AskQuestion]) -> list[AskQuestion]:
    """The built-in questions, then the user's own."""
    return [*builtin_asks(), *own]


def in_category(asks: Iterable[AskQuestion], category: AskCategory | None) -> list[AskQuestion]:
    """The questions of one category (all of them for None)."""
    return [a for a in asks if category is None or a.category == category]


def find_ask(asks: Sequence[AskQuestion], ref: str) -> AskQuestion:
    """A question to ask by its id (`K07`, case-insensitive) or a unique prefix of an own one's."""
    wanted = ref.strip()
    for ask in asks:
        if ask.id.casefold() == wanted.casefold():
            return ask
    key = wanted.lower()
    if key and not key.startswith("k-") and not key.startswith("k"):
        key = "k-" + key
    matches = [a for a in asks if not a.builtin and key and a.id.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise RecordNotFoundError(f"“{ref}” matches {len(matches)} questions; type more of the id")
    raise RecordNotFoundError(
        f"No question to ask has the id “{ref}”. `storybank ask list` shows ids"
    )


def pick(application: Application, asks: Iterable[AskQuestion]) -> Application:
    """`application` with `asks` added to its pick list (in order; ones already picked kept)."""
    picked = list(application.asks)
    have = {p.ask_id for p in picked}
    for ask in asks:
        if ask.id not in have:
            picked.append(PickedAsk(ask_id=ask.id, text=ask.text))
            have.add(ask.id)
    return revise_record(application, asks=picked)


def unpick(application: Application, ask_ids: Iterable[str]) -> Application:
    """`application` without the picked questions `ask_ids`."""
    drop = {i.casefold() for i in ask_ids}
    kept = [p for p in application.asks if p.ask_id.casefold() not in drop]
    if len(kept) == len(application.asks):
        raise StorybankError("None of those questions is on this application's pick list.")
    return revise_record(application, asks=kept)
