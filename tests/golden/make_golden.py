"""Regenerate the golden regression fixture of the simulation engines.

Run from the repository root::

    python tests/golden/make_golden.py

It runs every case below on the compiled engine, checks that the reference
engine agrees exactly and that each case really exercises what it claims,
then rewrites ``tests/golden/cases.json`` (the full configuration, seed,
replicates and table schemas of every case) and ``tests/golden/data/``
(one Parquet file per case and table). ``tests/test_golden.py`` reads only
those files, never this script, so changing a default of
:class:`tournament.Config` or a case here does not change what is tested
until the fixture is deliberately regenerated (see ``README.md``).
"""

from __future__ import annotations

import json
import math
import platform
import time
from dataclasses import dataclass
from pathlib import Path

import numba
import numpy as np
import pandas as pd
import pyarrow
import pyarrow.parquet as pq
from fingerprint import fingerprint  # tests/golden/fingerprint.py, beside this script

import tournament
from tournament import DECLINE_MECHANISMS, Config
from tournament._params import ELITE_KINDS, NOISES, POLICIES

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CASES_JSON = HERE / "cases.json"
FORMAT = 1
MAX_BYTES = 3 * 2**20

# Every case is a small deviation from BASE (2-3 replicates; a few edge cases are smaller).
BASE = {"n_jurisdictions": 16, "n_rounds": 40, "burn_in": 8}
GOV = {"transfer_share": 0.2, "value_return": 0.05, "concentration": 2.0}
CRISES = {"transfer_share": 0.5, "value_return": 0.1, "concentration": 6.0,
          "carrying_capacity": 0.15}
ALL_OFF = {k: v for changes in DECLINE_MECHANISMS.values() for k, v in changes.items()}
ABSORB = {"absorption_threshold": 4, "absorption_rounds": 6}


@dataclass(frozen=True)
class Case:
    """One (configuration, seed) pair of the fixture.

    ``changes`` are applied to :data:`BASE`; the full configuration is what is
    stored. ``expect`` are checks (see :func:`check`) that must hold on the
    compiled run, so that a case cannot silently stop exercising its target.
    ``reference`` marks the small cases the test also runs on the slow
    reference engine.
    """

    id: str
    covers: str
    changes: dict
    seed: int
    replicates: tuple[int, ...] = (0, 1)
    panel: bool = False
    reference: bool = False
    expect: tuple[str, ...] = ()

    def config(self) -> Config:
        """The full configuration: BASE with this case's changes."""
        return Config(**{**BASE, **self.changes})


def mix(kind: str) -> tuple[float, float, float, float]:
    """An elite mix concentrated on one kind."""
    return tuple(1.0 if k == kind else 0.0 for k in ELITE_KINDS)


