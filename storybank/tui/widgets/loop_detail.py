"""Plain-text views of the loop's records: an application's row and detail, an interview's log,
a follow-up's line, and where a story was told (user text is never read as markup)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text

from storybank.core.followups import DueItem
from storybank.core.loop import (
    RESEARCH_PARTS,
    RESEARCH_TITLES,
    Application,
    FollowUp,
    FollowUpState,
    Interview,
    Outcome,
)
from storybank.core.textsafe import for_terminal, one_line
from storybank.readiness.toldto import Telling
from storybank.tui.loop_text import day_text, when_text


def application_row(application: Application, next_date: datetime | None) -> Text:
    """Two lines of the jobs list: company · role, then the status and the next date (the
    next interview or follow-up; short enough for the narrowest pane)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(one_line(application.label()) + "\n", style="bold")
    text.append(f"  {application.status.value}")
    if next_date is not None:
        text.append(f" · {day_text(next_date)}", style="dim")
    return text


def interview_row(interview: Interview) -> Text:
    """One line of an application's interviews: when, round, and whether it is logged."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(when_text(interview.start) + " ", style="dim")
    text.append("✓ " if interview.logged else "  ", style="green")
    text.append(one_line(interview.round or "interview"))
    if interview.format:
        text.append(" · " + one_line(interview.format), style="dim")
    if interview.logged:
        told = len(interview.stories_told())
        text.append(f"  ({len(interview.asked)} asked, {told} told)", style="green")
    return text


def _section(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold underline")


def _block(text: Text, value: str) -> None:
    text.append(for_terminal(value).rstrip() + "\n")


def application_text(
    application: Application, interviews: Sequence[Interview], followups: Sequence[FollowUp]
) -> Text:
    """An application in full: status history, link, notes, research, the job ad's start."""
    text = Text()
    text.append(one_line(application.label()), style="bold")
    text.append(f"\n{application.status.value} since {day_text(application.status_since)}")
    text.append(f" · {application.id}\n", style="dim")
    if application.source:
        text.append("Source: ", style="dim")
        text.append(one_line(application.source) + "\n")
    if application.link:
        text.append("Link: ", style="dim")
        text.append(one_line(application.link) + "\n")
    steps = " → ".join(f"{s.status.value} {day_text(s.at)}" for s in application.history)
    text.append("History: ", style="dim")
    text.append(steps + "\n")
    pending = [f for f in followups if f.is_pending]
    if pending:
        _section(text, "Follow-ups")
        for followup in pending:
            text.append_text(followup_line(followup))
            text.append("\n")
    _section(text, f"Interviews ({len(interviews)})")
    if not interviews:
        text.append("None yet. Press i to add one.\n", style="dim italic")
    for interview in interviews:
        text.append_text(interview_row(interview))
        text.append("\n")
    if application.notes:
        _section(text, "Notes")
        _block(text, application.notes)
    if not application.research.is_empty():
        _section(text, "Research")
        for part in RESEARCH_PARTS:
            value: str = getattr(application.research, part)
            if value:
                text.append(RESEARCH_TITLES[part] + ": ", style="bold")
                _block(text, value)
    if application.asks:
        _section(text, f"Questions to ask ({len(application.asks)})")
        for pick in application.asks:
            text.append("• " + one_line(pick.text) + "\n")
    if application.job_ad:
        _section(text, "Job ad")
        _block(text, application.job_ad)
    return text


def interview_text(interview: Interview, company: str) -> Text:
    """An interview in full: when, who, and what was asked and told."""
    text = Text()
    text.append(one_line(" · ".join(p for p in (company, interview.round) if p)), style="bold")
    text.append("\n" + when_text(interview.start))
    if interview.end is not None:
        text.append(" – " + when_text(interview.end))
    if interview.format:
        text.append(" · " + one_line(interview.format))
    text.append(f" · {interview.id}\n", style="dim")
    if interview.location:
        text.append("Where: ", style="dim")
        text.append(one_line(interview.location) + "\n")
    for person in interview.interviewers:
        text.append("With: ", style="dim")
        text.append(one_line(person.name))
        if person.role:
            text.append(" (" + one_line(person.role) + ")", style="dim")
        text.append("\n")
    if not interview.logged:
        text.append("\nNot logged yet. Press l to log what you told.\n", style="dim italic")
        return text
    outcome = interview.outcome.value if interview.outcome != Outcome.PENDING else "pending"
    rating = f"{interview.rating}/5" if interview.rating is not None else "not rated"
    text.append(f"Outcome: {outcome} · {rating}\n")
    if interview.asked:
        _section(text, "Asked")
        for asked in interview.asked:
            text.append("• " + one_line(asked.question) + "\n")
            if asked.story_id:
                text.append("  told: ", style="dim")
                text.append(one_line(asked.story_title) + "\n")
    if interview.asks_asked:
        _section(text, "I asked")
        for item in interview.asks_asked:
            text.append("• " + one_line(item.question) + "\n")
            if item.answer:
                text.append("  ")
                _block(text, item.answer)
    if interview.notes:
        _section(text, "Notes")
        _block(text, interview.notes)
    return text


def followup_line(followup: FollowUp) -> Text:
    """`2026-12-03 14:30 thank-you Thank-you note to …` (snoozed ones say so)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(when_text(followup.when) + " ", style="dim")
    if followup.state is FollowUpState.SNOOZED:
        text.append("(snoozed) ", style="dim")
    text.append(one_line(followup.title))
    return text


def due_row(item: DueItem, label: str) -> Text:
    """One line of the due list: overdue or due, when, what, and for which application."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if item.overdue:
        text.append("overdue ", style="bold red")
    else:
        text.append("due     ", style="bold")
    text.append(when_text(item.when) + "  ", style="dim")
    if item.followup.state is FollowUpState.SNOOZED:
        text.append("(snoozed) ", style="dim")
    text.append(one_line(item.followup.title))
    if label:
        text.append("  (" + one_line(label) + ")", style="dim")
    return text


def told_text(told: Sequence[Telling], current_title: str) -> Text:
    """Where a story was told: company · round · date, and the question it answered."""
    text = Text()
    text.append(f"Told ({len(told)}):\n", style="bold")
    for telling in told:
        text.append("  " + one_line(telling.label()))
        if telling.question:
            text.append(" — " + one_line(telling.question), style="dim")
        if telling.story_title != current_title:
            text.append(f" (as “{one_line(telling.story_title)}”)", style="dim")
        text.append("\n")
    return text
