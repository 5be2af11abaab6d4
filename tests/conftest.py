"""Fixtures shared by the test modules: the shipped example labels and a small model."""

from importlib import resources

import pandas as pd
import pytest

from stance.model import StanceClassifier


@pytest.fixture(scope="session")
def labelled() -> pd.DataFrame:
    """The example labelled statements shipped in ``stance/data/examples/new_labels.csv``."""
    path = resources.files("stance").joinpath("data", "examples", "new_labels.csv")
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


@pytest.fixture(scope="session")
def small_model(labelled) -> StanceClassifier:
    """A classifier fitted on ``labelled`` (text and cue): fast to train, fine for plumbing."""
    return StanceClassifier(min_df=1).fit(labelled[["text", "cue"]], labelled["label"])
