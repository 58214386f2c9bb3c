"""A compact index kept beside the bank: the digest of the bank's bytes, and each story's labels
in the order the bank stores them.

The digest (keyed BLAKE2b over the exact bytes of the bank file) lets a load trust a bank this
storybank validated or wrote without validating every story again; the rows give the app its
first screen before the bank is read. It is a cache and nothing more: it names the exact file it
describes (inode, size, change time and save counter) and is written only from a bank that was
fully validated, by the process holding it. It is signed with a key kept inside the bank
(HMAC-SHA256), so only who can read the bank can make one its readers accept, and it is used
only when it is a file of ours that no one else may read or change. When it is missing,
damaged, stale, forged, or from another version of storybank, or the bank's bytes do not match
its digest, it is ignored and the bank is validated in full (which writes it again).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import stat
from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import accumulate, compress, count, pairwise, repeat
from operator import add
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import orjson

from storybank import __version__
from storybank.core.ordering import default_order_key
from storybank.core.resolver import CompetencyResolver
from storybank.core.vocab import (
    SCHEMA_VERSION,
    STAR_PARTS,
    SourceKind,
    Status,
    source_label,
)
from storybank.store.atomicfile import write_atomic
from storybank.store.fileid import Signature, signature_of
from storybank.store.ownership import current_uid
from storybank.store.savecounter import DIGEST_HEX, HEAD, read_index_key, read_save_counter

FORMAT = 8
SUFFIX = ".index"
_DIGEST_START = b'"digest":"'
# Where the rows begin: the last of the index's fields. Nothing before it holds these bytes
# (the fields before are numbers and strings, and a string escapes its quotes), so the first
# match is the one, found without scanning the rows.
ROWS_START = b',"stories":['

# By value, without the enum's (slower) call: an unknown kind is a KeyError, as a bad index.
_KINDS = {k.value: k for k in SourceKind}


class SourceSummary(NamedTuple):
    """Where a summarized story is from."""

    kind: SourceKind
    organization: str

    def label(self) -> str:
        """`work · Acme` style, for lists."""
        return source_label(self.kind.value, self.organization)


class StorySummary:
    """A story's id, title and labels, read from the index; its text stays in the bank file.

    Fields are read from the index row when asked: a filter over thousands of stories looks at
    a few fields of each, and at the rest only for the few it shows.
    """

    __slots__ = ("_row", "position")

    def __init__(self, row: list[Any], position: int) -> None:
        if len(row) != len(_ROW_FIELDS):
            raise ValueError("an index row of the wrong length")
        self._row = row
        self.position = position  # in the bank file, among the stories

    @property
    def id(self) -> str:
        """The story's id."""
        return self._row[0]  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        """The story's title."""
        return self._row[1]  # type: ignore[no-any-return]

    @property
    def hook(self) -> str:
        """Not kept in the index (a filter never reads it): empty."""
        return ""

    @property
    def source(self) -> SourceSummary:
        """Where the story is from."""
        return SourceSummary(_KINDS[self._row[2]], self._row[3])

    @property
    def competencies(self) -> list[str]:
        """The competencies the story shows."""
        return self._row[4]  # type: ignore[no-any-return]

    @property
    def tags(self) -> list[str]:
        """The story's tags."""
        return self._row[5]  # type: ignore[no-any-return]

    @property
    def archived(self) -> bool:
        """True when the story is archived."""
        return self._row[ROW_ARCHIVED] is True

    @property
    def status(self) -> Status:
        """Ready once all four STAR parts are written."""
        return Status.READY if self._row[ROW_READY] is True else Status.DRAFT

    @property
    def updated_at(self) -> datetime:
        """When the story last changed."""
        return datetime.fromisoformat(self._row[ROW_UPDATED])

    def __repr__(self) -> str:
        return f"StorySummary({self.id})"


def index_path(bank_path: Path) -> Path:
    """Where the index of the bank at `bank_path` is kept."""
    return bank_path.with_name(bank_path.name + SUFFIX)


# A row's fields in order.
ROW_ARCHIVED, ROW_READY, ROW_UPDATED = 6, 7, 8
_ROW_FIELDS = (
    "id", "title", "kind", "organization", "competencies", "tags", "archived", "ready",
    "updated_at",
)  # fmt: skip


class IndexRow(NamedTuple):
    """What the index keeps of one stored story: its row, and apart from it its place in the
    default order and whether it is archived (so the app orders its list without the rows)."""

    row: bytes
    place: int
    archived: bool


