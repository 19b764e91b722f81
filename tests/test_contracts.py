"""Registry-driven contract tests (issue "Architecture", item 7).

Every case here is *generated* from the model's own tables, never from a hand
list, so that a new allocation policy, noise family, elite kind, decline
mechanism or parameter is covered the moment it is added:

- ``tournament.registry`` (``NOISES``, ``POLICIES``, ``ELITE_KINDS``,
  ``REGISTRIES``) and ``tournament.DECLINE_MECHANISMS`` give one tiny
  configuration per entry;
- ``tournament._params.PARAMS`` gives, per parameter, valid non-default values
  (from ``lo``/``hi``/``lo_open``/``hi_open``/``allow_inf``/``choices``) and
  invalid ones just outside the range or of the wrong type.

Four families:

1. engine agreement: the compiled and reference engines produce the same four
   tables (summary, rounds, events, panel) bit for bit, NaN positions and the
   sign of zero included;
2. determinism: a replicate alone equals the same replicate inside a batch;
   chunking and the thread count change nothing;
3. bad input: every invalid value raises ``ParameterError`` or
   ``ParameterTypeError`` naming the parameter, the value and the valid range;
   an unknown registry name gets a did-you-mean and the list of valid names;
4. meta: every registry entry and every parameter appears in at least one
   generated case, so the generators cannot silently skip anything.

Cases are tiny (N = 10, T = 20, 2 replicates) because the reference engine is
slow; ``tests/test_engine_agreement.py``, ``tests/test_determinism.py`` and
``tests/test_golden.py`` hold the larger, hand-picked cases.
"""

from __future__ import annotations

import functools
import math
import zlib
from dataclasses import dataclass, field
from typing import Any

import numba
import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import DECLINE_MECHANISMS, Config, ParameterError, ParameterTypeError
from tournament._params import PARAMS, Param
from tournament.registry import ELITE_KINDS, NOISES, POLICIES, REGISTRIES

TABLES = ("summary", "rounds", "events", "panel")
REPLICATES = 2

# The smallest run that still shows every mechanism: 10 jurisdictions, 20 rounds, with
# absorption reached, imitation cheap enough to happen, reputations short enough to
# move the model and new priorities frequent (so that the parameters of all four act
# within 20 rounds).
TINY: dict[str, Any] = {"n_jurisdictions": 10, "n_rounds": 20, "burn_in": 2,
                        "absorption_threshold": 8, "absorption_rounds": 6,
                        "imitation_cost": 0.3, "model_memory": 0.5,
                        "priority_shift_prob": 0.2}
# Governance switched on strongly enough that both policies act (crises under the fixed
# policy, alpha switching between concentration_low and concentration_high under the
# turning point) within 20 rounds of 10 jurisdictions.
GOVERNANCE: dict[str, Any] = {"transfer_share": 0.5, "value_return": 0.1,
                              "concentration": 6.0, "carrying_capacity": 0.15}
# A kind's favoured action clearly favoured, so a one-kind population behaves like that kind.
KIND_BIAS = 2.0
# The spatial layer (section 12) switched on: a small world to learn from, regions that
# cooperate (no coordination cost, so that cooperation starts) and evaluate together.
RING_EDGES = tuple((i, (i + 1) % 10) for i in range(10))
SPACE_ON: dict[str, Any] = {"topology": "small_world", "rewire_prob": 0.3, "learning_rate": 0.5,
                            "cooperation": "on", "n_regions": 2, "coordination_cost": 0.0,
                            "evaluation_mode": "regional"}
# What a choice of the spatial layer needs besides itself to be valid and to act: on a
# graph, imitators (who favour learning from neighbours as much as imitating the model).
IMITATORS: dict[str, Any] = {"elite_mix": (0.0, 0.0, 1.0, 0.0), "kind_bias": KIND_BIAS}
SPACE_CHOICES: dict[str, dict[str, Any]] = {
    "ring": IMITATORS, "grid": {**IMITATORS, "n_jurisdictions": 9},
    "small_world": {**IMITATORS, "rewire_prob": 0.3}, "regions": {**IMITATORS, "n_regions": 3},
    "custom": {**IMITATORS, "edges": RING_EDGES},
    "on": {"n_regions": 2, "coordination_cost": 0.0}, "regional": {"n_regions": 2},
}