CASES = [
    # -- reference point, noise families, decision rule ---------------------------------
    Case("baseline", "default parameters on a small population: normal noise, fixed policy, "
         "governance off, mixed elites, rationality 20, horizon 3, absorption threshold 60",
         {}, seed=1, replicates=(0, 1, 2), panel=True, reference=True,
         expect=("origin:innovation", "origin:imitation", "cause:dropped", "cause:censored",
                 "action:routine", "action:keep", "action:imitate", "action:innovate",
                 "rounds:promotions>0", "rounds:exits>0")),
    Case("gumbel", "Gumbel evaluation noise (noise_sigma 0.5)",
         {"noise": "gumbel", "noise_sigma": 0.5}, seed=2, replicates=(0, 1, 2), panel=True,
         reference=True, expect=("origin:innovation",)),
    Case("argmax_normal", "rationality = inf (argmax decisions), normal noise",
         {"rationality": math.inf}, seed=3, panel=True, reference=True, expect=("events>0",)),
    Case("argmax_gumbel", "rationality = inf with Gumbel noise",
         {"rationality": math.inf, "noise": "gumbel"}, seed=4, expect=("events>0",)),
    Case("rationality_zero", "rationality = 0 (uniformly random choice among actions)",
         {"rationality": 0.0}, seed=5, panel=True, reference=True, expect=("action:imitate",)),
    Case("rationality_low", "finite low rationality (0.5)", {"rationality": 0.5}, seed=6),
    # -- governance layer: every allocation policy --------------------------------------
    Case("governance_fixed", "governance on (transfer_share, value_return > 0), fixed policy",
         {**GOV}, seed=7, replicates=(0, 1, 2), panel=True, reference=True,
         expect=("governance", "alpha_constant")),
    Case("governance_turning", "governance on, turning_point policy",
         {**GOV, "allocation_policy": "turning_point"}, seed=8, replicates=(0, 1, 2),
         panel=True, reference=True, expect=("governance", "alpha_varies")),
    Case("crises_fixed", "governance crises (cause 'crisis'), fixed policy",
         {**CRISES}, seed=9, expect=("cause:crisis", "rounds:crises>0")),
    Case("crises_turning", "governance crises with the turning_point policy, Gumbel noise",
         {**CRISES, "allocation_policy": "turning_point", "concentration_high": 12.0,
          "noise": "gumbel"}, seed=10,
         panel=True, reference=True, expect=("cause:crisis", "alpha_varies")),
    Case("value_return_only", "governance on through value_return alone (transfer_share 0)",
         {"value_return": 0.1}, seed=11, expect=("governance",)),
    Case("transfer_max_exponent", "transfer only, concentration at its cap (20)",
         {"transfer_share": 0.3, "concentration": 20.0}, seed=12, expect=("governance",)),
    # -- elite kinds --------------------------------------------------------------------
    Case("kind_strategic", "elite_mix concentrated on strategic elites",
         {"elite_mix": mix("strategic"), "kind_bias": 1.0}, seed=13, expect=("events>0",)),
    Case("kind_pioneer", "elite_mix concentrated on pioneers",
         {"elite_mix": mix("pioneer"), "kind_bias": 1.0}, seed=14, panel=True,
         expect=("origin:innovation",)),
    Case("kind_imitator", "elite_mix concentrated on imitators",
         {"elite_mix": mix("imitator"), "kind_bias": 1.0}, seed=15, reference=True,
         expect=("origin:imitation",)),
    Case("kind_conservative", "elite_mix concentrated on conservatives",
         {"elite_mix": mix("conservative"), "kind_bias": 1.0}, seed=16,
         expect=("action:routine",), panel=True),
    # -- decline mechanisms (DECLINE_MECHANISMS) ------------------------------------------
    Case("novelty_off", "decline mechanism 'novelty' switched off",
         {**DECLINE_MECHANISMS["novelty"]}, seed=17),
    Case("turnover_off", "decline mechanism 'turnover' switched off",
         {**DECLINE_MECHANISMS["turnover"]}, seed=18,
         expect=("rounds:promotions==0", "rounds:exits==0")),
    Case("preferences_off", "decline mechanism 'preferences' switched off",
         {**DECLINE_MECHANISMS["preferences"]}, seed=19),
    Case("absorption_off", "decline mechanism 'absorption' switched off (absorption_rounds 6)",
         {**DECLINE_MECHANISMS["absorption"], "absorption_rounds": 6}, seed=20,
         expect=("no_cause:absorbed",)),
    Case("all_off", "all decline mechanisms switched off at once", {**ALL_OFF}, seed=21,
         expect=("rounds:promotions==0", "rounds:exits==0", "no_cause:absorbed")),
    Case("absorption_on", "absorption on (threshold 4, 6 rounds): cause 'absorbed'",
         {**ABSORB}, seed=22, panel=True, reference=True,
         expect=("cause:absorbed", "rounds:died_absorbed>0")),
    Case("absorption_zero_rounds", "absorption threshold 3 with absorption_rounds 0",
         {"absorption_threshold": 3, "absorption_rounds": 0}, seed=23),
    # -- implementation capacity --------------------------------------------------------
    Case("rejections", "bureaucratic_autonomy < 1: launches rejected",
         {"bureaucratic_autonomy": 0.3}, seed=24, reference=True,
         expect=("rounds:rejected>0",)),
    Case("low_state_capacity", "state_capacity < 1", {"state_capacity": 0.3}, seed=25),
    # -- sizes and edges ----------------------------------------------------------------
    Case("one_domain", "n_domains = 1", {"n_domains": 1}, seed=26, panel=True,
         reference=True, expect=("events>0",)),
    Case("k_equals_n", "recognized_per_round = N (everyone recognised)",
         {"n_jurisdictions": 8, "recognized_per_round": 8}, seed=27, panel=True,
         reference=True),
    Case("k_one", "recognized_per_round = 1", {"recognized_per_round": 1}, seed=28),
    Case("n_two", "N = 2, k = 1 (smallest population)",
         {"n_jurisdictions": 2, "recognized_per_round": 1}, seed=29, replicates=(0, 1, 2),
         panel=True, reference=True),
    Case("n_thirty_t_sixty", "largest case: N = 30, T = 60",
         {"n_jurisdictions": 30, "n_rounds": 60, "burn_in": 10}, seed=30),
    Case("horizon_one", "planning_horizon = 1", {"planning_horizon": 1}, seed=31,
         reference=True),
    Case("horizon_six", "planning_horizon = 6 (> 1)", {"planning_horizon": 6}, seed=32),
    Case("max_tenure_one", "max_tenure = 1: every elite leaves every round",
         {"max_tenure": 1}, seed=33, expect=("all_elites_leave",)),
    Case("burn_in_zero", "burn_in = 0", {"burn_in": 0}, seed=34),
    Case("one_round", "a single round (n_rounds = 1, burn_in = 0): every project censored",
         {"n_jurisdictions": 8, "n_rounds": 1, "burn_in": 0}, seed=35, panel=True,
         reference=True, expect=("events>0", "no_cause:dropped")),
    Case("short_run", "n_rounds = 12, burn_in = 1: the statistics' 10-round window just fits",
         {"n_rounds": 12, "burn_in": 1}, seed=36),
    # -- other parameter corners ----------------------------------------------------------
    Case("substance", "substance_weight > 0 (evaluator values substance)",
         {"substance_weight": 0.5, "visibility_weight": 0.5}, seed=37),
    Case("no_noise_terms", "zero quality/capacity/ability noise, malfunction every round",
         {"quality_noise": 0.0, "capacity_sigma": 0.0, "ability_sigma": 0.0,
          "malfunction_prob": 1.0}, seed=38),
    Case("zero_costs", "zero launch and upkeep costs, ownership_discount 0",
         {"innovation_cost": 0.0, "imitation_cost": 0.0, "upkeep_cost": 0.0,
          "ownership_discount": 0.0}, seed=39),
    Case("beta_shape_floor", "Beta shapes at their floor (0.05)",
         {"fit_alpha": 0.05, "fit_beta": 0.05, "motive_alpha": 0.05, "motive_beta": 0.05},
         seed=40),
    Case("turbulent_environment", "frequent priority shifts, volatile demand, malfunctions",
         {"priority_shift_prob": 0.5, "priority_shift_size": 3.0, "demand_volatility": 0.3,
          "preference_volatility": 0.4, "malfunction_prob": 0.3, "malfunction_size": 1.0},
         seed=41),
    Case("honour_and_packaging", "strong honour pressure without decay, large packaging gain",
         {"honor_pressure": 1.0, "honor_decay": 0.0, "packaging_gain": 2.0,
          "crowding": 2.0, "build_rate": 1.0}, seed=42),
    Case("sparse_replicates_big_seed", "replicate indices (0, 4, 9) and a seed above 2**32",
         {**ABSORB, "noise": "gumbel"}, seed=2**40 + 7, replicates=(0, 4, 9)),
    # version 2: the model's mechanisms, and the spatial layer (section 12)
    Case("memoryless_model", "model_memory 0, no promotion, no commitment",
         {"model_memory": 0.0, "model_promotion": 0.0, "model_commitment": 0.0}, seed=40),
    Case("approval_weighed", "bureaucratic_autonomy 0.4: elites weigh approval",
         {"bureaucratic_autonomy": 0.4}, seed=41, expect=("rounds:rejected>0",)),
    Case("ring_learning", "ring of degree 4, learning_rate 0.5, cheap imitation",
         {"topology": "ring", "learning_rate": 0.5, "imitation_cost": 0.3}, seed=42,
         panel=True, expect=("rounds:learned>0", "action:learn")),
    Case("small_world", "small world rewired from the graph stream",
         {"topology": "small_world", "rewire_prob": 0.3, "imitation_cost": 0.3}, seed=43,
         expect=("rounds:learned>0",)),
    Case("cooperation_regional", "joint projects in 3 regions, regional evaluation",
         {"cooperation": "on", "n_regions": 3, "coordination_cost": 0.0,
          "credit_sharing": 0.5, "evaluation_mode": "regional"}, seed=44, panel=True,
         expect=("rounds:joint_launches>0", "action:cooperate")),
]


