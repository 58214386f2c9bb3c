"""CLI commands for readiness: taxonomies, questions, answer, coverage, job prep.

Imported by storybank.cli.entry only when one of these commands runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from storybank.cli.common import db_option, echo_err, echo_json, format_option, open_bank, width
from storybank.cli.render import clip, table
from storybank.core.errors import SettingsError, StorybankError
from storybank.core.loop import Application, Interview
from storybank.core.models import label_key, problems_from
from storybank.core.settings import Settings, UserQuestion
from storybank.core.taxonomy import TAXONOMY_FILES, Catalog, CompetencyData, builtin_taxonomies
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import format_duration
from storybank.readiness.coverage import Coverage
from storybank.readiness.facade import Readiness
from storybank.readiness.jobtext import JOB_TEXT_MAX, check_job_text, read_job_file
from storybank.readiness.matching import CompetencyHit
from storybank.readiness.prepare import PrepItem, PrepSet, prep_markdown
from storybank.readiness.questions import Answer, Question, all_questions, find_question
from storybank.readiness.toldto import Telling, places
from storybank.store.bank import Bank
from storybank.store.settings import load_settings, update_settings

MAX_QUESTION_COMPETENCIES = 3


def _known_competency(name: str, catalog: Catalog, bank: Bank, param: str = "--competency") -> str:
    """`name` as the catalog spells it, if the catalog or a story knows it; else a usage error."""
    comp = catalog.get(name)
    if comp is not None:
        return comp.name
    key = catalog.key(name)
    for story in bank:
        for used in story.competencies:
            if catalog.key(used) == key:
                return used
    raise click.BadParameter(
        f"“{one_line(name)}” is not a competency of your active taxonomies or stories. "
        "`storybank competency list` shows them.",
        param_hint=param,
    )


def _question_record(question: Question, catalog: Catalog) -> dict[str, Any]:
    return {
        "id": question.id,
        "text": question.text,
        "competencies": [catalog.display(catalog.key(c), c) for c in question.competencies],
        "custom": question.custom,
    }


# Taxonomies and own competencies -----------------------------------------------------------


@click.group(name="taxonomies", invoke_without_command=True)
@db_option
@format_option
@click.pass_context
def taxonomies_cmd(ctx: click.Context, fmt: str) -> None:
    """List the competency taxonomies; `taxonomies use ID...` picks the active ones."""
    if ctx.invoked_subcommand is not None:
        return
    settings = load_settings(open_bank(ctx))
    rows = []
    for tid, data in builtin_taxonomies().items():
        active = tid in settings.active_taxonomies
        rows.append((tid, data, active))
    if fmt == "json":
        echo_json(
            [
                {
                    "id": tid,
                    "name": data.name,
                    "description": data.description,
                    "competencies": [c.name for c in data.competencies],
                    "active": active,
                }
                for tid, data, active in rows
            ]
        )
        return
    click.echo(
        table(
            ("ID", "ACTIVE", "NAME", "COMPETENCIES"),
            [[tid, "yes" if a else "", d.name, str(len(d.competencies))] for tid, d, a in rows],
            width(),
            2,
        )
    )
    click.echo("\nChoose with `storybank taxonomies use general amazon`.")


@taxonomies_cmd.command(name="use")
@db_option
@click.argument("ids", nargs=-1, required=True, type=click.Choice(TAXONOMY_FILES))
@click.pass_context
def taxonomies_use(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Make exactly these taxonomies active (in this order)."""
    bank = open_bank(ctx)
    saved = update_settings(
        bank, lambda s: s.model_copy(update={"active_taxonomies": list(dict.fromkeys(ids))})
    )
    click.echo(f"Active taxonomies: {', '.join(saved.active_taxonomies)}")


@click.group(name="competency")
def competency_cmd() -> None:
    """List the competencies in play, and add or remove your own."""


