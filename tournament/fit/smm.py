"""Simulated method of moments: estimates, standard errors, the J-test and identification.

The estimator (``docs/estimation.md`` has the reasoning):

1. **Common random numbers.** Every parameter point is simulated with the
   fit's seed and the replicate indices ``0 … R-1``, so the simulated
   moments ``m(θ)`` are a deterministic function of ``θ``.
2. **Search.** The objective ``Q(θ) = (m(θ) - m_obs)' W₀ (m(θ) - m_obs)``,
   ``W₀`` the inverse of the targets' covariance, is evaluated at the start
   and at a Latin hypercube of points in the bounds; Nelder–Mead
   (:func:`scipy.optimize.minimize`, with the bounds, on the unit cube)
   starts from the best of them. Nelder–Mead uses no derivatives, is
   deterministic and tolerates the small jumps of a simulated objective.
3. **Gauss–Newton step on precise simulations.** The simulated objective
   is rough at scales below the standard errors (a parameter change flips
   discrete draws and the replicate's history diverges), so its minimiser
   carries more simulation noise than the asymptotic ``1 + 1/S``. The fit
   therefore simulates the point found and ``2p`` neighbours (central
   differences, ``jacobian_step`` of each range) with ``R_J`` replicates
   (indices ``R … R+R_J-1``, apart from the search's, on whose noise the
   search chose its point), estimates the moments' Jacobian ``G`` and
   covariance there, forms the
   optimal weighting matrix ``W = Σ⁻¹`` and takes the Gauss–Newton step
   ``θ̂ = θ₁ - (G'WG)⁻¹ G'W (m(θ₁) - m_obs)`` (repeated, up to
   ``newton_steps``, while a step exceeds one standard error). This is the
   classic one-step efficient estimator.
4. **Weighting.** ``Σ = Σ_data + Σ_sim``: ``Σ_data`` the targets'
   covariance (or their standard errors with the correlation of the
   simulated statistics); ``Σ_sim`` the simulated moments' own covariance,
   ``Σ_data / S`` with ``S = R_J / observations`` when the targets give
   ``observations`` (the textbook ``1 + 1/S``), else the simulated
   covariance over ``R_J``.
5. **Standard errors** from the sandwich
   ``(G'WG)⁻¹ G'W Σ W G (G'WG)⁻¹`` (``= (G'WG)⁻¹`` at the optimal ``W``),
   intervals ``θ̂ ± z se``.
6. **J-test** ``J = r'Wr`` on the Gauss–Newton residual, chi-squared with
   ``k - p`` degrees of freedom (``k`` moments, ``p`` parameters).
7. **Identification.** The condition number of the weighted, range-scaled
   Jacobian ``W^½ G diag(width)``; per parameter a Wald test that the
   moments respond to it at all, and whether its interval is narrower than
   its search range. A parameter failing either is reported as not
   identified (and left out of the Gauss–Newton step).
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings
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
from .checkpoint import Checkpoint
from .results import FitResult, save_result
from .simulator import Moments, Simulator
from .space import Space
from .targets import Targets

__all__ = ["fit_smm", "SMMResult"]

CONVERGED_SE = 1.0
"""The Gauss-Newton steps stop once no parameter moved by more than this many standard errors."""

IDENTIFIED_P = 0.05
"""A parameter is taken to move the moments when the Wald test rejects ``G_j = 0`` at this
level."""


@dataclasses.dataclass
class SMMResult(FitResult):
    """The result of :func:`fit_smm`.

    Attributes (beyond :class:`~tournament.fit.results.FitResult`)
    ----------------------------------------------------------------
    jacobian : pandas.DataFrame
        ``dm/dθ`` at the estimate, one row per target, one column per parameter.
    weighting : numpy.ndarray
        The optimal weighting matrix ``W``.
    j_statistic, j_df, j_pvalue : float, int, float
        The J-test of the over-identifying restrictions (``nan`` when ``k == p``).
    condition_number : float
        Of the weighted, range-scaled Jacobian (``inf`` when a parameter does not
        move the moments).
    profile : pandas.DataFrame
        The objective along each parameter around the estimate.
    """

    jacobian: pd.DataFrame = None  # type: ignore[assignment]
    weighting: np.ndarray = None  # type: ignore[assignment]
    j_statistic: float = math.nan
    j_df: int = 0
    j_pvalue: float = math.nan
    condition_number: float = math.nan
    profile: pd.DataFrame = None  # type: ignore[assignment]

    method = "smm"

    def summary(self) -> str:
        """The estimates and diagnostics as text."""
        lines = [super().summary()]
        if self.j_df > 0:
            lines.append(f"J-test of the {self.j_df} over-identifying restriction(s): "
                         f"J = {self.j_statistic:.3f}, p = {self.j_pvalue:.3f}")
        else:
            lines.append("J-test: none (exactly identified: as many moments as parameters)")
        lines.append(f"condition number of the weighted, range-scaled Jacobian: "
                     f"{self.condition_number:.3g}")
        if not self.diagnostics.get("gauss_newton_converged", True):
            lines.append("warning: the last Gauss-Newton step moved a parameter by more than "
                         "one standard error; the estimate may not be at the minimum (raise "
                         "newton_steps, replicates or jacobian_replicates)")
        return "\n".join(lines)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables written to the output folder."""
        out = super().frames()
        out["jacobian"] = self.jacobian.reset_index()
        out["profile"] = self.profile
        return out


