"""The encrypted bank file: a versioned header, then the bank's JSON sealed with AES-GCM.

The envelope wraps the bytes of the bank file and nothing else: TinyDB, the schema and its
migrations see the same JSON as for a plain bank. Layout of format 1 (all sizes in bytes):

    MAGIC (20) | format (1) | kdf id (1) | log2 n (1) | r (1) | p (1) | salt (16)
    | key check (16) | flags (1) | nonce (12) | AES-256-GCM ciphertext and tag

The key is scrypt(passphrase, salt, n, r, p). The whole header is the associated data, so a
header changed in any byte (another salt, other parameters, the flags) fails authentication.
The key check (an HMAC of a fixed text under the key) tells a wrong passphrase from a damaged
file without trying to decrypt. A new format or stronger parameters go in a new header; old
banks keep theirs and still open.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storybank.core.errors import BankError

MAGIC = b"storybank encrypted\n"
FORMAT = 1
_SCRYPT = 1
SALT_SIZE = 16
CHECK_SIZE = 16
NONCE_SIZE = 12
TAG_SIZE = 16
HEADER_SIZE = len(MAGIC) + 5 + SALT_SIZE + CHECK_SIZE + 1 + NONCE_SIZE
FLAG_VALIDATED = 0x01
_CHECK_TEXT = b"storybank passphrase check"


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost: n = 2**log2_n, block size r, parallelism p (memory ~ 128 * n * r bytes)."""

    log2_n: int
    r: int
    p: int


# 2**17 with r = 8 takes 128 MiB and ~0.38 s on the 2-core machine the README's numbers
# come from: slow for a guesser, a moment once per run for the owner.
DEFAULT_KDF = KdfParams(17, 8, 1)
# What a header may ask for: enough for any sane future default, never enough to make a
# planted header exhaust memory (2**22 * 8 * 128 = 4 GiB is already the ceiling).
_LOG2_N_RANGE = range(10, 23)
_R_RANGE = range(1, 33)
_P_RANGE = range(1, 17)


class WrongPassphraseError(BankError):
    """The passphrase given does not open the bank (or the header's salt was changed)."""

    title = "Wrong passphrase"


class PassphraseNeededError(BankError):
    """The bank is encrypted and no passphrase could be had (no terminal, none given)."""

    title = "Passphrase needed"


def is_sealed(head: bytes) -> bool:
    """True when the first bytes of a file are those of an encrypted bank."""
    return head.startswith(MAGIC)


@dataclass(frozen=True)
class Header:
    """The header of an encrypted bank file, as read or to be written."""

    params: KdfParams
    salt: bytes
    check: bytes
    flags: int
    nonce: bytes

    def pack(self) -> bytes:
        """The header's bytes."""
        p = self.params
        return b"".join(
            (
                MAGIC,
                bytes((FORMAT, _SCRYPT, p.log2_n, p.r, p.p)),
                self.salt,
                self.check,
                bytes((self.flags,)),
                self.nonce,
            )
        )

    @property
    def validated(self) -> bool:
        """True when the writer vouched that every stored story is its validated form."""
        return bool(self.flags & FLAG_VALIDATED)


def read_header(path: Path, data: bytes) -> Header:
    """The header at the start of an encrypted bank file; BankError if it is not one we read."""
    if len(data) < len(MAGIC) + 1:
        raise BankError(path, "is an encrypted bank cut short (its header is incomplete)")
    at = len(MAGIC)
    version = data[at]
    if version != FORMAT:
        newer = version > FORMAT
        raise BankError(
            path,
            f"is encrypted in format {version}, which this storybank does not read"
            + (" (it was written by a newer storybank)" if newer else ""),
            ("Upgrade storybank to open it." if newer else "It is not a bank storybank wrote.")
            + " The file was not changed.",
        )
    if len(data) < HEADER_SIZE + TAG_SIZE:
        raise BankError(path, "is an encrypted bank cut short (it may be truncated)")
    kdf, log2_n, r, p = data[at + 1 : at + 5]
    if kdf != _SCRYPT or log2_n not in _LOG2_N_RANGE or r not in _R_RANGE or p not in _P_RANGE:
        raise BankError(path, "has an encryption header with key settings storybank does not use")
    at += 5
    salt = data[at : at + SALT_SIZE]
    at += SALT_SIZE
    check = data[at : at + CHECK_SIZE]
    at += CHECK_SIZE
    flags = data[at]
    nonce = data[at + 1 : at + 1 + NONCE_SIZE]
    return Header(KdfParams(log2_n, r, p), salt, check, flags, nonce)


def nonce_of(head: bytes) -> bytes | None:
    """The nonce in the first bytes of an encrypted bank file (it changes with every save)."""
    if not is_sealed(head) or len(head) < HEADER_SIZE:
        return None
    return head[HEADER_SIZE - NONCE_SIZE : HEADER_SIZE]


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """The AES-256 key for `passphrase` with this salt and cost (the slow step, once per run)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=1 << params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def key_check(key: bytes) -> bytes:
    """What the header stores to tell whether a key is the bank's one."""
    return hmac.new(key, _CHECK_TEXT, hashlib.sha256).digest()[:CHECK_SIZE]


