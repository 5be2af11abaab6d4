"""The training corpus shipped with the package."""

from __future__ import annotations

import logging
from importlib import resources

import pandas as pd

logger = logging.getLogger(__name__)

__all__ = ["TRAINING_COLUMNS", "TRAINING_FILE", "load_training_data"]

#: File name of the shipped corpus in ``stance/data``.
TRAINING_FILE = "training.csv"
#: Columns of the shipped corpus, in file order.
TRAINING_COLUMNS = ("text", "label", "cue", "speaker", "actor", "conflict", "register", "form")
# Columns where an empty field means "none" (continuation quotes have no cue, analysts no
# actor); everywhere else an empty field is an empty string.
_OPTIONAL = ("cue", "speaker", "actor")


def load_training_data() -> pd.DataFrame:
    """Return the team-written training corpus shipped in ``stance/data/training.csv``.

    Every statement was written for this project (no news text). Columns: ``text``,
    ``label`` (one of :data:`stance.constants.LABELS`), ``cue`` (attribution verb), ``speaker``,
    ``actor``, ``conflict`` (a slug per confrontation; use it as the group in cross-validation),
    ``register`` and ``form`` (``direct``/``indirect``/``mixed``). All columns are strings; an
    empty ``cue``, ``speaker`` or ``actor`` is missing (NaN), never ``""``. Literal strings such
    as ``"NA"`` stay text.

    Returns
    -------
    pandas.DataFrame
        One row per statement, default RangeIndex.

    Raises
    ------
    FileNotFoundError
        If the package was installed without its data file.

    Examples
    --------
    >>> df = load_training_data()  # doctest: +SKIP
    >>> df[["text", "cue", "label"]].head()  # doctest: +SKIP

    Retrain on the corpus plus your own rows. The corpus's ``actor`` column feeds the model's
    actor features (an empty actor reads as "speaks for no state or body"), so give your rows
    an ``actor`` too: after the concat, rows without one have NaN there, which reads as "no
    actor". Without any actor information, drop the column to train without those features
    (``.drop(columns="actor")``).

    >>> import stance  # doctest: +SKIP
    >>> model = stance.train(pd.concat([load_training_data(), my_rows]))  # doctest: +SKIP
    """
    resource = resources.files("stance").joinpath("data", TRAINING_FILE)
    if not resource.is_file():
        raise FileNotFoundError(
            f"stance/data/{TRAINING_FILE} is missing from the installed package; reinstall "
            "stance (pip install --force-reinstall stance) or run from a source checkout"
        )
    with resource.open("r", encoding="utf-8", newline="") as fh:
        df = pd.read_csv(
            fh,
            dtype=str,
            keep_default_na=False,
            na_values={col: [""] for col in _OPTIONAL},
        )
    logger.debug("loaded %d training statements", len(df))
    return df
