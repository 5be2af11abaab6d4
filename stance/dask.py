"""Score a dask DataFrame of articles, partition by partition (extra: ``stance[dask]``).

Each partition is scored with :func:`stance.batch.score_articles`, so the rows are those of
the pandas path, partition after partition. Only the articles of one partition are in a
worker's memory at a time. With ``with_summary=True`` the per-article summary comes too, as
a second lazy frame built from the same scoring tasks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pandas as pd

from stance.batch import DEFAULT_BATCH_SIZE, score_articles

logger = logging.getLogger(__name__)


def _require_dask() -> Any:
    try:
        import dask
        import dask.dataframe as dd
    except ImportError as exc:
        raise ImportError(
            'stance.dask needs dask; install it with: pip install "stance[dask]"'
        ) from exc
    return dask, dd


def _score_partition(
    part: pd.DataFrame,
    model: Any,
    text_col: str,
    id_col: str | None,
    keep: list[str] | None,
    batch_size: int,
    with_summary: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    # model=None: each worker process loads the shipped model once (cached in stance.batch)
    return score_articles(
        part,
        text_col=text_col,
        id_col=id_col,
        keep=keep,
        model=model,
        n_jobs=1,
        progress=False,
        batch_size=batch_size,
        with_summary=with_summary,
    )


def _with_summary(
    ddf: Any, shared_model: Any, options: tuple[Any, ...], metas: tuple[pd.DataFrame, ...]
) -> tuple[Any, Any]:
    """Two lazy frames (statements, summary) that share one scoring task per partition."""
    dask, dd = _require_dask()
    scored = [
        dask.delayed(_score_partition, nout=2, pure=True)(part, shared_model, *options, True)
        for part in ddf.to_delayed()
    ]
    # dask would turn the object columns (the summary's ``error``, kept columns) into
    # pyarrow strings; keep the dtypes score_articles gives, as the statements-only path does.
    with dask.config.set({"dataframe.convert-string": False}):
        return tuple(
            dd.from_delayed([s[i] for s in scored], meta=meta, verify_meta=False)
            for i, meta in enumerate(metas)
        )


def score_dask(
    ddf: Any,
    *,
    text_col: str = "text",
    id_col: str | None = None,
    model: Any = None,
    keep: Sequence[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    with_summary: bool = False,
) -> Any:
    """Score every partition of a dask DataFrame of articles (lazily).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        Articles, one per row, with a text column.
    text_col : str, default "text"
        Column holding the article text.
    id_col : str, optional
        Column identifying each article; default the index.
    model : StanceClassifier, optional
        A fitted classifier, sent once to the workers. Default: each worker loads the
        shipped model itself (once per process).
    keep : list of str, optional
        Columns to carry over to every statement.
    batch_size : int, default 250
        Articles per ``predict_proba`` call inside a partition.
    with_summary : bool, default False
        Also return the per-article summary, as :func:`stance.score_articles` does.

    Returns
    -------
    statements : dask.dataframe.DataFrame
        Lazy frame with the columns and dtypes of :func:`stance.score_articles`, one row per
        statement, partition after partition. Within a partition the index runs from 0; call
        ``.compute().reset_index(drop=True)`` for a clean index.
    summary : dask.dataframe.DataFrame
        Only with ``with_summary=True``: lazy frame with exactly one row per input article, in
        input order, with ``article_id, n_statements, status, error`` as in
        :func:`stance.score_articles` (index from 0 within each partition, as above). Both
        frames come from the same scoring tasks: compute them together,
        ``dask.compute(statements, summary)``, to score each partition once (computing them
        one after the other scores everything twice).

    Raises
    ------
    ImportError
        If dask is not installed.
    ValueError
        If a named column is missing (the message lists the columns present).

    Examples
    --------
    >>> import dask.dataframe as dd  # doctest: +SKIP
    >>> from stance.dask import score_dask  # doctest: +SKIP
    >>> articles = dd.read_parquet("articles/")  # doctest: +SKIP
    >>> scored = score_dask(articles, keep=["date"]).compute()  # doctest: +SKIP

    With the summary (which articles had no statements, or failed):

    >>> import dask  # doctest: +SKIP
    >>> lazy = score_dask(articles, with_summary=True)  # doctest: +SKIP
    >>> scored, summary = dask.compute(*lazy)  # doctest: +SKIP
    >>> summary["status"].value_counts()  # doctest: +SKIP
    """
    dask, _ = _require_dask()
    keep = [keep] if isinstance(keep, str) else (list(keep) if keep else None)
    # Scoring the empty meta frame checks the columns (same errors as the pandas path)
    # and gives the output's columns and dtypes. With model=None that needs the classes, so
    # the default model is loaded here too.
    meta = score_articles(
        ddf._meta,
        text_col=text_col,
        id_col=id_col,
        keep=keep,
        model=model,
        progress=False,
        with_summary=with_summary,
    )
    # Wrapping the model in delayed puts it in the graph once, not once per partition.
    shared_model = dask.delayed(model, pure=True) if model is not None else None
    logger.info("scoring %d partitions lazily", ddf.npartitions)
    if with_summary:
        return _with_summary(ddf, shared_model, (text_col, id_col, keep, batch_size), meta)
    return ddf.map_partitions(
        _score_partition,
        shared_model,
        text_col,
        id_col,
        keep,
        batch_size,
        meta=meta,
        enforce_metadata=False,
    )
