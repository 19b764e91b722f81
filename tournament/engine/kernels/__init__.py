"""The compiled engine: numba kernels that mirror the reference engine step by step.

Each step of docs/specification.md section 3 is one kernel with the name of
its counterpart in :mod:`tournament.engine.reference`, and follows it
operation for operation and draw for draw (the order of draws is listed in
that module's docstring); the test suite compares the two engines exactly.
Hold a reference step and its kernel side by side: same structure, same
names. :func:`~.replicate.run_replicate` runs the initial state and then, once
per round, the eight steps:

==========================  ======================================================
module                      holds
==========================  ======================================================
:mod:`.state`               :class:`KParams` and the state containers (section 2),
                            ``initial_state``
:mod:`.environment`         step 1, ``environment``
:mod:`.decisions`           step 2, ``decisions`` (utilities and logit choice of
                            every elite)
:mod:`.launches`            step 3, ``launches``, and ``end_project``
:mod:`.scores`              step 4, ``scores``, and the score terms step 2 projects
:mod:`.recognition`         step 5, ``recognition`` and ``absorption``
:mod:`.governance`          step 6, ``governance`` and ``crisis`` (section 6)
:mod:`.turnover`            steps 7 and 8, ``turnover`` and ``ageing``
:mod:`.accumulator`         the streaming statistics (``on_launch``, ``on_death``,
                            ``end_round``, ``finish``)
:mod:`.replicate`           ``run_replicate``: the round loop, and the round records
:mod:`.draws`               the replicate's random draws
:mod:`.arrays`              allocators, softmax, Gini, stable ranking, k-th largest
:mod:`.jit`                 numba options, and the cache stamp over all these modules
==========================  ======================================================

**State.** Structure of arrays, grouped into a few containers that each step
takes whole: :class:`~.state.Jurisdictions`, :class:`~.state.Projects`,
:class:`~.state.Elites`, :class:`~.state.HigherLevel` (the model, θ,
discontent and α as one-element arrays, updated in place), the lookup
:class:`~.state.Tables`, the per-round :class:`~.state.Scratch` through which
steps pass their results (actions, scores, recognitions), the
:class:`~.state.Records` the replicate fills (the round's record row doubles
as its tally of step outcomes), and the :class:`~.accumulator.Accumulator` of
the streaming statistics. A container is a numba ``StructRef``, a pointer to
a struct of arrays (see :mod:`.state` for why not a named tuple); parameters
stay a named tuple of scalars, :class:`KParams`.

**Calls and reference counting.** Loops over elites live inside the step
kernels, never around kernel calls: numba takes and releases a reference (an
atomic operation) on every array or container a call passes, and calling a
per-elite decision helper with its 25 arrays cost about 10 % of the run time.
Containers are therefore passed once per round and step; per-elite helpers
take scalars only, and per-event helpers (``end_project``, ``on_launch``,
``on_death``, ``draw_elite``) run only on launches, deaths and departures.

**Parallel replicates.** :func:`run_replicate` releases the GIL
(``nogil=True``): the driver (:mod:`tournament.engine.driver`) runs replicates
in parallel on a thread pool. Each replicate owns one
``numpy.random.Generator`` and writes only its own rows, so results do not
depend on the number of threads. (A ``prange`` batch kernel did the same job
but cost about 9 s more compilation, because LLVM re-optimised the whole
replicate inside the parallel loop; see ``benchmarks/compile.py``.)

**Compile time.** No fast-math. Only :func:`run_replicate` is called from
Python and cached on disk (``cache=True``, ``nogil=True``); every other kernel
is compiled without CPython and C-function wrappers and without a cache of
its own (:data:`.jit.HELPER`): numba links the code of every callee into its
caller, so the cached replicate kernel is complete. Its cache is stamped with
the sources of all these modules (:func:`.jit.stamp_with_sources`), so an edit
to any of them recompiles it rather than running stale code. Arrays are
allocated by the typed allocators of :mod:`.arrays` (``floats``, ``ints``,
``flags``), ``max``, ``min`` and ``int`` are written as comparisons and casts,
integer constants are passed typed (``NONE``, ``ZERO``, ``ONE``, the causes of
death), and all generator calls go through the one-line samplers of
:mod:`.draws`: numba compiles its implementation of a built-in once per
calling kernel and signature, and a kernel once more per literal argument.
numba also re-optimises and re-emits a callee's code in every caller it is
linked into, so each step is compiled twice, on its own and inside
:func:`run_replicate` (about a quarter more cold compilation than one
monolithic kernel; inlining the steps at numba's level cost more still).

**Streaming statistics** (:mod:`.accumulator`). Statistics that need
per-project or per-jurisdiction detail are computed while the replicate runs,
with the definitions of :mod:`tournament.analysis.statistics`: lifetimes
(histograms of durations of dead and censored projects), turnover
(project-rounds at risk and deaths by choice, exposed or not), restarts (one
pending death per jurisdiction), leader to follower (one pending spell per
round in which a spell ended).
"""

from __future__ import annotations

from numba.core.registry import CPUDispatcher

from . import (
    accumulator,
    arrays,
    decisions,
    draws,
    environment,
    governance,
    launches,
    recognition,
    replicate,
    scores,
    state,
    turnover,
)
from .jit import stamp_with_sources
from .replicate import run_replicate
from .state import KParams

__all__ = ["run_replicate", "KParams"]

for _module in (accumulator, arrays, decisions, draws, environment, governance, launches,
                recognition, replicate, scores, state, turnover):
    for _value in vars(_module).values():
        if isinstance(_value, CPUDispatcher) and _value.py_func.__module__ == _module.__name__:
            stamp_with_sources(_value)
del _module, _value
