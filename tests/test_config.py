import math
import re
from pathlib import Path

import pytest

import tournament
from tournament import Config, ParameterError, ParameterTypeError
from tournament._params import GROUPS, PARAMS

SPEC = Path(__file__).resolve().parents[1] / "docs" / "specification.md"


def _spec_defaults():
    """Numeric and string defaults of docs/specification.md section 11."""
    text = SPEC.read_text(encoding="utf-8").split("## 11. Parameters")[1].split("## 12.")[0]
    out = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`(\w+)`", cells[0])
        default = re.sub(r"\*\*([^*]+)\*\*.*", r"\1", cells[1]).strip()
        values = [v.strip().strip('"`') for v in default.split(",")]
        if names == ["elite_mix"]:
            out["elite_mix"] = tuple(float(v) for v in values)
            continue
        if names == ["edges"]:  # no graph by default
            out["edges"] = () if values == ["none"] else values
            continue
        for name, v in zip(names, values, strict=True):
            try:
                out[name] = float(v)
            except ValueError:
                out[name] = v.strip('"')
    return out


def test_defaults_match_table_and_groups():
    cfg = Config()
    # Config's fields take their defaults from PARAMS, so compare with the
    # specification's table (section 11) instead, which is written by hand
    spec = _spec_defaults()
    assert len(spec) >= 50
    for name, value in spec.items():
        assert getattr(cfg, name) == value, name
    fields = {f for names in Config.groups().values() for f in names}
    assert fields == set(PARAMS)
    assert list(Config.groups()) == list(GROUPS)


def test_replace_returns_new_object_and_is_immutable():
    cfg = Config()
    other = cfg.replace(novelty_decay=0.3)
    assert other.novelty_decay == 0.3 and cfg.novelty_decay == PARAMS["novelty_decay"].default
    with pytest.raises(AttributeError):
        cfg.novelty_decay = 0.5


@pytest.mark.parametrize("nested", [False, True])
def test_dict_round_trip_exact(nested):
    cfg = Config(noise="gumbel", rationality=math.inf, novelty_decay=0.1 + 0.2,
                 elite_mix=(0.25, 0.25, 0.25, 0.25), max_tenure=7)
    assert Config.from_dict(cfg.to_dict(nested=nested)) == cfg


def test_toml_round_trip_exact(tmp_path):
    cfg = Config(noise="gumbel", rationality=math.inf, capacity_sigma=1 / 3,
                 allocation_policy="turning_point", transfer_share=0.1)
    path = tmp_path / "c.toml"
    cfg.save(path)
    assert Config.load(path) == cfg
    assert "[governance]" in path.read_text()


def test_ints_given_as_floats_are_accepted_when_integral():
    assert Config(n_rounds=50.0).n_rounds == 50
    assert isinstance(Config(n_rounds=50.0).n_rounds, int)


def test_elite_mix_from_mapping():
    cfg = Config.from_dict({"elite_mix": {"strategic": 0.5, "imitator": 0.5}})
    assert cfg.elite_mix == (0.5, 0.0, 0.5, 0.0)


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"n_jurisdictions": 1}, ParameterError, r"n_jurisdictions = 1 .* integer >= 2"),
        ({"n_domains": 0}, ParameterError, r"n_domains = 0 .* >= 1"),
        ({"noise_sigma": 0.0}, ParameterError, r"noise_sigma = 0.0 .* > 0"),
        ({"noise_sigma": -1}, ParameterError, r"noise_sigma = -1.0"),
        ({"novelty_decay": 1.5}, ParameterError, r"novelty_decay = 1.5 .* \[0, 1\]"),
        ({"build_rate": 0.0}, ParameterError, r"build_rate = 0.0 .* \(0, 1\]"),
        ({"rationality": -1.0}, ParameterError, r"rationality = -1.0"),
        ({"capacity_sigma": math.nan}, ParameterError, r"capacity_sigma = nan"),
        ({"kind_bias": math.inf}, ParameterError, r"kind_bias = inf"),
        ({"noise": "gauss"}, ParameterError, r"noise = 'gauss' .* 'normal', 'gumbel'"),
        ({"allocation_policy": "turningpoint"}, ParameterError, r"did you mean 'turning_point'"),
        ({"n_rounds": 2.5}, ParameterTypeError, r"n_rounds = 2.5 is not an integer"),
        ({"n_rounds": "10"}, ParameterTypeError, r"n_rounds = '10' has type str"),
        ({"noise_sigma": True}, ParameterTypeError, r"noise_sigma = True has type bool"),
        ({"noise": 1}, ParameterTypeError, r"noise = 1 has type int"),
        ({"elite_mix": (0.5, 0.5, 0.5, 0.0)}, ParameterError, r"sums to 1.5"),
        ({"elite_mix": (0.5, 0.5)}, ParameterError, r"has 2 shares"),
        ({"elite_mix": (1.5, -0.5, 0, 0)}, ParameterError, r"share strategic = 1.5"),
        ({"elite_mix": "even"}, ParameterTypeError, r"elite_mix = 'even'"),
        ({"elite_mix": {"stratgic": 1.0}}, ParameterError, r"unknown elite kind"),
        ({"recognized_per_round": 101}, ParameterError,
         r"recognized_per_round = 101 .* <= n_jurisdictions \(100\)"),
        ({"burn_in": 200}, ParameterError, r"burn_in = 200 .* < n_rounds \(200\)"),
        ({"balance_threshold": 0.5}, ParameterError, r"balance_threshold = 0.5 .* imbalance"),
        ({"max_tenure": 0}, ParameterError, r"max_tenure = 0"),
        ({"absorption_threshold": -1}, ParameterError, r"absorption_threshold = -1"),
    ],
)
def test_invalid_values_name_parameter_value_and_range(changes, error, match):
    with pytest.raises(error, match=match):
        Config(**changes)
    with pytest.raises(error, match=match):
        Config().replace(**changes)


def test_unknown_name_suggests_closest():
    with pytest.raises(ParameterError, match=r"unknown parameter 'novelty_decya'; did you mean "
                                             r"'novelty_decay'"):
        Config(novelty_decya=0.1)
    with pytest.raises(ParameterError, match="did you mean 'rotation_hazard'"):
        Config().replace(rotation_hazrd=0.1)
    with pytest.raises(ParameterError, match="unknown parameter 'zzz'"):
        Config.from_dict({"zzz": 1})


def test_errors_are_builtin_subclasses():
    assert issubclass(ParameterError, ValueError)
    assert issubclass(ParameterTypeError, TypeError)
    assert issubclass(ParameterError, tournament.TournamentError)


def test_load_reports_missing_and_bad_files(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        Config.load(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("n_jurisdictions = = 3")
    with pytest.raises(ParameterError, match="not valid TOML"):
        Config.load(bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("[population]\nn_jurisdictions = 1\n")
    with pytest.raises(ParameterError, match="n_jurisdictions = 1"):
        Config.load(wrong)


def test_repr_shows_changes_only():
    assert repr(Config()) == "Config()"
    assert repr(Config(n_domains=3)) == "Config(n_domains=3)"


def test_decline_mechanisms_are_valid_configs():
    for changes in tournament.DECLINE_MECHANISMS.values():
        Config(**changes)
