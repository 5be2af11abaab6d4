"""Score a dask DataFrame of articles, partition by partition (extra: ``stance[dask]``).

Each partition is scored with :func:`stance.batch.score_articles`, so the rows are those of
the pandas path, partition after partition. Only the articles of one partition are in a
worker's memory at a time.
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
) -> pd.DataFrame:
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
    )


def score_dask(
    ddf: Any,
    *,
    text_col: str = "text",
    id_col: str | None = None,
    model: Any = None,
    keep: Sequence[str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
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

    Returns
    -------
    dask.dataframe.DataFrame
        Lazy frame with the columns of :func:`stance.score_articles`. Within a partition the
        index runs from 0; call ``.compute().reset_index(drop=True)`` for a clean index.

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
    )
    # Wrapping the model in delayed puts it in the graph once, not once per partition.
    shared_model = dask.delayed(model, pure=True) if model is not None else None
    logger.info("scoring %d partitions lazily", ddf.npartitions)
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
