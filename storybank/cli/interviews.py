"""The `interview` commands: plan an interview, log what was asked and told, draft the thanks.

Imported by storybank.cli.entry only when `interview` runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storybank.cli import common
from storybank.cli.common import db_option, echo_err, echo_json, format_option, open_bank
from storybank.cli.loop_render import interview_page, json_with
from storybank.core.errors import StorybankError
from storybank.core.loop import Interview, Outcome, revise_record, validate_record
from storybank.core.models import utc_now
from storybank.core.moments import parse_moment
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import local_minute
from storybank.core.vocab import counted
from storybank.readiness.toldto import Telling, places, tellings, told_to_company

if TYPE_CHECKING:
    from storybank.store.bank import Bank

_PERSON_RE = re.compile(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?\s*$")
_QUESTION_ID_RE = re.compile(r"^[QU]\d+$", re.IGNORECASE)
_ASK_ID_RE = re.compile(r"^(?:K\d{2,3}|k-[0-9a-f]{4,12})$")


def _person(text: str) -> dict[str, str]:
    """`Dana Ortiz (Engineering manager)` as a name and a role."""
    match = _PERSON_RE.match(text)
    if match is None:
        raise click.BadParameter(
            f"“{one_line(text)}” is not NAME or NAME (ROLE)", param_hint="--with"
        )
    return {"name": match["name"], "role": (match["role"] or "").strip()}


def _told_by_company(bank: Bank) -> list[Telling]:
    return tellings(bank.interviews(), {a.id: a for a in bank.applications()})


def _when_options(func: Any) -> Any:
    options = [
        click.option("--start", metavar="WHEN", help="When it starts: 2026-12-03 14:00, +2d…"),
        click.option("--end", metavar="WHEN", help="When it ends."),
        click.option("--minutes", type=click.IntRange(1, 24 * 60), help="How long (or --end)."),
        click.option("--round", "round_", help="recruiter screen, hiring manager, technical…"),
        click.option("--type", "format_", help="Its format: phone, video, onsite, take-home…"),
        click.option("--location", help="An address or a meeting link."),
        click.option(
            "--with",
            "people",
            multiple=True,
            help="An interviewer: NAME or NAME (ROLE). Repeatable.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _when_data(
    start: str | None, end: str | None, minutes: int | None, base: Interview | None
) -> dict[str, Any]:
    now = utc_now()
    data: dict[str, Any] = {}
    begins = parse_moment(start, now, what="The start") if start else None
    if begins is not None:
        data["start"] = begins
    anchor = begins or (base.start if base else None)
    if end:
        data["end"] = parse_moment(end, now, what="The end")
    elif minutes is not None and anchor is not None:
        data["end"] = anchor + timedelta(minutes=minutes)
    elif begins is not None and base is not None and base.end is not None:
        data["end"] = begins + (base.end - base.start)  # moved, it keeps its length
    return data


@click.group(name="interview")
def interview_group() -> None:
    """Interviews of an application: plan them, then log what was asked and told."""


@interview_group.command(name="add")
@db_option
@click.argument("job_id")
@_when_options
@click.option("--no-thank-you", is_flag=True, help="Do not add a thank-you follow-up.")
@format_option
@click.pass_context
def interview_add(
    ctx: click.Context,
    /,
    job_id: str,
    start: str | None,
    end: str | None,
    minutes: int | None,
    round_: str | None,
    format_: str | None,
    location: str | None,
    people: tuple[str, ...],
    no_thank_you: bool,
    fmt: str,
) -> None:
    """Plan an interview of an application (a past date logs one after the fact)."""
    if not start:
        raise click.UsageError("Give --start WHEN (e.g. --start '2026-12-03 14:00').")
    bank = open_bank(ctx)
    app = bank.application(job_id)
    data: dict[str, Any] = {
        "application_id": app.id,
        "round": round_ or "",
        "format": format_ or "",
        "location": location or "",
        "interviewers": [_person(p) for p in people],
        **_when_data(start, end, minutes if minutes is not None else 60, None),
    }
    interview = bank.add_interview(validate_record(Interview, data), thank_you=not no_thank_you)
    if fmt == "json":
        echo_json(interview.to_json_dict())
        return
    click.echo(
        f"Saved {interview.id}: {one_line(app.company)} "
        f"{one_line(interview.round or 'interview')} at {local_minute(interview.start)}"
    )
    if not no_thank_you:
        click.echo(f"Thank-you due by {local_minute(interview.finish + timedelta(hours=24))}")


@interview_group.command(name="edit")
@db_option
@click.argument("interview_id")
@_when_options
@format_option
@click.pass_context
def interview_edit(
    ctx: click.Context,
    /,
    interview_id: str,
    start: str | None,
    end: str | None,
    minutes: int | None,
    round_: str | None,
    format_: str | None,
    location: str | None,
    people: tuple[str, ...],
    fmt: str,
) -> None:
    """Change an interview's time, round, format, place or interviewers."""
    given = [start, end, minutes, round_, format_, location]
    if all(v is None for v in given) and not people:
        raise click.UsageError("Give the fields to change (see --help).")
    bank = open_bank(ctx)
    read = bank.interview(interview_id)

    def change(current: Interview) -> Interview:
        data = _when_data(start, end, minutes, current)
        for name, value in (("round", round_), ("format", format_), ("location", location)):
            if value is not None:
                data[name] = value
        if people:
            data["interviewers"] = [_person(p) for p in people]
        return revise_record(current, **data)

    saved = bank.change_interview(read.id, change)
    if fmt == "json":
        echo_json(saved.to_json_dict())
        return
    click.echo(f"Saved {saved.id} at {local_minute(saved.start)}")


