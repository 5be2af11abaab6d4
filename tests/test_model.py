import json
import os
import pickle
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

import stance.model as model_module
from stance.constants import LABELS
from stance.datasets import load_training_data
from stance.model import (
    DEFAULT_MODEL_NAME,
    ModelFileError,
    StanceClassifier,
    load_model,
    make_pipeline,
    sidecar_path,
)
from stance.training import train

# Toy statements written for these tests (not from any article).
TOY = {
    "escalatory": [
        "they will pay a heavy price for this",
        "our missiles are ready to strike at any moment",
        "we will crush anyone who crosses the line",
        "this is an act of war and it will be answered",
        "the enemy will regret the day it attacked",
        "all options are on the table, including force",
        "we will hit them harder than ever before",
        "there will be no talks, only punishment",
    ],
    "de-escalatory": [
        "both sides should show restraint and return to talks",
        "we urge an immediate ceasefire",
        "diplomacy is the only way out of this crisis",
        "we do not seek war with anyone",
        "the parties must sit down and negotiate",
        "we welcome the pause in the fighting",
        "calm heads must prevail on all sides",
        "we offer to mediate between the two governments",
    ],
    "self-defense": [
        "we acted in self-defence under Article 51",
        "the strike was a response to their attack on our base",
        "we have every right to protect our citizens",
        "our forces only defended our territory",
        "this was a proportionate answer to aggression",
        "we will defend our sovereignty against any attack",
        "the operation protected our troops from an imminent threat",
        "every nation may defend itself when attacked",
    ],
    "neutral": [
        "the minister will travel to Geneva on Tuesday",
        "the budget was approved by parliament",
        "the meeting lasted three hours",
        "officials are still counting the damage",
        "the court will rule next month",
        "trade between the two countries grew last year",
        "the delegation arrived in the capital this morning",
        "the report will be published in the spring",
    ],
}
CUES = {"escalatory": "warned", "de-escalatory": "urged", "self-defense": "said", "neutral": "said"}


