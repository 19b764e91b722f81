"""Death hazard around elite turnover, elite tenure, Wilson intervals."""

import math

import numpy as np
import pytest

from tournament import ParameterError
from tournament.analysis import (
    elite_tenure_mean,
    elite_tenures,
    hazard_ratio,
    turnover_death_ratio,
    turnover_hazard,
    wilson_interval,
)
from tournament.analysis.tables import events_frame, panel_frame, rounds_frame


def _history():
    return events_frame([
        (0, 0, "innovation", 0, 4, "dropped", 2),    # k: 0, 0, 1, 2; dies at k = 2
        (1, 1, "innovation", 0, 0, "censored"),      # nine rounds in office
        (2, 2, "innovation", 0, 3, "replaced"),      # three rounds in office, dies at k = 0
        (3, 3, "innovation", 0, 2, "absorbed", 1),   # k: 0, 1; absorbed: not by choice
    ], n_rounds=10)


def test_turnover_hazard_known_answer():
    table = turnover_hazard(_history(), 10, 0, max_lag=3)
    assert table["label"].tolist() == ["in office", "1", "2", "3", "4 or more"]
    assert table["at_risk"].tolist() == [15, 2, 1, 0, 0]
    assert table["deaths"].tolist() == [1, 0, 1, 0, 0]
    np.testing.assert_allclose(table["hazard"][:3], [1 / 15, 0.0, 1.0])
    assert table["hazard"][3:].isna().all()
    assert hazard_ratio(table) == pytest.approx(5.0)
    assert hazard_ratio(table) == pytest.approx(turnover_death_ratio(_history(), 10, 0))


def test_turnover_hazard_pools_late_rounds():
    ev = events_frame([(0, 0, "innovation", 0, 0, "censored", 0)], n_rounds=12)
    table = turnover_hazard(ev, 12, 0, max_lag=6)
    # rounds 1..11 after the elite left in round 0: k = 1..6 once each, then 5 pooled
    assert table["at_risk"].tolist() == [0, 1, 1, 1, 1, 1, 1, 5]
    assert math.isnan(hazard_ratio(table))   # no project-round with the elite in office


def test_turnover_hazard_empty_and_validation():
    table = turnover_hazard(events_frame([], n_rounds=5), 5, 0)
    assert table["at_risk"].sum() == 0 and math.isnan(hazard_ratio(table))
    with pytest.raises(ParameterError, match="max_lag"):
        turnover_hazard(_history(), 10, 0, max_lag=1)


def test_hazard_ratio_other_exposures():
    table = turnover_hazard(_history(), 10, 0, max_lag=3)
    # hazard at k = 2 (1 of 1) over the rest (1 of 17)
    assert hazard_ratio(table, exposed=(2,)) == pytest.approx(17.0)


def test_wilson_interval_known_values():
    low, high = wilson_interval(np.array([0, 5, 3]), np.array([10, 10, 0]))
    assert low[0] == pytest.approx(0.0, abs=1e-12) and high[0] == pytest.approx(0.27753, abs=1e-5)
    assert low[1] == pytest.approx(0.23659, abs=1e-5) and high[1] == pytest.approx(0.76341,
                                                                                  abs=1e-5)
    assert math.isnan(low[2]) and math.isnan(high[2])


def test_elite_tenure_mean_renewal_estimate():
    rounds = rounds_frame({"promotions": [9, 1, 0, 1, 0, 1, 0, 1, 0, 0],
                           "exits": [9, 0, 1, 0, 1, 0, 1, 0, 1, 0]})
    # 4 jurisdictions serve 4 * 8 elite-rounds after burn-in 2, and 3 + 4 elites leave
    tenure = elite_tenure_mean(rounds, 4, 2)
    assert tenure.loc[0] == pytest.approx(32 / 7)
    quiet = rounds_frame({"exits": [0] * 5})
    assert elite_tenure_mean(quiet, 4, 0).loc[0] == math.inf
    with pytest.raises(ParameterError):
        elite_tenure_mean(rounds, 0, 0)


def test_elite_tenures_from_the_panel():
    changed = np.zeros((10, 2), bool)
    changed[3, 0] = changed[7, 0] = changed[5, 1] = True
    panel = panel_frame(np.tile([1, 2], (10, 1)), elite_changed=changed)
    table = elite_tenures(panel, 0)
    rows = sorted(map(tuple, table[["jurisdiction", "seated", "tenure", "censored"]].to_numpy()
                      .tolist()))
    assert rows == [(0, 3, 4, False), (0, 7, 2, True), (1, 5, 4, True)]
    assert len(elite_tenures(panel, 4)) == 2   # the elite seated in round 3 is left out
