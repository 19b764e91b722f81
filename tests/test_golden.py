"""Golden regression fixture: the engines reproduce stored results bit for bit.

Each case of ``tests/golden/cases.json`` holds a full configuration, a seed,
replicate indices and the tables the compiled engine produced when the
fixture was made (``tests/golden/data/<case>.<table>.parquet``). Here the
configuration is rebuilt from the stored dict (never from current defaults),
run again, and every table must equal the stored one exactly: same columns,
dtypes, categories, NaN positions and float64 bits. The reference engine is
checked the same way on the cases marked ``reference``.

A failure means results changed. A refactor must not change them; a
deliberate model change regenerates the fixture (``tests/golden/README.md``).

Bit for bit holds on machines whose floating-point library code paths match
the fixture's (``golden/fingerprint.py``: the C math library's ``exp``,
``erfc`` … and NumPy's samplers differ in the last bit between CPUs with and
without FMA, and between library builds). Elsewhere float columns are
compared to :data:`ULPS` units in the last place; integers, categories and
NaN positions stay exact, so a changed decision or draw still fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import numba
import numpy as np
import pandas as pd
import pytest
from golden.fingerprint import fingerprint

import tournament
from tournament import DECLINE_MECHANISMS, Config, ParameterError, ParameterTypeError
from tournament._params import ELITE_KINDS, NOISES, POLICIES

GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = GOLDEN / "data"
REGENERATE = "python tests/golden/make_golden.py"
ADVICE = (f"A refactor must not change results. If the change is a deliberate model change, "
          f"regenerate the fixture with `{REGENERATE}` and state the change in the commit "
          f"message (see tests/golden/README.md).")

FIXTURE = json.loads((GOLDEN / "cases.json").read_text())
SCHEMAS = FIXTURE["schemas"]
CASES = {case["id"]: case for case in FIXTURE["cases"]}
REFERENCE = [name for name, case in CASES.items() if case["reference"]]
KEYS = ("replicate", "round", "project", "jurisdiction")
SAME_FLOATS = fingerprint() == FIXTURE["generated_with"]["float_fingerprint"]
"""Whether this machine's math library and samplers match the fixture's bit for bit."""
ULPS = 16
"""Float tolerance, in units in the last place, on a machine whose float code paths differ."""


# ----------------------------------------------------------------------------- helpers
def stored_config(case: dict) -> Config:
    """Rebuild the case's configuration from its stored dict, exactly and completely."""
    stored = case["config"]
    known = {name for names in Config.groups().values() for name in names}
    unknown, missing = sorted(set(stored) - known), sorted(known - set(stored))
    if unknown or missing:
        pytest.fail(
            f"golden case {case['id']!r}: the stored configuration does not match the current "
            f"parameters of tournament.Config: unknown to Config {unknown}, required by Config "
            f"but not stored {missing}. The model's parameters changed. {ADVICE}",
            pytrace=False)
    try:
        cfg = Config.from_dict(stored)
    except (ParameterError, ParameterTypeError) as exc:
        pytest.fail(f"golden case {case['id']!r}: the stored configuration is no longer valid "
                    f"({exc}). {ADVICE}", pytrace=False)
    if cfg.to_dict() != stored:
        pytest.fail(f"golden case {case['id']!r}: Config does not reproduce the stored values "
                    f"exactly. {ADVICE}", pytrace=False)
    return cfg


def expected_table(case: dict, table: str) -> pd.DataFrame:
    """The stored table, with the dtypes (categoricals included) recorded in cases.json."""
    spec = SCHEMAS[table]
    frame = pd.read_parquet(DATA / f"{case['id']}.{table}.parquet", engine="pyarrow")
    assert list(frame.columns) == list(spec["columns"]), f"{case['id']}.{table}: columns"
    assert len(frame) == case["rows"][table], f"{case['id']}.{table}: row count"
    for name, dtype in spec["columns"].items():
        if dtype == "category":
            categories = spec["categories"][name]
            values = frame[name].to_numpy(object)
            assert set(values) <= set(categories), f"{case['id']}.{table}.{name}: categories"
            frame[name] = pd.Categorical(values, categories=categories)
        else:
            assert str(frame[name].dtype) == dtype, f"{case['id']}.{table}.{name}: stored dtype"
    return frame


