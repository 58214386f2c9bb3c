"""Reading questions: stems, BM25, the crosswalk, known questions, and the ranking they feed."""

from __future__ import annotations

import re
from pathlib import Path

from storybank.core.settings import Settings, UserQuestion
from storybank.core.stemming import _STEMMER, stem, stem_counts, stems, words
from storybank.core.taxonomy import Catalog
from storybank.core.vocab import label_key
from storybank.readiness.crosswalk import Crosswalk
from storybank.readiness.questions import StoryMatcher
from storybank.readiness.understanding import Known, QuestionReader
from storybank.search.bm25 import BM25
from tests.conftest import make_story

DATA = Path(__file__).resolve().parents[1] / "storybank" / "data"

GENERAL = Catalog(["general"])
AMAZON = Catalog(["amazon"])


def test_stems_meet_across_endings_spellings_hyphens_and_contractions() -> None:
    assert stem("prioritizing") == stem("prioritized") == stem("prioritize")
    assert stems("I prioritised the organisation's backlog") == stems(
        "I prioritized the organization's backlog"
    )
    assert words("problem-solving") == ["problem", "solving"]
    assert words("I didn't, they're") == ["i", "did", "not", "they", "are"]
    assert words("pushed back on a PM") == ["pushed", "back", "on", "a", "product", "manager"]
    assert stems("my favourite behaviour") == stems("my favorite behavior")
    # Words spelled -ise everywhere are left alone.
    assert words("exercise advise") == ["exercise", "advise"]
    # A quoted word is the word, not a contraction ("'re" in "'really'").
    assert words("“quoted” 'really'") == ["quoted", "really"]


def test_the_stemmer_in_use_gives_the_pure_python_snowball_stems() -> None:
    """The C build (PyStemmer) and snowballstemmer's own Python stemmer agree on every word
    the taxonomies and built-in questions use, so switching builds moves no match."""
    from snowballstemmer.english_stemmer import EnglishStemmer

    reference = EnglishStemmer()
    texts = [path.read_text() for path in DATA.glob("*.json")]
    vocabulary = {word for text in texts for word in re.findall(r"[a-z]{2,}", text.lower())}
    assert len(vocabulary) > 1_000
    differ = [w for w in sorted(vocabulary) if _STEMMER.stemWord(w) != reference.stemWord(w)]
    assert differ == []
    assert type(_STEMMER).__module__ == "Stemmer"  # the C build is installed and in use


def test_words_are_the_same_whether_read_once_or_again_from_the_cache() -> None:
    text = "We didn't prioritise; the team's PM re-planned it. We prioritised again, team!"
    first = words(text), stems(text)
    assert (words(text), stems(text)) == first
    counted: dict[str, int] = {}
    for term in first[1]:
        counted[term] = counted.get(term, 0) + 1
    assert stem_counts(text) == counted and counted[stem("team")] == 2


def test_bm25_prefers_rare_shared_words_and_shorter_documents() -> None:
    index = BM25([["outag", "night"], ["team", "night"], ["team", "outag", "night", "a", "b"]])
    scores = index.scores(["outag"])
    assert set(scores) == {0, 2} and scores[0] > scores[2]
    assert index.idf("night") < index.idf("outag") < index.idf("never-seen")
    assert 0 < max(scores.values()) / index.ceiling(["outag"]) <= 1.5
    # Documents given as stem counts score as the same documents given as sequences.
    counted = BM25(
        [
            {"outag": 1, "night": 1},
            {"team": 1, "night": 1},
            {"team": 1, "outag": 1, "night": 1, "a": 1, "b": 1},
        ]
    )
    assert counted.scores(["outag"]) == scores


