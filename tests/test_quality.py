"""The quality check: each rule on the labelled set, the detectors behind them, and the score."""

from __future__ import annotations

import re

import pytest

from storybank.quality import detect
from storybank.quality.check import RULE_IDS, RULES, Finding, check_story, rule
from tests.conftest import make_story
from tests.quality_cases import CASES, CHECKOUT, ONCALL, story

# Cases a rule is known to get wrong, as (rule, case name): the get-passive ("got approved")
# is outside the "to be" + participle heuristic.
KNOWN_WRONG = {("passive-action", "checkout action with a get-passive")}
REPORTS = {case.name: check_story(case.story) for case in CASES}


def test_the_set_is_big_enough_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_each_rule_fires_on_its_cases_and_no_others(rule_id: str) -> None:
    wanted = {c.name for c in CASES if rule_id in c.expected}
    fired = {name for name, report in REPORTS.items() if rule_id in report.rules}
    known = {name for r, name in KNOWN_WRONG if r == rule_id}
    assert fired ^ wanted == known
    # Every rule has cases on both sides, and a case it must stay quiet on.
    assert wanted and len(wanted) < len(CASES) - 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_case_gets_exactly_its_labels(case: object) -> None:
    from tests.quality_cases import Case

    assert isinstance(case, Case)
    known = {r for r, name in KNOWN_WRONG if name == case.name}
    assert REPORTS[case.name].rules ^ case.expected == known


def test_a_well_told_story_scores_100_with_nothing_taken_off() -> None:
    report = check_story(story(ONCALL))
    assert report.findings == () and report.deductions == {} and report.score == 100


def test_the_score_is_100_less_each_rules_deduction_capped() -> None:
    # Two missing parts cost 20 each; the fillers cost 2 each up to 8.
    report = check_story(
        story(
            ONCALL,
            task="",
            result="",
            action=ONCALL["action"] + " I basically, literally, kind of, sort of, really did it.",
        )
    )
    assert report.deductions["missing-part"] == 40
    assert report.deductions["filler"] == rule("filler").cap == 8
    assert report.score == 100 - sum(report.deductions.values())
    assert set(report.deductions) == report.rules


def test_the_score_never_goes_below_zero() -> None:
    result = "We basically, kind of, sort of, really did it for the XYZ, ABC and QRS."
    report = check_story(
        make_story(situation="", task="", action="", result=result, competencies=[])
    )
    assert sum(report.deductions.values()) > 100
    assert report.score == 0


def test_each_finding_names_its_part_and_says_what_and_why_in_one_sentence() -> None:
    findings: list[Finding] = [f for report in REPORTS.values() for f in report.findings]
    assert {f.rule for f in findings} == set(RULE_IDS)
    for finding in findings:
        assert finding.part in {
            "situation", "task", "action", "result", "reflection", "story", "competencies"
        }  # fmt: skip
        for sentence in (finding.change, finding.why):
            assert sentence[0].isupper() and sentence.endswith(".")
            assert not re.search(r"[.!?] [A-Z]", sentence), sentence


def test_findings_come_in_the_order_of_the_rules() -> None:
    order = [f.rule for f in REPORTS["a first draft with many problems"].findings]
    assert order == sorted(order, key=RULE_IDS.index)


def test_every_rule_has_a_title_and_a_cap_at_least_its_points() -> None:
    for each in RULES:
        assert each.title and 0 < each.points <= each.cap <= 80


def test_missing_parts_are_named_and_a_thin_part_says_its_length() -> None:
    report = check_story(story(CHECKOUT, task="", result="Up 12%."))
    assert [(f.rule, f.part) for f in report.findings[:2]] == [
        ("missing-part", "task"),
        ("thin-part", "result"),
    ]
    assert "2 words" in report.findings[1].change


def test_we_over_i_counts_both_in_the_finding() -> None:
    action = "We sorted the pages; our lead and I rewrote the rules; we reviewed them weekly."
    report = check_story(story(ONCALL, action=action))
    (finding,) = [f for f in report.findings if f.rule == "we-over-i"]
    assert "“we” 3 times and “I” 1 time" in finding.change


def test_the_json_form_holds_the_score_the_breakdown_and_the_findings() -> None:
    report = check_story(story(ONCALL, competencies=[]))
    data = report.to_json()
    assert data["score"] == 95 and data["deductions"] == {"no-competency": 5}
    assert data["findings"][0]["rule"] == "no-competency"
    assert data["findings"][0]["part"] == "competencies"


# The detectors, on single sentences --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pages fell by 70%.",
        "We saved $40,000 a year.",
        "Releases went from weekly to daily.",
        "Triage went from hours to minutes.",
        "Sign-ups doubled.",
        "It shipped within a week.",
        "Nine of the ten stores kept it.",
        "Errors: 40 → 3.",
    ],
)
def test_a_measure_is_found_however_it_is_written(text: str) -> None:
    assert detect.has_measure(text)