def index_row(doc: Mapping[str, Any]) -> IndexRow:
    """The index row of a story from its stored form (serialized: a save re-uses the rows of
    the others). The index is kept only while every stored story is its validated form, so
    this is what the validated story says."""
    source = doc["source"]
    ready = Status.of(doc[part] for part in STAR_PARTS) is Status.READY
    updated = doc["updated_at"]
    row = orjson.dumps(
        [
            doc["id"],
            doc["title"],
            source["kind"],
            source["organization"],
            doc["competencies"],
            doc["tags"],
            doc["archived"],
            ready,
            updated,
        ]
    )
    place = default_order_key(ready, datetime.fromisoformat(updated))
    return IndexRow(row, place, doc["archived"] is True)


def index_body(rows: Sequence[IndexRow], resolver: CompetencyResolver, digest: bytes) -> bytes:
    """All of an index but its head (which names the bank file, known only once written).

    `rows` are the stories' `index_row`s in the order they are stored in the bank file, and
    `digest` is `bank_digest` of the bank file's bytes."""
    aliases, names = resolver.maps()
    # Column by column, without a Python loop over the rows: a save writes every row.
    blobs, places, archived = zip(*rows, strict=True) if rows else ((), (), ())
    return b"".join(
        (
            _DIGEST_START,
            digest,
            b'","aliases":',
            orjson.dumps(aliases),
            b',"names":',
            orjson.dumps(names),
            # Each row's length, so a reader can find one row without parsing the others, and
            # what orders the list, so the app's first screen parses no row it does not draw.
            b',"lengths":',
            orjson.dumps(list(map(len, blobs))),
            b',"places":',
            orjson.dumps(places),
            b',"archived":',
            orjson.dumps(list(compress(count(), archived))),
            ROWS_START,
            b",".join(blobs),
            b"]}",
        )
    )


def write_index(
    bank_path: Path, signature: Signature, save_counter: int, body: bytes, key: bytes
) -> None:
    """Write the index of a validated bank (`body` from `index_body`, signed with the bank's
    `key`); a failure only means the next start reads in full."""
    head = _index_head(signature, save_counter)
    payload = head + _seal(key, head, body) + body
    # One another user planted where the index goes (in /tmp, say) may not be replaceable: it
    # is then left, and ignored by every reader.
    with contextlib.suppress(OSError):
        # Written like the bank, flushed too: a cache could skip the flush (a torn or old index
        # fails its checks), but on ext4 a replaced file left unflushed slows the next saves.
        write_atomic(index_path(bank_path), payload)


def open_index(bank_path: Path) -> int:
    """A read-only descriptor of the index beside the bank at `bank_path`; OSError when there
    is none, or when it is not a regular file of ours that only we may read and write."""
    return open_index_file(index_path(bank_path))