def test_the_crosswalk_links_both_ways_and_through_the_catalog_names() -> None:
    walk = Crosswalk(GENERAL.key)
    assert walk.related("mentoring")[label_key("Hire and Develop the Best")] == 0.9
    assert walk.related(label_key("Hire and Develop the Best"))["mentoring"] == 0.9
    assert walk.related(label_key("Have Backbone; Disagree and Commit"))["conflictresolution"]
    # Related is never exact: spreading a weight never gives the key back to itself.
    assert "mentoring" not in walk.spread({"mentoring": 1.0})
    assert walk.spread({"mentoring": 1.0})["leadership"] == 0.6


def test_a_question_inherits_the_labels_of_the_known_questions_it_resembles() -> None:
    reader = QuestionReader(GENERAL)
    # No keyword of Mentoring is in it, but a known question nearly says the same thing.
    reading = reader.read("Who is someone you helped grow, and how did they grow?")
    top = reading.signals[0]
    assert top.name == "Mentoring" and top.similar
    # The user's own questions are learned from too.
    mine = QuestionReader(GENERAL, (), [Known("Tell me about the Zorblax rollout", ("Teamwork",))])
    assert mine.read("How did the Zorblax rollout go?").signals[0].name == "Teamwork"
    assert not reader.read("How did the Zorblax rollout go?").signals


def test_an_amazon_question_finds_a_story_tagged_only_with_general_competencies() -> None:
    story = make_story(title="Grew a new hire into an owner", competencies=["Mentoring"])
    other = make_story(title="Cut the cloud bill", competencies=["Frugality"])
    matcher = StoryMatcher([other, story], AMAZON)
    # With only Amazon's principles active, "Mentoring" resolves to Hire and Develop the Best.
    answer = matcher.rank("How have you helped develop talent on your team?")
    assert answer.matches[0].story is story
    general = StoryMatcher(
        [make_story(title="Cut the cloud bill", competencies=["Creativity and innovation"])],
        GENERAL,
    )
    first = general.rank("Tell me about a time you had to invent and simplify").matches[0]
    assert first.competencies == ("Creativity and innovation",) or first.related


def test_an_exact_competency_outranks_a_related_one() -> None:
    mentor = make_story(title="A", action="Weekly pairing.", competencies=["Mentoring"])
    lead = make_story(title="B", action="Weekly pairing.", competencies=["Leadership"])
    answer = StoryMatcher([lead, mentor], GENERAL).rank("Tell me about someone you mentored")
    assert [m.story for m in answer.matches[:2]] == [mentor, lead]
    assert answer.matches[0].competencies == ("Mentoring",)
    assert answer.matches[0].score > answer.matches[1].score


def test_close_evidence_beats_a_one_word_guess() -> None:
    guess = make_story(title="Re-planned the roadmap", competencies=["Prioritization"])
    evidence = make_story(
        title="Pushing back on a PM about launching refunds",
        action="I showed the product manager the refund error rate and we delayed a week.",
        competencies=["Communication"],
    )
    answer = StoryMatcher([guess, evidence], GENERAL).rank(
        "Tell me about a time you pushed back on a product manager"
    )
    assert answer.matches[0].story is evidence
    assert "manager" in answer.matches[0].words


def test_an_outage_story_is_found_for_a_crisis_under_pressure() -> None:
    outage = make_story(
        title="Brought payments back after an outage at 2 a.m.",
        competencies=["Payments reliability"],
        tags=["payments"],
    )
    other = make_story(title="Ran the book club", competencies=["Leadership"])
    matcher = StoryMatcher([other, outage], GENERAL)
    answer = matcher.rank("Describe a time you handled a crisis under pressure")
    assert answer.matches[0].story is outage
    assert answer.competencies[0][1] == "Working under pressure"
    # A label typed on a story is matched by its own words too.
    # A label typed on a story, in no taxonomy, is matched by its own words too.
    asked = matcher.rank("How do you keep a system reliable?").competencies
    assert "Payments reliability" in [name for _, name in asked]
    # "Incident response" is a built-in alias now: typed on a story, it is that competency.
    assert GENERAL.key("Incident response") == GENERAL.key("Working under pressure")


