"""Preparing for a job: competencies found in realistic ads, the prep set, and the sheet."""

from __future__ import annotations

from pathlib import Path

from storybank.core.settings import Settings
from storybank.core.taxonomy import Catalog
from storybank.readiness.matching import CompetencyFinder
from storybank.readiness.prepare import prep_markdown, prepare
from storybank.readiness.questions import StoryMatcher, all_questions
from tests.conftest import make_story

JOBS = Path(__file__).parent / "data" / "jobs"
CATALOG = Catalog(["general"])
QUESTIONS = all_questions(Settings())


def job(name: str) -> str:
    return (JOBS / f"{name}.txt").read_text(encoding="utf-8")


def found(name: str, catalog: Catalog = CATALOG) -> dict[str, tuple[str, ...]]:
    return {h.name: h.words for h in CompetencyFinder(catalog).find(job(name))}


def test_a_team_lead_ad_asks_for_leadership_mentoring_and_teamwork() -> None:
    hits = found("team-lead-backend")
    top = list(hits)[:6]
    for name in ("Leadership", "Mentoring", "Teamwork", "Communication", "Problem solving"):
        assert name in top, (name, top)
    assert "mentor" in hits["Mentoring"]
    assert "root cause" in hits["Problem solving"]
    assert "Customer focus" not in hits


def test_a_customer_success_ad_is_led_by_customer_focus() -> None:
    hits = found("customer-success")
    assert next(iter(hits)) == "Customer focus"
    assert "Influence without authority" in hits
    assert "Prioritization" in hits
    assert "Mentoring" not in hits  # "internal" and customer onboarding are not mentoring


def test_a_startup_ad_finds_ambiguity_and_initiative() -> None:
    hits = found("startup-generalist")
    for name in ("Adaptability", "Initiative", "Decision making"):
        assert name in hits
    tih = found("startup-generalist", Catalog(["tih"]))
    assert "Working in an unstructured environment" in tih


def test_an_ad_without_behavioural_words_is_called_out() -> None:
    prep = prepare(job("forklift"), StoryMatcher([], CATALOG), QUESTIONS)
    assert prep.hits == () and prep.items == ()
    assert prep.weak and "No competency keyword" in prep.note


def test_a_thin_ad_is_flagged_weak() -> None:
    prep = prepare("Must be a team player.", StoryMatcher([], CATALOG), QUESTIONS)
    assert [h.name for h in prep.hits] == ["Teamwork"]
    assert prep.weak and prep.note.startswith("Weak match: only 1 keyword hit ")


def test_the_prep_set_reuses_a_story_only_when_it_must() -> None:
    both = make_story(title="Both", competencies=["Leadership", "Teamwork"])
    team = make_story(title="Team only", competencies=["Teamwork"])
    mentor = make_story(title="Mentor", competencies=["Mentoring", "Leadership"])
    matcher = StoryMatcher([both, team, mentor], CATALOG)
    text = "Lead a team. Leadership, teamwork and collaboration. Mentor and coach juniors."
    prep = prepare(text, matcher, QUESTIONS)
    chosen = {i.hit.name: (i.story.title if i.story else None, i.reused) for i in prep.items}
    # Each competency gets its own story: Mentoring takes "Mentor", Leadership then takes "Both",
    # and Teamwork is left "Team only" rather than reusing one.
    assert chosen == {
        "Leadership": ("Both", False),
        "Teamwork": ("Team only", False),
        "Mentoring": ("Mentor", False),
    }
    alone = prepare(text, StoryMatcher([both], CATALOG), QUESTIONS)
    picks = {i.hit.name: (i.story.title if i.story else None, i.reused) for i in alone.items}
    assert picks["Mentoring"] == (None, False)  # a gap, named as such
    assert sorted(picks.values(), key=str) == [("Both", False), ("Both", True), (None, False)]
    assert [i.hit.name for i in alone.gaps] == ["Mentoring"]


