"""The README's promises: the two set-up commands first, linked files and figures exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_readme_starts_with_the_two_setup_commands():
    first_block = README.split("```")[1].strip().splitlines()
    assert first_block[1:] == ["pip install -e '.[all]' && tournament demo", "python -m pytest"]


def test_every_linked_file_and_figure_exists():
    targets = re.findall(r"\]\(([^)#\s]+)\)", README)
    local = [t for t in targets if not t.startswith(("http://", "https://"))]
    assert any(t.endswith(".png") for t in local)
    missing = [t for t in local if not (ROOT / t).exists()]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet -e '.[all]'" in ci
    assert ci.strip().splitlines()[-1] == "python -m pytest"
