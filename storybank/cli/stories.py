"""The story commands: add, edit, list, show, delete, archive, search, competencies, export,
import."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from storybank.cli import common
from storybank.cli.common import (
    F,
    db_option,
    echo_err,
    echo_json,
    format_option,
    open_bank,
    width,
    write_stdout,
)
from storybank.core.errors import StorybankError, StoryValidationError
from storybank.core.fields import FIELDS, KINDS, FlatField, Shape, flat_values, nest
from storybank.core.textsafe import for_terminal, json_for_terminal, one_line
from storybank.core.vocab import EXPORT_FORMATS, TEXT_PARTS, SourceKind
from storybank.search.engine import Hit, S, SearchIndex, SearchQuery

# The models (Pydantic), the store and what only some commands use (text tables, export, the
# editor template) are imported where they are used: `--help` and usage errors pay for none.
if TYPE_CHECKING:
    from storybank.core.models import Story

STAR_FLAGS = TEXT_PARTS


def _dest(field: FlatField) -> str:
    """The command's parameter that holds `field` (a flag's name, or the list's field)."""
    return field.name if field.shape is Shape.LABELS else field.short


def _flag_help(field: FlatField) -> str:
    if field.shape is Shape.TEXT or field.short != field.key:
        return f"{field.label}: {field.hint}."
    if field.shape is Shape.LABELS:
        return f"{field.hint} One per flag (repeatable)."
    return field.hint


def story_options(func: F) -> F:
    """The flags shared by `add` and `edit`, one per story field (from the one field map)."""
    options = []
    for field in FIELDS:
        flag = f"--{field.short}"
        if field.shape is Shape.LABELS:
            option = click.option(flag, _dest(field), multiple=True, help=_flag_help(field))
        elif field.shape is Shape.CHOICE:
            option = click.option(flag, type=click.Choice(KINDS), help=_flag_help(field))
        else:
            option = click.option(flag, help=_flag_help(field))
        options.append(option)
    options.append(click.option("--no-edit", is_flag=True, help="Never open $EDITOR."))
    for option in reversed(options):
        func = option(func)
    return func


def _flag_data(flags: dict[str, Any], base: Story | None) -> dict[str, Any]:
    """Story data from command flags, over `base` when editing."""
    flat = flat_values(base) if base else {}
    for field in FIELDS:
        value = flags.get(_dest(field))
        if field.shape is Shape.LABELS:
            if value:
                flat[field.name] = list(value)
        elif value is not None:
            flat[field.name] = value
    data: dict[str, Any] = base.model_dump() if base else {}
    data.update(nest(flat))
    data.setdefault("source", {})
    return data


