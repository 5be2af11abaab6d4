"""stance: find attributed statements in news and label their stance.

Labels are ``escalatory``, ``de-escalatory``, ``self-defense`` and ``neutral``
(see :data:`stance.LABELS`). The two halves of the library are

- extraction: :func:`extract_quotes` turns an article into :class:`Quote` records
  (who said what, on behalf of which state or body), and
- classification: :class:`StanceClassifier` labels statements; :func:`load_model` loads
  the shipped default, :func:`train` / :func:`evaluate` retrain and measure it.

:func:`score_articles` joins both for DataFrames of articles, and importing ``stance``
registers the ``df.stance`` pandas accessor.
"""

from stance.actors import actor_for, actor_mentions
from stance.batch import extract_articles, score_articles, score_quotes, summarize
from stance.constants import KINDS, LABELS, proba_column
from stance.datasets import load_training_data
from stance.model import ModelFileError, StanceClassifier, load_model
from stance.plotting import plot_escalation, plot_label_counts
from stance.quotes import Quote, extract_quotes
from stance.training import (
    EvaluationResult,
    evaluate,
    plot_confusion,
    plot_metrics,
    train,
    uncertain,
)

__version__ = "0.1.0"

__all__ = [
    "KINDS",
    "LABELS",
    "EvaluationResult",
    "ModelFileError",
    "Quote",
    "StanceClassifier",
    "__version__",
    "actor_for",
    "actor_mentions",
    "evaluate",
    "extract_articles",
    "extract_quotes",
    "load_model",
    "load_training_data",
    "plot_confusion",
    "plot_escalation",
    "plot_label_counts",
    "plot_metrics",
    "proba_column",
    "score_articles",
    "score_quotes",
    "summarize",
    "train",
    "uncertain",
]
