"""Parse a bank file one document at a time, so its bytes and its tables are never all in memory.

A bank is `{"table": {"1": {...}, "2": {...}}, ...}`. Reading it whole and then parsing it holds
the file's bytes and every parsed story at once (twice the bank). Here the file is read in
chunks and each document is parsed on its own by orjson, then its bytes are dropped.

Nothing here decides whether a file is valid: anything that does not have exactly that shape, or
that orjson refuses, makes `read_tables` return None, and the caller parses the whole file the
usual way (which gives the same result for a good file and the right message for a bad one).
"""

from __future__ import annotations

import re
from typing import IO, Any

import orjson

_CHUNK = 1 << 20
_WS = b" \t\n\r"
_KEY_RE = re.compile(rb'"(?:[^"\\]|\\.)*+"[ \t\n\r]*+:[ \t\n\r]*+')
_DIGITS_KEY_RE = re.compile(rb'"(\d{1,18})":')
# Where a document may end: a brace followed by the next document's key or the table's end.
_DOC_END_RE = re.compile(rb'\}[ \t\n\r]*+(?:,[ \t\n\r]*+"\d++"[ \t\n\r]*+:|\})')
# Each failed try parses the document up to there again: past a few, parse the file whole.
_MAX_TRIES = 8


class _Fallback(Exception):
    """The file is not in the simple shape this reader handles (or is not valid)."""


class _Reader:
    """A window onto the file: bytes before `pos` are done with and are dropped on refill."""

    def __init__(self, handle: IO[bytes], head: bytes) -> None:
        self.handle = handle
        self.buf = head
        self.pos = 0
        self.eof = False
        # Short strings inside documents (names, labels, kinds) repeat across a bank: keep one
        # copy of each.
        self.strings: dict[str, str] = {}

    def more(self) -> None:
        """Read the next chunk, or raise _Fallback at the end of the file."""
        if self.eof:
            raise _Fallback
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.eof = True
            raise _Fallback
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
            self.pos = end
            if not isinstance(doc, dict):
                raise _Fallback
            return self._compact(doc)

    def _compact(self, doc: dict[str, Any]) -> dict[str, Any]:
        """The document with one copy of each string in its inner lists and objects.

        It is rebuilt too: orjson sizes a document's dict for more keys than it holds, and a
        bank keeps every document for as long as it is open.
        """
        share = self.strings.setdefault
        for value in doc.values():
            kind = type(value)
            if kind is list:
                value[:] = [share(item, item) if type(item) is str else item for item in value]
            elif kind is dict:
                for name, item in value.items():
                    if type(item) is str:
                        value[name] = share(item, item)
        return {name: value for name, value in doc.items()}


def _table(reader: _Reader) -> dict[str, Any]:
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
            raise _Fallback
        reader.skip_ws()
        table[key] = reader.document()
        byte = reader.punct()
        if byte == 0x7D:
            return table
        if byte != 0x2C:  # ","
            raise _Fallback


def read_tables(handle: IO[bytes], head: bytes) -> dict[str, Any] | None:
    """The bank's tables from `head` and the rest of `handle`, or None to parse it whole."""
    reader = _Reader(handle, head)
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
                    return None
                tables[name] = _table(reader)
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
