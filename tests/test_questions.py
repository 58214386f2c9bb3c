"""Ranking stories for a question: competency overlap, then ready before draft, then words."""

from __future__ import annotations

from pathlib import Path

import pytest

from storybank.core.errors import QuestionNotFoundError
from storybank.core.models import Story
from storybank.core.settings import Settings, UserQuestion
from storybank.core.taxonomy import Catalog, builtin_questions
from storybank.readiness.questions import StoryMatcher, all_questions, find_question
from tests.conftest import make_story

CATALOG = Catalog(["general"])


def stories() -> dict[str, Story]:
    """A small bank where the right answer to each question is known."""
    return {
        "clash": make_story(
            title="Settled an API design clash",
            action="I met both engineers, wrote down each design, and we agreed in one review.",
            competencies=["conflict", "team work"],
        ),
        "mentor": make_story(
            title="Mentored a new graduate",
            action="I paired with her daily and she led a release within three months.",
            competencies=["Coaching"],
        ),
        "deadline_draft": make_story(
            title="Shipped the audit before a tight deadline",
            situation="An auditor moved our deadline forward by two weeks.",
            task="",
            action="",
            result="",
            competencies=["Time management"],
        ),
        "deadline_ready": make_story(
            title="Re-planned a launch",
            competencies=["Prioritization"],
        ),
        "archived": make_story(
            title="Old conflict story", competencies=["Conflict resolution"], archived=True
        ),
    }


def ranked_titles(text: str, competencies: list[str] | None = None) -> list[str]:
    matcher = StoryMatcher(stories().values(), CATALOG)
    return [m.story.title for m in matcher.rank(text, competencies).matches]


def test_a_conflict_question_puts_the_conflict_story_first() -> None:
    titles = ranked_titles(
        "Tell me about a conflict you had with a teammate.", ["Conflict resolution", "Teamwork"]
    )
    assert titles[0] == "Settled an API design clash"
    assert "Old conflict story" not in titles  # archived stories are not offered


def test_aliases_on_stories_meet_the_question_competencies() -> None:
    answer = StoryMatcher(stories().values(), CATALOG).rank("Mentoring?", ["mentorship"])
    assert [m.story.title for m in answer.matches][:1] == ["Mentored a new graduate"]
    assert answer.matches[0].competencies == ("Mentoring",)
    assert answer.fits and answer.advice == ""


def test_ready_stories_come_before_drafts_with_the_same_overlap() -> None:
    titles = ranked_titles("Tell me about a tight deadline you met.", ["Prioritization"])
    assert titles[:2] == ["Re-planned a launch", "Shipped the audit before a tight deadline"]


def test_more_competencies_in_common_beats_more_words() -> None:
    titles = ranked_titles("A review with engineers", ["Conflict resolution", "Teamwork"])
    assert titles[0] == "Settled an API design clash"
    matcher = StoryMatcher(stories().values(), CATALOG)
    first = matcher.rank("A review with engineers", ["Teamwork"]).matches[0]
    assert first.overlap == 1 and "engineers" in first.words  # whole words, not stems


def test_an_ad_hoc_question_infers_its_competencies_and_says_why() -> None:
    matcher = StoryMatcher(stories().values(), CATALOG)
    answer = matcher.rank("Describe a disagreement you had with a coworker and how you resolved it")
    assert answer.inferred
    assert "Conflict resolution" in [name for _, name in answer.competencies]
    assert "disagreement" in answer.inferred_words
    assert answer.matches[0].story.title == "Settled an API design clash"
    assert answer.matches[0].reasons == ("competencies: Conflict resolution, Teamwork",)
    assert answer.inferred_words.count("coworker") == 1  # one word, said once


def test_a_fitting_answer_still_names_a_competency_with_no_story() -> None:
    matcher = StoryMatcher(stories().values(), CATALOG)
    answer = matcher.rank("A risky project", ["Decision making", "Teamwork"])
    assert answer.fits
    assert answer.advice == "No story shows Decision making yet; consider writing one."


