import subprocess
import sys

import tournament


def test_public_namespace_is_pinned():
    assert sorted(tournament.__all__) == sorted([
        "Config", "DECLINE_MECHANISMS", "EquilibriumError", "ParameterError",
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
