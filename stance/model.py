"""The stance classifier: a scikit-learn estimator, its feature pipeline, and persistence.

:class:`StanceClassifier` reads a statement together with its attribution cue and labels it
``escalatory``, ``de-escalatory``, ``self-defense`` or ``neutral``. Features are word and
character TF-IDF plus codebook lexicon counts (``stance/data/lexicon.tsv``), the cue lemma and,
when the input has an ``actor`` column, whether the speaker speaks for a state or body;
the classifier is a linear model with probabilities (logistic regression, or a linear SVM
calibrated by cross-validation).

Model files are joblib pickles. **Loading a joblib file runs code stored in it: only load files
you made or trust.** :func:`load_model` checks the file's SHA-256 against its JSON sidecar, so an
altered or damaged file is refused, but that protects against accidents, not against someone
who can rewrite both files.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import platform
import sys
import tempfile
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
import sklearn
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits  # a scikit-learn dependency

from stance.constants import LABELS
from stance.features import ACTOR_COLUMN, StanceVectorizer, has_actor

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MODEL_NAME",
    "MODEL_ENV_VAR",
    "ModelFileError",
    "StanceClassifier",
    "load_model",
    "make_pipeline",
    "sidecar_path",
]

#: File name of the shipped default model.
DEFAULT_MODEL_NAME = "stance-default.joblib"
#: Environment variable naming a model file to use instead of the shipped default.
MODEL_ENV_VAR = "STANCE_MODEL"
#: The one command that rebuilds the shipped default model.
REBUILD_COMMAND = "stance train stance/data/training.csv -o models/stance-default.joblib"
#: Version of the sidecar layout written by :meth:`StanceClassifier.save`.
SIDECAR_FORMAT = 1
#: Default weight of the actor block: the smallest weight within one standard error of the
#: best grouped-CV macro-F1 on the corpus (0.25-4 tried; see models/README.md).
ACTOR_WEIGHT = 0.5
#: Classifier choices for ``classifier=``.
CLASSIFIERS = ("logreg", "svm")


class ModelFileError(ValueError):
    """A model file is missing its pieces, damaged, altered, or not a stance model."""


def _stance_version() -> str:
    from stance import __version__

    return __version__


def _versions() -> dict[str, str]:
    return {
        "stance": _stance_version(),
        "scikit-learn": sklearn.__version__,
        "python": platform.python_version(),
    }


def make_pipeline(
    *,
    C: float = 16.0,
    classifier: str = "logreg",
    word_ngram_range: tuple[int, int] = (1, 2),
    char_ngram_range: tuple[int, int] | None = (4, 5),
    min_df: int = 2,
    word_weight: float = 1.0,
    char_weight: float = 1.0,
    lexicon_weight: float = 0.5,
    cue_weight: float = 0.5,
    actor_weight: float = ACTOR_WEIGHT,
    actor_lexicon_weight: float = 1.0,
    class_weight: str | Mapping[str, float] | None = "balanced",
    lexicon: str | Path | None = None,
    max_iter: int = 3000,
    random_state: int | None = 0,
) -> Pipeline:
    """Build the unfitted feature + classifier pipeline.

    The pipeline takes a list of statements or a frame with ``text`` and optional ``cue`` and
    ``actor`` columns. Steps: ``features`` (:class:`~stance.features.StanceVectorizer`:
    weighted ``word``, ``char``, ``lexicon``, ``cue``, ``actor`` and ``no_actor`` blocks) and
    ``clf``.

    Parameters
    ----------
    C : float, default=16.0
        Inverse regularisation strength of the linear classifier.
    classifier : {"logreg", "svm"}, default="logreg"
        Multinomial logistic regression, or a LinearSVC calibrated with 5-fold sigmoid
        :class:`~sklearn.calibration.CalibratedClassifierCV`.
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-gram range on the normalised, negation-marked text.
    char_ngram_range : tuple of int or None, default=(4, 5)
        ``char_wb`` n-gram range; ``None`` leaves character features out.
    min_df : int, default=2
        Minimum document frequency for word and character n-grams.
    word_weight, char_weight, lexicon_weight, cue_weight : float
        Multipliers of each feature block; 0 drops the block.
    actor_weight : float, default=ACTOR_WEIGHT
        Value of the ``actor_present``/``actor_absent`` flags; 0 drops the block.
    actor_lexicon_weight : float, default=1.0
        Multiplier of the ``no_actor`` block (lexicon counts of statements whose speaker has
        no actor); 0 drops it.
    class_weight : "balanced", dict or None, default="balanced"
        Passed to the classifier.
    lexicon : str or Path, optional
        A lexicon TSV replacing the shipped ``stance/data/lexicon.tsv``.
    max_iter : int, default=3000
        Solver iteration limit.
    random_state : int or None, default=0
        Seed for the SVM and calibration folds (logistic regression with lbfgs is
        deterministic anyway).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted.

    Raises
    ------
    ValueError
        If ``classifier`` is unknown.

    Examples
    --------
    >>> pipe = make_pipeline(C=1.0)
    >>> [name for name, _ in pipe.steps]
    ['features', 'clf']
    """
    if classifier not in CLASSIFIERS:
        raise ValueError(f"classifier={classifier!r} is not one of {CLASSIFIERS}")
    features = StanceVectorizer(
        word_ngram_range=tuple(word_ngram_range),
        char_ngram_range=None if char_ngram_range is None else tuple(char_ngram_range),
        min_df=min_df,
        word_weight=word_weight,
        char_weight=char_weight,
        lexicon_weight=lexicon_weight,
        cue_weight=cue_weight,
        actor_weight=actor_weight,
        actor_lexicon_weight=actor_lexicon_weight,
        lexicon=lexicon,
    )
    if classifier == "logreg":
        clf: Any = LogisticRegression(
            C=C, class_weight=class_weight, max_iter=max_iter, random_state=random_state
        )
    else:
        # Imported here: only SVM models need them, and they add to import time.
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        clf = CalibratedClassifierCV(
            LinearSVC(C=C, class_weight=class_weight, max_iter=max_iter, random_state=random_state),
            method="sigmoid",
            cv=5,
        )
    return Pipeline([("features", features), ("clf", clf)])


def _as_frame(X: Any, *, where: str) -> pd.DataFrame:
    """Turn statements (list of str, Series, or frame) into a text/cue[/actor] frame.

    The ``actor`` column is kept only when the input has one: its absence means "not known"
    (the actor block stays 0), which differs from an empty value ("no actor").
    """
    if isinstance(X, str):
        raise TypeError(
            f"{where} got a single string; pass a list of statements ([text]) or call the "
            "model directly: model(text)"
        )
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError(
                f"{where} needs a 'text' column (optional 'cue', 'actor'); the frame has "
                f"{list(X.columns)}. Rename your column, e.g. df.rename(columns={{'body': 'text'}})"
            )
        cue = X["cue"] if "cue" in X.columns else None
        frame = pd.DataFrame(
            {
                "text": X["text"].to_numpy(dtype=object),
                "cue": None if cue is None else cue.to_numpy(dtype=object),
            }
        )
        if ACTOR_COLUMN in X.columns:
            frame[ACTOR_COLUMN] = X[ACTOR_COLUMN].to_numpy(dtype=object)
        return frame
    if isinstance(X, pd.Series):
        values = X.to_numpy(dtype=object)
    elif isinstance(X, np.ndarray):
        if X.ndim != 1:
            raise ValueError(f"{where} expects a 1-D array of statements, got shape {X.shape}")
        values = X.astype(object)
    else:
        try:
            values = np.asarray(list(X), dtype=object)
        except TypeError as exc:
            raise TypeError(
                f"{where} expects a list of strings or a DataFrame with a 'text' column, "
                f"got {type(X).__name__}"
            ) from exc
    return pd.DataFrame({"text": values, "cue": None})


def _frame_sha256(frame: pd.DataFrame, y: np.ndarray) -> str:
    """SHA-256 of text, cue and label per row; with an actor column also its 0/1 flag."""
    digest = hashlib.sha256()
    if ACTOR_COLUMN in frame.columns:
        flags = has_actor(frame[ACTOR_COLUMN]).astype(int)
        for text, cue, flag, label in zip(frame["text"], frame["cue"], flags, y, strict=True):
            cue = cue if isinstance(cue, str) else ""
            digest.update(f"{text}\t{cue}\t{flag}\t{label}\n".encode())
        return digest.hexdigest()
    for text, cue, label in zip(frame["text"], frame["cue"], y, strict=True):
        cue = cue if isinstance(cue, str) else ""
        digest.update(f"{text}\t{cue}\t{label}\n".encode())
    return digest.hexdigest()


def sidecar_path(path: str | Path) -> Path:
    """Return the JSON sidecar path of a model file (``x.joblib`` -> ``x.json``).

    Parameters
    ----------
    path : str or Path
        The model file.

    Returns
    -------
    Path
        ``path`` with ``.joblib`` replaced by ``.json`` (or ``.json`` appended).

    Examples
    --------
    >>> sidecar_path("models/my.joblib").name
    'my.json'
    """
    path = Path(path)
    if path.suffix == ".joblib":
        return path.with_suffix(".json")
    return path.with_name(path.name + ".json")


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _atomic_write(path: Path, write: Any) -> None:
    """Write via ``write(tmp_path)`` to a temp file in the same folder, fsync, then replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file private (0600); give it the usual permissions instead.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        write(tmp)
        with open(tmp, "rb+") as fh:
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Label attributed statements escalatory, de-escalatory, self-defense or neutral.

    A scikit-learn estimator: it works with ``clone``, ``cross_val_score`` and
    ``GridSearchCV``. ``fit``/``predict`` accept a list of strings or a DataFrame with a
    ``text`` column and optional ``cue`` and ``actor`` columns (the attribution verb and the
    state or body the speaker speaks for, as :func:`stance.quotes.extract_quotes` gives them).
    The cue matters: "vowed" and "warned" lean escalatory, "urged" and "called for"
    de-escalatory, "denied" and "confirmed" neutral. So does the actor: statements whose
    speaker speaks for no state or body (analysts, witnesses, companies; ``actor`` None, NaN
    or ``""``) are far more often neutral. Without an ``actor`` column (plain strings, or a
    frame lacking it) the actor features are 0 and push no label either way.

    Parameters
    ----------
    C : float, default=16.0
        Inverse regularisation strength.
    classifier : {"logreg", "svm"}, default="logreg"
        Logistic regression, or LinearSVC with sigmoid calibration.
    word_ngram_range : tuple of int, default=(1, 2)
        Word n-grams (negation-marked text).
    char_ngram_range : tuple of int or None, default=(4, 5)
        Character (``char_wb``) n-grams; ``None`` for none.
    min_df : int, default=2
        Minimum document frequency of n-grams.
    word_weight, char_weight, lexicon_weight, cue_weight : float
        Block weights (0 drops a block). Defaults 1.0, 1.0, 0.5, 0.5.
    actor_weight : float, default=ACTOR_WEIGHT
        Value of the ``actor_present``/``actor_absent`` flags (0 drops the block).
    actor_lexicon_weight : float, default=1.0
        Multiplier of the ``no_actor`` block: the lexicon counts again, for statements whose
        speaker has no actor only (0 drops the block).
    unknown_actor_share : float, default=0.5
        When the training frame has an ``actor`` column, the model is fitted on its rows
        plus a copy of them with the actor hidden (both flags 0), weighted
        ``1 - unknown_actor_share`` and ``unknown_actor_share``, so statements passed without
        an ``actor`` column are labelled about as well as by a model trained without actors.
        0 turns the copy off. Logistic regression only (ignored with ``classifier="svm"``).
    class_weight : "balanced", dict or None, default="balanced"
        Class weighting.
    lexicon : str or Path, optional
        Replacement lexicon TSV (``category<TAB>term``); ``None`` uses the shipped one.
    max_iter : int, default=3000
        Solver iteration limit.
    random_state : int or None, default=0
        Seed; the default makes training deterministic.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted pipeline (see :func:`make_pipeline`).
    classes_ : numpy.ndarray of str
        Labels, in :data:`stance.constants.LABELS` order (unknown labels after, sorted).
    training_info_ : dict
        ``n_rows``, ``sha256`` (of the text/cue/label rows, plus the actor flag when the
        training frame had an ``actor`` column) and ``label_counts``.
    versions_ : dict
        stance, scikit-learn and Python versions at fit time.

    See Also
    --------
    stance.training.train : validated training from a DataFrame.
    load_model : load a saved model (the shipped default when no path is given).

    Examples
    --------
    >>> texts = ["we will crush them", "we urge calm and talks", "talks are on Monday",
    ...          "they will pay dearly", "both sides must show restraint", "the meeting ended"]
    >>> labels = ["escalatory", "de-escalatory", "neutral"] * 2
    >>> model = StanceClassifier(min_df=1).fit(texts, labels)
    >>> list(model.classes_)
    ['escalatory', 'de-escalatory', 'neutral']
    >>> model.predict(["they will pay"]).shape
    (1,)
    """

    def __init__(
        self,
        C: float = 16.0,
        classifier: str = "logreg",
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (4, 5),
        min_df: int = 2,
        word_weight: float = 1.0,
        char_weight: float = 1.0,
        lexicon_weight: float = 0.5,
        cue_weight: float = 0.5,
        actor_weight: float = ACTOR_WEIGHT,
        actor_lexicon_weight: float = 1.0,
        unknown_actor_share: float = 0.5,
        class_weight: str | Mapping[str, float] | None = "balanced",
        lexicon: str | Path | None = None,
        max_iter: int = 3000,
        random_state: int | None = 0,
    ) -> None:
        self.C = C
        self.classifier = classifier
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.lexicon_weight = lexicon_weight
        self.cue_weight = cue_weight
        self.actor_weight = actor_weight
        self.actor_lexicon_weight = actor_lexicon_weight
        self.unknown_actor_share = unknown_actor_share
        self.class_weight = class_weight
        self.lexicon = lexicon
        self.max_iter = max_iter
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> StanceClassifier:
        """Fit on statements and their labels.

        Parameters
        ----------
        X : list of str, Series, or DataFrame
            Statements; a frame needs ``text`` and may have ``cue`` and ``actor``.
        y : array-like of str
            One label per statement.

        Returns
        -------
        StanceClassifier
            ``self``, fitted.

        Raises
        ------
        ValueError
            If lengths differ, a label is missing, there is only one class, or
            ``unknown_actor_share`` is outside [0, 1).
        """
        frame = _as_frame(X, where="fit")
        y_arr = np.asarray(list(y), dtype=object)
        if len(y_arr) != len(frame):
            raise ValueError(f"fit got {len(frame)} statements but {len(y_arr)} labels")
        missing = pd.isna(pd.Series(y_arr)).to_numpy()
        if missing.any():
            raise ValueError(
                f"{int(missing.sum())} labels are missing (NaN/None); drop or label those rows"
            )
        y_arr = y_arr.astype(str)
        present = set(y_arr)
        if len(present) < 2:
            raise ValueError(
                f"need at least two different labels to train; got only {sorted(present)}"
            )
        params = self.get_params()
        share = params.pop("unknown_actor_share")
        if not 0 <= share < 1:
            raise ValueError(f"unknown_actor_share must be in [0, 1), got {share!r}")
        pipeline = make_pipeline(**params)
        # One BLAS thread: lbfgs on sparse features gains nothing from more, contended
        # threads make it several times slower, and a fixed thread count keeps the summation
        # order (and so the fitted model) the same on every machine.
        with threadpool_limits(limits=1, user_api="blas"):
            if share and self._learns_unknown_actor(frame):
                self._fit_with_unknown_actor_copy(pipeline, frame, y_arr, share)
            else:
                pipeline.fit(frame, y_arr)
        self.pipeline_ = pipeline
        ordered = [label for label in LABELS if label in present]
        ordered += sorted(present - set(LABELS))
        self.classes_ = np.asarray(ordered, dtype=object)
        clf_classes = list(pipeline.classes_)
        self._proba_columns = np.asarray([clf_classes.index(c) for c in ordered])
        counts = pd.Series(y_arr).value_counts()
        self.training_info_ = {
            "n_rows": len(frame),
            "sha256": _frame_sha256(frame, y_arr),
            "label_counts": {c: int(counts[c]) for c in ordered},
        }
        self.versions_ = _versions()
        logger.info(
            "trained StanceClassifier on %d statements %s",
            len(frame),
            self.training_info_["label_counts"],
        )
        return self

    def _learns_unknown_actor(self, frame: pd.DataFrame) -> bool:
        # The calibration folds of the SVM would see both copies of a row: logreg only.
        uses_actor = self.actor_weight or self.actor_lexicon_weight
        return bool(ACTOR_COLUMN in frame.columns and uses_actor and self.classifier == "logreg")

    @staticmethod
    def _fit_with_unknown_actor_copy(
        pipeline: Pipeline, frame: pd.DataFrame, y: np.ndarray, share: float
    ) -> None:
        """Fit on the rows plus a copy with the actor hidden, weighted ``1 - share``/``share``.

        Without the copy every training row has one of the two actor flags set, so a
        statement whose actor is not known (both flags 0) is read as halfway between "actor"
        and "no actor" and leans toward the rarer "no actor" side; in grouped
        cross-validation that cost text-only input 0.015-0.03 macro-F1. The copy teaches the
        model the "not known" case from the same statements.
        """
        features = pipeline.named_steps["features"]
        known = features.fit_transform(frame)
        hidden = features.transform(frame.drop(columns=ACTOR_COLUMN))
        n = len(frame)
        weights = np.concatenate([np.full(n, 1.0 - share), np.full(n, share)])
        pipeline.named_steps["clf"].fit(
            sparse.vstack([known, hidden], format="csr"),
            np.concatenate([y, y]),
            sample_weight=weights,
        )

    # -- prediction ----------------------------------------------------------------------
    def predict_proba(self, X: Any) -> np.ndarray:
        """Return label probabilities, columns in ``classes_`` order.

        Parameters
        ----------
        X : list of str, Series, or DataFrame
            Statements (frame: ``text``, optional ``cue`` and ``actor``).

        Returns
        -------
        numpy.ndarray
            Shape ``(n_samples, n_classes)``; rows sum to 1.
        """
        check_is_fitted(self, "pipeline_")
        frame = _as_frame(X, where="predict_proba")
        if len(frame) == 0:
            return np.zeros((0, len(self.classes_)))
        return self.pipeline_.predict_proba(frame)[:, self._proba_columns]

    def predict(self, X: Any) -> np.ndarray:
        """Return one label per statement.

        Parameters
        ----------
        X : list of str, Series, or DataFrame
            Statements (frame: ``text``, optional ``cue`` and ``actor``).

        Returns
        -------
        numpy.ndarray of str
            Labels from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)] if len(proba) else self.classes_[:0]

    def __call__(
        self, text: str, cue: str | None = None, *, actor: str | bool | None = None
    ) -> str:
        """Label one statement.

        Parameters
        ----------
        text : str
            The statement.
        cue : str, optional
            Its attribution verb (``"warned"``).
        actor : str or bool, optional
            The state or body the speaker speaks for (``"IRN"``, or ``True``); ``""`` or
            ``False`` for none (an analyst, a witness). ``None`` (default): not known, the
            actor features stay 0.

        Returns
        -------
        str
            The label.
        """
        return str(self.predict(_one_statement(text, cue, actor))[0])

    # -- explanation ---------------------------------------------------------------------
    def _coef(self) -> tuple[np.ndarray, list[str]]:
        clf = self.pipeline_.named_steps["clf"]
        if hasattr(clf, "calibrated_classifiers_"):  # CalibratedClassifierCV (svm)
            coef = np.mean([cc.estimator.coef_ for cc in clf.calibrated_classifiers_], axis=0)
        else:
            coef = clf.coef_
        return np.asarray(coef), list(clf.classes_)

    def explain(
        self, text: str, cue: str | None = None, n: int = 10, *, actor: str | bool | None = None
    ) -> pd.DataFrame:
        """Show the features that pushed a statement toward its predicted label.

        The weight of a feature is its value times its coefficient for the predicted label,
        minus its mean coefficient over labels (for two labels: the signed coefficient), so
        positive weights argue for the prediction and negative ones against it.

        Parameters
        ----------
        text : str
            The statement.
        cue : str, optional
            Its attribution verb.
        n : int, default=10
            How many features to return (largest weight first).
        actor : str or bool, optional
            As in :meth:`__call__`: an actor code or ``True``, ``""``/``False`` for none,
            ``None`` for not known.

        Returns
        -------
        pandas.DataFrame
            Columns ``feature`` (``word:not_seek``, ``char:'thr'``, ``lexicon:threat``,
            ``cue:warn``, ``actor:actor_absent``), ``value`` (feature value) and ``weight``.
            ``df.attrs`` holds ``label`` and ``probability``.

        Examples
        --------
        >>> model = load_model()  # doctest: +SKIP
        >>> model.explain("We will respond with overwhelming force", cue="vowed")  # doctest: +SKIP
        """
        check_is_fitted(self, "pipeline_")
        frame = _one_statement(text, cue, actor)
        proba = self.predict_proba(frame)[0]
        label = str(self.classes_[int(np.argmax(proba))])
        x = self.pipeline_[:-1].transform(frame).tocsr()
        coef, clf_classes = self._coef()
        k = clf_classes.index(label)
        if coef.shape[0] == 1:
            toward = coef[0] if k == 1 else -coef[0]
        else:
            toward = coef[k] - coef.mean(axis=0)
        names = self.pipeline_.named_steps["features"].get_feature_names_out()
        contrib = x.data * toward[x.indices]
        order = np.argsort(-contrib, kind="stable")[:n]
        result = pd.DataFrame(
            {
                "feature": [_pretty_feature(names[x.indices[i]]) for i in order],
                "value": x.data[order].astype(float),
                "weight": contrib[order].astype(float),
            }
        )
        result.attrs["label"] = label
        result.attrs["probability"] = float(proba.max())
        return result

    # -- persistence ---------------------------------------------------------------------
    def save(
        self,
        path: str | Path,
        *,
        metrics: Mapping[str, Any] | None = None,
        training_file: str | Path | None = None,
    ) -> Path:
        """Save the model atomically as joblib plus a JSON sidecar.

        The joblib file is written to a temporary file in the same folder, fsynced and moved
        into place with :func:`os.replace`, so a crash never leaves a half-written model.
        The sidecar ``<path without .joblib>.json`` records the file's SHA-256, labels,
        stance/scikit-learn/Python versions, training-data SHA-256 and row count, parameters,
        ``metrics`` and the date.

        Parameters
        ----------
        path : str or Path
            Target file, conventionally ``*.joblib``. Parent folders are created.
        metrics : mapping, optional
            Evaluation figures to record (e.g. ``EvaluationResult.to_dict()``); must be
            JSON-serialisable.
        training_file : str or Path, optional
            The file the model was trained from; its name and SHA-256 are recorded next to
            the fingerprint of the training rows (``training_data.sha256``: SHA-256 of the
            text, cue and label of every row, which :meth:`fit` records itself).

        Returns
        -------
        Path
            The model file written.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If the model is not fitted.

        Notes
        -----
        Joblib files run code when loaded: share them only with people who trust you, and
        load only files you trust.
        """
        check_is_fitted(self, "pipeline_")
        path = Path(path)
        training = dict(self.training_info_)
        if training_file is not None:
            training["file"] = Path(training_file).name
            training["file_sha256"] = _sha256_file(Path(training_file))
        _atomic_write(path, lambda tmp: joblib.dump(self, tmp, compress=("zlib", 3)))
        meta = {
            "format": SIDECAR_FORMAT,
            "file": path.name,
            "sha256": _sha256_file(path),
            "labels": [str(c) for c in self.classes_],
            "versions": _versions(),
            "trained_with": self.versions_,
            "training_data": training,
            "params": _jsonable(self.get_params()),
            "metrics": _jsonable(dict(metrics)) if metrics is not None else None,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        text = json.dumps(meta, indent=2, sort_keys=False) + "\n"
        _atomic_write(sidecar_path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))
        logger.info("saved model to %s (sha256 %s)", path, meta["sha256"][:12])
        return path

    @classmethod
    def load(cls, path: str | Path | None = None) -> StanceClassifier:
        """Load a saved model; same as :func:`load_model`.

        Parameters
        ----------
        path : str or Path, optional
            Model file; ``None`` finds the shipped default.

        Returns
        -------
        StanceClassifier
            The loaded model.
        """
        return load_model(path)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.required = True
        return tags


