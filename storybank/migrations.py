"""Pure upgrades of a bank's raw JSON from one schema version to the next (v1 → v2 → ...)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

RawBank = dict[str, Any]
Migration = Callable[[RawBank], RawBank]

STORIES = "stories"
META = "meta"

# The values a version-2 bank writes out for fields an older file may have left out.
_V2_STORY_DEFAULTS: dict[str, Any] = {
    "hook": "",
    "situation": "",
    "task": "",
    "action": "",
    "result": "",
    "reflection": "",
    "competencies": [],
    "tags": [],
    "archived": False,
}


def _utc(value: Any) -> datetime | None:
    """An ISO time from the file, in UTC (naive times are UTC, as the model reads them)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _meta_doc(raw: RawBank) -> dict[str, Any]:
    """The bank's one meta document (created if the table is empty)."""
    meta = raw.setdefault(META, {})
    if not meta:
        meta["1"] = {"app": "storybank"}
    key = sorted(meta, key=int)[0]
    doc: dict[str, Any] = meta[key]
    return doc


def v1_to_v2(raw: RawBank) -> RawBank:
    """Version 2 records when the bank was started and stores every story field explicitly.

    `meta.created_at` is the earliest story's creation time (or now, for an empty bank), so tools
    reading the file see the bank's age; every story gets its optional fields written out, so the
    file is complete for jq and other readers without knowing our defaults.
    """
    out = copy.deepcopy(raw)
    stories = out.setdefault(STORIES, {})
    for doc in stories.values():
        if isinstance(doc, dict):
            for field, default in _V2_STORY_DEFAULTS.items():
                doc.setdefault(field, copy.deepcopy(default))
    meta = _meta_doc(out)
    if not isinstance(meta.get("created_at"), str):
        times = [_utc(doc.get("created_at")) for doc in stories.values() if isinstance(doc, dict)]
        known = [t for t in times if t is not None]
        meta["created_at"] = (min(known) if known else datetime.now(UTC)).isoformat()
    meta["schema_version"] = 2
    return out


# MIGRATIONS[n] upgrades a version-n bank to version n + 1.
MIGRATIONS: dict[int, Migration] = {1: v1_to_v2}
LATEST = max(MIGRATIONS) + 1


def migrate(raw: RawBank, from_version: int, to_version: int = LATEST) -> RawBank:
    """`raw` upgraded step by step from `from_version` to `to_version`; the input is not changed."""
    if not 1 <= from_version <= to_version <= LATEST:
        raise ValueError(f"cannot migrate from schema {from_version} to {to_version}")
    out = raw
    for version in range(from_version, to_version):
        out = MIGRATIONS[version](out)
    return out
