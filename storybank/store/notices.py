"""What to tell people once when a bank opens: an upgrade, a failed upgrade, a readable file."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from storybank.core.vocab import SCHEMA_VERSION
from storybank.store.atomicfile import readable_by_others

if TYPE_CHECKING:
    from pathlib import Path

    from storybank.store.bank import Bank


class NoticeKind(Enum):
    """Which of the open-time notices this is (front ends pick a title and a severity)."""

    UPGRADED = "upgraded"
    NOT_UPGRADED = "not-upgraded"
    EXPOSED = "exposed"


@dataclass(frozen=True)
class BankNotice:
    """One message about the opened bank, written for people, in one line."""

    kind: NoticeKind
    message: str

    @property
    def is_warning(self) -> bool:
        """True when the user should act (the CLI prefixes these with "warning:")."""
        return self.kind is NoticeKind.EXPOSED


def open_notices(bank: Bank) -> list[BankNotice]:
    """What the CLI and the app say once after opening `bank`, in the order to say it."""
    notices: list[BankNotice] = []
    if bank.migrated_from is not None:
        kept = f"; a backup was kept: {bank.last_backup.path}" if bank.last_backup else ""
        notices.append(
            BankNotice(
                NoticeKind.UPGRADED,
                f"Upgraded {bank.path.name} from schema {bank.migrated_from} to "
                f"{SCHEMA_VERSION}{kept}",
            )
        )
    if bank.upgrade_error is not None:
        notices.append(
            BankNotice(
                NoticeKind.NOT_UPGRADED,
                f"Could not upgrade {bank.path.name} to schema {SCHEMA_VERSION}, so it was read "
                f"as it is: {bank.upgrade_error}",
            )
        )
    exposed = exposure_notice(bank.path)
    if exposed is not None:
        notices.append(exposed)
    return notices


def exposure_notice(path: Path) -> BankNotice | None:
    """The warning for a bank file that other users can read, if this one can be."""
    if not readable_by_others(path):
        return None
    return BankNotice(
        NoticeKind.EXPOSED,
        f"{path} can be read by other users; fix it with: chmod 600 {shlex.quote(str(path))}",
    )
