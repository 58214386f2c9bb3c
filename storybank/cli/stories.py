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
from storybank.core.vocab import EXPORT_FORMATS, TEXT_PARTS, SourceKind, label_key
from storybank.search.engine import Hit, S, SearchIndex, SearchQuery

# The models (Pydantic), the store and what only some commands use (text tables, export, the
# editor template) are imported where they are used: `--help` and usage errors pay for none.
if TYPE_CHECKING:
    from storybank.core.models import Story
    from storybank.interchange.export import Redaction
    from storybank.readiness.toldto import Telling
    from storybank.store.bank import Bank

STAR_FLAGS = TEXT_PARTS


def _dest(field: FlatField) -> str:
    """The command's parameter that holds `field` (a flag's name, or the list's field)."""
    return field.name if field.shape is Shape.LABELS else field.short


def _flag_help(field: FlatField, *, editing: bool = False) -> str:
    if field.shape is Shape.LABELS and editing:
        return (
            f"{field.hint} Replaces the whole list (repeatable; the edit says what it "
            f"replaced). To change one, use --add-{field.short} / --remove-{field.short}."
        )
    if field.shape is Shape.TEXT or field.short != field.key:
        return f"{field.label}: {field.hint}."
    if field.shape is Shape.LABELS:
        return f"{field.hint} One per flag (repeatable)."
    return field.hint


def _change_dest(field: FlatField, change: str) -> str:
    """The parameter of `edit` that holds `--add-X` or `--remove-X` for a list of labels."""
    return f"{change}_{field.short}"


def _story_options(func: F, *, editing: bool) -> F:
    options = []
    for field in FIELDS:
        flag = f"--{field.short}"
        if field.shape is Shape.LABELS:
            help_text = _flag_help(field, editing=editing)
            options.append(click.option(flag, _dest(field), multiple=True, help=help_text))
            if editing:
                for change, words in (("add", "Adds"), ("remove", "Removes")):
                    options.append(
                        click.option(
                            f"--{change}-{field.short}",
                            _change_dest(field, change),
                            multiple=True,
                            help=f"{words} one {field.short}, keeping the rest (repeatable).",
                        )
                    )
        elif field.shape is Shape.CHOICE:
            options.append(click.option(flag, type=click.Choice(KINDS), help=_flag_help(field)))
        else:
            options.append(click.option(flag, help=_flag_help(field)))
    options.append(click.option("--no-edit", is_flag=True, help="Never open $EDITOR."))
    for option in reversed(options):
        func = option(func)
    return func


def story_options(func: F) -> F:
    """The flags of `add`, one per story field (from the one field map)."""
    return _story_options(func, editing=False)


def edit_options(func: F) -> F:
    """The flags of `edit`: `add`'s, and --add-X / --remove-X for each list of labels."""
    return _story_options(func, editing=True)


def _flag_data(flags: dict[str, Any], base: Story | None) -> dict[str, Any]:
    """Story data from command flags, over `base` when editing."""
    flat = flat_values(base) if base else {}
    for field in FIELDS:
        value = flags.get(_dest(field))
        if field.shape is Shape.LABELS:
            if value:
                flat[field.name] = list(value)
            flat[field.name] = _changed_labels(
                flat.get(field.name, []),
                flags.get(_change_dest(field, "add"), ()),
                flags.get(_change_dest(field, "remove"), ()),
            )
        elif value is not None:
            flat[field.name] = value
    data: dict[str, Any] = base.model_dump() if base else {}
    data.update(nest(flat))
    data.setdefault("source", {})
    return data


def _changed_labels(labels: list[str], added: Sequence[str], removed: Sequence[str]) -> list[str]:
    """`labels` with `added` appended and `removed` taken out (matched loosely, as labels are)."""
    from storybank.core.models import label_key

    def key(name: str) -> str:
        return label_key(name.strip().lstrip("#"))  # `#oncall` names the tag `oncall`

    gone = {key(name) for name in removed}
    kept = [name for name in labels if key(name) not in gone]
    return kept + [name for name in added if key(name) not in gone]


def _say_replaced(flags: dict[str, Any], before: Story, after: Story) -> None:
    """One line for each list of labels a replacing flag changed, so nothing goes unnoticed."""
    for field in FIELDS:
        if field.shape is not Shape.LABELS or not flags.get(_dest(field)):
            continue
        old: list[str] = getattr(before, field.key)
        new: list[str] = getattr(after, field.key)
        if old != new:
            was = ", ".join(one_line(name) for name in old) or "none"
            now = ", ".join(one_line(name) for name in new) or "none"
            click.echo(
                f"Replaced the {field.label.lower()} {was} with {now}; "
                f"--add-{field.short} adds one instead.",
                err=True,
            )


