"""docs/space.md: its printed examples run and print what the page shows."""

import doctest
import warnings
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "space.md"
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

pytest.importorskip("statsmodels")


def test_space_docs_examples_run():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = doctest.testfile(str(DOC), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 20
    assert result.failed == 0
