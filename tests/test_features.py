import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from stance.features import (
    StanceVectorizer,
    cue_lemma,
    has_actor,
    lexicon_counts,
    load_lexicon,
    normalize,
)


def test_normalize_negation_scope():
    assert normalize("We don't seek war.") == "we do not not_seek not_war"
    # scope ends at punctuation and at a contrast word
    assert normalize("No talks, only war") == "no not_talks only war"
    assert normalize("not now but later") == "not not_now but later"
    # at most three words are marked
    assert normalize("never a b c d") == "never not_a not_b not_c d"


def test_normalize_numbers_quotes_us_and_articles():
    assert normalize("U.S. troops killed 25 fighters") == "usa troops killed _num_ fighters"
    assert normalize("It\u2019s \u201cover\u201d") == "it over"
    assert normalize("we won't go") == "we will not not_go"
    assert normalize("They can't stop") == "they can not not_stop"
    assert normalize("under Article 51 of the Charter") == "under article_51 of the charter"


def test_negation_scope_does_not_leak_across_statements():
    vec = StanceVectorizer(min_df=1, char_ngram_range=None).fit(["no", "war now", "war"])
    names = set(vec.word_feature_names_)
    assert "war" in names and "not_war" not in names


def test_word_block_matches_sklearn_tfidf():
    texts = ["we will strike back now", "we will talk now", "they will strike", "talk talk talk"]
    vec = StanceVectorizer(
        min_df=1,
        char_ngram_range=None,
        lexicon_weight=0,
        cue_weight=0,
        actor_weight=0,
        actor_lexicon_weight=0,
        word_ngram_range=(1, 2),
    ).fit(texts)
    ours = pd.DataFrame(
        vec.transform(texts).toarray(), columns=[n[6:] for n in vec.get_feature_names_out()]
    )
    ref = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")
    theirs = pd.DataFrame(ref.fit_transform(texts).toarray(), columns=ref.get_feature_names_out())
    pd.testing.assert_frame_equal(ours[sorted(ours.columns)], theirs[sorted(theirs.columns)])


def test_char_block_matches_sklearn_char_wb():
    texts = ["we will strike back", "strikes will follow", "a b"]
    vec = StanceVectorizer(
        min_df=1,
        char_ngram_range=(2, 4),
        word_weight=0,
        lexicon_weight=0,
        cue_weight=0,
        actor_weight=0,
        actor_lexicon_weight=0,
    ).fit(texts)
    ours = pd.DataFrame(
        vec.transform(texts).toarray(), columns=[n[6:] for n in vec.get_feature_names_out()]
    )
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    theirs = pd.DataFrame(ref.fit_transform(texts).toarray(), columns=ref.get_feature_names_out())
    pd.testing.assert_frame_equal(ours[sorted(ours.columns)], theirs[sorted(theirs.columns)])


def test_min_df_prunes_rare_ngrams():
    vec = StanceVectorizer(min_df=2, char_ngram_range=None).fit(["a b c", "a b d", "e"])
    assert set(vec.word_feature_names_) == {"a", "b", "a b"}


def test_unseen_words_and_empty_texts():
    vec = StanceVectorizer(min_df=1).fit(["we will strike", "we urge calm"])
    X = vec.transform(["zzzz qqqq", "", None])
    assert X.shape == (3, len(vec.get_feature_names_out()))
    assert np.isfinite(X.toarray()).all()
    assert vec.transform([]).shape[0] == 0


def test_lexicon_counts_categories():
    row = lexicon_counts(["They will pay a heavy price, we warn them."]).iloc[0]
    assert row["threat"] > 0
    assert row["neg_threat"] == 0
    row = lexicon_counts(["We call for restraint and a ceasefire under Article 51"]).iloc[0]
    assert row["restraint"] > 0 and row["ceasefire"] > 0 and row["legal"] > 0


def test_negated_terms_count_separately():
    rows = lexicon_counts(["we seek war", "we do not seek war"])
    assert rows.loc[0, "force"] > 0 and rows.loc[0, "neg_force"] == 0
    assert rows.loc[1, "force"] == 0 and rows.loc[1, "neg_force"] > 0


def test_wildcards_and_multiword_terms():
    row = lexicon_counts(["they threatened, threatening more threats"]).iloc[0]
    assert row["threat"] == pytest.approx(np.log1p(3))  # three words match threat*
    assert lexicon_counts(["we will teach them a lesson"]).loc[0, "threat"] > 0  # teach * a lesson
    # a multi-word term never spans two statements
    rows = lexicon_counts(["they will pay a heavy", "price soon"])
    assert rows.loc[0, "threat"] == pytest.approx(np.log1p(1))  # "will pay" only


def test_category_counted_once_per_position():
    # "restraint" matches both restrain* and restraint, but counts once
    assert lexicon_counts(["restraint"]).loc[0, "restraint"] == pytest.approx(np.log1p(1))


def test_cue_categories_and_length_flags():
    rows = lexicon_counts(["short one", " ".join(["word"] * 50)], cues=["vowed", "urged"])
    assert rows.loc[0, "cue_escalatory"] == 1 and rows.loc[0, "cue_deescalatory"] == 0
    assert rows.loc[1, "cue_deescalatory"] == 1
    assert rows.loc[0, "short"] == 1 and rows.loc[0, "long"] == 0
    assert rows.loc[1, "short"] == 0 and rows.loc[1, "long"] == 1