@competency_cmd.command(name="list")
@db_option
@format_option
@click.pass_context
def competency_list(ctx: click.Context, fmt: str) -> None:
    """The competencies of the active taxonomies and your own, with their aliases."""
    catalog = load_settings(open_bank(ctx)).catalog()
    if fmt == "json":
        echo_json(
            [
                {
                    "name": c.name,
                    "description": c.description,
                    "aliases": list(c.aliases),
                    "taxonomies": list(c.taxonomies),
                }
                for c in catalog.competencies
            ]
        )
        return
    lines = []
    for comp in catalog.competencies:
        lines.append(one_line(f"{comp.name} ({', '.join(comp.taxonomies)})"))
        if comp.description:
            lines.append(clip("    " + one_line(comp.description), width()))
        if comp.aliases:
            lines.append(clip("    also: " + one_line(", ".join(comp.aliases)), width()))
    click.echo("\n".join(lines))


@competency_cmd.command(name="add")
@db_option
@click.argument("name")
@click.option("--description", default="", help="One line on what it means.")
@click.option("--alias", "aliases", multiple=True, help="Another name for it (repeatable).")
@click.option("--keyword", "keywords", multiple=True, help="A word that hints at it (repeatable).")
@click.pass_context
def competency_add(
    ctx: click.Context,
    name: str,
    description: str,
    aliases: tuple[str, ...],
    keywords: tuple[str, ...],
) -> None:
    """Add a competency of your own (a company value, a skill for a role)."""
    bank = open_bank(ctx)
    try:
        added = CompetencyData.model_validate(
            {
                "name": name,
                "description": description,
                "aliases": [a for a in aliases if a.strip()],
                "keywords": [k for k in keywords if k.strip()],
            }
        )
    except ValidationError as error:
        problem = problems_from(error)[0]
        raise SettingsError(f"{problem.field}: {problem.message}") from None

    def change(settings: Settings) -> Settings:
        if any(label_key(c.name) == label_key(added.name) for c in settings.competencies):
            raise SettingsError(f"You already have a competency called “{added.name}”")
        return settings.model_copy(update={"competencies": [*settings.competencies, added]})

    update_settings(bank, change)
    click.echo(f"Added the competency “{one_line(added.name)}”")


@competency_cmd.command(name="remove")
@db_option
@click.argument("name")
@click.pass_context
def competency_remove(ctx: click.Context, name: str) -> None:
    """Remove one of your own competencies (stories keep their labels)."""
    bank = open_bank(ctx)

    def change(settings: Settings) -> Settings:
        kept = [c for c in settings.competencies if label_key(c.name) != label_key(name)]
        if len(kept) == len(settings.competencies):
            raise SettingsError(
                f"“{name}” is not one of your own competencies (shipped ones cannot be removed; "
                "turn their taxonomy off with `storybank taxonomies use`)"
            )
        removed.extend(c.name for c in settings.competencies if c not in kept)
        return settings.model_copy(update={"competencies": kept})

    removed: list[str] = []
    update_settings(bank, change)
    click.echo(f"Removed the competency “{one_line(removed[0])}”")


def _validated(change: Callable[[Settings], Settings]) -> Callable[[Settings], Settings]:
    """Turn pydantic errors raised inside a settings change into one SettingsError."""

    def run(settings: Settings) -> Settings:
        try:
            result: Settings = change(settings)
        except ValidationError as error:
            problem = problems_from(error)[0]
            raise SettingsError(f"{problem.field}: {problem.message}") from None
        return result

    return run


# Questions ----------------------------------------------------------------------------------


