"""The front-end entry point: one load per bank revision, then answers, coverage and prep."""

from __future__ import annotations

from storybank.readiness.facade import Readiness
from storybank.store.bank import Bank
from storybank.store.settings import update_settings
from tests.conftest import make_story


def test_readiness_answers_covers_and_prepares(bank: Bank) -> None:
    bank.add(make_story(title="Led the on-call rewrite", competencies=["Leadership"]))
    ready = Readiness.load(bank)
    answer = ready.answer_question(ready.question("Q9"))
    assert answer.question_id == "Q9" and answer.fits
    assert answer.matches[0].story.title == "Led the on-call rewrite"
    coverage = ready.coverage()
    assert coverage is ready.coverage()  # computed once
    assert {r.name: r.count for r in coverage.rows}["Leadership"] == 1
    prep = ready.prepare("You will lead a team and show leadership every day.")
    assert prep.items[0].hit.name == "Leadership" and prep.items[0].story is not None


def test_readiness_knows_when_the_bank_moved_on(bank: Bank) -> None:
    ready = Readiness.load(bank)
    assert ready.is_current()
    bank.add(make_story())
    assert not ready.is_current()
    ready = Readiness.load(bank)
    update_settings(bank, lambda s: s.model_copy(update={"active_taxonomies": ["amazon"]}))
    assert not ready.is_current()  # a settings change is a change too
    assert Readiness.load(bank).catalog.active == ("amazon",)