def _one_statement(text: str, cue: str | None, actor: str | bool | None) -> pd.DataFrame:
    """One-row frame; the actor column only when the actor is known (see ``__call__``)."""
    frame = pd.DataFrame({"text": [text], "cue": [cue]})
    if actor is not None:
        frame[ACTOR_COLUMN] = pd.Series([actor], dtype=object)
    return frame


def _pretty_feature(name: str) -> str:
    block, _, feat = name.partition("__")
    if block == "char":
        return f"char:{feat!r}"
    return f"{block}:{feat}"


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.integer, np.floating)):
        return obj.item()
    if isinstance(obj, Path):
        return str(obj)
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return repr(obj)


def _default_model_candidates() -> list[tuple[str, Path]]:
    candidates = []
    env = os.environ.get(MODEL_ENV_VAR)
    if env:
        candidates.append((f"${MODEL_ENV_VAR}", Path(env)))
    package_dir = Path(__file__).resolve().parent
    candidates.append(("repository", package_dir.parent / "models" / DEFAULT_MODEL_NAME))
    candidates.append(
        ("installed data", Path(sys.prefix) / "share" / "stance" / "models" / DEFAULT_MODEL_NAME)
    )
    return candidates


def _find_default_model() -> Path:
    candidates = _default_model_candidates()
    if candidates[0][0].startswith("$"):
        label, path = candidates[0]
        if not path.is_file():
            raise FileNotFoundError(
                f"{label} is set to {str(path)!r}, which is not a file; fix or unset "
                f"{MODEL_ENV_VAR}"
            )
        return path
    for _, path in candidates:
        if path.is_file():
            return path
    searched = "\n  ".join(f"{label}: {path}" for label, path in candidates)
    raise FileNotFoundError(
        f"no default stance model found; searched:\n  {searched}\n"
        f"Set {MODEL_ENV_VAR}=/path/to/model.joblib, pass a path to load_model(), or rebuild "
        f"the default from a source checkout with: {REBUILD_COMMAND}"
    )


