"""Printed examples show only the digits their methods guarantee.

The docs' examples (``docs/*.md``, the module docstrings, the README's
checked blocks) compare printed text exactly. A float printed to 10 or 17
digits from a quadrature, a root finder, a finite difference or a linear
solve differs in its last digits from CPU to CPU (numpy's SIMD dispatch, the
BLAS kernel and libm's code path take different, equally valid rounding
paths), so such an example passes here and fails on another machine. Two
checks:

1. Static: every float literal in an expected output has at most
   ``MAX_SIGNIFICANT`` significant digits, is not a nonzero value below
   ``TINY`` (rounding error printed as a result, such as a regret of
   ``4.4e-16``), and is not ``-0.0`` (the sign of a rounding error).
   Examples round with ``round()`` / ``np.round`` to what the method
   guarantees and compare noise-level quantities with a bound.
2. Dynamic: the examples are rerun in two subprocesses (in parallel), each
   a "different CPU": (a) numpy's dispatched SIMD features switched off and
   glibc's libm steered off its FMA/AVX2 code paths (libm's exp, log and pow
   then round differently in some cases); (b) OpenBLAS forced to its
   generic x86-64 kernel on one thread. docs/equilibria.md as it was before
   its digits were rounded, regenerated on the machine running the test,
   passes there but fails under (a) (the finite-difference curvature) and
   under (b) (the QRE residual). A switch that does not apply (another
   platform, a machine without those features) is left out, so there the
   rerun is a weaker check; the static scan always runs.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import os
import platform
import re
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
MAX_SIGNIFICANT = 8
TINY = 1e-12
DOCTEST_FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS

# A float literal: digits with a decimal point and/or an exponent, not part of
# a longer token (a name, a version number such as 0.68.1).
_FLOAT = re.compile(
    r"(?<![\w.])-?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w.])"
)


def significant_digits(literal: str) -> int:
    """Number of significant digits a float literal claims (trailing zeros count)."""
    mantissa = re.split(r"[eE]", literal.lstrip("+-"))[0].replace(".", "")
    return len(mantissa.lstrip("0")) or 1


def float_problems(output: str) -> list[str]:
    """What is wrong with the floats printed in ``output`` (empty: nothing)."""
    problems = []
    for match in _FLOAT.finditer(output):
        literal = match.group()
        value = float(literal)
        if significant_digits(literal) > MAX_SIGNIFICANT:
            problems.append(
                f"{literal} has {significant_digits(literal)} significant digits "
                f"(> {MAX_SIGNIFICANT}): round it to what its method guarantees"
            )
        elif value != 0.0 and abs(value) < TINY:
            problems.append(
                f"{literal} is rounding error (|x| < {TINY:g}): compare it with a bound instead"
            )
        elif value == 0.0 and literal.startswith("-"):
            problems.append(f"{literal} is a negative zero: its sign is rounding error")
    return problems


def doctest_outputs(text: str) -> list[tuple[int, str]]:
    """(line number, expected output) of every ``>>>`` example in ``text``."""
    examples = doctest.DocTestParser().get_examples(text)
    return [(ex.lineno + 1, ex.want) for ex in examples if ex.want]


def docstrings(source: str) -> list[tuple[int, str]]:
    """(first line, text) of every module, class and function docstring in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            text = ast.get_docstring(node, clean=False)
            if text is not None:
                found.append((node.body[0].lineno, text))
    return found


def printed_outputs() -> list[tuple[str, str]]:
    """(where, expected output) of every example whose printed text is compared."""
    from test_readme_outputs import README, checked_blocks

    outputs = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        for line, want in doctest_outputs(path.read_text()):
            outputs.append((f"{path.relative_to(ROOT)}:{line}", want))
    for path in sorted((ROOT / "tournament").rglob("*.py")):
        for first, text in docstrings(path.read_text()):
            for line, want in doctest_outputs(text):
                outputs.append((f"{path.relative_to(ROOT)}:{first + line - 1}", want))
    for name, (_code, out) in checked_blocks(README.read_text()).items():
        outputs.append((f"README.md 'checked: {name}' output", out))
    return outputs


