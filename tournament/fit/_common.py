"""What both estimators share: argument checks, the progress bar, the data covariance."""

from __future__ import annotations

import math
import numbers
import sys
from typing import Any

import numpy as np

from .._errors import ParameterError, ParameterTypeError
from ..config import Config
from .targets import Targets

__all__ = ["check_int", "check_fraction", "check_targets", "check_config", "Progress",
           "data_covariance", "default_bounds", "check_moment_count"]


def check_int(name: str, value: object, minimum: int) -> int:
    """An integer (not a bool) ``>= minimum``; the error names it, the value and the range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ParameterError(f"{name} = {value!r} is out of range: must be an integer "
                             f">= {minimum}")
    return int(value)


def check_fraction(name: str, value: object, low: float, high: float) -> float:
    """A float in the open interval ``(low, high)``."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or not low < value < high):
        raise ParameterError(f"{name} = {value!r} is out of range: must be a number in "
                             f"({low:g}, {high:g})")
    return float(value)


def check_targets(targets: object) -> Targets:
    """``targets`` must be a :class:`Targets` (or a path to a targets file)."""
    if isinstance(targets, Targets):
        return targets
    if isinstance(targets, str) or hasattr(targets, "__fspath__"):
        return Targets.load(targets)  # type: ignore[arg-type]
    raise ParameterTypeError(f"targets must be a tournament.fit.Targets or the path of a "
                             f"targets file, got {type(targets).__name__}")


def check_config(config: object) -> Config:
    """The base configuration (default ``Config()``)."""
    if config is None:
        return Config()
    if not isinstance(config, Config):
        raise ParameterTypeError(f"config must be a tournament.Config, got "
                                 f"{type(config).__name__}")
    return config


def check_moment_count(targets: Targets, n_params: int) -> None:
    """At least as many moments as parameters."""
    if len(targets) < n_params:
        raise ParameterError(f"{len(targets)} moment(s) cannot identify {n_params} parameters: "
                             f"give at least as many targets as fitted parameters")


def default_bounds(targets: Targets, params: object) -> dict[str, tuple[float, float]]:
    """The targets' bounds of the fitted parameters (a targets file may bound others too)."""
    names = [params] if isinstance(params, str) else list(params)  # type: ignore[call-overload]
    if len(names) == 1 and isinstance(names[0], str) and "," in names[0]:
        names = [n.strip() for n in names[0].split(",")]
    return {k: v for k, v in targets.bounds.items() if k in names}


def data_covariance(targets: Targets, simulated: np.ndarray | None) -> np.ndarray:
    """The observed moments' covariance.

    The targets' covariance when given; otherwise their standard errors with
    the correlation of the simulated per-replicate statistics (``simulated``,
    a covariance matrix), or none (diagonal) when that is unavailable.
    """
    given = targets.covariance
    if given is not None:
        return given
    se = targets.se
    if simulated is None or not np.isfinite(simulated).all():
        return np.diag(se**2)
    sd = np.sqrt(np.diag(simulated))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = simulated / np.outer(sd, sd)
    corr = np.where(np.isfinite(corr), corr, 0.0)
    np.fill_diagonal(corr, 1.0)
    return corr * np.outer(se, se)


class Progress:
    """A tqdm bar on stderr (or nothing): counts simulated points, shows the current step."""

    def __init__(self, enabled: bool | None, desc: str, total: int | None = None,
                 unit: str = "point"):
        show = sys.stderr.isatty() if enabled is None else bool(enabled)
        self._bar: Any = None
        if show:
            try:  # deferred: tqdm is optional
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - optional dependency
                return
            self._bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr,
                             dynamic_ncols=True, smoothing=0.1)

    def update(self, n: int = 1) -> None:
        """Advance by ``n``."""
        if self._bar is not None:
            self._bar.update(n)

    def step(self, text: str) -> None:
        """Show what runs now."""
        if self._bar is not None:
            self._bar.set_postfix_str(text, refresh=True)

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
