"""The core and the CLI never import Textual, so scripts stay fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "storybank.core.models",
    "storybank.store.bank",
    "storybank.store.storage",
    "storybank.search.engine",
    "storybank.core.taxonomy",
    "storybank.interchange.export",
    "storybank.interchange.importing",
    "storybank.core.timing",
    "storybank.store.notices",
    "storybank.cli.entry",
]


@pytest.mark.parametrize("module", CORE)
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules or 'rich' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_running_a_search_does_not_import_textual(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from storybank.cli.entry import main\n"
        f"main(['search', 'x', '--db', r'{tmp_path}/bank.json'])\n"
        "sys.stdout.write(str('textual' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip().endswith("False")
