"""`storybank check`: the offline quality check of stories, as text or JSON.

Imported by storybank.cli.entry only when the command runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

import click

from storybank.cli.common import db_option, echo_json, format_option, open_bank
from storybank.core.ordering import in_default_order
from storybank.core.textsafe import one_line
from storybank.quality.check import Report, check_story


def report_lines(report: Report) -> list[str]:
    """One story's report: its id and title, its score, then one line per finding."""
    lines = [one_line(f"{report.story_id}  {report.title}"), f"  score {report.score}/100"]
    for finding, cost in zip(report.findings, report.costs(), strict=True):
        lines.append(
            one_line(
                f"  - {finding.part} [{finding.rule}, -{cost}]: {finding.change} {finding.why}"
            )
        )
    return lines


@click.command(name="check")
@db_option
@click.argument("story_ids", nargs=-1, metavar="[ID]...")
@format_option
@click.pass_context
def check_cmd(ctx: click.Context, story_ids: tuple[str, ...], fmt: str) -> None:
    """Check stories for what weakens them when told (all active stories when no ID)."""
    bank = open_bank(ctx)
    if story_ids:
        stories = list({s.id: s for s in (bank.get(i) for i in story_ids)}.values())
    else:
        stories = in_default_order(bank.all(include_archived=False))
    reports = [check_story(story) for story in stories]
    if fmt == "json":
        echo_json([report.to_json() for report in reports])
        return
    if not reports:
        click.echo("No stories yet. Write one with `storybank add`.")
        return
    blocks = ["\n".join(report_lines(report)) for report in reports]
    click.echo("\n\n".join(blocks))
