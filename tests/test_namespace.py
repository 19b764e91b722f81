import subprocess
import sys

import tournament


def test_public_namespace_is_pinned():
    assert sorted(tournament.__all__) == sorted([
        "Config", "DECLINE_MECHANISMS", "EquilibriumError", "MODEL_MECHANISMS", "ParameterError",
        "ParameterTypeError", "SimulationResult", "TournamentError", "simulate", "__version__",
        "MissingDependencyError", "RecordSizeWarning", "load",
    ])
    for name in tournament.__all__:
        assert getattr(tournament, name) is not None


def test_import_is_light_and_free_of_side_effects():
    code = (
        "import multiprocessing, sys\n"
        "import tournament\n"
        "heavy = [m for m in ('numba', 'matplotlib', 'dask', 'pyarrow', 'scipy', 'hypothesis')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
        "print(multiprocessing.get_start_method(allow_none=True))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy, method = out.stdout.split("\n")[:2]
    assert heavy == "[]"
    assert method == "None"


MOVED = {
    "tournament.analysis.facts": "tournament.experiments.facts",
    "tournament.analysis.compare": "tournament.experiments.compare",
    "tournament.analysis.calibration": "tournament.experiments.calibration",
    "tournament.analysis.figures": "tournament.plots.figures",
    "tournament.analysis.figures_more": "tournament.plots.figures_more",
    "tournament.analysis.report": "tournament.plots.report",
    "tournament.analysis._plot": "tournament.plots._plot",
}


def test_the_old_analysis_paths_are_the_moved_modules():
    import importlib

    import tournament.analysis as analysis
    import tournament.experiments as experiments
    import tournament.plots as plots

    for old, new in MOVED.items():
        assert importlib.import_module(old) is importlib.import_module(new)
        assert getattr(analysis, old.rsplit(".", 1)[1]) is importlib.import_module(new)
    for package in (analysis, experiments, plots):
        for name in package.__all__:
            assert getattr(package, name) is not None, (package.__name__, name)
    assert analysis.check_facts is experiments.check_facts
    assert analysis.compare_plot is plots.compare_plot
    assert importlib.import_module("tournament.analysis.compare").compare_plot is plots.compare_plot
    assert analysis.write_report is plots.write_report
    records = importlib.import_module("tournament.engine.records")
    assert analysis.SUMMARY_COLUMNS is records.SUMMARY_COLUMNS


def test_importing_analysis_loads_neither_matplotlib_nor_the_experiments():
    code = ("import sys, tournament.analysis, tournament.experiments, tournament.plots\n"
            "print([m for m in ('matplotlib', 'tournament.experiments.facts', "
            "'tournament.plots.figures') if m in sys.modules])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_old_calibration_command_still_runs():
    out = subprocess.run([sys.executable, "-m", "tournament.analysis.calibration", "--help"],
                         capture_output=True, text=True, check=True)
    assert "--only" in out.stdout
