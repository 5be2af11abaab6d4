from importlib import resources

import pandas as pd
import pytest

import stance.datasets as datasets
from stance.constants import LABELS
from stance.datasets import TRAINING_COLUMNS, load_training_data

SAMPLE = (
    "text,label,cue,speaker,actor,conflict,register,form\n"
    '"We will not back down,",escalatory,vowed,A Minister,XYZ,demo-1,speech,direct\n'
    "talks resume on Monday,neutral,,An Envoy,,demo-1,briefing,indirect\n"
    "NA,neutral,said,NA,NA,demo-2,statement,direct\n"
)


def test_load_from_a_given_package_dir(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "training.csv").write_text(SAMPLE, encoding="utf-8")
    monkeypatch.setattr(datasets.resources, "files", lambda package: tmp_path)
    df = load_training_data()
    assert list(df.columns) == list(TRAINING_COLUMNS)
    assert df.loc[0, "text"] == "We will not back down,"
    # empty optional fields are missing values, never empty strings
    assert pd.isna(df.loc[1, "cue"]) and pd.isna(df.loc[1, "actor"])
    assert not (df.fillna("x") == "").any().any()
    # the literal string "NA" stays text
    assert df.loc[2, "text"] == "NA" and df.loc[2, "actor"] == "NA"
    assert all(pd.api.types.is_string_dtype(df[c]) for c in df.columns)


def test_missing_file_message(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets.resources, "files", lambda package: tmp_path)
    with pytest.raises(FileNotFoundError, match=r"training\.csv"):
        load_training_data()


shipped = resources.files("stance").joinpath("data", "training.csv")


@pytest.mark.skipif(not shipped.is_file(), reason="stance/data/training.csv not merged yet")
def test_shipped_corpus_is_clean():
    df = load_training_data()
    assert list(df.columns) == list(TRAINING_COLUMNS)
    assert len(df) >= 1000
    assert set(df["label"]) == set(LABELS)
    assert df["text"].notna().all() and (df["text"].str.strip() != "").all()
    assert df["conflict"].notna().all()
    assert df["label"].value_counts().min() >= 100
    assert df["text"].duplicated().sum() == 0