def float_bits(values: np.ndarray) -> np.ndarray:
    """The IEEE bits of float64 values, every NaN made the same NaN."""
    return np.where(np.isnan(values), np.nan, values).view(np.uint64)


def differences(actual: pd.DataFrame, expected: pd.DataFrame) -> list[str]:
    """Where two tables differ: columns, row count, dtypes, then values column by column.

    Floats are compared by their bits (so 0.0 differs from -0.0, and NaN
    positions must match); the first differing row of a column is located by
    its replicate/round/project/jurisdiction.
    """
    if list(actual.columns) != list(expected.columns):
        return [f"columns {list(actual.columns)} != stored {list(expected.columns)}"]
    if len(actual) != len(expected):
        return [f"{len(actual)} rows != stored {len(expected)}"]
    out = []
    for name, dtype in expected.dtypes.items():
        if actual[name].dtype != dtype:
            out.append(f"column {name!r}: dtype {actual[name].dtype} != stored {dtype}")
            continue
        got = np.asarray(actual[name], dtype=object if dtype == "category" else None)
        want = np.asarray(expected[name], dtype=object if dtype == "category" else None)
        bad = float_bits(got) != float_bits(want) if dtype == np.float64 else got != want
        if dtype == np.float64 and not SAME_FLOATS:
            bad = bad & ~_within_ulps(got.astype(float), want.astype(float))
        rows = np.flatnonzero(bad)
        if len(rows):
            row = rows[0]
            where = ", ".join(f"{key}={expected[key].iloc[row]}" for key in KEYS
                              if key in expected.columns)
            out.append(f"column {name!r}: {len(rows)} of {len(want)} values differ, first at "
                       f"row {row} ({where}): {shown(got[row])} != stored {shown(want[row])}")
    return out


