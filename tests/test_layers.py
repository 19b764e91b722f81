"""The package's layers (docs/architecture.md): no import cycles, no import from a layer above.

Every module of ``tournament`` is found with :mod:`pkgutil` and read with
:mod:`ast`, without importing it (so neither numba, matplotlib nor any
optional dependency loads). Each ``import`` statement, at module level or
inside a function, becomes an edge to the tournament module it names;
imports under ``if TYPE_CHECKING:`` are for type checkers and are left out.
Alias modules (old import paths that replace themselves in ``sys.modules``,
like ``tournament/reference.py``) point up by design and are exempt from
the layer rules, not from the cycle check.
"""

from __future__ import annotations

import ast
import pkgutil
import textwrap
from pathlib import Path

import pytest

import tournament

ROOT = Path(tournament.__file__).parent

BASE = {"tournament", "tournament.config", "tournament._params", "tournament.registry",
        "tournament.graph",
        "tournament._errors", "tournament._deps", "tournament._io", "tournament._lazy"}
"""The base layer: configuration, parameter table, registry, errors, helpers."""

ALLOWED = {
    "base": {"base"},
    "engine": {"base", "engine"},
    "analysis": {"base", "engine", "analysis"},
    "experiments": {"base", "engine", "analysis", "experiments"},
    "study": {"base", "engine", "study"},
    "equilibrium": {"base", "engine", "equilibrium"},
    "plots": {"base", "engine", "analysis", "experiments", "study", "plots"},
    "testing": {"base", "engine", "equilibrium", "testing"},
    "fit": {"base", "engine", "analysis", "study", "plots", "fit"},
    "cli": {"base", "engine", "analysis", "experiments", "study", "equilibrium", "plots", "fit",
            "cli"},
}
"""Layer -> the layers its modules may import."""

ANALYSIS_ENGINE = {"tournament.engine", "tournament.engine.records", "tournament.engine.results",
                   "tournament.engine.rules", "tournament.engine.summary"}
"""The engine modules analysis may use: record layouts, table builders, statistic rules.
Nothing that runs a simulation."""


# ----------------------------------------------------------------------------- the graph
def find_modules(root: Path, package: str = "tournament") -> dict[str, Path]:
    """Every module under ``root`` (the package folder) by dotted name, without importing."""
    found = {package: root / "__init__.py"}
    for info in pkgutil.iter_modules([str(root)]):
        name = f"{package}.{info.name}"
        if info.ispkg:
            found.update(find_modules(root / info.name, name))
        else:
            found[name] = root / f"{info.name}.py"
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom,
             modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        prefix = ".".join(parts + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    out = []
    for alias in node.names:
        candidate = f"{prefix}.{alias.name}"
        out.append(candidate if candidate in modules else prefix)
    return out


def import_graph(root: Path, package: str = "tournament"):
    """``(modules, edges, deferred, aliases)`` of the package under ``root``.

    ``edges[m]`` holds the package modules ``m`` imports (module level or in
    a function; not under ``TYPE_CHECKING``); ``deferred`` lists
    ``(module, line, target)`` of the imports inside functions; ``aliases``
    the modules that replace themselves in ``sys.modules``.
    """
    modules = find_modules(root, package)
    edges: dict[str, set[str]] = {m: set() for m in modules}
    deferred: list[tuple[str, int, str]] = []
    aliases: set[str] = set()

    def visit(module: str, is_package: bool, node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(module, is_package, ast.Module([sub], []), in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, is_package, child, modules):
                    if in_function:
                        deferred.append((module, child.lineno, target))
                    if target == package or target.startswith(package + "."):
                        edges[module].add(target)
                continue
            if isinstance(child, ast.Assign) and _replaces_itself(child):
                aliases.add(module)
            visit(module, is_package, child,
                  in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                    ast.Lambda)))

    for module, path in modules.items():
        visit(module, path.name == "__init__.py", ast.parse(path.read_text(), str(path)), False)
    return modules, edges, deferred, aliases


def _replaces_itself(node: ast.Assign) -> bool:
    """``sys.modules[__name__] = ...``"""
    return any(isinstance(t, ast.Subscript) and isinstance(t.value, ast.Attribute)
               and t.value.attr == "modules" and isinstance(t.slice, ast.Name)
               and t.slice.id == "__name__" for t in node.targets)


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return cycles


def layer(module: str, aliases: set[str] = frozenset()) -> str:
    """The layer of a tournament module (a new top-level module must be given one here)."""
    parts = module.split(".")
    if module in aliases:
        return "alias"
    if module in BASE:
        return "base"
    if module in ("tournament.cli", "tournament._cli_common") or parts[-1] == "_cli":
        return "cli"
    if parts[1] in ALLOWED:
        return parts[1]
    raise AssertionError(f"{module} belongs to no layer: add it to BASE or ALLOWED in "
                         f"tests/test_layers.py (and to docs/architecture.md)")