def toy_frame():
    rows = [
        {"text": t, "cue": CUES[label], "label": label}
        for label, texts in TOY.items()
        for t in texts
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def fitted():
    df = toy_frame()
    return StanceClassifier(min_df=1).fit(df[["text", "cue"]], df["label"])


def test_init_stores_params_only():
    model = StanceClassifier(C=0.5, classifier="svm")
    assert model.get_params()["C"] == 0.5
    assert model.get_params()["classifier"] == "svm"
    assert not hasattr(model, "pipeline_")
    assert not [k for k in vars(model) if k.endswith("_")]


def test_fit_returns_self_and_classes_in_label_order(fitted):
    assert list(fitted.classes_) == list(LABELS)
    df = toy_frame()
    model = StanceClassifier(min_df=1)
    assert model.fit(df["text"].tolist(), df["label"]) is model


def test_predict_before_fit_raises():
    with pytest.raises(NotFittedError):
        StanceClassifier().predict(["anything"])


def test_fits_and_predicts_training_data(fitted):
    df = toy_frame()
    pred = fitted.predict(df[["text", "cue"]])
    assert (pred == df["label"].to_numpy()).mean() >= 0.9


def test_predict_proba_shape_and_sum(fitted):
    proba = fitted.predict_proba(["we will strike back", "talks resume on Monday"])
    assert proba.shape == (2, 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # predict is the argmax of predict_proba, in classes_ order
    pred = fitted.predict(["we will strike back", "talks resume on Monday"])
    assert list(pred) == list(fitted.classes_[proba.argmax(axis=1)])


def test_accepts_list_series_array_and_frame(fitted):
    texts = ["we urge restraint", "the meeting lasted an hour"]
    a = fitted.predict(texts)
    b = fitted.predict(pd.Series(texts))
    c = fitted.predict(np.asarray(texts))
    d = fitted.predict(pd.DataFrame({"text": texts}))
    assert list(a) == list(b) == list(c) == list(d)
    assert fitted.predict([]).shape == (0,)


def test_cue_changes_probabilities(fitted):
    text = "the army is moving to the border"
    warned = fitted.predict_proba(pd.DataFrame({"text": [text], "cue": ["warned"]}))
    urged = fitted.predict_proba(pd.DataFrame({"text": [text], "cue": ["urged"]}))
    esc = list(fitted.classes_).index("escalatory")
    assert warned[0, esc] > urged[0, esc]


def test_single_string_is_rejected_with_hint(fitted):
    with pytest.raises(TypeError, match=r"model\(text\)"):
        fitted.predict("one statement")


def test_frame_without_text_column(fitted):
    with pytest.raises(ValueError, match="'text' column"):
        fitted.predict(pd.DataFrame({"body": ["x"]}))


def test_call_returns_one_label(fitted):
    label = fitted("we will crush them", cue="vowed")
    assert isinstance(label, str)
    assert label in LABELS
    assert (
        label == fitted.predict(pd.DataFrame({"text": ["we will crush them"], "cue": ["vowed"]}))[0]
    )


def test_negation_marking_separates_denial(fitted):
    # "not seek war" is in the de-escalatory examples; the negated words are their own features.
    table = fitted.explain("we do not seek war", n=50)
    assert any("not_war" in f for f in table["feature"])


def test_explain_returns_weighted_features(fitted):
    table = fitted.explain("they will pay a heavy price", cue="warned", n=5)
    assert list(table.columns) == ["feature", "value", "weight"]
    assert 0 < len(table) <= 5
    assert table["weight"].is_monotonic_decreasing
    assert table.attrs["label"] == fitted("they will pay a heavy price", cue="warned")
    assert table["weight"].iloc[0] > 0


def test_fit_errors():
    with pytest.raises(ValueError, match="at least two"):
        StanceClassifier().fit(["a", "b"], ["neutral", "neutral"])
    with pytest.raises(ValueError, match="missing"):
        StanceClassifier().fit(["a", "b"], ["neutral", None])
    with pytest.raises(ValueError, match="2 statements but 1 labels"):
        StanceClassifier().fit(["a", "b"], ["neutral"])


def test_clone_and_deterministic_refit():
    df = toy_frame()
    model = StanceClassifier(min_df=1, C=3.0)
    twin = clone(model)
    assert twin.get_params() == model.get_params()
    p1 = model.fit(df[["text", "cue"]], df["label"]).predict_proba(df[["text", "cue"]])
    p2 = twin.fit(df[["text", "cue"]], df["label"]).predict_proba(df[["text", "cue"]])
    np.testing.assert_allclose(p1, p2)


def test_cross_val_score_and_grid_search():
    df = toy_frame()
    X, y = df[["text", "cue"]], df["label"]
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    scores = cross_val_score(StanceClassifier(min_df=1), X, y, cv=cv)
    assert scores.shape == (2,)
    assert np.all((scores >= 0) & (scores <= 1))
    grid = GridSearchCV(
        StanceClassifier(min_df=1),
        {"C": [0.5, 4.0], "cue_weight": [0.0, 1.0]},
        cv=cv,
        scoring="f1_macro",
    )
    grid.fit(X, y)
    assert grid.best_params_["C"] in (0.5, 4.0)
    assert grid.best_estimator_.predict(["we urge calm"]).shape == (1,)


def test_svm_classifier_has_probabilities():
    df = toy_frame()
    model = StanceClassifier(min_df=1, classifier="svm").fit(df[["text", "cue"]], df["label"])
    proba = model.predict_proba(["we will defend our homeland"])
    np.testing.assert_allclose(proba.sum(), 1.0)
    assert len(model.explain("we will defend our homeland")) > 0


def test_make_pipeline_is_plain_pipeline():
    pipe = make_pipeline(C=1.0, char_ngram_range=None, min_df=1)
    df = toy_frame()
    pipe.fit(df[["text", "cue"]], df["label"])
    assert set(pipe.predict(df[["text", "cue"]])) <= set(LABELS)
    assert "features__char" not in pipe.get_params()
    with pytest.raises(ValueError, match="classifier"):
        make_pipeline(classifier="forest")


# -- the actor column ---------------------------------------------------------------------

# In the toy data, neutral statements come from commentators without an actor; the rest from
# governments (written for these tests).
ACTORS = {"escalatory": "IRN", "de-escalatory": "UN", "self-defense": "ISR", "neutral": None}


def toy_frame_with_actor():
    df = toy_frame()
    df["actor"] = df["label"].map(ACTORS).astype(object)
    df.loc[df["actor"].isna(), "actor"] = None
    return df


@pytest.fixture(scope="module")
def fitted_actor():
    df = toy_frame_with_actor()
    return StanceClassifier(min_df=1).fit(df[["text", "cue", "actor"]], df["label"])


def _actor_columns(model, X):
    features = model.pipeline_.named_steps["features"]
    names = list(features.get_feature_names_out())
    cols = [names.index("actor__actor_present"), names.index("actor__actor_absent")]
    return features.transform(X)[:, cols].toarray()


def test_actor_flags(fitted_actor):
    texts = ["the talks went on", "we will strike", "prices rose", "they met", "ok"]
    frame = pd.DataFrame({"text": texts, "cue": None, "actor": ["IRN", None, "", np.nan, "  "]})
    weight = fitted_actor.actor_weight
    expected = [[weight, 0]] + [[0, weight]] * 4
    np.testing.assert_array_equal(_actor_columns(fitted_actor, frame), expected)
    # no actor column at all: both flags 0, for plain strings and frames alike
    assert not _actor_columns(fitted_actor, texts).any()
    assert not _actor_columns(fitted_actor, frame[["text", "cue"]]).any()


def test_missing_actor_column_is_not_no_actor(fitted_actor):
    text = "the army is moving to the border"
    neutral = list(fitted_actor.classes_).index("neutral")
    no_actor = fitted_actor.predict_proba(pd.DataFrame({"text": [text], "actor": [None]}))
    state = fitted_actor.predict_proba(pd.DataFrame({"text": [text], "actor": ["IRN"]}))
    unknown = fitted_actor.predict_proba([text])
    assert no_actor[0, neutral] > unknown[0, neutral] > state[0, neutral]
    # the same statement through __call__/explain, with the actor given or not
    assert fitted_actor(text, actor="") == fitted_actor.classes_[no_actor.argmax()]
    assert fitted_actor(text) == fitted_actor.classes_[unknown.argmax()]
    table = fitted_actor.explain(text, actor=False, n=100)
    assert "actor:actor_absent" in set(table["feature"])
    assert not any(f.startswith("actor:") for f in fitted_actor.explain(text, n=100)["feature"])


def test_actor_weight_zero_drops_block():
    df = toy_frame_with_actor()
    model = StanceClassifier(min_df=1, actor_weight=0, actor_lexicon_weight=0).fit(
        df[["text", "cue", "actor"]], df["label"]
    )
    names = model.pipeline_.named_steps["features"].get_feature_names_out()
    assert not [n for n in names if n.startswith(("actor__", "no_actor__"))]
    np.testing.assert_allclose(
        model.predict_proba(df[["text", "cue", "actor"]]), model.predict_proba(df[["text", "cue"]])
    )


def test_unknown_actor_copy():
    df = toy_frame_with_actor()
    X, y = df[["text", "cue", "actor"]], df["label"]
    with_copy = StanceClassifier(min_df=1).fit(X, y)
    without = StanceClassifier(min_df=1, unknown_actor_share=0).fit(X, y)
    # the copy changes the fit; without an actor column there is nothing to copy
    assert not np.allclose(with_copy.predict_proba(X), without.predict_proba(X))
    np.testing.assert_allclose(
        StanceClassifier(min_df=1).fit(X[["text", "cue"]], y).predict_proba(X),
        StanceClassifier(min_df=1, unknown_actor_share=0)
        .fit(X[["text", "cue"]], y)
        .predict_proba(X),
    )
    with pytest.raises(ValueError, match="unknown_actor_share"):
        StanceClassifier(min_df=1, unknown_actor_share=1.0).fit(X, y)


def test_grid_search_tunes_actor_weight():
    df = toy_frame_with_actor()
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    grid = GridSearchCV(
        StanceClassifier(min_df=1), {"actor_weight": [0.0, 2.0]}, cv=cv, scoring="f1_macro"
    )
    grid.fit(df[["text", "cue", "actor"]], df["label"])
    assert grid.best_params_["actor_weight"] in (0.0, 2.0)


def test_fingerprint_covers_actor_flags(fitted_actor):
    df = toy_frame_with_actor()
    moved = df.assign(actor=df["actor"].where(df["label"] != "neutral", "RUS"))
    other = StanceClassifier(min_df=1).fit(moved[["text", "cue", "actor"]], moved["label"])
    assert other.training_info_["sha256"] != fitted_actor.training_info_["sha256"]
    # NaN and "" are the same "no actor" flag
    blank = df.assign(actor=df["actor"].fillna(""))
    again = StanceClassifier(min_df=1).fit(blank[["text", "cue", "actor"]], blank["label"])
    assert again.training_info_["sha256"] == fitted_actor.training_info_["sha256"]


def test_pickle_round_trip(fitted):
    clone_ = pickle.loads(pickle.dumps(fitted))
    texts = ["we urge restraint", "they will pay"]
    np.testing.assert_allclose(clone_.predict_proba(texts), fitted.predict_proba(texts))


# -- persistence --------------------------------------------------------------------------


def test_save_load_round_trip(fitted, tmp_path):
    path = tmp_path / "sub" / "toy.joblib"
    out = fitted.save(path, metrics={"macro_f1": 0.5})
    assert out == path and path.is_file()
    meta = json.loads(sidecar_path(path).read_text())
    assert meta["labels"] == list(LABELS)
    assert meta["training_data"]["n_rows"] == 32
    assert len(meta["sha256"]) == 64
    assert meta["metrics"] == {"macro_f1": 0.5}
    assert "file_sha256" not in meta["training_data"]
    data_file = tmp_path / "data.csv"
    data_file.write_text("text,label\n")
    fitted.save(tmp_path / "with_file.joblib", training_file=data_file)
    meta2 = json.loads((tmp_path / "with_file.json").read_text())
    assert meta2["training_data"]["file"] == "data.csv"
    assert len(meta2["training_data"]["file_sha256"]) == 64
    assert meta["params"]["C"] == fitted.C
    assert {"stance", "scikit-learn", "python"} <= set(meta["versions"])
    # no temporary files left behind
    assert sorted(p.name for p in path.parent.iterdir()) == ["toy.joblib", "toy.json"]
    loaded = load_model(path)
    texts = ["we urge restraint", "they will pay"]
    np.testing.assert_allclose(loaded.predict_proba(texts), fitted.predict_proba(texts))
    assert StanceClassifier.load(path).get_params() == fitted.get_params()


def test_sidecar_path_naming(tmp_path):
    assert sidecar_path(tmp_path / "m.joblib") == tmp_path / "m.json"
    assert sidecar_path(tmp_path / "m.pkl") == tmp_path / "m.pkl.json"


def test_save_unfitted_raises(tmp_path):
    with pytest.raises(NotFittedError):
        StanceClassifier().save(tmp_path / "x.joblib")


def test_load_hash_mismatch(fitted, tmp_path):
    path = fitted.save(tmp_path / "m.joblib")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="damaged or has been altered") as info:
        load_model(path)
    assert "m.joblib" in str(info.value)
    assert "stance train" in str(info.value)


@pytest.mark.parametrize("kind", ["truncated", "random", "empty"])
def test_load_damaged_file_without_sidecar(fitted, tmp_path, kind):
    path = fitted.save(tmp_path / "m.joblib")
    sidecar_path(path).unlink()
    data = path.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif kind == "random":
        path.write_bytes(np.random.default_rng(0).bytes(5000))
    else:
        path.write_bytes(b"")
    with pytest.warns(UserWarning, match="no sidecar"):
        with pytest.raises(ModelFileError, match="truncated, damaged or not a joblib"):
            load_model(path)


def test_load_foreign_object(tmp_path):
    path = tmp_path / "other.joblib"
    joblib.dump({"not": "a model"}, path)
    with pytest.warns(UserWarning, match="no sidecar"):
        with pytest.raises(ModelFileError, match="not a StanceClassifier"):
            load_model(path)


def test_load_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_model(tmp_path / "nope.joblib")


def test_load_bad_sidecar_json(fitted, tmp_path):
    path = fitted.save(tmp_path / "m.joblib")
    sidecar_path(path).write_text("{not json")
    with pytest.raises(ModelFileError, match="not valid JSON"):
        load_model(path)


def test_version_mismatch_warns(fitted, tmp_path):
    path = fitted.save(tmp_path / "m.joblib")
    meta = json.loads(sidecar_path(path).read_text())
    meta["versions"]["scikit-learn"] = "0.0.1"
    sidecar_path(path).write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match=r"scikit-learn 0\.0\.1.*retrain with: stance train"):
        model = load_model(path)
    assert isinstance(model, StanceClassifier)


