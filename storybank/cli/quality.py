"""`storybank check`: the offline quality check of stories, as text or JSON, and the rules each
story has silenced.

Imported by storybank.cli.entry only when the command runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from storybank.cli.common import db_option, echo_json, format_option, open_bank
from storybank.core.ordering import in_default_order
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted
from storybank.quality.check import (
    READY_SCORE,
    RULE_IDS,
    UNSILENCEABLE,
    Report,
    check_story,
)

if TYPE_CHECKING:
    from storybank.core.models import Story


def report_lines(report: Report) -> list[str]:
    """One story's report: its id and title, its score, then one line per finding."""
    if report.strong:
        weak = ""
    elif report.score >= READY_SCORE:
        weak = " (a draft: not yet ready to tell)"
    else:
        weak = f" (below {READY_SCORE}: not yet ready to tell)"
    lines = [one_line(f"{report.story_id}  {report.title}"), f"  score {report.score}/100{weak}"]
    for finding, cost in zip(report.findings, report.costs(), strict=True):
        lines.append(
            one_line(
                f"  - {finding.part} [{finding.rule}, -{cost}]: {finding.change} {finding.why}"
            )
        )
    if report.silenced:
        rules = ", ".join(dict.fromkeys(f.rule for f in report.silenced))
        lines.append(one_line(f"  silenced: {rules} (--unsilence RULE brings one back)"))
    return lines


def _spoken_advice(docs: list[dict[str, Any]], story_ids: list[str]) -> dict[str, list[str]]:
    """For each story practised with a split, what its timed answers say about its parts."""
    if not docs:
        return {}
    from storybank.practice.records import parse_records, split_advice, story_history

    records = parse_records(docs)
    return {sid: split_advice(story_history(records, sid)) for sid in story_ids}


def _rule_ids(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """The rule ids given, checked against the rules the check has."""
    out = []
    for value in values:
        rule = value.strip().casefold()
        if rule not in RULE_IDS:
            raise click.BadParameter(
                f"“{one_line(value)}” is not a rule; the rules are: {', '.join(RULE_IDS)}",
                ctx=ctx,
            )
        if rule in UNSILENCEABLE and param.name == "silence":
            raise click.BadParameter(
                f"{rule} cannot be silenced: write the part, or keep the story as a draft",
                ctx=ctx,
            )
        out.append(rule)
    return out


def silenced_changed(story: Story, silence: list[str], unsilence: list[str]) -> Story:
    """`story` with `silence` added to its silenced rules and `unsilence` taken out."""
    from storybank.core.models import revise

    kept = [rule for rule in story.silenced if rule not in unsilence]
    return revise(story, silenced=kept + [r for r in silence if r not in kept])


@click.command(name="check")
@db_option
@click.argument("story_ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--silence",
    multiple=True,
    metavar="RULE",
    callback=_rule_ids,
    help="Turn a rule off for the named stories when you disagree with it (repeatable).",
)
@click.option(
    "--unsilence",
    multiple=True,
    metavar="RULE",
    callback=_rule_ids,
    help="Turn a silenced rule back on for the named stories (repeatable).",
)
@format_option
@click.pass_context
def check_cmd(
    ctx: click.Context,
    story_ids: tuple[str, ...],
    silence: list[str],
    unsilence: list[str],
    fmt: str,
) -> None:
    """Check stories for what weakens them when told (all active stories when no ID)."""
    if (silence or unsilence) and not story_ids:
        raise click.UsageError("Name the stories to silence a rule for: check ID --silence RULE")
    bank = open_bank(ctx)
    if story_ids:
        stories = list({s.id: s for s in (bank.get(i) for i in story_ids)}.values())
    else:
        stories = in_default_order(bank.all(include_archived=False))
    if silence or unsilence:
        stories = [
            bank.change_story(s.id, lambda now: silenced_changed(now, silence, unsilence))
            for s in stories
        ]
        many = counted(len(stories), "story", "stories")
        for rule in silence:
            click.echo(f"Silenced {rule} for {many}.", err=True)
        for rule in unsilence:
            click.echo(f"Brought back {rule} for {many}.", err=True)
    if story_ids:
        reports = [check_story(story) for story in stories]
    else:
        # Every active story: unchanged ones are read from the checks kept beside the bank.
        from storybank.readiness.keptchecks import checked_reports

        reports = checked_reports(bank, stories)
    spoken = _spoken_advice(bank.practice_docs(), [s.id for s in stories])
    if fmt == "json":
        echo_json(
            [{**report.to_json(), "spoken": spoken.get(report.story_id, [])} for report in reports]
        )
        return
    if not reports:
        click.echo("No stories yet. Write one with `storybank add`.")
        return
    blocks = [
        "\n".join(
            [
                *report_lines(report),
                *(one_line(f"  * {a}") for a in spoken.get(report.story_id, [])),
            ]
        )
        for report in reports
    ]
    click.echo("\n\n".join(blocks))