@pytest.mark.parametrize(
    "text",
    [
        "The team was much happier.",
        "We moved from the old tool to the new one.",
        "My manager praised the work in my review.",
    ],
)
def test_words_without_an_amount_are_no_measure(text: str) -> None:
    assert not detect.has_measure(text)


def test_we_and_i_count_every_form_of_each() -> None:
    assert detect.we_and_i("We told our manager; I asked my lead, and she thanked us.") == (3, 2)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I basically rewrote it.", ["basically"]),
        ("It was kind of messy and I sort of took over.", ["kind of", "sort of"]),
        ("I just asked her. It was really hard.", ["just", "really"]),
        ("I think maybe we could, I guess.", ["I think maybe", "I guess"]),
        ("This kind of alert, that sort of bug.", []),
        ("It landed just in time; I had just joined; it took just 3 days.", []),
        ("I asked what really slowed them down.", []),
        ("I learned to test the unhappy path, not just the happy one.", []),
    ],
)
def test_fillers_are_the_hedges_and_not_the_plain_uses(text: str, found: list[str]) -> None:
    assert detect.fillers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The rule was rewritten and the lists were printed.", ["was rewritten", "were printed"]),
        ("The plan was quickly approved.", ["was quickly approved"]),
        ("They had been copied from an old system.", ["been copied"]),
        ("I was tired, I was determined, and I was able to fix it.", []),
        ("The queue was gone and the team is here.", []),
        ("I rewrote the rule.", []),
    ],
)
def test_passives_are_a_form_of_be_and_a_participle(text: str, found: list[str]) -> None:
    assert detect.passives(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I moved it to the SRE report.", ["SRE"]),
        ("We own two OKRs.", ["OKR"]),
        ("The CEO asked about the API in the US.", []),
        ("Our service level objectives (SLOs) held.", []),
        ("Our NPS (Net Promoter Score) rose; the ROI, return on investment, too.", []),
    ],
)
def test_acronyms_are_unexplained_unless_spelled_out_or_known(text: str, found: list[str]) -> None:
    assert detect.unexplained_acronyms(text, [text]) == found


def test_an_acronym_spelled_out_in_another_part_is_explained() -> None:
    assert detect.unexplained_acronyms("The SLA held.", ["Our service level agreement"]) == []


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("I made a costly mistake in my first month.", True),
        ("The design lead and I disagreed about it.", True),
        ("I argued with the coordinator.", True),
        ("It was my fault.", True),
        ("The hall's internet failed one morning.", False),
        ("We avoided a scheduling conflict with the release.", False),
    ],
)
def test_failure_and_conflict_words_are_the_tellers_own(text: str, told: bool) -> None:
    assert bool(detect.hard_story_words(text)) is told


def test_failure_and_conflict_competencies_are_found_by_key() -> None:
    assert detect.hard_competency({"failureandlearning"})
    assert detect.hard_competency({"havebackbone;disagreeandcommit"})
    assert not detect.hard_competency({"leadership", "ownership"})


def test_each_findings_cost_adds_up_to_its_rules_deduction() -> None:
    report = check_story(
        story(ONCALL, task="", result="", reflection="I basically, kind of, really, just did it.")
    )
    costs = report.costs()
    assert costs[:2] == [20, 20]  # the two missing parts
    for rule_id, deduction in report.deductions.items():
        assert sum(c for f, c in zip(report.findings, costs, strict=True) if f.rule == rule_id) == (
            deduction
        )


def test_a_silenced_rule_is_reported_apart_and_costs_nothing() -> None:
    from storybank.quality.check import check_story
    from tests.quality_cases import CHECKOUT, story

    loud = check_story(story(CHECKOUT, reflection="", competencies=[]))
    quiet = check_story(story(CHECKOUT, reflection="", competencies=[], silenced=["no-competency"]))
    assert "no-competency" in loud.rules and "no-competency" not in quiet.rules
    assert [f.rule for f in quiet.silenced] == ["no-competency"]
    assert quiet.score == loud.score + loud.deductions["no-competency"]


def test_report_for_is_made_once_per_story_object() -> None:
    from storybank.core.models import revise
    from storybank.quality.check import report_for
    from tests.quality_cases import ONCALL, story

    one = story(ONCALL)
    assert report_for(one) is report_for(one)
    changed = revise(one, result="")
    assert report_for(changed) is not report_for(one)
    assert "missing-part" in report_for(changed).rules


def test_is_strong_needs_all_four_parts_and_the_threshold() -> None:
    from storybank.quality.check import READY_SCORE, is_strong, report_for
    from tests.quality_cases import ONCALL, story

    assert is_strong(story(ONCALL))
    draft = story(ONCALL, task="")
    assert report_for(draft).score >= READY_SCORE - 20 and not is_strong(draft)


def test_a_draft_is_never_strong_however_high_it_scores() -> None:
    from storybank.quality.check import READY_SCORE, check_story
    from tests.quality_cases import ONCALL, story

    draft = check_story(story(ONCALL, reflection="", result=""))
    assert draft.score >= READY_SCORE and not draft.strong