def fit_smm(targets: Targets | str | Path, params: Sequence[str], *, config=None,
            bounds: Mapping[str, Sequence[float]] | None = None,
            start: Sequence[float] | Mapping[str, float] | None = None,
            replicates: int = 100, jacobian_replicates: int | None = None, seed: int = 0,
            screen: int = 8, jacobian_step: float = 0.05, newton_steps: int = 3,
            max_evaluations: int | None = None, xatol: float = 2e-3, fatol: float = 0.05,
            profile_points: int = 7, level: float = 0.95,
            backend: str | Backend = "serial", workers: int | None = None,
            scheduler: str | None = None, threads: int | None = None,
            out: str | Path | None = None, resume: bool = False,
            progress: bool | None = None, figures: bool = True) -> SMMResult:
    """Estimate parameters by the simulated method of moments.

    Parameters
    ----------
    targets : Targets or path
        The observed moments (or a targets TOML file).
    params : sequence of str
        The float parameters to estimate (``p <= k``, the number of targets).
    config : Config, optional
        Every other parameter (default ``Config()``).
    bounds : mapping, optional
        ``{name: (low, high)}`` search bounds, inside each parameter's range
        (default: the targets' ``bounds``, then the parameter table's range).
    start : sequence or mapping, optional
        Starting values (default: the configuration's, or the middle of
        the bounds where those lie outside).
    replicates : int
        Simulated replicates per point of the search (``R >= 2``).
    jacobian_replicates : int, optional
        Replicates per point of the Gauss–Newton step (Jacobian, weighting,
        standard errors); default ``4 R``; at least ``R``.
    seed : int
        The simulation seed, the same at every point (common random numbers).
    screen : int
        Latin hypercube points evaluated before the search (0: start only).
    jacobian_step : float
        Central-difference step, as a fraction of each parameter's range, in (0, 0.5).
    newton_steps : int
        Most Gauss–Newton steps (>= 1).
    max_evaluations : int, optional
        Most objective evaluations of Nelder–Mead (default ``200 p``).
    xatol, fatol : float
        Nelder–Mead's tolerances: on the unit cube, and on the objective.
    profile_points : int
        Points of the objective profile per parameter (0: none; else >= 3),
        within three standard errors of the estimate, simulated with
        ``jacobian_replicates`` replicates and weighted by the optimal ``W``.
    level : float
        Confidence level of the intervals, in (0, 1).
    backend : {"serial", "local", "dask"} or Backend
        Where simulations run (:mod:`tournament.study.backends`).
    workers, scheduler, threads
        As for :func:`tournament.study.sweep`.
    out : str or Path, optional
        Folder for the outputs and the checkpoint (new or empty, unless ``resume``).
    resume : bool
        Continue the fit in ``out`` (same inputs); a finished one is re-read.
    progress : bool, optional
        Progress bar on stderr (default: when stderr is a terminal).
    figures : bool
        Draw the figures into ``out`` (when matplotlib is installed).

    Returns
    -------
    SMMResult

    Raises
    ------
    ParameterError
        On bad input (unknown statistic or parameter, a target without a
        standard error, bounds outside a parameter's range, fewer moments
        than parameters, ...): always before anything is simulated or
        written.

    Examples
    --------
    >>> from tournament import Config
    >>> from tournament.fit import Target, Targets, fit_smm
    >>> targets = Targets([Target("exit", "elite_exit_rate", 0.3, 0.01),
    ...                    Target("life", "lifetime_mean", 3.0, 0.2)])
    >>> res = fit_smm(targets, ["rotation_hazard"], replicates=20, screen=0, profile_points=0,
    ...               config=Config(n_jurisdictions=10, n_rounds=30, burn_in=5),
    ...               bounds={"rotation_hazard": (0.05, 0.5)})   # doctest: +SKIP
    """
    require("the simulated method of moments (tournament.fit)", "scipy")
    targets = check_targets(targets)
    base = check_config(config)
    space = Space(params, default_bounds(targets, params) if bounds is None else bounds, base)
    check_moment_count(targets, len(space))
    replicates = check_int("replicates", replicates, 2)
    rj = 4 * replicates if jacobian_replicates is None else jacobian_replicates
    rj = check_int("jacobian_replicates", rj, replicates)
    seed = check_seed(seed)
    start_theta = space.default_start() if start is None else space.check_point(start, "start")
    settings = {
        "replicates": replicates, "jacobian_replicates": rj,
        "screen": check_int("screen", screen, 0),
        "jacobian_step": check_fraction("jacobian_step", jacobian_step, 0.0, 0.5),
        "newton_steps": check_int("newton_steps", newton_steps, 1),
        "max_evaluations": check_int("max_evaluations",
                                     200 * len(space) if max_evaluations is None
                                     else max_evaluations, 1),
        "xatol": check_fraction("xatol", xatol, 0.0, 1.0),
        "fatol": check_fraction("fatol", fatol, 0.0, math.inf),
        "profile_points": _check_profile(profile_points),
        "level": check_fraction("level", level, 0.0, 1.0),
    }
    if out is not None:
        out = check_output_path(out, "out", parents=True, folder=True)
    if progress:
        require("the progress bar", "tqdm")
    engine = make_backend(backend, workers=workers, scheduler=scheduler, threads=threads)
    identity = _identity("smm", targets, space, seed, start_theta, settings)
    checkpoint = Checkpoint(out, identity, resume) if out is not None else None
    bar = Progress(progress, "smm")
    started = time.perf_counter()
    try:
        with engine:
            described = engine.describe()
            if checkpoint is not None:
                checkpoint.start()
            sim = Simulator(space, targets.statistics, seed, engine, checkpoint,
                            on_evaluation=bar.update)
            result = _estimate(sim, targets, space, start_theta, settings, bar)
    finally:
        bar.close()
    result.seconds = time.perf_counter() - started
    result.backend = described
    result.evaluations = {"simulated": sim.simulated, "replayed": sim.replayed}
    result.targets = targets
    if out is not None:
        save_result(result, out, identity, figures=figures)
    return result


