"""The settings model: active taxonomies, own competencies, own questions (kept in a bank)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from storybank.core.errors import SettingsError
from storybank.core.models import label_key, problems_from
from storybank.core.redactnames import RedactNames
from storybank.core.taxonomy import (
    DEFAULT_ACTIVE,
    TAXONOMY_FILES,
    Catalog,
    CompetencyData,
    Label,
)

QUESTION_TEXT_MAX = 300
DEFAULT_CHECKIN_DAYS = 7


class UserQuestion(BaseModel):
    """A question the user added: id `U1`, `U2`..., its text and the 1–3 competencies it probes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^U[1-9][0-9]*$")]
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_TEXT_MAX)
    ]
    competencies: list[Label] = Field(min_length=1, max_length=3)

    @field_validator("text")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value or "\r" in value:
            raise ValueError("must be one line")
        return value


class Settings(BaseModel):
    """Everything the user chose, stored as one document in the bank's `settings` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    active_taxonomies: list[str] = Field(default_factory=lambda: list(DEFAULT_ACTIVE))
    competencies: list[CompetencyData] = Field(default_factory=list)
    questions: list[UserQuestion] = Field(default_factory=list)
    # Days without news from an open application before a check-in falls due.
    checkin_days: int = Field(default=DEFAULT_CHECKIN_DAYS, ge=1, le=365)
    # Names a redacted export hides (`storybank redact add`); absent in older banks' settings.
    redact_names: RedactNames = Field(default_factory=RedactNames)

    @field_validator("active_taxonomies")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in TAXONOMY_FILES:
                raise ValueError(f"“{name}” is not a taxonomy (known: {', '.join(TAXONOMY_FILES)})")
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _unique(self) -> Settings:
        names = [label_key(c.name) for c in self.competencies]
        if len(names) != len(set(names)):
            raise ValueError("Two of your competencies have the same name")
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("Two of your questions have the same id")
        return self

    def catalog(self) -> Catalog:
        """The competencies these settings put in play."""
        return Catalog(self.active_taxonomies, self.competencies)

    def next_question_id(self) -> str:
        """A fresh id for a new question of the user's."""
        numbers = [int(q.id[1:]) for q in self.questions]
        return f"U{max(numbers, default=0) + 1}"


def settings_document(settings: Settings) -> dict[str, Any]:
    """The settings as stored; an empty list of names to redact is left out, so a bank whose
    user never listed one still opens in a version that predates the list."""
    doc = settings.model_dump(mode="json")
    if not settings.redact_names.count():
        del doc["redact_names"]
    return doc


def parse_settings(doc: dict[str, Any]) -> Settings:
    """Validate a settings document, or raise SettingsError in people's words."""
    try:
        return Settings.model_validate(doc)
    except ValidationError as error:
        problem = problems_from(error)[0]
        raise SettingsError(f"{problem.field or 'settings'}: {problem.message}") from None
