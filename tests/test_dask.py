"""Tests for stance.dask: the dask path gives the pandas path's rows, on a real local cluster.

Deselect with ``-m "not dask"`` (they start a two-process cluster, a few seconds).
"""

from __future__ import annotations

import sys

import pandas as pd
import pytest

import stance.batch as batch
import stance.dask
from stance import StanceClassifier, score_articles
from stance._examples import example_articles

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

from stance.dask import score_dask  # noqa: E402

pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def model(small_model) -> StanceClassifier:
    return small_model


@pytest.fixture(scope="module")
def default_model_file(model, tmp_path_factory):
    # The workers find "the default model" through STANCE_MODEL, which they inherit.
    path = tmp_path_factory.mktemp("model") / "small.joblib"
    model.save(path)
    return path


@pytest.fixture(scope="module")
def client(default_model_file):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STANCE_MODEL", str(default_model_file))
        batch._default_model.cache_clear()
        with (
            distributed.LocalCluster(
                n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as dask_client,
        ):
            yield dask_client
        batch._default_model.cache_clear()


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    frame = example_articles(40, seed=5)
    frame.loc[3, "text"] = None  # a missing text must not break a partition
    return frame


def test_dask_rows_equal_the_pandas_path(client, model, articles):
    ddf = dd.from_pandas(articles, npartitions=4)
    lazy = score_dask(ddf, model=model, id_col="article_id", keep=["date", "outlet"])
    assert list(lazy.columns) == list(
        score_articles(articles.head(1), model=model, keep=["date", "outlet"]).columns
    )
    result = lazy.compute().reset_index(drop=True)
    # the same data as dask holds it (dask may store text as pyarrow strings)
    expected = score_articles(
        ddf.compute(), model=model, id_col="article_id", keep=["date", "outlet"]
    )
    assert len(result) > 100
    pd.testing.assert_frame_equal(result, expected)
    pd.testing.assert_series_equal(lazy.dtypes, result.dtypes)


def test_workers_load_the_default_model(client, model, articles):
    ddf = dd.from_pandas(articles.head(12), npartitions=3)
    result = score_dask(ddf).compute().reset_index(drop=True)
    expected = score_articles(ddf.compute(), model=model)
    pd.testing.assert_frame_equal(result, expected)


def test_summary_on_the_cluster(client, model, articles):
    # the default model again: the workers load it, the summary comes from the same tasks
    ddf = dd.from_pandas(articles.head(12), npartitions=3)
    statements, summary = dask.compute(*score_dask(ddf, with_summary=True))
    expected_statements, expected_summary = score_articles(
        ddf.compute(), model=model, with_summary=True
    )
    pd.testing.assert_frame_equal(summary.reset_index(drop=True), expected_summary)
    pd.testing.assert_frame_equal(statements.reset_index(drop=True), expected_statements)


def test_wrong_column_fails_before_computing(model, articles):
    ddf = dd.from_pandas(articles, npartitions=2)
    with pytest.raises(ValueError, match="text_col="):
        score_dask(ddf, text_col="body", model=model)


def test_missing_dask_names_the_extra(monkeypatch, model, articles):
    ddf = dd.from_pandas(articles, npartitions=2)
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError, match=r"stance\[dask\]"):
        score_dask(ddf, model=model)


# --------------------------------------------------------------------------- with_summary
# In-process (scheduler="sync"): no cluster needed, and the counting below sees every call.


def test_summary_equals_the_pandas_path_row_for_row(model, articles):
    frame = articles.head(14).copy()
    frame["text"] = frame["text"].astype(object)
    frame.loc[7, "text"] = b"bytes, not text"  # an "error" row
    frame.loc[9, "text"] = "No quotation marks and nobody speaking here."  # an "empty" row
    with dask.config.set({"dataframe.convert-string": False}):  # keep the bytes as they are
        ddf = dd.from_pandas(frame, npartitions=4)
    options = {"id_col": "article_id", "keep": ["date", "outlet"], "model": model}
    lazy_statements, lazy_summary = score_dask(ddf, with_summary=True, **options)
    statements, summary = dask.compute(lazy_statements, lazy_summary, scheduler="sync")
    statements = statements.reset_index(drop=True)
    summary = summary.reset_index(drop=True)
    expected_statements, expected_summary = score_articles(
        ddf.compute(), with_summary=True, **options
    )
    assert summary["article_id"].tolist() == frame["article_id"].tolist()
    assert summary.loc[[3, 7, 9], "status"].tolist() == ["empty", "error", "empty"]
    assert summary.loc[7, "error"].startswith("text is bytes")
    pd.testing.assert_frame_equal(summary, expected_summary)
    pd.testing.assert_frame_equal(statements, expected_statements)
    # the metadata dask reports before computing is what computing gives
    pd.testing.assert_series_equal(lazy_summary.dtypes, summary.dtypes)
    pd.testing.assert_series_equal(lazy_statements.dtypes, statements.dtypes)
    assert lazy_summary.npartitions == lazy_statements.npartitions == ddf.npartitions
    # the statements are those of the with_summary=False path
    alone = score_dask(ddf, **options).compute(scheduler="sync").reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, statements)


def test_summary_is_lazy_and_scores_each_partition_once(monkeypatch, model, articles):
    calls = []
    real = stance.dask.score_articles

    def counted(part, **kwargs):
        calls.append(len(part))
        return real(part, **kwargs)

    monkeypatch.setattr(stance.dask, "score_articles", counted)
    ddf = dd.from_pandas(articles.head(9), npartitions=3)
    lazy = score_dask(ddf, model=model, with_summary=True)
    assert calls == [0]  # only the empty meta frame, to check columns and get dtypes
    statements, summary = dask.compute(*lazy, scheduler="sync")
    assert sorted(calls[1:]) == [3, 3, 3]  # one scoring task per partition for both frames
    assert len(summary) == 9
    assert summary["n_statements"].sum() == len(statements)