@interview_group.command(name="log")
@db_option
@click.argument("interview_id")
@click.option(
    "--told",
    nargs=2,
    multiple=True,
    metavar="STORY QUESTION",
    help="A story you told and the question it answered (a question id like Q12 works). "
    "Repeatable.",
)
@click.option("--asked", multiple=True, metavar="QUESTION", help="A question asked, no story.")
@click.option(
    "--ask-answer",
    "ask_answers",
    nargs=2,
    multiple=True,
    metavar="QUESTION ANSWER",
    help="A question you asked them (or its id, K07) and what they answered. Repeatable.",
)
@click.option("--rating", type=click.IntRange(1, 5), help="How it went, 1–5.")
@click.option("--notes", help="Your notes (added to any already there).")
@click.option("--outcome", type=click.Choice([o.value for o in Outcome]))
@click.option("--again", is_flag=True, help="Tell a story this company has heard before.")
@format_option
@click.pass_context
def interview_log(
    ctx: click.Context,
    interview_id: str,
    told: tuple[tuple[str, str], ...],
    asked: tuple[str, ...],
    ask_answers: tuple[tuple[str, str], ...],
    rating: int | None,
    notes: str | None,
    outcome: str | None,
    again: bool,
    fmt: str,
) -> None:
    """Log what happened: questions asked, stories told, your questions, rating, outcome."""
    if not (told or asked or ask_answers or notes) and rating is None and outcome is None:
        raise click.UsageError("Give what to log (see --help).")
    bank = open_bank(ctx)
    interview = bank.interview(interview_id)
    app = bank.application(interview.application_id)
    questions = _question_texts(bank) if told or asked else {}
    told_items = [
        {**_question(q, questions), "story_id": (s := bank.get(sid)).id, "story_title": s.title}
        for sid, q in told
    ]
    earlier = told_to_company(_told_by_company(bank), app.company, except_interview=interview.id)
    repeats = [t for t in told_items if t["story_id"] in earlier]
    if repeats and not again:
        first = repeats[0]
        where = places(earlier[first["story_id"]])
        raise StorybankError(
            f"“{one_line(first['story_title'])}” was already told to {one_line(app.company)} "
            f"({where}); add --again to tell it there twice, or pick another story."
        )
    asks = _ask_texts(bank) if ask_answers else {}
    asked_items = [_question(q, questions) for q in asked]
    ask_items = [{**_ask(q, asks), "answer": a} for q, a in ask_answers]

    def change(current: Interview) -> Interview:
        data: dict[str, Any] = {
            "asked": [*current.model_dump()["asked"], *told_items, *asked_items],
            "asks_asked": [*current.model_dump()["asks_asked"], *ask_items],
        }
        if rating is not None:
            data["rating"] = rating
        if outcome is not None:
            data["outcome"] = outcome
        if notes:
            data["notes"] = f"{current.notes}\n{notes}".strip()
        return revise_record(current, **data)

    saved = bank.change_interview(interview.id, change)
    if fmt == "json":
        echo_json(saved.to_json_dict())
        return
    count = len(told_items) + len(asked_items) + len(ask_items)
    click.echo(
        f"Logged {counted(count, 'question', 'questions')} on {saved.id} ({one_line(app.company)})"
    )
    for item in repeats:
        echo_err(f"warning: “{one_line(item['story_title'])}” was told to {app.company} before")


