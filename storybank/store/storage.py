"""The TinyDB storage behind a bank: orjson, a parse cache keyed on the file, atomic writes."""

from __future__ import annotations

import codecs
import hmac
import io
import os
import secrets
import shlex
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson
from tinydb.storages import Storage

from storybank.core.errors import BankError, BankWriteError, describe_os_error
from storybank.store.atomicfile import write_atomic
from storybank.store.crypt import HEADER_SIZE, Sealing, is_sealed, nonce_of, open_sealed
from storybank.store.fileid import Signature, file_signature, signature_of
from storybank.store.migrations import meta_document
from storybank.store.reader import DuplicateKeyError, check_unique_keys, count_keys, read_tables
from storybank.store.savecounter import (
    HEAD,
    INDEX_KEY,
    KEY_HEX,
    SAVE_COUNTER_FIELD,
    SAVE_COUNTER_MAX,
    Digester,
    bank_digest,
    read_index_key,
    read_save_counter,
    valid_index_key,
)

RawTables = dict[str, dict[str, Any]]
_PEEK = 64 * 1024
_TOO_DEEP = "nests objects too deeply to be a story bank"


def _save_counter(data: RawTables) -> int | None:
    """The save counter of a parsed bank, or None when it has none yet."""
    doc = meta_document(data)
    value = None if doc is None else doc.get(SAVE_COUNTER_FIELD)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def index_key(data: RawTables) -> bytes | None:
    """The key the quick index of a parsed bank is signed with, or None when it has none yet."""
    doc = meta_document(data)
    value = None if doc is None else doc.get(INDEX_KEY)
    return value.encode() if isinstance(value, str) and valid_index_key(value) else None


@dataclass(frozen=True)
class _Loaded:
    """A bank file as read: its tables, the signature of the very file read, the keyed digest
    of its bytes (None without a key), and whether that digest is the one expected."""

    data: RawTables
    signature: Signature
    digest: bytes | None = None
    trusted: bool = False
    envelope: _Envelope | None = None


def _same_digest(digest: bytes | None, expected: bytes | None) -> bool:
    """True when a file's digest is the one expected (compared in constant time)."""
    return digest is not None and expected is not None and hmac.compare_digest(digest, expected)


