"""Every figure function writes a non-trivial PNG; reports embed them; matplotlib stays lazy."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import tournament
from tournament import Config, ParameterError
from tournament.analysis import (
    bandwagon_plot,
    bandwagon_profile,
    compare_plot,
    compare_populations,
    cycle_raster,
    facts_plot,
    governance_panel,
    hazard_plot,
    launch_spectrum,
    launches_plot,
    leadership_timeline,
    project_survival,
    readme_figures,
    spectrum_plot,
    survival_plot,
    sweep_heatmap,
    turnover_hazard,
    write_report,
)

pytest.importorskip("matplotlib")

CFG = Config(n_jurisdictions=20, n_rounds=60, burn_in=10, absorption_threshold=15)
GOV = CFG.replace(transfer_share=0.2, value_return=0.02, allocation_policy="turning_point")


@pytest.fixture(scope="module")
def run():
    return tournament.simulate(CFG, replicates=4, seed=5, record=("rounds", "events", "panel"))


def assert_png(path, min_bytes=8_000):
    """The file is a PNG of some size whose pixels are not all alike."""
    from matplotlib.image import imread

    assert path.is_file() and path.stat().st_size > min_bytes
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = imread(path)[..., :3]
    assert pixels.shape[0] > 200 and pixels.shape[1] > 300
    assert float(pixels.std()) > 0.05
    # not one colour with a few specks: many distinct colours
    rgb = (pixels.reshape(-1, 3) * 255).astype(np.int64)
    assert len(np.unique(rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2])) > 20


def test_cycle_raster(run, tmp_path):
    path = cycle_raster(run.panel, replicate=2, rounds=(10, 60), jurisdictions=15,
                        path=tmp_path / "raster.png")
    assert_png(path)
    with pytest.raises(ParameterError, match="rounds"):
        cycle_raster(run.panel, rounds=(50, 70))
    with pytest.raises(ParameterError, match="replicate"):
        cycle_raster(run.panel, replicate=9)


def test_survival_plot(run, tmp_path):
    curves = project_survival(run.events, CFG.n_rounds, CFG.burn_in, by="origin")
    assert_png(survival_plot(curves, path=tmp_path / "survival.png", marks={"tenure": 4.0}))
    one = project_survival(run.events, CFG.n_rounds, CFG.burn_in)
    assert_png(survival_plot(one, path=tmp_path / "one.png"))


def test_leadership_timeline(run, tmp_path):
    assert_png(leadership_timeline(run.rounds, replicate=1, window=(10, 60),
                                   path=tmp_path / "leaders.png"))
    with pytest.raises(ParameterError, match="window"):
        leadership_timeline(run.rounds, window=(5, 5))


def test_launches_plot_one_and_many_replicates(run, tmp_path):
    assert_png(launches_plot(run.rounds, burn_in=CFG.burn_in, path=tmp_path / "many.png"))
    one = run.rounds[run.rounds["replicate"] == 3]
    assert_png(launches_plot(one, path=tmp_path / "one.png"))


def test_sweep_heatmap_from_a_frame_with_inf_cells(tmp_path):
    rows = []
    for x in (0.0, 0.5, 1.0):
        for y in (1, 2):
            value = np.inf if (x, y) == (0.0, 1) else 3 + x * y
            rows += [{"novelty_decay": x, "rotation_hazard": y, "lifetime_median": value}] * 2
    frame = pd.DataFrame(rows)
    assert_png(sweep_heatmap(frame, "novelty_decay", "rotation_hazard", "lifetime_median",
                             path=tmp_path / "heat.png"), min_bytes=5_000)
    assert_png(sweep_heatmap(frame, "novelty_decay", None, "lifetime_median",
                             path=tmp_path / "row.png"), min_bytes=4_000)
    with pytest.raises(ParameterError, match="lacks the columns"):
        sweep_heatmap(frame, "novelty_decay", "crowding", "lifetime_median")


def test_sweep_heatmap_from_a_study(tmp_path):
    pytest.importorskip("pyarrow")
    from tournament.study import Design, sweep

    design = Design.grid({"novelty_decay": [0.0, 0.3], "rotation_hazard": [0.1, 0.3]},
                         replicates=2, seed=1, base=CFG.replace(n_rounds=30))
    sweep(design, tmp_path / "study", backend="serial")
    assert_png(sweep_heatmap(tmp_path / "study", "novelty_decay", "rotation_hazard",
                             "lifetime_median", path=tmp_path / "heat.png"), min_bytes=5_000)
    page = write_report(tmp_path / "study", tmp_path / "report")
    assert page.name == "index.html" and "data:image/png;base64" in page.read_text()
    assert_png(tmp_path / "report" / "sweep_lifetime_median.png", min_bytes=5_000)


def test_governance_panel(tmp_path):
    res = tournament.simulate(GOV, replicates=1, seed=2, record=("rounds",))
    assert_png(governance_panel(res.rounds, balance_threshold=0.1, imbalance_threshold=0.4,
                                carrying_capacity=0.5, path=tmp_path / "gov.png"))


def test_hazard_bandwagon_spectrum(run, tmp_path):
    t, b = CFG.n_rounds, CFG.burn_in
    assert_png(hazard_plot(turnover_hazard(run.events, t, b), path=tmp_path / "hazard.png"))
    assert_png(bandwagon_plot(bandwagon_profile(run.events, run.rounds, b),
                              path=tmp_path / "bandwagon.png"))
    assert_png(spectrum_plot(launch_spectrum(run.rounds, b), path=tmp_path / "spectrum.png"))


def test_facts_plot(tmp_path):
    table = pd.DataFrame({
        "fact": [1, 2, 5], "statistic": ["a - b", "ratio", "x / y"],
        "threshold": ["> 0", ">= 2", ">= 3"], "estimate": [0.9, 2.9, np.inf],
        "ci_low": [0.7, 2.8, 26.0], "ci_high": [1.1, 3.0, np.inf], "holds": [True, True, True]})
    assert_png(facts_plot(table, path=tmp_path / "facts.png"), min_bytes=5_000)


def test_compare_plot(tmp_path):
    pops = {"strategic": CFG.replace(elite_mix=(1.0, 0.0, 0.0, 0.0)),
            "imitators": CFG.replace(elite_mix=(0.2, 0.1, 0.6, 0.1))}
    result = compare_populations(pops, replicates=3, seed=1)
    assert_png(compare_plot(result, tmp_path / "compare.png"))


def test_figures_return_a_figure_without_path_and_need_png(run, tmp_path):
    fig = launches_plot(run.rounds)
    assert hasattr(fig, "savefig")
    with pytest.raises(ParameterError, match=r"\.png"):
        launches_plot(run.rounds, path=tmp_path / "x.pdf")
    with pytest.raises(ParameterError, match="rounds table"):
        launches_plot(None)
    with pytest.raises(ParameterError, match="empty"):
        launches_plot(run.rounds.iloc[:0])


def test_report_of_a_saved_run(run, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "res.parquet"
    run.save(out)  # every table and the manifest
    page = write_report(out, tmp_path / "report")
    html = page.read_text()
    for name in ("cycle_raster", "survival", "hazard", "launches", "leadership", "spectrum",
                 "bandwagon"):
        assert_png(tmp_path / "report" / f"{name}.png", min_bytes=5_000)
        assert f"alt='{name}'" in html
    assert html.count("data:image/png;base64") == 7 and "lifetime_median" in html


def test_report_of_a_summary_only_csv_run(tmp_path):
    res = tournament.simulate(GOV, replicates=2, seed=1, record=("rounds",))
    res.save(tmp_path / "gov.csv")
    page = write_report(tmp_path, tmp_path / "report", burn_in=10)
    html = page.read_text()
    assert "Not recorded: events, panel" in html
    assert_png(tmp_path / "report" / "governance.png")
    with pytest.raises(ParameterError, match="burn_in"):
        write_report(tmp_path, tmp_path / "r2", burn_in=60)


def test_readme_figures_on_a_small_model(tmp_path):
    from tournament.analysis.report import README_FIGURES

    paths = readme_figures(tmp_path, replicates=3, sweep_replicates=1, config=CFG)
    assert [p.stem for p in paths] == list(README_FIGURES)
    for path in paths:
        assert_png(path, min_bytes=5_000)


def test_importing_the_package_does_not_import_matplotlib():
    code = ("import sys, tournament, tournament.analysis, tournament.cli;"
            "tournament.cli.build_parser();"
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_report_command_on_the_output_of_run(tmp_path, capsys):
    from tournament.cli import main

    out = tmp_path / "res.csv"
    assert main(["run", "--replicates", "2", "--set", "n_jurisdictions=20", "--set",
                 "n_rounds=50", "--set", "burn_in=10", "--record", "rounds,events,panel",
                 "--out", str(out)]) == 0
    assert main(["report", str(out), "--out", str(tmp_path / "rep"), "--burn-in", "10"]) == 0
    assert "wrote" in capsys.readouterr().out
    html = (tmp_path / "rep" / "index.html").read_text()
    assert html.count("<img") == 7
    assert main(["report", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "x")]) == 2


def test_figures_command(tmp_path, capsys):
    from tournament.analysis.report import README_FIGURES
    from tournament.cli import main

    assert main(["figures", "--out", str(tmp_path), "--replicates", "2",
                 "--sweep-replicates", "1"]) == 0
    assert capsys.readouterr().out.count("wrote") == len(README_FIGURES)
    assert sorted(p.stem for p in tmp_path.glob("*.png")) == sorted(README_FIGURES)
    assert main(["figures", "--out", str(tmp_path), "--replicates", "0"]) == 2
