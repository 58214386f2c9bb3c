"""Redaction: the labelled set loses every identifier it claims, keeps every other word, and
gives each name one placeholder per export; properties over arbitrary names and texts."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import assume, given, settings, strategies as st

from storybank.core.errors import SettingsError
from storybank.core.redactnames import RedactNames
from storybank.core.settings import Settings, parse_settings, settings_document
from storybank.interchange.redact import Redactor, map_text, redactor_for
from tests.conftest import make_story
from tests.redaction_cases import CASES, CLAIMED_KINDS, NAMES, Case

PLACEHOLDER = re.compile(r"\[[a-z]+(?: \d+)?\]")


def word_bounded(needle: str) -> re.Pattern[str]:
    """`needle` as a whole word (its spaces any white space), in any case."""
    words = r"\s+".join(re.escape(w) for w in needle.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def export_all(*, figures: bool) -> tuple[Redactor, list[tuple[Case, dict[str, str]]]]:
    """Every case redacted in one export: the redactor and each case's redacted parts."""
    stories = [case.story() for case in CASES]
    redactor = redactor_for(NAMES, stories, figures=figures)
    out = []
    for case, story in zip(CASES, redactor.stories(stories), strict=True):
        out.append((case, {part: getattr(story, part) for part in case.parts}))
    return redactor, out


def test_the_set_is_big_enough_and_has_every_kind() -> None:
    assert len(CASES) >= 30
    kinds = {kind for case in CASES for m in case.parts.values() for *_, kind in m.spans}
    assert set(CLAIMED_KINDS) <= kinds


@pytest.mark.parametrize("figures", [False, True])
def test_every_marked_identifier_is_gone(figures: bool) -> None:
    _, redacted = export_all(figures=figures)
    hidden = set(CLAIMED_KINDS) - (set() if figures else {"figure"})
    for case, parts in redacted:
        for part, marked in case.parts.items():
            for start, end, kind in marked.spans:
                if kind not in hidden:
                    continue
                found = marked.text[start:end]
                left = PLACEHOLDER.sub(" ", parts[part])
                assert not word_bounded(found).search(left), (case.name, part, found, parts[part])


@pytest.mark.parametrize("figures", [False, True])
def test_every_other_word_survives_in_order(figures: bool) -> None:
    _, redacted = export_all(figures=figures)
    hidden = tuple(k for k in CLAIMED_KINDS if figures or k != "figure")
    for case, parts in redacted:
        for part, marked in case.parts.items():
            position = 0
            for piece in marked.outside(kinds=hidden):
                found = parts[part].find(piece, position)
                assert found >= 0, (case.name, part, piece, parts[part])
                position = found + len(piece)


def test_decoys_inside_longer_words_are_kept() -> None:
    _, redacted = export_all(figures=True)
    text = " ".join(t for _, parts in redacted for t in parts.values())
    for decoy in ("Also", "Albert", "Janet", "Bobby Tables", "falconry", "Lisa", "ASP.NET"):
        assert decoy in text
    for kept in ("2021-2023", "2023-04-01", "v3.11", "24/7", "Node.js", "e.g.", "12 users"):
        assert kept in text


def test_names_nobody_listed_stay_as_they_are() -> None:
    _, redacted = export_all(figures=True)
    text = " ".join(t for _, parts in redacted for t in parts.values())
    assert "Marcus" in text and "Wayne Enterprises" in text


def test_each_listed_name_has_one_placeholder_in_the_whole_export() -> None:
    redactor, redacted = export_all(figures=False)
    placeholders = {shown.split(" (also")[0]: p for p, shown in redactor.mapping()}
    for case, parts in redacted:
        for part, marked in case.parts.items():
            for start, end, kind in marked.spans:
                if kind not in ("colleague", "client", "product", "place"):
                    continue
                listed = NAMES.find(marked.text[start:end])
                assert listed is not None and listed[0] == kind
                assert placeholders[listed[1].name] in parts[part], (case.name, part)
    # One number per name, per kind, and none skipped.
    for kind in ("colleague", "client", "product", "place"):
        numbers = [int(p[len(kind) + 2 : -1]) for p in placeholders.values() if f"[{kind} " in p]
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_organizations_and_roles_become_placeholders_shared_by_stories() -> None:
    stories = [case.story() for case in CASES]
    redactor = redactor_for(NAMES, stories)
    out = redactor.stories(stories)
    by_org: dict[str, set[str]] = {}
    for before, after in zip(stories, out, strict=True):
        assert re.fullmatch(r"\[organization \d+\]", after.source.organization)
        assert re.fullmatch(r"\[role \d+\]", after.source.role)
        by_org.setdefault(before.source.organization, set()).add(after.source.organization)
    assert all(len(placeholders) == 1 for placeholders in by_org.values())
    assert len({next(iter(p)) for p in by_org.values()}) == len(by_org)