def _check_profile(points: object) -> int:
    points = check_int("profile_points", points, 0)
    if points in (1, 2):
        raise ParameterError(f"profile_points = {points} is out of range: must be 0 (no "
                             f"profile) or >= 3")
    return points


def _identity(method: str, targets: Targets, space: Space, seed: int, start: np.ndarray,
              settings: dict[str, Any]) -> dict[str, Any]:
    return {"method": method, "targets": targets.to_dict(), "params": list(space.names),
            "bounds": space.to_dict(), "config": space.base.to_dict(), "seed": seed,
            "start": [float(x) for x in start], "settings": settings}


# ----------------------------------------------------------------------------- the estimator
def _estimate(sim: Simulator, targets: Targets, space: Space, start: np.ndarray,
              settings: dict[str, Any], bar: Progress) -> SMMResult:
    from scipy import optimize, stats  # deferred: scipy is the [fit] extra's

    obs = targets.values
    p, r = len(space), settings["replicates"]
    w0 = np.linalg.inv(data_covariance(targets, None))

    def objective(m: Moments, w: np.ndarray) -> float:
        if not m.ok:
            return math.inf
        g = m.mean - obs
        return float(g @ w @ g)

    # 1. screening: the start and a Latin hypercube
    bar.step("screening")
    points = [space.unit(start)]
    if settings["screen"]:
        sampler = stats.qmc.LatinHypercube(d=p, seed=np.random.default_rng(sim.seed))
        points += list(sampler.random(settings["screen"]))
    values = [objective(m, w0) for m in sim.evaluate([space.theta(u) for u in points], r)]
    if not np.isfinite(values).any():
        raise ParameterError("every screened point gives a non-finite simulated moment (a "
                             "statistic undefined in every replicate): choose other targets "
                             "or bounds")
    u0 = np.clip(points[int(np.argmin(values))], 0.0, 1.0)

    # 2. Nelder-Mead on the unit cube
    bar.step("Nelder-Mead")
    simplex = [u0] + [u0 + np.where(np.arange(p) == j, 0.1 if u0[j] <= 0.5 else -0.1, 0.0)
                      for j in range(p)]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=RuntimeWarning)  # inf at a failed point
        search = optimize.minimize(
            lambda u: objective(sim.evaluate_one(space.theta(u), r), w0), u0,
            method="Nelder-Mead", bounds=[(0.0, 1.0)] * p,
            options={"initial_simplex": np.array(simplex), "xatol": settings["xatol"],
                     "fatol": settings["fatol"], "maxfev": settings["max_evaluations"]})
    theta = space.theta(search.x)

    # 3. Gauss-Newton steps on precise simulations
    steps = []
    for step in range(settings["newton_steps"]):
        bar.step(f"Gauss-Newton step {step + 1}")
        local = _local(sim, targets, space, theta, settings)
        steps.append(local)
        if local["converged"]:
            break
        theta = local["theta"]
    local = steps[-1]
    estimate = local["theta"]

    # 4. the objective's profile around the estimate
    bar.step("profile")
    profile = _profile(sim, space, obs, local, settings)
    return _result(targets, space, settings, search, steps, local, estimate, profile)