@click.group(name="questions", invoke_without_command=True)
@db_option
@click.option("--competency", "-c", "competency", default=None, help="Only questions for this.")
@click.option("--mine", is_flag=True, help="Only your own questions.")
@format_option
@click.pass_context
def questions_cmd(ctx: click.Context, competency: str | None, mine: bool, fmt: str) -> None:
    """List common behavioral questions (and your own); add, edit or remove your own."""
    if ctx.invoked_subcommand is not None:
        return
    bank = open_bank(ctx)
    settings = load_settings(bank)
    catalog = settings.catalog()
    questions = all_questions(settings)
    if mine:
        questions = [q for q in questions if q.custom]
    if competency is not None:
        key = catalog.key(_known_competency(competency, catalog, bank))
        questions = [q for q in questions if any(catalog.key(c) == key for c in q.competencies)]
    if fmt == "json":
        echo_json([_question_record(q, catalog) for q in questions])
        return
    if not questions:
        click.echo("No questions match.")
        return
    lines = []
    for q in questions:
        names = ", ".join(catalog.display(catalog.key(c), c) for c in q.competencies)
        lines.append(clip(f"{q.id:<5}{one_line(q.text)}", width()))
        lines.append(clip(f"     {one_line(names)}", width()))
    click.echo("\n".join(lines))


@questions_cmd.command(name="add")
@db_option
@click.argument("text")
@click.option("--competency", "-c", "competencies", multiple=True, help="1–3 (repeatable).")
@click.pass_context
def questions_add(ctx: click.Context, text: str, competencies: tuple[str, ...]) -> None:
    """Add a question of your own, with the competencies it probes."""
    bank = open_bank(ctx)
    settings = load_settings(bank)
    names = [_known_competency(c, settings.catalog(), bank) for c in competencies]
    if not names or len(names) > MAX_QUESTION_COMPETENCIES:
        raise click.UsageError(
            f"Give the 1 to 3 competencies it probes with --competency NAME ({len(names)} given)."
        )
    added: list[UserQuestion] = []

    def change(current: Settings) -> Settings:
        question = UserQuestion.model_validate(
            {"id": current.next_question_id(), "text": text, "competencies": names}
        )
        added.append(question)
        return current.model_copy(update={"questions": [*current.questions, question]})

    update_settings(bank, _validated(change))
    click.echo(added[0].id)
    click.echo(f"Added {added[0].id}: {one_line(added[0].text)}", err=True)


@questions_cmd.command(name="edit")
@db_option
@click.argument("question_id")
@click.option("--text", default=None, help="The new wording.")
@click.option("--competency", "-c", "competencies", multiple=True, help="Replaces the list.")
@click.pass_context
def questions_edit(
    ctx: click.Context, question_id: str, text: str | None, competencies: tuple[str, ...]
) -> None:
    """Change the text or the competencies of one of your own questions."""
    bank = open_bank(ctx)
    settings = load_settings(bank)
    question = find_question(all_questions(settings), question_id)
    if not question.custom:
        raise SettingsError(
            f"{question.id} is a built-in question and cannot be changed; add your own wording "
            "with `storybank questions add`"
        )
    if text is None and not competencies:
        raise click.UsageError("Give --text or --competency (or both).")
    names = [_known_competency(c, settings.catalog(), bank) for c in competencies]
    if len(names) > MAX_QUESTION_COMPETENCIES:
        raise click.UsageError(f"A question probes 1 to 3 competencies ({len(names)} given).")

    def change(current: Settings) -> Settings:
        out = []
        found = False
        for q in current.questions:
            if q.id == question.id:
                found = True
                data = q.model_dump()
                if text is not None:
                    data["text"] = text
                if names:
                    data["competencies"] = names
                q = UserQuestion.model_validate(data)
            out.append(q)
        if not found:
            raise SettingsError(f"{question.id} was removed elsewhere; nothing was changed")
        return current.model_copy(update={"questions": out})

    update_settings(bank, _validated(change))
    click.echo(f"Saved {question.id}")


@questions_cmd.command(name="remove")
@db_option
@click.argument("question_id")
@click.pass_context
def questions_remove(ctx: click.Context, question_id: str) -> None:
    """Remove one of your own questions."""
    bank = open_bank(ctx)
    question = find_question(all_questions(load_settings(bank)), question_id)
    if not question.custom:
        raise SettingsError(f"{question.id} is a built-in question and cannot be removed")
    update_settings(
        bank,
        lambda s: s.model_copy(
            update={"questions": [q for q in s.questions if q.id != question.id]}
        ),
    )
    click.echo(f"Removed {question.id}: {one_line(question.text)}")


