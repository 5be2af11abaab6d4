"""Score many articles at once: articles in, one row per attributed statement out.

The work is done in chunks of articles: each chunk is run through
:func:`stance.quotes.extract_quotes`, then every statement found in the chunk is
classified with a single ``predict_proba`` call. ``n_jobs`` spreads chunks over
processes (joblib); the result does not depend on ``n_jobs`` (and on ``batch_size`` only in
the last digit of the probabilities).
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from stance import quotes as _quotes
from stance.constants import LABELS, proba_column

logger = logging.getLogger(__name__)

#: Columns describing each statement, in output order (label columns follow).
STATEMENT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "quote_index",
    "speaker",
    "actor",
    "cue",
    "kind",
    "text",
    "start",
    "end",
    "paragraph",
)

#: Columns of the per-article summary returned with ``with_summary=True``.
SUMMARY_COLUMNS: tuple[str, ...] = ("article_id", "n_statements", "status", "error")

_INT_COLUMNS = ("quote_index", "start", "end", "paragraph")
# Whatever dtype this pandas gives plain strings ("str" from pandas 3, object before), so that
# empty and non-empty results (and dask's meta) agree on dtypes.
_STR_DTYPE = pd.Series(["x"]).dtype

#: Articles per chunk by default: one ``predict_proba`` call per chunk (a couple of thousand
#: statements, enough to vectorise), bounded memory, and enough chunks to share between
#: processes with ``n_jobs``.
DEFAULT_BATCH_SIZE = 250
# A progress bar is worth showing only for batches longer than this (and on a terminal/notebook).
_PROGRESS_MIN_ARTICLES = 100
# Worker tasks per process with n_jobs > 1 (each task scores several consecutive chunks).
_TASKS_PER_JOB = 2


# --------------------------------------------------------------------------- models


@lru_cache(maxsize=1)
def _default_model() -> Any:
    # Loaded once per process: load_model() reads and unpickles the shipped file.
    from stance.model import load_model

    return load_model()


def _resolve_model(model: Any) -> Any:
    """Return ``model``, or the shipped default model (loaded once) when it is None."""
    return _default_model() if model is None else model


def _predict(
    model: Any,
    texts: Sequence[str],
    cues: Sequence[str | None] | None,
    actors: Sequence[str | None] | None = None,
):
    """Classify statements with one ``predict_proba`` call.

    ``cues`` and ``actors`` are given to the model when known (None: not known, which the
    model treats differently from an empty value). Returns the class names, the predicted
    labels, their confidence and the probability matrix.
    """
    classes = [str(c) for c in model.classes_]
    # Probability columns follow LABELS (the model's classes_ are sorted alphabetically);
    # labels unknown to LABELS, from a custom model, come after, sorted.
    order = sorted(range(len(classes)), key=lambda j: (_label_rank(classes[j]), classes[j]))
    ordered = [classes[j] for j in order]
    if len(texts) == 0:
        return ordered, [], np.empty(0), np.empty((0, len(classes)))
    features = pd.DataFrame({"text": list(texts)})
    if cues is not None:
        features["cue"] = list(cues)
    if actors is not None:
        features["actor"] = list(actors)
    proba = np.asarray(model.predict_proba(features), dtype=float)
    best = proba.argmax(axis=1)
    labels = [classes[i] for i in best]
    return ordered, labels, proba[np.arange(len(best)), best], proba[:, order]


def _label_rank(label: str) -> int:
    return LABELS.index(label) if label in LABELS else len(LABELS)


# --------------------------------------------------------------------------- input


class _Articles(NamedTuple):
    ids: pd.Series  # one id per article, positional index, dtype of the source ids
    texts: list[Any]  # raw text values, validated one by one later
    keep: pd.DataFrame | None  # columns to carry over, positional index


def _check_columns(present: Sequence[Any], wanted: Sequence[str], argument: str) -> None:
    missing = [c for c in wanted if c not in present]
    if missing:
        raise ValueError(
            f"no column {', '.join(map(repr, missing))} in the articles; the columns present are "
            f"{list(present)}; pass {argument}= with one of them"
        )


def _check_keep(keep: Sequence[str] | None) -> list[str]:
    if keep is None:
        return []
    if isinstance(keep, str):
        keep = [keep]
    keep = list(keep)
    clash = [c for c in keep if c in STATEMENT_COLUMNS or c in ("label", "confidence")]
    if clash:
        raise ValueError(
            f"keep={clash} would overwrite output columns of the same name; rename those input "
            "columns first (e.g. df.rename(columns={...}))"
        )
    return keep


def _from_frame(df: pd.DataFrame, text_col: str, id_col: str | None, keep: list[str]) -> _Articles:
    _check_columns(df.columns, [text_col], "text_col")
    if id_col is not None:
        _check_columns(df.columns, [id_col], "id_col")
    _check_columns(df.columns, keep, "keep")
    ids = df[id_col] if id_col is not None else df.index.to_series()
    return _Articles(
        ids=ids.reset_index(drop=True).rename("article_id"),
        texts=df[text_col].tolist(),
        keep=df[keep].reset_index(drop=True) if keep else None,
    )


def _from_records(records: list[Any], text_col: str, id_col: str | None, keep: list[str]):
    keys: dict[str, None] = {}
    for rec in records:
        if isinstance(rec, Mapping):
            keys.update(dict.fromkeys(rec))
    _check_columns(list(keys), [text_col], "text_col")
    if id_col is not None:
        _check_columns(list(keys), [id_col], "id_col")
    _check_columns(list(keys), keep, "keep")

    def get(rec: Any, key: str) -> Any:
        return rec.get(key) if isinstance(rec, Mapping) else None

    # A non-dict item keeps its place: it becomes the article's "text" and is then
    # reported as an error (or scored, if it is a string) like any other bad text.
    texts = [get(r, text_col) if isinstance(r, Mapping) else r for r in records]
    ids = (
        pd.Series([get(r, id_col) for r in records])
        if id_col is not None
        else pd.Series(range(len(records)), dtype="int64")
    )
    keep_frame = pd.DataFrame({k: [get(r, k) for r in records] for k in keep}) if keep else None
    return _Articles(ids.rename("article_id"), texts, keep_frame)


def _as_articles(
    articles: Any, text_col: str, id_col: str | None, keep: Sequence[str] | None
) -> _Articles:
    """Bring any supported input into one shape: ids, raw texts and kept columns."""
    keep = _check_keep(keep)
    if isinstance(articles, pd.DataFrame):
        return _from_frame(articles, text_col, id_col, keep)
    if isinstance(articles, pd.Series):
        if id_col is not None or keep:
            raise ValueError(
                "id_col= and keep= need a DataFrame of articles; for a Series the index is the "
                "article id (use series.to_frame() to pass more columns)"
            )
        ids = articles.index.to_series().reset_index(drop=True).rename("article_id")
        return _Articles(ids, articles.tolist(), None)
    if isinstance(articles, str):
        # One article given as a plain string: more useful than scoring its characters.
        articles = [articles]
    if isinstance(articles, Mapping) or not isinstance(articles, Iterable):
        raise TypeError(
            "articles must be a DataFrame, a Series, a list of strings or an iterable of dicts; "
            f"got {type(articles).__name__}"
        )
    items = list(articles)
    if any(isinstance(item, Mapping) for item in items):
        return _from_records(items, text_col, id_col, keep)
    if id_col is not None or keep:
        raise ValueError(
            "id_col= and keep= need a DataFrame or dicts; a list of strings has only texts "
            "(its positions are the article ids)"
        )
    return _Articles(pd.Series(range(len(items)), dtype="int64", name="article_id"), items, None)


def _check_text(value: Any) -> tuple[str | None, str, str | None]:
    """Return ``(text or None, status, error)`` for one raw article value."""
    if isinstance(value, str):
        return (value, "ok", None) if value.strip() else (None, "empty", None)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None, "empty", None
    if isinstance(value, (bytes, bytearray)):
        return None, "error", "text is bytes; decode it first, e.g. text.decode('utf-8')"
    return None, "error", f"text must be a str, got {type(value).__name__}"


# --------------------------------------------------------------------------- core


class _ChunkResult(NamedTuple):
    positions: list[int]  # article position (within the chunk) of each statement
    columns: dict[str, list[Any]]  # statement columns, minus article_id
    n_statements: list[int]  # per article
    status: list[str]
    error: list[str | None]
    labels: list[str] | None
    confidence: np.ndarray | None
    proba: np.ndarray | None


def _extract_chunk(texts: Sequence[Any], tick: Any = None):
    """Find the statements of each article; one bad article never stops the chunk."""
    columns: dict[str, list[Any]] = {c: [] for c in STATEMENT_COLUMNS[1:]}
    positions: list[int] = []
    n_statements, status, error = [], [], []
    for pos, raw in enumerate(texts):
        text, state, message = _check_text(raw)
        found: list[_quotes.Quote] = []
        if text is not None:
            try:
                found = _quotes.extract_quotes(text)
            except Exception as exc:  # recorded in the summary and logged, never dropped
                logger.warning("article %d: extraction failed: %r", pos, exc)
                state, message = "error", f"{type(exc).__name__}: {exc}"
            else:
                state = "ok" if found else "empty"
        for i, q in enumerate(found):
            positions.append(pos)
            columns["quote_index"].append(i)
            for name in STATEMENT_COLUMNS[2:]:  # the Quote fields of the same names
                columns[name].append(getattr(q, name))
        n_statements.append(len(found))
        status.append(state)
        error.append(message)
        if tick is not None:
            tick(1)
    return positions, columns, n_statements, status, error


def _score_chunk(texts: Sequence[Any], model: Any, classify: bool = True, tick: Any = None):
    """Extract then (optionally) classify one chunk of articles; picklable for joblib."""
    positions, columns, n_statements, status, error = _extract_chunk(texts, tick)
    labels = confidence = proba = None
    if classify:
        # the extractor knows each statement's cue and actor (None: the speaker has none)
        _, labels, confidence, proba = _predict(
            model, columns["text"], columns["cue"], columns["actor"]
        )
    return _ChunkResult(positions, columns, n_statements, status, error, labels, confidence, proba)


def _chunk_bounds(n: int, batch_size: int) -> list[tuple[int, int]]:
    # Chunks depend on batch_size only, never on n_jobs: the classifier's features use numpy's
    # vectorised log, whose last bit can depend on a row's place in the batch, so the same
    # chunks are what makes n_jobs=2 give exactly the n_jobs=1 result.
    return [(a, min(a + batch_size, n)) for a in range(0, n, batch_size)]


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None or "ipykernel" not in sys.modules:
        return False
    ip = shell.get_ipython()
    return ip is not None and hasattr(ip, "kernel")


def _tqdm() -> Any:
    """Pick the tqdm class: widgets in a notebook that has ipywidgets, else text on stderr."""
    # (tqdm.auto would warn in notebooks without ipywidgets; the text bar works there too)
    if _in_notebook() and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.notebook import tqdm
    else:
        from tqdm.std import tqdm
    return tqdm


def _want_progress(progress: bool | None, n: int) -> bool:
    if progress is not None:
        return bool(progress)
    if n <= _PROGRESS_MIN_ARTICLES:
        return False
    return _in_notebook() or bool(getattr(sys.stderr, "isatty", lambda: False)())


def _score_chunks(chunks: list[Sequence[Any]], model: Any, classify: bool) -> list[_ChunkResult]:
    """Score consecutive chunks in one worker task (the model is sent once per task)."""
    return [_score_chunk(texts, model, classify) for texts in chunks]


def _tasks(bounds: list[tuple[int, int]], n_jobs: int) -> list[list[tuple[int, int]]]:
    # Two tasks per process balance the load well enough for similar articles, and the model
    # (a few MB) is pickled once per task, not once per chunk.
    n_tasks = min(len(bounds), _TASKS_PER_JOB * n_jobs)
    size = -(-len(bounds) // n_tasks)
    return [bounds[i : i + size] for i in range(0, len(bounds), size)]


def _run_chunks(texts, model, *, classify, n_jobs, progress, batch_size) -> list[_ChunkResult]:
    import joblib

    n = len(texts)
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive number of articles, got {batch_size}")
    n_jobs = joblib.effective_n_jobs(n_jobs)
    bounds = _chunk_bounds(n, batch_size)
    bar = None
    if _want_progress(progress, n):
        bar = _tqdm()(total=n, unit="article", desc="scoring" if classify else "extracting")
    try:
        if n_jobs == 1 or len(bounds) <= 1:
            tick = bar.update if bar is not None else None
            return [_score_chunk(texts[a:b], model, classify, tick) for a, b in bounds]
        tasks = _tasks(bounds, n_jobs)
        jobs = joblib.Parallel(n_jobs=n_jobs, return_as="generator")(
            joblib.delayed(_score_chunks)([texts[a:b] for a, b in task], model, classify)
            for task in tasks
        )
        results = []
        for task, task_results in zip(tasks, jobs, strict=True):
            results.extend(task_results)
            if bar is not None:
                bar.update(task[-1][1] - task[0][0])
        return results
    finally:
        if bar is not None:
            bar.close()


def _assemble(arts: _Articles, bounds_results, classes: list[str] | None):
    """Join chunk results into the statements frame and the per-article summary."""
    positions, n_statements, status, error = [], [], [], []
    columns: dict[str, list[Any]] = {c: [] for c in STATEMENT_COLUMNS[1:]}
    labels: list[str] = []
    confidence, proba = [], []
    start = 0
    for result in bounds_results:
        positions.extend(start + p for p in result.positions)
        for name, values in result.columns.items():
            columns[name].extend(values)
        n_statements.extend(result.n_statements)
        status.extend(result.status)
        error.extend(result.error)
        if classes is not None:
            labels.extend(result.labels)
            confidence.append(result.confidence)
            proba.append(result.proba)
        start += len(result.status)

    out: dict[str, Any] = {"article_id": arts.ids.take(positions).reset_index(drop=True)}
    for name in STATEMENT_COLUMNS[1:]:
        dtype = "int64" if name in _INT_COLUMNS else _STR_DTYPE
        out[name] = pd.Series(columns[name], dtype=dtype)
    if classes is not None:
        matrix = np.vstack(proba) if proba else np.empty((0, len(classes)))
        out["label"] = pd.Series(labels, dtype=_STR_DTYPE)
        out["confidence"] = pd.Series(
            np.concatenate(confidence) if confidence else np.empty(0), dtype="float64"
        )
        for j, cls in enumerate(classes):
            out[proba_column(cls)] = pd.Series(matrix[:, j], dtype="float64")
    statements = pd.DataFrame(out)
    if arts.keep is not None:
        kept = arts.keep.take(positions).reset_index(drop=True)
        statements = pd.concat([statements, kept], axis=1)

    summary = pd.DataFrame(
        {
            "article_id": arts.ids,
            "n_statements": pd.Series(n_statements, dtype="int64"),
            "status": pd.Series(status, dtype=_STR_DTYPE),
            "error": pd.Series(error, dtype=object),
        }
    )
    return statements, summary


def _log_outcome(summary: pd.DataFrame, n_rows: int, with_summary: bool) -> None:
    counts = summary["status"].value_counts()
    n_err, n_empty = int(counts.get("error", 0)), int(counts.get("empty", 0))
    logger.info(
        "%d articles -> %d statements (%d without statements, %d errors)",
        len(summary),
        n_rows,
        n_empty,
        n_err,
    )
    if n_err and not with_summary:
        logger.warning(
            "%d of %d articles failed (not text, or extraction error); pass with_summary=True "
            "to see which and why",
            n_err,
            len(summary),
        )


def _statements(
    articles, *, text_col, id_col, keep, model, classify, n_jobs, progress, batch_size, with_summary
):
    """Shared core of :func:`score_articles` and :func:`extract_articles`."""
    arts = _as_articles(articles, text_col, id_col, keep)
    model = _resolve_model(model) if classify else None
    classes = _predict(model, [], None)[0] if classify else None
    results = _run_chunks(
        arts.texts,
        model,
        classify=classify,
        n_jobs=n_jobs,
        progress=progress,
        batch_size=batch_size,
    )
    statements, summary = _assemble(arts, results, classes)
    _log_outcome(summary, len(statements), with_summary)
    return (statements, summary) if with_summary else statements


# --------------------------------------------------------------------------- public API


def score_articles(
    articles: pd.DataFrame | pd.Series | Iterable[str] | Iterable[Mapping[str, Any]],
    *,
    text_col: str = "text",
    id_col: str | None = None,
    model: Any = None,
    keep: Sequence[str] | None = None,
    n_jobs: int = 1,
    progress: bool | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    with_summary: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Find every attributed statement in many articles and label its stance.

    Parameters
    ----------
    articles : DataFrame, Series, list of str or iterable of dict
        The articles. A DataFrame (or dicts) needs a text column (``text_col``); a Series or
        a list holds the texts themselves. A single string is taken as one article.
        Missing, empty or non-text values do not stop the batch: they get no statements and
        are reported in the summary (``with_summary=True``).
    text_col : str, default "text"
        Column (or dict key) holding the article text.
    id_col : str, optional
        Column (or dict key) identifying each article. Default: the input's index
        (positions for lists).
    model : StanceClassifier, optional
        A fitted classifier. Default: the shipped model from :func:`stance.load_model`,
        loaded once per process.
    keep : list of str, optional
        Input columns to carry over to every statement of the article, e.g.
        ``["date", "outlet"]``.
    n_jobs : int, default 1
        Processes to spread the chunks of ``batch_size`` articles over (joblib; -1 = all
        cores). The result is identical whatever ``n_jobs``; with a single chunk it has no
        effect.
    progress : bool, optional
        Show a progress bar (tqdm). Default: on for more than 100 articles when stderr is a
        terminal or in a notebook.
    batch_size : int, default 250
        Articles per chunk. Each chunk is extracted, then classified in one
        ``predict_proba`` call; smaller chunks use less memory. A different ``batch_size``
        can change probabilities in the last digit (about 1e-16), never more.
    with_summary : bool, default False
        Also return the per-article summary.

    Returns
    -------
    statements : DataFrame
        One row per statement, in input order then document order, with columns
        ``article_id, quote_index, speaker, actor, cue, kind, text, start, end, paragraph,
        label, confidence`` and one ``p_<label>`` column per class (see
        :func:`stance.constants.proba_column`), then the ``keep`` columns.
    summary : DataFrame
        Only with ``with_summary=True``: exactly one row per input article, in input order,
        with ``article_id, n_statements, status`` (``"ok"``, ``"empty"`` for no text or no
        statements, ``"error"`` for values that are not text or failed) and ``error``
        (the reason, else None).

    Raises
    ------
    ValueError
        If ``text_col``, ``id_col`` or ``keep`` name columns the input does not have (the
        message lists the columns present).
    TypeError
        If ``articles`` is not one of the supported containers.

    See Also
    --------
    score_quotes : label statements that are already extracted.
    summarize : counts, shares and escalation index per actor and period.

    Examples
    --------
    >>> import pandas as pd
    >>> import stance
    >>> df = pd.DataFrame({"text": ['"We want talks," the minister said.'], "date": ["2026-01-02"]})
    >>> scored = stance.score_articles(df, keep=["date"])  # doctest: +SKIP
    >>> scored[["speaker", "label", "confidence", "date"]]  # doctest: +SKIP
    """
    return _statements(
        articles,
        text_col=text_col,
        id_col=id_col,
        keep=keep,
        model=model,
        classify=True,
        n_jobs=n_jobs,
        progress=progress,
        batch_size=batch_size,
        with_summary=with_summary,
    )


