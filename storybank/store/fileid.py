"""What tells one version of a file from another: its inode, size and change time."""

from __future__ import annotations

import os
from pathlib import Path

Signature = tuple[int, int, int]


def signature_of(st: os.stat_result) -> Signature:
    """The signature of a file from its stat."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def file_signature(path: Path) -> Signature | None:
    """What changes whenever the file is replaced or rewritten; None when there is no file."""
    try:
        return signature_of(os.stat(path))
    except FileNotFoundError:
        return None
