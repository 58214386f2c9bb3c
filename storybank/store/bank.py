"""The bank: the only module that touches TinyDB. Stories stay parsed in memory for the session."""

from __future__ import annotations

import contextlib
import os
import shlex
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from storybank.core.errors import (
    DEFAULT_BANK_HINT,
    NO_BACKUP_HINT,
    BankError,
    BankLockedError,
    BankWriteError,
    ConflictError,
    StorybankError,
    StoryNotFoundError,
    describe_os_error,
)
from storybank.core.gcpause import gc_paused
from storybank.core.ids import by_prefix
from storybank.core.models import SCHEMA_VERSION, Story, new_story_id, utc_now
from storybank.core.resolver import CompetencyResolver
from storybank.store.atomicfile import (
    TEMP_SUFFIX,
    ensure_private_dir,
    remove_stray_temps,
    stray_temps,
)
from storybank.store.backups import (
    Backup,
    backup_dir,
    keep_from_env,
    newest_good_backup,
    remove_stray_backup_temps,
    take_backup,
)
from storybank.store.fileid import file_signature
from storybank.store.index.quickindex import (
    IndexRow,
    current_index_document,
    index_body,
    index_path,
    index_row,
    read_index_bytes,
    recorded,
    stored_rows,
    write_index,
)
from storybank.store.locking import (  # noqa: F401  (the timeout names are re-exported)
    DEFAULT_LOCK_TIMEOUT,
    ENV_LOCK_TIMEOUT,
    bank_lock,
    lock_timeout_from_env,
    try_lock,
)
from storybank.store.loopbank import LoopRecords
from storybank.store.loopdata import LoopData, stored_as_validated, trusted_loop_tables
from storybank.store.migrations import meta_document
from storybank.store.paths import default_bank_path, follow_link
from storybank.store.storage import (
    AtomicJSONStorage,
    RawTables,
    index_key,
    refuse_read_only,
)
from storybank.store.validate import BankContents, check_tables, trusted_tables

STORIES = "stories"
META = "meta"


