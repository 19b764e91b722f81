"""Step 4, scores, and the score terms step 2 projects (reference: ``score_without_noise``).

The score of jurisdiction i (specification section 3, step 4) is
``routine + visibility_weight * visibility + substance_weight * substance
- honor_pressure * honor + noise_sigma * E``; :func:`visibility_substance` and
:func:`routine` compute its terms exactly as the reference's
``score_without_noise`` does, and :func:`noise_sf` the recognition chance that
step 2 derives from a projected score.
"""

from __future__ import annotations

import math

from numba import njit

from ...registry import EULER_GAMMA, NORMAL, REGIONAL
from .draws import draw_noise
from .jit import HELPER

__all__ = ["INV_SQRT2", "routine", "visibility_substance", "noise_sf", "domain_counts",
           "scores"]

INV_SQRT2 = 0.7071067811865476


@njit(**HELPER)
def routine(p, capacity_i, malfunction_i, on):
    """Routine performance ``r_i`` of a jurisdiction.

    Parameters
    ----------
    p : KParams
        Parameters.
    capacity_i, malfunction_i : float
        The jurisdiction's capacity and malfunction.
    on : float
        1.0 with an active project (the project load applies), else 0.0.

    Returns
    -------
    float
        ``routine_weight * c * (1 - m) * (1 - project_load * on)``.
    """
    return (p.routine_weight * capacity_i * (1.0 - malfunction_i)
            * (1.0 - p.project_load * on))


@njit(**HELPER)
def visibility_substance(p, build, pref_d, dem_d, novelty, quality, n_d, ability_i):
    """Visibility and substance of a project (specification section 3, step 4).

    Parameters
    ----------
    p : KParams
        Parameters.
    build : float
        ``build(age)`` of the project.
    pref_d, dem_d : float
        Preference and demand of its domain.
    novelty, quality : float
        The project's novelty and quality.
    n_d : int
        Active projects in its domain, this one included.
    ability_i : float
        Ability of the elite in office.

    Returns
    -------
    tuple of float
        ``(visibility, substance)``.
    """
    visibility = (p.n_domains * pref_d * build * novelty
                  / (1.0 + p.crowding * (n_d - 1)) * quality
                  * (1.0 + p.packaging_gain * ability_i))
    substance = p.n_domains * dem_d * build * quality
    return visibility, substance


@njit(**HELPER)
def noise_sf(noise, x):
    """Survival ``1 - G(x)`` of the standardised noise, computed without cancellation.

    Parameters
    ----------
    noise : int
        :data:`~tournament.registry.NORMAL` or :data:`~tournament.registry.GUMBEL`.
    x : float
        Argument.

    Returns
    -------
    float
        ``0.5 erfc(x / sqrt 2)``, or ``-expm1(-exp(-(x + gamma)))`` (exactly 1
        once ``-(x + gamma) > 700``).
    """
    if noise == NORMAL:
        return 0.5 * math.erfc(x * INV_SQRT2)
    z = -(x + EULER_GAMMA)
    if z > 700.0:
        return 1.0
    return -math.expm1(-math.exp(z))


@njit(**HELPER)
def domain_counts(projects, counts):
    """Active projects per domain.

    Parameters
    ----------
    projects : Projects
        Project state.
    counts : numpy.ndarray
        Filled with the count of each domain.
    """
    active, domain = projects.active, projects.domain
    counts[:] = 0
    for i in range(len(active)):
        if active[i]:
            counts[domain[i]] += 1


@njit(**HELPER)
def scores(rng, p, tables, jurisdictions, projects, elites, higher, scratch, space):
    """Step 4: every jurisdiction's score (with noise) and substance.

    A joint project's visibility is divided by its credit; with regional
    evaluation every score gains ``regional_weight`` times its region's mean
    visibility (section 12), added before the noise.

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: one noise draw per jurisdiction, in order.
    p : KParams
        Parameters.
    tables : Tables
        ``build`` table.
    jurisdictions, projects, elites, higher : Jurisdictions, Projects, Elites, HigherLevel
        State after the launches of step 3.
    scratch : Scratch
        ``counts`` is recomputed; ``score`` and ``substance`` are filled.
    space : Space
        Regions; ``vis_now`` and ``region_total`` are work space.
    """
    capacity, malfunction, honor = (jurisdictions.capacity, jurisdictions.malfunction,
                                    jurisdictions.honor)
    active, domain, age = projects.active, projects.domain, projects.age
    novelty, quality = projects.novelty, projects.quality
    build, ability, pref, dem = tables.build, elites.ability, higher.preference, higher.demand
    score, substance, counts = scratch.score, scratch.substance, scratch.counts
    domain_counts(projects, counts)
    regional = p.evaluation_mode == REGIONAL
    credit, vis_now, total = projects.credit, space.vis_now, space.region_total
    if regional:
        total[:] = 0.0
    for i in range(p.n):
        on = active[i]
        vis = sub = 0.0
        if on:
            d = domain[i]
            vis, sub = visibility_substance(p, build[age[i]], pref[d], dem[d], novelty[i],
                                            quality[i], counts[d], ability[i])
            if credit[i] != 1.0:
                vis = vis / credit[i]
        s = (routine(p, capacity[i], malfunction[i], 1.0 if on else 0.0)
             + p.visibility_weight * vis
             + p.substance_weight * sub - p.honor_pressure * honor[i])
        substance[i] = sub
        if regional:  # the noise waits until every region's visibility is known
            score[i] = s
            vis_now[i] = vis
            total[space.region[i]] += vis
        else:
            score[i] = s + p.noise_sigma * draw_noise(rng, p)
    if regional:
        for i in range(p.n):
            r = space.region[i]
            score[i] = (score[i] + p.regional_weight * total[r] / space.region_size[r]
                        + p.noise_sigma * draw_noise(rng, p))
