"""Coverage numbers: stories per competency, gaps, thin spots, sources and uncovered questions."""

from __future__ import annotations

from storybank.core.models import Story
from storybank.core.taxonomy import Catalog
from storybank.readiness.coverage import Coverage, compute_coverage
from storybank.readiness.questions import Question
from tests.conftest import make_story

CATALOG = Catalog(["general"])
QUESTIONS = [
    Question("Q1", "A conflict?", ("Conflict resolution", "Teamwork")),
    Question("Q2", "A mistake?", ("Failure and learning",)),
    Question("Q3", "A deadline?", ("Prioritization",)),
    Question("U1", "Kubernetes?", ("Kubernetes",)),
]


def build() -> tuple[list[Story], Coverage]:
    stories = [
        make_story(title="A", competencies=["team work", "Conflict"], source={"kind": "work"}),
        make_story(title="B", competencies=["Collaboration"], source={"kind": "education"}),
        make_story(title="C", competencies=["Mistakes"], action="", source={"kind": "volunteer"}),
        make_story(title="D", competencies=["Kubernetes"], source={"kind": "personal"}),
        make_story(title="E", competencies=["Prioritization"], archived=True),
    ]
    return stories, compute_coverage(stories, CATALOG, QUESTIONS)


def test_counts_per_competency_through_aliases() -> None:
    stories, coverage = build()
    rows = {r.name: r for r in coverage.rows}
    assert rows["Teamwork"].count == 2 and rows["Teamwork"].status == "ok"
    assert rows["Conflict resolution"].count == 1 and rows["Conflict resolution"].thin
    assert rows["Failure and learning"].count == 1 and rows["Failure and learning"].ready == 0
    assert rows["Prioritization"].gap  # its only story is archived
    assert rows["Teamwork"].kinds == {"work": 1, "education": 1, "volunteer": 0, "personal": 0}
    assert coverage.cell("teamwork", stories[1].id)
    assert not coverage.cell("teamwork", stories[2].id)


def test_every_active_competency_is_listed_and_story_only_ones_follow() -> None:
    _, coverage = build()
    names = [r.name for r in coverage.rows]
    assert names[: len(CATALOG.competencies)] == [c.name for c in CATALOG.competencies]
    assert names[len(CATALOG.competencies) :] == ["Kubernetes"]
    assert coverage.rows[-1].taxonomies == ()
    # Of the 17 general competencies only Teamwork, Conflict and Failure have active stories.
    assert len(coverage.gaps) == 14
    thin = {r.name for r in coverage.thin}
    assert thin == {"Conflict resolution", "Failure and learning", "Kubernetes"}


def test_source_balance_counts_active_stories_only() -> None:
    _, coverage = build()
    assert len(coverage.stories) == 4
    assert coverage.sources == {"work": 1, "education": 1, "volunteer": 1, "personal": 1}
    assert coverage.balance == {"work": 1, "education": 1, "other": 2}


def test_source_balance_leaves_out_a_title_only_draft() -> None:
    stories, _ = build()
    bare = make_story(title="Just an idea", situation="", task="", action="", result="", source={})
    placed = make_story(
        title="Idea at school", situation="", task="", action="", result="",
        source={"kind": "education", "organization": "Uni"},
    )  # fmt: skip
    coverage = compute_coverage([*stories, bare, placed], CATALOG, QUESTIONS)
    assert len(coverage.stories) == 6  # still an active story, only not a source
    assert coverage.sources == {"work": 1, "education": 2, "volunteer": 1, "personal": 1}


def test_questions_without_a_ready_story() -> None:
    stories, coverage = build()
    gaps = {g.question.id: g for g in coverage.question_gaps}
    assert set(gaps) == {"Q2", "Q3"}  # Q1 has A and B; U1 has D
    assert gaps["Q2"].drafts == (stories[2].id,)  # a draft would fit once finished
    assert gaps["Q3"].drafts == () and gaps["Q3"].names == ("Prioritization",)
    assert coverage.questions_total == 4


def test_an_empty_bank_is_all_gaps() -> None:
    coverage = compute_coverage([], CATALOG, QUESTIONS)
    assert all(r.gap for r in coverage.rows)
    assert len(coverage.question_gaps) == 4
    assert coverage.balance == {"work": 0, "education": 0, "other": 0}


def test_coverage_counts_strong_stories_and_names_weak_ones_to_fix_first() -> None:
    from storybank.core.taxonomy import default_catalog
    from tests.quality_cases import CHECKOUT, ONCALL, story

    strong = story(ONCALL, competencies=["Leadership"])
    weak_only = story(CHECKOUT, result="", competencies=["Conflict resolution"])
    weak_too = story(CHECKOUT, task="", title="Also weak", competencies=["Leadership"])
    plain = compute_coverage([strong, weak_only, weak_too], default_catalog(), [])
    assert not plain.checked and plain.fix_first == ()  # the check runs only when asked
    coverage = plain.with_quality()
    assert coverage.checked and coverage.with_quality() is coverage
    rows = {row.name: row for row in coverage.rows}
    assert rows["Leadership"].strong == 1
    assert rows["Conflict resolution"].strong == 0
    names = [weak.story_id for weak in coverage.fix_first]
    # The story that would give a competency its first strong story comes first.
    assert names[0] == weak_only.id
    assert coverage.fix_first[0].unlocks == ("Conflict resolution",)
    assert coverage.fix_first[0].first_change.startswith("Write the result")
    assert weak_too.id in names and strong.id not in names