def test_when_nothing_fits_it_says_so_and_names_the_competency() -> None:
    matcher = StoryMatcher(stories().values(), CATALOG)
    answer = matcher.rank("Tell me about a risk you took.", ["Decision making"])
    assert not answer.fits
    # Still ranked (the related competencies come first), and the gap is named.
    assert answer.matches and answer.certainty != "strong"
    assert answer.matches[0].related
    assert answer.advice == (
        "No story shows Decision making; these are the closest. Write one for Decision making."
    )
    only_drafts = StoryMatcher([stories()["deadline_draft"]], CATALOG)
    advice = only_drafts.rank("A tight deadline", ["Prioritization"]).advice
    assert advice == "Only drafts fit. Finish one, or write a story for Prioritization."


def test_an_unrecognisable_question_still_ranks_the_bank_and_says_it_is_unsure() -> None:
    answer = StoryMatcher(stories().values(), CATALOG).rank("What is your favourite colour?")
    assert answer.competencies == ()
    assert len(answer.matches) == 4  # every active story, none left out
    assert {m.certainty for m in answer.matches} == {"weak"} and answer.certainty == "weak"
    assert "Could not tell which competency" in answer.advice
    assert StoryMatcher([], CATALOG).rank("What is your favourite colour?").matches == ()


def test_the_story_s_own_words_rank_stories_when_no_competency_is_named() -> None:
    matcher = StoryMatcher(stories().values(), CATALOG)
    answer = matcher.rank("auditor moved deadline", [])
    assert answer.matches[0].story.title == "Shipped the audit before a tight deadline"
    assert answer.matches[0].words == ("auditor", "moved", "deadline")
    # A word every story holds is no evidence: nothing is called a strong match for it.
    assert all(m.certainty != "strong" for m in matcher.rank("pager", []).matches)


def test_question_lookup_and_user_questions() -> None:
    settings = Settings(
        questions=[UserQuestion(id="U1", text="Why us?", competencies=["Motivation"])]
    )
    questions = all_questions(settings)
    assert questions[-1].id == "U1" and questions[-1].custom
    assert find_question(questions, "q12").id == "Q12"
    assert find_question(questions, "u1").text == "Why us?"
    with pytest.raises(QuestionNotFoundError, match="Q999"):
        find_question(questions, "Q999")


def test_every_built_in_question_reads_as_one_of_its_own_competencies() -> None:
    # Guards the keyword lists: typed out by hand, each common question should infer at least
    # one competency it is mapped to, and lead with one of them.
    matcher = StoryMatcher([], CATALOG)
    for question in builtin_questions():
        names = [hit.name for hit in matcher.infer(question.text)]
        assert names and names[0] in question.competencies, (question.id, names)


def test_no_story_is_said_to_be_surer_than_one_ranked_above_it(tmp_path: Path) -> None:
    from storybank.store.bank import Bank

    sample = Path(__file__).parents[1] / "examples" / "sample-bank.json"
    copy = tmp_path / "sample-bank.json"
    copy.write_bytes(sample.read_bytes())
    copy.chmod(0o600)
    matcher = StoryMatcher(Bank(copy).all(), CATALOG)
    levels = ["weak", "possible", "strong"]
    asked = [q.text for q in builtin_questions()] + [
        "How do you handle people who are hard to work with?",
        "Tell me about a time you disagreed with your manager.",
        "What would you do if your boss asked you to cut corners?",
    ]
    for text in asked:
        sureness = [levels.index(m.certainty) for m in matcher.rank(text).matches]
        assert sureness == sorted(sureness, reverse=True), text


def test_a_possible_fit_asks_for_a_new_story_only_for_a_competency_with_none() -> None:
    question = "Tell me about a time you persuaded someone to see things your way."
    update = make_story(title="Wrote the weekly team update", competencies=["Communication"])
    answer = StoryMatcher([update], CATALOG).rank(question)
    assert answer.certainty == "possible"
    assert "a story for Influence without authority would fit better" in answer.advice
    # With a story for it too, what is unsure is the reading of the question, not the bank.
    won_over = make_story(title="Won over the finance lead", competencies=["Influence"])
    answer = StoryMatcher([update, won_over], CATALOG).rank(question)
    assert answer.certainty == "possible"
    assert "would fit better" not in answer.advice
    assert "does not clearly name what it asks about" in answer.advice
