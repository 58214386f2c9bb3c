"""Plain-text views of the interview loop's records for the CLI: terminal-safe, no markup."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from storybank.cli.render import clip, table
from storybank.core.followups import DueItem, NextStep
from storybank.core.loop import RESEARCH_PARTS, Application, FollowUp, Interview
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import local_minute
from storybank.readiness.toldto import Telling, places

JOB_HEADERS = ("ID", "STATUS", "COMPANY", "ROLE", "NEXT", "SINCE")
DUE_HEADERS = ("ID", "DUE", "KIND", "WHAT", "JOB")


def _day(moment: datetime) -> str:
    return local_minute(moment)[:10]


def job_rows(applications: Sequence[Application], steps: Mapping[str, NextStep]) -> list[list[str]]:
    """Rows of `job list`: id, status, company, role, next step, when the status was taken."""
    rows = []
    for app in applications:
        step = steps.get(app.id)
        upcoming = f"{local_minute(step.when)} {step.what}" if step else "—"
        rows.append(
            [app.id, app.status.value, app.company, app.role, upcoming, _day(app.status_since)]
        )
    return rows


def due_rows(items: Sequence[DueItem], companies: Mapping[str, str]) -> list[list[str]]:
    """Rows of `due`: id, when (and overdue), kind, title, company."""
    return [
        [
            item.followup.id,
            local_minute(item.when) + (" overdue" if item.overdue else ""),
            item.followup.kind.value
            + (" (snoozed)" if item.followup.state.value == "snoozed" else ""),
            item.followup.title,
            companies.get(item.followup.application_id, ""),
        ]
        for item in items
    ]


def interview_line(interview: Interview) -> str:
    """`i-… 2026-12-03 14:00 technical (video) with Dana Ortiz`."""
    parts = [interview.id, local_minute(interview.start), interview.round or "interview"]
    if interview.format:
        parts.append(f"({interview.format})")
    if interview.interviewers:
        parts.append("with " + ", ".join(p.name for p in interview.interviewers))
    if interview.logged:
        parts.append(f"[logged, {interview.outcome.value}]")
    return one_line(" ".join(parts))


def followup_line(followup: FollowUp) -> str:
    """`f-… thank-you due 2026-12-04 15:00 (open): Thank-you to …`."""
    return one_line(
        f"{followup.id} {followup.kind.value} due {local_minute(followup.when)} "
        f"({followup.state.value}): {followup.title}"
    )


def job_page(
    app: Application,
    interviews: Sequence[Interview],
    followups: Sequence[FollowUp],
    columns: int,
) -> str:
    """One application in full: status history, research, pick list, interviews, follow-ups."""
    lines = [one_line(app.label()), ""]
    lines.append(f"Id:       {app.id}")
    lines.append(f"Status:   {app.status.value} since {local_minute(app.status_since)}")
    if app.link:
        lines.append(f"Link:     {one_line(app.link)}")
    if app.source:
        lines.append(f"Source:   {one_line(app.source)}")
    lines.append(
        "History:  " + " → ".join(f"{step.status.value} {_day(step.at)}" for step in app.history)
    )
    lines.append(f"Job ad:   {len(app.job_ad.split())} words" if app.job_ad else "Job ad:   —")
    if app.notes:
        lines += ["", "NOTES", for_terminal(app.notes)]
    if not app.research.is_empty():
        lines += ["", "RESEARCH"]
        for part in RESEARCH_PARTS:
            text = getattr(app.research, part)
            if text:
                lines.append(f"{part.capitalize()}: {for_terminal(text)}")
    lines += ["", "QUESTIONS TO ASK"]
    lines += [clip(one_line(f"{p.ask_id}  {p.text}"), columns) for p in app.asks] or [
        "— (pick some with `storybank ask pick JOB K01 K12`)"
    ]
    lines += ["", "INTERVIEWS"]
    lines += [clip(interview_line(i), columns) for i in interviews] or ["—"]
    lines += ["", "FOLLOW-UPS"]
    lines += [clip(followup_line(f), columns) for f in followups] or ["—"]
    return "\n".join(lines)


def interview_page(
    interview: Interview, app: Application, earlier: Mapping[str, Sequence[Telling]]
) -> str:
    """One interview in full; a story told before to the same company says where."""
    lines = [one_line(f"{app.label()} — {interview.round or 'interview'}"), ""]
    lines.append(f"Id:        {interview.id} (job {app.id})")
    when = local_minute(interview.start)
    if interview.end is not None:
        when += f" to {local_minute(interview.end)[11:]}"
    lines.append(f"When:      {when}")
    if interview.format:
        lines.append(f"Format:    {one_line(interview.format)}")
    if interview.location:
        lines.append(f"Where:     {one_line(interview.location)}")
    people = ", ".join(p.label() for p in interview.interviewers)
    lines.append(f"With:      {one_line(people) or '—'}")
    rating = f"{interview.rating}/5" if interview.rating else "—"
    lines.append(f"Rating:    {rating}   Outcome: {interview.outcome.value}")
    if interview.asked:
        lines += ["", "QUESTIONS ASKED"]
        for asked in interview.asked:
            lines.append(one_line(f"- {asked.question}"))
            if asked.story_id:
                told = earlier.get(asked.story_id, ())
                repeat = f" (also told {_told_list(told)})" if told else ""
                lines.append(one_line(f"  told: {asked.story_id} “{asked.story_title}”{repeat}"))
    if interview.asks_asked:
        lines += ["", "QUESTIONS I ASKED"]
        for ask in interview.asks_asked:
            lines.append(one_line(f"- {ask.question}"))
            if ask.answer:
                lines.append("  " + for_terminal(ask.answer).replace("\n", "\n  "))
    if interview.notes:
        lines += ["", "NOTES", for_terminal(interview.notes)]
    return "\n".join(lines)


def _told_list(told: Sequence[Telling]) -> str:
    return places(told, with_company=True)


def told_lines(told: Sequence[Telling]) -> list[str]:
    """A story's told-to log, for `show`: one line per telling."""
    return [one_line(f"  {t.label()}: “{t.question}”") for t in told]


def jobs_table(rows: list[list[str]], columns: int) -> str:
    """The `job list` table, the company and role taking what room is left."""
    return table(JOB_HEADERS, rows, columns, flex=3, caps={2: max(12, columns // 5)})


def due_table(rows: list[list[str]], columns: int) -> str:
    """The `due` table."""
    return table(DUE_HEADERS, rows, columns, flex=3, caps={4: max(10, columns // 6)})


def json_with(record: Any, **extra: Any) -> dict[str, Any]:
    """A record's stored form with extra keys (computed ones, for scripts)."""
    data: dict[str, Any] = record.to_json_dict()
    data.update(extra)
    return data