def _stencil(space: Space, theta: np.ndarray, step: float) -> tuple[list, np.ndarray]:
    """The centre and ``2p`` central-difference points, kept inside the bounds."""
    h = step * space.width
    points = [theta]
    spans = np.empty(len(space))
    for j in range(len(space)):
        lo, hi = theta[j] - h[j], theta[j] + h[j]
        if lo < space.lo[j]:  # near a bound: shift the pair inside
            lo, hi = space.lo[j], space.lo[j] + 2 * h[j]
        elif hi > space.hi[j]:
            lo, hi = space.hi[j] - 2 * h[j], space.hi[j]
        for value in (lo, hi):
            point = theta.copy()
            point[j] = value
            points.append(point)
        spans[j] = hi - lo
    return points, spans


def _local(sim: Simulator, targets: Targets, space: Space, theta: np.ndarray,
           settings: dict[str, Any]) -> dict[str, Any]:
    """Jacobian, weighting, Gauss-Newton step and identification at ``theta``."""
    from scipy import stats  # deferred: scipy is the [fit] extra's

    obs, p, k = targets.values, len(space), len(targets)
    rj = settings["jacobian_replicates"]
    points, spans = _stencil(space, theta, settings["jacobian_step"])
    # replicates apart from the search's: the search chose its point on those replicates'
    # noise, which would otherwise bias the moments there towards the targets
    ms = sim.evaluate(points, rj, first=settings["replicates"])
    centre = ms[0]
    if not all(m.ok for m in ms):
        raise ParameterError(f"a simulated moment is undefined (non-finite in every replicate) "
                             f"near {dict(zip(space.names, theta.round(6), strict=True))}: "
                             f"choose other targets or bounds")
    jac = np.column_stack([(ms[2 + 2 * j].mean - ms[1 + 2 * j].mean) / spans[j]
                           for j in range(p)])
    sigma_data = data_covariance(targets, centre.cov)
    if targets.observations is not None:
        s_ratio = rj / targets.observations
        sigma_sim = sigma_data / s_ratio
    else:
        s_ratio = math.nan
        sigma_sim = centre.cov / rj
    sigma = sigma_data + sigma_sim
    weight = np.linalg.inv(sigma)

    # identification: do the moments respond to each parameter at all?
    wald = np.zeros(p)
    wald_p = np.ones(p)
    for j in range(p):
        g = jac[:, j]
        v = (ms[1 + 2 * j].cov + ms[2 + 2 * j].cov) / rj / spans[j] ** 2
        if np.any(g != 0.0):
            wald[j] = float(g @ np.linalg.pinv(v, hermitian=True) @ g)
            wald_p[j] = float(stats.chi2.sf(wald[j], k))
    responds = wald_p < IDENTIFIED_P

    # Gauss-Newton step and covariance on the parameters the moments respond to
    cov = np.full((p, p), math.nan)
    delta = np.zeros(p)
    idx = np.flatnonzero(responds)
    resid = centre.mean - obs
    if len(idx):
        g = jac[:, idx]
        try:
            bread = np.linalg.inv(g.T @ weight @ g)
        except np.linalg.LinAlgError:
            bread = np.full((len(idx), len(idx)), math.inf)
        meat = g.T @ weight @ sigma @ weight @ g
        with np.errstate(invalid="ignore", over="ignore"):
            cov[np.ix_(idx, idx)] = bread @ meat @ bread
            delta[idx] = -(bread @ g.T @ weight @ resid)
    se = np.sqrt(np.where(np.diag(cov) >= 0, np.diag(cov), math.nan))
    se[~responds] = math.inf
    new = np.clip(theta + np.where(np.isfinite(delta), delta, 0.0), space.lo, space.hi)
    moved = np.abs(new - theta)
    converged = bool(np.all((moved <= CONVERGED_SE * se) | ~np.isfinite(se)))
    fitted_lin = centre.mean + jac @ (new - theta)
    residual = fitted_lin - obs
    return {"centre": theta, "theta": new, "jacobian": jac, "spans": spans, "moments": centre,
            "sigma_data": sigma_data, "sigma_sim": sigma_sim, "sigma": sigma, "weight": weight,
            "s_ratio": s_ratio, "cov": cov, "se": se, "wald": wald, "wald_p": wald_p,
            "responds": responds, "residual": residual, "fitted": fitted_lin,
            "converged": converged}