def _keep_text(text: str) -> Path:
    """Save editor text that could not be stored, so no word is lost; returns where."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix="storybank-draft-", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return Path(name)


def _edit_until_valid(start: Story | None, base: dict[str, Any]) -> dict[str, Any] | None:
    """Open $EDITOR on the template until the story validates; None if the user cancels."""
    from storybank.core.models import Story, validate_story
    from storybank.core.template import parse_template, render_template

    seed = validate_story(base) if base.get("title") else start
    text = render_template(seed)
    if start is None and base:
        # Keep flags given on the command line (such as --competency) in the template.
        try:
            text = render_template(Story.model_validate({**base, "title": base.get("title", "x")}))
            if not base.get("title"):
                text = text.replace("Title: x\n", "Title: \n", 1)
        except Exception:
            text = render_template(None)
    while True:
        edited = click.edit(text, extension=".md", require_save=True)
        if edited is None:
            return None
        data = parse_template(edited)
        if not data.get("title"):
            if any(data.get(p) for p in STAR_FLAGS):
                kept = _keep_text(edited)
                echo_err(f"No title, so nothing was saved. Your text is kept in {kept}")
            return None
        if start is not None:
            data = {**start.model_dump(), **data, "id": start.id, "created_at": start.created_at}
        try:
            validate_story(data)
            return data
        except StoryValidationError as error:
            problems = [f"{p.field}: {p.message}" for p in error.problems]
            for problem in problems:
                echo_err(problem)
            if not click.confirm("Edit again?", default=True):
                kept = _keep_text(edited)
                echo_err(f"Nothing was saved. Your text is kept in {kept}")
                return None
            text = "\n".join(
                line for line in edited.split("\n") if not line.startswith("# PLEASE FIX:")
            )
            text = "\n".join(f"# PLEASE FIX: {p}" for p in problems) + "\n" + text


@click.command()
@db_option
@story_options
@click.pass_context
def add(ctx: click.Context, /, no_edit: bool, **flags: Any) -> None:
    """Write a new story (opens $EDITOR on a STAR template when run in a terminal)."""
    from storybank.core.models import validate_story

    bank = open_bank(ctx)
    data = _flag_data(flags, None)
    has_star = any(flags.get(p) for p in STAR_FLAGS)
    if not has_star and not no_edit and common.is_interactive():
        edited = _edit_until_valid(None, {k: v for k, v in data.items() if v})
        if edited is None:
            click.echo("Cancelled: nothing was saved.", err=True)
            ctx.exit(1)
        data = edited
    story = bank.add(validate_story(data))
    suffix = (
        "" if not story.missing_parts else f" (draft: missing {', '.join(story.missing_parts)})"
    )
    click.echo(story.id)
    if suffix:
        click.echo(f"Saved “{one_line(story.title)}”{suffix}", err=True)


@click.command()
@db_option
@click.argument("story_id")
@story_options
@click.pass_context
def edit(ctx: click.Context, /, story_id: str, no_edit: bool, **flags: Any) -> None:
    """Change a story: with flags for the fields to change, else in $EDITOR."""
    from storybank.core.models import revise

    bank = open_bank(ctx)
    story = bank.get(story_id)
    given = any(v not in (None, ()) for v in flags.values())
    if given:
        data = _flag_data(flags, story)
    elif not no_edit and common.is_interactive():
        edited = _edit_until_valid(story, {})
        if edited is None:
            click.echo("Cancelled: nothing was changed.", err=True)
            ctx.exit(1)
        data = edited
    else:
        raise click.UsageError("Give the fields to change (see --help), or run it in a terminal.")
    saved = bank.update(revise(story, **data), expected=story)
    click.echo(f"Saved {saved.id} “{one_line(saved.title)}” ({saved.status.value})")


@click.command(name="list")
@db_option
@click.option("--all", "show_all", is_flag=True, help="Include archived stories.")
@click.option("--archived", is_flag=True, help="Only archived stories.")
@format_option
@click.pass_context
def list_cmd(ctx: click.Context, show_all: bool, archived: bool, fmt: str) -> None:
    """List stories, newest change first."""
    from storybank.cli.render import LIST_HEADERS, list_caps, list_rows, table
    from storybank.interchange.export import story_record

    bank = open_bank(ctx)
    stories = [
        s for s in bank.all(include_archived=show_all or archived) if not archived or s.archived
    ]
    if fmt == "json":
        echo_json([story_record(s) for s in stories])
        return
    if not stories:
        click.echo("No stories yet. Write one with `storybank add`.")
        return
    columns = width()
    click.echo(table(LIST_HEADERS, list_rows(stories), columns, flex=2, caps=list_caps(columns)))


@click.command()
@db_option
@click.argument("story_id")
@format_option
@click.pass_context
def show(ctx: click.Context, story_id: str, fmt: str) -> None:
    """Show one story in full."""
    from storybank.cli.render import story_text
    from storybank.interchange.export import story_record

    story = open_bank(ctx).get(story_id)
    if fmt == "json":
        echo_json(story_record(story))
    else:
        click.echo(story_text(story))


@click.command()
@db_option
@click.argument("story_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@click.pass_context
def delete(ctx: click.Context, story_id: str, yes: bool) -> None:
    """Delete a story for good (a backup of the bank is kept)."""
    bank = open_bank(ctx)
    story = bank.get(story_id)
    if not yes:
        if not common.is_interactive():
            raise click.UsageError("Not in a terminal, so I cannot ask: add --yes to delete.")
        prompt = f"Delete “{one_line(story.title)}” ({story.id})? This cannot be undone"
        if not click.confirm(prompt, default=False):
            click.echo("Kept it: nothing was deleted.", err=True)
            ctx.exit(1)
    bank.delete(story.id, expected=story)
    click.echo(f"Deleted {story.id} “{one_line(story.title)}”")


def _archive(ctx: click.Context, story_id: str, archived: bool) -> None:
    bank = open_bank(ctx)
    story = bank.set_archived(bank.get(story_id).id, archived)
    word = "Archived" if archived else "Restored"
    click.echo(f"{word} {story.id} “{one_line(story.title)}”")


@click.command()
@db_option
@click.argument("story_id")
@click.pass_context
def archive(ctx: click.Context, story_id: str) -> None:
    """Hide a story from lists and searches without deleting it."""
    _archive(ctx, story_id, True)


@click.command()
@db_option
@click.argument("story_id")
@click.pass_context
def unarchive(ctx: click.Context, story_id: str) -> None:
    """Bring an archived story back."""
    _archive(ctx, story_id, False)


@click.command()
@db_option
@click.argument("words", nargs=-1)
@click.option("--competency", "-c", "competencies", multiple=True, help="Repeatable.")
@click.option("--any", "any_competency", is_flag=True, help="Any of the competencies, not all.")
@click.option("--tag", "-t", "tags", multiple=True, help="Repeatable; all must match.")
@click.option("--kind", "kinds", type=click.Choice(KINDS), multiple=True, help="Repeatable.")
@click.option("--org", default="", help="Organization contains this text.")
@click.option("--all", "show_all", is_flag=True, help="Include archived stories.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@format_option
@click.pass_context
def search(
    ctx: click.Context,
    words: tuple[str, ...],
    competencies: tuple[str, ...],
    any_competency: bool,
    tags: tuple[str, ...],
    kinds: tuple[str, ...],
    org: str,
    show_all: bool,
    limit: int | None,
    fmt: str,
) -> None:
    """Find stories: every word must match; filters narrow; best matches first."""
    query = SearchQuery(
        words=tuple(w for word in words for w in word.split()),
        competencies=competencies,
        any_competency=any_competency,
        tags=tags,
        kinds=tuple(SourceKind(k) for k in kinds),
        organization=org,
        include_archived=show_all,
    )
    from storybank.interchange.export import story_record
    from storybank.store.settings import load_resolver

    bank = open_bank(ctx)
    hits = SearchIndex(bank, load_resolver(bank)).search(query)[:limit]
    records = [story_record(h.story) for h in hits] if fmt == "json" else []
    _show_hits(ctx, hits, records, fmt)


def _show_hits(
    ctx: click.Context, hits: Sequence[Hit[S]], records: list[dict[str, Any]], fmt: str
) -> None:
    """Print search results: `records` (the stories' JSON) for --format json, else lines."""
    if fmt == "json":
        echo_json(
            [
                {**record, "score": h.score, "reasons": list(h.reasons)}
                for record, h in zip(records, hits, strict=True)
            ]
        )
        return
    if not hits:
        click.echo("No story matches.", err=True)
        ctx.exit(1)
    from storybank.cli.render import hit_lines

    click.echo(hit_lines(hits, width()))


@click.command()
@db_option
@click.option("--all", "show_all", is_flag=True, help="Count archived stories too.")
@format_option
@click.pass_context
def competencies(ctx: click.Context, show_all: bool, fmt: str) -> None:
    """Each competency in use, with how many stories show it."""
    from storybank.store.settings import load_resolver

    bank = open_bank(ctx)
    rows = SearchIndex(bank, load_resolver(bank)).competency_counts(include_archived=show_all)
    if fmt == "json":
        echo_json([{"competency": name, "stories": n} for name, n in rows])
        return
    if not rows:
        click.echo("No competencies yet. Tag a story with `storybank edit ID --competency X`.")
        return
    from storybank.cli.render import table

    click.echo(table(("COMPETENCY", "STORIES"), [[n, str(c)] for n, c in rows], width(), 0))


@click.command(name="export")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="json", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--active", is_flag=True, help="Leave archived stories out.")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None, active: bool) -> None:
    """Export every story as JSON, Markdown or CSV (stdout unless -o FILE)."""
    from storybank.interchange.export import render

    bank = open_bank(ctx)
    stories = bank.all(include_archived=not active)
    stories.reverse()  # oldest first reads like a journal
    data = render(stories, fmt)
    if output is None:
        if fmt == "json":
            write_stdout(json_for_terminal(data))
            return
        text = data.decode()
        if sys.stdout.isatty():
            # Markdown and CSV are exact when piped, but on a terminal an escape in a story
            # must not act.
            text = for_terminal(text)
        # color=True: click would otherwise strip what looks like ANSI codes from piped
        # output, silently changing the user's text.
        click.echo(text, nl=False, color=True)
        return
    from storybank.store.outputs import write_output

    write_output(output, data, bank=bank.path)
    click.echo(f"Exported {len(stories)} stories to {output}", err=True)


@click.command(name="import")
@db_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid stories, skip the rest.")
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, dry_run: bool, skip_invalid: bool) -> None:
    """Import our JSON export, or JSON from other STAR tools (all or nothing)."""
    from storybank.interchange.importing import plan_import, read_items

    bank = open_bank(ctx)
    items, own = read_items(file)
    plan = plan_import(items, bank.all(), own_format=own)
    for label, reason in plan.skipped:
        click.echo(f"skipped {one_line(label)}: {reason}", err=True)
    for label, error in plan.invalid:
        for problem in error.problems:
            click.echo(f"invalid {one_line(label)}: {problem.field}: {problem.message}", err=True)
    if plan.invalid and not skip_invalid:
        raise StorybankError(
            f"{len(plan.invalid)} stories are invalid, so nothing was imported. Fix them, or "
            "use --skip-invalid to import the rest."
        )
    if dry_run:
        _say_renamed(plan.renamed(plan.to_add))
        click.echo(f"Would import {len(plan.to_add)} stories (dry run: nothing written).")
        return
    saved = bank.add_many(plan.to_add)
    # After the save: a story added elsewhere meanwhile can take an id the plan had free.
    _say_renamed(plan.renamed(saved))
    skipped = len(plan.skipped) + len(plan.invalid)
    click.echo(f"Imported {len(saved)} stories; skipped {skipped}.")


def _say_renamed(renamed: list[tuple[str, str, str]]) -> None:
    """One line for each imported story whose own id was already another story's."""
    for label, given, new in renamed:
        click.echo(
            f"new id for {one_line(label)}: {given} is another story's, so it is {new}", err=True
        )


COMMANDS: tuple[click.Command, ...] = (
    add,
    edit,
    list_cmd,
    show,
    delete,
    archive,
    unarchive,
    search,
    competencies,
    export_cmd,
    import_cmd,
)
