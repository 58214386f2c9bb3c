"""The prep sheet for one interview: the company's research, what the role asks for and a story
for each (not yet told there, when the bank has one), the questions to ask, the interviewers
and the logistics, as printable Markdown."""

from __future__ import annotations

from dataclasses import dataclass

from storybank.core.loop import RESEARCH_PARTS, RESEARCH_TITLES, Application, Interview
from storybank.core.timing import local_minute
from storybank.readiness.facade import Readiness
from storybank.readiness.prepare import (
    PrepSet,
    md_block as _md_block,
    md_line as _md,
    prep_markdown,
)
from storybank.readiness.toldto import Telling, places, told_in_bank


@dataclass(frozen=True)
class InterviewPrep:
    """Everything on an interview's prep sheet."""

    interview: Interview
    application: Application
    prep: PrepSet | None  # None when the application has no job ad saved
    told: dict[str, list[Telling]]  # stories already told to the company, by id
    earlier: tuple[Interview, ...]  # the application's interviews before this one


def interview_prep(ready: Readiness, interview: Interview) -> InterviewPrep:
    """The prep for `interview` from the bank `ready` was loaded from."""
    bank = ready.bank
    app = bank.application(interview.application_id)
    told = told_in_bank(bank, app.company, except_interview=interview.id)
    prep = ready.prepare(app.job_ad, told=set(told)) if app.job_ad.strip() else None
    earlier = tuple(
        i for i in bank.interviews(app.id) if i.id != interview.id and i.start < interview.start
    )
    return InterviewPrep(interview, app, prep, told, earlier)


def interview_markdown(sheet: InterviewPrep) -> str:
    """The prep sheet as Markdown that prints well."""
    app, interview = sheet.application, sheet.interview
    title = f"{app.label()} — {interview.round or 'interview'}"
    lines = [f"# Interview prep: {_md(title)}", ""]
    lines += ["## Logistics", ""]
    when = local_minute(interview.start)
    if interview.end is not None:
        when += f" to {local_minute(interview.end)[11:]}"
    lines.append(f"- **When:** {when}")
    if interview.format:
        lines.append(f"- **Format:** {_md(interview.format)}")
    if interview.location:
        lines.append(f"- **Where:** {_md(interview.location)}")
    if app.link:
        lines.append(f"- **Job posting:** {_md(app.link)}")
    lines.append("")
    lines += ["## Interviewers", ""]
    if interview.interviewers:
        lines += [
            f"- {_md(p.name)}" + (f", {_md(p.role)}" if p.role else "")
            for p in interview.interviewers
        ]
    else:
        lines.append("- (not known yet)")
    lines.append("")
    lines += ["## About the company", ""]
    if app.research.is_empty():
        lines += ["No research notes yet: `storybank job edit ID --mission … --why …`.", ""]
    for part in RESEARCH_PARTS:
        text = getattr(app.research, part)
        if text:
            lines += [f"**{RESEARCH_TITLES[part]}.** {_md_block(text)}", ""]
    if sheet.told:
        lines += ["## Already told to this company", ""]
        for tellings in sheet.told.values():
            first = tellings[0]
            where = places(tellings)
            lines.append(f"- {_md(first.story_title)} ({first.story_id}): {_md(where)}")
        lines.append("")
    if sheet.earlier:
        lines += ["## Earlier rounds", ""]
        for before in sheet.earlier:
            rating = f", rated {before.rating}/5" if before.rating else ""
            lines.append(
                f"- {local_minute(before.start)[:10]} {_md(before.round or 'interview')}"
                f" ({before.outcome.value}{rating})"
            )
        lines.append("")
    lines += ["## Questions to ask", ""]
    if app.asks:
        lines += [f"- {_md(p.text)}" for p in app.asks]
    else:
        lines.append("None picked yet: `storybank ask pick JOB K01 K13`.")
    lines.append("")
    if sheet.prep is None:
        lines += [
            "## What the role asks for",
            "",
            "No job ad saved with this application: `storybank job edit ID --job-ad FILE`.",
            "",
        ]
        return "\n".join(lines).rstrip() + "\n"
    body = prep_markdown(sheet.prep, title)
    # The competencies and stories follow, under the same title's sections.
    stories = body.split("\n", 2)[2] if body.startswith("# ") else body
    return "\n".join(lines).rstrip() + "\n\n" + stories
