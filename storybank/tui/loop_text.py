"""How the app writes the loop's dates, people and answers in a form, and reads them back."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from storybank.core.errors import FieldProblem, LoopValidationError, StorybankError
from storybank.core.loop import AskAnswer, Interviewer, PickedAsk
from storybank.core.models import utc_now
from storybank.core.moments import parse_moment

WHEN_FORMAT = "%Y-%m-%d %H:%M"
WHEN_HINT = "2026-12-03 14:00, or tomorrow 9:30"
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def local(moment: datetime) -> datetime:
    """`moment` in this computer's time zone, as people read a calendar."""
    return moment.astimezone()


def when_text(moment: datetime | None) -> str:
    """`2026-12-02 14:30` in local time ('' for None)."""
    return "" if moment is None else local(moment).strftime(WHEN_FORMAT)


def day_text(moment: datetime | None) -> str:
    """`2026-12-02` in local time ('' for None)."""
    return "" if moment is None else local(moment).strftime("%Y-%m-%d")


def parse_when(text: str, field: str, *, day: datetime | None = None) -> datetime | None:
    """A date and time as the command line reads them (`2026-12-02 14:30`, `tomorrow 9:30`;
    local time), or with `day` a time alone on that day; None when empty. A time that cannot
    be read is a LoopValidationError on `field`, so the form marks it."""
    if not text.strip():
        return None
    if day is not None and (clock := _TIME_RE.match(text)):
        hour, minute = int(clock[1]), int(clock[2])
        if hour < 24 and minute < 60:
            return local(day).replace(hour=hour, minute=minute, second=0, microsecond=0)
    try:
        return parse_moment(text, utc_now(), what=field.capitalize())
    except StorybankError as error:
        raise LoopValidationError([FieldProblem(field, error.message)]) from None


def interviewers_text(people: list[Interviewer]) -> str:
    """One interviewer a line: `Jane Doe, Engineering manager`."""
    return "\n".join(f"{p.name}, {p.role}" if p.role else p.name for p in people)


def parse_interviewers(text: str) -> list[dict[str, str]]:
    """`name, role` lines as interviewer data (a line without a comma is a name alone)."""
    people: list[dict[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, role = line.partition(",")
        people.append({"name": name.strip(), "role": role.strip()})
    return people


def asks_text(asked: list[AskAnswer], picked: list[PickedAsk]) -> str:
    """The questions the user asked (or picked to ask) with their answers, for one text box:
    `Q: question` then `A: answer` lines."""
    blocks: list[str] = []
    seen: set[str] = set()
    for item in asked:
        blocks.append(f"Q: {item.question}\nA: {item.answer}".rstrip())
        seen.add(item.question)
    for pick in picked:
        if pick.text not in seen:
            blocks.append(f"Q: {pick.text}\nA:")
    return "\n\n".join(blocks)


def parse_asks(text: str, picked: list[PickedAsk]) -> list[dict[str, str]]:
    """`Q:`/`A:` blocks as the questions asked and their answers. A picked question left
    without an answer was not asked, so it is left out; lines after `A:` join its answer."""
    ids = {pick.text: pick.ask_id for pick in picked}
    items: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    answer: list[str] = []

    def close() -> None:
        if current is not None:
            current["answer"] = "\n".join(answer).strip()
            picked_only = current["question"] in ids and not current["answer"]
            if not picked_only:
                items.append(current)

    for line in text.splitlines():
        stripped = line.strip()
        if stripped[:2].upper() == "Q:":
            close()
            question = stripped[2:].strip()
            current = {"question": question, "answer": "", "ask_id": ids.get(question, "")}
            answer = []
        elif stripped[:2].upper() == "A:" and current is not None:
            answer.append(stripped[2:].strip())
        elif current is not None and (stripped or answer):
            answer.append(line.rstrip())
    close()
    return items


def snooze_until(now: datetime, days: int = 1) -> datetime:
    """When a follow-up snoozed now comes back: `days` later."""
    return now + timedelta(days=days)