def _param_with_choices(choices: tuple[str, ...]) -> Param:
    """The parameter whose valid values are a registry (e.g. ``noise`` for ``NOISES``)."""
    found = [p for p in PARAMS.values() if p.kind == "choice" and tuple(p.choices) == choices]
    assert len(found) == 1, f"no single choice parameter takes its values from {choices}"
    return found[0]


NOISE_PARAM = _param_with_choices(NOISES).name
POLICY_PARAM = _param_with_choices(POLICIES).name
MIX_PARAM = next(p.name for p in PARAMS.values() if p.kind == "mix")


@dataclass(frozen=True)
class Case:
    """One generated configuration: an id, the changes to the defaults, what it covers."""

    id: str
    changes: dict[str, Any]
    covers: tuple[str, ...] = ()
    base: dict[str, Any] = field(default_factory=dict)

    def config(self) -> Config:
        return Config(**self.changes)

    @property
    def seed(self) -> int:
        """A seed fixed by the case id alone (not by the order cases are generated in)."""
        return zlib.crc32(self.id.encode()) % 2**31


# ----------------------------------------------------------------------------- registry cases
def registry_cases() -> list[Case]:
    """One tiny case per noise family, allocation policy, elite kind and decline switch."""
    cases = [Case(f"noise={name}", {**TINY, NOISE_PARAM: name}, (f"noises:{name}",))
             for name in NOISES]
    cases += [Case(f"policy={name}", {**TINY, **GOVERNANCE, POLICY_PARAM: name},
                   (f"policies:{name}",))
              for name in POLICIES]
    for j, kind in enumerate(ELITE_KINDS):
        mix = tuple(1.0 if i == j else 0.0 for i in range(len(ELITE_KINDS)))
        cases.append(Case(f"kind={kind}", {**TINY, MIX_PARAM: mix, "kind_bias": KIND_BIAS},
                          (f"elite_kinds:{kind}",)))
    for mech, changes in DECLINE_MECHANISMS.items():
        cases.append(Case(f"decline={mech}_off", {**TINY, **changes}, (f"decline:{mech}",)))
    all_off = {k: v for changes in DECLINE_MECHANISMS.values() for k, v in changes.items()}
    cases.append(Case("decline=all_off", {**TINY, **all_off}, ("decline:all",)))
    for reg, entries in REGISTRIES.items():  # every other input registry: the spatial layer
        if reg in ("noises", "policies") or not _takes_choices(entries):
            continue
        param = _param_with_choices(entries).name
        cases += [Case(f"{param}={name}", {**TINY, **SPACE_CHOICES.get(name, {}), param: name},
                       (f"{reg}:{name}",)) for name in entries]
    return cases


def _takes_choices(entries: tuple[str, ...]) -> bool:
    return any(p.kind == "choice" and tuple(p.choices) == entries for p in PARAMS.values())


# ----------------------------------------------------------------------------- parameter cases
def _accepted(changes: dict[str, Any]) -> bool:
    try:
        Config(**changes)
    except (ParameterError, ParameterTypeError):
        return False
    return True


def _strictly_inside(p: Param, x: float) -> bool:
    return p.lo < x < p.hi and math.isfinite(x)


def valid_values(p: Param, base: dict[str, Any]) -> list[Any]:
    """Valid values of ``p`` that differ from its default and from its value in ``base``.

    Derived from the parameter's fields only: a float goes halfway from its base
    value towards a finite bound (or by half its size where the range is
    unbounded), so the value lies strictly inside the range; an integer moves
    by one; a choice takes every other choice; ``allow_inf`` adds ``inf``; the
    elite mix takes equal shares. Candidates that the cross-parameter checks
    reject (e.g. ``balance_threshold < imbalance_threshold``) are skipped.
    """
    current = base.get(p.name, p.default)

    def fresh(v: Any) -> bool:
        return v != current and v != p.default and _accepted({**base, p.name: v})

    if p.kind == "float":
        b = float(current)
        step = max(abs(b), 0.5) / 2
        up = (b + p.hi) / 2 if math.isfinite(p.hi) else b + step
        down = (b + p.lo) / 2 if math.isfinite(p.lo) else b - step
        out = [next((v for v in (up, down) if _strictly_inside(p, v) and fresh(v)), None)]
        if p.allow_inf:
            out.append(math.inf)
        return [v for v in out if v is not None and fresh(v)]
    if p.kind == "int":
        b = int(current)
        for v in (b + 1, b + 2, b - 1, b - 2):
            if p.lo <= v <= p.hi and fresh(v):
                return [v]
        return []
    if p.kind == "choice":
        return [c for c in p.choices if fresh(c)]
    if p.kind == "mix":
        even = tuple(1.0 / len(ELITE_KINDS) for _ in ELITE_KINDS)
        return [even] if fresh(even) else []
    if p.kind == "edges":
        n = base.get("n_jurisdictions", PARAMS["n_jurisdictions"].default)
        star = tuple((0, j) for j in range(1, n))
        return [star] if fresh(star) else []
    return []  # an unknown kind: test_every_parameter_is_covered reports it