def _stamped(data: RawTables) -> RawTables:
    """`data` with the meta table first, its save counter moved on by one, and a key for its
    quick index (a bank written before there was one gets it now)."""
    doc = meta_document(data)
    if doc is None:
        return data
    meta = data["meta"]
    # Past the largest a reader takes (orjson writes no bigger integer), the count starts
    # again: readers only ever compare it for equality.
    counter = _save_counter(data) or 0
    doc[SAVE_COUNTER_FIELD] = counter + 1 if counter < SAVE_COUNTER_MAX else 1
    if not valid_index_key(doc.get(INDEX_KEY)):
        doc[INDEX_KEY] = secrets.token_hex(KEY_HEX // 2)
    if next(iter(data)) == "meta":
        return data
    return {"meta": meta, **{name: table for name, table in data.items() if name != "meta"}}


def refuse_read_only(path: Path) -> None:
    """Raise BankWriteError if the bank at `path` has no write bit for its owner.

    A rename replaces a file whatever its mode, and the new file would be 600: a `chmod 400`
    is the user saying "do not change this", so it is kept. The bits are read, not tried: an
    administrator may write any file.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return  # no file yet, or one the save itself will say it cannot reach
    if not mode & stat.S_IWUSR:
        raise BankWriteError(
            f"{path} is read-only (mode {mode:o}); make it writable with "
            f"`chmod 600 {shlex.quote(str(path))}` to save. Nothing was changed."
        )


def _not_an_object(head: bytes) -> str:
    """Why a file that does not start with `{` is refused, from its first bytes."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "is not valid UTF-8 text (it may be damaged or not a story bank)"
    return "is not a story bank (it does not hold a JSON object)"


class AtomicJSONStorage(Storage):
    """Reads and writes the whole bank as JSON; never writes in place, never writes on read.

    The parsed document is cached while the file's signature is unchanged, so a save does not
    re-parse a large bank that nobody else touched. Every read and write also knows the keyed
    digest of the file's bytes (`digest`), and a read says whether they are the bytes whose
    digest the caller expected (`trusted`): bytes this bank validated or wrote before.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: RawTables | None = None
        self._save_counter: int | None = None
        self.signature: Signature | None = None
        self.digest: bytes | None = None
        self.trusted = False
        self._expected: bytes | None = None
        # How the file is encrypted (None: plain), the nonce of the save last read or
        # written (every save draws a new one), and whether the next write may vouch that
        # every stored story is its validated form (the bank says so; see `vouch`).
        self.sealing: Sealing | None = None
        self._nonce: bytes | None = None
        self._vouched = False

    def expect(self, digest: bytes | None) -> None:
        """Before a read: the digest of bytes known to be valid (from the bank's index)."""
        self._expected = digest

    def cached(self) -> RawTables | None:
        """The bank as last read or written, without looking at the file again."""
        return self._cache

    @property
    def save_counter(self) -> int | None:
        """The save counter of the bank as last read or written."""
        return self._save_counter

    def read(self) -> RawTables | None:
        """The parsed bank, or None when there is no file yet."""
        current = file_signature(self.path)
        if current is None:
            self.forget()
            return None
        if self._cache is not None and current == self.signature:
            return self._cache
        try:
            loaded = self._load(self.path, self._expected)
        except FileNotFoundError:
            self.forget()
            return None
        data = loaded.data
        # The signature comes from the file that was read, not from a later stat that could
        # already see another writer's replacement (and so hide it from the next save).
        self._cache, self._save_counter = data, _save_counter(data)
        self.signature, self.digest, self.trusted = loaded.signature, loaded.digest, loaded.trusted
        envelope = loaded.envelope
        self.sealing = None if envelope is None else envelope.sealing
        self._nonce = None if envelope is None else envelope.nonce
        return data

    @property
    def encrypted(self) -> bool:
        """True when the bank as last read (or as the next write makes it) is encrypted."""
        return self.sealing is not None

    def seal_with(self, sealing: Sealing | None) -> None:
        """Write the bank encrypted with `sealing` from the next write on (None: in plain)."""
        self.sealing = sealing

    def vouch(self, validated: bool) -> None:
        """Before a write: whether every stored story is exactly its validated form, which an
        encrypted file records in its authenticated header (a plain one in its quick index)."""
        self._vouched = validated

    def stale(self) -> bool:
        """True if the file may differ from what was last read or written.

        Inode numbers are reused and some file systems keep coarse times, so two different
        versions of the bank can share a signature. Every save stamps a save counter at
        the very start of the file, so writers compare a few bytes under the lock instead of
        keeping (and re-reading) the whole bank.
        """
        if self._cache is None:
            return False
        if self._save_counter is None:
            return True
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(HEAD)
        except OSError:
            return True
        if self.sealing is not None or is_sealed(head):
            # An encrypted file's head is its header, whose nonce is new with every save.
            nonce = nonce_of(head)
            return self.sealing is None or nonce is None or nonce != self._nonce
        stamped = read_save_counter(head)
        return stamped is None or stamped != self._save_counter

    def write(self, data: RawTables) -> None:
        """Replace the bank with `data` atomically; on failure the old file stays as it was."""
        refuse_read_only(self.path)
        data = _stamped(data)
        try:
            payload = orjson.dumps(data)
            digest = self._write_digested(payload, index_key(data))
            del payload
        except OSError as error:
            self.forget()
            raise BankWriteError(
                f"Could not save {self.path}: {describe_os_error(error)}. "
                "The bank on disk was not changed."
            ) from None
        except BaseException:
            self.forget()
            raise
        self._cache, self._save_counter = data, _save_counter(data)
        self.signature = file_signature(self.path)
        # Whether these bytes may be trusted on a later read is the caller's to record (the
        # bank does, in its index, while every stored story is its validated form).
        self.digest, self.trusted = digest, False

    def _write_digested(self, payload: bytes, key: bytes | None) -> bytes | None:
        """Write `payload` atomically (encrypted first, for an encrypted bank) and return its
        keyed digest (None without a key).

        The digest is taken in a thread while the bytes go to disk: hashlib lets go of the GIL
        for large buffers and the write waits on fsync, so it does not lengthen the save.
        Only ciphertext ever reaches the disk for an encrypted bank (temp file included).
        """
        sealing = self.sealing
        if key is None or sealing is not None:
            # An encrypted bank has no quick index to record the digest in.
            self._put(payload, sealing)
            return None
        digests: list[bytes] = []
        worker = threading.Thread(target=lambda: digests.append(bank_digest(key, payload)))
        worker.start()
        try:
            self._put(payload, sealing)
        finally:
            worker.join()
        return digests[0]

    def _put(self, payload: bytes, sealing: Sealing | None) -> None:
        """Write the file's bytes for `payload`; remember the nonce of an encrypted save."""
        if sealing is None:
            write_atomic(self.path, payload)
            self._nonce = None
            return
        sealed = sealing.seal(payload, validated=self._vouched)
        write_atomic(self.path, sealed)
        self._nonce = nonce_of(bytes(sealed[:HEADER_SIZE]))

    def adopt(self, data: RawTables) -> None:
        """Use `data` (the file's contents, upgraded in memory) in place of the parsed file."""
        if self.signature is not None:
            self._cache = data

    def forget(self) -> None:
        """Drop the cache so the next read parses the file again."""
        self._cache, self._save_counter, self.signature = None, None, None
        self.digest, self.trusted = None, False
        self.sealing, self._nonce = None, None

    @staticmethod
    def parse(path: Path) -> RawTables:
        """Parse a bank file, or raise BankError saying what is wrong with it."""
        try:
            return AtomicJSONStorage._load(path, None).data
        except FileNotFoundError:
            raise BankError(path, "does not exist") from None

    @staticmethod
    def _load(path: Path, expected: bytes | None) -> _Loaded:
        """The parsed bank and the signature and digest of the very file it was read from.

        The digest is taken as the bytes are read (~1 GB/s); when it is `expected`, the file
        holds exactly bytes this bank checked in full before (`trusted`). An encrypted file is
        read whole, decrypted in memory and parsed the same way; it is `trusted` when its
        authenticated header says its writer vouched for it.
        """
        try:
            # A FIFO would block the open and a device (/dev/zero) never ends: only read files.
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                raise BankError(path, "is not a regular file, so it is not a story bank")
            with open(path, "rb") as handle:
                signature = signature_of(os.fstat(handle.fileno()))
                head = handle.read(_PEEK)
                if not is_sealed(head):
                    return _parse(path, handle, head, signature, expected, None)
                sealed = head + handle.read()
        except (FileNotFoundError, BankError):
            raise
        except IsADirectoryError:
            raise BankError(path, "is a folder, not a story bank file") from None
        except PermissionError:
            raise BankError(path, "cannot be read (permission denied)") from None
        except OSError as error:
            raise BankError(path, f"cannot be read ({describe_os_error(error)})") from None
        plain, header, sealing = open_sealed(path, sealed)
        del sealed
        envelope = _Envelope(sealing, header.nonce, header.validated)
        with io.BytesIO(plain) as stream:
            del plain
            return _parse(path, stream, stream.read(_PEEK), signature, expected, envelope)


@dataclass(frozen=True)
class _Envelope:
    """How a file read was encrypted: its sealing, the nonce of that save, and whether its
    writer vouched that every stored story is its validated form."""

    sealing: Sealing
    nonce: bytes
    validated: bool


def _parse(
    path: Path,
    handle: IO[bytes],
    head: bytes,
    signature: Signature,
    expected: bytes | None,
    envelope: _Envelope | None,
) -> _Loaded:
    """Parse the bank whose first bytes `head` were read from `handle` (see `_load`)."""
    try:
        # A bank is a JSON object: refuse anything else before reading a big file whole.
        start = head.lstrip()[:1]
        if start and start != b"{":
            raise BankError(path, _not_an_object(head))
        key = read_index_key(head)
        digester = None if key is None else Digester(key)
        if digester is not None:
            digester.update(head)
        # Parse one document at a time, so the file's bytes and all its stories are
        # never in memory together; a file of another shape is read and parsed whole.
        # Bytes expected to be ones checked before are read without looking for keys written
        # twice inside a story (a sixth of the read), and read again with every check when
        # their digest says they are not those bytes.
        hopeful = envelope is None and expected is not None and digester is not None
        data = read_tables(handle, head, digester, check_keys=not hopeful) if start else None
        if data is not None:
            digest = None if digester is None else digester.hexdigest()
            if not hopeful or _same_digest(digest, expected):
                return _loaded(data, signature, digest, expected, envelope)
            del data
            handle.seek(0)
            head = handle.read(_PEEK)
            digester = None if key is None else Digester(key)
            if digester is not None:
                digester.update(head)
            data = read_tables(handle, head, digester)
            if data is not None:
                digest = None if digester is None else digester.hexdigest()
                return _loaded(data, signature, digest, expected, envelope)
        handle.seek(0)
        raw = handle.read()
    except BankError:
        raise
    except DuplicateKeyError as error:
        raise BankError(path, error.problem) from None
    except RecursionError:
        raise BankError(path, _TOO_DEEP) from None
    except OSError as error:
        raise BankError(path, f"cannot be read ({describe_os_error(error)})") from None
    if not raw.strip():
        raise BankError(path, "is empty, so it is not a story bank")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        kind = "is not valid UTF-8 text" if "utf-8" in str(error).lower() else "is not valid JSON"
        raise BankError(path, f"{kind} (it may be truncated or not a story bank)") from None
    if not isinstance(data, dict):
        raise BankError(path, "is JSON but not a story bank (expected an object of tables)")
    try:
        check_unique_keys(raw, 0, len(raw), count_keys(data))
    except DuplicateKeyError as error:
        raise BankError(path, error.problem) from None
    except RecursionError:
        raise BankError(path, _TOO_DEEP) from None
    digest = None if key is None else bank_digest(key, raw)
    return _loaded(data, signature, digest, expected, envelope)


def _loaded(
    data: RawTables,
    signature: Signature,
    digest: bytes | None,
    expected: bytes | None,
    envelope: _Envelope | None,
) -> _Loaded:
    """What `_load` returns: a plain file is trusted when its digest is the one expected; an
    encrypted one when its authenticated header vouches for it."""
    trusted = _same_digest(digest, expected) if envelope is None else envelope.validated
    return _Loaded(data, signature, digest, trusted, envelope)
