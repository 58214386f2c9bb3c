"""Whether a file or folder beside the bank can be trusted: made by us, changeable by us alone.

Another local user can plant a symlink, a folder or a file in a folder they may write to (a
shared, world-writable one such as /tmp). Such a thing is never followed, read or written.
"""

from __future__ import annotations

import os
import stat


def current_uid() -> int | None:
    """The effective user id, or None where the system has no such thing (Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return None if geteuid is None else int(geteuid())


def distrust(st: os.stat_result, *, kind: str) -> str | None:
    """Why a file (`kind` "file") or folder ("folder") with this lstat is not to be trusted:
    not of that kind, owned by another user, or writable by others; None when it is ours."""
    uid = current_uid()
    if uid is None:
        return None  # file modes and owners mean little there
    wanted = stat.S_ISDIR if kind == "folder" else stat.S_ISREG
    if not wanted(st.st_mode):
        return "a symlink" if stat.S_ISLNK(st.st_mode) else f"not a {kind}"
    if st.st_uid != uid:
        return "owned by another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable by other users"
    return None


def shared_folder(st: os.stat_result) -> bool:
    """True for a folder every user may add files to (such as /tmp)."""
    return bool(st.st_mode & stat.S_IWOTH)