def test_no_warning_when_versions_match(fitted, tmp_path):
    path = fitted.save(tmp_path / "m.joblib")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_model(path)


def test_default_model_search_order(fitted, tmp_path, monkeypatch):
    path = fitted.save(tmp_path / "env.joblib")
    monkeypatch.setenv("STANCE_MODEL", str(path))
    assert load_model().get_params() == fitted.get_params()
    monkeypatch.setenv("STANCE_MODEL", str(tmp_path / "missing.joblib"))
    with pytest.raises(FileNotFoundError, match="STANCE_MODEL"):
        load_model()


def test_no_default_model_message(monkeypatch, tmp_path):
    monkeypatch.delenv("STANCE_MODEL", raising=False)
    monkeypatch.setattr(
        model_module,
        "_default_model_candidates",
        lambda: [("repository", tmp_path / "a.joblib"), ("installed data", tmp_path / "b.joblib")],
    )
    with pytest.raises(FileNotFoundError, match=r"stance train stance/data/training\.csv"):
        load_model()


def test_atomic_save_keeps_old_file_on_failure(fitted, tmp_path, monkeypatch):
    path = fitted.save(tmp_path / "m.joblib")
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(model_module.joblib, "dump", boom)
    with pytest.raises(OSError, match="disk full"):
        fitted.save(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["m.joblib", "m.json"]


# -- the shipped default model -------------------------------------------------------------

REPO_MODEL = Path(model_module.__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME
TRAINING_CSV = Path(model_module.__file__).resolve().parent / "data" / "training.csv"
needs_default = pytest.mark.skipif(
    not (REPO_MODEL.is_file() and TRAINING_CSV.is_file()),
    reason="no models/stance-default.joblib or stance/data/training.csv in this checkout",
)


@needs_default
def test_default_model_loads_without_path(monkeypatch):
    monkeypatch.delenv("STANCE_MODEL", raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no sidecar or version warning for the shipped file
        model = load_model()
    assert list(model.classes_) == list(LABELS)
    meta = json.loads(sidecar_path(REPO_MODEL).read_text())
    assert meta["training_data"]["n_rows"] == model.training_info_["n_rows"]


def _pandas_objects(obj, seen=None, depth=0):
    """Yield every pandas Index/Series/DataFrame reachable from a fitted model's attributes."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 8:
        return
    seen.add(id(obj))
    if isinstance(obj, (pd.Index, pd.Series, pd.DataFrame)):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from _pandas_objects(value, seen, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            yield from _pandas_objects(value, seen, depth + 1)
    elif hasattr(obj, "__dict__") and not isinstance(obj, np.ndarray):
        for value in vars(obj).values():
            yield from _pandas_objects(value, seen, depth + 1)


def test_fitted_model_pickles_no_arrow_backed_strings():
    # pandas 3 infers a pyarrow-backed string dtype when pyarrow is installed; a model pickled
    # with one cannot be loaded where pyarrow is not (a plain `pip install stance`)
    model = StanceClassifier().fit(
        [
            "We will strike back hard.",
            "We urge calm and talks.",
            "We acted in self-defence.",
            "The meeting is on Tuesday.",
            "They will pay dearly.",
            "Let us talk now.",
            "Article 51 allows our response.",
            "Exports fell in March.",
        ],
        ["escalatory", "de-escalatory", "self-defense", "neutral"] * 2,
    )
    found = list(_pandas_objects(model))
    assert found, "expected the fitted vectorizer to hold a pandas Index"
    for obj in found:
        dtypes = obj.dtypes.tolist() if isinstance(obj, pd.DataFrame) else [obj.dtype]
        arrow = [d for d in dtypes if "pyarrow" in str(type(d)).lower() or str(d) == "str"]
        assert not arrow, dtypes


@needs_default
def test_default_model_is_rebuilt_by_train_on_the_corpus():
    shipped = load_model(REPO_MODEL)
    corpus = load_training_data()
    assert shipped.training_info_["sha256"] == _rows_sha(corpus), (
        "stance/data/training.csv changed since the default model was built; rebuild it with "
        "`stance train stance/data/training.csv -o models/stance-default.joblib`"
    )
    # As `stance train stance/data/training.csv` reads it (plain read_csv: NaN, not None).
    table = pd.read_csv(TRAINING_CSV)
    assert _rows_sha(table) == shipped.training_info_["sha256"]
    rebuilt = train(table)
    assert rebuilt.get_params() == shipped.get_params()
    assert rebuilt.training_info_["sha256"] == shipped.training_info_["sha256"]
    np.testing.assert_array_equal(rebuilt.predict(corpus), shipped.predict(corpus))
    # the shipped model reads the actor column: hiding it moves the probabilities
    assert shipped.actor_weight > 0
    rows = corpus.head(200)
    without = shipped.predict_proba(rows[["text", "cue"]])
    assert np.abs(without - shipped.predict_proba(rows)).max() > 0.01


def _rows_sha(corpus):
    # the same fingerprint fit() records: text, cue, actor flag and label of every row
    frame = pd.DataFrame({"text": corpus["text"], "cue": corpus["cue"], "actor": corpus["actor"]})
    return model_module._frame_sha256(frame, corpus["label"].to_numpy())


def test_saved_files_are_not_private(fitted, tmp_path):
    path = fitted.save(tmp_path / "m.joblib")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sidecar_path(path).stat().st_mode & 0o777 == 0o666 & ~umask


# scikit-learn's generic checks skip estimators that take text; run the ones that need no data.
SKLEARN_CHECKS = [
    "check_no_attributes_set_in_init",
    "check_get_params_invariance",
    "check_set_params",
    "check_parameters_default_constructible",
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_mixin_order",
    "check_do_not_raise_errors_in_init_or_set_params",
]


@pytest.mark.parametrize("check", SKLEARN_CHECKS)
def test_sklearn_estimator_checks(check):
    from sklearn.utils import estimator_checks

    func = getattr(estimator_checks, check, None)
    if func is None:
        pytest.skip(f"{check} not in this scikit-learn version")
    func("StanceClassifier", StanceClassifier())
