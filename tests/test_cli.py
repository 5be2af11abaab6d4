"""Tests for the ``stance`` command line (stance.cli)."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

import stance
import stance.cli
from stance import evaluate, extract_quotes, load_model, score_articles
from stance._examples import EXAMPLE_NAMES, example_article, example_articles
from stance.cli import main


@pytest.fixture(scope="session")
def model_file(small_model, tmp_path_factory):
    return small_model.save(tmp_path_factory.mktemp("cli_model") / "small.joblib")


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


def _interrupt_at_call(monkeypatch, n: int) -> list[int]:
    """Make the CLI's n-th score_articles call raise KeyboardInterrupt; return the call log."""
    calls: list[int] = []
    real = stance.cli.score_articles

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(stance.cli, "score_articles", interrupted)
    return calls


def test_interrupted_run_leaves_no_output(capsys, table, tmp_path, model_file, monkeypatch):
    _interrupt_at_call(monkeypatch, 2)
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


# --------------------------------------------------------------------------- printing to stdout


class _Recorder:
    """Stand-in for sys.stdout that remembers what had been written at each scoring call."""

    def __init__(self, fail_after: int | None = None):
        self.parts: list[str] = []
        self.fail_after = fail_after

    def write(self, text: str) -> int:
        if self.fail_after is not None and len(self.parts) >= self.fail_after:
            raise BrokenPipeError(32, "Broken pipe")
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return "".join(self.parts)


def _count_calls(monkeypatch, seen):
    real = stance.cli.score_articles

    def counted(*args, **kwargs):
        seen.append(sys.stdout.getvalue().count("\n"))  # lines printed before this chunk
        return real(*args, **kwargs)

    monkeypatch.setattr(stance.cli, "score_articles", counted)


def test_printed_table_is_the_same_in_one_chunk_or_many(capsys, table, model_file, model):
    code, whole, _ = _run(capsys, "score", table, "--model", model_file)
    assert code == 0
    code, chunked, err = _run(capsys, "score", table, "--model", model_file, "--chunk-size", "2")
    assert code == 0
    assert chunked == whole  # byte for byte: header once, columns aligned over all rows
    expected = score_articles(pd.read_csv(table, dtype=str), model=model)
    lines = chunked.splitlines()
    assert lines[0].split() == ["article_id", "speaker", "actor", "label", "confidence", "quote"]
    assert len(lines) == 1 + len(expected)
    assert [int(line.split()[0]) for line in lines[1:]] == expected["article_id"].tolist()
    # every row is aligned on the same columns as the header
    label_at = lines[0].index("label")
    assert [line[label_at:].split()[0] for line in lines[1:]] == expected["label"].tolist()
    assert f"{len(expected)} statements" in err


def test_large_output_is_printed_chunk_by_chunk(capsys, table, model_file, monkeypatch):
    code, held, _ = _run(capsys, "score", table, "--model", model_file, "--chunk-size", "3")
    assert code == 0
    monkeypatch.setattr(stance.cli, "PRINT_HOLD_ROWS", 5)
    out = _Recorder()
    monkeypatch.setattr(sys, "stdout", out)
    seen: list[int] = []
    _count_calls(monkeypatch, seen)
    code = main(["score", str(table), "--model", str(model_file), "--chunk-size", "3"])
    assert code == 0
    streamed = out.getvalue()
    # rows were printed before the later chunks were scored, not all at the end
    assert len(seen) == 4
    assert seen[0] == 0 and 0 < seen[1] < seen[2] < seen[3]
    # the same rows and cells as the table held to the end (only the padding may differ)
    lines = streamed.splitlines()
    assert [line.split() for line in lines] == [line.split() for line in held.splitlines()]
    assert sum(line.startswith("article_id") for line in lines) == 1


def test_ctrl_c_after_rows_were_printed(capsys, table, model_file, monkeypatch):
    monkeypatch.setattr(stance.cli, "PRINT_HOLD_ROWS", 5)
    calls = _interrupt_at_call(monkeypatch, 3)
    code, out, err = _run(capsys, "score", table, "--model", model_file, "--chunk-size", "3")
    assert code == 130
    assert out.startswith("article_id") and len(out.splitlines()) > 5
    assert err.strip() == "stance: interrupted; the table printed so far is incomplete"
    # nothing printed yet (the rows are still held): the usual message
    calls.clear()
    monkeypatch.setattr(stance.cli, "PRINT_HOLD_ROWS", 10_000)
    code, out, err = _run(capsys, "score", table, "--model", model_file, "--chunk-size", "3")
    assert code == 130 and out == ""
    assert err.strip() == "stance: interrupted; no output written"


def test_closed_stdout_stops_scoring_quietly(table, model_file, monkeypatch):
    monkeypatch.setattr(stance.cli, "PRINT_HOLD_ROWS", 5)
    monkeypatch.setattr(sys, "stdout", _Recorder(fail_after=0))  # the reader left at once
    seen: list[int] = []
    _count_calls(monkeypatch, seen)
    code = main(["score", str(table), "--model", str(model_file), "--chunk-size", "3"])
    assert code == stance.cli.EXIT_BROKEN_PIPE == 141
    assert len(seen) == 1  # the first chunk's rows could not be written: no more scoring


def _buffered_env() -> dict[str, str]:
    # stdout block-buffered into a pipe, as for most users (some CI set PYTHONUNBUFFERED)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PYTHONUNBUFFERED", None)
    return env


def _python_m_stance(*argv, **kwargs):
    env = _buffered_env()
    command = [sys.executable, "-m", "stance", *map(str, argv)]
    return subprocess.Popen(command, stderr=subprocess.PIPE, env=env, **kwargs)


def test_pipe_closed_before_anything_is_read(table, model_file):
    # like `stance score articles.csv | true`: the reader is gone before the table comes
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = _python_m_stance("score", table, "--model", model_file, stdout=write_end)
    finally:
        os.close(write_end)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 141
    assert err.decode() == ""  # no traceback, no "Exception ignored" at exit


def test_head_of_a_long_table(tmp_path, model_file):
    # like `stance score big.csv | head -n 3`, with more output than a pipe buffers (64 KiB)
    big = tmp_path / "big.csv"
    example_articles(300, seed=1).to_csv(big, index=False)
    args = ("score", big, "--model", model_file, "--chunk-size", "50")
    process = _python_m_stance(*args, stdout=subprocess.PIPE)
    head = [process.stdout.readline() for _ in range(3)]
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert head[0].split() == b"article_id speaker actor label confidence quote".split()
    assert all(line.endswith(b"\n") for line in head)
    assert process.returncode == 141
    assert err.decode() == ""  # quiet: no traceback, and no totals for work never done


def test_detached_stdout_takes_the_flush_at_exit():
    # what main does after a BrokenPipeError: output still buffered must not make Python's
    # flush at exit print "Exception ignored ... BrokenPipeError" (and exit 120)
    code = "import sys, stance.cli; sys.stdout.write('rows still buffered')"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        runs = [
            subprocess.run(
                [sys.executable, "-c", code + tail],
                stdout=write_end,
                stderr=subprocess.PIPE,
                env=_buffered_env(),
                timeout=120,
            )
            for tail in ("", "; stance.cli._detach_stdout()")
        ]
    finally:
        os.close(write_end)
    without, with_detach = runs
    assert without.returncode == 120 and b"BrokenPipeError" in without.stderr  # the problem
    assert with_detach.returncode == 0 and with_detach.stderr == b""  # the fix
