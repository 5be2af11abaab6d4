"""Tests for the ``stance`` command line (stance.cli)."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources

import pandas as pd
import pytest

import stance
import stance.cli
from stance import StanceClassifier, evaluate, extract_quotes, load_model, score_articles
from stance._examples import EXAMPLE_NAMES, example_article, example_articles
from stance.cli import main


@pytest.fixture(scope="session")
def labelled() -> pd.DataFrame:
    path = resources.files("stance").joinpath("data", "examples", "new_labels.csv")
    with path.open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


@pytest.fixture(scope="session")
def model_file(labelled, tmp_path_factory):
    model = StanceClassifier(min_df=1).fit(labelled[["text", "cue"]], labelled["label"])
    return model.save(tmp_path_factory.mktemp("cli_model") / "small.joblib")


@pytest.fixture(scope="session")
def model(model_file):
    return load_model(model_file)


@pytest.fixture
def table(tmp_path):
    frame = example_articles(12, seed=4)
    frame.loc[5, "text"] = None
    path = tmp_path / "articles.csv"
    frame.to_csv(path, index=False)
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- score / extract


def test_score_one_article_prints_a_table(capsys, tmp_path, model_file):
    article = tmp_path / "strait.txt"
    article.write_text(example_article("strait_standoff"), encoding="utf-8")
    code, out, err = _run(capsys, "score", article, "--model", model_file)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["speaker", "actor", "label", "confidence", "quote"]
    assert len(lines) - 1 == len(extract_quotes(article.read_text(encoding="utf-8")))
    assert any(label in out for label in ("escalatory", "neutral"))
    assert "statements" in err and "Traceback" not in err


def test_extract_prints_quotes_only(capsys, tmp_path):
    article = tmp_path / "loc.txt"
    article.write_text(example_article("line_of_control"), encoding="utf-8")
    code, out, _ = _run(capsys, "extract", article)
    assert code == 0
    assert out.splitlines()[0].split() == ["speaker", "actor", "cue", "kind", "quote"]
    assert "confidence" not in out


def test_score_folder_to_csv(capsys, tmp_path, model_file, model):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in EXAMPLE_NAMES:
        (folder / f"{name}.txt").write_text(example_article(name), encoding="utf-8")
    out_path = tmp_path / "scored.csv"
    code, out, err = _run(capsys, "score", folder, "-o", out_path, "--model", model_file)
    assert code == 0 and out == ""
    written = pd.read_csv(out_path)
    files = sorted(f"{n}.txt" for n in EXAMPLE_NAMES)
    expected = score_articles(
        pd.Series([example_article(f[:-4]) for f in files], index=files), model=model
    )
    assert written["article_id"].tolist() == expected["article_id"].tolist()
    assert written["label"].tolist() == expected["label"].tolist()
    assert f"{len(expected)} statements" in err


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_score_table_matches_the_library(capsys, table, tmp_path, model_file, model, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out_path = tmp_path / f"scored{suffix}"
    summary_path = tmp_path / "summary.csv"
    code, _, err = _run(
        capsys, "score", table, "-o", out_path, "--model", model_file, "--id-col", "article_id",
        "--keep", "date,outlet", "--chunk-size", "5", "--summary", summary_path,
    )  # fmt: skip
    assert code == 0, err
    written = stance._io.read_table(out_path)
    source = pd.read_csv(table, dtype=str)
    expected = score_articles(source, id_col="article_id", keep=["date", "outlet"], model=model)
    assert list(written.columns) == list(expected.columns)
    for column in ("article_id", "text", "label", "date", "outlet"):
        assert written[column].astype(str).tolist() == expected[column].astype(str).tolist()
    pd.testing.assert_series_equal(written["confidence"], expected["confidence"], rtol=1e-9)
    summary = pd.read_csv(summary_path)
    assert len(summary) == len(source)
    assert summary.loc[5, "status"] == "empty"
    assert f"{(summary['status'] == 'empty').sum()} without statements" in err


def test_chunk_size_does_not_change_the_output(capsys, table, tmp_path, model_file):
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    assert _run(capsys, "score", table, "-o", one, "--model", model_file)[0] == 0
    args = ("score", table, "-o", many, "--model", model_file, "--chunk-size", "2")
    assert _run(capsys, *args)[0] == 0
    first, second = pd.read_csv(one), pd.read_csv(many)
    floats = first.select_dtypes("float").columns
    pd.testing.assert_frame_equal(first.drop(columns=floats), second.drop(columns=floats))
    # (probabilities may differ in the last digit with the batch a statement is scored in)
    pd.testing.assert_frame_equal(first[floats], second[floats], rtol=0, atol=1e-12)


def test_interrupted_run_leaves_no_output(capsys, table, tmp_path, model_file, monkeypatch):
    calls = []
    real = stance.cli.score_articles

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(stance.cli, "score_articles", interrupted)
    out_path = tmp_path / "scored.csv"
    code, _, err = _run(
        capsys, "score", table, "-o", out_path, "--model", model_file, "--chunk-size", "4"
    )
    assert code == 130
    assert "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.csv"]


# --------------------------------------------------------------------------- user errors


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score", "{tmp}/missing.txt"], "no such file"),
        (["score", "{table}", "--text-col", "body"], "--text-col"),
        (["score", "{table}", "--id-col", "ident"], "--id-col"),
        (["score", "{table}", "--keep", "when"], "--keep"),
        (["score", "{table}", "-o", "{tmp}/out.xlsx"], "unknown output format"),
        (["score", "{tmp}/book.xlsx"], "unknown input format"),
        (["score", "{table}", "--model", "{tmp}/nope.joblib"], "--model"),
        (["score", "{table}", "-o", "{tmp}/no/such/dir/out.csv"], "output folder"),
        (["score", "{table}", "-o", "{table}"], "is the input"),
        (["score", "{tmp}/a.txt", "--keep", "date"], "table input"),
        (["train", "{table}", "-o", "{tmp}/m.joblib"], "--label-col"),
        (["train", "{tmp}/missing.csv", "-o", "{tmp}/m.joblib"], "no such file"),
        (["evaluate", "{table}", "--label-col", "gold"], "--label-col"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(capsys, table, tmp_path, model_file, argv, message):
    (tmp_path / "book.xlsx").write_bytes(b"PK")
    (tmp_path / "a.txt").write_text("An article.", encoding="utf-8")
    before = table.read_bytes()
    argv = [a.format(tmp=tmp_path, table=table) for a in argv]
    if argv[0] == "score" and "--model" not in argv:
        argv += ["--model", str(model_file)]
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("stance: error: ")
    assert message in lines[0]
    assert table.read_bytes() == before  # the input is never touched


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"stance {stance.__version__}"


def test_console_script_runs_without_traceback(tmp_path):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, "-m", "stance.cli", "score", str(tmp_path / "missing.txt")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("stance: error:")


# --------------------------------------------------------------------------- train / evaluate


def test_train_then_evaluate(capsys, labelled, tmp_path, model_file):
    data = tmp_path / "labels.csv"
    labelled.rename(columns={"text": "quote", "label": "gold", "cue": "verb"}).to_csv(
        data, index=False
    )
    target = tmp_path / "mine.joblib"
    code, out, err = _run(
        capsys, "train", data, "-o", target, "--text-col", "quote", "--label-col", "gold",
        "--cue-col", "verb",
    )  # fmt: skip
    assert code == 0, err
    assert "macro-F1" in out and "confusion matrix" in out
    assert target.exists()
    trained = load_model(target)
    assert list(trained.classes_) == list(stance.LABELS)

    code, out, err = _run(
        capsys, "evaluate", data, "--model", target, "--text-col", "quote", "--label-col", "gold",
        "--cue-col", "verb",
    )  # fmt: skip
    assert code == 0, err
    result = evaluate(trained, labelled)
    assert f"macro-F1  {result.macro_f1:.3f}" in out
    for label in stance.LABELS:
        assert label in out
    assert f"{len(labelled)} statements" in out


def test_train_rejects_a_non_joblib_target(capsys, labelled, tmp_path):
    data = tmp_path / "labels.csv"
    labelled.to_csv(data, index=False)
    code, _, err = _run(capsys, "train", data, "-o", tmp_path / "model.pkl")
    assert code == 2 and ".joblib" in err
