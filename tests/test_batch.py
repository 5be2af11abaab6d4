"""Tests for stance.batch: score_articles, extract_articles, score_quotes, summarize, accessors."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stance.batch as batch
import stance.model
import stance.quotes
from stance import (
    LABELS,
    StanceClassifier,
    extract_articles,
    extract_quotes,
    proba_column,
    score_articles,
    score_quotes,
    summarize,
)
from stance._examples import EXAMPLE_NAMES, example_article, example_articles
from stance.batch import STATEMENT_COLUMNS

SHORT = [
    '"We will not back down," the defence minister said. '
    '"Our forces are ready," he added.\n\n'
    "The UN envoy urged both sides to return to talks.",
    "Nothing was said by anyone today.",
    '"Talks will resume on Monday," a foreign ministry spokeswoman told reporters.',
    'Our army is ready, the general said. "We will defend the border," she said.',
]


def _status(text: str) -> str:
    return "ok" if extract_quotes(text) else "empty"


@pytest.fixture(scope="session")
def model(small_model) -> StanceClassifier:
    return small_model


@pytest.fixture(scope="session")
def articles() -> pd.DataFrame:
    generated = example_articles(30, seed=3)
    written = pd.DataFrame(
        {
            "article_id": list(EXAMPLE_NAMES),
            "date": pd.Timestamp("2026-03-01"),
            "outlet": "team",
            "text": [example_article(n) for n in EXAMPLE_NAMES],
        }
    )
    frame = pd.concat([written, generated[written.columns]], ignore_index=True)
    frame.index = pd.Index([f"row{i}" for i in range(len(frame))])
    return frame


def _proba(frame: pd.DataFrame, model) -> np.ndarray:
    return frame[[proba_column(c) for c in model.classes_]].to_numpy()


# --------------------------------------------------------------------------- shape and order


def test_rows_follow_input_then_document_order(articles, model):
    scored = score_articles(articles, model=model)
    expected_text, expected_ids = [], []
    for index, text in articles["text"].items():
        found = extract_quotes(text)
        expected_text += [q.text for q in found]
        expected_ids += [index] * len(found)
    assert len(expected_text) > 50
    assert scored["text"].tolist() == expected_text
    assert scored["article_id"].tolist() == expected_ids
    for _, group in scored.groupby("article_id", sort=False):
        assert group["quote_index"].tolist() == list(range(len(group)))
        assert group["start"].is_monotonic_increasing


def test_columns_and_probabilities(articles, model):
    scored = score_articles(articles.head(5), model=model)
    probas = [proba_column(c) for c in model.classes_]
    assert list(scored.columns) == [*STATEMENT_COLUMNS, "label", "confidence", *probas]
    p = _proba(scored, model)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(scored["confidence"], p.max(axis=1))
    assert scored["label"].tolist() == list(model.classes_[p.argmax(axis=1)])
    # the same as classifying the extracted statements directly, with their cues and actors
    direct = model.predict_proba(scored[["text", "cue", "actor"]])
    np.testing.assert_allclose(p, direct)
    for row in scored.itertuples():
        text = articles.loc[row.article_id, "text"]
        assert text[row.start : row.end] == row.text


def test_offsets_and_fields_come_from_extract_quotes(model):
    scored = score_articles([SHORT[0]], model=model)
    quotes = extract_quotes(SHORT[0])
    assert len(scored) == len(quotes) > 0
    for row, q in zip(scored.itertuples(), quotes, strict=True):
        got = (row.speaker, row.cue, row.kind, row.start, row.end, row.paragraph)
        want = (q.speaker, q.cue, q.kind, q.start, q.end, q.paragraph)
        # a missing speaker/cue is None in a Quote and a missing value (NaN) in the frame
        assert [None if pd.isna(v) else v for v in got] == list(want)


def test_every_input_container_gives_the_same_statements(articles, model):
    texts = articles["text"].head(6)
    reference = score_articles(texts.tolist(), model=model)
    as_frame = score_articles(texts.reset_index(drop=True).to_frame(), model=model)
    as_series = score_articles(texts.reset_index(drop=True), model=model)
    as_dicts = score_articles(({"text": t} for t in texts), model=model)
    for other in (as_frame, as_series, as_dicts):
        pd.testing.assert_frame_equal(other, reference)
    one = score_articles(texts.iloc[0], model=model)
    pd.testing.assert_frame_equal(one, reference[reference["article_id"] == 0])


def test_article_id_from_index_or_id_col(articles, model):
    by_index = score_articles(articles.head(4), model=model)
    assert set(by_index["article_id"]) <= set(articles.index[:4])
    by_col = score_articles(articles.head(4), id_col="article_id", model=model)
    assert (
        by_col["article_id"].tolist() == articles.loc[by_index["article_id"], "article_id"].tolist()
    )
    records = articles.head(4).to_dict("records")
    from_dicts = score_articles(records, id_col="article_id", model=model)
    pd.testing.assert_frame_equal(from_dicts, by_col)


def test_keep_columns_are_carried_and_input_untouched(articles, model):
    original = articles.copy(deep=True)
    scored = score_articles(articles, keep=["date", "outlet"], model=model)
    pd.testing.assert_frame_equal(articles, original)
    assert list(scored.columns[-2:]) == ["date", "outlet"]
    expected = articles.loc[scored["article_id"], ["date", "outlet"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(scored[["date", "outlet"]], expected)


def test_n_jobs_gives_exactly_the_same_result(articles, model):
    one = score_articles(articles, model=model, keep=["date"], batch_size=4)
    two_jobs = score_articles(articles, model=model, keep=["date"], batch_size=4, n_jobs=2)
    pd.testing.assert_frame_equal(two_jobs, one, check_exact=True)


def test_batch_size_changes_nothing_but_the_last_digit(articles, model):
    small = score_articles(articles, model=model, batch_size=3)
    large = score_articles(articles, model=model)
    probas = [proba_column(c) for c in model.classes_]
    pd.testing.assert_frame_equal(
        small.drop(columns=probas), large.drop(columns=probas), atol=1e-12
    )
    assert (small["label"] == large["label"]).all()
    np.testing.assert_allclose(small[probas], large[probas], rtol=0, atol=1e-12)


def test_empty_input_has_the_same_columns_and_dtypes(articles, model):
    empty = score_articles([], model=model)
    full = score_articles(articles.head(3).reset_index(drop=True), model=model)
    assert empty.empty
    pd.testing.assert_series_equal(empty.dtypes, full.dtypes)
    statements, summary = score_articles(pd.DataFrame({"text": []}), model=model, with_summary=True)
    assert statements.empty and summary.empty
    assert list(summary.columns) == ["article_id", "n_statements", "status", "error"]


# --------------------------------------------------------------------------- bad input


def test_bad_articles_are_reported_not_dropped(model, caplog):
    values = [SHORT[0], None, np.nan, b"bytes here", 42, "", "   ", SHORT[1], SHORT[2]]
    frame = pd.DataFrame({"text": values}, index=[f"a{i}" for i in range(len(values))])
    with caplog.at_level(logging.WARNING, logger="stance"):
        statements, summary = score_articles(frame, model=model, with_summary=True)
    assert summary["article_id"].tolist() == frame.index.tolist()
    assert summary["status"].tolist() == [
        _status(SHORT[0]), "empty", "empty", "error", "error", "empty", "empty",
        _status(SHORT[1]), _status(SHORT[2]),
    ]  # fmt: skip
    assert "decode" in summary.loc[3, "error"]
    assert "int" in summary.loc[4, "error"]
    assert summary.loc[summary["status"] != "error", "error"].isna().all()
    counts = statements.groupby("article_id").size()
    assert summary.set_index("article_id")["n_statements"].to_dict() == {
        i: int(counts.get(i, 0)) for i in frame.index
    }
    # without the summary, the unreadable articles are at least logged
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="stance"):
        score_articles(frame, model=model)
    assert any("with_summary=True" in r.getMessage() for r in caplog.records)


_ANY_VALUE = st.one_of(
    st.none(),
    st.text(max_size=120),
    st.text(alphabet='"\u201c\u201d said.,\n we will talk', max_size=80),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=8),
)


def _expected_status(value) -> set[str]:
    if isinstance(value, str):
        return {"ok", "empty"} if value.strip() else {"empty"}
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return {"empty"}
    return {"error"}  # numbers, bytes


@settings(max_examples=40, deadline=None)
@given(values=st.lists(_ANY_VALUE, max_size=6))
def test_any_values_give_one_summary_row_each(model, values):
    statements, summary = score_articles(values, model=model, with_summary=True)
    assert summary["article_id"].tolist() == list(range(len(values)))
    assert summary["n_statements"].sum() == len(statements)
    for value, status in zip(values, summary["status"], strict=True):
        assert status in _expected_status(value)


def test_a_failing_article_does_not_stop_the_batch(model, monkeypatch):
    real = stance.quotes.extract_quotes

    def flaky(text):
        if "EXPLODE" in text:
            raise RuntimeError("boom")
        return real(text)

    monkeypatch.setattr(stance.quotes, "extract_quotes", flaky)
    statements, summary = score_articles(
        [SHORT[0], "EXPLODE here", SHORT[3]], model=model, with_summary=True
    )
    assert summary["status"].tolist() == ["ok", "error", "ok"]
    assert summary.loc[1, "error"] == "RuntimeError: boom"
    assert set(statements["article_id"]) == {0, 2}
    pd.testing.assert_frame_equal(
        statements[statements["article_id"] == 2].reset_index(drop=True),
        score_articles([SHORT[3]], model=model).assign(article_id=2),
    )


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"text_col": "body"}, "text_col="), ({"id_col": "ident"}, "id_col="),
     ({"keep": ["when"]}, "keep=")],
)  # fmt: skip
def test_wrong_columns_name_what_is_present(articles, model, kwargs, argument):
    with pytest.raises(ValueError, match=argument) as info:
        score_articles(articles, model=model, **kwargs)
    assert "'outlet'" in str(info.value)  # lists the columns present


def test_wrong_keys_in_dicts_and_containers(model):
    with pytest.raises(ValueError, match="'body'"):
        score_articles([{"body": "x"}], model=model)
    with pytest.raises(TypeError, match="DataFrame"):
        score_articles(42, model=model)
    with pytest.raises(ValueError, match="keep="):
        score_articles(["a text"], keep=["date"], model=model)
    with pytest.raises(ValueError, match="overwrite"):
        score_articles(pd.DataFrame({"text": ["x"], "label": ["y"]}), keep=["label"], model=model)


# --------------------------------------------------------------------------- model, progress


def test_default_model_is_loaded_once(model, monkeypatch):
    calls = []

    def fake_load(path=None):
        calls.append(path)
        return model

    monkeypatch.setattr(stance.model, "load_model", fake_load)
    batch._default_model.cache_clear()
    try:
        first = score_articles(SHORT, with_summary=False)
        second = score_articles(SHORT)
        score_quotes(["we want talks"])
    finally:
        batch._default_model.cache_clear()
    assert calls == [None]
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, score_articles(SHORT, model=model))


def test_progress_bar_only_when_asked_or_long(model, capsys):
    score_articles(SHORT, model=model)  # short and not a terminal: no bar
    quiet = capsys.readouterr()
    assert quiet.out == "" and quiet.err == ""
    score_articles(SHORT, model=model, progress=True)
    shown = capsys.readouterr()
    assert shown.out == ""
    assert f"{len(SHORT)}/{len(SHORT)}" in shown.err
    assert batch._want_progress(None, 5) is False
    assert batch._want_progress(False, 10_000) is False


def test_extract_articles_matches_score_without_labels(articles, model):
    found, summary = extract_articles(articles, keep=["outlet"], with_summary=True)
    scored = score_articles(articles, keep=["outlet"], model=model)
    assert list(found.columns) == [*STATEMENT_COLUMNS, "outlet"]
    pd.testing.assert_frame_equal(found, scored[list(found.columns)])
    assert len(summary) == len(articles)


# --------------------------------------------------------------------------- score_quotes


def test_score_quotes_list_series_and_frame(model, labelled):
    texts = labelled["text"].head(8)
    cues = labelled["cue"].head(8)
    from_list = score_quotes(texts.tolist(), cues=cues.tolist(), model=model)
    assert list(from_list.columns) == ["label", "confidence"] + [
        proba_column(c) for c in model.classes_
    ]
    np.testing.assert_allclose(_proba(from_list, model), model.predict_proba(labelled.head(8)))
    series = texts.copy()
    series.index = [f"s{i}" for i in range(8)]
    from_series = score_quotes(series, model=model)
    assert from_series.index.tolist() == series.index.tolist()
    np.testing.assert_allclose(_proba(from_series, model), model.predict_proba(texts.tolist()))
    from_frame = score_quotes(labelled.head(8), model=model)
    pd.testing.assert_frame_equal(from_frame, from_list)


def test_score_quotes_passes_actors_to_the_model(model, labelled):
    frame = labelled.head(6).assign(actor=["USA", None, "IRN", "", "UN", None])
    from_frame = score_quotes(frame, model=model)
    from_lists = score_quotes(
        frame["text"].tolist(),
        cues=frame["cue"].tolist(),
        actors=frame["actor"].tolist(),
        model=model,
    )
    pd.testing.assert_frame_equal(from_frame, from_lists)
    np.testing.assert_allclose(
        _proba(from_frame, model), model.predict_proba(frame[["text", "cue", "actor"]])
    )
    with pytest.raises(ValueError, match="actors"):
        score_quotes(["a", "b"], actors=["USA"], model=model)


def test_score_quotes_missing_text_gives_nan(model, caplog):
    with caplog.at_level(logging.WARNING, logger="stance"):
        out = score_quotes(["We want a ceasefire now", None, "  ", "They will pay"], model=model)
    assert out.loc[[1, 2]].isna().all().all()
    assert out.loc[[0, 3], "label"].notna().all()
    assert any("no text" in r.getMessage() for r in caplog.records)
    with pytest.raises(ValueError, match="cues"):
        score_quotes(["a", "b"], cues=["said"], model=model)
    with pytest.raises(ValueError, match="text_col="):
        score_quotes(pd.DataFrame({"quote": ["a"]}), model=model)


def test_labels_follow_label_order_for_custom_models(labelled):
    # a model trained on only two labels still yields tidy columns, in LABELS order
    two = labelled[labelled["label"].isin(["neutral", "escalatory"])]
    small = StanceClassifier(min_df=1).fit(two["text"], two["label"])
    out = score_quotes(["They will regret this"], model=small)
    assert list(out.columns) == ["label", "confidence", "p_escalatory", "p_neutral"]


# --------------------------------------------------------------------------- summarize


def test_summarize_counts_shares_and_index(articles, model):
    scored = score_articles(articles, keep=["date"], model=model)
    summary = summarize(scored)
    assert summary["n_statements"].sum() == len(scored)
    n_cols = ["n_" + label.replace("-", "_") for label in LABELS]
    share_cols = ["share_" + label.replace("-", "_") for label in LABELS]
    assert (summary[n_cols].sum(axis=1) == summary["n_statements"]).all()
    np.testing.assert_allclose(summary[share_cols].sum(axis=1), 1.0)
    usa = scored[scored["actor"] == "USA"]
    row = summary[summary["actor"] == "USA"].iloc[0]
    assert row["n_statements"] == len(usa)
    assert row["n_escalatory"] == (usa["label"] == "escalatory").sum()
    expected = (usa["p_escalatory"] - usa["p_de_escalatory"]).mean()
    assert row["escalation_index"] == pytest.approx(expected)
    assert summary["actor"].isna().sum() == (1 if scored["actor"].isna().any() else 0)


def test_summarize_by_period(articles, model):
    scored = score_articles(articles, keep=["date"], model=model)
    monthly = summarize(scored, freq="M")
    assert {"actor", "period"} <= set(monthly.columns)
    assert (monthly["period"].dt.day == 1).all()
    assert monthly["n_statements"].sum() == len(scored)
    by_month = scored["date"].dt.to_period("M").dt.start_time
    assert set(monthly["period"]) == set(by_month)
    with pytest.raises(ValueError, match="period alias"):
        summarize(scored, freq="fortnightly")
    with pytest.raises(ValueError, match="date"):
        summarize(scored.drop(columns="date"), freq="M")


# --------------------------------------------------------------------------- accessors


def test_accessors_wrap_the_functions(articles, model):
    frame = articles.head(5)
    pd.testing.assert_frame_equal(
        frame.stance.score(model=model, keep=["date"]),
        score_articles(frame, model=model, keep=["date"]),
    )
    pd.testing.assert_frame_equal(
        frame["text"].stance.score(model=model), score_articles(frame["text"], model=model)
    )
    scored = frame.stance.score(model=model)
    pd.testing.assert_frame_equal(scored.stance.summarize(), summarize(scored))
    statements = scored[["text", "cue"]]
    labelled = statements.stance.score_quotes(model=model)
    assert list(labelled.columns[:2]) == ["text", "cue"]
    pd.testing.assert_frame_equal(
        labelled.drop(columns=["text", "cue"]), score_quotes(statements, model=model)
    )
    found = frame.stance.extract()
    assert list(found.columns) == list(STATEMENT_COLUMNS)


# --------------------------------------------------------------------------- examples


def test_example_articles_are_deterministic_and_dated():
    first = example_articles(40, seed=1)
    pd.testing.assert_frame_equal(first, example_articles(40, seed=1))
    assert not first.equals(example_articles(40, seed=2))
    assert first["date"].is_monotonic_increasing
    assert first["article_id"].is_unique
    assert first["text"].str.len().min() > 200
    with pytest.raises(ValueError, match="strait_standoff"):
        example_article("nope")
