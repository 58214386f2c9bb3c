"""Parse a bank file one document at a time, so its bytes and its tables are never all in memory.

A bank is `{"table": {"1": {...}, "2": {...}}, ...}`. Reading it whole and then parsing it holds
the file's bytes and every parsed story at once (twice the bank). Here the file is read in
chunks and each document is parsed on its own by orjson, then its bytes are dropped.

Nothing here decides whether a file is valid: anything that does not have exactly that shape, or
that orjson refuses, makes `read_tables` return None, and the caller parses the whole file the
usual way (which gives the same result for a good file and the right message for a bad one).
The one exception is a key written twice in one object: orjson keeps the last silently, so a
file that says two things is refused here (DuplicateKeyError), on either path.
"""

from __future__ import annotations

import json
import re
from typing import IO, Any

import orjson

from storybank.core.textsafe import one_line
from storybank.store.savecounter import Digester

_CHUNK = 1 << 20
_WS = b" \t\n\r"
_KEY_RE = re.compile(rb'"(?:[^"\\]|\\.)*+"[ \t\n\r]*+:[ \t\n\r]*+')
_DIGITS_KEY_RE = re.compile(rb'"(\d{1,18})":')
# Where a document may end: a brace followed by the next document's key or the table's end.
_DOC_END_RE = re.compile(rb'\}[ \t\n\r]*+(?:,[ \t\n\r]*+"\d++"[ \t\n\r]*+:|\})')
# Each failed try parses the document up to there again: past a few, parse the file whole.
_MAX_TRIES = 8


# Where a key may be followed by space before its colon (storybank writes none).
_SPACED_COLON_RE = re.compile(rb'"[ \t\n\r]+:')


class DuplicateKeyError(ValueError):
    """A JSON object names one key twice, so which value the file means cannot be known."""

    def __init__(self, key: str, where: str = "") -> None:
        self.key = key
        self.where = where
        super().__init__(self.problem)

    @property
    def problem(self) -> str:
        """What is wrong, for a BankError."""
        place = f" in {self.where}" if self.where else ""
        return f"names the key “{one_line(self.key)[:40]}” twice{place}, so it is ambiguous"