def parameter_bases(p: Param) -> list[tuple[str, dict[str, Any]]]:
    """The configurations a parameter is varied from (more than one where it matters).

    A governance parameter acts only with the governance layer on, and most act
    only under some allocation policies, so they are varied under every policy.
    """
    if p.kind == "edges":
        return [("@topology=custom", {**TINY, "topology": "custom", "edges": RING_EDGES})]
    if p.group == "space" and p.kind != "choice":  # they act only with the layer on
        return [("@space_on", {**TINY, **SPACE_ON})]
    if p.group == "space":  # a choice: from the defaults, with what its other values need
        needs = {k: v for c in p.choices if c != p.default
                 for k, v in SPACE_CHOICES.get(c, {}).items() if k not in ("edges", "topology")}
        return [("", {**TINY, **needs})]
    if p.group != "governance":
        return [("", dict(TINY))]
    if p.name == POLICY_PARAM:
        return [("", {**TINY, **GOVERNANCE})]
    return [(f"@{POLICY_PARAM}={pol}", {**TINY, **GOVERNANCE, POLICY_PARAM: pol})
            for pol in POLICIES]


def _show(v: Any) -> str:
    if isinstance(v, tuple) and v and isinstance(v[0], tuple):
        return f"graph{len(v)}"
    if isinstance(v, tuple):
        return "(" + ",".join(f"{x:g}" for x in v) + ")"
    return f"{v:g}" if isinstance(v, float) else str(v)


def parameter_cases() -> list[Case]:
    """One case per parameter and valid non-default value, by iterating ``PARAMS``."""
    cases = []
    for p in PARAMS.values():
        for suffix, base in parameter_bases(p):
            for v in valid_values(p, base):
                cases.append(Case(f"param:{p.name}={_show(v)}{suffix}", {**base, p.name: v},
                                  (f"param:{p.name}",), base=base))
    return cases


REGISTRY_CASES = registry_cases()
PARAMETER_CASES = parameter_cases()
AGREEMENT_CASES = REGISTRY_CASES + PARAMETER_CASES
DETERMINISM_CASES = [c for c in REGISTRY_CASES
                     if c.covers[0].split(":")[0] in ("noises", "policies", "elite_kinds")]


def _ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