class Bank(LoopRecords):
    """A story bank file: load once, search in memory, write each change atomically under a lock.

    The interview loop's records (applications, interviews, follow-ups, questions to ask) are
    read and written through the methods of LoopRecords, on the same locked path."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float | None = None,
        keep_backups: int | None = None,
    ) -> None:
        # Through a symlink (to a synced folder, say), write where it points: replacing the
        # link with a new file would quietly split the bank in two.
        self.path = follow_link(Path(path).expanduser())
        self.lock_timeout = lock_timeout_from_env() if lock_timeout is None else lock_timeout
        self.keep_backups = keep_from_env() if keep_backups is None else keep_backups
        self._db = TinyDB(self.path, storage=AtomicJSONStorage)
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        self._storage = storage
        self._table: Table = self._db.table(STORIES, cache_size=0)
        self._meta: Table = self._db.table(META, cache_size=0)
        self._stories: dict[str, Story] = {}
        self._doc_ids: dict[str, int] = {}
        self._loop_data: LoopData | None = LoopData()
        self._backed_up = False
        # Set once a bank file has been read or written: from then on a missing file means it
        # was moved or deleted (a damaged file read since leaves no signature to tell by).
        self._had_file = False
        self._disk_version = SCHEMA_VERSION
        self.revision = 0
        # The schema an older bank was upgraded from at open, and the backup taken first; or
        # why it could not be saved upgraded (it is then read as it is and left unchanged).
        self.migrated_from: int | None = None
        self.upgrade_error: str | None = None
        self.last_backup: Backup | None = None
        # The quick index beside the bank (quickindex.py) is kept current by every write. It
        # is written only while every stored story is exactly its validated form ("canonical").
        self._canonical = False
        self._doc_rows: dict[str, IndexRow] = {}  # each stored story's index row, by doc key
        self.load()
        self._remove_strays()
        if self._disk_version < SCHEMA_VERSION:
            self._upgrade()

    # Reading -------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the whole bank and check it; raise BankError (and change nothing) if it is bad.

        The one way every command and the app read a bank. Bytes whose digest the bank's index
        recorded (this storybank validated or wrote them) are built as they are; any others (no
        index, another version, a hand edit, another tool) are validated in full.
        """
        if self._file_vanished():
            # Keep the stories open here rather than show an empty bank that a save would seal.
            raise BankError(
                self.path,
                "was moved or deleted after it was opened",
                "Put it back, or restore it with `storybank backup restore`. Nothing was saved.",
            )
        try:
            # Everything made here stays alive with the bank: collection passes would only
            # walk it (a third of a trusted load at 10,000 stories).
            with gc_paused():
                contents = self._read_contents()
        except BankError as error:
            self._storage.forget()
            raise self._with_backup_hint(error) from None
        if contents is None:
            self._stories, self._doc_ids = {}, {}
            self._loop_data = LoopData()
            self._disk_version = SCHEMA_VERSION
        else:
            # An older bank is upgraded in memory; the next write (or _upgrade) saves it.
            self._storage.adopt(contents.raw)
            self._stories, self._doc_ids = contents.stories, contents.doc_ids
            self._loop_data = contents.loop
            self._disk_version = contents.version
            self._had_file = True
        self.revision += 1
        self._sync_index()

    def _read_contents(self) -> BankContents | None:
        """The bank's checked contents (None when there is no file yet); BankError if it is bad."""
        record = recorded(self.path)
        self._storage.expect(None if record is None else record.digest)
        raw = self._storage.read()
        if raw is None:
            return None
        if record is None or len(raw.get(STORIES, {})) != record.stories:
            self._storage.trusted = False  # an index that does not describe it: write it anew
        contents = trusted_tables(self.path, raw) if self._storage.trusted else None
        if contents is None:
            self._storage.trusted = False
            contents = check_tables(self.path, raw)
        return contents

    @property
    def _loop(self) -> LoopData:
        """The loop's records, checked in full when first asked for after a trusted load."""
        if self._loop_data is None:
            self._loop_data = trusted_loop_tables(self._storage.cached() or {})
        return self._loop_data

    def _file_vanished(self) -> bool:
        """True when the bank file this Bank has read or written is no longer there."""
        had_file = self._had_file or self._storage.signature is not None
        return had_file and file_signature(self.path) is None

    # The quick index ----------------------------------------------------------------------

    def _sync_index(self) -> None:
        """After a load: learn whether the file is canonical, and write its index if missing."""
        self._doc_rows = {}
        signature, save_counter = self._storage.signature, self._storage.save_counter
        if signature is None and not self._stories:
            self._canonical = True  # no file yet: what this process writes is canonical
            return
        if signature is None or save_counter is None or self._disk_version != SCHEMA_VERSION:
            self._canonical = False
            return
        if self._storage.trusted:
            self._canonical = True  # its index recorded these very bytes, so it is current
            return
        tables = self._storage.cached() or {}
        if index_key(tables) is None or self._storage.digest is None:
            # Saved before banks had a key, so no index can be signed yet: the check below
            # would be paid on every open until then. The next open after a save makes it.
            self._canonical = False
            return
        self._canonical = self._check_canonical()
        if self._canonical:
            self._write_index()

    def _check_canonical(self) -> bool:
        """True when every stored story and loop record is exactly its validated form (what
        the quick index hands out for a story, and what a trusted load builds)."""
        raw = self._storage.cached() or {}
        table = raw.get(STORIES, {})
        for doc in table.values():
            story = self._stories.get(doc.get("id", ""))
            if story is None or story.to_json_dict() != doc:
                return False
        return self._loop_data is None or stored_as_validated(raw, self._loop_data)

    def _seed_rows(self) -> None:
        """Before the first save: take the stories' index rows from the index itself when it
        describes this very file (rather than summarize 10,000 stories again). Only an index
        signed with this bank's key is read here, so no row comes from anyone else."""
        if not self._canonical or self._doc_rows:
            return
        try:
            raw = read_index_bytes(self.path)
            doc = current_index_document(self.path, raw)
            rows = None if doc is None else stored_rows(raw, doc)
        except (OSError, ValueError, KeyError, TypeError):
            return
        table = (self._storage.cached() or {}).get(STORIES, {})
        if rows is not None and len(rows) == len(table):
            # The index lists stories in stored order: its n-th row is the n-th stored story's.
            self._doc_rows = dict(zip(table, rows, strict=True))

    def _forget_stored(self, doc_id: int) -> None:
        """Before a stored story changes: its index row is to be made anew."""
        self._doc_rows.pop(str(doc_id), None)

    def _write_index(self) -> None:
        """Write the quick index of the bank as it is now (only when it is canonical)."""
        signature, save_counter = self._storage.signature, self._storage.save_counter
        digest = self._storage.digest
        if not self._canonical or signature is None or save_counter is None or digest is None:
            return
        # From what was just read or written: never from the file again.
        tables = self._storage.cached() or {}
        key = index_key(tables)
        if key is None:
            return  # a bank saved before it had a key: its next save stamps one
        body = self._index_body(tables, digest)
        if body is not None:
            write_index(self.path, signature, save_counter, body, key)

    def _index_body(self, raw: RawTables, digest: bytes) -> bytes | None:
        """The quick index of the tables `raw` but for its head; None when it cannot be made."""
        if not self._canonical:
            return None
        resolver = self._index_resolver(raw)
        if resolver is None:
            return None
        # Rows follow the stored order: a reader finds a story's end where the next one starts.
        table = raw.get(STORIES, {})
        rows = self._doc_rows
        try:
            for key in table.keys() - rows.keys():
                rows[key] = index_row(table[key])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # not a story's stored form: no index until the bank is read again
        return index_body(list(map(rows.__getitem__, table)), resolver, digest)

    def _index_resolver(self, raw: RawTables) -> CompetencyResolver | None:
        """The competency resolver of the settings in `raw`, or None when they are invalid."""
        from storybank.core.settings import parse_settings  # only saves need the taxonomies

        docs = list(raw.get("settings", {}).values())
        try:
            return parse_settings(docs[0] if docs else {}).catalog().resolver
        except StorybankError:
            return None

    def _with_backup_hint(self, error: BankError) -> BankError:
        """The same error, pointing at the newest good backup and the command that restores it."""
        if error.hint != DEFAULT_BANK_HINT:
            return error
        good = newest_good_backup(self.path)
        if good is None:
            # Pointing at `backup list` when it would list nothing to restore sends people
            # on an errand.
            return BankError(self.path, error.problem, NO_BACKUP_HINT)
        where = "" if self.path == default_bank_path() else f" --db {shlex.quote(str(self.path))}"
        taken = good.taken_at.strftime("%Y-%m-%d %H:%M UTC")
        return BankError(
            self.path,
            error.problem,
            f"The newest good backup is {good.id} (taken {taken}); restore it with "
            f"`storybank backup restore {good.id}{where}`. The file was not changed.",
        )

    def _remove_strays(self) -> None:
        """Delete temp files a killed writer left behind, if no other writer holds the lock."""
        strays = (
            bool(stray_temps(self.path))
            or bool(stray_temps(index_path(self.path)))
            or any(backup_dir(self.path).glob(f".*{TEMP_SUFFIX}"))
        )
        if not strays:
            return
        lock = try_lock(self.path)
        if lock is None:
            return
        try:
            remove_stray_temps(self.path)
            remove_stray_temps(index_path(self.path))
            remove_stray_backup_temps(self.path)
        finally:
            lock.release()

    def _upgrade(self) -> None:
        """Save an older bank in the current schema, after a backup, through the locked path."""
        from_version = self._disk_version
        try:
            with self._writing():
                if self._disk_version < SCHEMA_VERSION:  # another process may have upgraded it
                    self._apply(lambda: self._storage.write(self._storage.read() or {}))
                    self._disk_version = SCHEMA_VERSION
                    self.migrated_from = from_version
        except (BankWriteError, BankLockedError) as error:
            # A bank on read-only media can still be read; the next save tries again.
            self.upgrade_error = error.message

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
        return by_prefix(
            self._stories,
            story_id,
            prefix="s-",
            word="story",
            words="stories",
            listed_by="storybank list",
            error=StoryNotFoundError,
        )

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
        with bank_lock(self.path, self.lock_timeout):
            if self._file_vanished():
                # Starting a new, nearly empty bank here would bury the stories still open in
                # this process (a sync tool may have moved the file away for a moment).
                raise BankWriteError(
                    f"{self.path} was moved or deleted after it was opened, so nothing was "
                    "saved. Put it back, or restore it with `storybank backup restore`."
                )
            if self.changed_on_disk() or self._storage.stale():
                self._storage.forget()
                self.load()
            refuse_read_only(self.path)  # before the backup: nothing is to be saved
            if not self._backed_up:
                remove_stray_temps(self.path)
                remove_stray_temps(index_path(self.path))
                remove_stray_backup_temps(self.path)
                try:
                    # The bytes were validated by the last load (the lock is held and they
                    # were checked unchanged), so rotation need not parse the copy again.
                    self.last_backup = take_backup(self.path, self.keep_backups, valid=True)
                except OSError as error:
                    raise BankWriteError(
                        f"Could not back up {self.path} before saving: "
                        f"{describe_os_error(error)}. Nothing was changed."
                    ) from None
                self._backed_up = True
            if meta_document(self._storage.read() or {}) is None:  # a new bank
                self._meta.insert({"schema_version": SCHEMA_VERSION, "app": "storybank"})
            self._seed_rows()
            yield
            # After the bank is in place: an index names the very file it describes.
            self._write_index()

    def _apply(self, change: Callable[[], object]) -> None:
        """Run one TinyDB change; on failure, re-read so memory matches the disk."""
        try:
            change()
        except BaseException:
            self._storage.forget()
            with contextlib.suppress(BankError):
                self.load()
            raise
        self._had_file = True
        self.revision += 1

    def _next_doc_id(self) -> int:
        return max(self._doc_ids.values(), default=0) + 1

    def _fresh_id(self, story: Story, pending: set[str]) -> Story:
        """`story`, under a new id if its id is a stored story's or one of `pending` (call it
        under the lock, so the stored stories are the current ones)."""
        # Every draw is checked against both: a random id can collide with either.
        while story.id in self._stories or story.id in pending:
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
                story = self._fresh_id(story, pending)
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

    def update(self, story: Story, *, expected: Story | None = None) -> Story:
        """Replace a story and stamp its change time.

        With `expected` (the story as the caller loaded it), refuse (ConflictError) if the
        stored story is no longer exactly that, so nobody's edit is silently overwritten.
        """
        with self._writing():
            current = self._stored(story.id)
            if expected is not None and not _same(current, expected):
                raise ConflictError(
                    f"“{current.title}” was changed by another storybank since you opened it. "
                    "Your text is kept; reload to see the other change."
                )
            return self._save_story(current, story)

    def change_story(self, story_id: str, change: Callable[[Story], Story]) -> Story:
        """Apply `change` to the story as it is stored now, under the lock, and save the result.

        For changes of a few fields (archiving, say): the rest of the story is whatever the
        last writer left, never a copy read before the lock that would undo their edit.
        """
        with self._writing():
            current = self.get(story_id)
            return self._save_story(current, change(current))

    def _stored(self, story_id: str) -> Story:
        """The story with this exact id as it is now (call it under the lock)."""
        current = self._stories.get(story_id)
        if current is None:
            raise StoryNotFoundError(
                f"The story {story_id} is no longer in the bank (deleted elsewhere?)"
            )
        return current

    def _save_story(self, current: Story, story: Story) -> Story:
        """Write `story` in the place of `current`, stamped (call it under the lock)."""
        # The stamp never goes back, so a story dated ahead (another machine's clock) keeps
        # its place in the list; conflicts are told by content (_same), never by this stamp.
        saved = story.model_copy(
            update={"id": current.id, "updated_at": max(utc_now(), current.updated_at)}
        )
        data = saved.to_json_dict()
        doc_id = self._doc_ids[current.id]
        self._forget_stored(doc_id)

        self._apply(lambda: self._replace_document(doc_id, data))
        self._stories[saved.id] = saved
        return saved

    def _replace_document(self, doc_id: int, data: dict[str, Any]) -> None:
        """Write the bank with one stored story replaced.

        The same change as TinyDB's `Table.update`, without its two copies of the whole table
        (a few milliseconds of every save at 10,000 stories). The tables are the ones the lock
        holder just checked are current.
        """
        tables = self._storage.read()
        stories = None if tables is None else tables.get(STORIES)
        if tables is None or stories is None or str(doc_id) not in stories:
            raise BankWriteError(f"The story to save is no longer in {self.path}.")
        stories[str(doc_id)] = data
        self._storage.write(tables)

    def delete(self, story_id: str, *, expected: Story | None = None) -> Story:
        """Remove a story for good; returns what was removed.

        With `expected` (the story as the caller showed it), refuse (ConflictError) if the
        stored story is no longer exactly that: an edit saved meanwhile is not thrown away.
        """
        with self._writing():
            story = self.get(story_id)
            if expected is not None and not _same(story, expected):
                raise ConflictError(
                    f"“{story.title}” was changed by another storybank, so it was not deleted. "
                    "Look at the new version first."
                )
            doc_id = self._doc_ids[story.id]
            self._forget_stored(doc_id)
            self._apply(lambda: self._table.remove(doc_ids=[doc_id]))
            del self._stories[story.id]
            del self._doc_ids[story.id]
        return story

    def set_archived(self, story_id: str, archived: bool) -> Story:
        """Archive or bring back a story (as it is stored when the lock is taken)."""
        return self.change_story(
            story_id, lambda current: current.model_copy(update={"archived": archived})
        )

    # Settings ------------------------------------------------------------------------------
    # One document in an optional "settings" table (a bank without it uses the defaults).
    # storybank/core/settings.py validates it and store/settings.py reads and changes it
    # through these two methods, which only read and write it atomically.

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


def _same(current: Story, expected: Story) -> bool:
    """True when `current` is stored exactly as `expected` was: every write changes what is
    stored, while its time stamp may stay put (a story dated ahead by another clock)."""
    return current is expected or current.to_json_dict() == expected.to_json_dict()
