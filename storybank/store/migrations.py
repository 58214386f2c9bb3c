"""Pure upgrades of a bank's raw JSON from one schema version to the next (v1 → v2 → ...)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

RawBank = dict[str, Any]
Migration = Callable[[RawBank], RawBank]

STORIES = "stories"
META = "meta"
PRACTICE = "practice"
PITCH = "pitch"

# The values a version-2 bank writes out for the fields an older file could leave out.
V2_STORY_DEFAULTS: dict[str, Any] = {
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


def meta_document(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """The bank's one meta document (its schema version and save counter), or None when the
    meta table is missing, is not an object of exactly one object.

    Every reader and writer of the version finds it here: with two of them, one part of the
    code would upgrade one while another read the other, and the bank would upgrade forever.
    """
    meta = raw.get(META)
    if type(meta) is not dict or len(meta) != 1:
        return None
    doc = next(iter(meta.values()))
    return doc if type(doc) is dict else None


def _meta_doc(raw: RawBank) -> dict[str, Any]:
    """The bank's one meta document (created if the table is empty)."""
    meta = raw.setdefault(META, {})
    if not meta:
        meta["1"] = {"app": "storybank"}
    doc = meta_document(raw)
    if doc is None:  # a checked bank has one; never pick one of several
        raise ValueError("the bank does not have exactly one meta document")
    return doc


def v1_to_v2(raw: RawBank) -> RawBank:
    """Version 2 stores every story field explicitly.

    Version 1 let a story leave out its optional fields (a reflection, tags, `archived`...), so
    tools reading the file (jq, scripts, other apps) had to know storybank's defaults; in
    version 2 every story record is complete. Nothing that was written changes.
    """
    out = copy.deepcopy(raw)
    for doc in out.setdefault(STORIES, {}).values():
        if isinstance(doc, dict):
            for field, default in V2_STORY_DEFAULTS.items():
                doc.setdefault(field, copy.deepcopy(default))
    _meta_doc(out)["schema_version"] = 2
    return out


# The tables version 3 added for the interview loop (storybank/core/loop.py names them too).
V3_TABLES = ("applications", "interviews", "followups", "asks")


def v2_to_v3(raw: RawBank) -> RawBank:
    """Version 3 adds the interview loop: applications, interviews, follow-ups and questions to
    ask, each in its own table (empty until used). Every story is kept exactly as it was."""
    out = copy.deepcopy(raw)
    for name in V3_TABLES:
        out.setdefault(name, {})
    _meta_doc(out)["schema_version"] = 3
    return out


# The values the rehearsal fields take in a story written before them.
REHEARSAL_STORY_DEFAULTS: dict[str, Any] = {"silenced": [], "cue_notes": ""}


def add_rehearsal(raw: RawBank) -> RawBank:
    """Rehearsal: every story gains `silenced` (the quality-check rules its writer turned off
    for it, empty) and `cue_notes` (a short outline to practise from, empty), and the bank
    gains an empty `practice` table (one document per question and story practised: its
    spaced-repetition card and its history) and an empty `pitch` table (one document per part
    of the pitch: "tell me about yourself", strengths, weakness, why this company, goals).

    Nothing that was written changes; the version it leads to is stamped by `migrate`, so this
    step can be renumbered by moving its key in MIGRATIONS alone.
    """
    out = copy.deepcopy(raw)
    for doc in out.setdefault(STORIES, {}).values():
        if isinstance(doc, dict):
            for field, default in REHEARSAL_STORY_DEFAULTS.items():
                doc.setdefault(field, copy.deepcopy(default))
    out.setdefault(PRACTICE, {})
    out.setdefault(PITCH, {})
    _meta_doc(out)
    return out


# MIGRATIONS[n] upgrades a version-n bank to version n + 1. storybank.core.vocab's
# SCHEMA_VERSION must equal LATEST (a test holds them together).
MIGRATIONS: dict[int, Migration] = {1: v1_to_v2, 2: v2_to_v3, 3: add_rehearsal}
LATEST = max(MIGRATIONS) + 1


def migrate(raw: RawBank, from_version: int, to_version: int = LATEST) -> RawBank:
    """`raw` upgraded step by step from `from_version` to `to_version`; the input is not changed."""
    if not 1 <= from_version <= to_version <= LATEST:
        raise ValueError(f"cannot migrate from schema {from_version} to {to_version}")
    out = raw
    for version in range(from_version, to_version):
        out = MIGRATIONS[version](out)
        # Stamped here, so a step never names its own number (steps can be renumbered).
        _meta_doc(out)["schema_version"] = version + 1
    return out