# ----------------------------------------------------------------------------- comparison
def float_bits(values: np.ndarray) -> np.ndarray:
    """The IEEE bits of float64 values, every NaN made the same NaN."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.isnan(values), np.nan, values).view(np.uint64)


def assert_tables_identical(a: pd.DataFrame, b: pd.DataFrame, label: str) -> None:
    """Exactly equal: columns, dtypes, categories, index, values, NaN positions, float bits."""
    pd.testing.assert_frame_equal(a, b, check_exact=True, obj=label)
    for name in a.columns:
        if a[name].dtype == np.float64:
            bad = np.flatnonzero(float_bits(a[name].to_numpy()) != float_bits(b[name].to_numpy()))
            assert not len(bad), (f"{label}: column {name!r} differs in the float bits at rows "
                                  f"{bad[:5].tolist()} (e.g. 0.0 vs -0.0)")


def assert_results_identical(a, b, label: str, tables=TABLES) -> None:
    for table in tables:
        assert_tables_identical(getattr(a, table), getattr(b, table), f"{label}: {table}")


def run(case: Case, **kw):
    kw.setdefault("replicates", REPLICATES)
    kw.setdefault("seed", case.seed)
    return tournament.simulate(case.config(), record=TABLES, **kw)


def rows_of(frame: pd.DataFrame, replicate: int) -> pd.DataFrame:
    return frame[frame["replicate"] == replicate].reset_index(drop=True)


# ============================================================================= 1. agreement
@pytest.mark.parametrize("case", AGREEMENT_CASES, ids=_ids(AGREEMENT_CASES))
def test_engines_agree_bit_for_bit(case):
    ref = run(case, engine="reference")
    comp = run(case, engine="compiled")
    assert_results_identical(ref, comp, f"{case.id}, reference vs compiled")
    # not vacuous: both replicates ran and launched projects
    assert sorted(comp.summary["replicate"]) == list(range(REPLICATES))
    assert len(comp.events) > 0 and len(comp.panel) == (
        REPLICATES * comp.config.n_rounds * comp.config.n_jurisdictions)


# ============================================================================= 2. determinism
DETERMINISM_REPS = [0, 1, 2, 5]


@pytest.mark.parametrize("engine", ["compiled", "reference"])
@pytest.mark.parametrize("case", DETERMINISM_CASES, ids=_ids(DETERMINISM_CASES))
def test_replicate_alone_equals_replicate_in_batch(case, engine):
    reps = DETERMINISM_REPS if engine == "compiled" else DETERMINISM_REPS[-2:]
    batch = run(case, replicates=reps, engine=engine)
    for r in reps:
        alone = run(case, replicates=[r], engine=engine)
        for table in TABLES:
            assert_tables_identical(getattr(alone, table).reset_index(drop=True),
                                    rows_of(getattr(batch, table), r),
                                    f"{case.id}, {engine}, replicate {r} alone vs in {reps}: "
                                    f"{table}")
    # a different seed gives a different run (the comparison above can fail)
    other = run(case, replicates=[reps[0]], engine=engine, seed=case.seed + 1)
    assert not other.panel["score"].equals(rows_of(batch.panel, reps[0])["score"])


@pytest.mark.parametrize("case", DETERMINISM_CASES, ids=_ids(DETERMINISM_CASES))
def test_chunking_does_not_change_results(case, monkeypatch):
    from tournament.engine import driver

    whole = run(case, replicates=DETERMINISM_REPS)
    monkeypatch.setattr(driver, "CHUNK_BYTES", 1)
    assert driver.chunk_size(case.config(), TABLES) == 1  # one replicate per chunk
    chunked = run(case, replicates=DETERMINISM_REPS)
    assert_results_identical(whole, chunked, f"{case.id}, one chunk vs one replicate per chunk")


@pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2,
                    reason="numba has one thread here: threads=2 would run on one")
@pytest.mark.parametrize("case", DETERMINISM_CASES, ids=_ids(DETERMINISM_CASES))
def test_thread_count_does_not_change_results(case):
    one = run(case, replicates=DETERMINISM_REPS, threads=1)
    two = run(case, replicates=DETERMINISM_REPS, threads=2)
    assert_results_identical(one, two, f"{case.id}, threads=1 vs threads=2")


# ============================================================================= 3. bad input
@dataclass(frozen=True)
class Bad:
    """An invalid value of one parameter and what its error must say."""

    param: str
    value: Any
    why: str
    errors: tuple[type[Exception], ...]
    shows: tuple[str, ...]  # fragments the message must contain (name, value, range)

    @property
    def id(self) -> str:
        return f"{self.param}:{self.why}"


RANGE_ERROR = (ParameterError,)
TYPE_ERROR = (ParameterTypeError,)
EITHER = (ParameterError, ParameterTypeError)


def _below(x: float) -> float:
    return float(np.nextafter(x, -math.inf))


def _above(x: float) -> float:
    return float(np.nextafter(x, math.inf))


def _typo(name: str) -> str:
    """``name`` with two neighbouring letters swapped (or one doubled, if that changes nothing)."""
    for i in range(len(name) - 1):
        swapped = name[:i] + name[i + 1] + name[i] + name[i + 2:]
        if swapped != name:
            return swapped
    return name + name[-1]


def bad_values(p: Param) -> list[Bad]:
    """Invalid values of ``p``, derived from its fields: just outside each finite bound,
    the open bound itself, NaN and the infinities where not allowed, and wrong types."""
    rng = p.range_text()
    out: list[Bad] = []

    def bad(value, why, errors, shown=None, range_=rng):
        shown = repr(value) if shown is None else shown
        out.append(Bad(p.name, value, why, errors, (p.name, shown) + ((range_,) if range_ else ())))

    if p.kind in ("float", "int"):
        is_int = p.kind == "int"
        if math.isfinite(p.lo):
            if is_int:
                bad(int(math.floor(p.lo)) - (0 if p.lo_open else 1), "below_lo", RANGE_ERROR)
            else:
                if p.lo_open:
                    bad(float(p.lo), "at_open_lo", RANGE_ERROR)
                bad(_below(p.lo), "just_below_lo", RANGE_ERROR)
        if math.isfinite(p.hi):
            if is_int:
                bad(int(math.ceil(p.hi)) + (0 if p.hi_open else 1), "above_hi", RANGE_ERROR)
            else:
                if p.hi_open:
                    bad(float(p.hi), "at_open_hi", RANGE_ERROR)
                bad(_above(p.hi), "just_above_hi", RANGE_ERROR)
        nonfinite_error = EITHER if is_int else RANGE_ERROR
        bad(math.nan, "nan", nonfinite_error)
        bad(-math.inf, "-inf", nonfinite_error)
        if not p.allow_inf:
            bad(math.inf, "inf", nonfinite_error)
        bad(str(p.default), "str", TYPE_ERROR)
        bad(True, "bool", TYPE_ERROR)
        bad(None, "None", TYPE_ERROR)
        if is_int:
            bad(p.default + 0.5, "float_for_int", TYPE_ERROR)
    elif p.kind == "choice":
        for choice in p.choices:
            bad(_typo(choice), f"typo_of_{choice}", RANGE_ERROR)
        bad("zzz_unknown", "unknown", RANGE_ERROR)
        bad(1, "int", TYPE_ERROR)
        bad(None, "None", TYPE_ERROR)
    elif p.kind == "mix":
        n = len(ELITE_KINDS)
        even = [1.0 / n] * n
        for j, kind in enumerate(ELITE_KINDS):
            for why, share in (("just_below_0", _below(0.0)), ("just_above_1", _above(1.0)),
                               ("nan", math.nan)):
                mix = list(even)
                mix[j] = share
                bad(tuple(mix), f"{kind}_{why}", RANGE_ERROR, f"{kind} = {share!r}", "[0, 1]")
            mix = list(even)
            mix[j] = "a"
            bad(tuple(mix), f"{kind}_str", TYPE_ERROR, f"{kind} = 'a'", None)
            bad({_typo(kind): 1.0}, f"typo_of_{kind}", RANGE_ERROR, repr(_typo(kind)),
                ", ".join(repr(k) for k in ELITE_KINDS))
        off = tuple(even[:-1] + [even[-1] + 1e-6])
        bad(off, "sum_not_1", RANGE_ERROR, repr(off), "sum to 1")
        bad(tuple(even[:-1]), "too_few", RANGE_ERROR, repr(tuple(even[:-1])))
        bad(tuple(even + [0.0]), "too_many", RANGE_ERROR, repr(tuple(even + [0.0])))
        bad("even", "str", TYPE_ERROR)
        bad(0.25, "scalar", TYPE_ERROR)
    elif p.kind == "edges":
        bad(((0, 0),), "self_loop", RANGE_ERROR, "(0, 0)")
        bad(((0, -1),), "negative_node", RANGE_ERROR, "node -1")
        bad(((0, 1.5),), "float_node", TYPE_ERROR, "1.5")
        bad(((0, 1, 2),), "triple", TYPE_ERROR, "(0, 1, 2)")
        bad(7, "scalar", TYPE_ERROR)
        bad("no/such/edges.csv", "missing_file", RANGE_ERROR)
    return out


BAD_CASES = [b for p in PARAMS.values() for b in bad_values(p)]
ROUTES = {
    "Config": lambda name, value: Config(**{name: value}),
    "replace": lambda name, value: Config().replace(**{name: value}),
    "from_dict": lambda name, value: Config.from_dict({name: value}),
}


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("bad", BAD_CASES, ids=[b.id for b in BAD_CASES])
def test_bad_value_is_rejected_naming_parameter_value_and_range(bad, route):
    with pytest.raises(bad.errors) as info:
        ROUTES[route](bad.param, bad.value)
    message = str(info.value)
    missing = [s for s in bad.shows if s not in message]
    assert not missing, f"{bad.param} = {bad.value!r}: message {message!r} lacks {missing}"


CHOICE_REGISTRIES = {name: _param_with_choices(entries).name
                     for name, entries in REGISTRIES.items()
                     if any(p.kind == "choice" and tuple(p.choices) == entries
                            for p in PARAMS.values())}
TYPOS = [(reg, entry) for reg in CHOICE_REGISTRIES for entry in REGISTRIES[reg]]


@pytest.mark.parametrize(("registry", "entry"), TYPOS, ids=[f"{r}:{e}" for r, e in TYPOS])
def test_unknown_registry_name_suggests_and_lists_choices(registry, entry):
    name = CHOICE_REGISTRIES[registry]
    with pytest.raises(ParameterError) as info:
        Config(**{name: _typo(entry)})
    message = str(info.value)
    assert f"did you mean {entry!r}" in message, message
    assert all(repr(e) in message for e in REGISTRIES[registry]), message
    with pytest.raises(ParameterError) as info:
        Config(**{name: "zzz_unknown"})
    assert all(repr(e) in str(info.value) for e in REGISTRIES[registry]), str(info.value)


def test_unknown_elite_kind_lists_the_kinds():
    for kind in ELITE_KINDS:
        with pytest.raises(ParameterError) as info:
            Config.from_dict({MIX_PARAM: {_typo(kind): 1.0}})
        assert all(repr(k) in str(info.value) for k in ELITE_KINDS), str(info.value)


# ============================================================================= 4. meta
@functools.cache
def _output_registries() -> dict[str, tuple[str, str]]:
    """Registries that name values of a result column: ``{registry: (table, column)}``."""
    res = tournament.simulate(Config(n_jurisdictions=4, n_rounds=3, burn_in=0,
                                     recognized_per_round=1), replicates=1, seed=0,
                              record=TABLES)
    out = {}
    for table in TABLES:
        frame = getattr(res, table)
        for column in frame.columns:
            if isinstance(frame[column].dtype, pd.CategoricalDtype):
                cats = tuple(frame[column].cat.categories)
                for reg, entries in REGISTRIES.items():
                    if cats == tuple(entries):
                        out[reg] = (table, column)
    return out


def test_every_registry_has_a_generator():
    """A new registry must be a parameter's choices, the elite kinds or a result column."""
    outputs = _output_registries()
    config_regs = set(CHOICE_REGISTRIES) | {"elite_kinds"}
    unhandled = sorted(set(REGISTRIES) - config_regs - set(outputs))
    assert not unhandled, f"registries no contract test generates cases for: {unhandled}"
    assert tuple(REGISTRIES["elite_kinds"]) == tuple(ELITE_KINDS)


