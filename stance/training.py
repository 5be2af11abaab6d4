"""Train and evaluate stance models from DataFrames, and pick statements to label next."""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from stance.constants import LABELS, proba_column
from stance.model import StanceClassifier
from stance.plotting import _axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

logger = logging.getLogger(__name__)

__all__ = [
    "MIN_EXAMPLES_PER_LABEL",
    "EvaluationResult",
    "evaluate",
    "plot_confusion",
    "plot_metrics",
    "train",
    "uncertain",
]

#: Fewest training statements a label needs: below this the classifier cannot learn the
#: label, and 5-fold calibration (``classifier="svm"``) cannot even run.
MIN_EXAMPLES_PER_LABEL = 5


def _require_column(df: pd.DataFrame, col: str, arg: str) -> None:
    if col not in df.columns:
        raise ValueError(
            f"no column {col!r} in the data; columns present: {list(df.columns)}. "
            f"Pass {arg}='<your column>' to name the right one"
        )


def _check_frame(df: Any, fn: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{fn} expects a pandas DataFrame with text and label columns, got {type(df).__name__}"
        )
    if len(df) == 0:
        raise ValueError(f"{fn} got an empty DataFrame")
    return df


def _clean_labels(labels: pd.Series, label_col: str) -> pd.Series:
    """Return labels as stripped lower-case strings; raise on missing or unknown ones."""
    missing = labels.isna()
    if missing.any():
        rows = list(labels.index[missing][:5])
        raise ValueError(
            f"{int(missing.sum())} rows have no label in column {label_col!r} (e.g. index "
            f"{rows}); drop them (df.dropna(subset=[{label_col!r}])) or label them"
        )
    clean = labels.astype(str).str.strip().str.lower()
    unknown = sorted(set(clean) - set(LABELS))
    if unknown:
        raise ValueError(
            f"unknown labels in column {label_col!r}: {unknown}; allowed labels are {list(LABELS)}"
        )
    return clean


def _statements(
    df: pd.DataFrame,
    text_col: str,
    cue_col: str | None,
    *,
    fn: str,
    actor_col: str | None = "actor",
) -> pd.DataFrame:
    """Return a text/cue[/actor] frame (index kept); raise on a missing text column or empty texts.

    The ``actor`` column is added only when ``actor_col`` names a column of ``df``: without
    it the model's actor features are inactive (0) for these rows.
    """
    _require_column(df, text_col, "text_col")
    if cue_col is not None and cue_col != "cue":
        _require_column(df, cue_col, "cue_col")
    if actor_col is not None and actor_col != "actor":
        _require_column(df, actor_col, "actor_col")
    has_cue = cue_col is not None and cue_col in df.columns
    if not has_cue and cue_col is not None:
        logger.info("%s: no %r column; statements are read without their cue", fn, cue_col)
    has_actor = actor_col is not None and actor_col in df.columns
    if not has_actor and actor_col is not None:
        logger.info(
            "%s: no %r column; the actor features are inactive for these statements",
            fn,
            actor_col,
        )
    texts = df[text_col]
    bad = texts.isna() | (texts.astype(str).str.strip() == "")
    if bad.any():
        rows = list(texts.index[bad][:5])
        raise ValueError(
            f"{int(bad.sum())} rows have an empty or missing {text_col!r} (e.g. index {rows}); "
            "drop them before training or evaluating"
        )
    frame = pd.DataFrame(
        {
            "text": texts.astype(str),
            "cue": df[cue_col].where(df[cue_col].notna(), None) if has_cue else None,
        },
        index=df.index,
    )
    if has_actor:
        actors = df[actor_col].astype(object)
        frame["actor"] = actors.where(actors.notna(), None)
    return frame


