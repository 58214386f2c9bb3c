"""Dates and times as people type them on a command line: `2026-12-03 14:00`, `tomorrow 9:30`,
`+3d`. A time without a zone is the machine's local time; every result carries a zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from storybank.core.errors import StorybankError

_RELATIVE_RE = re.compile(r"^\+?(\d{1,4})\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
EXAMPLES = "2026-12-03 14:00, 2026-12-03, tomorrow 9:30, +3d or +2h"


def parse_moment(text: str, now: datetime, *, what: str = "The date") -> datetime:
    """The moment `text` names, in local time when it gives no zone; StorybankError in one line
    when it cannot be read. A bare date means 09:00 that day; `+3d` counts from `now`."""
    given = text.strip()
    lowered = given.lower()
    relative = _RELATIVE_RE.match(lowered)
    if relative:
        count, unit = int(relative.group(1)), _UNITS[relative.group(2)]
        return now + timedelta(**{unit: count})
    word, _, rest = lowered.partition(" ")
    if word in _DAY_WORDS:
        day = now.astimezone().date() + timedelta(days=_DAY_WORDS[word])
        clock = _clock(rest, given, what) if rest else time(9, 0)
        return datetime.combine(day, clock).astimezone()
    try:
        if len(given) == 10:
            return datetime.combine(date.fromisoformat(given), time(9, 0)).astimezone()
        moment = datetime.fromisoformat(given)
    except ValueError:
        raise StorybankError(
            f"{what} “{given}” is not one I can read; write it like {EXAMPLES}"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def _clock(text: str, given: str, what: str) -> time:
    try:
        hours, _, minutes = text.strip().partition(":")
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise StorybankError(
            f"{what} “{given}” is not one I can read; write it like {EXAMPLES}"
        ) from None