def test_every_input_registry_entry_and_decline_mechanism_has_cases():
    covered = {c for case in REGISTRY_CASES for c in case.covers}
    wanted = {f"{reg}:{e}" for reg in CHOICE_REGISTRIES for e in REGISTRIES[reg]}
    wanted |= {f"elite_kinds:{k}" for k in ELITE_KINDS}
    wanted |= {f"decline:{m}" for m in DECLINE_MECHANISMS} | {"decline:all"}
    assert wanted <= covered, f"not covered: {sorted(wanted - covered)}"
    # and the cases really are what they claim
    for case in REGISTRY_CASES:
        cfg = case.config()
        reg, entry = case.covers[0].split(":")
        if reg == "noises":
            assert getattr(cfg, NOISE_PARAM) == entry
        elif reg == "policies":
            assert getattr(cfg, POLICY_PARAM) == entry and cfg.governance_on
        elif reg == "elite_kinds":
            assert getattr(cfg, MIX_PARAM)[ELITE_KINDS.index(entry)] == 1.0
        elif reg in CHOICE_REGISTRIES:
            assert getattr(cfg, CHOICE_REGISTRIES[reg]) == entry
        else:
            mechs = DECLINE_MECHANISMS if entry == "all" else {entry: DECLINE_MECHANISMS[entry]}
            assert all(getattr(cfg, k) == v for ch in mechs.values() for k, v in ch.items())
    assert len(DETERMINISM_CASES) == len(NOISES) + len(POLICIES) + len(ELITE_KINDS)


