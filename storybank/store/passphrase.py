"""Where a bank's passphrase may come from besides a person typing it: a file, the
environment, or the system keyring (only when the user asked to keep it there)."""

from __future__ import annotations

import os
from pathlib import Path

from storybank.core.errors import StorybankError, describe_os_error

ENV_PASSPHRASE = "STORYBANK_PASSPHRASE"
KEYRING_SERVICE = "storybank"
# Longer than any passphrase a person types; a bigger "passphrase file" is the wrong file.
_MAX_FILE = 64 * 1024


class PassphraseSourceError(StorybankError):
    """A passphrase source the user named cannot be used."""

    title = "Passphrase"


class KeyringUnavailableError(StorybankError):
    """The system keyring cannot be used here (no keyring package or no working backend)."""

    title = "No system keyring"


def check_passphrase(passphrase: str, source: str) -> str:
    """`passphrase` if it can be used; PassphraseSourceError (never quoting it) if not."""
    if not passphrase:
        raise PassphraseSourceError(f"The passphrase from {source} is empty.")
    return passphrase


def from_file(path: Path) -> str:
    """The passphrase in the first line of `path` (its line ending is not part of it)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_FILE + 1)
    except OSError as error:
        raise PassphraseSourceError(
            f"Cannot read the passphrase file {path}: {describe_os_error(error)}."
        ) from None
    if len(data) > _MAX_FILE:
        raise PassphraseSourceError(f"{path} is too big to be a passphrase file.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PassphraseSourceError(f"The passphrase file {path} is not UTF-8 text.") from None
    return check_passphrase(text.split("\n", 1)[0].removesuffix("\r"), f"the file {path}")


def from_env() -> str | None:
    """The passphrase in $STORYBANK_PASSPHRASE, or None when it is not set."""
    value = os.environ.get(ENV_PASSPHRASE)
    return None if value is None else check_passphrase(value, f"${ENV_PASSPHRASE}")


def _account(bank: Path) -> str:
    """The keyring entry's name for a bank: its full path (one entry per bank file)."""
    return str(bank.expanduser().resolve())


def _keyring_problem(error: BaseException) -> str:
    """One line for what went wrong in the keyring, without a traceback."""
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"The system keyring cannot be used here ({detail[:160]})"


def keyring_get(bank: Path) -> str | None:
    """The passphrase kept for `bank` in the system keyring; None when there is none, or no
    keyring works here (it was then never kept, so there is nothing to say)."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, _account(bank))
    except Exception:  # any backend's failure means "not available"
        return None
    return value or None


def keyring_set(bank: Path, passphrase: str) -> None:
    """Keep `passphrase` for `bank` in the system keyring; KeyringUnavailableError if it fails."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, _account(bank), passphrase)
    except ImportError:
        raise KeyringUnavailableError(
            "The system keyring cannot be used: the keyring package is not installed"
        ) from None
    except Exception as error:  # backends raise their own kinds (D-Bus, locked keychain...)
        raise KeyringUnavailableError(_keyring_problem(error)) from None


def keyring_delete(bank: Path) -> bool:
    """Remove the passphrase kept for `bank`; False when none was kept."""
    try:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(KEYRING_SERVICE, _account(bank))
        except PasswordDeleteError:
            return False
    except ImportError:
        raise KeyringUnavailableError(
            "The system keyring cannot be used: the keyring package is not installed"
        ) from None
    except Exception as error:
        raise KeyringUnavailableError(_keyring_problem(error)) from None
    return True
