"""Periodograms of launches and the bandwagon around model changes."""

import math

import numpy as np
import pandas as pd
import pytest

from tournament import ParameterError
from tournament.analysis import (
    bandwagon_effect,
    bandwagon_profile,
    cycle_stats,
    launch_spectrum,
    model_changes,
    periodogram,
)
from tournament.analysis.tables import events_frame, rounds_frame

# ----------------------------------------------------------------------------- periodogram


def test_periodogram_of_a_pure_cycle():
    t = np.arange(40)
    spec = periodogram(3 + np.cos(2 * np.pi * t / 8))
    assert spec["k"].tolist() == list(range(1, 21))
    np.testing.assert_allclose(spec["period"], 40 / spec["k"])
    np.testing.assert_allclose(spec["frequency"], spec["k"] / 40)
    peak = spec.loc[spec["power"].idxmax()]
    assert peak["period"] == pytest.approx(8.0)
    assert peak["power"] == pytest.approx((40 / 2) ** 2)   # |FFT|^2 of a unit cosine
    assert peak["share"] == pytest.approx(1.0) and spec["share"].sum() == pytest.approx(1.0)


def test_periodogram_flat_and_short():
    flat = periodogram(np.full(12, 2.0))
    assert len(flat) == 6 and flat["share"].isna().all()
    assert len(periodogram(np.arange(3))) == 0


def test_launch_spectrum_averages_replicates_and_skips_flat_ones():
    t = np.arange(24)
    a = rounds_frame({"innovations": (2 + 2 * np.cos(2 * np.pi * t / 6)).round().astype(int)},
                     replicate=0)
    b = rounds_frame({"innovations": np.tile([3, 0, 0], 8), "imitations": np.tile([0, 0, 1], 8)},
                     replicate=1)
    flat = rounds_frame({"innovations": np.ones(24, int)}, replicate=2)
    rounds = pd.concat([a, b, flat], ignore_index=True)
    spec = launch_spectrum(rounds, burn_in=4)
    assert spec["replicates"].iloc[0] == 2
    one = periodogram(a["innovations"].to_numpy()[4:])
    two = periodogram((b["innovations"] + b["imitations"]).to_numpy()[4:])
    np.testing.assert_allclose(spec["power"], (one["power"] + two["power"]) / 2)
    np.testing.assert_allclose(spec["share"], (one["share"] + two["share"]) / 2)
    # the first replicate's peak is the statistic cycle_period
    assert cycle_stats(a["innovations"].to_numpy()[4:])[0] == pytest.approx(
        one.loc[one["power"].idxmax(), "period"])
    with pytest.raises(ParameterError, match="not rounds columns"):
        launch_spectrum(rounds, 0, columns=("launches",))
    assert len(launch_spectrum(flat, 0)) == 0


# ----------------------------------------------------------------------------- bandwagon


def _bandwagon_history():
    # domain 3 becomes the model in round 8; domain 5 in round 18 (too close to the end)
    model = [-1] * 8 + [3] * 10 + [5] * 2
    rounds = rounds_frame({"model_domain": model})
    events = events_frame([
        (0, 3, "imitation", 7, 9, "dropped"),      # lag -1 (an earlier model era)
        (1, 3, "innovation", 8, 0, "censored"),    # lag 0, the new model's own project
        (2, 3, "imitation", 9, 0, "censored"),     # lag +1
        (0, 3, "imitation", 9, 0, "censored"),     # lag +1
        (3, 3, "imitation", 10, 0, "censored"),    # lag +2
        (4, 1, "imitation", 10, 0, "censored"),    # another domain: not counted
    ], n_rounds=20)
    return events, rounds


def test_model_changes_respect_window_and_burn_in():
    _, rounds = _bandwagon_history()
    changes = model_changes(rounds, burn_in=0, window=2)
    assert changes[["round", "domain", "previous"]].to_numpy().tolist() == [[8, 3, -1]]
    assert len(model_changes(rounds, burn_in=9, window=2)) == 0
    assert len(model_changes(rounds, burn_in=0, window=10)) == 0    # t + 10 leaves the run
    with pytest.raises(ParameterError, match="window"):
        model_changes(rounds, 0, 0)


def test_bandwagon_profile_known_answer():
    events, rounds = _bandwagon_history()
    profile = bandwagon_profile(events, rounds, burn_in=0, window=2)
    assert profile["lag"].tolist() == [-2, -1, 0, 1, 2]
    assert profile["imitations"].tolist() == [0, 1, 0, 2, 1]
    assert profile["innovations"].tolist() == [0, 0, 1, 0, 0]
    assert profile["changes"].iloc[0] == 1 and profile["replicates"].iloc[0] == 1
    assert profile["imitations_se"].isna().all()     # one replicate: no standard error


def test_bandwagon_effect_known_answer():
    events, rounds = _bandwagon_history()
    effect = bandwagon_effect(events, rounds, burn_in=0, window=2)
    # before: rounds 7-8 (1 + 0 imitations); after: rounds 9-10 (2 + 1), per round
    row = effect.iloc[0]
    assert (row.changes, row.before, row.after, row.rise) == (1, 0.5, 1.5, 1.0)


def test_bandwagon_across_replicates_and_without_changes():
    events, rounds = _bandwagon_history()
    quiet_rounds = rounds_frame({"model_domain": [-1] * 20}, replicate=1)
    both = pd.concat([rounds, quiet_rounds], ignore_index=True)
    effect = bandwagon_effect(events, both, burn_in=0, window=2)
    assert effect["replicate"].tolist() == [0]
    empty = bandwagon_profile(events, quiet_rounds, burn_in=0, window=2)
    assert empty["changes"].iloc[0] == 0 and empty["imitations"].isna().all()
    assert len(bandwagon_effect(events, quiet_rounds, 0, 2)) == 0
    second = events.assign(replicate=1)
    shifted = rounds.assign(replicate=1)
    two = bandwagon_profile(pd.concat([events, second.iloc[:2]]),
                            pd.concat([rounds, shifted]), 0, 2)
    # replicate 0 has imitations 0 1 0 2 1, replicate 1 only the one at lag -1
    np.testing.assert_allclose(two["imitations"], [0, 1, 0, 1, 0.5])
    assert math.isclose(two["imitations_se"].iloc[3], np.std([2, 0], ddof=1) / math.sqrt(2))
