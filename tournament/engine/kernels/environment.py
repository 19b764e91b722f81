"""Step 1, environment (reference: ``environment``)."""

from __future__ import annotations

import numpy as np
from numba import njit

from .arrays import softmax
from .draws import normal, uniform
from .jit import HELPER

__all__ = ["environment"]


@njit(**HELPER)
def environment(rng, p, jurisdictions, higher):
    """Step 1: preference and demand drift, priority shifts, absorption clocks, malfunction.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: D normals, one uniform (and on a shift one
        more), D normals, N uniforms.
    p : KParams
        Parameters.
    jurisdictions : Jurisdictions
        ``malfunction`` is updated.
    higher : HigherLevel
        Preference, demand and absorption clocks are updated.
    """
    nd = p.n_domains
    log_preference, log_demand = higher.log_preference, higher.log_demand
    absorbed, malfunction = higher.absorbed, jurisdictions.malfunction
    for d in range(nd):
        log_preference[d] += p.preference_volatility * normal(rng)
    if uniform(rng) < p.priority_shift_prob:
        d = np.int64(uniform(rng) * nd)
        log_preference[d] += p.priority_shift_size
    promoted, md = higher.promoted, higher.model_domain[0]
    for d in range(nd):
        promoted[d] = log_preference[d]
    if md >= 0:  # the higher level promotes the model's domain (reference: ``promoted``)
        promoted[md] += p.model_promotion
    softmax(promoted, higher.preference)
    for d in range(nd):
        log_demand[d] += p.demand_volatility * normal(rng)
    softmax(log_demand, higher.demand)
    for d in range(nd):  # set to absorption_rounds + 1 when a domain is absorbed
        absorbed[d] = absorbed[d] - 1 if absorbed[d] > 0 else 0
    for i in range(p.n):
        malfunction[i] *= 0.5
        if uniform(rng) < p.malfunction_prob:
            if p.malfunction_size > malfunction[i]:  # max(), as the reference writes it
                malfunction[i] = p.malfunction_size