def test_the_story_keeps_its_id_times_competencies_and_status() -> None:
    story = make_story(tags=["acme-launch"], competencies=["Leadership"])
    [after] = redactor_for(RedactNames(), [story]).stories([story])
    assert (after.id, after.created_at, after.status) == (story.id, story.created_at, story.status)
    assert after.competencies == ["Leadership"]
    assert after.tags == ["[organization 1]-launch"]  # the source's "Acme" is in the tag


def test_a_redacted_export_is_redacted_again_to_itself() -> None:
    _, redacted = export_all(figures=True)
    again = Redactor(NAMES, figures=True)
    for _, parts in redacted:
        for text in parts.values():
            assert again.text(text) == text


def test_the_map_lists_what_each_placeholder_stands_for() -> None:
    redactor = Redactor(NAMES, organizations=["Globex Corp"])
    redactor.text("Jane Smith met JANE at Globex; mail jane@globex.example.")
    lines = [" ".join(line.split()) for line in map_text(redactor.mapping()).splitlines()]
    assert lines == [
        "[colleague 1] Jane Smith (also JANE)",
        "[organization 1] Globex Corp (also Globex)",
        "[email 1] jane@globex.example",
    ]
    assert map_text([]) == "Nothing was redacted.\n"


def test_a_name_inside_an_address_takes_no_number_of_its_own() -> None:
    redactor = Redactor(NAMES)
    assert redactor.text("Write to jane@initech.example") == "Write to [email 1]"
    assert [p for p, _ in redactor.mapping()] == ["[email 1]"]


def test_a_listed_name_and_an_organization_are_one_thing() -> None:
    redactor = Redactor(NAMES, organizations=["Initech Inc."])
    assert redactor.text("Initech Inc. and Initech") == "[client 1] and [client 1]"


# Settings ---------------------------------------------------------------------------------


def test_names_are_tidied_and_aliases_that_repeat_are_dropped() -> None:
    names = RedactNames.model_validate(
        {"colleague": [{"name": "  Jane   Smith ", "aliases": ["jane smith", "Jane", "JANE"]}]}
    )
    assert names.colleague[0].name == "Jane Smith"
    assert names.colleague[0].aliases == ["Jane"]


