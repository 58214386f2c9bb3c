"""The bank: the only module that touches TinyDB. Stories stay parsed in memory for the session."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document, Table

from storybank.atomicfile import ensure_private_dir, remove_stray_temps
from storybank.backups import DEFAULT_KEEP, take_backup
from storybank.errors import (
    BankError,
    BankLockedError,
    BankWriteError,
    ConflictError,
    StoryNotFoundError,
)
from storybank.models import (
    SCHEMA_VERSION,
    STORY_LIST,
    Story,
    new_story_id,
    problems_from,
    utc_now,
)
from storybank.storage import AtomicJSONStorage, RawTables, describe_os_error, file_signature

STORIES = "stories"
META = "meta"
ENV_LOCK_TIMEOUT = "STORYBANK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


def _lock_timeout() -> float:
    try:
        return float(os.environ.get(ENV_LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def _check_shape(path: Path, raw: RawTables) -> tuple[int, dict[str, Any]]:
    """The schema version and the raw stories table, or BankError if the shape is wrong."""
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise BankError(path, f"is not a story bank (table “{name}” is not an object)")
        for key, doc in table.items():
            if not key.isdigit() or not isinstance(doc, dict):
                raise BankError(path, f"is not a story bank (table “{name}” has a bad entry)")
    stories = raw.get(STORIES, {})
    meta_docs = list(raw.get(META, {}).values())
    if not meta_docs:
        if stories:
            raise BankError(path, "has stories but no schema version, so it is not a story bank")
        return SCHEMA_VERSION, stories
    version = meta_docs[0].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BankError(path, "has no valid schema version, so it is not a story bank")
    if version > SCHEMA_VERSION:
        raise BankError(
            path,
            f"was written by a newer storybank (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION})",
            "Upgrade storybank to open it. The file was not changed.",
        )
    return version, stories


class Bank:
    """A story bank file: load once, search in memory, write each change atomically under a lock."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float | None = None,
        keep_backups: int = DEFAULT_KEEP,
    ) -> None:
        self.path = Path(path).expanduser()
        self.lock_timeout = _lock_timeout() if lock_timeout is None else lock_timeout
        self.keep_backups = keep_backups
        self._db = TinyDB(self.path, storage=AtomicJSONStorage)
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        self._storage = storage
        self._table: Table = self._db.table(STORIES, cache_size=0)
        self._meta: Table = self._db.table(META, cache_size=0)
        self._stories: dict[str, Story] = {}
        self._doc_ids: dict[str, int] = {}
        self._backed_up = False
        self.revision = 0
        self.load()

    # Reading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read and validate the whole bank; raise BankError (and change nothing) if it is bad."""
        raw = self._storage.read()
        stories: dict[str, Story] = {}
        doc_ids: dict[str, int] = {}
        if raw is not None:
            _, table = _check_shape(self.path, raw)
            keys = list(table.keys())
            try:
                parsed = STORY_LIST.validate_python(list(table.values()))
            except ValidationError as error:
                first = error.errors(include_input=False)[0]
                index = int(first["loc"][0])
                story_id = table[keys[index]].get("id", "?")
                problem = problems_from(error)[0]
                self._storage.forget()
                raise BankError(
                    self.path,
                    f"story {index + 1} ({story_id}) is invalid: {problem.message}",
                ) from None
            for key, story in zip(keys, parsed, strict=True):
                if story.id in stories:
                    self._storage.forget()
                    raise BankError(self.path, f"has two stories with the id {story.id}")
                stories[story.id] = story
                doc_ids[story.id] = int(key)
        self._stories, self._doc_ids = stories, doc_ids
        self.revision += 1

    def changed_on_disk(self) -> bool:
        """True when another process has replaced the file since this bank last read or wrote."""
        return file_signature(self.path) != self._storage.signature

    def refresh(self) -> bool:
        """Re-read the bank if another process changed it; True if it was re-read."""
        if not self.changed_on_disk():
            return False
        self.load()
        return True

    def all(self, *, include_archived: bool = True) -> list[Story]:
        """Every story, newest change first."""
        stories = self._stories.values()
        if not include_archived:
            stories = [s for s in stories if not s.archived]  # type: ignore[assignment]
        return sorted(stories, key=lambda s: s.updated_at, reverse=True)

    def __len__(self) -> int:
        return len(self._stories)

    def __iter__(self) -> Iterator[Story]:
        return iter(self._stories.values())

    def get(self, story_id: str) -> Story:
        """The story with this id; a unique prefix (with or without `s-`) also works."""
        found = self._stories.get(story_id)
        if found is not None:
            return found
        wanted = story_id.strip().lower()
        if wanted and not wanted.startswith("s-"):
            wanted = "s-" + wanted
        matches = [s for sid, s in self._stories.items() if wanted and sid.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise StoryNotFoundError(
                f"“{story_id}” matches {len(matches)} stories; type more of the id"
            )
        raise StoryNotFoundError(f"No story has the id “{story_id}”. `storybank list` shows ids")

    # Writing -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the lock, catch up with other writers, and back up once per run."""
        try:
            ensure_private_dir(self.path.parent)
        except OSError as error:
            raise BankWriteError(
                f"Could not create the folder {self.path.parent}: {describe_os_error(error)}"
            ) from None
        lock = FileLock(f"{self.path}.lock", timeout=self.lock_timeout, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise BankLockedError(
                f"{self.path} is busy: another storybank has held it for "
                f"{self.lock_timeout:g} s. Try again in a moment."
            ) from None
        except OSError as error:
            raise BankWriteError(
                f"Could not lock {self.path}: {describe_os_error(error)}. Nothing was changed."
            ) from None
        try:
            if self.changed_on_disk():
                self.load()
            if not self._backed_up:
                remove_stray_temps(self.path)
                try:
                    take_backup(self.path, self.keep_backups)
                except OSError as error:
                    raise BankWriteError(
                        f"Could not back up {self.path} before saving: "
                        f"{describe_os_error(error)}. Nothing was changed."
                    ) from None
                self._backed_up = True
            if not self._meta.all():
                self._meta.insert({"schema_version": SCHEMA_VERSION, "app": "storybank"})
            yield
        finally:
            lock.release()

    def _apply(self, change: Callable[[], object]) -> None:
        """Run one TinyDB change; on failure, re-read so memory matches the disk."""
        try:
            change()
        except BaseException:
            self._storage.forget()
            with contextlib.suppress(BankError):
                self.load()
            raise
        self.revision += 1

    def _next_doc_id(self) -> int:
        return max(self._doc_ids.values(), default=0) + 1

    def _fresh_id(self, story: Story) -> Story:
        while story.id in self._stories:
            story = story.model_copy(update={"id": new_story_id()})
        return story

    def add(self, story: Story) -> Story:
        """Save a new story; a clashing id is replaced by a fresh one. Returns what was saved."""
        return self.add_many([story])[0]

    def add_many(self, stories: Iterable[Story]) -> list[Story]:
        """Save several new stories in one write: all of them or, on failure, none."""
        with self._writing():
            saved: list[Story] = []
            docs: list[Document] = []
            next_id = self._next_doc_id()
            pending: set[str] = set()
            for story in stories:
                story = self._fresh_id(story)
                while story.id in pending:
                    story = story.model_copy(update={"id": new_story_id()})
                pending.add(story.id)
                docs.append(Document(story.to_json_dict(), doc_id=next_id))
                saved.append(story)
                next_id += 1
            if not docs:
                return []
            self._apply(lambda: self._table.insert_multiple(docs))
            for story, doc in zip(saved, docs, strict=True):
                self._stories[story.id] = story
                self._doc_ids[story.id] = doc.doc_id
        return saved

    def update(self, story: Story, *, expected_updated_at: datetime | None = None) -> Story:
        """Replace a story and stamp its change time.

        With `expected_updated_at`, refuse (ConflictError) if the story changed on disk since
        the caller loaded it, so nobody's edit is silently overwritten.
        """
        with self._writing():
            current = self._stories.get(story.id)
            if current is None:
                raise StoryNotFoundError(
                    f"The story {story.id} is no longer in the bank (deleted elsewhere?)"
                )
            if expected_updated_at is not None and current.updated_at != expected_updated_at:
                raise ConflictError(
                    f"“{current.title}” was changed by another storybank since you opened it. "
                    "Your text is kept; reload to see the other change."
                )
            saved = story.model_copy(update={"updated_at": max(utc_now(), current.updated_at)})
            data = saved.to_json_dict()
            doc_id = self._doc_ids[story.id]

            def replace(doc: MutableMapping[str, Any]) -> None:
                doc.clear()
                doc.update(data)

            self._apply(lambda: self._table.update(replace, doc_ids=[doc_id]))
            self._stories[saved.id] = saved
        return saved

    def delete(self, story_id: str) -> Story:
        """Remove a story for good; returns what was removed."""
        with self._writing():
            story = self.get(story_id)
            doc_id = self._doc_ids[story.id]
            self._apply(lambda: self._table.remove(doc_ids=[doc_id]))
            del self._stories[story.id]
            del self._doc_ids[story.id]
        return story

    def set_archived(self, story_id: str, archived: bool) -> Story:
        """Archive or bring back a story."""
        story = self.get(story_id)
        return self.update(story.model_copy(update={"archived": archived}))

    # Settings ------------------------------------------------------------------------------
    # One document in an optional "settings" table (a bank without it uses the defaults).
    # storybank/settings.py validates it; this block only reads and writes it atomically.

    def settings(self) -> dict[str, Any]:
        """A copy of the stored settings document; empty when the bank has none yet."""
        import copy  # local, so this block stays self-contained

        raw = self._storage.read() or {}
        docs = list(raw.get("settings", {}).values())
        return copy.deepcopy(docs[0]) if docs else {}

    def save_settings(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        """Under the lock, read the current settings, apply `change`, and save the result."""
        with self._writing():
            new = change(self.settings())
            table: Table = self._db.table("settings", cache_size=0)

            def write() -> None:
                ids = [doc.doc_id for doc in table.all()]
                if ids:

                    def replace(doc: MutableMapping[str, Any]) -> None:
                        doc.clear()
                        doc.update(new)

                    table.update(replace, doc_ids=[ids[0]])
                else:
                    table.insert(new)

            self._apply(write)
        return new