def test_every_parameter_is_covered():
    """Each parameter has a valid non-default case and invalid values from its range."""
    varied = {c.covers[0].split(":", 1)[1] for c in PARAMETER_CASES}
    assert varied == set(PARAMS), f"parameters never varied: {sorted(set(PARAMS) - varied)}"
    for case in PARAMETER_CASES:
        name = case.covers[0].split(":", 1)[1]
        cfg, base = case.config(), Config(**case.base)
        assert cfg.diff(base).keys() == {name}, f"{case.id} changes {sorted(cfg.diff(base))}"
        assert getattr(cfg, name) != PARAMS[name].default, f"{case.id} is the default"
    gaps = []
    for p in PARAMS.values():
        whys = {b.why for b in BAD_CASES if b.param == p.name}
        needed = set()
        if p.kind in ("float", "int"):
            needed |= {"nan", "str", "bool"} | ({"float_for_int"} if p.kind == "int" else set())
            if math.isfinite(p.lo):
                needed.add("below_lo" if p.kind == "int" else "just_below_lo")
            if math.isfinite(p.hi):
                needed.add("above_hi" if p.kind == "int" else "just_above_hi")
        elif p.kind == "choice":
            needed |= {f"typo_of_{c}" for c in p.choices} | {"unknown"}
        elif p.kind == "mix":
            needed |= {f"{k}_just_above_1" for k in ELITE_KINDS} | {"sum_not_1"}
        elif p.kind == "edges":
            needed |= {"self_loop", "negative_node", "float_node", "missing_file"}
        else:
            needed.add(f"a generator for kind {p.kind!r}")
        if not whys or needed - whys:
            gaps.append(f"{p.name}: {sorted(needed - whys) or 'no invalid values'}")
    assert not gaps, f"invalid values not generated: {gaps}"
    # every policy sees every governance parameter varied
    for p in PARAMS.values():
        if p.group == "governance" and p.name != POLICY_PARAM:
            policies = {c.changes[POLICY_PARAM] for c in PARAMETER_CASES
                        if c.covers == (f"param:{p.name}",)}
            assert policies == set(POLICIES), f"{p.name} varied only under {policies}"


