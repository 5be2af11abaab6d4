"""Tests for stance._io: chunked reading of articles and all-or-nothing table writing."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from stance._examples import example_articles
from stance._io import AtomicTableWriter, check_columns, iter_articles, read_table, table_columns

FORMATS = [".csv", ".jsonl", ".parquet"]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    frame = example_articles(23, seed=2)[["article_id", "outlet", "text"]]
    frame.loc[4, "text"] = None
    return frame


def _write(frame: pd.DataFrame, path):
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        pytest.importorskip("pyarrow")
        frame.to_parquet(path, index=False)
    return path


@pytest.mark.parametrize("suffix", FORMATS)
def test_tables_are_read_in_chunks_with_row_numbers(articles, tmp_path, suffix):
    path = _write(articles, tmp_path / f"a{suffix}")
    chunks = list(iter_articles(path, id_col="article_id", keep=["outlet"], chunk_size=5))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    whole = pd.concat(chunks)
    assert whole.index.tolist() == list(range(len(articles)))
    assert list(whole.columns) == ["article_id", "text", "outlet"]
    assert whole["article_id"].tolist() == articles["article_id"].tolist()
    assert whole["text"].iloc[0] == articles["text"].iloc[0]
    assert pd.isna(whole["text"].iloc[4])


@pytest.mark.parametrize("suffix", FORMATS)
def test_missing_columns_name_the_option(articles, tmp_path, suffix):
    path = _write(articles, tmp_path / f"a{suffix}")
    assert table_columns(path) == list(articles.columns)
    with pytest.raises(ValueError, match="--text-col") as info:
        list(iter_articles(path, text_col="body"))
    assert "'outlet'" in str(info.value)
    with pytest.raises(ValueError, match="--id-col"):
        list(iter_articles(path, id_col="ident"))
    with pytest.raises(ValueError, match="--keep"):
        check_columns(path, {"--keep": ["when"]})


def test_text_files_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / "sub" / "c.txt").write_text("Third article.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    chunks = list(iter_articles(tmp_path, chunk_size=2))
    assert [len(c) for c in chunks] == [2, 1]
    whole = pd.concat(chunks, ignore_index=True)
    assert whole["file"].tolist() == ["a.txt", "b.txt", "sub/c.txt"]
    assert whole["text"].tolist() == ["First article.", "Second article.", "Third article."]
    single = list(iter_articles(tmp_path / "b.txt"))
    assert single[0]["file"].tolist() == ["b.txt"]


def test_bad_inputs(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        list(iter_articles(tmp_path / "missing.csv"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"no \.txt files"):
        list(iter_articles(tmp_path / "empty"))
    (tmp_path / "book.xlsx").write_bytes(b"PK")
    with pytest.raises(ValueError, match=r"unknown input format '\.xlsx'"):
        list(iter_articles(tmp_path / "book.xlsx"))
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        list(iter_articles(tmp_path / "latin.txt"))


@pytest.mark.parametrize("suffix", FORMATS)
def test_writer_round_trip(articles, tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    target = tmp_path / f"out{suffix}"
    frame = articles.assign(n=range(len(articles)))
    with AtomicTableWriter(target) as out:
        for start in range(0, len(frame), 10):
            out.write(frame.iloc[start : start + 10])
        out.write(frame.iloc[:0])  # an empty chunk changes nothing
    assert out.n_rows == len(frame)
    back = read_table(target)
    assert back["article_id"].tolist() == frame["article_id"].tolist()
    assert back["n"].tolist() == frame["n"].tolist()
    assert back["text"].iloc[0] == frame["text"].iloc[0]
    assert pd.isna(back["text"].iloc[4])
    assert os.listdir(tmp_path) == [target.name]
    # the file gets the permissions of any new file, not mkstemp's private 0600
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("suffix", FORMATS)
def test_an_interrupted_write_leaves_nothing_behind(articles, tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    target = tmp_path / f"out{suffix}"
    target.write_text("previous result", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), AtomicTableWriter(target) as out:
        out.write(articles.iloc[:10])
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous result"
    assert os.listdir(tmp_path) == [target.name]


def test_parquet_schema_is_kept_across_chunks(tmp_path):
    pytest.importorskip("pyarrow")
    target = tmp_path / "out.parquet"
    with AtomicTableWriter(target) as out:
        out.write(pd.DataFrame({"speaker": [None, None], "n": [1, 2]}, dtype=object))
        out.write(pd.DataFrame({"speaker": ["Ann", None], "n": [3, 4]}, dtype=object))
    assert read_table(target)["speaker"].tolist()[2] == "Ann"
    with pytest.raises(ValueError, match="changed type"), AtomicTableWriter(target) as out:
        out.write(pd.DataFrame({"n": [1, 2]}))
        out.write(pd.DataFrame({"n": ["x", "y"]}))
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_writer_rejects_bad_targets(tmp_path):
    with pytest.raises(ValueError, match=r"unknown output format '\.xlsx'"):
        AtomicTableWriter(tmp_path / "out.xlsx")
    with pytest.raises(FileNotFoundError, match="output folder"):
        AtomicTableWriter(tmp_path / "missing" / "out.csv")
    with pytest.raises(ValueError, match="columns"), AtomicTableWriter(tmp_path / "o.csv") as out:
        out.write(pd.DataFrame({"a": [1]}))
        out.write(pd.DataFrame({"b": [1]}))
    assert list(tmp_path.iterdir()) == []
