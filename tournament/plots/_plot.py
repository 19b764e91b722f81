"""Plotting plumbing shared by the figure modules: lazy matplotlib, saving, colours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._deps import require as require_modules
from .._errors import ParameterError
from .._io import atomic_path

__all__ = ["pyplot", "finish", "domain_colors", "require"]


def pyplot() -> Any:
    """Import ``matplotlib.pyplot`` on the Agg backend (only when a figure is drawn)."""
    require_modules("figures", "matplotlib")
    import matplotlib  # deferred (optional, heavy): loads only when a figure is drawn

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def finish(fig: Any, path: str | Path | None, dpi: int = 120) -> Any:
    """Save ``fig`` to ``path`` (PNG) atomically and close it; without a path return it."""
    if path is None:
        return fig
    path = Path(path)
    if path.suffix.lower() != ".png":
        raise ParameterError(f"path = {str(path)!r} must end in .png")
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, bbox_inches="tight", format="png")
    pyplot().close(fig)
    return path


def domain_colors(n_domains: int) -> list[Any]:
    """One distinct colour per domain: tab10 without its grey (kept for "none"), then tab20."""
    plt = pyplot()
    if n_domains <= 9:
        cmap = plt.get_cmap("tab10")
        return [cmap(k) for k in (0, 1, 2, 3, 4, 5, 6, 8, 9)[:n_domains]]
    cmap = plt.get_cmap("tab20")
    return [cmap(d % cmap.N) for d in range(n_domains)]


def require(frame: pd.DataFrame | None, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """Check that ``frame`` is a table holding ``columns``; name it in the error."""
    if frame is None or not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas.DataFrame (record it with "
                             f"simulate(..., record=(..., {name.split()[0]!r})))")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(f"{name} lacks the columns {missing}")
    if frame.empty:
        raise ParameterError(f"{name} is empty: nothing to plot")
    return frame


def pick_replicate(frame: pd.DataFrame, replicate: int | None) -> tuple[pd.DataFrame, int]:
    """Rows of one replicate (default: the first one present)."""
    reps = np.unique(frame["replicate"].to_numpy())
    rep = int(reps[0]) if replicate is None else int(replicate)
    if rep not in reps:
        raise ParameterError(f"replicate = {replicate!r} is not in the table; present: "
                             f"{reps[:10].tolist()}{' …' if len(reps) > 10 else ''}")
    return frame[frame["replicate"] == rep], rep