# ----------------------------------------------------------------------------- checks
def check(case: Case, res) -> None:
    """Fail unless every expectation of ``case`` holds on its compiled result."""
    events, rounds, panel = res.events, res.rounds, res.panel
    for text in case.expect:
        if text.startswith("cause:"):
            ok = (events["cause"] == text[6:]).any()
        elif text.startswith("no_cause:"):
            ok = not (events["cause"] == text[9:]).any()
        elif text.startswith("origin:"):
            ok = (events["origin"] == text[7:]).any()
        elif text.startswith("action:"):
            ok = (panel["action"] == text[7:]).any()
        elif text.startswith("rounds:") and text.endswith(">0"):
            ok = (rounds[text[7:-2]] > 0).any()
        elif text.startswith("rounds:") and text.endswith("==0"):
            ok = (rounds[text[7:-3]] == 0).all()
        elif text == "events>0":
            ok = len(events) > 0
        elif text == "governance":
            ok = rounds.groupby("replicate")["capacity_total"].nunique().min() > 1
        elif text == "alpha_constant":
            ok = rounds["alpha"].nunique() == 1
        elif text == "alpha_varies":
            ok = rounds["alpha"].nunique() > 1
        elif text == "all_elites_leave":
            ok = ((rounds["promotions"] + rounds["exits"]) == res.config.n_jurisdictions).all()
        else:
            raise ValueError(f"unknown expectation {text!r}")
        if not ok:
            raise SystemExit(f"case {case.id}: expectation {text!r} does not hold")