def _profile(sim: Simulator, space: Space, obs: np.ndarray, local: dict[str, Any],
             settings: dict[str, Any]) -> pd.DataFrame:
    n = settings["profile_points"]
    columns = ["parameter", "value", "objective", "linearised"]
    if n == 0:
        return pd.DataFrame(columns=columns)
    est, se, w = local["theta"], local["se"], local["weight"]
    jac, centre = local["jacobian"], local["centre"]
    rows, points = [], []
    for j, name in enumerate(space.names):
        half = 3.0 * se[j] if np.isfinite(se[j]) and se[j] > 0 else 0.5 * space.width[j]
        lo, hi = max(space.lo[j], est[j] - half), min(space.hi[j], est[j] + half)
        for value in np.linspace(lo, hi, n):
            point = est.copy()
            point[j] = value
            points.append(point)
            rows.append((name, float(value)))
    ms = sim.evaluate(points, settings["jacobian_replicates"], first=settings["replicates"])
    out = []
    for (name, value), point, m in zip(rows, points, ms, strict=True):
        q = math.inf if not m.ok else float((m.mean - obs) @ w @ (m.mean - obs))
        lin = local["moments"].mean + jac @ (point - centre) - obs
        out.append((name, value, q, float(lin @ w @ lin)))
    return pd.DataFrame(out, columns=columns)


