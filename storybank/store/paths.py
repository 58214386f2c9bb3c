"""Where banks live: the platform's user data folder, unless --db or STORYBANK_DB says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from storybank.core.errors import BankError
from storybank.store.ownership import current_uid, shared_folder

ENV_DB = "STORYBANK_DB"
# As the system does: a longer chain of symlinks is a loop.
_MAX_LINKS = 40


def default_bank_path() -> Path:
    """The bank used when none is named: $STORYBANK_DB, else the user data folder's bank.json."""
    override = os.environ.get(ENV_DB)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path  # only when no bank is named: it takes a while

    return user_data_path("storybank", appauthor=False) / "bank.json"


def resolve_bank_path(db: str | os.PathLike[str] | None) -> Path:
    """The bank a command should use: the --db value if given, else the default."""
    if db:
        return Path(db).expanduser()
    return default_bank_path()


def follow_link(path: Path) -> Path:
    """The file a symlinked bank points at (writes go there, so the link keeps working).

    A link another user made in a shared folder, and a link to nothing, raise BankError: the
    first could aim storybank at any file of yours, and the second would make it create folders
    and a bank wherever the link says.
    """
    if not path.is_symlink():
        return path
    try:
        link = path
        for _ in range(_MAX_LINKS):
            _check_link_maker(path, link)
            target = Path(os.readlink(link))
            link = target if target.is_absolute() else link.parent / target
            if not link.is_symlink():
                break
        else:
            raise BankError(path, "is a symlink in a loop of symlinks")
        resolved = Path(os.path.realpath(path))
        exists = resolved.exists()
    except OSError as error:
        raise BankError(path, f"is a symlink that cannot be followed ({error.strerror})") from None
    if not exists:
        raise BankError(
            path,
            f"is a symlink to {resolved}, which does not exist",
            "Point the link at your bank, or remove it to start a new bank there. "
            "Nothing was changed.",
        )
    return resolved


def _check_link_maker(path: Path, link: Path) -> None:
    """Refuse `link` (a step on the way from `path`) when another user made it in a folder all
    users may write to, as Linux's fs.protected_symlinks does for links in such folders."""
    uid = current_uid()
    if uid is None:
        return
    folder = os.stat(link.parent)
    if not shared_folder(folder):
        return
    if os.lstat(link).st_uid not in (uid, folder.st_uid):
        raise BankError(
            path,
            f"is a symlink that another user made in the shared folder {link.parent}, "
            "so it is not followed",
            "Give the path of the bank itself with --db. Nothing was changed.",
        )