def extract_articles(
    articles: pd.DataFrame | pd.Series | Iterable[str] | Iterable[Mapping[str, Any]],
    *,
    text_col: str = "text",
    id_col: str | None = None,
    keep: Sequence[str] | None = None,
    n_jobs: int = 1,
    progress: bool | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    with_summary: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Find every attributed statement in many articles, without labelling them.

    Same input, options and output as :func:`score_articles`, minus the ``label``,
    ``confidence`` and ``p_<label>`` columns; no model is loaded.

    Parameters
    ----------
    articles : DataFrame, Series, list of str or iterable of dict
        The articles (see :func:`score_articles`).
    text_col, id_col, keep, n_jobs, progress, batch_size, with_summary
        As in :func:`score_articles`.

    Returns
    -------
    statements : DataFrame
        One row per statement (``article_id`` to ``paragraph``, then ``keep`` columns).
    summary : DataFrame
        Only with ``with_summary=True``: one row per input article.

    Raises
    ------
    ValueError
        If a named column is missing.

    Examples
    --------
    >>> import stance
    >>> found = stance.extract_articles(['"We will respond," the general said.'])  # doctest: +SKIP
    >>> found[["speaker", "cue", "text"]]  # doctest: +SKIP
    """
    return _statements(
        articles,
        text_col=text_col,
        id_col=id_col,
        keep=keep,
        model=None,
        classify=False,
        n_jobs=n_jobs,
        progress=progress,
        batch_size=batch_size,
        with_summary=with_summary,
    )


def score_quotes(
    texts: pd.DataFrame | pd.Series | Sequence[str],
    *,
    cues: Sequence[str | None] | None = None,
    actors: Sequence[str | None] | None = None,
    model: Any = None,
    text_col: str = "text",
    cue_col: str = "cue",
    actor_col: str = "actor",
) -> pd.DataFrame:
    """Label statements that are already extracted.

    Parameters
    ----------
    texts : DataFrame, Series or list of str
        The statements. A DataFrame needs a ``text_col`` column and may have a ``cue_col``
        column (the attribution verb, e.g. ``"warned"``) and an ``actor_col`` column (whom
        the speaker speaks for; None or empty when nobody).
    cues : list of str, optional
        One cue per statement, for list or Series input (overrides a cue column).
    actors : list of str, optional
        One actor code (or None) per statement (overrides an actor column). Without actors
        the model treats them as unknown.
    model : StanceClassifier, optional
        A fitted classifier; default the shipped model (loaded once).
    text_col, cue_col, actor_col : str, default "text", "cue", "actor"
        Column names, for DataFrame input.

    Returns
    -------
    DataFrame
        Same index as the input, with ``label``, ``confidence`` and one ``p_<label>`` column
        per class. Rows whose text is missing or empty get NaN in every column (and a
        logged warning), so ``pd.concat([df, result], axis=1)`` lines up.

    Raises
    ------
    ValueError
        If the DataFrame has no ``text_col`` column, or ``cues``/``actors`` has the wrong
        length.

    Examples
    --------
    >>> import stance
    >>> stance.score_quotes(["We are ready to talk without conditions."])  # doctest: +SKIP
    """
    if isinstance(texts, pd.DataFrame):
        _check_columns(texts.columns, [text_col], "text_col")
        index = texts.index
        if cues is None and cue_col in texts.columns:
            cues = texts[cue_col].tolist()
        if actors is None and actor_col in texts.columns:
            actors = texts[actor_col].tolist()
        values = texts[text_col].tolist()
    elif isinstance(texts, pd.Series):
        index, values = texts.index, texts.tolist()
    else:
        values = [texts] if isinstance(texts, str) else list(texts)
        index = pd.RangeIndex(len(values))
    if cues is not None:
        cues = list(cues)
        if len(cues) != len(values):
            raise ValueError(f"got {len(cues)} cues for {len(values)} statements; pass one each")
        # a missing cue is no cue: the model sees an empty string rather than NaN
        cues = [c if isinstance(c, str) else "" for c in cues]
    if actors is not None:
        actors = list(actors)
        if len(actors) != len(values):
            raise ValueError(
                f"got {len(actors)} actors for {len(values)} statements; pass one each"
            )
    model = _resolve_model(model)
    ok = [i for i, v in enumerate(values) if isinstance(v, str) and v.strip()]
    if len(ok) < len(values):
        logger.warning("%d statements have no text; their labels are NaN", len(values) - len(ok))
    classes, labels, confidence, proba = _predict(
        model,
        [values[i] for i in ok],
        None if cues is None else [cues[i] for i in ok],
        None if actors is None else [actors[i] for i in ok],
    )
    # statements without text keep their row, with NaN everywhere
    label_values = np.full(len(values), None, dtype=object)
    label_values[ok] = labels
    numbers = np.full((len(values), 1 + len(classes)), np.nan)
    numbers[ok, 0] = confidence
    numbers[ok, 1:] = proba
    out = pd.DataFrame({"label": pd.Series(label_values, dtype=_STR_DTYPE).to_numpy()}, index=index)
    out["confidence"] = numbers[:, 0]
    for j, cls in enumerate(classes):
        out[proba_column(cls)] = numbers[:, 1 + j]
    return out


def summarize(
    scored: pd.DataFrame,
    by: Sequence[str] | str = ("actor",),
    freq: str | None = None,
    date_col: str = "date",
) -> pd.DataFrame:
    """Count labels and compute the net escalation index per actor (and period).

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`score_articles` or :func:`score_quotes` (needs ``label``,
        ``p_escalatory`` and ``p_de_escalatory``), plus ``date_col`` when ``freq`` is given.
    by : str or sequence of str, default ("actor",)
        Columns to group by. Statements whose group value is missing form their own group
        (NaN), so counts always add up.
    freq : str, optional
        A pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``) to group by
        period of ``date_col`` too; the period's start goes in a ``period`` column.
    date_col : str, default "date"
        Column holding dates (anything ``pandas.to_datetime`` reads), used with ``freq``.

    Returns
    -------
    DataFrame
        One row per group, with the ``by`` columns (and ``period``), ``n_statements``,
        ``n_<label>`` and ``share_<label>`` per label (hyphens as underscores) and
        ``escalation_index``: the mean of ``p_escalatory - p_de_escalatory``, from -1
        (all calming) to +1 (all escalating).

    Raises
    ------
    ValueError
        If a needed column is missing or ``freq`` is not a period alias.

    Examples
    --------
    >>> import stance
    >>> scored = stance.score_articles(articles, keep=["date"])  # doctest: +SKIP
    >>> stance.summarize(scored, freq="M")  # doctest: +SKIP
    """
    by = [by] if isinstance(by, str) else list(by)
    needed = ["label", proba_column("escalatory"), proba_column("de-escalatory"), *by]
    if freq is not None:
        needed.append(date_col)
    missing = [c for c in needed if c not in scored.columns]
    if missing:
        raise ValueError(
            f"summarize needs columns {missing}, which are not in {list(scored.columns)}; pass "
            "the output of score_articles (with keep=[date_col] for freq=) or set by=/date_col="
        )
    frame = pd.DataFrame({c: scored[c] for c in by})
    keys = list(by)
    if freq is not None:
        dates = pd.to_datetime(scored[date_col], errors="coerce")
        try:
            frame["period"] = dates.dt.to_period(freq).dt.start_time
        except ValueError as exc:
            raise ValueError(
                f"freq={freq!r} is not a pandas period alias; use e.g. 'D', 'W', 'M', 'Q' or 'Y'"
            ) from exc
        keys.append("period")
    labels = list(LABELS) + sorted(set(scored["label"].dropna()) - set(LABELS))
    for label in labels:
        frame[_suffix("n", label)] = (scored["label"] == label).astype("int64")
    frame["escalation_index"] = (
        scored[proba_column("escalatory")] - scored[proba_column("de-escalatory")]
    )
    frame["n_statements"] = scored["label"].notna().astype("int64")
    grouped = frame.groupby(keys, dropna=False, sort=True)
    counts = grouped[[_suffix("n", label) for label in labels] + ["n_statements"]].sum()
    out = counts[["n_statements"]].copy()
    for label in labels:
        out[_suffix("n", label)] = counts[_suffix("n", label)]
    for label in labels:
        out[_suffix("share", label)] = counts[_suffix("n", label)] / counts["n_statements"].where(
            counts["n_statements"] > 0
        )
    out["escalation_index"] = grouped["escalation_index"].mean()
    return out.reset_index()


def _suffix(prefix: str, label: str) -> str:
    return f"{prefix}_{label.replace('-', '_')}"


# --------------------------------------------------------------------------- accessors


class _StanceAccessor:
    """``.stance`` on pandas objects: thin wrappers over the functions of :mod:`stance.batch`.

    Parameters
    ----------
    pandas_obj : DataFrame or Series
        The object the accessor is attached to.
    """

    def __init__(self, pandas_obj: pd.DataFrame | pd.Series) -> None:
        self._obj = pandas_obj

    def score(self, **kwargs: Any) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
        """Score the articles held by this object; see :func:`stance.score_articles`.

        Parameters
        ----------
        **kwargs
            Passed to :func:`stance.score_articles` (``text_col``, ``id_col``, ``keep``,
            ``model``, ``n_jobs``, ...).

        Returns
        -------
        DataFrame or (DataFrame, DataFrame)
            One row per statement (and the summary with ``with_summary=True``).

        Examples
        --------
        >>> scored = df.stance.score(keep=["date"])  # doctest: +SKIP
        """
        return score_articles(self._obj, **kwargs)

    def extract(self, **kwargs: Any) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
        """Find the statements without labelling them; see :func:`stance.extract_articles`.

        Parameters
        ----------
        **kwargs
            Passed to :func:`stance.extract_articles`.

        Returns
        -------
        DataFrame or (DataFrame, DataFrame)
            One row per statement (and the summary with ``with_summary=True``).

        Examples
        --------
        >>> found = df.stance.extract()  # doctest: +SKIP
        """
        return extract_articles(self._obj, **kwargs)

    def score_quotes(self, **kwargs: Any) -> pd.DataFrame:
        """Label statements already extracted; returns a copy with label columns added.

        Parameters
        ----------
        **kwargs
            Passed to :func:`stance.score_quotes` (``model``, ``text_col``, ``cue_col``).

        Returns
        -------
        DataFrame
            A new frame: this object's data plus ``label``, ``confidence`` and ``p_<label>``.

        Examples
        --------
        >>> labelled = statements.stance.score_quotes()  # doctest: +SKIP
        """
        result = score_quotes(self._obj, **kwargs)
        base = self._obj.to_frame() if isinstance(self._obj, pd.Series) else self._obj
        return pd.concat([base.drop(columns=result.columns, errors="ignore"), result], axis=1)


@pd.api.extensions.register_dataframe_accessor("stance")
class StanceFrameAccessor(_StanceAccessor):
    """``df.stance``: score a DataFrame of articles or statements.

    Parameters
    ----------
    pandas_obj : DataFrame
        The frame the accessor is attached to.

    Examples
    --------
    >>> import stance
    >>> scored = articles.stance.score(text_col="body", keep=["date"])  # doctest: +SKIP
    >>> stance_by_actor = scored.stance.summarize()  # doctest: +SKIP
    """

    def summarize(self, **kwargs: Any) -> pd.DataFrame:
        """Summarise scored statements; see :func:`stance.summarize`.

        Parameters
        ----------
        **kwargs
            Passed to :func:`stance.summarize` (``by``, ``freq``, ``date_col``).

        Returns
        -------
        DataFrame
            Counts, shares and escalation index per group.

        Examples
        --------
        >>> scored.stance.summarize(freq="W")  # doctest: +SKIP
        """
        return summarize(self._obj, **kwargs)


@pd.api.extensions.register_series_accessor("stance")
class StanceSeriesAccessor(_StanceAccessor):
    """``series.stance``: score a Series of article texts (or of statements).

    Parameters
    ----------
    pandas_obj : Series
        The series the accessor is attached to; its index gives the article ids.

    Examples
    --------
    >>> scored = df["body"].stance.score()  # doctest: +SKIP
    """
