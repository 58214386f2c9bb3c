"""Search: query parsing, every filter, ranking and the reasons shown for a match."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import given, strategies as st

from storybank.core.models import SourceKind, Status, Story
from storybank.core.ordering import default_order_key
from storybank.core.taxonomy import CompetencyResolver
from storybank.core.vocab import TEXT_PARTS
from storybank.search.engine import Hit, SearchIndex, SearchQuery, parse_query
from storybank.search.wordindex import tokens
from tests.conftest import make_story
from tests.strategies import utc_times

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def stories() -> list[Story]:
    return [
        make_story(
            id="s-000001",
            title="Led the migration to the new billing system",
            competencies=["Leadership", "Delivering results"],
            tags=["billing"],
            updated_at=T0,
        ),
        make_story(
            id="s-000002",
            title="Resolved a conflict over code review",
            action="I met the migration lead and we agreed on a review rota.",
            competencies=["Conflict resolution", "Team work"],
            tags=["reviews"],
            source={"kind": "work", "organization": "Initech"},
            updated_at=T0 + timedelta(days=1),
        ),
        make_story(
            id="s-000003",
            title="Group thesis with a missing teammate",
            result="",
            competencies=["Teamwork", "Leadership"],
            tags=["university"],
            source={"kind": "education", "organization": "State University"},
            updated_at=T0 + timedelta(days=2),
        ),
        make_story(
            id="s-000004",
            title="Old archived leadership story",
            competencies=["Leadership"],
            archived=True,
            updated_at=T0 + timedelta(days=3),
        ),
    ]


def ids(hits: Sequence[Hit[Story]]) -> list[str]:
    return [h.story.id for h in hits]


def test_parse_query_reads_tokens_and_keeps_the_rest_as_words() -> None:
    query = parse_query(
        'review c:leadership #billing kind:work org:acme is:draft "code review" x:y'
    )
    assert query.words == ("review", "code review", "x:y")
    assert query.competencies == ("leadership",)
    assert query.tags == ("billing",)
    assert query.kinds == (SourceKind.WORK,)
    assert query.organization == "acme"
    assert query.status is Status.DRAFT


def test_parse_query_survives_an_unclosed_quote() -> None:
    assert parse_query('"code rev').words == ("code", "rev")


def test_empty_query_lists_active_stories_ready_first_then_newest() -> None:
    hits = SearchIndex(stories()).search(SearchQuery())
    assert ids(hits) == ["s-000002", "s-000001", "s-000003"]


def test_competency_filter_is_loose_about_spelling_and_can_need_all_or_any() -> None:
    index = SearchIndex(stories())
    assert ids(index.search(parse_query("c:teamwork"))) == ["s-000002", "s-000003"]
    both = SearchQuery(competencies=("leadership", "team work"))
    assert ids(index.search(both)) == ["s-000003"]
    either = SearchQuery(
        competencies=("conflict resolution", "delivering results"), any_competency=True
    )
    assert set(ids(index.search(either))) == {"s-000001", "s-000002"}


def test_a_filter_works_out_only_the_label_groups_it_needs() -> None:
    # A competency filter over a big bank must not pay for every story's tags, kind and state.
    index = SearchIndex(stories())
    index.search(parse_query("c:teamwork"))
    assert set(index._label_sets()._built) == {"comp"}
    index.search(parse_query("#oncall"))
    assert set(index._label_sets()._built) == {"comp", "tag"}
    index.warm()
    assert set(index._label_sets()._built) == {"comp", "tag", "kind", "drafts"}


def test_competency_aliases_come_from_the_resolver() -> None:
    resolver = CompetencyResolver(aliases={"collaboration": "teamwork"})
    index = SearchIndex(stories(), resolver)
    assert ids(index.search(SearchQuery(competencies=("Collaboration",)))) == [
        "s-000002",
        "s-000003",
    ]


def test_tag_kind_org_and_status_filters() -> None:
    index = SearchIndex(stories())
    assert ids(index.search(parse_query("#billing"))) == ["s-000001"]
    assert ids(index.search(parse_query("kind:education"))) == ["s-000003"]
    assert ids(index.search(parse_query("org:initech"))) == ["s-000002"]
    assert ids(index.search(parse_query("is:draft"))) == ["s-000003"]


def test_archived_stories_only_when_asked() -> None:
    index = SearchIndex(stories())
    assert "s-000004" not in ids(index.search(parse_query("leadership")))
    assert ids(index.search(parse_query("is:archived"))) == ["s-000004"]
    everything = SearchQuery(words=("leadership",), include_archived=True)
    assert "s-000004" in ids(index.search(everything))


def test_every_word_must_match_case_insensitively() -> None:
    index = SearchIndex(stories())
    assert ids(index.search(parse_query("REVIEW rota"))) == ["s-000002"]
    assert ids(index.search(parse_query("review thesis"))) == []


def test_title_hits_rank_above_body_hits_and_say_why() -> None:
    hits = SearchIndex(stories()).search(parse_query("migration"))
    assert ids(hits) == ["s-000001", "s-000002"]
    assert hits[0].score > hits[1].score
    assert hits[0].reasons == ("“migration” in title",)
    assert hits[1].reasons == ("“migration” in action",)


def test_competency_hits_count_as_matches_for_free_words() -> None:
    hits = SearchIndex(stories()).search(parse_query("leadership"))
    assert ids(hits) == ["s-000001", "s-000003"]
    assert hits[0].reasons == ("“leadership” in competency",)


def test_filters_explain_themselves() -> None:
    hit = SearchIndex(stories()).search(parse_query("c:leadership #billing"))[0]
    assert hit.reasons == ("competency: Leadership", "tag: #billing")


def test_counts_for_the_competency_panel() -> None:
    index = SearchIndex(stories())
    assert index.competency_counts() == [
        ("Leadership", 2),
        ("Team work", 2),
        ("Conflict resolution", 1),
        ("Delivering results", 1),
    ]
    assert ("Leadership", 3) in index.competency_counts(include_archived=True)
    assert index.count() == 3
    assert index.count(include_archived=True) == 4
    assert index.tag_counts()[0] == ("billing", 1)


# Far from 1970 too, where a float timestamp can no longer tell microseconds apart; and in
# pairs a microsecond apart.
moments = utc_times(datetime(1, 1, 2), datetime(9999, 12, 30)).flatmap(
    lambda d: st.sampled_from([d, d + timedelta(microseconds=1)])
)


@given(st.lists(st.tuples(st.booleans(), moments), max_size=40))
def test_the_default_order_key_puts_ready_first_then_the_newest(
    stories: list[tuple[bool, datetime]],
) -> None:
    # One number per story (the quick index stores it): it must sort as the rule reads.
    by_key = sorted(stories, key=lambda s: default_order_key(*s))
    by_rule = sorted(stories, key=lambda s: (not s[0], -(s[1] - datetime(1970, 1, 1, tzinfo=UTC))))
    assert by_key == by_rule


# Text made of a few word pieces with what makes word starts hard: apostrophes (plain and
# typographic), underscores, hyphens, letters that case-fold to more letters (ß, ﬁ, İ), digits.
_pieces = st.sampled_from(["lead", "le", "ad", "don", "t", "ß", "ss", "ﬁ", "fi", "İ", "7", "é"])
_glue = st.sampled_from([" ", "'", "’", "_", "-", "\n", "", ".", "''"])
piece_text = st.lists(st.tuples(_pieces, _glue), max_size=12).map(
    lambda parts: "".join(p + g for p, g in parts)
)
piece_labels = st.lists(piece_text.filter(lambda t: t.strip(" '’_-.\n")), max_size=2)


@st.composite
def piece_stories(draw: st.DrawFn) -> list[Story]:
    """A few stories whose every text field is made of the shared pieces."""
    count = draw(st.integers(1, 6))
    return [
        make_story(
            id=f"s-{n:06x}",
            title=draw(piece_text.filter(str.strip).map(lambda t: t.replace("\n", " "))),
            hook=draw(piece_text.map(lambda t: t.replace("\n", " "))),
            situation=draw(piece_text),
            action=draw(piece_text),
            reflection=draw(piece_text),
            competencies=draw(piece_labels),
            tags=draw(piece_labels),
            archived=draw(st.booleans()),
            updated_at=T0 + timedelta(days=draw(st.integers(0, 3))),
        )
        for n in range(count)
    ]


@given(piece_stories(), st.lists(piece_text, min_size=1, max_size=3), st.booleans())
def test_free_words_find_the_same_hits_with_or_without_the_word_index(
    stories: list[Story], words: list[str], filtered: bool
) -> None:
    # A single query scans the stories' text; an app's warmed index looks words up. Both must
    # give the same stories, in the same order, with the same scores and reasons.
    query = SearchQuery(
        words=tuple(words), competencies=("lead",) if filtered else (), include_archived=True
    )
    scanned_index = SearchIndex(stories)
    scanned = scanned_index.search(query)
    assert not scanned_index.is_warm  # a query builds only what it needs
    warmed = SearchIndex(stories)
    warmed.warm()
    assert warmed.is_warm
    looked_up = warmed.search(query)
    # Half-way: the word index is built, the weighted fields' indexes are not yet.
    half = SearchIndex(stories)
    half.words()
    half_way = half.search(query)
    assert [(h.story.id, h.score, h.reasons) for h in scanned] == [
        (h.story.id, h.score, h.reasons) for h in looked_up
    ]
    assert [(h.story.id, h.score, h.reasons) for h in half_way] == [
        (h.story.id, h.score, h.reasons) for h in looked_up
    ]
    # And the reasons say where some word of the field (as the word index splits it) starts so.
    for hit in scanned:
        for reason in hit.reasons:
            if reason.startswith("“") and " in " in reason:
                word, _, where = reason[1:].partition("” in ")
                fields = {
                    "title": hit.story.title,
                    "competency": " ".join(hit.story.competencies),
                    "tag": " ".join(hit.story.tags),
                    "hook": hit.story.hook,
                    **{p: getattr(hit.story, p) for p in TEXT_PARTS},
                }
                expected = [
                    name
                    for name, text in fields.items()
                    if any(t.startswith(word) for t in tokens(text))
                ]
                assert where == ", ".join(expected)
