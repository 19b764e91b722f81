"""Neighbour graphs and regions of the spatial layer (docs/specification.md section 12).

Jurisdictions keep their index on every graph. A graph is stored as CSR
arrays, ``ptr`` (N + 1) and ``nbr`` (the neighbours of ``i`` are
``nbr[ptr[i]:ptr[i + 1]]``, increasing), which both engines read; building it
costs O(N x degree), never N².

* ``complete`` (the default): everyone sees everyone and no neighbour
  actions exist; the layer is off and no graph is built.
* ``ring``: each jurisdiction linked to the ``degree`` nearest indices
  (``degree / 2`` on each side, wrapping around).
* ``grid``: a torus of ``rows x cols = N`` (rows the largest divisor of N
  not above its square root, at least 3), four neighbours each.
* ``small_world``: the ring, each edge ``(i, i + j)`` (j = 1 … degree / 2,
  i in order) rewired with probability ``rewire_prob`` to ``(i, k)``, k
  uniform among the jurisdictions that are neither i nor already linked to
  i (drawn by rejection: uniforms until one qualifies; Watts and Strogatz
  1998). The draws come from the replicate's own graph
  stream (:func:`graph_generator`), so the rest of the replicate's draws,
  and with them the initial state, are those of every other topology.
* ``regions``: complete within a region, nothing across.
* ``custom``: the user's edge list (``Config.edges``).

Region of jurisdiction i: ``i * n_regions // N``.
"""

from __future__ import annotations

import csv
import math
import numbers
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ._errors import ParameterError, ParameterTypeError

__all__ = ["regions", "grid_shape", "graph_generator", "neighbour_graph", "normalise_edges",
           "read_edge_list", "Graph", "EDGES_TEXT"]

EDGES_TEXT = ("pairs (a, b) of jurisdictions in 0 ... N-1 without self-loops (a networkx "
              "graph, an edge list or the path of a CSV edge list)")
"""What a valid ``edges`` value is, as error messages and the parameter table say it."""

Graph = tuple[np.ndarray, np.ndarray]
"""A graph in CSR form: ``(ptr, nbr)``, int64 arrays."""


def regions(n: int, n_regions: int) -> np.ndarray:
    """Region of every jurisdiction: ``i * n_regions // n`` (contiguous blocks of indices)."""
    return (np.arange(n, dtype=np.int64) * n_regions) // n


def grid_shape(n: int) -> tuple[int, int]:
    """``(rows, cols)`` of the near-square torus of ``n`` cells, or raise ``ParameterError``."""
    rows = max(r for r in range(1, math.isqrt(n) + 1) if n % r == 0)
    if rows < 3:
        raise ParameterError(
            f"topology = 'grid' needs n_jurisdictions = rows x cols with 3 <= rows <= cols "
            f"(a torus with four distinct neighbours); n_jurisdictions = {n} gives "
            f"{rows} x {n // rows}: choose e.g. 9, 12, 16, 100 or 144")
    return rows, n // rows


def graph_generator(seed: int, replicate: int) -> np.random.Generator:
    """The graph stream of a replicate: the first child of its own ``SeedSequence``."""
    sequence = np.random.SeedSequence(seed, spawn_key=(replicate, 0))
    return np.random.Generator(np.random.PCG64(sequence))


def _csr(n: int, pairs: Iterable[tuple[int, int]]) -> Graph:
    adj: list[set[int]] = [set() for _ in range(n)]
    for a, b in pairs:
        adj[a].add(b)
        adj[b].add(a)
    ptr = np.zeros(n + 1, np.int64)
    for i in range(n):
        ptr[i + 1] = ptr[i] + len(adj[i])
    nbr = np.empty(int(ptr[-1]), np.int64)
    for i in range(n):
        nbr[ptr[i]:ptr[i + 1]] = sorted(adj[i])
    return ptr, nbr