def train(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    label_col: str = "label",
    cue_col: str | None = "cue",
    actor_col: str | None = "actor",
    **params: Any,
) -> StanceClassifier:
    """Train a :class:`~stance.model.StanceClassifier` on a labelled DataFrame.

    With default ``params`` training is deterministic: the shipped default model is
    ``train(load_training_data())``.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per statement.
    text_col : str, default="text"
        Column with the statement.
    label_col : str, default="label"
        Column with the label (one of :data:`stance.constants.LABELS`; case and surrounding
        spaces are ignored).
    cue_col : str or None, default="cue"
        Column with the attribution cue. If the default ``"cue"`` is absent the model is
        trained without cues; ``None`` ignores cues on purpose.
    actor_col : str or None, default="actor"
        Column with the state or body each speaker speaks for (an actor code such as
        ``"IRN"``; None, NaN or ``""`` for speakers who speak for none: analysts, witnesses,
        companies). If your data has no such column (or ``actor_col=None``) the actor
        features are simply inactive (0) for its rows. Careful when concatenating your rows
        with :func:`~stance.datasets.load_training_data`: rows without an actor then get
        NaN, which reads as "no actor"; fill in their actors, or drop the column from the
        combined frame to train without the actor features.
    **params
        :class:`~stance.model.StanceClassifier` parameters (``C``, ``classifier``, ...).

    Returns
    -------
    StanceClassifier
        The fitted model.

    Raises
    ------
    ValueError
        Missing columns (the message names the columns present and the argument to pass),
        missing or unknown labels, empty texts, a single label, fewer than
        :data:`MIN_EXAMPLES_PER_LABEL` statements for a label, or an unknown parameter.
    TypeError
        If ``df`` is not a DataFrame.

    Warns
    -----
    UserWarning
        If some texts occur more than once (they are kept; conflicting labels are counted).

    Examples
    --------
    >>> import stance  # doctest: +SKIP
    >>> model = stance.train(stance.load_training_data())  # doctest: +SKIP
    >>> model = stance.train(my_df, text_col="quote", label_col="coder_label")  # doctest: +SKIP
    """
    df = _check_frame(df, "train")
    _require_column(df, label_col, "label_col")
    frame = _statements(df, text_col, cue_col, fn="train", actor_col=actor_col)
    labels = _clean_labels(df[label_col], label_col)
    counts = labels.value_counts()
    if len(counts) < 2:
        raise ValueError(
            f"all {len(labels)} rows have the label {counts.index[0]!r}; a classifier needs "
            "at least two different labels"
        )
    few = {str(k): int(v) for k, v in counts.items() if v < MIN_EXAMPLES_PER_LABEL}
    if few:
        raise ValueError(
            f"too few examples for {few}: each label needs at least {MIN_EXAMPLES_PER_LABEL} "
            "statements; add examples or drop that label's rows"
        )
    dup = frame["text"].duplicated(keep=False)
    if dup.any():
        conflicting = (
            pd.DataFrame({"text": frame["text"][dup], "label": labels[dup]})
            .groupby("text")["label"]
            .nunique()
        )
        warnings.warn(
            f"{int(frame['text'].duplicated().sum())} duplicated texts in {text_col!r} "
            f"({int((conflicting > 1).sum())} with conflicting labels); they are kept. "
            f"Drop them with df.drop_duplicates(subset=[{text_col!r}]) if unintended",
            UserWarning,
            stacklevel=2,
        )
    valid = StanceClassifier().get_params()
    unknown = sorted(set(params) - set(valid))
    if unknown:
        raise ValueError(f"unknown parameters {unknown}; valid ones are {sorted(valid)}")
    model = StanceClassifier(**params)
    return model.fit(frame.reset_index(drop=True), labels.to_numpy())