@pytest.mark.parametrize(
    ("doc", "words"),
    [
        ({"colleague": [{"name": "Acme"}], "client": [{"name": "acme"}]}, "listed twice"),
        ({"colleague": [{"name": "   "}]}, "more than spaces"),
        ({"colleague": [{"name": "!!"}]}, "a letter or a digit"),
        ({"friend": [{"name": "Jo"}]}, "friend"),
    ],
)
def test_bad_name_lists_are_refused_in_one_line(doc: dict[str, object], words: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_settings({"redact_names": doc})
    assert words in caught.value.message and "\n" not in caught.value.message


def test_an_empty_list_of_names_is_not_stored() -> None:
    assert "redact_names" not in settings_document(Settings())
    listed = parse_settings({"redact_names": {"place": [{"name": "Lisbon"}]}})
    assert settings_document(listed)["redact_names"]["place"] == [{"name": "Lisbon", "aliases": []}]


# Properties -------------------------------------------------------------------------------

letters = st.characters(categories=["Lu", "Ll"], max_codepoint=0x24F)
# All-ASCII text and names take the quick look before the full names pattern; others do not.
ascii_letters = st.characters(categories=["Lu", "Ll"], max_codepoint=0x7F)
fillers = st.sampled_from(
    ["", " ", "'s ", "’s ", ", ", ". ", "-", "\n", "x", "Also", "@", "(", ")", "12", "$", "%"]
)
cases = st.sampled_from([str.lower, str.upper, str.title, lambda s: s])


@st.composite
def names_and_text(draw: st.DrawFn) -> tuple[list[str], str]:
    """Some listed names and a text that uses them in any case among other bits."""
    alphabet = draw(st.sampled_from([letters, ascii_letters]))
    word = st.text(alphabet, min_size=1, max_size=8).filter(lambda n: n.isalpha())
    listed = draw(
        st.lists(
            st.lists(word, min_size=1, max_size=2).map(" ".join),  # "Jane" or "Jane Smith"
            min_size=1,
            max_size=4,
            unique_by=str.casefold,
        )
    )

    def written(name: str, case: Callable[[str], str], space: str) -> str:
        return case(name).replace(" ", space)

    pieces = draw(
        st.lists(
            st.one_of(
                st.builds(
                    written, st.sampled_from(listed), cases, st.sampled_from([" ", "  ", "\n"])
                ),
                fillers,
                st.text(alphabet, max_size=6),
            ),
            max_size=30,
        )
    )
    return listed, "".join(pieces)


def _redactor(listed: list[str], figures: bool) -> Redactor:
    return Redactor(
        RedactNames.model_validate({"colleague": [{"name": n} for n in listed]}), figures=figures
    )


@settings(max_examples=300, deadline=None)
@given(names_and_text(), st.booleans())
def test_no_listed_name_is_left_in_any_case(drawn: tuple[list[str], str], figures: bool) -> None:
    listed, text = drawn
    out = PLACEHOLDER.sub(" ", _redactor(listed, figures).text(text))
    for name in listed:
        assert not word_bounded(name).search(out), (name, text, out)


@settings(max_examples=300, deadline=None)
@given(names_and_text(), st.booleans())
def test_redacting_is_idempotent(drawn: tuple[list[str], str], figures: bool) -> None:
    listed, text = drawn
    once = _redactor(listed, figures).text(text)
    assert _redactor(listed, figures).text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_text_with_nothing_to_hide_is_unchanged(text: str) -> None:
    plain = re.sub(r"[\d@.:/$€£¥₹%+()\[\]]", "", text)  # nothing that could be a contact
    spellings = [s for _, listed in NAMES.by_kind() for e in listed for s in e.spellings()]
    assume(not any(word_bounded(s).search(plain) for s in spellings))
    assert Redactor(NAMES, figures=True).text(plain) == plain


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("It cost $2.1M, then 2 million.", "It cost $[amount], then [number]."),
        ("Up 40%, or 12.5 percent.", "Up [percent], or [percent]."),
        ("We served 12,400, then 3 teams.", "We served [number], then 3 teams."),
        ("USD 300k and 5 euros", "USD [amount] and [amount]"),
        ("From 2021-2023, on 2023-04-01, at 24/7, v3.11.2.", None),
        ("Call 555-123-4567 or +44 20 7946 0958.", "Call [phone 1] or [phone 2]."),
        ("Sold 1.250.000 units", "Sold [number] units"),
        ("See https://x.example/a?b=c.", "See [link 1]."),
        ("ASP.NET, Node.js, e.g. this", None),
        ("Mail a.b+c@d-e.co.uk!", "Mail [email 1]!"),
    ],
)
def test_shapes_that_are_and_are_not_hidden(text: str, redacted: str | None) -> None:
    assert Redactor(RedactNames(), figures=True).text(text) == (redacted or text)


def test_names_that_end_in_a_sign_are_hidden_however_often_they_repeat() -> None:
    names = RedactNames.model_validate({"product": [{"name": "C++"}]})
    # Each "C++" is bounded by the next one's letter until that one is replaced.
    assert Redactor(names).text("C++" * 12 + "!") == "[product 1]" * 12 + "!"


def test_a_name_never_cuts_into_a_placeholder_already_there() -> None:
    names = RedactNames.model_validate({"colleague": [{"name": "x [colleague"}]})
    out = Redactor(names).text("x [colleague 1]; x [colleague")
    assert out.startswith("x [colleague 1]; [colleague ") and out.count("x [") == 1
