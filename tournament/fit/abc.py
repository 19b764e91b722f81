"""Approximate Bayesian computation by sequential Monte Carlo (pyabc), on the study backends.

The model and its comparison with the targets (``docs/estimation.md`` has
the reasoning):

* **Priors**: independent uniforms on the search bounds (by default the
  parameter table's ranges, see :class:`~tournament.fit.space.Space`).
* **Simulated summaries**: the mean over ``R = replicates`` replicates of
  each target's statistic, plus measurement error, so that the simulated
  summaries are as noisy as the observed ones. When the targets give
  ``observations = n`` (means of ``n`` replicate-sized units) the simulated
  mean already carries about ``Σ_data n / R`` of noise and only the rest,
  ``Σ_data (1 - n/R)``, is added (nothing when ``R <= n``): with the
  tolerance going to 0 the posterior tends to the one under
  ``m_obs ~ N(m(θ), Σ_data max(1, n/R))``, exact for ``R >= n``. Without
  ``observations`` the whole ``Σ_data`` (the targets' covariance, or their
  standard errors) is added and the limit is ``N(m(θ), Σ_data + Σ_sim)``:
  the simulation noise widens it by the ``1 + 1/S`` of the SMM standard
  errors.
* **Distance**: Mahalanobis, ``‖L'(s - s_obs)‖`` with ``LL' = Σ_data⁻¹``.
* **Tolerance**: pyabc's adaptive quantile (median) schedule; the run stops
  after ``generations`` populations or when the acceptance rate falls
  below ``min_acceptance_rate``. A finite tolerance makes the posterior
  wider than the limit above, never narrower: credible intervals err on
  the wide side (the final tolerance and acceptance rates are reported).

**Determinism.** pyabc's samplers draw from numpy's global generator in
whatever process runs a candidate, and its parallel samplers accept
candidates in the order they finish, so they give different posteriors on
different runs and worker counts. This module plugs its own sampler into
pyabc (a :class:`pyabc.sampler.Sampler`): candidate ``i`` of generation
``t`` runs with numpy's and Python's global generators seeded from
``SeedSequence(seed, spawn_key=(0xABC, t + 1, i))`` (restored afterwards),
wherever it runs; candidates are taken in index order until the population
is full, the rest are discarded. The main process seeds numpy's global
generator once before pyabc starts (and restores the caller's state after).
So the posterior depends only on the inputs: not on the backend, the number
of workers, or where a resumed fit was interrupted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import itertools
import logging
import math
import random
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._deps import require
from .._errors import ParameterError
from .._io import check_output_path
from ..engine.seeding import check_seed
from ..study.backends import Backend, make_backend
from ._common import (
    Progress,
    check_config,
    check_fraction,
    check_int,
    check_moment_count,
    check_targets,
    data_covariance,
    default_bounds,
)
from ._work import moment_unit
from .checkpoint import Checkpoint
from .results import FitResult, save_result
from .smm import _identity
from .space import Space
from .statistics import Statistic
from .targets import Targets

__all__ = ["fit_abc", "ABCResult"]

ABC_KEY = 0xABC
"""First spawn key of the candidates' seed sequences (kept apart from the replicates')."""

LOW_ESS = 0.2
"""Below this share of the population the effective sample size earns a warning."""

IDENTIFIED_WIDTH = 0.8
"""A parameter counts as identified when its credible interval is narrower than this share
of the same interval under the prior."""


@dataclasses.dataclass
class ABCResult(FitResult):
    """The result of :func:`fit_abc`.

    ``estimates`` holds per parameter the posterior mean (``estimate``), sd
    (``se``), median, the equal-tailed credible interval (``ci_low``,
    ``ci_high``) and how much narrower it is than the prior's
    (``width_ratio``).

    Attributes (beyond :class:`~tournament.fit.results.FitResult`)
    ----------------------------------------------------------------
    posterior : pandas.DataFrame
        The final population: one column per parameter and ``weight``.
    """

    posterior: pd.DataFrame = None  # type: ignore[assignment]

    method = "abc"

    def summary(self) -> str:
        """The posterior summaries and the run's record as text."""
        d = self.diagnostics
        lines = [
            super().summary().replace("estimates", "posterior means").replace(" se ", " sd "),
            f"{d['generations']} generations, {d['simulations']} simulations; final tolerance "
            f"{d['epsilons'][-1]:.4g}, last acceptance rate {d['acceptance_rates'][-1]:.3f}; "
            f"effective sample size {d['effective_sample_size']:.0f} of {d['population']}"]
        if d["effective_sample_size"] < LOW_ESS * d["population"]:
            lines.append("warning: the importance weights are uneven (few particles carry most "
                         "of the weight): the credible intervals rest on few particles; raise "
                         "population, or try transition='local'")
        return "\n".join(lines)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables written to the output folder."""
        out = super().frames()
        out["posterior"] = self.posterior
        return out


def fit_abc(targets: Targets | str | Path, params: Sequence[str], *, config=None,
            bounds: Mapping[str, Sequence[float]] | None = None, replicates: int = 20,
            seed: int = 0, population: int = 200, generations: int = 6,
            min_acceptance_rate: float = 0.01, quantile: float = 0.5, level: float = 0.9,
            transition: str = "normal",
            backend: str | Backend = "serial", workers: int | None = None,
            scheduler: str | None = None, threads: int | None = None,
            out: str | Path | None = None, resume: bool = False,
            progress: bool | None = None, figures: bool = True) -> ABCResult:
    """Posterior of parameters given the targets, by ABC-SMC (pyabc).

    Parameters
    ----------
    targets : Targets or path
        The observed moments (or a targets TOML file).
    params : sequence of str
        The float parameters (``p <= k``, the number of targets).
    config : Config, optional
        Every other parameter (default ``Config()``).
    bounds : mapping, optional
        ``{name: (low, high)}``: the uniform priors' supports, inside each
        parameter's range (default: the targets' ``bounds``, then the table's range).
    replicates : int
        Simulated replicates per candidate (>= 1).
    seed : int
        Seed of the whole run (candidates, simulations, pyabc's own draws).
    population : int
        Particles per generation (>= 10).
    generations : int
        Most generations (>= 1).
    min_acceptance_rate : float
        Stop when a generation's acceptance rate falls below this, in (0, 1).
    quantile : float
        Tolerance of the next generation: this quantile of the current
        generation's distances, in (0, 1).
    level : float
        Credible level of the intervals, in (0, 1).
    transition : {"normal", "local"}
        pyabc's perturbation kernel: ``"normal"``, one Gaussian around every
        particle with the population's covariance
        (:class:`pyabc.MultivariateNormalTransition`, pyabc's default), or
        ``"local"``, a Gaussian with the covariance of each particle's
        nearest neighbours (:class:`pyabc.LocalTransition`, for curved
        posteriors).
    backend, workers, scheduler, threads
        Where candidates run, as for :func:`tournament.study.sweep`.
    out : str or Path, optional
        Folder for the outputs and the checkpoint (new or empty, unless ``resume``).
    resume : bool
        Continue the fit in ``out`` (same inputs).
    progress : bool, optional
        Progress bar on stderr (default: when stderr is a terminal).
    figures : bool
        Draw the figures into ``out`` (when matplotlib is installed).

    Returns
    -------
    ABCResult

    Raises
    ------
    ParameterError
        On bad input, before anything is simulated or written.
    """
    require("approximate Bayesian computation (tournament.fit)", "pyabc", "scipy")
    targets = check_targets(targets)
    base = check_config(config)
    space = Space(params, default_bounds(targets, params) if bounds is None else bounds, base)
    check_moment_count(targets, len(space))
    seed = check_seed(seed)
    settings = {
        "replicates": check_int("replicates", replicates, 1),
        "population": check_int("population", population, 10),
        "generations": check_int("generations", generations, 1),
        "min_acceptance_rate": check_fraction("min_acceptance_rate", min_acceptance_rate,
                                              0.0, 1.0),
        "quantile": check_fraction("quantile", quantile, 0.0, 1.0),
        "level": check_fraction("level", level, 0.0, 1.0),
        "transition": _check_transition(transition),
    }
    if out is not None:
        out = check_output_path(out, "out", parents=True, folder=True)
    if progress:
        require("the progress bar", "tqdm")
    engine = make_backend(backend, workers=workers, scheduler=scheduler, threads=threads)
    identity = _identity("abc", targets, space, seed, space.default_start(), settings)
    checkpoint = Checkpoint(out, identity, resume) if out is not None else None
    bar = Progress(progress, "abc", total=settings["generations"], unit="generation")
    started = time.perf_counter()
    try:
        with engine, _quiet_pyabc(), _global_seed(seed), tempfile.TemporaryDirectory() as tmp:
            described = engine.describe()
            if checkpoint is not None:
                checkpoint.start()
            sampler = sampler_class()(engine, seed, checkpoint, bar)
            result = _run(targets, space, settings, sampler, Path(tmp))
    finally:
        bar.close()
    result.seconds = time.perf_counter() - started
    result.backend = described
    result.evaluations = {"simulated": sampler.simulated, "replayed": sampler.replayed}
    result.targets = targets
    if out is not None:
        save_result(result, out, identity, figures=figures)
    return result


TRANSITIONS = ("local", "normal")


def _check_transition(name: object) -> str:
    if name not in TRANSITIONS:
        raise ParameterError(f"transition = {name!r} is invalid: must be one of {TRANSITIONS}")
    return str(name)


# ----------------------------------------------------------------------------- pyabc's pieces
class SimulatedMoments:
    """pyabc's model: the targets' statistics at a parameter point, with measurement error.

    Picklable (cloudpickle sends it to workers inside pyabc's sampling function).
    """

    def __init__(self, space: Space, statistics: tuple[Statistic, ...], replicates: int,
                 noise: np.ndarray, threads: int | None):
        self.space = space
        self.statistics = statistics
        self.replicates = replicates
        self.chol = (np.linalg.cholesky(noise) if np.any(noise != 0.0)
                     else np.zeros_like(noise))
        self.threads = threads

    def __call__(self, pars: Mapping[str, float]) -> dict[str, float]:
        """Simulate at ``pars``; the seeds come from numpy's (seeded) global generator."""
        theta = np.array([pars[n] for n in self.space.names], dtype=float)
        sim_seed = int(np.random.randint(0, 2**31 - 1))
        values = moment_unit(self.space.config(theta), sim_seed, 0, self.replicates,
                             self.statistics, self.threads)
        finite = np.isfinite(values)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(finite, values, 0.0).sum(axis=0) / finite.sum(axis=0)
        mean = mean + self.chol @ np.random.standard_normal(len(mean))
        return {f"m{i}": float(v) for i, v in enumerate(mean)}


class Mahalanobis:
    """Distance ``‖L'(x - y)‖`` with ``LL'`` the inverse of the targets' covariance."""

    def __init__(self, covariance: np.ndarray):
        self.root = np.linalg.cholesky(np.linalg.inv(covariance))
        self.keys = [f"m{i}" for i in range(len(covariance))]

    def __call__(self, x: Mapping[str, float], y: Mapping[str, float]) -> float:
        """The distance between simulated ``x`` and observed ``y`` (inf if undefined)."""
        d = np.array([x[k] - y[k] for k in self.keys])
        if not np.isfinite(d).all():
            return math.inf
        return float(np.linalg.norm(self.root.T @ d))


@functools.cache
def sampler_class() -> type:
    """The deterministic sampler: :class:`OrderedSampling` on pyabc's ``Sampler`` base."""
    from pyabc.sampler import Sampler  # deferred: pyabc is heavy and optional

    return type(Sampler)("OrderedSampler", (OrderedSampling, Sampler),
                         {"__module__": __name__, "__doc__": OrderedSampling.__doc__})


class OrderedSampling:
    """A pyabc sampler whose populations depend only on the seed, never on the workers.

    Candidate ``i`` of generation ``t`` runs on the backend with numpy's and
    Python's global generators seeded from ``SeedSequence(seed,
    spawn_key=(0xABC, t + 1, i))``; candidates are accepted in index order
    until ``n`` are, the rest discarded. Finished generations are saved in
    the checkpoint and replayed on resume. Combined with pyabc's ``Sampler``
    base class by :func:`sampler_class`.
    """

    def __init__(self, backend: Backend, seed: int, checkpoint: Checkpoint | None,
                 bar: Progress):
        super().__init__()
        self.backend = backend
        self.seed = seed
        self.checkpoint = checkpoint
        self.bar = bar
        self.simulated = 0
        self.replayed = 0
        self.rates: dict[int, float] = {}

    def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf,
                                all_accepted=False, ana_vars=None):
        """Run candidates in index order until ``n`` are accepted (see the module docs)."""
        saved = self.checkpoint.read_generation(t) if self.checkpoint is not None else None
        if saved is not None:
            particles = saved
            self.replayed += len(particles)
        else:
            particles = self._run(n, simulate_one, t)
            if self.checkpoint is not None:
                self.checkpoint.write_generation(t, particles)
        sample = self._create_empty_sample()
        for particle in particles:
            sample.append(particle)
        self.nr_evaluations_ = len(particles)
        self.rates[t] = n / len(particles)
        if t >= 0:
            self.bar.update(1)
            self.bar.step(f"generation {t + 1}: acceptance {n / len(particles):.2f}")
        return sample

    def _run(self, n: int, simulate_one, t: int) -> list:
        import cloudpickle  # deferred: comes with pyabc

        payload = cloudpickle.dumps(simulate_one)
        key = hashlib.sha256(payload).hexdigest()
        calls = ((key, payload, self.seed, t, i) for i in itertools.count())
        particles, accepted = [], 0
        results = self.backend.map(abc_candidate, calls)
        try:
            for particle in results:
                particles.append(particle)
                accepted += bool(particle.accepted)
                if accepted >= n:
                    break
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()  # cancels the candidates still in flight
        self.simulated += len(particles)
        return particles


_FUNCTIONS: dict[str, Any] = {}


def abc_candidate(key: str, payload: bytes, seed: int, t: int, i: int):
    """Run candidate ``i`` of generation ``t``: pyabc's ``simulate_one`` with seeded generators.

    The unpickled function is kept per process while its generation runs.
    """
    fn = _FUNCTIONS.get(key)
    if fn is None:
        import cloudpickle  # deferred: comes with pyabc

        _FUNCTIONS.clear()
        fn = _FUNCTIONS[key] = cloudpickle.loads(payload)
    state, py_state = np.random.get_state(), random.getstate()
    try:
        sequence = np.random.SeedSequence(seed, spawn_key=(ABC_KEY, t + 1, i))
        words = sequence.generate_state(4)
        np.random.seed(words)
        random.seed(int(words[0]))
        return fn()
    finally:
        np.random.set_state(state)
        random.setstate(py_state)


@contextlib.contextmanager
def _global_seed(seed: int):
    """Seed numpy's and Python's global generators for pyabc; restore the caller's after."""
    state, py_state = np.random.get_state(), random.getstate()
    words = np.random.SeedSequence(seed, spawn_key=(ABC_KEY, 0)).generate_state(4)
    np.random.seed(words)
    random.seed(int(words[0]))
    try:
        yield
    finally:
        np.random.set_state(state)
        random.setstate(py_state)


@contextlib.contextmanager
def _quiet_pyabc():
    """Keep pyabc to its warnings during the fit (it logs every generation at INFO)."""
    import pyabc  # noqa: F401  (deferred, heavy: it sets its loggers' levels when imported)

    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name == "ABC" or name.startswith("ABC.")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# ----------------------------------------------------------------------------- the run
def _run(targets: Targets, space: Space, settings: dict[str, Any], sampler,
         tmp: Path) -> ABCResult:
    import pyabc  # deferred: pyabc is heavy and optional

    sigma = data_covariance(targets, None)
    threads = sampler.backend.threads
    if threads is None and settings["replicates"] <= 16:
        threads = 1  # a few replicates run faster without a thread pool (same results)
    model = SimulatedMoments(space, targets.statistics, settings["replicates"],
                             sigma * injected_share(targets, settings["replicates"]), threads)
    prior = pyabc.Distribution(**{name: pyabc.RV("uniform", float(lo), float(hi - lo))
                                  for name, lo, hi in zip(space.names, space.lo, space.hi,
                                                          strict=True)})
    kernel = (pyabc.LocalTransition() if settings["transition"] == "local"
              else pyabc.MultivariateNormalTransition())
    abc = pyabc.ABCSMC(model, prior, Mahalanobis(sigma), transitions=kernel,
                       population_size=settings["population"],
                       eps=pyabc.QuantileEpsilon(alpha=settings["quantile"]),
                       sampler=sampler)
    observed = {f"m{i}": float(v) for i, v in enumerate(targets.values)}
    abc.new("sqlite:///" + str(tmp / "history.db"), observed)
    history = abc.run(max_nr_populations=settings["generations"],
                      min_acceptance_rate=settings["min_acceptance_rate"])
    return _result(targets, space, settings, history, sampler)


def injected_share(targets: Targets, replicates: int) -> float:
    """The share of the targets' covariance added to the simulated means as measurement error.

    With ``observations = n`` the mean of ``R`` simulated replicates already
    carries noise of about ``Σ_data n / R``; only the rest, ``1 - n / R``, is
    added (nothing when ``R <= n``). Without it the whole ``Σ_data`` is added.
    """
    n = targets.observations
    return 1.0 if n is None else max(0.0, 1.0 - n / replicates)


def _result(targets: Targets, space: Space, settings: dict[str, Any], history,
            sampler) -> ABCResult:
    from pyabc.weighted_statistics import effective_sample_size  # deferred: see _run

    frame, weights = history.get_distribution(m=0, t=history.max_t)
    frame = frame.reset_index(drop=True)
    weights = np.asarray(weights, dtype=float)
    weights = weights / weights.sum()
    level = settings["level"]
    tails = ((1 - level) / 2, (1 + level) / 2)
    rows = []
    for j, name in enumerate(space.names):
        x = frame[name].to_numpy(float)
        mean = float(np.sum(weights * x))
        sd = float(np.sqrt(np.sum(weights * (x - mean) ** 2)))
        lo, median, hi = np.quantile(x, [tails[0], 0.5, tails[1]], weights=weights,
                                     method="inverted_cdf")
        prior_width = level * space.width[j]
        ratio = float((hi - lo) / prior_width)
        rows.append({"parameter": name, "estimate": mean, "se": sd, "median": float(median),
                     "ci_low": float(lo), "ci_high": float(hi),
                     "lower_bound": float(space.lo[j]), "upper_bound": float(space.hi[j]),
                     "width_ratio": ratio, "identified": ratio < IDENTIFIED_WIDTH,
                     "note": "" if ratio < IDENTIFIED_WIDTH else
                     f"its credible interval is {ratio:.0%} as wide as the prior's: the "
                     f"targets say little about it"})
    estimates = pd.DataFrame(rows)
    posterior = pd.DataFrame({name: frame[name].to_numpy(float) for name in space.names})
    posterior["weight"] = weights

    sum_weights, sum_stats = history.get_weighted_sum_stats(t=history.max_t)
    sw = np.asarray(sum_weights, dtype=float)
    sw = sw / sw.sum()
    sims = np.array([[s[f"m{i}"] for i in range(len(targets))] for s in sum_stats])
    fitted = sw @ sims
    fitted_sd = np.sqrt(sw @ (sims - fitted) ** 2)
    observed_se = np.sqrt(np.diag(data_covariance(targets, None)))
    moments = pd.DataFrame({
        "target": list(targets.names), "statistic": [t.statistic for t in targets],
        "observed": targets.values, "observed_se": observed_se, "fitted": fitted,
        "fitted_se": fitted_sd, "residual": fitted - targets.values,
        "z": (fitted - targets.values) / observed_se,
        "source": [t.source for t in targets],
    })
    populations = history.get_all_populations()
    populations = populations[populations["t"] >= 0]
    epsilons = populations["epsilon"].astype(float).tolist()
    samples = populations["samples"].astype(int).tolist()
    rates = [settings["population"] / s for s in samples]
    diagnostics = {
        "method": "abc", "level": level, "moments": len(targets), "parameters": len(space),
        "population": settings["population"], "generations": len(epsilons),
        "epsilons": epsilons, "samples_per_generation": samples,
        "acceptance_rates": rates, "simulations": int(sum(samples)),
        "effective_sample_size": float(effective_sample_size(weights)),
        "identified": bool(estimates["identified"].all()),
        "prior": {n: ["uniform", float(lo), float(hi)] for n, lo, hi in
                  zip(space.names, space.lo, space.hi, strict=True)},
        "measurement_covariance": data_covariance(targets, None).tolist(),
        "injected_noise_share": injected_share(targets, settings["replicates"]),
        "limit_variance_factor": (None if targets.observations is None else
                                  max(1.0, targets.observations / settings["replicates"])),
        "settings": settings,
        "determinism": "candidates seeded by (seed, generation, index) and taken in index "
                       "order: the posterior does not depend on the backend or the workers",
    }
    return ABCResult(params=tuple(space.names), estimates=estimates, moments=moments,
                     diagnostics=diagnostics, posterior=posterior)
