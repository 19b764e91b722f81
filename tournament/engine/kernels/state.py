"""The kernels' state: parameters, the containers of specification section 2, and the start.

The state of one replicate is held as structure of arrays, grouped into a
few containers that the step kernels take whole: :class:`Jurisdictions`,
:class:`Projects`, :class:`Elites`, :class:`HigherLevel`, beside the lookup
:class:`Tables`, the per-round :class:`Scratch` and the :class:`Records` the
replicate writes. Field names follow :class:`tournament.engine.reference.State`.
Scalars of the state (the model, θ, discontent, α) are one-element arrays, so
that a step can update them in place: ``higher.threshold[0]`` is the
reference's ``state.threshold``.

A container is a numba ``StructRef``: a reference-counted pointer to a struct
of arrays. A call passes it as one pointer, with one reference taken and
released, where a named tuple of ten arrays is passed as seventy scalars with
ten references; on a cold cache named tuples made the engine compile about
half again as long (LLVM splits every copy of such an aggregate). Each
container's fields and their numba types are declared once, below, as the
type instance (``PROJECTS`` for :class:`Projects` …) that kernels build it
from: ``projects = new(PROJECTS)``, then one assignment per field. (A
constructor, ``Projects(active, domain, …)``, would be one more compiled
function per container.)
"""

from __future__ import annotations

from collections import namedtuple

from numba import njit
from numba.core import types
from numba.experimental import structref
from numba.experimental.structref import new

from ..._params import PARAMS
from .arrays import NONE, ONE, ZERO, flags, floats, ints, softmax
from .draws import beta, draw_elite, lognormal_mean_one
from .jit import HELPER

__all__ = ["KParams", "Container", "Tables", "Jurisdictions", "Projects", "Elites", "HigherLevel",
           "Scratch", "Records", "Space", "TABLES", "JURISDICTIONS", "PROJECTS", "ELITES",
           "HIGHER_LEVEL", "SCRATCH", "RECORDS", "SPACE", "new", "initial_state", "new_scratch",
           "new_space"]

KPARAM_TABLE = tuple(name for name, param in PARAMS.items()
                     if param.kind not in ("mix", "edges"))
"""Every parameter of the table under its own name (``elite_mix`` enters as a lookup table,
``edges`` as the neighbour graph)."""
KPARAM_DERIVED = ("n", "k", "horizon", "policy", "argmax", "governance_on")
"""Short names and derived values the kernels read besides the table's parameters."""
KParams = namedtuple("KParams", [*KPARAM_TABLE, *KPARAM_DERIVED])
"""The parameters as the kernels read them, generated from the parameter table.

Built by :func:`tournament.engine.driver.kernel_params`: a parameter added
to ``tournament/_params.py`` reaches the kernels as ``p.<name>`` with no
other change (a choice parameter as its registry code).
"""

class Container(types.StructRef):
    """numba type of a container: a ``StructRef`` named by its class alone.

    numba names a ``StructRef`` type after all its fields and their types, and
    that name is spelled out in the symbol of every kernel that takes the
    container; each container class here has one set of fields, so its class
    name is a unique and short name.
    """

    def __init__(self, fields):
        super().__init__(fields)
        self.name = f"tournament.{self._typename}"


# numba types of the fields: float, int and bool arrays of one, two, three dimensions
F1, F2, I1, I2, I3 = (types.float64[::1], types.float64[:, ::1], types.int64[::1],
                      types.int64[:, ::1], types.int64[:, :, ::1])
B1 = types.boolean[::1]


@structref.register
class Tables(Container):
    """Lookup tables of :mod:`tournament.engine.tables`: ``build``, ``decay``, ``kind_cum``."""


TABLES = Tables([("build", F1), ("decay", F1), ("kind_cum", F1)])


@structref.register
class Jurisdictions(Container):
    """Per jurisdiction: capacity, fit (N x D), honour, malfunction."""


JURISDICTIONS = Jurisdictions([("capacity", F1), ("fit", F2), ("honor", F1),
                               ("malfunction", F1)])


@structref.register
class Projects(Container):
    """The one self-selected project of each jurisdiction.

    ``project`` is its row in the events record (also kept when events are
    not recorded: it identifies the project), ``reputation`` its reputation
    (step 5); ``seen`` whether it has been recognised; ``members``, ``credit``
    (``members ** credit_sharing``) and ``joint`` (the first member's events
    row, -1 for a single project) describe a joint project (section 12);
    ``launch_round`` and
    ``owner_left_round`` repeat that row's fields, which the streaming statistics
    need whether or not events are recorded.
    """


