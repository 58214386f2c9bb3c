"""Files the user asks for by name (an export, a prep sheet): never the bank or its companions."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from storybank.core.errors import StorybankError, describe_os_error
from storybank.store.atomicfile import is_temp_of, write_atomic

# What lives beside a bank `<name>`: `<name>.lock`, `<name>.index`, `<name>.backups/` and the
# temp files of each while a save is under way.
_COMPANIONS = {".lock": "lock file", ".index": "quick index", ".backups": "backups folder"}


def plain_copy_note(target: Path, what: str = "the stories") -> str:
    """What to tell someone who wrote `what` out of an encrypted bank into `target`."""
    return (
        f"{target} holds {what} in plain text (readable by you alone), outside the "
        "encrypted bank: delete it when you are done with it"
    )


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def bank_part(target: Path, bank: Path) -> str | None:
    """What `target` is of the bank at `bank` ("the bank itself", "its lock file"…), or None.

    Links are resolved and hard links are recognized, so no name for the bank's files is
    missed; the files need not exist yet.
    """
    real_bank = Path(os.path.realpath(bank))
    real = Path(os.path.realpath(target))
    if real == real_bank:
        return "the bank itself"
    target_stat, bank_stat = _stat(real), _stat(real_bank)
    if target_stat is not None and bank_stat is not None and _same_file(target_stat, bank_stat):
        return "the bank itself (a hard link to it)"
    for folder in (real, *real.parents):
        if folder.parent != real_bank.parent:
            continue
        for suffix, what in _COMPANIONS.items():
            companion = real_bank.with_name(real_bank.name + suffix)
            if folder.name == companion.name or is_temp_of(companion, folder.name):
                return f"the bank's {what}"
        if is_temp_of(real_bank, folder.name):
            return "a temporary file of the bank's saves"
    return None


def write_output(target: Path, data: bytes, *, bank: Path) -> None:
    """Write `data` to the file the user named, or raise StorybankError in one line.

    A regular file (or a new one) is replaced atomically and made owner-only; a device, a
    FIFO or a socket (`/dev/stdout`, a pipe from the shell) is written in place, since
    replacing it would put a plain file where the node was.
    """
    part = bank_part(target, bank)
    if part is not None:
        raise StorybankError(
            f"{target} is {part}; writing there would replace your stories. "
            "Choose another file. Nothing was written."
        )
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise StorybankError(f"Could not write {target}: {describe_os_error(error)}") from None
    try:
        if mode is not None and stat.S_ISDIR(mode):
            raise StorybankError(
                f"{target} is a folder; name a file to write. Nothing was written."
            )
        if mode is not None and not stat.S_ISREG(mode):
            _write_in_place(target, data)
            return
        write_atomic(target, data)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise StorybankError(
                f"{target} is a pipe that no program is reading from. Nothing was written."
            ) from None
        raise StorybankError(f"Could not write {target}: {describe_os_error(error)}") from None


def _write_in_place(target: Path, data: bytes) -> None:
    """Write into a device, FIFO or socket as it is.

    Opened without blocking, so a FIFO nobody reads is refused at once (ENXIO) instead of
    hanging the command, or the app's store worker and every save queued behind it.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # none on Windows, where FIFOs are not files
    fd = os.open(target, os.O_WRONLY | nonblocking)
    try:
        if nonblocking:
            os.set_blocking(fd, True)  # the data is written in full, however long it takes
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