def _ring_pairs(n: int, degree: int) -> list[tuple[int, int]]:
    return [(i, (i + j) % n) for i in range(n) for j in range(1, degree // 2 + 1)]


def _small_world(n: int, degree: int, rewire_prob: float, rng: np.random.Generator) -> Graph:
    adj: list[set[int]] = [set() for _ in range(n)]
    pairs = _ring_pairs(n, degree)
    for a, b in pairs:
        adj[a].add(b)
        adj[b].add(a)
    for a, b in pairs:
        if rng.random() >= rewire_prob:
            continue
        if len(adj[a]) >= n - 1:  # a is linked to everyone: nothing to rewire to
            continue
        k = a
        while k == a or k in adj[a]:  # uniform among the others not yet linked to a
            k = int(rng.random() * n)
        adj[a].discard(b)
        adj[b].discard(a)
        adj[a].add(k)
        adj[k].add(a)
    return _csr(n, ((a, b) for a in range(n) for b in adj[a] if a < b))


def neighbour_graph(cfg: Any, seed: int = 0, replicate: int = 0) -> Graph | None:
    """The neighbour graph of a replicate in CSR form; ``None`` for ``complete``.

    Parameters
    ----------
    cfg : tournament.Config
        ``topology``, ``degree``, ``rewire_prob``, ``n_regions``, ``edges``.
    seed, replicate : int
        Only ``small_world`` draws (from :func:`graph_generator`).

    Returns
    -------
    tuple of numpy.ndarray or None
        ``(ptr, nbr)``.
    """
    n, topology = cfg.n_jurisdictions, cfg.topology
    if topology == "complete":
        return None
    if topology == "ring":
        return _csr(n, _ring_pairs(n, cfg.degree))
    if topology == "small_world":
        return _small_world(n, cfg.degree, cfg.rewire_prob, graph_generator(seed, replicate))
    if topology == "grid":
        rows, cols = grid_shape(n)
        pairs = []
        for r in range(rows):
            for c in range(cols):
                i = r * cols + c
                pairs.append((i, r * cols + (c + 1) % cols))
                pairs.append((i, ((r + 1) % rows) * cols + c))
        return _csr(n, pairs)
    if topology == "regions":  # regions are contiguous blocks of indices: pair within each
        region = regions(n, cfg.n_regions)
        starts = np.flatnonzero(np.r_[True, region[1:] != region[:-1]])
        ends = np.r_[starts[1:], n]
        pairs = [(a, b) for lo, hi in zip(starts, ends, strict=True)
                 for a in range(lo, hi) for b in range(a + 1, hi)]
        return _csr(n, pairs)
    return _csr(n, cfg.edges)


def read_edge_list(path: str | Path) -> tuple[tuple[int, int], ...]:
    """Read a CSV edge list: two integer columns per row, an optional header row.

    Lines starting with ``#`` and blank lines are skipped; the header is the
    first other line, if it does not hold two integers.

    Raises
    ------
    ParameterError
        When the file is missing or a row is not two integers.
    """
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"edges = {str(path)!r}: no such edge-list file; must be "
                             f"{EDGES_TEXT}")
    pairs: list[tuple[int, int]] = []
    header_seen = False
    with path.open(newline="") as fh:
        for lineno, row in enumerate(csv.reader(fh), start=1):
            cells = [c.strip() for c in row if c.strip() != ""]
            if not cells or cells[0].startswith("#"):
                continue
            try:
                a, b = (int(c) for c in cells[:2])
            except ValueError:
                if not pairs and not header_seen:  # a header, before any pair
                    header_seen = True
                    continue
                raise ParameterError(
                    f"edges = {str(path)!r}: line {lineno} is {row!r}; each row must hold "
                    "two jurisdiction indices") from None
            if len(cells) < 2:
                raise ParameterError(f"edges = {str(path)!r}: line {lineno} has one column")
            pairs.append((a, b))
    return tuple(pairs)


def normalise_edges(value: Any, n: int | None = None) -> tuple[tuple[int, int], ...]:
    """Validate the user's graph and return it as sorted, unique pairs ``(a, b)``, a < b.

    Parameters
    ----------
    value : networkx.Graph, sequence of pairs, or path
        A networkx graph whose nodes are exactly ``0 … N-1``, an edge list over
        ``0 … N-1``, or the path of a CSV edge list (:func:`read_edge_list`).
    n : int, optional
        N; when given, nodes are checked against ``0 … N-1``.

    Raises
    ------
    ParameterError, ParameterTypeError
        A self-loop, a node out of range, the wrong node count, or not a graph.
    """
    if isinstance(value, str | Path):
        value = read_edge_list(value)
    elif hasattr(value, "nodes") and hasattr(value, "edges"):  # a networkx graph
        nodes = list(value.nodes)
        bad = [v for v in nodes if isinstance(v, bool) or not isinstance(v, numbers.Integral)]
        if bad:
            raise ParameterTypeError(
                f"edges: the graph's nodes must be the jurisdiction indices 0 ... N-1; "
                f"found {bad[0]!r} (relabel it, e.g. networkx.convert_node_labels_to_integers)")
        if n is not None and sorted(int(v) for v in nodes) != list(range(n)):
            raise ParameterError(
                f"edges: the graph has {len(nodes)} nodes, its labels must be exactly 0 ... "
                f"{n - 1} (n_jurisdictions = {n})")
        value = [(int(a), int(b)) for a, b in value.edges]
    if isinstance(value, bytes) or not hasattr(value, "__iter__"):
        raise ParameterTypeError(f"edges = {value!r} is not a graph; must be {EDGES_TEXT}")
    out = set()
    for pair in value:
        if isinstance(pair, str | bytes) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise ParameterTypeError(f"edges: {pair!r} is not a pair; must be {EDGES_TEXT}")
        a, b = pair
        for v in (a, b):
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise ParameterTypeError(f"edges: node {v!r} in {tuple(pair)!r} is not an "
                                         f"integer; must be {EDGES_TEXT}")
        a, b = int(a), int(b)
        if a == b:
            raise ParameterError(f"edges: ({a}, {b}) is a self-loop (a jurisdiction is not "
                                 f"its own neighbour); must be {EDGES_TEXT}")
        for v in (a, b):
            if v < 0 or (n is not None and v >= n):
                top = f"{n - 1}" if n is not None else "N-1"
                raise ParameterError(f"edges: node {v} in ({a}, {b}) is out of range: must be "
                                     f"in 0 ... {top}; {EDGES_TEXT}")
        out.add((min(a, b), max(a, b)))
    return tuple(sorted(out))