def coverage(cases: list[Case]) -> None:
    """Fail unless the cases cover every noise family, policy, elite kind and switch."""
    cfgs = {c.id: c.config() for c in cases}
    missing = []
    for noise in NOISES:
        if not any(cfg.noise == noise for cfg in cfgs.values()):
            missing.append(f"noise {noise}")
    for policy in POLICIES:
        if not any(cfg.allocation_policy == policy and cfg.transfer_share > 0
                   and cfg.value_return > 0 for cfg in cfgs.values()):
            missing.append(f"policy {policy} with governance on")
    for j, kind in enumerate(ELITE_KINDS):
        if not any(cfg.elite_mix[j] == 1.0 for cfg in cfgs.values()):
            missing.append(f"elite kind {kind}")
    for name, changes in {**DECLINE_MECHANISMS, "all": ALL_OFF}.items():
        if not any(all(getattr(cfg, k) == v for k, v in changes.items())
                   for cfg in cfgs.values()):
            missing.append(f"decline mechanism {name} off")
    if missing:
        raise SystemExit("the cases do not cover: " + ", ".join(missing))
    if len(cases) < 30 or len({c.id for c in cases}) != len(cases):
        raise SystemExit("need at least 30 cases with distinct ids")


# ----------------------------------------------------------------------------- storage
def schema(frame: pd.DataFrame) -> dict:
    """Column names and dtypes (categoricals with their categories) of a table."""
    columns, categories = {}, {}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            columns[name] = "category"
            categories[name] = [str(c) for c in dtype.categories]
            assert not dtype.ordered
        else:
            columns[name] = str(dtype)
    return {"columns": columns, "categories": categories}


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a table to Parquet: categoricals as their string values, the rest as is.

    Integers, booleans and float64 are Parquet-native (float64 bits are kept),
    so the file needs no pandas metadata; the dtypes are in ``cases.json``.
    """
    data = {}
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.CategoricalDtype):
            assert not frame[name].isna().any()
            data[name] = pyarrow.array(frame[name].astype(str).tolist(), pyarrow.string())
        else:
            data[name] = pyarrow.array(frame[name].to_numpy())
    pq.write_table(pyarrow.table(data), path, compression="zstd", write_statistics=False,
                   store_schema=False)


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Exact equality of two tables (NaN equal to NaN, -0.0 distinct from 0.0)."""
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    except AssertionError:
        return False
    for name in a.columns:
        if a[name].dtype == np.float64:
            x, y = a[name].to_numpy(), b[name].to_numpy()
            x = np.where(np.isnan(x), np.nan, x).view(np.uint64)
            y = np.where(np.isnan(y), np.nan, y).view(np.uint64)
            if not np.array_equal(x, y):
                return False
    return True