def test_one_story_for_most_of_a_sheet_is_called_out_with_what_to_write() -> None:
    text = "Lead a team. Leadership, teamwork and collaboration. Mentor and coach juniors."
    only = make_story(title="Ran the summit", competencies=["Leadership", "Teamwork", "Mentoring"])
    prep = prepare(text, StoryMatcher([only], CATALOG), QUESTIONS)
    [overuse] = prep.overused
    assert overuse.story.id == only.id and (overuse.count, overuse.of) == (3, 3)
    assert (
        sorted(overuse.reused_for) == sorted(i.hit.name for i in prep.items if i.reused)
        and len(overuse.reused_for) == 2
    )
    assert "“Ran the summit” answers 3 of the 3 competencies" in overuse.advice()
    assert "One story for most of it." in prep_markdown(prep, "Lead")
    # Spread over three stories (or with fewer than three answered), nothing is overused.
    spread = [
        make_story(title="Led", competencies=["Leadership"]),
        make_story(title="Team", competencies=["Teamwork"]),
        make_story(title="Coach", competencies=["Mentoring"]),
    ]
    assert prepare(text, StoryMatcher(spread, CATALOG), QUESTIONS).overused == ()
    two = make_story(title="Two", competencies=["Leadership", "Teamwork"])
    assert (
        prepare("Leadership and teamwork.", StoryMatcher([two], CATALOG), QUESTIONS).overused == ()
    )


def test_ready_stories_are_chosen_before_drafts() -> None:
    draft = make_story(title="Draft lead", competencies=["Leadership"], result="")
    ready = make_story(title="Ready lead", competencies=["Leadership"])
    prep = prepare(
        "We want leadership: you will lead and lead.",
        StoryMatcher([draft, ready], CATALOG),
        QUESTIONS,
    )
    assert prep.items[0].story is not None and prep.items[0].story.title == "Ready lead"


def test_the_markdown_sheet_has_stories_questions_timing_and_gaps() -> None:
    lead = make_story(title="Led the | pipe team", competencies=["Leadership"])
    prep = prepare(job("team-lead-backend"), StoryMatcher([lead], CATALOG), QUESTIONS)
    sheet = prep_markdown(prep, "Team lead")
    assert sheet.startswith("# Interview prep: Team lead\n")
    assert "| Leadership |" in sheet and "Led the \\| pipe team" in sheet
    assert "## Mentoring" in sheet and "**Gap:** no story shows Mentoring yet" in sheet
    assert "Questions it answers:\n- Q9: Tell me about a time you led a team or a project." in sheet
    assert "to tell*" in sheet  # the speaking time of the story
    assert "**Action.** I grouped alerts" in sheet


def test_the_prep_set_groups_by_how_strongly_the_ad_asks() -> None:
    lead = make_story(title="Led the migration", competencies=["Leadership"])
    prep = prepare(job("team-lead-backend"), StoryMatcher([lead], CATALOG), QUESTIONS)
    groups = dict(prep.groups)
    assert list(groups) == ["Asked for most", "Also asked for"]
    most = [item.hit.name for item in groups["Asked for most"]]
    assert most[0] == "Leadership" and "Mentoring" in most
    # Every competency found is in exactly one group, in the order found.
    assert [i for _, items in prep.groups for i in items] == list(prep.items)


def test_a_gap_offers_the_closest_related_story() -> None:
    lead = make_story(title="Led the migration", competencies=["Leadership"])
    fixer = make_story(title="Found the leak", competencies=["Problem solving"])
    prep = prepare(job("team-lead-backend"), StoryMatcher([lead, fixer], CATALOG), QUESTIONS)
    gaps = {item.hit.name: item for item in prep.gaps}
    # Mentoring ↔ Leadership and Technical depth ↔ Problem solving are linked in the crosswalk.
    assert gaps["Mentoring"].related == lead and gaps["Mentoring"].related_via == "Leadership"
    assert gaps["Technical depth"].related == fixer
    sheet = prep_markdown(prep, "Team lead")
    assert f"Closest related story: Found the leak ({fixer.id}), which shows Problem solving." in (
        sheet
    )
    assert "### Asked for most" in sheet and "(closest: Led the migration)" in sheet
    alone = prepare(job("team-lead-backend"), StoryMatcher([], CATALOG), QUESTIONS)
    assert all(item.related is None for item in alone.items)


def test_one_common_word_in_one_line_is_only_mentioned() -> None:
    text = "Mentor junior engineers and coach new hires.\nReview decisions on the roadmap."
    prep = prepare(text, StoryMatcher([], CATALOG), QUESTIONS)
    assert "Mentoring" in {h.name for h in prep.hits}
    assert "Decision making" not in {h.name for h in prep.hits}
    assert [h.name for h in prep.mentioned] == ["Decision making"]
    assert "Also mentioned" in prep_markdown(prep, "Ad")
    # Seen in a second line, it is asked for.
    again = prepare(text + "\nMake hard decisions.", StoryMatcher([], CATALOG), QUESTIONS)
    assert "Decision making" in {h.name for h in again.hits}
