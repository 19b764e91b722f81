"""Simulated moments at parameter points, on a study backend, with common random numbers.

Every point is simulated with the same seed and the same replicate indices
(``first … first+R-1``): replicate ``r`` of every point draws from the same
random stream (:mod:`tournament.engine.seeding`), so the simulated moments
are a deterministic function of the parameters (*common random numbers*). A
batch of points is cut into units (a chunk of replicates of one point) and
run on the backend; per-replicate values come back in order and are joined
per point, so the moments do not depend on the backend, the workers or
the chunks. Each point's moments are recorded in the checkpoint as they are
computed, and a point already recorded is not simulated again.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence

import numpy as np

from ..study.backends import Backend
from ._work import moment_unit
from .checkpoint import Checkpoint, encode_point
from .space import Space
from .statistics import Statistic

__all__ = ["Moments", "Simulator"]


@dataclasses.dataclass(frozen=True)
class Moments:
    """Simulated moments at one point.

    Attributes
    ----------
    mean : numpy.ndarray
        Mean of each statistic over the replicates where it is finite.
    cov : numpy.ndarray
        Covariance (``ddof=1``) of the per-replicate statistics over the
        replicates where all are finite.
    finite : numpy.ndarray
        Replicates where each statistic is finite.
    replicates : int
        Replicates simulated.
    """

    mean: np.ndarray
    cov: np.ndarray
    finite: np.ndarray
    replicates: int

    @property
    def ok(self) -> bool:
        """Every moment is finite."""
        return bool(np.isfinite(self.mean).all())

    @classmethod
    def from_values(cls, values: np.ndarray) -> Moments:
        """Moments of an ``(R, k)`` matrix of per-replicate values."""
        finite_mask = np.isfinite(values)
        finite = finite_mask.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(finite > 0, np.where(finite_mask, values, 0.0).sum(axis=0)
                            / np.maximum(finite, 1), math.nan)
        rows = values[finite_mask.all(axis=1)]
        k = values.shape[1]
        cov = (np.cov(rows, rowvar=False).reshape(k, k) if len(rows) > 1
               else np.full((k, k), math.nan))
        return cls(mean, cov, finite.astype(np.int64), int(values.shape[0]))

    def to_record(self, theta: np.ndarray) -> dict:
        """The checkpoint line of this evaluation."""
        return {"theta": encode_point(theta), "replicates": self.replicates,
                "mean": self.mean.tolist(), "cov": self.cov.tolist(),
                "finite": self.finite.tolist()}

    @classmethod
    def from_record(cls, record: dict) -> Moments:
        """Read a checkpoint line back (bit for bit)."""
        return cls(np.array(record["mean"], dtype=float), np.array(record["cov"], dtype=float),
                   np.array(record["finite"], dtype=np.int64), int(record["replicates"]))


class Simulator:
    """Evaluate simulated moments at batches of parameter points.

    Parameters
    ----------
    space : Space
        The fitted parameters over the base configuration.
    statistics : tuple of Statistic
        One per target, in order.
    seed : int
        The simulation seed of every point.
    backend : Backend
        Where units run (already entered).
    checkpoint : Checkpoint, optional
        Records evaluations and replays recorded ones.
    on_evaluation : callable, optional
        Called with the number of points evaluated after each batch (progress).
    """

    def __init__(self, space: Space, statistics: tuple[Statistic, ...], seed: int,
                 backend: Backend, checkpoint: Checkpoint | None = None,
                 on_evaluation: Callable[[int], None] | None = None):
        self.space = space
        self.statistics = tuple(statistics)
        self.seed = int(seed)
        self.backend = backend
        self.checkpoint = checkpoint
        self.on_evaluation = on_evaluation
        self._cache: dict[tuple, Moments] = {}
        self.simulated = 0
        """Points this call simulated."""
        self.replayed = 0
        """Points read back from the checkpoint."""
        self._recorded: dict[tuple, Moments] = {}
        if checkpoint is not None:
            for record in checkpoint.read_evaluations():
                key = (tuple(record["theta"]), int(record["replicates"]),
                       int(record.get("first", 0)))
                self._recorded[key] = Moments.from_record(record)

    @property
    def parallelism(self) -> int:
        """Units the backend runs at once."""
        return max(1, self.backend.window // 2)

    def evaluate(self, thetas: Sequence[np.ndarray], replicates: int,
                 first: int = 0) -> list[Moments]:
        """The moments at each point of ``thetas``, from replicates ``first … first+R-1``."""
        keys = [(tuple(encode_point(t)), int(replicates), int(first)) for t in thetas]
        todo = []
        for key, theta in zip(keys, thetas, strict=True):
            if key in self._cache or any(key == k for k, _ in todo):
                continue
            if key in self._recorded:
                self._cache[key] = self._recorded.pop(key)
                self.replayed += 1
            else:
                todo.append((key, np.asarray(theta, dtype=float)))
        if todo:
            self._simulate(todo, int(replicates), int(first))
        if self.on_evaluation is not None:
            self.on_evaluation(len(thetas))
        return [self._cache[key] for key in keys]

    def evaluate_one(self, theta: np.ndarray, replicates: int, first: int = 0) -> Moments:
        """The moments at one point."""
        return self.evaluate([theta], replicates, first)[0]

    def _simulate(self, todo: list[tuple[tuple, np.ndarray]], replicates: int,
                  first: int) -> None:
        chunks = max(1, min(replicates, -(-self.parallelism // len(todo))))
        edges = first + np.linspace(0, replicates, chunks + 1).round().astype(int)
        threads = self.backend.threads
        calls = [(self.space.config(theta), self.seed, int(lo), int(hi), self.statistics,
                  threads)
                 for _, theta in todo for lo, hi in zip(edges[:-1], edges[1:], strict=True)
                 if hi > lo]
        per_point = len(calls) // len(todo)
        parts: list[np.ndarray] = []
        results = self.backend.map(moment_unit, calls)
        point = 0
        for part in results:
            parts.append(part)
            if len(parts) == per_point:
                key, theta = todo[point]
                moments = Moments.from_values(np.concatenate(parts, axis=0))
                self._cache[key] = moments
                if self.checkpoint is not None:
                    self.checkpoint.append_evaluation(dict(moments.to_record(theta),
                                                           first=first))
                self.simulated += 1
                parts, point = [], point + 1


def backend_of(backend: str | Backend, workers: int | None, scheduler: str | None,
               threads: int | None) -> Backend:
    """The study backend a fit runs on (see :func:`tournament.study.backends.make_backend`)."""
    from ..study.backends import make_backend

    return make_backend(backend, workers=workers, scheduler=scheduler, threads=threads)
