"""Read stories from our JSON export or from other STAR tools' JSON, and plan what to add."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from storybank.core.errors import ImportFileError, StoryValidationError
from storybank.core.models import TITLE_MAX, Story, label_key, new_story_id, validate_story
from storybank.core.taxonomy import PLAIN, Catalog, canonical_story
from storybank.core.vocab import counted

# An export of 100,000 stories is about 260 MB; a file several times that is not one, and
# parsing it would take that much memory again and more.
MAX_IMPORT_BYTES = 1 << 30

# Other tools' names for our fields. The first that is present wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "headline", "summary", "question"),
    "hook": ("hook", "one_liner", "oneliner", "tagline"),
    "situation": ("situation", "context", "background", "problem"),
    "task": ("task", "challenge", "obstacle", "goal"),
    "action": ("action", "actions"),
    "result": ("result", "results", "outcome"),
    "reflection": ("reflection", "learning", "learnings", "lesson", "lessons", "learned"),
    "competencies": ("competencies", "competency", "skills", "themes", "categories"),
    "tags": ("tags", "labels", "keywords"),
    "organization": ("organization", "organisation", "org", "company", "employer", "school"),
    "role": ("role", "position", "job_title"),
    "when": ("when", "date", "year", "period"),
}
_SOURCE_FIELDS = ("organization", "role", "when")
_OWN_FIELDS = set(Story.model_fields) | {"status"}


@dataclass
class ImportPlan:
    """What an import would add, what it skips, and what is invalid (with reasons)."""

    to_add: list[Story] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    invalid: list[tuple[str, StoryValidationError]] = field(default_factory=list)
    # For each story of `to_add`: its item's label, and the id the item came with (None when
    # it had none of its own), so a story that has to take a new id can be named.
    origins: list[tuple[str, str | None]] = field(default_factory=list)
    # Other tools' tags that name a competency of the catalog: (tag, competency), each once.
    promoted: list[tuple[str, str]] = field(default_factory=list)

    def renamed(self, saved: list[Story]) -> list[tuple[str, str, str]]:
        """(label, the item's own id, the new id) for each of `saved` (`to_add` as it was
        saved, in order) that could not keep the id it came with."""
        return [
            (label, given, story.id)
            for (label, given), story in zip(self.origins, saved, strict=True)
            if given is not None and given != story.id
        ]


def _text(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return value


def _labels(value: Any) -> Any:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.replace(";", ",").split(",")) if v]
    return value


def _foreign(item: dict[str, Any]) -> dict[str, Any]:
    """Map another tool's object onto our fields; unknown keys are left out."""
    data: dict[str, Any] = {}
    lowered = {str(k).strip().lower(): v for k, v in item.items()}
    for ours, names in _ALIASES.items():
        for name in names:
            if name in lowered and lowered[name] not in (None, ""):
                value = lowered[name]
                data[ours] = _labels(value) if ours in ("competencies", "tags") else _text(value)
                break
    source = {key: data.pop(key) for key in _SOURCE_FIELDS if key in data}
    if source:
        data["source"] = source
    if not str(data.get("title", "")).strip():
        seed = next((str(data[k]) for k in ("situation", "task", "action") if data.get(k)), "")
        first = seed.strip().split("\n")[0][: TITLE_MAX - 1].strip()
        if first:
            data["title"] = first if len(seed.strip()) <= len(first) else first + "…"
    return data


def _promote(data: dict[str, Any], catalog: Catalog, promoted: dict[str, str]) -> None:
    """Move the tags that name a competency of `catalog` (by name or alias) to competencies.

    Another tool has one list of labels where we have two; a tag that says "leadership" meant
    the competency, and left a tag it would be missing from coverage and matching.
    """
    tags = data.get("tags")
    if not isinstance(tags, list):
        return
    competencies = data.get("competencies")
    if competencies is None:
        competencies = []
    elif not isinstance(competencies, list):
        return  # not a list of labels: validation will say so, in the item's own words
    have = {catalog.key(c) for c in competencies if isinstance(c, str)}
    kept: list[Any] = []
    for tag in tags:
        found = catalog.get(tag) if isinstance(tag, str) else None
        if found is None:
            kept.append(tag)
            continue
        promoted.setdefault(tag.strip(), found.name)
        if found.key not in have:
            have.add(found.key)
            competencies.append(found.name)
    if competencies:
        data["competencies"] = competencies
    data["tags"] = kept