def _question_texts(bank: Bank) -> dict[str, tuple[str, str]]:
    from storybank.readiness.questions import all_questions
    from storybank.store.settings import load_settings

    return {q.id: (q.id, q.text) for q in all_questions(load_settings(bank))}


def _question(text: str, known: dict[str, tuple[str, str]]) -> dict[str, str]:
    """A question asked, by its text or a bank question's id."""
    if _QUESTION_ID_RE.match(text.strip()):
        found = known.get(text.strip().upper())
        if found is None:
            raise StorybankError(
                f"No question has the id “{one_line(text)}”. `storybank questions` lists them"
            )
        return {"question_id": found[0], "question": found[1]}
    return {"question": text}


def _ask_texts(bank: Bank) -> dict[str, str]:
    from storybank.readiness.asks import all_asks

    return {a.id: a.text for a in all_asks(bank.own_asks())}


def _ask(text: str, known: dict[str, str]) -> dict[str, str]:
    """A question the user asked, by its text or the id of a question to ask."""
    given = text.strip()
    key = given.upper() if given[:1] in "kK" and given[1:2].isdigit() else given
    if _ASK_ID_RE.match(key):
        if key not in known:
            raise StorybankError(
                f"No question to ask has the id “{one_line(text)}”. `storybank ask list` shows ids"
            )
        return {"ask_id": key, "question": known[key]}
    return {"question": text}


@interview_group.command(name="show")
@db_option
@click.argument("interview_id")
@format_option
@click.pass_context
def interview_show(ctx: click.Context, interview_id: str, fmt: str) -> None:
    """One interview in full, with the stories told and where else they were told."""
    bank = open_bank(ctx)
    interview = bank.interview(interview_id)
    app = bank.application(interview.application_id)
    if fmt == "json":
        echo_json(json_with(interview, company=app.company))
        return
    earlier = told_to_company(_told_by_company(bank), app.company, except_interview=interview.id)
    click.echo(interview_page(interview, app, earlier))


@interview_group.command(name="delete")
@db_option
@click.argument("interview_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@click.pass_context
def interview_delete(ctx: click.Context, interview_id: str, yes: bool) -> None:
    """Delete an interview and its pending thank-you (a backup is kept)."""
    bank = open_bank(ctx)
    interview = bank.interview(interview_id)
    if not yes:
        if not common.is_interactive():
            raise click.UsageError("Not in a terminal, so I cannot ask: add --yes to delete.")
        if not click.confirm(f"Delete the interview {interview.id}?", default=False):
            echo_err("Kept it: nothing was deleted.")
            ctx.exit(1)
    bank.delete_interview(interview.id, expected=interview)
    click.echo(f"Deleted {interview.id}")


@interview_group.command(name="thanks")
@db_option
@click.argument("interview_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--edit", "in_editor", is_flag=True, help="Open the draft in $EDITOR.")
@click.pass_context
def interview_thanks(
    ctx: click.Context, interview_id: str, output: Path | None, in_editor: bool
) -> None:
    """Draft a thank-you note from the interview's record (names, topics), as plain text."""
    from storybank.core.drafts import thank_you_draft

    bank = open_bank(ctx)
    interview = bank.interview(interview_id)
    text = thank_you_draft(interview, bank.application(interview.application_id))
    if in_editor:
        if not common.is_interactive():
            raise click.UsageError("Not in a terminal, so no editor can open: leave out --edit.")
        text = _edit_draft(text, bank.encrypted)
    if output is not None:
        from storybank.store.outputs import write_output

        write_output(output, text.encode(), bank=bank.path)
        echo_err(f"Wrote the draft to {output}")
        _warn_plain(output, bank.encrypted)
        return
    if not in_editor:
        # Exact when piped (into a mail program, say); on a terminal nothing in it may act.
        shown = for_terminal(text) if sys.stdout.isatty() else text
        click.echo(shown, nl=False, color=True)


def _edit_draft(text: str, encrypted: bool = False) -> str:
    """`text` after the user edited it in $EDITOR; the draft file stays (owner-only) so the
    note is never lost, and one line says where."""
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix="storybank-thanks-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    click.edit(filename=name)
    edited = Path(name).read_text(encoding="utf-8")
    echo_err(f"Your note is in {name}")
    _warn_plain(Path(name), encrypted)
    return edited


def _warn_plain(path: Path, encrypted: bool) -> None:
    """Out of an encrypted bank, say that `path` holds the draft in plain text."""
    if encrypted:
        from storybank.store.outputs import plain_copy_note

        echo_err(f"warning: {plain_copy_note(path, 'the thank-you draft')}")