PROJECTS = Projects([("active", B1), ("domain", I1), ("quality", F1), ("novelty", F1),
                     ("age", I1), ("owned", B1), ("origin", I1), ("project", I1),
                     ("launch_round", I1), ("owner_left_round", I1), ("reputation", F1),
                     ("seen", B1), ("members", I1), ("credit", F1), ("joint", I1)])


@structref.register
class Elites(Container):
    """The elite in office in each jurisdiction: ability, motive, kind, tenure."""


ELITES = Elites([("ability", F1), ("motive", F1), ("kind", I1), ("tenure", I1)])


@structref.register
class HigherLevel(Container):
    """The higher level (per domain) and the governance layer.

    ``model_domain``, ``model_owner``, ``model_project`` (the model's project,
    its row in the events record), ``threshold``, ``discontent`` and ``alpha``
    are one-element arrays; ``promoted`` is work space of step 1 (the
    log-preferences with the model's domain raised).
    """


HIGHER_LEVEL = HigherLevel([
    ("log_preference", F1), ("preference", F1), ("log_demand", F1), ("demand", F1),
    ("absorbed", I1), ("recognitions", I1), ("model_domain", I1), ("model_owner", I1),
    ("model_project", I1), ("threshold", F1), ("discontent", F1), ("alpha", F1),
    ("promoted", F1)])


@structref.register
class Space(Container):
    """The spatial layer (section 12): the neighbour graph, regions and their work space.

    ``ptr`` and ``nbr``: the graph in CSR form (empty without one, ``graph``
    False); ``region`` of each jurisdiction and ``region_size``;
    ``proposals`` (regions x D) counts last round's ``cooperate(d)``;
    ``vis_now`` every jurisdiction's visibility and ``region_total`` per
    region (regional evaluation); ``examples`` (D) a neighbourhood's
    recognised projects per domain; ``planned`` the expected quality of each
    imitation at step 3; ``proposers`` the approved ``cooperate`` proposals.
    """


SPACE = Space([
    ("graph", types.boolean), ("ptr", I1), ("nbr", I1), ("region", I1), ("region_size", I1),
    ("proposals", I2), ("vis_now", F1), ("region_total", F1), ("examples", I1),
    ("planned", F1), ("proposers", I1)])


@njit(**HELPER)
def new_space(p, ptr, nbr):
    """The spatial layer of one replicate.

    Parameters
    ----------
    p : KParams
        Parameters (sizes, ``n_regions``).
    ptr, nbr : numpy.ndarray
        The neighbour graph in CSR form; empty for ``complete``.

    Returns
    -------
    Space
        Regions ``i * n_regions // N``; zeroed work space.
    """
    n, nd, nr = p.n, p.n_domains, p.n_regions
    sp = new(SPACE)
    sp.graph = len(ptr) > 0
    sp.ptr, sp.nbr = ptr, nbr
    sp.region, sp.region_size = ints(n, ZERO), ints(nr, ZERO)
    for i in range(n):
        sp.region[i] = (i * nr) // n
        sp.region_size[sp.region[i]] += 1
    sp.proposals = ints(nr * nd, ZERO).reshape((nr, nd))
    sp.vis_now, sp.region_total = floats(n), floats(nr)
    sp.examples, sp.planned, sp.proposers = ints(nd, ZERO), floats(n), ints(n, ZERO)
    return sp


@structref.register
class Scratch(Container):
    """What one round passes from step to step, and work space.

    ``counts`` (active projects per domain), ``draws`` (the uniforms of step 2),
    ``actions`` (step 2's choices), ``score`` and ``substance`` (step 4),
    ``recognized`` (step 5), ``left`` (step 7); ``weight`` and ``work`` are work
    space of steps 6 and 5; ``points`` the reputation points of step 5;
    ``n_available``, ``acts`` and ``utils`` (N x (D + 3))
    hold each elite's available actions and their utilities, ``wts`` the
    logit weights of one elite;
    the rest are the per-round projection terms of step 2 (see
    :func:`~tournament.engine.kernels.decisions.projections`).
    """


SCRATCH = Scratch([
    ("counts", I1), ("draws", F1), ("actions", I1), ("score", F1), ("substance", F1),
    ("recognized", B1), ("left", B1), ("weight", F1), ("work", F1), ("n_available", I1),
    ("acts", I2), ("utils", F2), ("wts", F1), ("d_pref", F1), ("d_dem", F1), ("crowd_own", F1),
    ("crowd_new", F1), ("vis_launch", F2), ("vis_relaunch", F2), ("vis_imitation", F1),
    ("sub_launch", F2), ("points", F1)])