def test_scanner_flags_what_depends_on_the_cpu():
    assert float_problems("curvature: -0.9540560126")  # finite difference, 10 digits
    assert float_problems("0.2820947917738782")  # a root, 16 digits
    assert float_problems("max_regret: 4.440892099e-16")
    assert float_problems("(regret 5.6e-17)")  # noise, even with 2 digits
    assert float_problems("[0.5, -0.0]")
    ok = (
        "(True, 1.410474, 3.671948) -0.954 0.33831365 1e-08 150.0 [1. 0.] 12.903 "
        "numba 0.68.1, lam=10, 2001, innovate(0), 1.41047..."
    )
    assert float_problems(ok) == []
    assert significant_digits("0.000011") == 2
    assert significant_digits("200.000") == 6
    assert significant_digits("0.0") == 1


def test_printed_floats_have_only_guaranteed_digits():
    outputs = printed_outputs()
    assert len(outputs) > 40  # the docs, the docstrings and the README were all read
    problems = [f"{where}: {p}" for where, want in outputs for p in float_problems(want)]
    assert problems == [], "\n".join(problems)


# --- rerun on a "different CPU" ----------------------------------------------------------

DOCS_WITH_EXAMPLES = ("docs/equilibria.md",)


def perturbations() -> dict[str, dict[str, str]]:
    """Environment switches, by name, that change last digits the way another CPU would."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    x86 = platform.machine().lower() in ("x86_64", "amd64")
    tunables = ""
    if x86 and sys.platform.startswith("linux"):  # glibc's names since 2.33, then before
        hwcaps = "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F,-AVX2_Usable,-FMA_Usable,-AVX512F_Usable"
        tunables = ":".join(filter(None, [os.environ.get("GLIBC_TUNABLES"), hwcaps]))
    switches = {  # two processes: combining all switches in one can cancel a change
        "numpy SIMD dispatch and libm's FMA/AVX2 paths off": {
            "NPY_DISABLE_CPU_FEATURES": ",".join(
                f for f in __cpu_dispatch__ if __cpu_features__.get(f)
            ),
            "GLIBC_TUNABLES": tunables,
        },
        "generic BLAS kernel, one thread": {
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_CBWR": "COMPATIBLE",
            "OPENBLAS_CORETYPE": "Prescott" if x86 else "",
        },
    }
    return {
        name: {k: v for k, v in env.items() if v}
        for name, env in switches.items()
        if any(env.values())
    }


def run_examples(docs=DOCS_WITH_EXAMPLES, readme=None) -> list[str]:
    """Run every compared example (docs, docstrings, README); return the failures."""
    from test_equilibrium_docs import MODULES
    from test_readme_outputs import README, checked_blocks, compare

    failures = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doc in docs:
            path = Path(doc) if Path(doc).is_absolute() else ROOT / doc
            res = doctest.testfile(str(path), module_relative=False, optionflags=DOCTEST_FLAGS)
            if res.failed:
                failures.append(f"{doc}: {res.failed} of {res.attempted} examples fail")
        import numpy as np

        for name in MODULES:
            module = importlib.import_module(name)
            res = doctest.testmod(module, optionflags=DOCTEST_FLAGS, extraglobs={"np": np})
            if res.failed:
                failures.append(f"{name}: {res.failed} of {res.attempted} examples fail")
    text = Path(readme or README).read_text()
    for name, (code, expected) in checked_blocks(text).items():
        problem = compare(name, code, expected)
        if problem:
            failures.append(problem)
    return failures


def test_examples_pass_with_other_simd_blas_and_libm_paths():
    code = (
        "import sys; from test_doc_digits import run_examples; "
        "failures = run_examples(); print(*failures, sep='\\n'); sys.exit(1 if failures else 0)"
    )
    pythonpath = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, **switches, "PYTHONPATH": pythonpath},
        )
        for name, switches in perturbations().items()
    }
    assert procs, "no perturbation applies on this platform"
    failed = []
    for name, proc in procs.items():
        out, _ = proc.communicate(timeout=600)
        if proc.returncode != 0:
            failed.append(f"=== {name} {perturbations()[name]}:\n{out[-6000:]}")
    assert failed == [], "examples print digits that depend on the CPU:\n" + "\n".join(failed)
