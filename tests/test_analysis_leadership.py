"""Leadership spells, model eras, leader-to-follower transitions."""

import math

import numpy as np
import pandas as pd
import pytest

from tournament import ParameterError
from tournament.analysis import (
    leader_to_follower_share,
    leader_transitions,
    leadership_spells,
    mean_run_length,
    model_eras,
    runs,
)
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame


def test_runs_known_answer():
    table = runs(np.array([1, 1, 2, 2, 2, 3]))
    assert table[["value", "start", "end", "length"]].to_numpy().tolist() == [
        [1, 0, 1, 2], [2, 2, 4, 3], [3, 5, 5, 1]]
    skipped = runs(np.array([-1, 4, 4, -1, 4, 1]), skip=-1)
    assert skipped["value"].tolist() == [4, 4, 1]
    assert skipped["length"].tolist() == [2, 1, 1]
    assert len(runs(np.array([], int))) == 0
    assert len(runs(np.array([-1, -1]), skip=-1)) == 0


@pytest.mark.parametrize("seed", range(4))
def test_runs_mean_length_is_mean_run_length(seed):
    series = np.random.default_rng(seed).integers(-1, 3, 50)
    assert runs(series, skip=-1)["length"].mean() == pytest.approx(
        mean_run_length(series, skip=-1))


def test_leadership_spells_and_model_eras_with_burn_in():
    rounds = rounds_frame({"top": [5, 5, 1, 1, 1, 2, 2, 3],
                           "model_domain": [-1, 0, 0, 0, -1, 2, 2, 1]})
    spells = leadership_spells(rounds, burn_in=1)
    assert spells[["leader", "start", "end", "length"]].to_numpy().tolist() == [
        [5, 1, 1, 1], [1, 2, 4, 3], [2, 5, 6, 2], [3, 7, 7, 1]]
    assert spells["cut_left"].tolist() == [True, False, False, False]
    assert spells["cut_right"].tolist() == [False, False, False, True]
    eras = model_eras(rounds, burn_in=0)
    assert eras[["domain", "start", "end", "length"]].to_numpy().tolist() == [
        [0, 1, 3, 3], [2, 5, 6, 2], [1, 7, 7, 1]]
    assert eras["length"].mean() == pytest.approx(mean_run_length(
        rounds["model_domain"].to_numpy(), skip=-1))


def test_spells_of_several_replicates_empty_and_one_round():
    two = pd.concat([rounds_frame({"top": [0, 0, 1]}, replicate=0),
                     rounds_frame({"top": [2, 2, 2]}, replicate=4)], ignore_index=True)
    spells = leadership_spells(two, 0)
    assert spells["replicate"].tolist() == [0, 0, 4]
    assert spells["length"].tolist() == [2, 1, 3]
    one = leadership_spells(rounds_frame({"top": [3]}), 0)
    assert one["length"].tolist() == [1] and bool(one["cut_left"][0] & one["cut_right"][0])
    assert len(leadership_spells(rounds_frame({"top": [3]}), 1)) == 0
    assert len(model_eras(rounds_frame({"top": [0, 1]}), 0)) == 0   # never a model
    with pytest.raises(ParameterError, match="burn_in"):
        leadership_spells(two, -1)


def _history(n_rounds=20):
    # leaders: 0 in rounds 0-1, 1 in 2-4, 2 from round 5 on (N = 4)
    rank = np.tile([3, 4, 1, 2], (n_rounds, 1))
    rank[:2] = [1, 2, 3, 4]
    rank[2:5] = [2, 1, 3, 4]
    return rank


def test_leader_transitions_known_answer():
    rank = _history()
    rank[3:6, 0] = [3, 3, 3]
    rank[3:6, 2] = [2, 2, 1]
    rank[3:5, 3] = [4, 4]
    rank[5, 3] = 2
    rank[5, 1] = 4
    rank[3:5, 1] = 1
    panel = panel_frame(rank)
    rounds = rounds_frame({"top": rank.argmin(axis=1)})
    ev = events_frame([(1, 0, "imitation", 7, 0, "censored")], n_rounds=20)
    table = leader_transitions(ev, rounds, panel, 4, 20, 0)
    assert table[["round", "ex_leader", "new_leader"]].to_numpy().tolist() == [[2, 0, 1],
                                                                                [5, 1, 2]]
    # ex-leader 0 ranks third in rounds 3, 4, 5: fell behind, 3 rounds after the change
    first = table.iloc[0]
    assert bool(first.fell_behind) and not first.imitated and first.rounds_to_follow == 3
    # ex-leader 1 imitates in round 7, 2 rounds after it lost the lead in round 5 (it also
    # ranks last from round 6 on, a streak of 3 only in round 8)
    second = table.iloc[1]
    assert bool(second.imitated) and bool(second.fell_behind) and second.rounds_to_follow == 2
    assert table["follower"].mean() == leader_to_follower_share(ev, rounds, panel, 4, 20, 0)


def test_leader_transitions_window_and_run_and_no_spell():
    rank = _history()
    rank[5:] = [2, 4, 1, 3]   # ex-leader 0 stays in the top half, ex-leader 1 ranks last
    panel, rounds = panel_frame(rank), rounds_frame({"top": rank.argmin(axis=1)})
    ev = events_frame([(0, 0, "imitation", 8, 0, "censored")], n_rounds=20)
    table = leader_transitions(ev, rounds, panel, 4, 20, 0, window=5)
    # the imitation in round 8 is 6 rounds after the change in round 2: outside a window of 5
    assert not bool(table.iloc[0].follower) and math.isnan(table.iloc[0].rounds_to_follow)
    # ex-leader 1 ranks last from round 5 on: a streak of 3 by round 8, of 1 by round 6
    assert table.iloc[1].rounds_to_follow == 3
    assert leader_transitions(ev, rounds, panel, 4, 20, 0, window=5, run=1).iloc[1] \
        .rounds_to_follow == 1
    steady = rounds_frame({"top": [0] * 20})
    assert len(leader_transitions(ev, steady, panel, 4, 20, 0)) == 0
    with pytest.raises(ParameterError):
        leader_transitions(ev, rounds, panel, 4, 20, 0, window=0)
