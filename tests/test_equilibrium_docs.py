"""The examples of docs/equilibria.md and of the module docstrings run as tests."""

from __future__ import annotations

import doctest
import importlib
import warnings
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "equilibria.md"
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
MODULES = [
    "tournament.equilibrium.normal_form",
    "tournament.equilibrium.pure",
    "tournament.equilibrium.support_enumeration",
    "tournament.equilibrium.rank_order",
    "tournament.equilibrium.rank_order_solver",
    "tournament.equilibrium.tullock",
    "tournament.equilibrium.replicator",
    "tournament.equilibrium.qre",
    "tournament.equilibrium.simulation_check",
    "tournament.equilibrium.opt_game",
    "tournament.testing.strategies",
]


def test_docs_examples_run():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = doctest.testfile(str(DOC), module_relative=False, optionflags=FLAGS)
    assert result.attempted > 20
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, extraglobs={"np": __import__("numpy")})
    assert result.failed == 0