@dataclass
class EvaluationResult:
    """Scores of a model on labelled statements (returned by :func:`evaluate`).

    Attributes
    ----------
    per_label : pandas.DataFrame
        Index: labels; columns ``precision``, ``recall``, ``f1``, ``support``.
    macro_f1 : float
        Unweighted mean F1 over the labels in ``per_label``.
    accuracy : float
        Share of statements labelled correctly.
    confusion : pandas.DataFrame
        Counts; index = true label, columns = predicted label.
    n : int
        Number of statements.
    predictions : pandas.Series
        Predicted label per statement (index of the evaluated frame).
    """

    per_label: pd.DataFrame
    macro_f1: float
    accuracy: float
    confusion: pd.DataFrame
    n: int
    predictions: pd.Series = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-friendly figures (for :meth:`StanceClassifier.save`'s ``metrics``).

        Returns
        -------
        dict
            ``n``, ``macro_f1``, ``accuracy``, ``per_label`` (label -> figures), ``confusion``.
        """
        return {
            "n": int(self.n),
            "macro_f1": round(float(self.macro_f1), 4),
            "accuracy": round(float(self.accuracy), 4),
            "per_label": {
                str(label): {k: round(float(v), 4) for k, v in row.items()}
                for label, row in self.per_label.iterrows()
            },
            "confusion": {
                str(t): {str(p): int(v) for p, v in row.items()}
                for t, row in self.confusion.iterrows()
            },
        }

    def __str__(self) -> str:
        table = self.per_label.to_string(float_format=lambda v: f"{v:.3f}")
        return (
            f"{self.n} statements: macro-F1 {self.macro_f1:.3f}, accuracy {self.accuracy:.3f}\n"
            f"{table}\nconfusion (rows true, columns predicted):\n{self.confusion.to_string()}"
        )

    def plot(self, ax: Axes | None = None) -> Axes:
        """Plot the confusion matrix; see :func:`plot_confusion`.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw on.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        return plot_confusion(self, ax=ax)


def evaluate(
    model: StanceClassifier,
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    label_col: str = "label",
    cue_col: str | None = "cue",
    actor_col: str | None = "actor",
) -> EvaluationResult:
    """Score a model on labelled statements.

    Parameters
    ----------
    model : StanceClassifier
        A fitted model (e.g. :func:`stance.load_model`).
    df : pandas.DataFrame
        Labelled statements.
    text_col, label_col, cue_col, actor_col : str
        Column names, as in :func:`train`.

    Returns
    -------
    EvaluationResult
        Per-label precision/recall/F1/support, macro-F1, accuracy, confusion matrix.

    Raises
    ------
    ValueError
        Missing columns, missing or unknown labels, empty texts.

    Examples
    --------
    >>> result = evaluate(model, test_df)  # doctest: +SKIP
    >>> result.macro_f1, result.per_label  # doctest: +SKIP
    >>> result.plot()  # doctest: +SKIP
    """
    df = _check_frame(df, "evaluate")
    _require_column(df, label_col, "label_col")
    frame = _statements(df, text_col, cue_col, fn="evaluate", actor_col=actor_col)
    truth = _clean_labels(df[label_col], label_col)
    pred = pd.Series(model.predict(frame.reset_index(drop=True)), index=df.index, dtype=object)
    labels = [lab for lab in LABELS if lab in set(truth) | set(pred)]
    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    per_label = pd.DataFrame(
        {"precision": p, "recall": r, "f1": f, "support": s.astype(int)},
        index=pd.Index(labels, name="label"),
    )
    confusion = pd.DataFrame(
        confusion_matrix(truth, pred, labels=labels),
        index=pd.Index(labels, name="true"),
        columns=pd.Index(labels, name="predicted"),
    )
    return EvaluationResult(
        per_label=per_label,
        macro_f1=float(np.mean(f)),
        accuracy=float(accuracy_score(truth, pred)),
        confusion=confusion,
        n=len(truth),
        predictions=pred,
    )


def plot_confusion(
    result: EvaluationResult, ax: Axes | None = None, *, normalize: bool = False
) -> Axes:
    """Draw the confusion matrix of an :class:`EvaluationResult`.

    Parameters
    ----------
    result : EvaluationResult
        From :func:`evaluate`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.
    normalize : bool, default=False
        Show row shares (recall per true label) instead of counts.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "stance[plot]"``).
    """
    ax = _axes(ax, figsize=(5, 4.5))
    matrix = result.confusion.to_numpy(dtype=float)
    if normalize:
        totals = matrix.sum(axis=1, keepdims=True)
        matrix = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    image = ax.imshow(matrix, cmap="Blues")
    labels = list(result.confusion.index)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"macro-F1 {result.macro_f1:.2f} (n={result.n})")
    threshold = matrix.max() / 2 if matrix.size else 0
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            text = f"{matrix[i, j]:.2f}" if normalize else f"{int(matrix[i, j])}"
            color = "white" if matrix[i, j] > threshold else "black"
            ax.text(j, i, text, ha="center", va="center", color=color)
    ax.figure.colorbar(image, ax=ax, fraction=0.046)
    return ax