def violations(edges: dict[str, set[str]], aliases: set[str]) -> list[str]:
    """Every import of a module from a layer its importer may not use."""
    out = []
    for module in sorted(edges):
        if module in aliases:
            continue
        own = layer(module)
        for target in sorted(edges[module]):
            if target not in edges:
                continue  # not a module of the package (e.g. a name in a package __init__)
            other = layer(target, aliases)
            if other == "alias":
                out.append(f"{module} imports the alias {target} (import its real module)")
            elif other not in ALLOWED[own]:
                out.append(f"{module} ({own}) imports {target} ({other})")
            elif own == "analysis" and other == "engine" and target not in ANALYSIS_ENGINE:
                out.append(f"{module} (analysis) imports {target}, which runs simulations")
            elif target == "tournament.cli":
                out.append(f"{module} imports tournament.cli (use tournament._cli_common)")
    return out


GRAPH = import_graph(ROOT)


# ----------------------------------------------------------------------------- the package
def test_the_graph_sees_the_package():
    modules, edges, deferred, aliases = GRAPH
    assert {"tournament.engine.simulate", "tournament.engine.summary", "tournament.engine.rules",
            "tournament.analysis.statistics", "tournament.experiments.facts",
            "tournament.plots.report", "tournament.cli"} <= set(modules)
    assert "tournament.engine.summary" in edges["tournament.engine.simulate"]
    assert "tournament.engine.rules" in edges["tournament.engine.summary"]
    assert "tournament.engine.summary" in edges["tournament.analysis.statistics"]
    assert {"tournament.reference", "tournament.analysis.facts",
            "tournament.analysis.report"} <= aliases


def test_no_import_cycles():
    assert find_cycles(GRAPH[1]) == []


def test_every_module_has_a_layer():
    for module in GRAPH[0]:
        layer(module, GRAPH[3])


def test_no_layer_imports_one_above_it():
    assert violations(GRAPH[1], GRAPH[3]) == []


@pytest.mark.parametrize("forbidden", ["analysis", "experiments", "plots", "study", "equilibrium",
                                       "cli"])
def test_the_engine_imports_nothing_above_it(forbidden):
    _, edges, _, aliases = GRAPH
    bad = [(m, t) for m in edges if layer(m, aliases) == "engine" for t in edges[m]
           if t in edges and layer(t, aliases) == forbidden]
    assert bad == []


@pytest.mark.parametrize("forbidden", ["experiments", "plots", "study", "cli"])
def test_analysis_imports_no_experiment_plot_study_or_cli(forbidden):
    _, edges, _, aliases = GRAPH
    bad = [(m, t) for m in edges if layer(m, aliases) == "analysis"
           for t in edges[m] if t in edges and layer(t, aliases) == forbidden]
    assert bad == []


def test_no_module_imports_the_command_line():
    _, edges, _, _ = GRAPH
    assert [m for m, targets in edges.items() if "tournament.cli" in targets] == []


# ----------------------------------------------------------------------------- the checker can fail
def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "tournament"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(textwrap.dedent(text))
    return root


def test_the_checker_finds_a_cycle_through_a_deferred_import(tmp_path):
    root = _package(tmp_path, {
        "engine/a.py": "from . import b\n",
        "engine/b.py": "def f():\n    from .a import x\n",
        "engine/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                       "    from .d import y\n",
        "engine/d.py": "from .c import z\n",
    })
    _, edges, deferred, _ = import_graph(root)
    assert find_cycles(edges) == [["tournament.engine.a", "tournament.engine.b"]]
    assert deferred == [("tournament.engine.b", 2, "tournament.engine.a")]


def test_the_checker_finds_an_engine_module_importing_analysis(tmp_path):
    root = _package(tmp_path, {
        "engine/simulate.py": "from ..analysis import statistics as st\n",
        "analysis/statistics.py": "from ..engine.records import X\n",
        "engine/records.py": "X = 1\n",
        "analysis/facts.py": "import sys\nfrom ..experiments import facts as _m\n"
                             "sys.modules[__name__] = _m\n",
        "experiments/facts.py": "from ..engine import driver\n",
        "engine/driver.py": "",
    })
    _, edges, _, aliases = import_graph(root)
    assert aliases == {"tournament.analysis.facts"}
    assert violations(edges, aliases) == [
        "tournament.engine.simulate (engine) imports tournament.analysis.statistics (analysis)"]


def test_the_checker_finds_analysis_running_simulations_and_plugins_importing_the_cli(tmp_path):
    root = _package(tmp_path, {
        "analysis/hazard.py": "from ..engine.driver import run_chunk\n",
        "engine/driver.py": "",
        "study/_cli.py": "def register(sub):\n    from ..cli import load_config\n",
        "cli.py": "",
    })
    _, edges, _, aliases = import_graph(root)
    assert violations(edges, aliases) == [
        "tournament.analysis.hazard (analysis) imports tournament.engine.driver, which runs "
        "simulations",
        "tournament.study._cli imports tournament.cli (use tournament._cli_common)"]