def open_index_file(path: Path) -> int:
    """A read-only descriptor of the cache file at `path`; OSError when there is none, or when
    it is not a regular file of ours that only we may read and write."""
    fd = _open_regular_fd(path, os.O_NOFOLLOW if hasattr(os, "O_NOFOLLOW") else 0)
    try:
        st = os.fstat(fd)
        uid = current_uid()
        if uid is not None and (st.st_uid != uid or st.st_mode & 0o077):
            # Another user could have written it, or could rewrite it while it is read.
            raise OSError(errno.EPERM, f"{path.name} is not private to its owner")
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary; OSError unless it is a regular file."""
    return os.fdopen(_open_regular_fd(path), "rb")


def _open_regular_fd(path: Path, flags: int = 0) -> int:
    # Opened without waiting: a FIFO put where a file should be would block the open (and a
    # device such as /dev/zero never ends), so anything but a regular file is refused.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, f"{path.name} is not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_index_bytes(bank_path: Path) -> bytes:
    """The bytes of the index beside the bank at `bank_path` (OSError as `open_index`)."""
    fd = open_index(bank_path)
    try:
        return os.pread(fd, os.fstat(fd).st_size, 0)
    finally:
        os.close(fd)


class Recorded(NamedTuple):
    """What a current index says of the bank file it names: the digest of its bytes, and how
    many stories it holds."""

    digest: bytes
    stories: int


def recorded(bank_path: Path) -> Recorded | None:
    """What the index records of the bank, if the index is whole, signed with the bank's key and
    names the bank file as it is now; None otherwise."""
    try:
        head = current_index_head(bank_path, read_index_bytes(bank_path))
        if head is None:
            return None
        digest, lengths = head["digest"], head["lengths"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError):
        return None
    if not isinstance(digest, str) or len(digest) != DIGEST_HEX or not isinstance(lengths, list):
        return None
    return Recorded(digest.encode(), len(lengths))


def _seal(key: bytes, head: bytes, body: bytes | memoryview) -> bytes:
    """The signature field that follows the head: HMAC-SHA256 with the bank's key over the head
    and the body, so a file damaged inside, or made by someone without the key, fails it."""
    mac = hmac.new(key, head, hashlib.sha256)
    mac.update(body)
    return b'"check":"%s",' % mac.hexdigest().encode()


_CHECK_SIZE = len(_seal(b"", b"", b""))


def _checked_body(raw: bytes, head: bytes, key: bytes) -> bytes | None:
    """The body of an index file whose head is `head`, if it was signed with `key`."""
    if not raw.startswith(head):
        return None
    start = len(head) + _CHECK_SIZE
    with memoryview(raw) as view:
        sealed = _seal(key, head, view[start:])
    return raw[start:] if hmac.compare_digest(raw[len(head) : start], sealed) else None


def _index_head(signature: Signature, save_counter: int) -> bytes:
    """The first bytes of the index of this bank file (the index names what it describes first)."""
    head = {"format": FORMAT, "storybank": __version__, "schema": SCHEMA_VERSION}
    return orjson.dumps(head)[:-1] + b',"bank":' + orjson.dumps([*signature, save_counter]) + b","


def row_starts(raw: bytes, doc: dict[str, Any]) -> list[int] | None:
    """Where each row of an index file (`raw`, parsed as `doc`, with or without its rows)
    starts, and where a row after the last would; None if the rows are not laid out as their
    lengths say."""
    lengths = doc["lengths"]
    base = raw.find(ROWS_START)
    if base < 0 or len(doc["places"]) != len(lengths):
        return None
    if "stories" in doc and len(doc["stories"]) != len(lengths):
        return None
    # Rows lie one after another with a comma between, and `]}` after the last.
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=base + len(ROWS_START)))
    end = starts[-1] - 1 if lengths else starts[-1]
    return starts if raw[end : end + 2] == b"]}" else None


def stored_rows(raw: bytes, doc: dict[str, Any]) -> list[IndexRow] | None:
    """The rows of an index file (`raw`, parsed as `doc`) as they are stored, in order."""
    starts = row_starts(raw, doc)
    if starts is None:
        return None
    archived = set(doc["archived"])
    return [
        IndexRow(raw[start : end - 1], place, n in archived)
        for n, ((start, end), place) in enumerate(zip(pairwise(starts), doc["places"], strict=True))
    ]


def current_index_document(
    bank_path: Path, raw: bytes, st: os.stat_result | None = None
) -> dict[str, Any] | None:
    """The parsed index in `raw` if it is whole and describes the bank file as it is now (as
    `st`, its stat, says); None otherwise. A parse error is the caller's to catch."""
    body = _current_body(bank_path, raw, st)
    if body is None:
        return None
    doc = orjson.loads(b"{" + body)
    return doc if isinstance(doc, dict) else None


def current_index_head(bank_path: Path, raw: bytes) -> dict[str, Any] | None:
    """As `current_index_document`, without parsing the rows (the document has no "stories")."""
    body = _current_body(bank_path, raw, None)
    if body is None:
        return None
    cut = body.find(ROWS_START)
    doc = orjson.loads(b"{" + body[:cut] + b"}") if cut >= 0 else None
    return doc if isinstance(doc, dict) else None


def _current_body(bank_path: Path, raw: bytes, st: os.stat_result | None) -> bytes | None:
    """The checked body of the index in `raw` if it describes the bank file as it is now."""
    try:
        st = st or os.stat(bank_path)
        if not stat.S_ISREG(st.st_mode):
            return None  # a FIFO would hang the read; the full read says what is wrong
        with open_regular(bank_path) as handle:
            head = handle.read(HEAD)
    except OSError:
        return None
    save_counter, key = read_save_counter(head), read_index_key(head)
    if save_counter is None or key is None:
        return None  # a bank saved before it had a key: it gets one on its next save
    signature = signature_of(st)
    return _checked_body(raw, _index_head(signature, save_counter), key)
