"""Constants shared across the package: labels, statement kinds and package paths."""

from __future__ import annotations

#: The four stance labels, in the canonical order used for probability columns.
LABELS: tuple[str, ...] = ("escalatory", "de-escalatory", "self-defense", "neutral")

#: How a statement is given in the article.
KINDS: tuple[str, ...] = ("direct", "indirect", "mixed")


def proba_column(label: str) -> str:
    """Return the DataFrame column name holding the probability of ``label``.

    Parameters
    ----------
    label : str
        A stance label, e.g. ``"de-escalatory"``.

    Returns
    -------
    str
        ``"p_"`` followed by the label with hyphens as underscores (``"p_de_escalatory"``).
    """
    return "p_" + label.replace("-", "_")
