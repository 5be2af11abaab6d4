"""Tests for stance.sentences (texts written for the tests)."""

from __future__ import annotations

import pytest

from stance.sentences import (
    document_spans,
    load_word_list,
    paragraph_spans,
    sentence_spans,
    sentence_tokenizer,
)


def _texts(text, spans):
    return [text[a:b] for a, b, *_ in spans]


@pytest.mark.parametrize(
    "abbrev",
    [
        "U.S.",
        "U.N.",
        "Gen.",
        "Sen.",
        "Lt.",
        "Col.",
        "Jan.",
        "Feb.",
        "Mr.",
        "Dr.",
        "No.",
        "St.",
        "Gov.",
        "Rep.",
    ],
)
def test_abbreviations_do_not_end_sentences(abbrev):
    text = f"The talks with {abbrev} Baker went well. Nobody left."
    assert _texts(text, sentence_spans(text)) == [
        f"The talks with {abbrev} Baker went well.",
        "Nobody left.",
    ]


def test_abbreviations_come_from_package_data():
    words = load_word_list("abbreviations.txt")
    assert "u.s" in words and "gen" in words
    assert not any(w.startswith("#") for w in words)
    params = sentence_tokenizer()._params
    assert "sen" in params.abbrev_types
    assert sentence_tokenizer() is sentence_tokenizer()  # built once


def test_missing_data_file_names_the_fix():
    with pytest.raises(FileNotFoundError, match="reinstall"):
        load_word_list("no_such_list.txt")


def test_paragraphs_by_blank_lines_or_line_breaks():
    text = "First para.\n\n  Second para.\n\n\n"
    assert _texts(text, paragraph_spans(text)) == ["First para.", "Second para."]
    text = "Line one.\nLine two."
    assert _texts(text, paragraph_spans(text)) == ["Line one.", "Line two."]
    assert paragraph_spans("   ") == []


def test_document_spans_offsets_and_paragraph_indices():
    text = "Border talks resume\n\nThe envoy arrived. She met Gen. Park.\n\nNo comment."
    paras, sents = document_spans(text)
    assert len(paras) == 3
    assert [(text[a:b], p) for a, b, p in sents] == [
        ("Border talks resume", 0),
        ("The envoy arrived.", 1),
        ("She met Gen. Park.", 1),
        ("No comment.", 2),
    ]


def test_opening_quote_mark_starts_the_next_sentence():
    text = 'The envoy left. "We are done," she said. "Goodbye."'
    _, sents = document_spans(text)
    assert _texts(text, sents) == ["The envoy left.", '"We are done," she said.', '"Goodbye."']


def test_closing_quote_mark_stays_with_its_sentence():
    text = "He said “we are done.” Then he left."
    _, sents = document_spans(text)
    assert _texts(text, sents) == ["He said “we are done.”", "Then he left."]


def test_sentence_spans_region():
    text = "Skip this. Keep one. Keep two."
    start = text.index("Keep")
    assert _texts(text, sentence_spans(text, start)) == ["Keep one.", "Keep two."]
    assert sentence_spans(text, 0, 0) == []


def test_huge_paragraph_is_split_in_bounded_pieces():
    # nltk stops a regex that runs for seconds; a very long paragraph is fed to Punkt in pieces
    sentence = "The envoy spoke to the council again. "
    text = sentence * (3 * 20_000 // len(sentence) + 10)
    _, sents = document_spans(text)
    assert len(sents) == text.count(".")
    assert all(text[a:b] == sentence.strip() for a, b, _ in sents)


@pytest.mark.parametrize(
    "context",
    [
        "said. The",
        "talks. “We",
        "ended.”",
        'over."',
        "why? Because",
        "now! The",
        "Sen. Warren",
        "U.S. officials",
        "Gen. Lee",
        "Mr. Smith",
        "Lt.-Col. Reed",
        "J. Smith",
        "1990. The",
        "etc. and",
        "it... The",
        "No. 10",
        "away.) Then",
    ],
)
def test_fast_sentence_end_answers_as_punkt_does(context):
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tok = sentence_tokenizer()
    slow = PunktSentenceTokenizer.text_contains_sentbreak(tok, context)
    assert tok.text_contains_sentbreak(context) == slow


def test_importing_stance_does_not_import_nltk():
    import subprocess
    import sys

    code = "import sys, stance.quotes; print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_party_tags_do_not_end_sentences_but_words_still_do():
    text = "Sen. Omar Reed (D-Ill.) said the list was long. She fell ill. Then she left."
    assert _texts(text, sentence_spans(text)) == [
        "Sen. Omar Reed (D-Ill.) said the list was long.",
        "She fell ill.",
        "Then she left.",
    ]
