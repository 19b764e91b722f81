"""Shared helpers of the benchmarks: machine description, JSON lines and tables."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from collections.abc import Iterable, Sequence
from typing import Any


def machine() -> dict[str, Any]:
    """Describe the machine the benchmark ran on."""
    import numba
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "numba": numba.__version__, "platform": sys.platform}


def hardware() -> str:
    """The machine in one line: CPU, logical CPUs, operating system."""
    m = machine()
    return (f"{m['cpu']}, {m['cores']} logical CPUs, {platform.system()} "
            f"{platform.release()}")


def summarize(times: Sequence[float]) -> dict[str, float]:
    """Best and median of repeated timings, in seconds."""
    return {"best_s": min(times), "median_s": statistics.median(times)}


def emit(record: dict[str, Any], as_json: bool) -> None:
    """Print one measurement as a JSON line (when asked)."""
    if as_json:
        print(json.dumps(record, sort_keys=True), flush=True)


def table(rows: Iterable[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain-text table with right-aligned columns."""
    rows = [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        if v == 0 or 0.01 <= abs(v) < 1e5:
            return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
        return f"{v:.3g}"
    return str(v)
