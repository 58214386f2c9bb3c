"""Where banks live: the platform's user data folder, unless --db or STORYBANK_DB says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "STORYBANK_DB"


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
    """The file a symlinked bank points at (writes go there, so the link keeps working)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path