@dataclass(frozen=True)
class Sealing:
    """How a bank is encrypted: its key and the header fields that stay from save to save."""

    key: bytes
    params: KdfParams
    salt: bytes

    @classmethod
    def new(cls, passphrase: str, params: KdfParams | None = None) -> Sealing:
        """A fresh sealing for `passphrase`: a random salt and the current default cost."""
        params = params or DEFAULT_KDF
        salt = os.urandom(SALT_SIZE)
        return cls(derive_key(passphrase, salt, params), params, salt)

    def seal(self, plain: bytes, *, validated: bool) -> bytes | bytearray:
        """The file's bytes for `plain`: a header with a new nonce, then the ciphertext."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = Header(
            self.params,
            self.salt,
            key_check(self.key),
            FLAG_VALIDATED if validated else 0,
            os.urandom(NONCE_SIZE),
        ).pack()
        cipher = AESGCM(self.key)
        if not hasattr(cipher, "encrypt_into"):  # cryptography before 45
            return header + cipher.encrypt(header[-NONCE_SIZE:], plain, header)
        # Straight into the file's buffer: a bank is tens of MB, and a copy costs a save ~10 ms.
        sealed = bytearray(HEADER_SIZE + len(plain) + TAG_SIZE)
        sealed[:HEADER_SIZE] = header
        with memoryview(sealed) as view:
            cipher.encrypt_into(header[-NONCE_SIZE:], plain, header, view[HEADER_SIZE:])
        return sealed

    def open(self, path: Path, data: bytes, header: Header) -> bytes:
        """The plain bytes of the encrypted file `data`; BankError if it fails authentication."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            with memoryview(data) as view:
                return AESGCM(self.key).decrypt(
                    header.nonce, view[HEADER_SIZE:], view[:HEADER_SIZE]
                )
        except InvalidTag:
            raise BankError(
                path,
                "failed its integrity check: the encrypted file was damaged or changed "
                "(it may be truncated)",
            ) from None


# A front end's way to get a passphrase: called with the bank's path and, after a wrong one,
# what was wrong; it returns the passphrase or raises (a BankError) to give up.
Asker = Callable[[Path, str | None], str]
WRONG = "That passphrase does not open the bank"


class Unlocker:
    """The run's passphrase and keys: asked for once, kept in memory only, shared by the bank,
    its backups and the app's workers."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._asker: Asker | None = None
        self._passphrases: list[str] = []
        self._keys: dict[tuple[bytes, KdfParams], bytes] = {}

    def use(self, asker: Asker | None) -> None:
        """Ask through `asker` from now on, forgetting what was known (a new run)."""
        with self._lock:
            self._asker = asker
            self._passphrases.clear()
            self._keys.clear()

    def remember(self, sealing: Sealing, passphrase: str) -> None:
        """Know a key just made (by `storybank encrypt`) without deriving it again."""
        with self._lock:
            self._keys[(sealing.salt, sealing.params)] = sealing.key
            if passphrase not in self._passphrases:
                self._passphrases.append(passphrase)

    def known_passphrase(self) -> str | None:
        """The passphrase that opened a bank in this run, if one did."""
        with self._lock:
            return self._passphrases[0] if self._passphrases else None

    def sealing_for(self, path: Path, header: Header, *, ask: bool = True) -> Sealing:
        """The sealing whose key opens a file with this header, asking for the passphrase (if
        `ask`) as the asker allows; WrongPassphraseError / PassphraseNeededError otherwise."""
        with self._lock:
            found = self._keys.get((header.salt, header.params))
            if found is None or not hmac.compare_digest(key_check(found), header.check):
                found = None
                for passphrase in self._passphrases:
                    found = self._try(passphrase, header)
                    if found is not None:
                        break
            problem: str | None = None
            while found is None:
                if not ask and self._passphrases:
                    raise WrongPassphraseError(path, "does not open with the passphrase given")
                if self._asker is None or not ask:
                    raise PassphraseNeededError(
                        path, "is encrypted", "Give its passphrase to open it."
                    )
                passphrase = self._asker(path, problem)
                found = self._try(passphrase, header)
                if found is None:
                    problem = WRONG
                elif passphrase not in self._passphrases:
                    self._passphrases.append(passphrase)
            self._keys[(header.salt, header.params)] = found
            return Sealing(found, header.params, header.salt)

    @staticmethod
    def _try(passphrase: str, header: Header) -> bytes | None:
        key = derive_key(passphrase, header.salt, header.params)
        return key if hmac.compare_digest(key_check(key), header.check) else None


# The one per process: every read of an encrypted file goes through it.
UNLOCKER = Unlocker()


def open_sealed(path: Path, data: bytes, *, ask: bool = True) -> tuple[bytes, Header, Sealing]:
    """Decrypt the encrypted bank file `data`: its plain bytes, its header and its sealing
    (asking for the passphrase if the run has none that opens it, and `ask`)."""
    header = read_header(path, data)
    sealing = UNLOCKER.sealing_for(path, header, ask=ask)
    return sealing.open(path, data, header), header, sealing