def _within_ulps(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Values at most :data:`ULPS` units in the last place apart, NaN with NaN.

    The unit is that of ``max(|value|, 1)``: scores and thresholds are sums of
    terms of order one, so a result near zero carries their absolute error.
    """
    both_nan = np.isnan(got) & np.isnan(want)
    close = np.abs(got - want) <= ULPS * np.spacing(np.maximum(np.abs(want), 1.0))
    return both_nan | (np.isfinite(want) & close) | (got == want)


def shown(value) -> str:
    """A value as the failure message shows it (floats in hex: every bit visible)."""
    if isinstance(value, float):
        return value.hex()
    return repr(value.item() if isinstance(value, np.generic) else value)


def assert_identical(actual: pd.DataFrame, expected: pd.DataFrame, label: str) -> None:
    """Exact equality: columns, dtypes, categories, values, NaN positions, float bits (±0)."""
    problems = differences(actual, expected)
    if not problems and SAME_FLOATS:  # and pandas' exact comparison (index included)
        try:
            pd.testing.assert_frame_equal(actual, expected, check_exact=True, obj=label)
        except AssertionError as exc:
            problems = [str(exc)]
    if problems:
        pytest.fail(f"{label} differs from the golden fixture. {ADVICE}{versions_note()}\n  "
                    + "\n  ".join(problems), pytrace=False)


def versions_note() -> str:
    """Say which library versions differ from those the fixture was made with."""
    made = FIXTURE["generated_with"]
    now = {"numpy": np.__version__, "numba": numba.__version__, "pandas": pd.__version__}
    changed = [f"{k} {made[k]} -> {v}" for k, v in now.items() if made.get(k) != v]
    if not changed:
        return ""
    return (" Note: the fixture was made with other library versions (" + ", ".join(changed)
            + "); numpy does not promise the same random streams across versions.")


def run_and_compare(case: dict, engine: str) -> None:
    cfg = stored_config(case)
    kw = {"replicates": case["replicates"], "seed": case["seed"], "engine": engine}
    res = tournament.simulate(cfg, record=case["tables"], **kw)
    for table in case["tables"]:
        assert_identical(getattr(res, table), expected_table(case, table),
                         f"golden case {case['id']!r}, {engine} engine, {table} table")
    if engine == "compiled":  # the summary-only path records no events or panel
        alone = tournament.simulate(cfg, record=("summary",), **kw)
        assert_identical(alone.summary, expected_table(case, "summary"),
                         f"golden case {case['id']!r}, compiled engine, summary-only run")


# ----------------------------------------------------------------------------- tests
@pytest.mark.parametrize("name", list(CASES))
def test_compiled_engine_reproduces_golden_tables(name):
    run_and_compare(CASES[name], "compiled")


@pytest.mark.parametrize("name", REFERENCE)
def test_reference_engine_reproduces_golden_tables(name):
    run_and_compare(CASES[name], "reference")


def test_fixture_is_complete():
    assert FIXTURE["format"] == 1
    assert len(CASES) == len(FIXTURE["cases"]) >= 30, "at least 30 distinct cases"
    assert 5 <= len(REFERENCE) < len(CASES)
    listed = {f"{name}.{table}.parquet" for name, case in CASES.items()
              for table in case["tables"]}
    present = {path.name for path in DATA.glob("*.parquet")}
    assert listed == present, (f"tables missing: {sorted(listed - present)}, "
                               f"not listed: {sorted(present - listed)}")
    for case in CASES.values():
        assert case["tables"][:3] == ["summary", "rounds", "events"], case["id"]
        assert set(case["tables"]) <= set(SCHEMAS), case["id"]


def test_fixture_covers_every_registry_entry():
    """Every noise family, policy, elite kind, switch, cause, origin and action is in it."""
    cfgs = [case["config"] for case in CASES.values()]

    def some(pred) -> bool:
        return any(pred(cfg) for cfg in cfgs)

    def table(name: str) -> pd.DataFrame:
        return pd.concat([expected_table(case, name) for case in CASES.values()
                          if name in case["tables"]], ignore_index=True)

    missing = []
    for noise in NOISES:
        if not any(c["noise"] == noise for c in cfgs):
            missing.append(f"noise {noise}")
    for policy in POLICIES:
        if not any(c["allocation_policy"] == policy and c["transfer_share"] > 0
                   and c["value_return"] > 0 for c in cfgs):
            missing.append(f"policy {policy} with governance on")
    for j, kind in enumerate(ELITE_KINDS):
        if not any(c["elite_mix"][j] == 1.0 for c in cfgs):
            missing.append(f"elite kind {kind}")
    all_off = {k: v for changes in DECLINE_MECHANISMS.values() for k, v in changes.items()}
    for mech, changes in {**DECLINE_MECHANISMS, "all": all_off}.items():
        if not any(all(c[k] == v for k, v in changes.items()) for c in cfgs):
            missing.append(f"decline mechanism {mech} off")
    corners = {
        "rationality finite": lambda c: np.isfinite(c["rationality"]),
        "rationality inf": lambda c: np.isinf(c["rationality"]),
        "absorption on": lambda c: c["absorption_threshold"] > 0,
        "bureaucratic_autonomy < 1": lambda c: c["bureaucratic_autonomy"] < 1,
        "state_capacity < 1": lambda c: c["state_capacity"] < 1,
        "n_domains = 1": lambda c: c["n_domains"] == 1,
        "recognized_per_round = N": lambda c: c["recognized_per_round"] == c["n_jurisdictions"],
        "planning_horizon 1": lambda c: c["planning_horizon"] == 1,
        "planning_horizon > 1": lambda c: c["planning_horizon"] > 1,
        "max_tenure 1": lambda c: c["max_tenure"] == 1,
        "burn_in 0": lambda c: c["burn_in"] == 0,
    }
    missing += [text for text, pred in corners.items() if not some(pred)]
    events, rounds, panel = table("events"), table("rounds"), table("panel")
    for frame, column in ((events, "cause"), (events, "origin"), (panel, "action")):
        for value in SCHEMAS["events" if frame is events else "panel"]["categories"][column]:
            if not (frame[column] == value).any():
                missing.append(f"{column} {value!r} in the stored tables")
    for column in ("rejected", "crises", "died_absorbed", "promotions", "exits"):
        if not (rounds[column] > 0).any():
            missing.append(f"rounds with {column} > 0")
    assert not missing, f"the golden fixture does not cover: {missing}. Add cases to " \
                        f"tests/golden/make_golden.py and regenerate with `{REGENERATE}`."
