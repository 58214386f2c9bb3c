"""Quality checks kept beside the bank, each under a digest of the very story it was made from.

Checking a story takes about half a millisecond (5 s at 10,000 stories) and depends on the
story alone, so what a command needs of each check is kept in a cache beside the bank: a story
that did not change is not checked again, and a save that changes one story has only that one
checked again. Two caches are kept this way: what `coverage` uses of each check (small, read on
every coverage) and the whole reports that `storybank check` prints.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from storybank.core.models import Story
from storybank.quality.check import RULE_IDS, Finding, Report, check_recipe, check_story
from storybank.store.bank import Bank

# The cache of the active stories' whole quality reports (`<bank>.checks`), for `check`.
CHECKS_CACHE = "checks"
# What a cache of checks records in place of the bank's digest: it is bound to the bank's key
# but not to its bytes, as each check in it is keyed by the very story it was made from (so a
# save does not make it stale).
BY_STORY = b"by-story"
# The shape of the reports cache's record (a change to it makes every such cache be made again).
_REPORTS_RECIPE = b"bank, stories, reports|"
_RULES = frozenset(RULE_IDS)

Row = list[Any]


def kept_rows(
    bank: Bank,
    stories: Sequence[Story],
    cache: tuple[str, bytes],
    make: Callable[[Story], Row],
    valid: Callable[[Any], bool],
) -> dict[str, Row] | None:
    """A row for each of `stories` (all the bank's active stories), by id: read from the
    cache `cache` (its name and recipe) when it was made from that very story, made by `make`
    otherwise (and the cache written again). None when the bank keeps no caches.

    The cache also names the bank bytes it was last written for: while the bank is still those
    bytes, its stories are the ones it lists, and no story's digest is taken again (~45 ms at
    10,000 stories). A cache holding any row that `valid` refuses is not used: every row is
    made again.
    """
    bank_binding = bank.cache_binding()
    if bank_binding is None:
        return None  # a bank that keeps no caches, or not yet
    name, recipe = cache
    binding = bank_binding._replace(digest=BY_STORY)
    payload = bank.read_cache(name, recipe, binding)
    kept = _Kept() if payload is None else _kept_from(payload, valid)
    bank_digest = bank_binding.digest.decode()
    ids = [story.id for story in stories]
    if kept.bank == bank_digest and kept.prints.keys() == set(ids):
        same = {sid: kept.rows.get(kept.prints[sid]) for sid in ids}
        if all(row is not None for row in same.values()):
            return {sid: row for sid, row in same.items() if row is not None}
    try:
        prints = {story.id: story_print(story) for story in stories}
    except TypeError:
        return None  # a field with no plain form: no cache for it
    rows = {sid: kept.rows[mark] for sid, mark in prints.items() if mark in kept.rows}
    if len(rows) < len(prints):
        rows.update((s.id, make(s)) for s in stories if s.id not in rows)
    record = {
        "bank": bank_digest,
        "stories": prints,
        "checks": {prints[sid]: row for sid, row in rows.items()},
    }
    bank.write_cache(name, recipe, binding, orjson.dumps(record))
    return rows


def story_print(story: Story) -> str:
    """A digest of every field of `story`: two stories with the same one are the same story
    (TypeError if a field has no plain JSON form)."""
    data = orjson.dumps(story.__dict__, default=_fields_of)
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _fields_of(value: object) -> dict[str, object]:
    """The fields of a model inside a story (its source), for `story_print`."""
    fields = getattr(value, "__dict__", None)
    if not isinstance(fields, dict):
        raise TypeError(f"no plain form for {type(value).__name__}")
    return fields


@dataclass(frozen=True)
class _Kept:
    """What a cache of checks holds: the bank bytes it was written for (their digest), each
    story's digest then, by id, and each row, by the digest of the story it was made from."""

    bank: str = ""
    prints: dict[str, str] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)


def _kept_from(payload: bytes, valid: Callable[[Any], bool]) -> _Kept:
    """The record in a cache's `payload`; an empty one if any part has not its shape."""
    try:
        record = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return _Kept()
    if not isinstance(record, dict):
        return _Kept()
    bank, prints, rows = record.get("bank"), record.get("stories"), record.get("checks")
    if not (
        isinstance(bank, str)
        and isinstance(prints, dict)
        and all(type(mark) is str for mark in prints.values())
        and isinstance(rows, dict)
        and all(valid(row) for row in rows.values())
    ):
        return _Kept()
    return _Kept(bank, prints, rows)


# The whole reports, for `storybank check` ---------------------------------------------------


def checked_reports(bank: Bank, stories: Sequence[Story]) -> list[Report]:
    """The quality report of each of `stories` (all the bank's active stories), in order: each
    read from the cache beside the bank when it was made from that very story."""
    recipe = _REPORTS_RECIPE + check_recipe()
    rows = kept_rows(bank, stories, (CHECKS_CACHE, recipe), report_row, is_report_row)
    if rows is None:
        return [check_story(story) for story in stories]
    return [report_from_row(story, rows[story.id]) for story in stories]


def report_row(story: Story) -> Row:
    """`story`'s report as a cache row: its deductions, its findings and its silenced ones."""
    report = check_story(story)
    return [report.deductions, _finding_rows(report.findings), _finding_rows(report.silenced)]


def _finding_rows(findings: Sequence[Finding]) -> list[Row]:
    return [[f.rule, f.part, f.change, f.why, f.instances] for f in findings]


def report_from_row(story: Story, row: Row) -> Report:
    """The report of `story` kept as `row` (one `is_report_row` accepts)."""
    deductions, findings, silenced = row
    return Report(
        story.id,
        story.title,
        tuple(Finding(*f) for f in findings),
        deductions,
        tuple(Finding(*f) for f in silenced),
    )


def is_report_row(row: Any) -> bool:
    """True when `row` has the shape `report_row` gives, with known rules whose findings each
    have a deduction (what a report needs to print its costs)."""
    if type(row) is not list or len(row) != 3:
        return False
    deductions, findings, silenced = row
    return (
        type(deductions) is dict
        and all(rule in _RULES and type(points) is int for rule, points in deductions.items())
        and _are_findings(findings)
        and all(f[0] in deductions for f in findings)
        and _are_findings(silenced)
    )


def _are_findings(items: Any) -> bool:
    return type(items) is list and all(
        type(f) is list
        and len(f) == 5
        and type(f[0]) is str
        and f[0] in _RULES
        and type(f[1]) is str
        and type(f[2]) is str
        and type(f[3]) is str
        and type(f[4]) is int
        for f in items
    )