def _result(targets: Targets, space: Space, settings: dict[str, Any], search, steps: list,
            local: dict[str, Any], estimate: np.ndarray, profile: pd.DataFrame) -> SMMResult:
    from scipy import stats  # deferred: scipy is the [fit] extra's

    k, p = len(targets), len(space)
    z = float(stats.norm.ppf(0.5 + settings["level"] / 2))
    se = local["se"]
    w = local["weight"]
    scaled = np.linalg.cholesky(w).T @ local["jacobian"] @ np.diag(space.width)
    singular = np.linalg.svd(scaled, compute_uv=False)
    condition = float(singular[0] / singular[-1]) if singular[-1] > 0 else math.inf
    _, _, vt = np.linalg.svd(scaled)
    weakest = {n: float(v) for n, v in zip(space.names, vt[-1], strict=True)}
    narrow = np.isfinite(se) & (2 * z * se < space.width)
    identified = local["responds"] & narrow
    reasons = []
    for j in range(p):
        if not local["responds"][j]:
            reasons.append(f"the moments do not respond to it (Wald test of a zero Jacobian "
                           f"column: p = {local['wald_p'][j]:.3g})")
        elif not narrow[j]:
            partners = [n for n, v in weakest.items() if abs(v) >= 0.3 and n != space.names[j]]
            reasons.append("its interval is wider than its search range" + (
                f" (moves with {', '.join(partners)} along the weakest direction)"
                if partners else ""))
        else:
            reasons.append("")
    estimates = pd.DataFrame({
        "parameter": list(space.names), "estimate": estimate, "se": se,
        "ci_low": estimate - z * se, "ci_high": estimate + z * se,
        "lower_bound": space.lo, "upper_bound": space.hi,
        "at_bound": (estimate <= space.lo) | (estimate >= space.hi),
        "identified": identified, "sensitivity": np.linalg.norm(scaled, axis=0),
        "wald_pvalue": local["wald_p"], "note": reasons,
    })
    sim_se = np.sqrt(np.diag(local["sigma_sim"]))
    fitted_se = np.sqrt(np.clip(np.diag(local["jacobian"] @ np.where(
        np.isfinite(local["cov"]), local["cov"], 0.0) @ local["jacobian"].T), 0.0, None)
        + sim_se**2)
    data_se = np.sqrt(np.diag(local["sigma_data"]))
    moments = pd.DataFrame({
        "target": list(targets.names), "statistic": [t.statistic for t in targets],
        "observed": targets.values, "observed_se": data_se, "fitted": local["fitted"],
        "fitted_se": fitted_se, "simulation_se": sim_se,
        "residual": local["fitted"] - targets.values,
        "z": (local["fitted"] - targets.values) / np.sqrt(np.diag(local["sigma"])),
        "source": [t.source for t in targets],
    })
    df = k - int(local["responds"].sum())
    resid = local["residual"]
    j_stat = float(resid @ w @ resid) if df > 0 else math.nan
    j_p = float(stats.chi2.sf(j_stat, df)) if df > 0 else math.nan
    jacobian = pd.DataFrame(local["jacobian"], index=pd.Index(targets.names, name="target"),
                            columns=list(space.names))
    diagnostics = {
        "method": "smm",
        "level": settings["level"],
        "moments": k, "parameters": p,
        "j_statistic": j_stat, "j_df": df, "j_pvalue": j_p,
        "condition_number": condition,
        "singular_values": singular.tolist(),
        "weakest_direction": weakest,
        "identified": bool(identified.all()),
        "simulation_ratio_S": local["s_ratio"],
        "correction_1_plus_1_over_S": (1 + 1 / local["s_ratio"]
                                       if np.isfinite(local["s_ratio"]) else math.nan),
        "effective_S": (np.diag(local["sigma_data"]) / np.diag(local["sigma_sim"])).tolist(),
        "weighting_matrix": w.tolist(),
        "sigma_data": local["sigma_data"].tolist(),
        "covariance": np.where(np.isfinite(local["cov"]), local["cov"], None).tolist(),
        "search": {"objective": float(search.fun),
                   "evaluations": int(search.nfev), "iterations": int(search.nit),
                   "success": bool(search.success), "message": str(search.message),
                   "theta": space.theta(search.x).tolist()},
        "gauss_newton": [{"centre": s["centre"].tolist(), "step": (s["theta"] - s["centre"])
                          .tolist(), "converged": s["converged"]} for s in steps],
        "gauss_newton_converged": bool(local["converged"]),
        "settings": settings,
    }
    return SMMResult(
        params=tuple(space.names), estimates=estimates, moments=moments,
        diagnostics=diagnostics, jacobian=jacobian, weighting=w, j_statistic=j_stat,
        j_df=df, j_pvalue=j_p, condition_number=condition, profile=profile)
