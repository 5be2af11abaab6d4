"""Tests for stance.plotting: escalation over time and label counts."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from stance import (
    plot_escalation,
    plot_label_counts,
    score_articles,
    summarize,
)
from stance._examples import example_articles

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(scope="module")
def scored(small_model) -> pd.DataFrame:
    return score_articles(example_articles(60, seed=7), keep=["date"], model=small_model)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_escalation_lines_follow_the_summary(scored):
    ax = plot_escalation(scored, freq="M", top=3)
    monthly = summarize(scored, freq="M")
    top3 = monthly.dropna(subset=["actor"]).groupby("actor")["n_statements"].sum().nlargest(3).index
    lines = {
        line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")
    }
    assert set(lines) == set(top3)
    for actor, line in lines.items():
        rows = monthly[monthly["actor"] == actor].sort_values("period")
        np.testing.assert_allclose(line.get_ydata(), rows["escalation_index"])


def test_escalation_accepts_a_summary_and_chosen_actors(scored):
    weekly = summarize(scored, freq="W")
    actor = weekly.dropna(subset=["actor"])["actor"].iloc[0]
    _fig, ax = plt.subplots()
    out = plot_escalation(weekly, actors=[actor], ax=ax)
    assert out is ax
    assert [
        line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")
    ] == [actor]
    with pytest.raises(ValueError, match="no statements by"):
        plot_escalation(weekly, actors=["ATLANTIS"])


def test_label_counts_bars_add_up(scored):
    ax = plot_label_counts(scored, top=4)
    totals = scored.dropna(subset=["actor"]).groupby("actor").size().nlargest(4)
    widths: dict[str, float] = {}
    for patch, label in zip(ax.patches, _bar_labels(ax), strict=True):
        widths[label] = widths.get(label, 0.0) + patch.get_width()
    assert widths == {actor: float(n) for actor, n in totals.items()}
    ax = plot_label_counts(scored, top=4, share=True)
    assert max(p.get_x() + p.get_width() for p in ax.patches) == pytest.approx(1.0)


def _bar_labels(ax):
    names = [t.get_text() for t in ax.get_yticklabels()]
    n_labels = len(ax.containers)
    return names * n_labels


def test_missing_matplotlib_names_the_extra(scored, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"stance\[plot\]"):
        plot_escalation(scored)
