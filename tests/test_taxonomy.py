"""The shipped taxonomies and question bank load, validate, and match names loosely."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from storybank.core.models import label_key
from storybank.core.taxonomy import (
    TAXONOMY_FILES,
    Catalog,
    CompetencyData,
    TaxonomyData,
    builtin_questions,
    builtin_taxonomies,
)


def test_every_taxonomy_file_loads_with_its_expected_size() -> None:
    taxonomies = builtin_taxonomies()
    assert list(taxonomies) == list(TAXONOMY_FILES)
    assert 15 <= len(taxonomies["general"].competencies) <= 17
    assert len(taxonomies["amazon"].competencies) == 16
    assert len(taxonomies["tih"].competencies) == 8
    amazon = {c.name for c in taxonomies["amazon"].competencies}
    assert "Strive to be Earth's Best Employer" in amazon
    assert "Success and Scale Bring Broad Responsibility" in amazon


def test_every_competency_has_a_description_and_aliases() -> None:
    for taxonomy in builtin_taxonomies().values():
        names = [label_key(c.name) for c in taxonomy.competencies]
        assert len(names) == len(set(names)), taxonomy.id
        for comp in taxonomy.competencies:
            assert comp.description.endswith("."), comp.name
            assert comp.aliases, comp.name
            assert comp.keywords, comp.name


def test_no_alias_means_two_competencies_within_one_taxonomy() -> None:
    for taxonomy in builtin_taxonomies().values():
        owner: dict[str, str] = {}
        names = {label_key(c.name) for c in taxonomy.competencies}
        for comp in taxonomy.competencies:
            for alias in comp.aliases:
                key = label_key(alias)
                assert key not in names or key == label_key(comp.name), (taxonomy.id, alias)
                assert owner.setdefault(key, comp.name) == comp.name, (taxonomy.id, alias)


def test_question_bank_has_forty_stable_ids_mapped_to_general_competencies() -> None:
    questions = builtin_questions()
    assert len(questions) >= 40
    assert [q.id for q in questions] == [f"Q{i}" for i in range(1, len(questions) + 1)]
    general = {label_key(c.name) for c in builtin_taxonomies()["general"].competencies}
    texts = set()
    for question in questions:
        assert 1 <= len(question.competencies) <= 3
        assert {label_key(c) for c in question.competencies} <= general, question.id
        assert question.text not in texts
        texts.add(question.text)


def test_every_general_competency_has_a_question() -> None:
    asked = {label_key(c) for q in builtin_questions() for c in q.competencies}
    for comp in builtin_taxonomies()["general"].competencies:
        assert label_key(comp.name) in asked, comp.name


def test_data_models_refuse_typos_and_bad_shapes() -> None:
    with pytest.raises(ValidationError):
        CompetencyData.model_validate({"name": "X", "alias": ["y"]})
    with pytest.raises(ValidationError):
        TaxonomyData.model_validate({"id": "t", "name": "T", "description": "", "competencies": []})
    with pytest.raises(ValidationError):
        CompetencyData.model_validate({"name": "   "})


@pytest.mark.parametrize("spelling", ["team work", "Collaboration", "teamwork", "TEAM-WORK"])
def test_spellings_of_teamwork_resolve_to_one_key(spelling: str) -> None:
    catalog = Catalog(["general"])
    assert catalog.key(spelling) == "teamwork"
    assert catalog.display(catalog.key(spelling)) == "Teamwork"


def test_shared_names_merge_and_names_beat_aliases() -> None:
    catalog = Catalog(["general", "amazon", "tih"])
    conflict = catalog.get("conflict")
    assert conflict is not None and conflict.taxonomies == ("general", "tih")
    # "Customer Obsession" is an alias in the general set but a name in Amazon's: the name wins.
    assert catalog.key("customer obsession") == "customerobsession"
    assert catalog.key("customer focus") == "customerfocus"
    only_amazon = Catalog(["amazon"])
    assert only_amazon.key("customer focus") == "customerobsession"
    names = [c.key for c in catalog.competencies]
    assert len(names) == len(set(names))


def test_user_competencies_come_first_and_bring_their_aliases() -> None:
    own = CompetencyData(name="Frugal engineering", aliases=["cheap infra", "results"])
    catalog = Catalog(["general"], [own])
    assert catalog.competencies[0].name == "Frugal engineering"
    assert catalog.competencies[0].custom
    assert catalog.key("Cheap infra") == label_key("Frugal engineering")
    # An alias the user gives takes precedence over a shipped alias of the same words.
    assert catalog.key("results") == label_key("Frugal engineering")
    assert catalog.resolver.knows("collaboration")
    assert not catalog.resolver.knows("juggling")


def test_unknown_names_keep_their_own_key() -> None:
    catalog = Catalog(["general"])
    assert catalog.key("Kubernetes wrangling") == "kuberneteswrangling"
    assert catalog.get("Kubernetes wrangling") is None
    assert re.fullmatch(r"[a-z]+", catalog.key("Kubernetes wrangling"))