def plot_metrics(result: EvaluationResult, ax: Axes | None = None) -> Axes:
    """Draw per-label precision, recall and F1 as grouped bars.

    Parameters
    ----------
    result : EvaluationResult
        From :func:`evaluate`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "stance[plot]"``).
    """
    ax = _axes(ax, figsize=(6, 3.5))
    table = result.per_label[["precision", "recall", "f1"]]
    x = np.arange(len(table))
    width = 0.27
    for i, col in enumerate(table.columns):
        ax.bar(x + (i - 1) * width, table[col].to_numpy(), width, label=col)
    ax.set_xticks(x, list(table.index))
    ax.set_ylim(0, 1)
    ax.set_ylabel("score")
    ax.set_title(f"macro-F1 {result.macro_f1:.2f}")
    ax.legend(loc="lower right")
    return ax


_UNCERTAIN_BY = ("margin", "top", "entropy")


def uncertain(
    scored: pd.DataFrame | StanceClassifier,
    n: int | pd.DataFrame = 20,
    *,
    model: StanceClassifier | None = None,
    by: str = "margin",
    text_col: str = "text",
    cue_col: str | None = "cue",
    actor_col: str | None = "actor",
) -> pd.DataFrame:
    """Pick the statements the model is least sure of, to label next.

    Parameters
    ----------
    scored : pandas.DataFrame or StanceClassifier
        Statements with probability columns ``p_escalatory``, ``p_de_escalatory``, ... as
        :mod:`stance.batch` produces them; or unscored statements together with ``model``.
        ``uncertain(model, df)`` is also accepted (then ``n`` keeps its default unless
        passed by keyword).
    n : int, default=20
        How many statements to return.
    model : StanceClassifier, optional
        If given, ``scored`` is (re)scored with it from ``text_col``/``cue_col``/``actor_col``.
    by : {"margin", "top", "entropy"}, default="margin"
        ``margin``: smallest gap between the two most likely labels; ``top``: lowest top
        probability; ``entropy``: highest entropy.
    text_col, cue_col, actor_col : str
        Columns read when ``model`` is given.

    Returns
    -------
    pandas.DataFrame
        The ``n`` least certain rows (most uncertain first; index kept) with added columns
        ``confidence`` (top probability) and ``margin``. The input is not modified.

    Raises
    ------
    ValueError
        If ``scored`` has no probability columns and no ``model`` is given, or ``by`` is
        unknown.

    Examples
    --------
    >>> from stance.batch import score_quotes  # doctest: +SKIP
    >>> to_label = uncertain(score_quotes(quotes), n=50)  # doctest: +SKIP
    >>> to_label = uncertain(my_df, n=50, model=load_model())  # doctest: +SKIP
    >>> to_label = uncertain(load_model(), my_df)  # doctest: +SKIP
    """
    if isinstance(scored, StanceClassifier) and isinstance(n, pd.DataFrame):
        # uncertain(model, df, ...): the (model, df) form.
        if model is not None:
            raise TypeError("pass the model either first or as model=, not both")
        model, scored, n = scored, n, 20
    if by not in _UNCERTAIN_BY:
        raise ValueError(f"by={by!r} is not one of {_UNCERTAIN_BY}")
    if not isinstance(scored, pd.DataFrame):
        raise TypeError(f"uncertain expects a DataFrame, got {type(scored).__name__}")
    if model is not None:
        frame = _statements(scored, text_col, cue_col, fn="uncertain", actor_col=actor_col)
        proba = model.predict_proba(frame.reset_index(drop=True))
        columns = [proba_column(c) for c in model.classes_]
    else:
        columns = [proba_column(lab) for lab in LABELS if proba_column(lab) in scored.columns]
        if len(columns) < 2:
            raise ValueError(
                "no probability columns (p_escalatory, p_de_escalatory, p_self_defense, "
                f"p_neutral) in the frame; columns present: {list(scored.columns)}. Score it "
                "with stance.batch first or pass model=load_model()"
            )
        proba = scored[columns].to_numpy(dtype=float)
    proba = np.nan_to_num(proba, nan=0.0)
    ordered = np.sort(proba, axis=1)
    top = ordered[:, -1]
    margin = ordered[:, -1] - ordered[:, -2]
    if by == "margin":
        key = margin
    elif by == "top":
        key = top
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            key = np.nansum(proba * np.log(np.where(proba > 0, proba, 1.0)), axis=1)
    order = np.argsort(key, kind="stable")[:n]
    out = scored.iloc[order].copy()
    if model is not None:
        for j, col in enumerate(columns):
            out[col] = proba[order, j]
    out["confidence"] = top[order]
    out["margin"] = margin[order]
    return out
