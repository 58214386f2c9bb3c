"""The told-to log and the rule that prefers stories not yet told to a company."""

from __future__ import annotations

from datetime import timedelta

from storybank.readiness.toldto import by_story, prefer_untold, tellings, told_to_company

from .loopkit import NOW, make_application, make_interview


def _told(story_id: str, title: str = "Pager") -> dict[str, str]:
    return {"question": "A conflict?", "story_id": story_id, "story_title": title}


def test_tellings_name_company_round_and_date_and_keep_the_title_as_told() -> None:
    acme = make_application(company="Acme")
    first = make_interview(acme, start=NOW, round="recruiter screen", asked=[_told("s-111111")])
    second = make_interview(
        acme, start=NOW + timedelta(days=5), asked=[_told("s-111111", "Pager, renamed later")]
    )
    told = tellings([second, first], {acme.id: acme})
    assert [t.label() for t in told] == [
        "Acme · recruiter screen · 2026-12-02",
        "Acme · technical · 2026-12-07",
    ]
    assert [t.story_title for t in by_story(told)["s-111111"]] == ["Pager", "Pager, renamed later"]


def test_told_to_a_company_is_matched_loosely_and_skips_the_interview_at_hand() -> None:
    acme, loud, other = (
        make_application(company="Acme"),
        make_application(company="ACME "),
        make_application(company="Globex"),
    )
    one = make_interview(acme, asked=[_told("s-111111")])
    two = make_interview(loud, asked=[_told("s-222222")])
    three = make_interview(other, asked=[_told("s-333333")])
    apps = {a.id: a for a in (acme, loud, other)}
    told = tellings([one, two, three], apps)
    assert set(told_to_company(told, "acme")) == {"s-111111", "s-222222"}
    assert set(told_to_company(told, "Acme", except_interview=one.id)) == {"s-222222"}
    assert told_to_company(told, "") == {}


def test_untold_stories_come_first_in_their_own_order() -> None:
    ranked = ["s-a", "s-b", "s-c", "s-d"]
    assert prefer_untold(ranked, {"s-a", "s-c"}, lambda s: s) == ["s-b", "s-d", "s-a", "s-c"]