def _new_draft(text: str) -> Path:
    """A private file (mode 600) that holds the template while $EDITOR has it, so whatever the
    user saved there is still there if storybank is interrupted; returns where."""
    import tempfile

    fd, name = tempfile.mkstemp(prefix="storybank-draft-", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return Path(name)


def _run_editor(draft: Path) -> str | None:
    """Open $EDITOR on `draft`; its text, or None when the user left without saving."""
    given = draft.read_text(encoding="utf-8")
    before = draft.stat().st_mtime_ns
    click.edit(filename=str(draft))
    text = draft.read_text(encoding="utf-8")
    # The clock of a file can be coarser than a quick save: changed text is saved text too.
    if draft.stat().st_mtime_ns == before and text == given:
        return None
    return text


def _edit_until_valid(start: Story | None, base: dict[str, Any]) -> dict[str, Any] | None:
    """Open $EDITOR on the template until the story validates; None if the user cancels.

    Whenever nothing is saved although the user wrote something (a title is missing, they
    give up on a validation error, or press ctrl+c), their text stays in the draft file and
    one line says where.
    """
    from storybank.core.models import Story, validate_story
    from storybank.core.template import render_template

    text = render_template(validate_story(base) if base.get("title") else start)
    if start is None and base:
        # Keep flags given on the command line (such as --competency) in the template.
        try:
            text = render_template(Story.model_validate({**base, "title": base.get("title", "x")}))
            if not base.get("title"):
                text = text.replace("Title: x\n", "Title: \n", 1)
        except Exception:
            text = render_template(None)
    draft = _new_draft(text)
    keep = False
    try:
        data, keep = _edit_rounds(start, draft)
        return data
    except (KeyboardInterrupt, click.exceptions.Abort) as stop:
        keep = draft.read_text(encoding="utf-8") != text
        kept = f" Your text is kept in {draft}" if keep else ""
        echo_err(f"Interrupted: nothing was saved.{kept}")
        raise click.exceptions.Exit(130 if isinstance(stop, KeyboardInterrupt) else 1) from None
    finally:
        if not keep:
            draft.unlink(missing_ok=True)


def _edit_rounds(start: Story | None, draft: Path) -> tuple[dict[str, Any] | None, bool]:
    """The editing loop of `_edit_until_valid`: the story's data (None if cancelled), and
    whether the draft file must be kept because it holds text that was not saved."""
    from storybank.core.models import validate_story
    from storybank.core.template import parse_template

    while True:
        edited = _run_editor(draft)
        if edited is None:
            return None, False
        data = parse_template(edited)
        if not data.get("title"):
            if any(data.get(p) for p in STAR_FLAGS):
                echo_err(f"No title, so nothing was saved. Your text is kept in {draft}")
                return None, True
            return None, False
        if start is not None:
            data = {**start.model_dump(), **data, "id": start.id, "created_at": start.created_at}
        try:
            validate_story(data)
            return data, False
        except StoryValidationError as error:
            problems = [f"{p.field}: {p.message}" for p in error.problems]
            for problem in problems:
                echo_err(problem)
            if not click.confirm("Edit again?", default=True):
                echo_err(f"Nothing was saved. Your text is kept in {draft}")
                return None, True
            text = "\n".join(
                line for line in edited.split("\n") if not line.startswith("# PLEASE FIX:")
            )
            text = "\n".join(f"# PLEASE FIX: {p}" for p in problems) + "\n" + text
            draft.write_text(text, encoding="utf-8")


@click.command()
@db_option
@story_options
@format_option
@click.pass_context
def add(ctx: click.Context, /, no_edit: bool, fmt: str, **flags: Any) -> None:
    """Write a new story (opens $EDITOR on a STAR template when run in a terminal)."""
    from storybank.core.models import validate_story
    from storybank.core.taxonomy import canonical_story
    from storybank.store.settings import load_resolver

    bank = open_bank(ctx)
    data = _flag_data(flags, None)
    has_star = any(flags.get(p) for p in STAR_FLAGS)
    if not has_star and not no_edit and common.is_interactive():
        edited = _edit_until_valid(None, {k: v for k, v in data.items() if v})
        if edited is None:
            click.echo("Cancelled: nothing was saved.", err=True)
            ctx.exit(1)
        data = edited
    story = bank.add(canonical_story(validate_story(data), load_resolver(bank)))
    if fmt == "json":
        from storybank.interchange.export import story_record

        echo_json(story_record(story))
        return
    click.echo(_saved_line(story))


def _saved_line(story: Story) -> str:
    """The one line `add` and `edit` print: the id, the title, and ready or what is missing."""
    state = story.status.value
    if story.missing_parts:
        state += f": missing {', '.join(story.missing_parts)}"
    return f"Saved {story.id} “{one_line(story.title)}” ({state})"


@click.command()
@db_option
@click.argument("story_id")
@edit_options
@click.pass_context
def edit(ctx: click.Context, /, story_id: str, no_edit: bool, **flags: Any) -> None:
    """Change a story: with flags for the fields to change, else in $EDITOR."""
    from storybank.core.models import revise
    from storybank.core.taxonomy import canonical_story
    from storybank.store.settings import load_resolver

    bank = open_bank(ctx)
    story = bank.get(story_id)
    given = any(v not in (None, ()) for v in flags.values())
    if given:
        _edit_fields(bank, story, flags)
        return
    if not no_edit and common.is_interactive():
        edited = _edit_until_valid(story, {})
        if edited is None:
            click.echo("Cancelled: nothing was changed.", err=True)
            ctx.exit(1)
        data = edited
    else:
        raise click.UsageError("Give the fields to change (see --help), or run it in a terminal.")
    revised = canonical_story(revise(story, **data), load_resolver(bank))
    saved = bank.update(revised, expected=story)
    click.echo(_saved_line(saved))


def _edit_fields(bank: Bank, story: Story, flags: dict[str, Any]) -> None:
    """Apply the flags' changes to the story as it is stored once the lock is held.

    A flag names the fields it changes, so an edit saved meanwhile by another storybank is
    kept unless it changed one of those same fields (then the edit is refused, as the app's
    is). Adding or removing one label applies to the list as stored, whatever changed it.
    """
    from storybank.core.errors import ConflictError
    from storybank.core.models import revise
    from storybank.core.taxonomy import canonical_story
    from storybank.store.settings import load_resolver

    resolver = load_resolver(bank)
    read = flat_values(story)
    set_here = {
        field.name
        for field in FIELDS
        if flags.get(_dest(field)) not in (None, ())  # replaced, not added to or taken from
    }
    before: list[Story] = []

    def patch(current: Story) -> Story:
        now = flat_values(current)
        if any(now[name] != read[name] for name in set_here):
            raise ConflictError(
                f"“{current.title}” was changed by another storybank since you opened it. "
                "Your text is kept; reload to see the other change."
            )
        before.append(current)
        return canonical_story(revise(current, **_flag_data(flags, current)), resolver)

    saved = bank.change_story(story.id, patch)
    _say_replaced(flags, before[0], saved)
    click.echo(_saved_line(saved))


@click.command(name="list")
@db_option
@click.option("--all", "show_all", is_flag=True, help="Include archived stories.")
@click.option("--archived", is_flag=True, help="Only archived stories.")
@click.option(
    "--limit", "-n", type=click.IntRange(min=1), default=None, help="Only the first N stories."
)
@format_option
@click.pass_context
def list_cmd(
    ctx: click.Context, show_all: bool, archived: bool, limit: int | None, fmt: str
) -> None:
    """List stories: ready ones first, then drafts, newest change first (as in the app)."""
    from storybank.cli.render import LIST_HEADERS, list_caps, list_rows, table
    from storybank.core.ordering import in_default_order

    bank = open_bank(ctx)
    stories = in_default_order(
        s for s in bank.all(include_archived=show_all or archived) if not archived or s.archived
    )[:limit]
    if fmt == "json":
        # Only here: the export module (CSV, redaction) is not a plain list's to import.
        from storybank.interchange.export import story_record

        echo_json([story_record(s) for s in stories])
        return
    if not stories:
        click.echo("No stories yet. Write one with `storybank add`.")
        return
    columns = width()
    click.echo(table(LIST_HEADERS, list_rows(stories), columns, flex=2, caps=list_caps(columns)))


def redact_options(func: F) -> F:
    """`--redact`, `--redact-figures`, `--show-map` and `--map-file FILE`."""
    for option in reversed(
        (
            click.option(
                "--redact",
                is_flag=True,
                help="Hide listed names (`storybank redact`), organizations, roles, e-mails, "
                "links and phone numbers behind placeholders.",
            ),
            click.option(
                "--redact-figures",
                is_flag=True,
                help="With --redact: hide amounts, percentages and big counts too.",
            ),
            click.option(
                "--show-map",
                is_flag=True,
                help="With --redact: print which placeholder stands for what, to stderr.",
            ),
            click.option(
                "--map-file",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="With --redact: write that map to FILE (owner-only).",
            ),
        )
    ):
        func = option(func)
    return func


def _redaction(
    redact: bool, figures: bool, show_map: bool, map_file: Path | None, output: Path | None = None
) -> Redaction | None:
    """The redaction asked for, or a usage error when a redaction flag comes without --redact."""
    from storybank.interchange.export import Redaction

    if not redact:
        for given, flag in ((figures, "--redact-figures"), (show_map, "--show-map")):
            if given:
                raise click.UsageError(f"{flag} works only with --redact.")
        if map_file is not None:
            raise click.UsageError("--map-file works only with --redact.")
        return None
    same = map_file is not None and output is not None
    if same and os.path.realpath(map_file or "") == os.path.realpath(output or ""):
        raise click.UsageError("--map-file and -o name the same file: the map would be lost.")
    return Redaction(figures=figures)


def _give_map(
    ctx: click.Context,
    placeholders: list[tuple[str, str]],
    show_map: bool,
    map_file: Path | None,
    encrypted: bool = False,
) -> None:
    """Print the map of placeholders to stderr and/or write it to a file, as asked."""
    from storybank.interchange.redact import map_text

    if show_map:
        for line in map_text(placeholders).splitlines():
            click.echo(one_line(line), err=True)
    if map_file is not None:
        from storybank.store.outputs import write_output

        write_output(map_file, map_text(placeholders).encode(), bank=common.bank_path(ctx))
        click.echo(f"Wrote the map of placeholders to {map_file}", err=True)
        if encrypted:
            from storybank.store.outputs import plain_copy_note

            echo_err(f"warning: {plain_copy_note(map_file, 'the names it hides')}")


def _echo_export(data: bytes, is_json: bool) -> None:
    """An export on stdout: JSON as bytes, text with controls made harmless on a terminal."""
    if is_json:
        write_stdout(json_for_terminal(data))
        return
    text = data.decode()
    if sys.stdout.isatty():
        # Markdown and CSV are exact when piped, but on a terminal an escape in a story must
        # not act.
        text = for_terminal(text)
    # color=True: click would otherwise strip what looks like ANSI codes from piped output,
    # silently changing the user's text.
    click.echo(text, nl=False, color=True)


@click.command()
@db_option
@click.argument("story_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="json prints machine-readable output for jq; markdown is ready to paste.",
)
@redact_options
@click.pass_context
def show(
    ctx: click.Context,
    story_id: str,
    fmt: str,
    redact: bool,
    redact_figures: bool,
    show_map: bool,
    map_file: Path | None,
) -> None:
    """Show one story in full; --redact to share it without names, places or contacts."""
    from storybank.cli.render import story_page
    from storybank.interchange.export import story_markdown, story_record

    redaction = _redaction(redact, redact_figures, show_map, map_file)
    bank = open_bank(ctx)
    story = bank.get(story_id)
    if redaction is not None:
        from storybank.interchange.export import redactor_for_bank

        redactor = redactor_for_bank(bank, bank.all(include_archived=True), redaction)
        story = redactor.story(story)
        _give_map(ctx, redactor.mapping(), show_map, map_file, bank.encrypted)
        # A story shared redacted leaves out where it was told (company names) and practice.
        told: list[Telling] = []
        summary = ""
    else:
        from storybank.practice.records import parse_records, story_history

        told = _told(bank, story.id)
        history = story_history(parse_records(bank.practice_docs()), story.id)
        summary = history.summary()
    if fmt == "json":
        record = story_record(story)
        if redaction is None:
            record["told_to"] = [
                {
                    "company": t.company,
                    "round": t.round,
                    "at": t.at.isoformat(),
                    "question": t.question,
                    "interview_id": t.interview_id,
                }
                for t in told
            ]
            record["practice"] = history.to_json()
        echo_json(record)
        return
    if fmt == "markdown":
        _echo_export(story_markdown(story).encode(), is_json=False)
        return
    click.echo(story_page(story, summary))
    if told:
        from storybank.cli.loop_render import told_lines

        click.echo("\nTOLD TO")
        click.echo("\n".join(told_lines(told)))


def _told(bank: Bank, story_id: str) -> list[Telling]:
    """Where the story was told (company, round, date), the earliest first."""
    if not bank.interviews():
        return []
    from storybank.readiness.toldto import by_story, tellings

    found = tellings(bank.interviews(), {a.id: a for a in bank.applications()})
    return by_story(found).get(story_id, [])


@click.command()
@db_option
@click.argument("story_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@click.pass_context
def delete(ctx: click.Context, story_id: str, yes: bool) -> None:
    """Delete a story for good (a backup of the bank is kept)."""
    bank = open_bank(ctx)
    story = bank.get(story_id)
    told = _told(bank, story.id)
    if not yes:
        if not common.is_interactive():
            why = f" It was told in {len(told)} interviews." if told else ""
            raise click.UsageError(f"Not in a terminal, so I cannot ask: add --yes to delete.{why}")
        prompt = f"Delete “{one_line(story.title)}” ({story.id})? This cannot be undone"
        if told:
            from storybank.readiness.toldto import places

            where = places(told, with_company=True)
            prompt = (
                f"“{one_line(story.title)}” was told in {len(told)} interviews "
                f"({one_line(where)}); "
                "they keep its title. Delete it? This cannot be undone"
            )
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
@click.option("--limit", "-n", type=click.IntRange(min=1), default=None, help="At most this many.")
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
@redact_options
@click.pass_context
def export_cmd(
    ctx: click.Context,
    fmt: str,
    output: Path | None,
    active: bool,
    redact: bool,
    redact_figures: bool,
    show_map: bool,
    map_file: Path | None,
) -> None:
    """Export every story as JSON, Markdown or CSV (stdout unless -o FILE), redacted if asked."""
    from storybank.interchange.export import build_export, export_file

    redaction = _redaction(redact, redact_figures, show_map, map_file, output)
    bank = open_bank(ctx)
    if output is not None:
        done = export_file(bank, fmt, output, active_only=active, redaction=redaction)
        what = "redacted stories" if redaction else "stories"
        click.echo(f"Exported {done.count} {what} to {output}", err=True)
        if redaction:
            _give_map(ctx, done.placeholders, show_map, map_file, bank.encrypted)
        if bank.encrypted:
            from storybank.store.outputs import plain_copy_note

            echo_err(f"warning: {plain_copy_note(output)}")
        return
    done = build_export(bank, fmt, active_only=active, redaction=redaction)
    if redaction:
        _give_map(ctx, done.placeholders, show_map, map_file, bank.encrypted)
    _echo_export(done.data, fmt == "json")


@click.command(name="import")
@db_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid stories, skip the rest.")
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, dry_run: bool, skip_invalid: bool) -> None:
    """Import our JSON export, or JSON from other STAR tools (all or nothing)."""
    from storybank.interchange.importing import plan_import, read_items
    from storybank.store.settings import load_settings

    bank = open_bank(ctx)
    items, own = read_items(file)
    catalog = load_settings(bank).catalog()
    plan = plan_import(items, bank.all(), own_format=own, catalog=catalog)
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
    _say_promoted(plan.promoted)
    if dry_run:
        _say_renamed(plan.renamed(plan.to_add))
        click.echo(f"Would import {len(plan.to_add)} stories (dry run: nothing written).")
        _say_loop_left_out(file)
        return
    saved = bank.add_many(plan.to_add)
    # After the save: a story added elsewhere meanwhile can take an id the plan had free.
    _say_renamed(plan.renamed(saved))
    skipped = len(plan.skipped) + len(plan.invalid)
    click.echo(f"Imported {len(saved)} stories; skipped {skipped}.")
    _say_loop_left_out(file)


def _say_loop_left_out(file: Path) -> None:
    """Say what of the interview loop the file holds that import leaves out (stories only)."""
    from storybank.interchange.importing import loop_records_left_out

    left = loop_records_left_out(file)
    if left:
        echo_err(
            f"Not imported: {left} (import brings stories only; to move everything, copy "
            "the bank file itself)."
        )


def _say_promoted(promoted: list[tuple[str, str]]) -> None:
    """One line naming the tags that became competencies (the other tags stay tags)."""
    if not promoted:
        return
    shown = [
        one_line(tag if label_key(tag) == label_key(name) else f"{tag} → {name}")
        for tag, name in promoted
    ]
    became = (
        "1 tag became a competency"
        if len(promoted) == 1
        else f"{len(promoted)} tags became competencies"
    )
    click.echo(f"{became}: {', '.join(shown)}; other tags stay tags.")


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
