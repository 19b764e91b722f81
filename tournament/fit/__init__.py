"""Estimation: fit the model's parameters to observed moments (SMM and ABC).

>>> from tournament.fit import Targets, fit_smm, fit_abc      # doctest: +SKIP
>>> targets = Targets.load("docs/estimation-targets.toml")
>>> smm = fit_smm(targets, ["rotation_hazard", "novelty_decay", "innovation_cost"],
...               out="fits/smm")
>>> print(smm.summary())

* :class:`Target`, :class:`Targets` — observed moments with standard errors
  (or a covariance), each mapped to a statistic (:data:`STATISTICS`: the
  summary columns and functions over the rounds and events tables);
  loadable from TOML;
* :func:`fit_smm` — simulated method of moments with common random numbers,
  Nelder–Mead (scipy) within the parameter table's bounds, an optimal
  weighting matrix, sandwich standard errors with the simulation
  correction, the J-test and an identification diagnostic;
* :func:`fit_abc` — approximate Bayesian computation by sequential Monte
  Carlo (pyabc), priors uniform on the bounds, posterior summaries and
  credible intervals;
* :func:`load_fit` — a finished fit read back from its output folder
  (checked against its manifest);
* figures: :func:`moments_plot`, :func:`profile_plot`, :func:`posterior_plot`.

Both estimators run on the study backends (``serial``, ``local``,
``dask``); the estimate depends only on the inputs, never on the backend or
the number of workers. With ``out=`` a fit writes its results as a
committed set of files and keeps a checkpoint, so an interrupted fit
resumes (``resume=True``). Needs the ``fit`` extra (scipy, pyabc):
``pip install 'tournament[fit]'``. Importing this package loads neither.
See ``docs/estimation.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

__all__ = ["Target", "Targets", "STATISTICS", "Statistic", "register_statistic", "fit_smm",
           "fit_abc", "SMMResult", "ABCResult", "FitResult", "load_fit", "moments_plot",
           "profile_plot", "posterior_plot"]

_LAZY = {
    "Target": "tournament.fit.targets",
    "Targets": "tournament.fit.targets",
    "STATISTICS": "tournament.fit.statistics",
    "Statistic": "tournament.fit.statistics",
    "register_statistic": "tournament.fit.statistics",
    "fit_smm": "tournament.fit.smm",
    "SMMResult": "tournament.fit.smm",
    "fit_abc": "tournament.fit.abc",
    "ABCResult": "tournament.fit.abc",
    "FitResult": "tournament.fit.results",
    "load_fit": "tournament.fit.load",
    "moments_plot": "tournament.fit.figures",
    "profile_plot": "tournament.fit.figures",
    "posterior_plot": "tournament.fit.figures",
}

if TYPE_CHECKING:  # pragma: no cover
    from .abc import ABCResult, fit_abc
    from .figures import moments_plot, posterior_plot, profile_plot
    from .load import load_fit
    from .results import FitResult
    from .smm import SMMResult, fit_smm
    from .statistics import STATISTICS, Statistic, register_statistic
    from .targets import Target, Targets

__getattr__, __dir__ = lazy_attributes(__name__, _LAZY)
