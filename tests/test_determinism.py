"""A replicate depends only on (configuration, seed, replicate index)."""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from _cases import case_config

import tournament
from tournament.engine import driver as _compiled

CODE = """
import json, sys
import tournament
cfg = tournament.Config(n_jurisdictions=30, n_rounds=50, burn_in=5, noise="gumbel")
res = tournament.simulate(cfg, replicates=6, seed=11, record=("rounds", "events"))
print(json.dumps({"summary": res.summary.to_json(double_precision=15),
                  "rounds": res.rounds.to_json(), "events": res.events.to_json(),
                  "threads": __import__("numba").get_num_threads()}))
"""


def run_with_threads(n: int) -> dict:
    env = dict(os.environ, NUMBA_NUM_THREADS=str(n))
    out = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_same_results_with_one_and_two_threads():
    one, two = run_with_threads(1), run_with_threads(2)
    assert one["threads"] == 1 and two["threads"] == 2
    for key in ("summary", "rounds", "events"):
        assert one[key] == two[key], key


def test_chunking_does_not_change_results(monkeypatch):
    cfg = case_config("governance_turning")
    whole = tournament.simulate(cfg, replicates=9, seed=3, record=("rounds", "events"))
    monkeypatch.setattr(_compiled, "CHUNK_BYTES", 1)  # one replicate per chunk
    assert _compiled.chunk_size(cfg, ("summary",)) == 1
    chunked = tournament.simulate(cfg, replicates=9, seed=3, record=("rounds", "events"))
    for table in ("summary", "rounds", "events"):
        pd.testing.assert_frame_equal(getattr(whole, table), getattr(chunked, table),
                                      check_exact=True)


def test_replicate_alone_equals_replicate_in_batch():
    cfg = case_config("absorption")
    batch = tournament.simulate(cfg, replicates=8, seed=9, record=("events",))
    for r in (0, 5, 7):
        alone = tournament.simulate(cfg, replicates=[r], seed=9, record=("events",))
        pd.testing.assert_frame_equal(
            alone.summary.reset_index(drop=True),
            batch.summary[batch.summary.replicate == r].reset_index(drop=True),
            check_exact=True)
        pd.testing.assert_frame_equal(
            alone.events.reset_index(drop=True),
            batch.events[batch.events.replicate == r].reset_index(drop=True), check_exact=True)


def test_batches_in_pieces_equal_one_batch():
    cfg = case_config("gumbel")
    whole = tournament.simulate(cfg, replicates=10, seed=4)
    parts = pd.concat([tournament.simulate(cfg, replicates=list(range(lo, lo + 4)), seed=4).summary
                       for lo in (0, 4, 8) if lo < 10], ignore_index=True)
    parts = parts[parts.replicate < 10].reset_index(drop=True)
    pd.testing.assert_frame_equal(whole.summary, parts, check_exact=True)


def test_threads_argument_does_not_change_results():
    cfg = case_config("d1")
    a = tournament.simulate(cfg, replicates=6, seed=2, threads=1)
    b = tournament.simulate(cfg, replicates=6, seed=2, threads=2)
    pd.testing.assert_frame_equal(a.summary, b.summary, check_exact=True)


def test_seed_and_replicate_change_results():
    cfg = case_config("d1")
    a = tournament.simulate(cfg, replicates=3, seed=2).summary
    b = tournament.simulate(cfg, replicates=3, seed=3).summary
    assert not np.array_equal(a["lifetime_mean"], b["lifetime_mean"])
    assert a["lifetime_mean"].nunique() > 1


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_bad_seed_is_rejected(bad):
    with pytest.raises((tournament.ParameterError, tournament.ParameterTypeError), match="seed"):
        tournament.simulate(tournament.Config(), replicates=1, seed=bad)
