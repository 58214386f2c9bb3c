"""`storybank practice`: answer interview questions out loud with a timer, see the story's cue
card, rate yourself, and let spaced repetition bring each question back when it should.

Imported by storybank.cli.entry only when the command runs (see LAZY_COMMANDS there).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import click

from storybank.cli.common import db_option, open_bank
from storybank.core.models import utc_now
from storybank.core.textsafe import one_line
from storybank.core.vocab import counted

if TYPE_CHECKING:
    from storybank.practice.decks import Card
    from storybank.readiness.facade import Readiness
    from storybank.store.bank import Bank

# The clock the timer reads: tests put their own here.
CLOCK: Callable[[], datetime] = utc_now

DECK_HELP = (
    "What to practise: due (what spaced repetition brings back today), new (questions not "
    "practised yet), competency:NAME, taxonomy:ID, job:FILE (a job ad's prep set), or pitch "
    "(tell me about yourself, strengths, weakness, why us, goals)."
)


class Stop(Exception):
    """The user asked to stop (q, or the input ended)."""


def _ask(text: str) -> str:
    """One line of input; Stop at q or at the end of the input."""
    try:
        answer: str = click.prompt(text, default="", show_default=False, prompt_suffix="\n> ")
    except click.Abort:
        raise Stop from None
    if answer.strip().casefold() in ("q", "quit"):
        raise Stop
    return answer.strip()


def build_deck(readiness: Readiness, deck: str, now: datetime) -> list[Card]:
    """The cards of the deck named on the command line."""
    from storybank.practice import decks
    from storybank.practice.records import parse_records

    kind, _, name = deck.partition(":")
    kind = kind.strip().casefold()
    records = parse_records(readiness.bank.practice_docs())
    if kind == decks.DUE:
        return decks.due_deck(readiness, records, now)
    if kind == "new":
        return decks.new_deck(readiness, records)
    if kind == decks.PITCH:
        return decks.pitch_deck(readiness)
    if kind == "competency" and name.strip():
        return decks.competency_deck(readiness, name.strip())
    if kind == "taxonomy" and name.strip():
        return decks.taxonomy_deck(readiness, name.strip())
    if kind == "job" and name.strip():
        from storybank.readiness.jobtext import read_job_file

        text, _title = read_job_file(name.strip())
        return decks.prep_deck(readiness, text)
    raise click.BadParameter(f"“{one_line(deck)}” is not a deck. {DECK_HELP}", param_hint="--deck")


def _practise_one(bank: Bank, card: Card, number: int, total: int) -> bool:
    """Practise one card; False when it was skipped. Stop ends the session."""
    from storybank.practice.attempt import Attempt
    from storybank.practice.records import Review, reviewed
    from storybank.practice.schedule import GRADES, due_at, grade_of

    question, practice_id = card.question, card.practice_id
    click.echo(f"\nQuestion {number} of {total} ({question.id}): {one_line(question.text)}")
    if _ask("Think of your answer, then press Enter to start the timer (s skips, q stops).") == "s":
        return False
    attempt = Attempt(CLOCK())
    click.echo(
        "Answer out loud now. Press Enter as you move to the next part "
        "(situation → task → action → result); type f and Enter when you finish."
    )
    while True:
        typed = _ask(f"[{attempt.part}]")
        now = CLOCK()
        if typed.casefold().startswith("f") or attempt.last_part:
            break
        attempt.mark(now)
        click.echo(f"  → {attempt.part}")
    end = now
    click.echo(f"Time: {attempt.describe(end)}")
    if card.story is not None:
        click.echo(f"Your story: {one_line(card.story.title)} ({card.story.id})")
    else:
        click.echo("Your pitch:")
    for line in card.cue():
        click.echo(one_line(f"  {line}"))
    while True:
        typed = _ask("How did it go? again, hard, good or easy (1–4; q stops)")
        grade = grade_of(typed)
        if grade is not None:
            break
        click.echo(f"Type one of: {', '.join(g.value for g in GRADES)} (or 1–4).")
    answer = Review(end, grade, round(attempt.elapsed(end)), attempt.split(end))
    saved = bank.save_practice(
        question.id, practice_id, lambda doc: reviewed(doc, question.id, practice_id, answer)
    )
    back = due_at(saved["card"]).astimezone().strftime("%Y-%m-%d %H:%M")
    click.echo(f"Saved ({grade.value}). This question comes back on {back}.")
    return True


@click.command(name="practice")
@db_option
@click.option("--deck", default="due", show_default=True, metavar="DECK", help=DECK_HELP)
@click.option(
    "--count", default=5, show_default=True, type=click.IntRange(1, 100), help="Questions to ask."
)
@click.pass_context
def practice_cmd(ctx: click.Context, deck: str, count: int) -> None:
    """Answer questions out loud with a timer, see your cue card, and rate yourself."""
    from storybank.readiness.facade import Readiness

    bank = open_bank(ctx)
    readiness = Readiness.load(bank)
    cards = build_deck(readiness, deck, CLOCK())
    unanswered = [c for c in cards if not c.ready]
    cards = [c for c in cards if c.ready][:count]
    if unanswered:
        click.echo(
            f"{counted(len(unanswered), 'question', 'questions')} of this deck "
            "have no story yet; `storybank coverage` shows what to write.",
            err=True,
        )
    if not cards:
        if deck.strip().casefold() == "due":
            click.echo(
                "Nothing is due today. Try `storybank practice --deck new`, or a competency: "
                "--deck competency:Leadership."
            )
        else:
            click.echo("No question of this deck has a story to practise with yet.")
        return
    done = 0
    try:
        for number, card in enumerate(cards, 1):
            done += _practise_one(bank, card, number, len(cards))
    except Stop:
        pass
    click.echo(f"\nPractised {counted(done, 'question', 'questions')}; every rating is saved.")
