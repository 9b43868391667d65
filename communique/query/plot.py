"""A dyad's time series as a chart for a paper: cluster counts per
QuadClass as stacked bars, summed Goldstein as a line on its own axis."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from communique.errors import InputError

QUAD_COLUMNS = (
    ("verbal_cooperation", "Verbal cooperation", "#9ecae1"),
    ("material_cooperation", "Material cooperation", "#3182bd"),
    ("verbal_conflict", "Verbal conflict", "#fc9272"),
    ("material_conflict", "Material conflict", "#de2d26"),
)


def plot_dyad(series: pd.DataFrame, source: str, target: str, path: str | Path, *, by: str = "month") -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display needed; writes files only
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if series.empty:
        raise InputError(f"no events between {source} and {target} to plot")
    periods = pd.to_datetime(series["period"])
    labels = [p.strftime("%Y-%m-%d" if by in ("day", "week") else "%Y-%m" if by == "month" else "%Y") for p in periods]
    positions = range(len(series))
    figure, (bars, line) = plt.subplots(
        2, 1, figsize=(9, 5), sharex=True, gridspec_kw={"height_ratios": [3, 2]}, constrained_layout=True
    )
    bottom = [0] * len(series)
    for column, label, colour in QUAD_COLUMNS:
        values = series[column].tolist()
        bars.bar(positions, values, bottom=bottom, color=colour, label=label, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    bars.set_ylabel("events (clusters)")
    bars.set_title(f"{source} – {target}: events per {by}")
    bars.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    bars.yaxis.set_major_locator(MaxNLocator(integer=True))
    bars.spines[["top", "right"]].set_visible(False)
    line.axhline(0, color="#888888", linewidth=0.8)
    line.plot(positions, series["goldstein"], color="#333333", marker="o", markersize=3)
    line.set_ylabel("summed Goldstein")
    line.spines[["top", "right"]].set_visible(False)
    step = max(1, len(labels) // 12)
    line.set_xticks(list(positions)[::step], labels[::step], rotation=45, ha="right", fontsize=8)
    try:
        figure.savefig(path, dpi=200)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        plt.close(figure)
