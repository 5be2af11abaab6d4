import sys

import numpy as np
import pandas as pd
import pytest

import stance.training as training
from stance.constants import LABELS, proba_column
from stance.model import StanceClassifier
from stance.training import (
    EvaluationResult,
    evaluate,
    plot_confusion,
    plot_metrics,
    train,
    uncertain,
)

# Statements written for these tests (not from any article): 6 per label.
ROWS = [
    ("we will answer this provocation with fire", "escalatory", "vowed"),
    ("their bases are within range of our rockets", "escalatory", "said"),
    ("anyone who helps them will share their fate", "escalatory", "warned"),
    ("we reject any talks while they occupy our land", "escalatory", "said"),
    ("the response will be swift and painful", "escalatory", "said"),
    ("new sanctions will follow unless they back off", "escalatory", "threatened"),
    ("all parties should step back from the brink", "de-escalatory", "urged"),
    ("we are ready to talk without preconditions", "de-escalatory", "said"),
    ("a truce is within reach if both sides are patient", "de-escalatory", "said"),
    ("we call for calm and an end to the shelling", "de-escalatory", "called for"),
    ("our country has no interest in a wider war", "de-escalatory", "said"),
    ("the two leaders agreed to keep talking next week", "de-escalatory", "said"),
    ("the strike answered their attack on our border post", "self-defense", "said"),
    ("we acted under our inherent right of self-defence", "self-defense", "wrote"),
    ("protecting our citizens left us no other option", "self-defense", "said"),
    ("our air defences only fired at incoming drones", "self-defense", "said"),
    ("this was a measured reply to repeated aggression", "self-defense", "insisted"),
    ("any state would defend its people in our place", "self-defense", "argued"),
    ("the summit has been moved to Thursday", "neutral", "said"),
    ("fuel prices rose by four percent in May", "neutral", "said"),
    ("the ambassador presented her credentials", "neutral", "said"),
    ("the ministry did not comment on the report", "neutral", "said"),
    ("the new bridge will open in the autumn", "neutral", "announced"),
    ("the investigation is still under way", "neutral", "confirmed"),
]


@pytest.fixture()
def df():
    return pd.DataFrame(ROWS, columns=["text", "label", "cue"])


@pytest.fixture(scope="module")
def model():
    frame = pd.DataFrame(ROWS, columns=["text", "label", "cue"])
    return train(frame, min_df=1)


def test_train_returns_fitted_classifier(model):
    assert isinstance(model, StanceClassifier)
    assert list(model.classes_) == list(LABELS)
    assert model.training_info_["n_rows"] == len(ROWS)


def test_train_default_is_deterministic(df):
    a = train(df, min_df=1).predict_proba(df)
    b = train(df.copy(), min_df=1).predict_proba(df)
    np.testing.assert_allclose(a, b)


def test_train_custom_columns_and_no_cue(df):
    renamed = df.rename(columns={"text": "quote", "label": "code"}).drop(columns="cue")
    model = train(renamed, text_col="quote", label_col="code", min_df=1)
    assert set(model.predict(["we urge calm"])) <= set(LABELS)


def test_train_labels_are_normalised(df):
    df["label"] = df["label"].str.upper() + " "
    assert list(train(df, min_df=1).classes_) == list(LABELS)


def test_missing_text_column_names_columns_and_argument(df):
    with pytest.raises(ValueError, match=r"no column 'body'.*\['text', 'label', 'cue'\].*text_col"):
        train(df, text_col="body")
    with pytest.raises(ValueError, match="label_col"):
        train(df.drop(columns="label"))
    with pytest.raises(ValueError, match="cue_col"):
        train(df, cue_col="verb")


def test_unknown_labels_list_allowed(df):
    df.loc[0, "label"] = "hostile"
    with pytest.raises(ValueError, match=r"unknown labels.*'hostile'.*'de-escalatory'"):
        train(df)


def test_missing_labels(df):
    df.loc[[1, 2], "label"] = None
    with pytest.raises(ValueError, match="2 rows have no label"):
        train(df)


def test_empty_texts(df):
    df.loc[3, "text"] = "  "
    with pytest.raises(ValueError, match="empty or missing 'text'"):
        train(df)


def test_single_class(df):
    with pytest.raises(ValueError, match="at least two different labels"):
        train(df[df["label"] == "neutral"])


def test_too_few_examples_says_how_many(df):
    small = pd.concat([df[df["label"] != "neutral"], df[df["label"] == "neutral"].head(2)])
    with pytest.raises(ValueError, match=r"'neutral': 2.*at least 5"):
        train(small)


def test_duplicates_warn(df):
    dup = pd.concat([df, df.head(2).assign(label="neutral")], ignore_index=True)
    with pytest.warns(UserWarning, match="2 duplicated texts.*2 with conflicting labels"):
        train(dup, min_df=1)


def test_unknown_param(df):
    with pytest.raises(ValueError, match=r"unknown parameters.*'Cee'"):
        train(df, Cee=1.0)


def test_not_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        train([("a", "neutral")])


def test_retrain_on_concatenation(df, model):
    extra = pd.DataFrame(
        {
            "text": ["we shall never negotiate with them", "talks are the only way forward"],
            "label": ["escalatory", "de-escalatory"],
            "cue": ["vowed", "said"],
        }
    )
    bigger = train(pd.concat([df, extra], ignore_index=True), min_df=1)
    assert bigger.training_info_["n_rows"] == len(df) + 2
    assert bigger.training_info_["sha256"] != model.training_info_["sha256"]


