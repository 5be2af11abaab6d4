"""Plots of scored statements: escalation over time per actor, label counts per actor.

matplotlib is an optional extra (``pip install "stance[plot]"``), imported only when a plot
is drawn.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from stance.batch import summarize
from stance.constants import LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

logger = logging.getLogger(__name__)

#: Colour of each label in plots (escalatory red ... neutral grey).
LABEL_COLORS: dict[str, str] = {
    "escalatory": "#c0392b",
    "de-escalatory": "#2e86c1",
    "self-defense": "#e67e22",
    "neutral": "#95a5a6",
}


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            'plotting needs matplotlib; install it with: pip install "stance[plot]"'
        ) from exc
    return plt


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=figsize)
    return ax


def _top_actors(summary: pd.DataFrame, actors: Sequence[str] | None, top: int) -> list[str]:
    if actors is not None:
        unknown = sorted(set(actors) - set(summary["actor"].dropna()))
        if unknown:
            raise ValueError(
                f"no statements by {unknown}; actors present: "
                f"{sorted(summary['actor'].dropna().unique())}"
            )
        return list(actors)
    totals = summary.dropna(subset=["actor"]).groupby("actor")["n_statements"].sum()
    return totals.sort_values(ascending=False, kind="stable").head(top).index.tolist()


def plot_escalation(
    data: pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    top: int = 5,
    freq: str = "W",
    date_col: str = "date",
    ax: Axes | None = None,
) -> Axes:
    """Plot the net escalation index over time, one line per actor.

    Parameters
    ----------
    data : DataFrame
        Either scored statements (output of :func:`stance.score_articles` with a date column,
        e.g. ``keep=["date"]``) or a summary from ``stance.summarize(..., freq=...)`` (with
        ``actor``, ``period`` and ``escalation_index`` columns).
    actors : list of str, optional
        Actor codes to draw; default the ``top`` actors with the most statements.
    top : int, default 5
        How many actors to draw when ``actors`` is not given.
    freq : str, default "W"
        Period for scored statements (``"D"``, ``"W"``, ``"M"``, ...); ignored for a summary.
    date_col : str, default "date"
        Date column of scored statements.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: x the period start, y the mean of
        ``p_escalatory - p_de_escalatory`` (from -1, calming, to +1, escalating).

    Raises
    ------
    ValueError
        If the data has neither a summary's nor scored statements' columns, or an actor in
        ``actors`` has no statements.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> import stance  # doctest: +SKIP
    >>> scored = stance.score_articles(articles, keep=["date"])  # doctest: +SKIP
    >>> stance.plot_escalation(scored, freq="W", top=4)  # doctest: +SKIP
    """
    if {"actor", "period", "escalation_index", "n_statements"} <= set(data.columns):
        summary = data
    else:
        summary = summarize(data, by=("actor",), freq=freq, date_col=date_col)
    chosen = _top_actors(summary, actors, top)
    ax = _axes(ax, (9, 4.5))
    for actor in chosen:
        rows = summary[summary["actor"] == actor].sort_values("period")
        ax.plot(rows["period"], rows["escalation_index"], marker="o", markersize=3, label=actor)
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("net escalation index")
    ax.set_xlabel("period")
    ax.set_title("Escalatory minus de-escalatory stance, per actor")
    if chosen:
        ax.legend(title="actor", loc="best", fontsize="small")
    ax.figure.autofmt_xdate()
    return ax


def plot_label_counts(
    data: pd.DataFrame,
    *,
    by: str = "actor",
    top: int = 10,
    share: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Draw a stacked bar per actor (or other group) of its statements by label.

    Parameters
    ----------
    data : DataFrame
        Scored statements, or a summary from :func:`stance.summarize` grouped by ``by``
        only (not per period).
    by : str, default "actor"
        Grouping column.
    top : int, default 10
        Draw the ``top`` groups with the most statements.
    share : bool, default False
        Draw shares (each bar sums to 1) instead of counts.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If the data lacks the ``by`` column or label columns.
    ImportError
        If matplotlib is not installed.

    Examples
    --------
    >>> stance.plot_label_counts(scored, top=8)  # doctest: +SKIP
    """
    count_cols = {label: "n_" + label.replace("-", "_") for label in LABELS}
    if set(count_cols.values()) <= set(data.columns) and by in data.columns:
        summary = data
    else:
        summary = summarize(data, by=(by,))
    summary = summary.dropna(subset=[by])
    summary = summary.groupby(by)[[*count_cols.values(), "n_statements"]].sum()
    summary = summary.sort_values("n_statements", ascending=False, kind="stable").head(top)
    summary = summary.iloc[::-1]  # largest bar on top
    ax = _axes(ax, (8, 0.4 * len(summary) + 1.5))
    left = pd.Series(0.0, index=summary.index)
    for label, column in count_cols.items():
        values = summary[column] / summary["n_statements"] if share else summary[column]
        ax.barh(
            summary.index.astype(str),
            values,
            left=left,
            label=label,
            color=LABEL_COLORS.get(label),
        )
        left = left + values
    ax.set_xlabel("share of statements" if share else "statements")
    ax.legend(loc="lower right", fontsize="small")
    return ax