def _label(index: int, item: Any) -> str:
    title = item.get("title") or item.get("name") if isinstance(item, dict) else None
    return f"item {index + 1}" + (f" (“{str(title)[:40]}”)" if title else "")


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_IMPORT_BYTES, or ImportFileError."""
    try:
        # Without waiting: opening a FIFO would block until someone writes to it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            # A FIFO may never end, and a device such as /dev/zero never does.
            if not stat.S_ISREG(st.st_mode):
                raise ImportFileError(
                    f"{path} is not a regular file, so there is nothing to import"
                )
            # Checked before reading, and the read stops there too, should the file grow.
            raw = b"" if st.st_size > MAX_IMPORT_BYTES else handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"Cannot read {path}: {error.strerror or error}") from None
    if st.st_size > MAX_IMPORT_BYTES or len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(
            f"{path} is larger than {MAX_IMPORT_BYTES >> 20} MiB, too large to be an export "
            "of stories, so nothing was imported"
        )
    return raw


def read_items(path: Path) -> tuple[list[Any], bool]:
    """The list of story objects in an import file, and whether it is our own export."""
    raw = _read_file(path)
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ImportFileError(f"{path} is not valid JSON, so there is nothing to import") from None
    if isinstance(doc, dict) and isinstance(doc.get("stories"), list):
        if doc.get("format") == "storybank" and doc.get("redacted") is True:
            # Its stories keep their ids and hold placeholders: imported, each would come
            # back as a copy of a story the bank has, with "[colleague 1]" for the names.
            raise ImportFileError(
                f"{path} is a redacted export (placeholders instead of names), so nothing was "
                "imported; import an export made without --redact"
            )
        return doc["stories"], doc.get("format") == "storybank"
    if isinstance(doc, list):
        return doc, False
    raise ImportFileError(f"{path} holds neither a storybank export nor a list of STAR stories")


# The interview loop's tables our JSON export carries beside the stories, with their names
# for people; import reads the stories only.
LOOP_TABLES = {
    "applications": ("application", "applications"),
    "interviews": ("interview", "interviews"),
    "followups": ("follow-up", "follow-ups"),
    "asks": ("own question to ask", "own questions to ask"),
}


def loop_records_left_out(path: Path) -> str:
    """What of the interview loop an export at `path` holds that import does not bring in, in
    words ("2 applications, 3 interviews"), or "" when it holds none."""
    try:
        doc = orjson.loads(_read_file(path))
    except (orjson.JSONDecodeError, ImportFileError):
        return ""
    if not isinstance(doc, dict):
        return ""
    found = [
        counted(len(doc[table]), one, many)
        for table, (one, many) in LOOP_TABLES.items()
        if isinstance(doc.get(table), list) and doc[table]
    ]
    return ", ".join(found)


def plan_import(
    items: list[Any], existing: list[Story], *, own_format: bool, catalog: Catalog | None = None
) -> ImportPlan:
    """Validate every item first; nothing is written here.

    With a `catalog`, another tool's tags that name one of its competencies become
    competencies (our own export keeps its labels as they are), and competencies named by
    an alias come in under the catalog's name.
    """
    resolver = PLAIN if catalog is None else catalog.resolver
    plan = ImportPlan()
    promoted: dict[str, str] = {}
    stored = {s.id: s for s in existing}
    ids = set(stored)
    # New ids also keep clear of the ids the file's own items bring, so that a story without
    # an id never takes the id a later item comes with.
    claimed = ids | {
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    fingerprints = {(label_key(s.title), s.situation.strip()) for s in existing}
    for index, item in enumerate(items):
        label = _label(index, item)
        if not isinstance(item, dict):
            plan.skipped.append((label, "is not an object"))
            continue
        own = own_format or (set(item) <= _OWN_FIELDS and "title" in item)
        data = {k: v for k, v in item.items() if k != "status"} if own else _foreign(item)
        mine: dict[str, str] = {}  # counted once the story is sure to be added
        if catalog is not None and not own:
            _promote(data, catalog, mine)
        if not any(data.get(k) for k in ("title", "situation", "task", "action", "result")):
            plan.skipped.append((label, "has no title and no STAR text"))
            continue
        given = own and "id" in data
        if not given:
            # Another tool's id (or none) says nothing about ours: draw one nobody has.
            data["id"] = _fresh_id(claimed)
        try:
            story = canonical_story(validate_story(data), resolver)
        except StoryValidationError as error:
            plan.invalid.append((label, error))
            continue
        there = stored.get(story.id)
        if given and there is not None and there.to_json_dict() == story.to_json_dict():
            plan.skipped.append((label, f"is already in the bank as {story.id}"))
            continue
        fingerprint = (label_key(story.title), story.situation.strip())
        if fingerprint in fingerprints:
            plan.skipped.append((label, "a story with the same title and situation exists"))
            continue
        own_id = story.id if given else None
        if story.id in ids:
            # Its id is another story's (in the bank, or earlier in the file): it is a story
            # of its own, so it comes in under a new id rather than being dropped.
            story = story.model_copy(update={"id": _fresh_id(claimed)})
        ids.add(story.id)
        claimed.add(story.id)
        fingerprints.add(fingerprint)
        plan.to_add.append(story)
        plan.origins.append((label, own_id))
        for tag, name in mine.items():
            promoted.setdefault(tag, name)
    plan.promoted = list(promoted.items())
    return plan


def _fresh_id(taken: set[str]) -> str:
    """A new story id that is not in `taken` (random ids can collide: draw again)."""
    story_id = new_story_id()
    while story_id in taken:
        story_id = new_story_id()
    return story_id
