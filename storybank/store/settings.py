"""The settings kept in a bank: read them, and change them under the bank's lock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storybank.core.errors import BankError, SettingsError
from storybank.core.settings import Settings, parse_settings, settings_document
from storybank.core.taxonomy import Catalog, CompetencyResolver
from storybank.store.bank import Bank


def load_settings(bank: Bank) -> Settings:
    """The bank's settings (defaults when it has none); BankError if the stored ones are bad."""
    try:
        return parse_settings(bank.settings())
    except SettingsError as error:
        raise BankError(bank.path, f"has invalid settings ({error.message})") from None


def update_settings(bank: Bank, change: Callable[[Settings], Settings]) -> Settings:
    """Apply `change` to the current settings under the bank's lock and save them atomically."""
    saved: list[Settings] = []

    def apply(doc: dict[str, Any]) -> dict[str, Any]:
        try:
            current = parse_settings(doc)
        except SettingsError as error:
            raise BankError(bank.path, f"has invalid settings ({error.message})") from None
        new = parse_settings(settings_document(change(current)))
        saved.append(new)
        return settings_document(new)

    bank.save_settings(apply)
    return saved[0]


def load_catalog(bank: Bank) -> Catalog:
    """The catalog of the bank's active taxonomies and the user's own competencies."""
    return load_settings(bank).catalog()


def load_resolver(bank: Bank) -> CompetencyResolver:
    """The competency resolver to use for this bank's search, filters and coverage."""
    return load_catalog(bank).resolver
