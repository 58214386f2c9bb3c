"""Settings live in the bank: defaults when absent, saved atomically, refused when invalid."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from storybank.core.errors import BankError, SettingsError
from storybank.core.models import SCHEMA_VERSION
from storybank.core.settings import Settings, UserQuestion, parse_settings
from storybank.core.taxonomy import CompetencyData
from storybank.store.bank import Bank
from storybank.store.settings import load_catalog, load_resolver, load_settings, update_settings
from tests.conftest import make_story


def test_a_bank_without_settings_uses_the_defaults(bank: Bank) -> None:
    settings = load_settings(bank)
    assert settings.active_taxonomies == ["general"]
    assert settings.competencies == [] and settings.questions == []
    assert not bank.path.exists()  # reading settings never writes


def test_settings_are_saved_and_read_back_by_another_process(bank: Bank, bank_path: Path) -> None:
    update_settings(
        bank,
        lambda s: s.model_copy(
            update={
                "active_taxonomies": ["general", "amazon"],
                "competencies": [CompetencyData(name="Craft", aliases=["craftsmanship"])],
            }
        ),
    )
    other = Bank(bank_path)
    settings = load_settings(other)
    assert settings.active_taxonomies == ["general", "amazon"]
    assert load_resolver(other).key("Craftsmanship") == "craft"
    assert load_catalog(other).get("Earn Trust") is not None


def test_story_writes_keep_the_settings_and_settings_writes_keep_stories(bank: Bank) -> None:
    story = bank.add(make_story())
    update_settings(bank, lambda s: s.model_copy(update={"active_taxonomies": ["tih"]}))
    bank.add(make_story(title="Second"))
    bank.delete(story.id)
    fresh = Bank(bank.path)
    assert load_settings(fresh).active_taxonomies == ["tih"]
    assert [s.title for s in fresh.all()] == ["Second"]


def test_two_banks_adding_questions_do_not_lose_each_other(bank_path: Path) -> None:
    first, second = Bank(bank_path), Bank(bank_path)

    def add(text: str):  # type: ignore[no-untyped-def]
        def change(s: Settings) -> Settings:
            question = UserQuestion(id=s.next_question_id(), text=text, competencies=["Teamwork"])
            return s.model_copy(update={"questions": [*s.questions, question]})

        return change

    update_settings(first, add("One?"))
    update_settings(second, add("Two?"))  # second is stale, but re-reads under the lock
    questions = load_settings(Bank(bank_path)).questions
    assert [(q.id, q.text) for q in questions] == [("U1", "One?"), ("U2", "Two?")]


def _write_raw(path: Path, settings_doc: object) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "meta": {"1": {"schema_version": SCHEMA_VERSION, "app": "storybank"}},
        "stories": {},
        "settings": {"1": settings_doc},
    }
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    return raw


@pytest.mark.parametrize(
    "doc",
    [
        {"active_taxonomies": ["nope"]},
        {"active_taxonomies": "general"},
        {"questions": [{"id": "Q1", "text": "Mine?", "competencies": ["Teamwork"]}]},
        {"questions": [{"id": "U1", "text": "Mine?", "competencies": []}]},
        {"competencies": [{"name": "A"}, {"name": "a"}]},
        {"colour": "blue"},
    ],
)
def test_bad_settings_give_a_bank_error_and_the_file_is_untouched(
    bank_path: Path, doc: dict[str, object]
) -> None:
    raw = _write_raw(bank_path, doc)
    bank = Bank(bank_path)
    with pytest.raises(BankError, match="invalid settings"):
        load_settings(bank)
    with pytest.raises(BankError):
        update_settings(bank, lambda s: s)
    assert bank_path.read_bytes() == raw


def test_parse_settings_speaks_plainly() -> None:
    with pytest.raises(SettingsError) as caught:
        parse_settings({"active_taxonomies": ["nope"]})
    assert "“nope” is not a taxonomy" in caught.value.message
    assert "nope" not in str(caught.value).split("known:")[1]  # the list names only real ones


def test_question_ids_grow_and_text_must_be_one_line() -> None:
    settings = parse_settings(
        {"questions": [{"id": "U3", "text": "Why?", "competencies": ["Teamwork"]}]}
    )
    assert settings.next_question_id() == "U4"
    with pytest.raises(SettingsError, match="one line"):
        parse_settings({"questions": [{"id": "U1", "text": "a\nb", "competencies": ["x"]}]})