def test_every_output_registry_entry_appears_in_the_generated_cases():
    """Every action, origin and cause occurs in the tables of the agreement cases."""
    outputs = _output_registries()
    seen: dict[str, set] = {reg: set() for reg in outputs}
    for case in AGREEMENT_CASES:
        res = run(case)
        for reg, (table, column) in outputs.items():
            seen[reg] |= set(getattr(res, table)[column].astype(str))
    missing = {reg: sorted(set(REGISTRIES[reg]) - seen[reg]) for reg in outputs}
    assert not any(missing.values()), f"never produced by a generated case: {missing}"


def test_every_parameter_changes_the_results_in_some_case():
    """The parameter cases are not vacuous: varying each parameter changes some table.

    (A governance parameter may act under one policy only, so one case per
    parameter suffices.)
    """
    idle = []
    for name in PARAMS:
        cases = [c for c in PARAMETER_CASES if c.covers == (f"param:{name}",)]
        if not any(any(not getattr(run(c), t).equals(getattr(run(Case(c.id, c.base)), t))
                       for t in TABLES) for c in cases):
            idle.append(name)
    assert not idle, f"varying these parameters changed nothing in the tiny runs: {idle}"


def test_every_registry_entry_changes_the_results():
    """Entries of one registry give different runs (same seed), and every decline switch
    changes the run it switches off: an entry the engines silently treat like another
    (an unwired ``elif``) is caught here, where agreement alone would pass."""
    def tables(changes: dict[str, Any]) -> tuple[pd.DataFrame, ...]:
        res = tournament.simulate(Config(**changes), replicates=REPLICATES, seed=12345,
                                  record=TABLES)
        return tuple(getattr(res, t) for t in TABLES)

    def same(a, b) -> bool:
        return all(x.equals(y) for x, y in zip(a, b, strict=True))

    groups: dict[str, list[Case]] = {}
    for case in REGISTRY_CASES:
        groups.setdefault(case.covers[0].split(":")[0], []).append(case)
    twins = []
    for reg, cases in groups.items():
        runs = [(case.id, tables(case.changes)) for case in cases]
        if reg == "decline":  # each switch against the run with every mechanism on
            runs.append(("all mechanisms on", tables(TINY)))
        twins += [f"{a} == {b}" for i, (a, ra) in enumerate(runs) for b, rb in runs[i + 1:]
                  if same(ra, rb)]
    assert not twins, f"registry entries that change nothing: {twins}"