def test_user_questions_reach_the_matcher_through_readiness_settings() -> None:
    settings = Settings(
        questions=[
            UserQuestion(
                id="U1", text="Tell me about the Zorblax rollout", competencies=["Teamwork"]
            )
        ]
    )
    from storybank.readiness.questions import all_questions

    matcher = StoryMatcher(
        [make_story(competencies=["Teamwork"])], GENERAL, all_questions(settings)
    )
    assert matcher.rank("How did the Zorblax rollout go?").competencies[0][1] == "Teamwork"


def test_no_evaluation_question_ships_in_a_question_bank() -> None:
    from benchmarks.retrieval_fresh import FRESH_AMAZON, FRESH_GENERAL, FRESH_TIH
    from benchmarks.retrieval_set import (
        AMAZON as EVAL_AMAZON,
        GENERAL as EVAL_GENERAL,
        TIH as EVAL_TIH,
    )
    from storybank.core.taxonomy import TAXONOMY_FILES, builtin_questions, taxonomy_questions

    # The matcher learns from the shipped banks and is measured on the sets: a copy would
    # measure memory, not understanding.
    evaluation = EVAL_GENERAL + EVAL_AMAZON + EVAL_TIH + FRESH_GENERAL + FRESH_AMAZON + FRESH_TIH
    asked = {tuple(stems(text)) for text, _ in evaluation}
    shipped = list(builtin_questions())
    for taxonomy_id in TAXONOMY_FILES:
        shipped += taxonomy_questions(taxonomy_id)
    assert len(shipped) >= 48 + 3 * 16 + 3 * 8
    assert [q.text for q in shipped if tuple(stems(q.text)) in asked] == []


def test_a_phrase_of_stop_words_and_one_common_word_weighs_as_that_word() -> None:
    reader = QuestionReader(GENERAL)
    # "helped a": "a" adds nothing, and many known questions say "helped".
    helped = reader.read("We helped a vendor.").signals[0]
    assert helped.name == "Mentoring" and helped.weight < 0.5
    # "messed up": its one content word is rare, so it still reads as a phrase.
    messed = reader.read("We messed up a vendor.").signals[0]
    assert messed.name == "Failure and learning" and messed.weight > helped.weight


def test_a_prefix_keyword_matches_forms_of_the_word_not_longer_words() -> None:
    finder = QuestionReader(GENERAL).finder
    assert "Delivering results" in [h.name for h in finder.find("Which goals did you set?")]
    assert "Delivering results" not in [h.name for h in finder.find("the goalposts moved")]
    assert "Leadership" in [h.name for h in finder.find("my leadership style")]


def test_a_word_inside_a_longer_term_of_another_competency_is_not_read_alone() -> None:
    finder = QuestionReader(GENERAL).finder
    # "technical judgement" is Technical depth; its "judgement" is not a judgement call.
    found = {h.name: h.words for h in finder.find("Design APIs with strong technical judgement")}
    assert "technical judgment" in found["Technical depth"]
    assert "Decision making" not in found
    # Alone, the word still counts.
    assert "Decision making" in [h.name for h in finder.find("Use your judgement")]


def test_everyday_idioms_are_read_as_the_competency_they_stand_for() -> None:
    reader = QuestionReader(GENERAL)
    cases = {
        "Tell me about a time you dropped the ball.": "Failure and learning",
        "Tell me about a time you thought outside the box.": "Creativity and innovation",
        "Tell me about someone you took under your wing.": "Mentoring",
        "Describe a time you butted heads with your boss.": "Conflict resolution",
        "How do you keep your head when a launch goes sideways?": "Working under pressure",
        "What do you do when you have too much on your plate?": "Prioritization",
        "When did you last step outside your comfort zone?": "Adaptability",
    }
    for question, wanted in cases.items():
        read = [signal.name for signal in reader.read(question).signals]
        assert wanted in read[:2], (question, read)
    # An idiom is a phrase: its words apart say nothing of it.
    assert "Mentoring" not in [s.name for s in reader.read("The wing of the ward").signals]
