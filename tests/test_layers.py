"""The rooms of the code and the way their imports point: front ends → features → store → core."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "storybank"

# The feature rooms, which the front ends may all import.
FEATURES = {"search", "readiness", "interchange", "quality", "practice"}
# Each room and the rooms it may import (its own included). Imports inside functions count.
ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "store": {"core", "store", "store.index"},
    "store.index": {"core", "store", "store.index"},
    "search": {"core", "search"},
    # Coverage counts a story as truly ready by its quality score: one rule, from quality.
    "readiness": {"core", "store", "search", "quality", "readiness"},
    "interchange": {"core", "store", "interchange"},
    "quality": {"core", "quality"},
    # Practice draws its questions and chosen stories from readiness.
    "practice": {"core", "store", "readiness", "practice"},
    "cli": {"package", "core", "store", "store.index", *FEATURES, "cli"},
    "tui": {"package", "core", "store", "store.index", *FEATURES, "tui"},
    "package": {"package", "cli"},
}
# Inside the store, the quick index is walled off: only the bank itself keeps it current.
INDEX_USERS_IN_STORE = {"storybank.store.bank"}
# The one door from the command line into the app (imported only when the app is opened).
CLI_TO_TUI = {("storybank.cli.tui", "storybank.tui.app")}
FRONT_END_ONLY = ("textual", "rich")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 2 and parts[1] in ALLOWED:
        return parts[1]  # `from storybank.core import stemming`
    if len(parts) < 3:
        return "package"  # storybank, storybank.__main__
    if parts[1] == "store" and parts[2] == "index":
        return "store.index"
    return parts[1]


def imports(path: Path) -> list[str]:
    """Every module `path` imports, at any depth of its code."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            # `from storybank.store import bank` imports the module storybank.store.bank.
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists():
                    found.append(candidate)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_room() -> None:
    for path in MODULES:
        assert room(module_name(path)) in ALLOWED, path


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_only(path: Path) -> None:
    importer = module_name(path)
    own = room(importer)
    for imported in imports(path):
        top = imported.split(".")[0]
        if top in FRONT_END_ONLY:
            assert own == "tui", f"{importer} imports {imported}: only the app may"
        if top != "storybank" or imported == "storybank":
            continue
        target = room(imported)
        if (importer, imported) in CLI_TO_TUI:
            continue
        assert target in ALLOWED[own], f"{importer} ({own}) imports {imported} ({target})"
        if own == "store" and target == "store.index":
            assert importer in INDEX_USERS_IN_STORE, f"{importer} reaches into the quick index"


def test_the_checks_see_a_wrong_import() -> None:
    # The rule is only worth something if it can fail: an upward import is caught.
    assert "cli" not in ALLOWED["core"] and "tui" not in ALLOWED["cli"]
    assert room("storybank.core.models") == "core"
    assert room("storybank.store.index.quickindex") == "store.index"
    assert room("storybank.__main__") == "package"
    assert room("storybank.core") == "core"