def _no_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object from its pairs, as json builds it, or DuplicateKeyError for a repeated key."""
    made = dict(pairs)
    if len(made) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return made


def check_unique_keys(text: bytes | memoryview, start: int, end: int, counted: int) -> None:
    """Raise DuplicateKeyError if a JSON object in `text[start:end]` (which orjson parsed) names
    a key twice; `counted` is how many keys the parsed value holds, or fewer.

    In the usual file no key has space before its colon and no string holds a `\\"` right
    before a colon, so every key is one `":` and nothing else is: as many `":` as keys parsed
    means no key was lost to a repeat. That count runs at the speed of memory; only a
    document it cannot vouch for is parsed again, key by key.
    """
    data = text if isinstance(text, bytes) else bytes(text)
    if (
        data.count(b'":', start, end) == counted
        and data.find(b'\\":', start, end) < 0
        and _SPACED_COLON_RE.search(data, start, end) is None
    ):
        return
    json.loads(data[start:end], object_pairs_hook=_no_twice)


def count_keys(value: Any, depth: int = 4) -> int:
    """How many keys the objects in a parsed value hold, down to `depth` levels (an undercount
    only makes `check_unique_keys` look closer)."""
    if type(value) is dict:
        if depth <= 1:
            return len(value)
        return len(value) + sum(count_keys(item, depth - 1) for item in value.values())
    if type(value) is list and depth > 1:
        return sum(count_keys(item, depth - 1) for item in value)
    return 0


class _Fallback(Exception):
    """The file is not in the simple shape this reader handles (or is not valid)."""


class _Reader:
    """A window onto the file: bytes before `pos` are done with and are dropped on refill."""

    def __init__(
        self, handle: IO[bytes], head: bytes, digester: Digester | None, check_keys: bool
    ) -> None:
        self.handle = handle
        self.digester = digester
        self.check_keys = check_keys
        self.buf = head
        self.pos = 0
        self.eof = False
        # Short strings inside documents (names, labels, kinds) repeat across a bank: keep one
        # copy of each.
        self.strings: dict[str, str] = {}

    def more(self) -> None:
        """Read the next chunk, or raise _Fallback at the end of the file.

        A chunk is at least as long as the part of the window kept, so a window that keeps
        growing (one huge key or document) doubles: the copies here and the scans that start
        again from the window's start add up to a few times its length, not its square.
        """
        if self.eof:
            raise _Fallback
        chunk = self.handle.read(max(_CHUNK, len(self.buf) - self.pos))
        if not chunk:
            self.eof = True
            raise _Fallback
        if self.digester is not None:
            self.digester.update(chunk)
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0

    def skip_ws(self) -> None:
        while True:
            buf, pos = self.buf, self.pos
            while pos < len(buf) and buf[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < len(buf):
                return
            self.more()

    def punct(self) -> int:
        """The next non-space byte, consumed."""
        self.skip_ws()
        byte = self.buf[self.pos]
        self.pos += 1
        return byte

    def key(self) -> str:
        """A `"key":` and the space after it."""
        self.skip_ws()
        digits = _DIGITS_KEY_RE.match(self.buf, self.pos)
        if digits is not None:  # the usual document id, as storybank writes it
            self.pos = digits.end()
            return digits.group(1).decode()
        while True:
            match = _KEY_RE.match(self.buf, self.pos)
            # A match that reaches the end of the window may go on in the next chunk.
            if match is not None and match.end() < len(self.buf):
                end = self.buf.rindex(b'"', self.pos, match.end()) + 1
                try:
                    key = orjson.loads(self.buf[self.pos : end])
                except orjson.JSONDecodeError:
                    raise _Fallback from None
                self.pos = match.end()
                if not isinstance(key, str):
                    raise _Fallback
                return key
            if match is None and len(self.buf) - self.pos > 1 and self.buf[self.pos] != 0x22:
                raise _Fallback
            self.more()

    def document(self) -> dict[str, Any]:
        """One document object, parsed by orjson."""
        if self.buf[self.pos] != 0x7B:  # "{"
            raise _Fallback
        search = self.pos
        tries = 0
        while True:
            match = _DOC_END_RE.search(self.buf, search)
            if match is None:
                search = max(self.pos, len(self.buf) - 64)
                start = self.pos
                self.more()
                search -= start
                continue
            end = match.start() + 1
            try:
                doc = orjson.loads(memoryview(self.buf)[self.pos : end])
            except orjson.JSONDecodeError:
                # The brace closed an object inside the document (or sat in a string): the
                # shortest piece that parses is the whole document, so try the next brace.
                tries += 1
                if tries > _MAX_TRIES:
                    raise _Fallback from None
                search = end
                continue
            if not isinstance(doc, dict):
                raise _Fallback
            doc, counted = self._compact(doc)
            # A document as storybank writes it is exactly what orjson writes for its parsed
            # value, which never names a key twice: one compare clears it (~2 ms per 1,000
            # stories, a third of what counting its keys costs).
            if self.check_keys:
                same = orjson.dumps(doc)
                if len(same) != end - self.pos or not self.buf.startswith(same, self.pos):
                    check_unique_keys(self.buf, self.pos, end, counted)
            self.pos = end
            return doc

    def _compact(self, doc: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """The document with one copy of each string in its inner lists and objects, and how
        many keys it and its inner objects hold.

        It is rebuilt too: orjson sizes a document's dict for more keys than it holds, and a
        bank keeps every document for as long as it is open.
        """
        share = self.strings.setdefault
        counted = len(doc)
        for value in doc.values():
            kind = type(value)
            if kind is list:
                value[:] = [share(item, item) if type(item) is str else item for item in value]
            elif kind is dict:
                counted += len(value)
                for name, item in value.items():
                    if type(item) is str:
                        value[name] = share(item, item)
        return {name: value for name, value in doc.items()}, counted


def _table(reader: _Reader, name: str) -> dict[str, Any]:
    if reader.punct() != 0x7B:  # a table is an object
        raise _Fallback
    table: dict[str, Any] = {}
    reader.skip_ws()
    if reader.buf[reader.pos] == 0x7D:  # "}"
        reader.pos += 1
        return table
    while True:
        key = reader.key()
        if key in table:
            raise DuplicateKeyError(key, f"table “{one_line(name)[:40]}”")
        reader.skip_ws()
        try:
            table[key] = reader.document()
        except DuplicateKeyError as error:
            raise DuplicateKeyError(
                error.key, f"document {one_line(key)[:20]} of table “{one_line(name)[:40]}”"
            ) from None
        byte = reader.punct()
        if byte == 0x7D:
            return table
        if byte != 0x2C:  # ","
            raise _Fallback


def read_tables(
    handle: IO[bytes], head: bytes, digester: Digester | None = None, *, check_keys: bool = True
) -> dict[str, Any] | None:
    """The bank's tables from `head` and the rest of `handle`, or None to parse it whole;
    DuplicateKeyError if an object in it names a key twice. Each chunk read after `head` is fed
    to `digester`, so a whole read leaves it with every byte of the file.

    With `check_keys` False a key written twice inside a story may go unseen: only for a read
    whose digest will tell whether these are bytes checked in full before (and that reads
    again, checking, when they are not)."""
    reader = _Reader(handle, head, digester, check_keys)
    try:
        if reader.punct() != 0x7B:
            return None
        tables: dict[str, Any] = {}
        reader.skip_ws()
        if reader.buf[reader.pos] == 0x7D:
            reader.pos += 1
        else:
            while True:
                name = reader.key()
                if name in tables:
                    raise DuplicateKeyError(name)
                tables[name] = _table(reader, name)
                byte = reader.punct()
                if byte == 0x7D:
                    break
                if byte != 0x2C:
                    return None
        # Only white space may follow.
        try:
            reader.skip_ws()
        except _Fallback:
            return tables
        return None
    except (_Fallback, IndexError):
        return None