def main() -> None:
    """Run every case, cross-check it and write the fixture."""
    coverage(CASES)
    stored, schemas, files = [], {}, {}
    start = time.perf_counter()
    for case in CASES:
        cfg = case.config()
        tables = ("summary", "rounds", "events") + (("panel",) if case.panel else ())
        kw = {"replicates": list(case.replicates), "seed": case.seed, "record": tables}
        comp = tournament.simulate(cfg, engine="compiled", **kw)
        check(case, comp)
        t0 = time.perf_counter()
        ref = tournament.simulate(cfg, engine="reference", **kw)
        ref_seconds = time.perf_counter() - t0
        for table in tables:
            if not same(getattr(comp, table), getattr(ref, table)):
                raise SystemExit(f"case {case.id}: the engines disagree on {table}")
        entry = {
            "id": case.id,
            "covers": case.covers,
            "expect": list(case.expect),
            "seed": case.seed,
            "replicates": list(case.replicates),
            "tables": list(tables),
            "reference": case.reference,
            "rows": {table: len(getattr(comp, table)) for table in tables},
            "config": cfg.to_dict(),
        }
        for table in tables:
            frame = getattr(comp, table)
            if schemas.setdefault(table, schema(frame)) != schema(frame):
                raise SystemExit(f"case {case.id}: the {table} table has another schema")
            files[f"{case.id}.{table}.parquet"] = frame
        stored.append(entry)
        print(f"{case.id:28s} seed {case.seed:>14d}  reps {len(case.replicates)}  "
              f"events {len(comp.events):4d}  tables {'+'.join(tables):28s} "
              f"reference {ref_seconds:5.2f} s{'  [tested]' if case.reference else ''}")
    fixture = {
        "format": FORMAT,
        "about": "Golden regression fixture of the simulation engines; written by "
                 "tests/golden/make_golden.py, read by tests/test_golden.py. "
                 "Regenerate only for a deliberate model change (tests/golden/README.md).",
        "generated_with": {
            "python": platform.python_version(), "platform": platform.platform(),
            "machine": platform.machine(), "tournament": tournament.__version__,
            "numpy": np.__version__, "numba": numba.__version__, "pandas": pd.__version__,
            "pyarrow": pyarrow.__version__, "float_fingerprint": fingerprint(),
        },
        "schemas": schemas,
        "cases": stored,
    }
    # Every case ran and passed its checks: only now replace the old fixture.
    DATA.mkdir(parents=True, exist_ok=True)
    for old in DATA.glob("*.parquet"):
        old.unlink()
    for name, frame in files.items():
        write_table(frame, DATA / name)
    # Python's json writes rationality = inf as the (non-standard) literal Infinity and
    # reads it back as float("inf"); every other float round-trips exactly through repr.
    CASES_JSON.write_text(json.dumps(fixture, indent=1) + "\n")
    size = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"{len(stored)} cases, {len(list(DATA.glob('*.parquet')))} tables, "
          f"{size / 2**20:.2f} MiB, {time.perf_counter() - start:.1f} s")
    if size > MAX_BYTES:
        raise SystemExit(f"the fixture is {size} bytes, over the {MAX_BYTES} budget")


if __name__ == "__main__":
    main()