def test_custom_lexicon_file(tmp_path):
    path = tmp_path / "lex.tsv"
    path.write_text("# mine\ncategory\tterm\nbird\tsparrow*\ncue_x\tchirp*\n", encoding="utf-8")
    row = lexicon_counts(["two sparrows"], cues=["chirped"], lexicon=path).iloc[0]
    assert set(row.index) == {"bird", "neg_bird", "cue_x", "short", "long"}
    assert row["bird"] > 0 and row["cue_x"] == 1


def test_bad_lexicon_file_names_the_problem(tmp_path):
    path = tmp_path / "lex.tsv"
    path.write_text("cat\tword\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        load_lexicon(path)
    path.write_text("category\tterm\nonly-one-field\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_lexicon(path)
    path.write_text("category\tterm\nx\t* lesson\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bare"):
        StanceVectorizer(lexicon=path).fit(["a"])


def test_shipped_lexicon_is_well_formed():
    lex = load_lexicon()
    assert not lex.duplicated().any()
    for cat in ["threat", "restraint", "defense", "legal", "negation", "conditional"]:
        assert (lex["category"] == cat).sum() >= 5
    assert "article 51" in set(lex["term"])


def test_cue_lemma():
    assert cue_lemma("warned") == cue_lemma("warns") == cue_lemma("warning") == "warn"
    assert cue_lemma("said") == cue_lemma("says") == "say"
    assert cue_lemma("told reporters") == "tell"
    assert cue_lemma("called for") == "call_for"
    assert cue_lemma(None) == cue_lemma("") == "none"


def test_cue_block():
    frame = pd.DataFrame({"text": ["a", "b", "c", "d"], "cue": ["vowed", "vows", "urged", None]})
    vec = StanceVectorizer(min_df=1, char_ngram_range=None, word_weight=0, lexicon_weight=0)
    vec.set_params(cue_weight=1.0).fit(frame)
    assert set(vec.cue_vocabulary_) == {"vow", "none", "other"}
    X = vec.transform(frame).toarray()
    names = [n.removeprefix("cue__") for n in vec.get_feature_names_out()]
    assert X.sum(axis=1).tolist() == [1, 1, 1, 1]
    assert X[0, names.index("vow")] == X[1, names.index("vow")] == 1
    assert X[2, names.index("other")] == 1
    assert X[3, names.index("none")] == 1


def test_batch_equals_one_by_one_and_pickles():
    texts = ["We will not back down!", "talks resume Monday", "they'll pay", "No. Never."]
    vec = StanceVectorizer(min_df=1).fit(texts)
    together = vec.transform(texts).toarray()
    alone = np.vstack([vec.transform([t]).toarray() for t in texts])
    np.testing.assert_allclose(together, alone)
    again = pickle.loads(pickle.dumps(vec))
    np.testing.assert_allclose(again.transform(texts).toarray(), together)


def test_bad_ngram_ranges():
    with pytest.raises(ValueError, match="word_ngram_range"):
        StanceVectorizer(word_ngram_range=(1, 5)).fit(["a"])
    with pytest.raises(ValueError, match="char_ngram_range"):
        StanceVectorizer(char_ngram_range=(3, 2)).fit(["a"])


def test_has_actor_reads_codes_and_blanks():
    values = ["IRN", "NATO", None, np.nan, "", "  ", True, False, pd.NA]
    expected = [True, True, False, False, False, False, True, False, False]
    assert has_actor(values).tolist() == expected
    assert has_actor(pd.Series(values, dtype=object)).tolist() == expected


def test_actor_block_only_when_the_column_is_there():
    frame = pd.DataFrame(
        {"text": ["we will strike", "prices fell", "we urge calm"], "actor": ["IRN", None, ""]}
    )
    vec = StanceVectorizer(min_df=1, actor_weight=2.0).fit(frame)
    names = list(vec.get_feature_names_out())
    flags = [names.index("actor__actor_present"), names.index("actor__actor_absent")]
    X = vec.transform(frame).toarray()[:, flags]
    np.testing.assert_array_equal(X, [[2.0, 0.0], [0.0, 2.0], [0.0, 2.0]])
    # plain strings, or a frame without "actor": neither flag is set
    assert not vec.transform(frame["text"].tolist()).toarray()[:, flags].any()
    assert not vec.transform(frame[["text"]]).toarray()[:, flags].any()


def test_no_actor_block_repeats_lexicon_for_speakers_without_actor():
    texts = ["they will pay a heavy price", "analysts say a strike may come", "we urge calm"]
    frame = pd.DataFrame({"text": texts, "actor": ["IRN", None, "UN"]})
    vec = StanceVectorizer(min_df=1, actor_lexicon_weight=3.0).fit(frame)
    names = list(vec.get_feature_names_out())
    block = [i for i, n in enumerate(names) if n.startswith("no_actor__")]
    lex = {n.removeprefix("lexicon__"): i for i, n in enumerate(names) if n.startswith("lexicon__")}
    X = vec.transform(frame).toarray()
    # only the statement without an actor has values, the lexicon counts times the weight
    assert not X[[0, 2]][:, block].any()
    assert X[1, block].any()
    for i in block:
        source = lex[names[i].removeprefix("no_actor__")]
        assert X[1, i] == pytest.approx(3.0 * X[1, source] / vec.lexicon_weight)
    # actor not known: the block stays 0; the other blocks never depend on the actor
    assert not vec.transform(frame[["text"]]).toarray()[:, block].any()
    rest = [i for i, n in enumerate(names) if not n.startswith(("actor__", "no_actor__"))]
    np.testing.assert_array_equal(X[:, rest], vec.transform(frame[["text"]]).toarray()[:, rest])