def load_model(path: str | Path | None = None) -> StanceClassifier:
    """Load a saved :class:`StanceClassifier` (the shipped default when ``path`` is None).

    **Security: a joblib file runs code when it is loaded. Only load model files you made or
    trust.** The SHA-256 check below catches damaged or altered files, not a deliberate
    attacker who also rewrites the sidecar.

    Without ``path`` the default model is searched in this order: the file named by the
    environment variable ``STANCE_MODEL``; ``models/stance-default.joblib`` next to the
    package in a source checkout; ``<sys.prefix>/share/stance/models/stance-default.joblib``
    (where ``pip install`` puts it).

    Checks, in order: the JSON sidecar (``x.joblib`` -> ``x.json``) exists (if it does not, a
    ``UserWarning`` says the file cannot be verified, and loading goes on); the file's
    SHA-256 matches the sidecar; the file unpickles; the object is a fitted
    :class:`StanceClassifier`; the stance and scikit-learn versions match those it was saved
    with (if not, a ``UserWarning`` gives the retrain command).

    Parameters
    ----------
    path : str or Path, optional
        A ``.joblib`` file written by :meth:`StanceClassifier.save`.

    Returns
    -------
    StanceClassifier
        The fitted model.

    Raises
    ------
    FileNotFoundError
        If the file (or, for ``path=None``, any default) does not exist.
    ModelFileError
        (a ``ValueError``) if the hash does not match the sidecar, or the file is truncated,
        damaged, not a joblib file, or holds something other than a StanceClassifier.

    Warns
    -----
    UserWarning
        Missing sidecar; version mismatch.

    Examples
    --------
    >>> model = load_model()  # doctest: +SKIP
    >>> model("We will respond with overwhelming force.", cue="vowed")  # doctest: +SKIP
    'escalatory'
    """
    path = _find_default_model() if path is None else Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"model file {str(path)!r} does not exist")
    retrain = f"stance train <your training.csv> -o {path}"
    if path.name == DEFAULT_MODEL_NAME:
        retrain = REBUILD_COMMAND
    meta_path = sidecar_path(path)
    meta: dict[str, Any] | None = None
    if meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelFileError(
                f"the sidecar {meta_path} of {path} is not valid JSON ({exc}); it is damaged. "
                f"Rebuild the model with: {retrain}"
            ) from exc
        expected = meta.get("sha256") if isinstance(meta, dict) else None
        actual = _sha256_file(path)
        if expected != actual:
            raise ModelFileError(
                f"model file {path} does not match its sidecar {meta_path.name} "
                f"(sha256 {actual[:16]}..., expected {str(expected)[:16]}...): the file is "
                f"damaged or has been altered. Do not load it; rebuild it with: {retrain}"
            )
    else:
        warnings.warn(
            f"model file {path} has no sidecar {meta_path.name}, so its integrity cannot be "
            "checked; load it only if you trust where it came from (joblib runs code on load)",
            UserWarning,
            stacklevel=2,
        )
    try:
        with warnings.catch_warnings():
            # scikit-learn's own InconsistentVersionWarning is replaced by ours below.
            warnings.filterwarnings("ignore", category=InconsistentVersionWarning)
            obj = joblib.load(path)
    except Exception as exc:  # unpickling garbage can raise nearly anything; re-raised below
        raise ModelFileError(
            f"could not read {path} as a stance model: it is truncated, damaged or not a "
            f"joblib file ({type(exc).__name__}: {exc}). Rebuild it with: {retrain}"
        ) from exc
    if not isinstance(obj, StanceClassifier):
        raise ModelFileError(
            f"{path} holds a {type(obj).__module__}.{type(obj).__name__}, not a "
            f"StanceClassifier; save models with StanceClassifier.save() or stance.train()"
        )
    check_is_fitted(obj, "pipeline_")
    saved = (meta or {}).get("versions") or getattr(obj, "versions_", {})
    now = _versions()
    changed = [k for k in ("stance", "scikit-learn") if saved.get(k) != now[k]]
    if changed:
        was = ", ".join(f"{k} {saved.get(k)}" for k in changed)
        is_ = ", ".join(f"{k} {now[k]}" for k in changed)
        warnings.warn(
            f"model file {path} was saved with {was}; you are running {is_}. Predictions may "
            f"differ; retrain with: {retrain}",
            UserWarning,
            stacklevel=2,
        )
    logger.debug("loaded model %s", path)
    return obj
