"""What makes a file a valid story bank: its shape, its schema version, and valid stories."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from storybank.core.errors import BankError
from storybank.core.models import (
    SCHEMA_VERSION,
    SHARED_PARTS,
    STORY_LIST,
    Source,
    SourceKind,
    Story,
    problems_from,
)
from storybank.store.loopdata import LoopData, check_loop_tables
from storybank.store.migrations import META, STORIES, meta_document, migrate
from storybank.store.savecounter import SAVE_COUNTER_FIELD, SAVE_COUNTER_MAX
from storybank.store.storage import AtomicJSONStorage, RawTables

_BATCH = 1000
# By value, without the enum's (slower) call; a trusted bank holds only these.
_KINDS = {kind.value: kind for kind in SourceKind}
# The fields a stored story or source sets: all of them, as validation writes every field. One
# set for every story built as stored (Pydantic keeps a set per model otherwise: ~7 MB at
# 10,000 stories). Stories are frozen and a copy takes a set of its own, so it is never changed.
_STORY_FIELDS_SET = set(Story.model_fields)
_SOURCE_FIELDS_SET = set(Source.model_fields)


@dataclass(frozen=True)
class BankContents:
    """A checked bank: the version found on disk, the raw tables upgraded to the current schema,
    and the parsed stories with their TinyDB document ids."""

    version: int
    raw: RawTables
    stories: dict[str, Story]
    doc_ids: dict[str, int]
    # The loop's records, checked; None when the bytes are trusted (they were checked when
    # their digest was recorded): the bank builds them when they are first asked for.
    loop: LoopData | None = dataclasses.field(default_factory=LoopData)


def is_document_key(key: str) -> bool:
    """True for a document key as storybank writes it: `1`, `2`, ... (ASCII digits, no leading
    zero, within a 64-bit id)."""
    # `str.isdigit` alone takes "²" and "١" (which int() refuses or reads as another key), and
    # "01" would be a second name for the document "1".
    return key.isascii() and key.isdigit() and key[0] != "0" and len(key) <= 18


def schema_version(path: Path, raw: RawTables) -> int:
    """The schema version of a parsed bank, or BankError if it is not a bank this version reads."""
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise BankError(path, f"is not a story bank (table “{name}” is not an object)")
        for key, doc in table.items():
            if not is_document_key(key) or not isinstance(doc, dict):
                raise BankError(path, f"is not a story bank (table “{name}” has a bad entry)")
    meta = raw.get(META, {})
    if not meta:
        # Only an empty file of tables may lack a version: anything else is some other
        # program's data, and writing our tables into it would damage it.
        if any(raw.values()):
            raise BankError(path, "has data but no schema version, so it is not a story bank")
        return SCHEMA_VERSION
    doc = meta_document(raw)
    if doc is None:
        # Which one holds the version? Upgrading one and reading the other never ends.
        raise BankError(path, f"has {len(meta)} meta documents where a story bank has one")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BankError(path, "has no valid schema version, so it is not a story bank")
    if version > SCHEMA_VERSION:
        raise BankError(
            path,
            f"was written by a newer storybank (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION})",
            "Upgrade storybank to open it. The file was not changed.",
        )
    save_counter = doc.get(SAVE_COUNTER_FIELD, 0)
    if (
        not isinstance(save_counter, int)
        or isinstance(save_counter, bool)
        or not 0 <= save_counter <= SAVE_COUNTER_MAX
    ):
        raise BankError(path, "has a damaged save counter (meta “save_counter”)")
    return version


def check_tables(path: Path, raw: RawTables) -> BankContents:
    """Check a parsed bank and upgrade it in memory; raise BankError if it is not a valid bank."""
    version = schema_version(path, raw)
    if version < SCHEMA_VERSION:
        raw = migrate(raw, version, SCHEMA_VERSION)
    table: dict[str, Any] = raw.get(STORIES, {})
    keys = list(table.keys())
    docs = list(table.values())
    shared = _share_raw_parts(docs)
    parsed: list[Story] = []
    # In batches, so only a batch of stories at a time holds parts not yet shared.
    for start in range(0, len(docs), _BATCH):
        try:
            batch = STORY_LIST.validate_python(
                docs[start : start + _BATCH], context={SHARED_PARTS: shared}
            )
        except ValidationError as error:
            first = error.errors(include_input=False)[0]
            index = start + int(first["loc"][0])
            story_id = str(docs[index].get("id", "?"))[:20]
            problem = problems_from(error)[0]
            raise BankError(
                path, f"story {index + 1} ({story_id}) is invalid: {problem.message}"
            ) from None
        parsed.extend(batch)
    del docs
    stories: dict[str, Story] = {}
    doc_ids: dict[str, int] = {}
    for key, story in zip(keys, parsed, strict=True):
        if story.id in stories:
            raise BankError(path, f"has two stories with the id {story.id}")
        stories[story.id] = story
        doc_ids[story.id] = int(key)
    return BankContents(version, raw, stories, doc_ids, check_loop_tables(path, raw))


def trusted_tables(path: Path, raw: RawTables) -> BankContents | None:
    """The stories of a bank whose bytes are ones this storybank validated or wrote itself (their
    digest matched the one recorded then), built without validating each field again; None
    when the bank is not in the current schema (it is then checked and upgraded in full).

    Every stored story of such a bank is exactly its validated form (the digest is recorded
    only then), so each field is taken as stored, with the types validation would give it.
    """
    if schema_version(path, raw) != SCHEMA_VERSION:
        return None
    table: dict[str, Any] = raw.get(STORIES, {})
    # Most stories share a few sources: build each once, and let the stories and their stored
    # forms share it (a bank keeps both for the session; a save replaces a document whole).
    # Keyed with the order of its keys too, so a shared one is written out the same.
    sources: dict[tuple[tuple[str, Any], ...], tuple[Source, dict[str, Any]]] = {}
    stories: dict[str, Story] = {}
    doc_ids: dict[str, int] = {}
    for key, doc in table.items():
        stored = doc["source"]
        where = tuple(stored.items())
        shared = sources.get(where)
        if shared is None:
            source = Source.model_construct(
                _SOURCE_FIELDS_SET,
                kind=_KINDS[stored["kind"]],
                organization=stored["organization"],
                role=stored["role"],
                when=stored["when"],
            )
            shared = sources[where] = (source, stored)
        source, doc["source"] = shared
        story = Story.model_construct(
            _STORY_FIELDS_SET,
            **{
                **doc,
                "source": source,
                "created_at": datetime.fromisoformat(doc["created_at"]),
                "updated_at": datetime.fromisoformat(doc["updated_at"]),
            },
        )
        if story.id in stories:
            raise BankError(path, f"has two stories with the id {story.id}")
        stories[story.id] = story
        doc_ids[story.id] = int(key)
    # The loop's records are validated in full when first used (most commands never use them).
    return BankContents(SCHEMA_VERSION, raw, stories, doc_ids, None)


def _share_raw_parts(docs: list[Any]) -> dict[Any, Any]:
    """Let the stored documents share their equal lists of labels and sources; returns the pool
    in which the stories validated from them share theirs (and take the documents' lists).

    A bank holds every document and every story for the whole session, and most repeat the
    same source and the same lists of competencies or tags: one object of each is kept. This
    is safe because those parts are never changed in place: stories are frozen, and a save
    replaces a document's contents whole.
    """
    lists: dict[tuple[str, ...], list[str]] = {}
    sources: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        for field in ("competencies", "tags"):
            value = doc.get(field)
            if type(value) is list and all(type(item) is str for item in value):
                doc[field] = lists.setdefault(tuple(value), value)
        source = doc.get("source")
        if type(source) is dict and all(type(item) is str for item in source.values()):
            # Keyed with the order of its keys, so a shared one is written out the same.
            doc["source"] = sources.setdefault(tuple(source.items()), source)
    return dict(lists)


def read_bank_file(path: Path) -> BankContents:
    """Parse and check a bank (or backup) file; BankError says what is wrong with it."""
    return check_tables(path, AtomicJSONStorage.parse(path))