@structref.register
class Records(Container):
    """What the replicate writes (:mod:`tournament.engine.records` layouts).

    ``rounds`` (T x N_ROUND_INT) doubles as the round's tally of step outcomes;
    ``n_events`` (one element) counts the projects launched, the rows of
    ``events`` and ``quality`` written when ``with_events``; ``panel_scores`` and
    ``panel`` are written when ``with_panel``.
    """


RECORDS = Records([
    ("rounds", I2), ("round_floats", F2), ("events", I2), ("quality", F1),
    ("panel_scores", F2), ("panel", I3), ("with_events", types.boolean),
    ("with_panel", types.boolean), ("n_events", I1)])


@njit(**HELPER)
def initial_state(rng, p, tables):
    """Draw the initial state of one replicate (specification section 2).

    Parameters
    ----------
    rng : numpy.random.Generator
        The replicate's generator: N normals (capacity), N x D Betas row by
        row (fit), then one elite per jurisdiction.
    p : KParams
        Parameters.
    tables : Tables
        Lookup tables (``kind_cum`` for the elites).

    Returns
    -------
    tuple
        ``(Jurisdictions, Projects, Elites, HigherLevel)``.
    """
    n, nd = p.n, p.n_domains
    jurisdictions = new(JURISDICTIONS)
    jurisdictions.capacity = capacity = floats(n)
    for i in range(n):
        capacity[i] = lognormal_mean_one(rng, p.capacity_sigma)
    jurisdictions.fit = fit = floats(n * nd).reshape((n, nd))
    for i in range(n):
        for d in range(nd):
            fit[i, d] = beta(rng, p.fit_alpha, p.fit_beta)
    jurisdictions.honor = floats(n)
    jurisdictions.malfunction = floats(n)
    projects = new(PROJECTS)
    projects.active, projects.domain = flags(n), ints(n, NONE)
    projects.quality, projects.novelty, projects.age = floats(n), floats(n), ints(n, ZERO)
    projects.owned, projects.origin, projects.project = flags(n), ints(n, NONE), ints(n, NONE)
    projects.launch_round, projects.owner_left_round = ints(n, ZERO), ints(n, NONE)
    projects.reputation = floats(n)
    projects.seen, projects.members = flags(n), ints(n, ONE)
    projects.credit, projects.joint = floats(n), ints(n, NONE)
    for i in range(n):
        projects.credit[i] = 1.0
    higher = new(HIGHER_LEVEL)
    higher.log_preference, higher.preference = floats(nd), floats(nd)
    higher.log_demand, higher.demand = floats(nd), floats(nd)
    higher.absorbed, higher.recognitions = ints(nd, ZERO), ints(nd, ZERO)
    higher.model_domain, higher.model_owner = ints(ONE, NONE), ints(ONE, NONE)
    higher.model_project, higher.promoted = ints(ONE, NONE), floats(nd)
    higher.threshold, higher.discontent, higher.alpha = floats(ONE), floats(ONE), floats(ONE)
    higher.alpha[0] = p.concentration
    softmax(higher.log_preference, higher.preference)
    softmax(higher.log_demand, higher.demand)
    elites = new(ELITES)
    elites.ability, elites.motive = floats(n), floats(n)
    elites.kind, elites.tenure = ints(n, ZERO), ints(n, ZERO)
    for i in range(n):
        draw_elite(rng, p, tables.kind_cum, elites, i)
    return jurisdictions, projects, elites, higher


@njit(**HELPER)
def new_scratch(p):
    """Allocate the per-round scratch of one replicate.

    Parameters
    ----------
    p : KParams
        Parameters (sizes).

    Returns
    -------
    Scratch
        Zeroed arrays.
    """
    n, nd, h = p.n, p.n_domains, p.horizon
    n_act = 3 * nd + 3  # routine, keep, imitate, and learn, innovate, cooperate per domain
    s = new(SCRATCH)
    s.counts, s.draws, s.actions = ints(nd, ZERO), floats(n), ints(n, ZERO)
    s.score, s.substance, s.recognized, s.left = floats(n), floats(n), flags(n), flags(n)
    s.weight, s.work = floats(n), floats(n)
    s.n_available, s.wts = ints(n, ZERO), floats(n_act)
    s.acts = ints(n * n_act, ZERO).reshape((n, n_act))
    s.utils = floats(n * n_act).reshape((n, n_act))
    s.d_pref, s.d_dem, s.crowd_own, s.crowd_new = floats(nd), floats(nd), floats(nd), floats(nd)
    s.vis_launch = floats(nd * h).reshape((nd, h))
    s.vis_relaunch = floats(nd * h).reshape((nd, h))
    s.vis_imitation = floats(h)
    s.sub_launch = floats(nd * h).reshape((nd, h))
    s.points = floats(n)
    return s
