"""`storybank pitch`: the answers every interview starts or ends with ("tell me about
yourself", strengths, a weakness, why this company, goals), kept in the bank and checked for
length.

Imported by storybank.cli.entry only when the command runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import click

from storybank.cli.common import db_option, echo_json, format_option, is_interactive, open_bank
from storybank.core.models import utc_now
from storybank.core.pitch import PITCH_IDS, PITCH_KINDS, pitch_advice, pitch_kind, pitch_seconds
from storybank.core.textsafe import for_terminal, one_line
from storybank.core.timing import format_duration
from storybank.practice.pitch import pitch_doc, pitch_texts

KIND = click.Choice(PITCH_IDS, case_sensitive=False)


@click.group(name="pitch", invoke_without_command=True)
@db_option
@format_option
@click.pass_context
def pitch_group(ctx: click.Context, fmt: str) -> None:
    """Your pitch: each part, how long it takes to say, and what to change."""
    if ctx.invoked_subcommand is not None:
        return
    texts = pitch_texts(open_bank(ctx).pitch_docs())
    if fmt == "json":
        echo_json(
            [
                {
                    "kind": kind.id,
                    "question": kind.question,
                    "text": texts[kind.id],
                    "seconds": pitch_seconds(texts[kind.id]),
                    "advice": pitch_advice(kind, texts[kind.id]),
                }
                for kind in PITCH_KINDS
            ]
        )
        return
    blocks = []
    for kind in PITCH_KINDS:
        text = texts[kind.id]
        said = f"about {format_duration(pitch_seconds(text))}" if text else "not written"
        lines = [f"{kind.id}  {kind.question}  ({said})"]
        lines += [one_line(f"  - {advice}") for advice in pitch_advice(kind, text)]
        blocks.append("\n".join(lines))
    click.echo("\n\n".join(blocks))
    click.echo("\n`storybank pitch show KIND` prints one; `pitch edit KIND` writes it.")


@pitch_group.command(name="show")
@db_option
@click.argument("kind", type=KIND)
@click.pass_context
def pitch_show(ctx: click.Context, kind: str) -> None:
    """Print one part of the pitch."""
    part = pitch_kind(kind)
    text = pitch_texts(open_bank(ctx).pitch_docs())[part.id]
    click.echo(part.question)
    click.echo(for_terminal(text) if text else f"(not written yet: {part.hint})")


@pitch_group.command(name="edit")
@db_option
@click.argument("kind", type=KIND)
@click.option("--text", "new_text", help="The new text (without it, $EDITOR opens).")
@click.pass_context
def pitch_edit(ctx: click.Context, kind: str, new_text: str | None) -> None:
    """Write one part of the pitch, then say how long it takes and what to change."""
    part = pitch_kind(kind)
    bank = open_bank(ctx)
    if new_text is None:
        if not is_interactive():
            raise click.UsageError("Give --text, or run it in a terminal to use $EDITOR")
        before = pitch_texts(bank.pitch_docs())[part.id]
        edited = click.edit(f"{before}\n\n# {part.question}\n# {part.hint}\n", extension=".md")
        if edited is None:
            click.echo("Nothing changed.")
            return
        new_text = "\n".join(
            line for line in edited.splitlines() if not line.startswith("#")
        ).strip()
    try:
        doc = pitch_doc(part.id, new_text, utc_now())
    except ValueError as error:
        raise click.BadParameter(f"The text {error}", param_hint="--text") from None
    bank.save_pitch(part.id, lambda _old: doc)
    seconds = pitch_seconds(doc["text"])
    click.echo(f"Saved {part.id} (about {format_duration(seconds)} to say).")
    for advice in pitch_advice(part, doc["text"]):
        click.echo(one_line(f"  - {advice}"))