def test_evaluate_result(model, df):
    result = evaluate(model, df)
    assert isinstance(result, EvaluationResult)
    assert result.n == len(df)
    assert list(result.per_label.columns) == ["precision", "recall", "f1", "support"]
    assert list(result.per_label.index) == list(LABELS)
    assert result.per_label["support"].sum() == len(df)
    assert list(result.confusion.index) == list(result.confusion.columns) == list(LABELS)
    assert result.confusion.to_numpy().sum() == len(df)
    correct = (result.predictions == df["label"]).mean()
    assert result.accuracy == pytest.approx(correct)
    assert result.macro_f1 == pytest.approx(result.per_label["f1"].mean())
    assert np.trace(result.confusion.to_numpy()) == round(correct * len(df))
    d = result.to_dict()
    assert d["n"] == len(df) and set(d["per_label"]) == set(LABELS)
    assert "macro-F1" in str(result)


def test_evaluate_keeps_index_and_validates(model, df):
    df.index = df.index + 100
    result = evaluate(model, df)
    assert list(result.predictions.index) == list(df.index)
    with pytest.raises(ValueError, match="label_col"):
        evaluate(model, df.drop(columns="label"))


def test_evaluate_perfect_on_hand_labelled_predictions(model, df):
    # relabel the frame with the model's own predictions: scores must be perfect
    df["label"] = model.predict(df)
    result = evaluate(model, df)
    assert result.macro_f1 == pytest.approx(1.0)
    assert result.accuracy == pytest.approx(1.0)


def test_plots(model, df):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    result = evaluate(model, df)
    ax = result.plot()
    assert ax.get_xlabel() == "predicted"
    assert len(ax.texts) == len(result.confusion) ** 2
    ax = plot_confusion(result, normalize=True)
    assert ax.texts[0].get_text().startswith(("0.", "1."))
    ax = plot_metrics(result)
    assert len(ax.patches) == 3 * len(result.per_label)
    matplotlib.pyplot.close("all")


def test_plot_without_matplotlib(model, df, monkeypatch):
    result = evaluate(model, df)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "stance\[plot\]"'):
        plot_confusion(result)


def scored_frame():
    cols = [proba_column(label) for label in LABELS]
    proba = np.array(
        [
            [0.97, 0.01, 0.01, 0.01],  # sure
            [0.40, 0.38, 0.12, 0.10],  # close call
            [0.25, 0.25, 0.25, 0.25],  # no idea
            [0.60, 0.20, 0.10, 0.10],
        ]
    )
    frame = pd.DataFrame(proba, columns=cols, index=[10, 11, 12, 13])
    frame.insert(0, "text", ["a", "b", "c", "d"])
    return frame


def test_uncertain_from_scored_frame():
    scored = scored_frame()
    before = scored.copy()
    out = uncertain(scored, n=2)
    assert list(out.index) == [12, 11]
    assert out["margin"].tolist() == pytest.approx([0.0, 0.02])
    assert out["confidence"].tolist() == pytest.approx([0.25, 0.40])
    pd.testing.assert_frame_equal(scored, before)  # input untouched
    assert list(uncertain(scored, n=3, by="top").index) == [12, 11, 13]
    assert list(uncertain(scored, n=1, by="entropy").index) == [12]


def test_uncertain_with_model(model, df):
    out = uncertain(df, n=5, model=model)
    assert len(out) == 5
    assert out["margin"].is_monotonic_increasing
    assert proba_column("neutral") in out.columns
    full = uncertain(df, n=len(df), model=model)
    assert out["margin"].max() <= full["margin"].max()


def test_uncertain_errors(df):
    with pytest.raises(ValueError, match="pass model="):
        uncertain(df)
    with pytest.raises(ValueError, match="by="):
        uncertain(scored_frame(), by="random")


def test_minimum_is_documented_constant():
    assert training.MIN_EXAMPLES_PER_LABEL >= 2


def test_uncertain_model_first_form(model, df):
    a = uncertain(model, df)
    b = uncertain(df, model=model)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == min(20, len(df))
    with pytest.raises(TypeError, match="not both"):
        uncertain(model, df, model=model)


# Speakers for the rows above: the neutral ones are commentators (no actor), written for
# these tests.
def _with_actor(df, col="actor"):
    return df.assign(**{col: np.where(df["label"] == "neutral", None, "IRN")})


def test_train_uses_actor_column_when_present(df):
    with_actor = train(_with_actor(df), min_df=1)
    without = train(df, min_df=1)
    assert with_actor.training_info_["sha256"] != without.training_info_["sha256"]
    # a custom column name is read as the actor
    renamed = train(_with_actor(df, "represents"), actor_col="represents", min_df=1)
    assert renamed.training_info_["sha256"] == with_actor.training_info_["sha256"]
    np.testing.assert_allclose(
        renamed.predict_proba(_with_actor(df)), with_actor.predict_proba(_with_actor(df))
    )
    # actor_col=None ignores it on purpose
    ignored = train(_with_actor(df), actor_col=None, min_df=1)
    assert ignored.training_info_["sha256"] == without.training_info_["sha256"]


def test_missing_actor_column_named_explicitly(df):
    with pytest.raises(ValueError, match="actor_col"):
        train(df, actor_col="represents")


def test_evaluate_and_uncertain_pass_the_actor(df):
    model = train(_with_actor(df), min_df=1)
    labelled = _with_actor(df)
    scored = uncertain(labelled, n=len(df), model=model)
    plain = uncertain(labelled.drop(columns="actor"), n=len(df), model=model)
    col = proba_column("neutral")
    # commentators' statements get more neutral probability when the actor is known
    is_neutral = labelled["label"] == "neutral"
    gain = scored[col].sort_index() - plain[col].sort_index()
    assert (gain[is_neutral] > 0).all()
    result = evaluate(
        model, labelled.rename(columns={"actor": "represents"}), actor_col="represents"
    )
    assert np.array_equal(result.predictions.to_numpy(), model.predict(labelled))