# Answer -------------------------------------------------------------------------------------


def _answer_record(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "question_id": answer.question_id,
        "competencies": [name for _, name in answer.competencies],
        "inferred": answer.inferred,
        "matched_words": list(answer.inferred_words),
        "fits": answer.fits,
        "certainty": answer.certainty,
        "similar_questions": list(answer.similar),
        "advice": answer.advice,
        "stories": [
            {
                "id": m.story.id,
                "title": m.story.title,
                "status": m.story.status.value,
                "competencies": list(m.competencies),
                "related": list(m.related),
                "words": list(m.words),
                "score": m.score,
                "text_score": m.text_score,
                "certainty": m.certainty,
                "reasons": list(m.reasons),
            }
            for m in answer.matches
        ],
    }


def _told_options(func: Any) -> Any:
    """`--company`, `--interview`, `--application`: who the stories are for, so those already
    told there are marked and come after the others."""
    options = [
        click.option("--company", metavar="NAME", help="Mark stories told to this company."),
        click.option("--interview", "interview_id", metavar="ID", help="For this interview."),
        click.option("--application", "application_id", metavar="ID", help="For this job."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@dataclass(frozen=True)
class _ToldContext:
    company: str
    told: dict[str, list[Telling]]
    interview: Interview | None
    application: Application | None


def _told_context(
    bank: Bank, company: str | None, interview_id: str | None, application_id: str | None
) -> _ToldContext:
    """Which company the stories are for and what it has heard (empty without one)."""
    from storybank.readiness.toldto import told_in_bank

    if sum(x is not None for x in (company, interview_id, application_id)) > 1:
        raise click.UsageError("Give one of --company, --interview or --application.")
    interview = bank.interview(interview_id) if interview_id else None
    app = None
    if interview is not None:
        app = bank.application(interview.application_id)
    elif application_id:
        app = bank.application(application_id)
    name = app.company if app is not None else (company or "")
    skip = interview.id if interview is not None else ""
    told = told_in_bank(bank, name, except_interview=skip) if name else {}
    return _ToldContext(name, told, interview, app)


@click.command(name="answer")
@db_option
@click.argument("question", nargs=-1)
@click.option("--id", "question_id", default=None, help="A question id such as Q12 or U1.")
@click.option("--competency", "-c", "competencies", multiple=True, help="Say what it asks for.")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True)
@_told_options
@format_option
@click.pass_context
def answer_cmd(
    ctx: click.Context,
    question: tuple[str, ...],
    question_id: str | None,
    competencies: tuple[str, ...],
    limit: int,
    company: str | None,
    interview_id: str | None,
    application_id: str | None,
    fmt: str,
) -> None:
    """Rank your stories for a question: `answer "QUESTION TEXT"` or `answer --id Q12`."""
    text = " ".join(question).strip()
    if question_id and text:
        raise click.UsageError("Give the question text or --id, not both.")
    if not question_id and not text:
        raise click.UsageError('Give a question: storybank answer "Tell me about..." or --id Q12.')
    bank = open_bank(ctx)
    context = _told_context(bank, company, interview_id, application_id)
    ready = Readiness.load(bank)
    names: list[str] | None = None
    if competencies:
        names = [_known_competency(c, ready.catalog, bank) for c in competencies]
    if question_id:
        found = ready.question(question_id)
        text = found.text
        names = names or list(found.competencies)
        question_id = found.id
    answer = ready.answer(text, names, question_id=question_id, limit=limit)
    if context.told:
        from storybank.readiness.toldto import prefer_untold_answer

        answer = prefer_untold_answer(answer, context.told)
    if fmt == "json":
        record = _answer_record(answer)
        for match in record["stories"]:
            told = context.told.get(match["id"], [])
            match["told_before"] = [{"round": t.round, "at": t.at.isoformat()} for t in told]
        echo_json(record)
        return
    click.echo(_answer_text(answer, context))
    if not answer.matches:
        ctx.exit(1)  # like `search`: nothing found is a failure for scripts


def _answer_text(answer: Answer, context: _ToldContext | None = None) -> str:
    head = f"{answer.question_id}: " if answer.question_id else ""
    lines = [one_line(head + answer.question)]
    if answer.competencies:
        how = " (from the words: " + ", ".join(answer.inferred_words) + ")"
        lines.append(
            "Asks for: "
            + one_line(", ".join(name for _, name in answer.competencies))
            + (one_line(how) if answer.inferred else "")
        )
    if answer.similar:
        lines.append(clip("Like: " + one_line(answer.similar[0]), width()))
    if answer.matches:
        lines.append(f"Match: {answer.certainty}")
    lines.append("")
    for rank, match in enumerate(answer.matches, 1):
        story = match.story
        lines.append(
            clip(
                f"{rank:>3}. {story.id}  {one_line(story.title)}  [{story.status.value}] "
                f"[{match.certainty}]",
                width(),
            )
        )
        lines.append(clip("     " + one_line("; ".join(match.reasons)), width()))
        told = context.told.get(story.id, []) if context is not None else []
        if told and context is not None:
            where = places(told)
            lines.append(
                clip(f"     already told to {one_line(told[0].company)}: {where}", width())
            )
    if not answer.matches:
        lines.append("No story fits.")
    if answer.advice:
        lines += ["", one_line(answer.advice)]
    return "\n".join(lines)


# Coverage -----------------------------------------------------------------------------------


def _coverage_record(coverage: Coverage) -> dict[str, Any]:
    return {
        "stories": len(coverage.stories),
        "competencies": [
            {
                "name": r.name,
                "description": r.description,
                "taxonomies": list(r.taxonomies),
                "stories": r.count,
                "ready": r.ready,
                "strong": r.strong,
                "status": r.status,
                "story_ids": list(r.story_ids),
                "sources": r.kinds,
            }
            for r in coverage.rows
        ],
        "sources": coverage.sources,
        "balance": coverage.balance,
        "gaps": [r.name for r in coverage.gaps],
        "thin": [r.name for r in coverage.thin],
        "questions_without_a_good_story": [
            {
                "id": g.question.id,
                "text": g.question.text,
                "competencies": list(g.names),
                "draft_ids": list(g.drafts),
            }
            for g in coverage.question_gaps
        ],
        "questions_total": coverage.questions_total,
        "strong_score": coverage.threshold,
        "fix_first": [
            {
                "id": w.story_id,
                "title": w.title,
                "score": w.score,
                "unlocks": list(w.unlocks),
                "first_change": w.first_change,
            }
            for w in coverage.fix_first
        ],
    }


@click.command(name="coverage")
@db_option
@format_option
@click.pass_context
def coverage_cmd(ctx: click.Context, fmt: str) -> None:
    """Stories per competency: gaps, thin spots, source balance, questions with no story."""
    bank = open_bank(ctx)
    coverage = Readiness.load(bank).checked_coverage()
    if fmt == "json":
        echo_json(_coverage_record(coverage))
        return
    click.echo(_coverage_text(coverage))


def _wrapped(label: str, names: list[str]) -> str:
    """`label` and a comma list, wrapped to the terminal with a hanging indent."""
    text = label + one_line(", ".join(names))
    return textwrap.fill(text, width=max(width(), 40), subsequent_indent="  ")


def _coverage_text(coverage: Coverage) -> str:
    titles = {s.id: s.title for s in coverage.stories}
    rows = []
    for row in coverage.rows:
        mark = {"gap": "GAP", "thin": "thin", "ok": ""}[row.status]
        where = ", ".join(row.taxonomies) if row.taxonomies else "stories"
        names = "; ".join(titles[i] for i in row.story_ids)
        rows.append([row.name, str(row.count), str(row.ready), str(row.strong), mark, where, names])
    headers = ("COMPETENCY", "STORIES", "READY", "STRONG", "", "FROM", "TITLES")
    lines = [table(headers, rows, width(), 6), ""]
    balance = coverage.balance
    other = ", ".join(f"{k} {coverage.sources[k]}" for k in ("volunteer", "personal"))
    lines.append(
        f"{len(coverage.stories)} active stories. Sources: work {balance['work']}, "
        f"education {balance['education']}, other {balance['other']} ({other})."
    )
    if coverage.gaps:
        lines.append(_wrapped("Gaps (no story): ", [r.name for r in coverage.gaps]))
    if coverage.thin:
        lines.append(_wrapped("Thin (one story; aim for two): ", [r.name for r in coverage.thin]))
    strong = sum(1 for r in coverage.rows if r.strong)
    lines.append(
        f"Strong (a ready story scoring {coverage.threshold}+): {strong} of "
        f"{len(coverage.rows)} competencies; `storybank check` shows each score."
    )
    if coverage.fix_first:
        lines.append("Fix first (weak stories that would help most):")
        for weak in coverage.fix_first:
            line = f"  {weak.story_id}  {weak.score:>3}  {one_line(weak.title)}"
            lines.append(clip(line, width()))
            if weak.unlocks:
                lines.append(_wrapped("      would cover: ", list(weak.unlocks)))
            if weak.first_change:
                lines.append(clip(one_line(f"      {weak.first_change}"), width()))
    gaps = coverage.question_gaps
    lines.append("")
    lines.append(f"Questions with no good (ready) story: {len(gaps)} of {coverage.questions_total}")
    for gap in gaps:
        extra = f" (drafts: {', '.join(gap.drafts)})" if gap.drafts else ""
        lines.append(clip(f"  {gap.question.id:>4}  {one_line(gap.question.text)}{extra}", width()))
    return "\n".join(lines)


# Prepare for a job --------------------------------------------------------------------------


def _read_job(source: str) -> tuple[str, str]:
    """The job text and a title for it, from a file or `-` (stdin)."""
    if source == "-":
        return check_job_text(sys.stdin.read(JOB_TEXT_MAX + 1), "standard input", "job description")
    return read_job_file(source)


def _hit_record(hit: CompetencyHit) -> dict[str, Any]:
    return {"name": hit.name, "hits": hit.hits, "words": list(hit.words), "strong": hit.strong}


def _prep_record(prep: PrepSet) -> dict[str, Any]:
    return {
        "weak": prep.weak,
        "note": prep.note,
        "overused": [
            {
                "id": o.story.id,
                "title": o.story.title,
                "count": o.count,
                "of": o.of,
                "reused_for": list(o.reused_for),
            }
            for o in prep.overused
        ],
        "competencies": [_hit_record(h) for h in prep.hits],
        "items": [
            {
                "competency": item.hit.name,
                "story": None
                if item.story is None
                else {"id": item.story.id, "title": item.story.title},
                "status": None if item.story is None else item.story.status.value,
                "told_before": item.told,
                "alternatives": [{"id": s.id, "title": s.title} for s in item.alternatives],
                "reused": item.reused,
                "seconds": None if item.timing is None else item.timing.total_seconds,
                "questions": [{"id": q.id, "text": q.text} for q in item.questions],
                "group": item.group,
                "related": None
                if item.related is None
                else {
                    "id": item.related.id,
                    "title": item.related.title,
                    "competency": item.related_via,
                },
            }
            for item in prep.items
        ],
        "groups": [
            {"name": name, "competencies": [item.hit.name for item in items]}
            for name, items in prep.groups
        ],
        "gaps": [item.hit.name for item in prep.gaps],
        "more": [_hit_record(h) for h in prep.more],
    }


@click.command(name="prepare")
@db_option
@click.option("--job", "job", metavar="FILE", help="Job description file, or -.")
@_told_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write a Markdown prep sheet here.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="At most this many competencies on the sheet; the rest are named as N more.",
)
@format_option
@click.pass_context
def prepare_cmd(
    ctx: click.Context,
    job: str | None,
    company: str | None,
    interview_id: str | None,
    application_id: str | None,
    output: Path | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Find the competencies a job ad asks for and pick a story for each (and name the gaps).

    With --interview ID: the whole prep sheet for that interview (research, stories not yet
    told to the company, questions to ask, interviewers, logistics), from the job ad saved
    with its application.
    """
    if job is None and interview_id is None and application_id is None:
        raise click.UsageError("Give --job FILE, --interview ID or --application ID.")
    text, title = _read_job(job) if job is not None else ("", "")
    bank = open_bank(ctx)
    context = _told_context(bank, company, interview_id, application_id)
    ready = Readiness.load(bank)
    if context.interview is not None and job is None:
        _prepare_interview(ready, context.interview, output, fmt)
        return
    if job is None:
        assert context.application is not None
        if not context.application.job_ad.strip():
            raise StorybankError(
                f"No job ad is saved with {one_line(context.application.label())}: add one "
                "with `storybank job edit ID --job-ad FILE`, or give --job FILE."
            )
        text, title = context.application.job_ad, context.application.label()
    prep = ready.prepare(text, limit=limit, told=set(context.told))
    if output is not None:
        from storybank.store.outputs import write_output

        write_output(output, prep_markdown(prep, title).encode(), bank=bank.path)
        echo_err(f"Wrote the prep sheet to {output}")
        if bank.encrypted:
            from storybank.store.outputs import plain_copy_note

            echo_err(f"warning: {plain_copy_note(output)}")
    if fmt == "json":
        echo_json(_prep_record(prep))
        return
    click.echo(_prep_text(prep))


def _prepare_interview(
    ready: Readiness, interview: Interview, output: Path | None, fmt: str
) -> None:
    """The prep sheet of one interview: Markdown to stdout or `output` (owner-only)."""
    from storybank.readiness.interview_prep import interview_markdown, interview_prep

    sheet = interview_prep(ready, interview)
    markdown = interview_markdown(sheet)
    if output is not None:
        from storybank.store.outputs import write_output

        write_output(output, markdown.encode(), bank=ready.bank.path)
        echo_err(f"Wrote the prep sheet to {output}")
    if fmt == "json":
        echo_json(
            {
                "interview": sheet.interview.to_json_dict(),
                "application": sheet.application.to_json_dict(),
                "prep": None if sheet.prep is None else _prep_record(sheet.prep),
                "told_before": sorted(sheet.told),
                "markdown": markdown,
            }
        )
        return
    if output is None:
        click.echo(for_terminal(markdown), nl=False)


def _prep_item_line(item: PrepItem) -> str:
    """One competency of the prep set: its story, or the gap and the closest related story."""
    name = one_line(item.hit.name)
    if item.story is None:
        line = f"    {name}: GAP — no story yet; write one"
        if item.related is not None:
            line += "\n" + clip(
                f"      closest related ({one_line(item.related_via)}): {item.related.id} "
                f"{one_line(item.related.title)}",
                width(),
            )
        return line
    seconds = item.timing.total_seconds if item.timing else 0
    tail = " (reused)" if item.reused else ""
    if item.told:
        tail += " (told there before)"
    return clip(
        f"    {name}: {item.story.id} {one_line(item.story.title)} "
        f"[{item.story.status.value}, {format_duration(seconds)}]{tail}",
        width(),
    )


def _prep_text(prep: PrepSet) -> str:
    lines: list[str] = []
    if prep.hits:
        lines.append("The job asks for:")
        for hit in prep.hits:
            lines.append(
                clip(
                    f"  {one_line(hit.name)} ({hit.hits}): {one_line(', '.join(hit.words))}",
                    width(),
                )
            )
        lines.append("")
        lines.append("Prep set:")
        for group, items in prep.groups:
            lines.append(f"  {group}:")
            lines += [_prep_item_line(item) for item in items]
    if prep.gaps:
        lines += ["", "Gaps: " + one_line(", ".join(i.hit.name for i in prep.gaps))]
    for overuse in prep.overused:
        lines += ["", for_terminal(overuse.advice())]
    if prep.note:
        lines += ["", for_terminal(prep.note)]
    return "\n".join(lines).strip("\n")
