"""Tests for stance.quotes.extract_quotes. All article texts here are written for the tests."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stance.quotes import Quote, extract_quotes

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "articles"
SEED = SEED / "seed_dw_2020_01_09.jsonl"


def _check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


def only(text: str) -> Quote:
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert len(quotes) == 1, quotes
    return quotes[0]


# --- quotation marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "closing"),
    [('"', '"'), ("“", "”"), ("‘", "’"), ("'", "'"), ("«", "»"), ("« ", " »")],
)
def test_marks_of_every_style(opening, closing):
    text = f"{opening}Our patience has limits,{closing} the minister, Lena Holm, said."
    q = only(text)
    assert q.text == "Our patience has limits,"
    assert q.kind == "direct"
    assert q.speaker == "Lena Holm"
    assert q.cue == "said"


def test_punctuation_inside_marks_is_kept():
    q = only('"We will respond," Defense Minister Omar Haddad said on Tuesday.')
    assert q.text == "We will respond,"
    assert q.speaker == "Omar Haddad"
    assert q.text == q.text.strip()


def test_apostrophes_are_not_single_quotes():
    text = (
        "Iran's envoy said the country's 1990s programme and the '90s talks don't matter. "
        "Tehran’s reply came late."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.kind for q in quotes] == ["indirect"]
    assert quotes[0].text.startswith("the country's 1990s programme")


def test_scare_quotes_and_titles_are_not_statements():
    text = (
        'Operation "Northern Gate" began at dawn.\n\n'
        "The army called the raid a 'limited' action.\n\n"
        "Rivals in 'self-defense' row\n\n"
        'The talks were described in the report as a "reset" of relations.'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert all("Northern Gate" not in q.text for q in quotes)
    assert all(q.text != "self-defense" for q in quotes)


def test_journalist_sentences_give_nothing():
    text = (
        "The border crossing reopened on Monday after three weeks.\n\n"
        "Trucks carrying grain lined up for miles, and prices fell."
    )
    assert extract_quotes(text) == []


# --- attribution positions --------------------------------------------------------------


def test_split_quote_gives_two_statements_same_speaker():
    text = (
        '"We do not want a war," Prime Minister Ilse Varga said, '
        '"but we will defend every village."'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == [
        "We do not want a war,",
        "but we will defend every village.",
    ]
    assert {q.speaker for q in quotes} == {"Ilse Varga"}
    assert all(q.kind == "direct" for q in quotes)


def test_attribution_before_quote_with_colon():
    q = only('Foreign Minister Tomas Reyes said: "The embassy will stay open."')
    assert q.text == "The embassy will stay open."
    assert q.speaker == "Tomas Reyes"
    assert q.kind == "direct"


def test_colon_introduction_in_previous_paragraph():
    text = (
        'The ministry spokesman, Pavel Orlov, said in a statement:\n\n"No troops crossed the line."'
    )
    q = only(text)
    assert q.text == "No troops crossed the line."
    assert q.speaker == "Pavel Orlov"


def test_inverted_attribution_after_quote():
    q = only('"The blockade must end now," said Maria Quint, the envoy of the bloc.')
    assert q.speaker == "Maria Quint"
    assert q.text == "The blockade must end now,"


def test_quote_over_several_paragraphs():
    text = (
        "“The first paragraph of the speech ends here without a closing mark.\n\n"
        "“The second one continues the same speech.\n\n"
        "“And the third one closes it,” General Aldo Brun said.\n\n"
        "Markets were calm."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert len(quotes) == 3
    assert {q.speaker for q in quotes} == {"Aldo Brun"}
    assert quotes[0].text.startswith("The first paragraph")
    assert quotes[0].text.endswith("closing mark.")
    assert [q.paragraph for q in quotes] == [0, 1, 2]


# --- reported speech -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clause", "cue"),
    [
        ("Senator Rita Moll said that the treaty was dead.", "the treaty was dead", "said"),
        ("Senator Rita Moll said the treaty was dead.", "the treaty was dead", "said"),
        ("The treaty was dead, Senator Rita Moll said.", "The treaty was dead", "said"),
        ("The treaty was dead, said Senator Rita Moll.", "The treaty was dead", "said"),
        ("Senator Rita Moll has warned that the treaty is dead.", "the treaty is dead", "warned"),
        (
            "Senator Rita Moll told reporters on Friday that the treaty was dead.",
            "the treaty was dead",
            "told reporters",
        ),
        (
            "Senator Rita Moll told the Security Council that the treaty was dead.",
            "the treaty was dead",
            "told",
        ),
    ],
)
def test_reported_speech_forms(text, clause, cue):
    q = only(text)
    assert q.kind == "indirect"
    assert q.text == clause
    assert q.speaker == "Rita Moll"
    assert q.cue == cue
    assert text[q.speaker_start : q.speaker_end].endswith("Rita Moll")


def test_according_to():
    text = "According to the Defense Ministry, two drones were shot down overnight."
    q = only(text)
    assert q.text == "two drones were shot down overnight"
    assert q.speaker == "the Defense Ministry"
    assert q.cue == "According to"
    q = only("Two drones were shot down overnight, according to the Defense Ministry.")
    assert q.text == "Two drones were shot down overnight"


def test_urged_keeps_the_object():
    q = only("The Secretary-General urged both sides to return to talks.")
    assert q.text == "both sides to return to talks"
    assert q.cue == "urged"


def test_in_a_statement():
    q = only("In a statement, the Kremlin said the drills were routine.")
    assert q.speaker == "the Kremlin"
    assert q.text == "the drills were routine"
    assert q.actor == "RUS"


def test_mixed_statement_keeps_marks():
    text = 'Minister Jan Ek said the strikes were "a measured reply" to the shelling.'
    q = only(text)
    assert q.kind == "mixed"
    assert q.text == 'the strikes were "a measured reply" to the shelling'


# --- speakers -------------------------------------------------------------------------------


def test_title_is_stripped_and_actor_found():
    text = "Iran's UN Ambassador Majid Takht Ravanchi said Tehran wanted no war."
    q = only(text)
    assert q.speaker == "Majid Takht Ravanchi"
    assert q.actor == "IRN"


def test_appositive_speaker():
    q = only("Ravanchi, Iran's UN ambassador, said Tehran wanted no war.")
    assert q.speaker == "Ravanchi"
    assert q.actor == "IRN"
    assert q.text == "Tehran wanted no war"


def test_dateline_is_not_part_of_the_statement():
    q = only("OSLO, May 3, 2026 - Two ships collided near the port, the coast guard said.")
    assert q.text == "Two ships collided near the port"
    assert q.speaker == "the coast guard"


def test_titled_name_in_apposition_to_a_role():
    q = only("The commander of the navy, Rear Admiral Ivo Petrak, said the ships had left.")
    assert q.speaker == "Ivo Petrak"
    assert q.text == "the ships had left"


def test_fullest_name_and_actor_carry_forward():
    text = (
        "US President Donald Trump spoke at the White House on Monday.\n\n"
        '"We are ready," Trump said.\n\n'
        '"Nobody wants this," he added.'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["Donald Trump", "Donald Trump"]
    assert [q.actor for q in quotes] == ["USA", "USA"]
    assert quotes[1].speaker_start is None
    assert quotes[1].cue == "added"


def test_pronoun_gender_picks_the_right_person():
    text = (
        'Foreign Minister Hana Kirov said the border was closed. "It stays closed," she said.\n\n'
        'Defense Minister Pedro Alves said troops were on alert. "We are prepared," he said.\n\n'
        '"Diplomacy comes first," she added.'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    by_text = {q.text: q.speaker for q in quotes}
    assert by_text["It stays closed,"] == "Hana Kirov"
    assert by_text["We are prepared,"] == "Pedro Alves"
    assert by_text["Diplomacy comes first,"] == "Hana Kirov"


def test_continuation_quote_without_attribution():
    text = (
        '"The ceasefire holds," army spokesman Colonel Ivo Petrak said. '
        '"There were no violations overnight."\n\n'
        '"We expect the talks to resume soon."\n\n'
        "In other news, the weather was mild."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert len(quotes) == 3
    assert {q.speaker for q in quotes} == {"Ivo Petrak"}
    assert quotes[1].cue is None and quotes[1].speaker_start is None


def test_institution_speakers():
    text = (
        "The Pentagon said the strike hit a depot.\n\nPakistan's military said two soldiers died."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.speaker for q in quotes] == ["the Pentagon", "Pakistan's military"]
    assert [q.actor for q in quotes] == ["USA", "PAK"]


def test_indices():
    text = "First sentence here. Gen. Ana Ruiz said the road was open.\n\nNext paragraph."
    q = only(text)
    assert q.paragraph == 0
    assert q.sentence == 1


def test_two_apostrophes_as_double_marks():
    text = "''The border stays shut,'' Mr. Osei said. ''Nobody crosses.''"
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == ["The border stays shut,", "Nobody crosses."]
    assert {q.speaker for q in quotes} == {"Osei"}


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Minister Aru Tamm has said the plan is dead.", "said"),
        ("Minister Aru Tamm had warned that the plan was dead.", "warned"),
        ("Minister Aru Tamm tweeted that the plan was dead.", "tweeted"),
        ("Minister Aru Tamm on Monday insisted the plan was dead.", "insisted"),
        ("Minister Aru Tamm also told the assembly that the plan was dead.", "told"),
        ("Minister Aru Tamm (Centre Party) stressed the plan was dead.", "stressed"),
    ],
)
def test_cue_forms_and_tenses(sentence, cue):
    q = only(sentence)
    assert q.cue == cue
    assert q.speaker == "Aru Tamm"
    assert "plan" in q.text and not q.text.startswith("that")


def test_role_mention_resolves_to_named_person():
    text = (
        "Kenya's ambassador to the UN, Lina Sarr, met the council on Monday.\n\n"
        '"We need a ceasefire now," the Kenyan ambassador said.'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert quotes[-1].speaker == "Lina Sarr"
    assert quotes[-1].actor == "KEN"


def test_pronoun_resolves_to_sentence_subject():
    text = (
        "Foreign Minister Omar Diallo visited the border town on Sunday.\n\n"
        '"We will not leave these people alone," he told reporters.'
    )
    q = only(text)
    assert q.speaker == "Omar Diallo"
    assert q.speaker_start is None


def test_second_cue_of_the_same_speaker_is_a_second_statement():
    text = (
        "General Ana Ruiz said the convoy had been attacked, adding that two trucks burned. "
        "She denied the claims and said that the army would investigate."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == [
        "the convoy had been attacked",
        "two trucks burned",
        "the claims",
        "the army would investigate",
    ]
    assert [q.cue for q in quotes] == ["said", "adding", "denied", "said"]
    assert {q.speaker for q in quotes} == {"Ana Ruiz"}


def test_attribution_sentence_after_a_question():
    text = '"Who will pay for the damage?" asked Senator Rui Costa. "Not us."'
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == ["Who will pay for the damage?", "Not us."]
    assert {q.speaker for q in quotes} == {"Rui Costa"}


def test_statement_sentence_introducing_the_next_paragraph():
    text = (
        "The defense ministry spokesman, Ivo Rand, said in a statement.\n\n"
        '"The drills are routine and threaten no one."'
    )
    q = only(text)
    assert q.speaker == "Ivo Rand"
    assert q.kind == "direct"


def test_plain_noun_phrase_speaker_after_a_quote():
    q = only('"We sell to both sides," the trader replied.')
    assert q.speaker == "the trader"
    assert q.cue == "replied"


def test_anonymous_and_unattributed_claims_are_not_statements():
    text = (
        "Analysts said the talks would fail.\n\n"
        "Experts say the blockade could last for months.\n\n"
        "The talks, described as tense, ended early."
    )
    assert extract_quotes(text) == []


def test_aside_after_a_dash_is_left_out():
    q = only("Envoy Mia Holt said the offer was final — a position her rivals rejected.")
    assert q.text == "the offer was final"


def test_name_and_colon_introduce_a_quote_but_not_a_headline():
    text = "Ambassador Lina Sarr: \"We need a ceasefire now.\"\n\nSarr: talks 'stalled'"
    q = only(text)
    assert q.speaker == "Lina Sarr"
    assert q.cue is None
    assert q.text == "We need a ceasefire now."


# --- robustness -----------------------------------------------------------------------------


def test_type_errors():
    with pytest.raises(TypeError, match="decode"):
        extract_quotes(b"bytes")
    with pytest.raises(TypeError, match="str"):
        extract_quotes(None)
    with pytest.raises(TypeError):
        extract_quotes(42)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty(text):
    assert extract_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "'",
        '" said',
        'He said "',
        '"Open, he said. "Another," she said "',
        "«»«",
        '"\n\n"\n\n"',
        "said said said , , said",
        "according to",
        "« Never », said.",
    ],
)
def test_broken_text_never_raises(text):
    _check_offsets(text, extract_quotes(text))


_PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "'",
        "‘",
        "’",
        "«",
        "»",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        ":",
        " said",
        " told reporters",
        " according to",
        " he",
        " she",
        " Trump",
        " Kelly Craft",
        " the Kremlin",
        " Iran's",
        " added",
        " that",
        " We",
        " will",
        " respond",
        "''",
        " (D-N.Y.)",
        " —",
        ", adding",
        " the envoy",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_property_quote_like_text(text):
    _check_offsets(text, extract_quotes(text))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_property_arbitrary_text(text):
    _check_offsets(text, extract_quotes(text))


def test_long_sentence_without_sentence_ends_stays_linear():
    # one "sentence" of 600,000 characters full of cues and quotation marks
    text = 'The minister said talks would resume, and "we will respond," he added ' * 8000
    t0 = time.perf_counter()
    _check_offsets(text, extract_quotes(text + "."))
    assert time.perf_counter() - t0 < 30


def test_linear_time_on_large_inputs():
    para = (
        '"We will respond," Defense Minister Omar Haddad said on Tuesday. '
        "The Kremlin said the talks had failed, and Iran's envoy warned of a long crisis.\n\n"
    )
    big = para * (5_000_000 // len(para))
    t0 = time.perf_counter()
    quotes = extract_quotes(big)
    assert time.perf_counter() - t0 < 30
    assert len(quotes) >= 2 * (len(big) // len(para))
    marks = '"' * 100_000
    t0 = time.perf_counter()
    extract_quotes(marks)
    extract_quotes('" a ' * 100_000)
    assert time.perf_counter() - t0 < 30


def test_inverted_cue_with_a_plain_noun_phrase():
    qs = extract_quotes('"The border stays shut," said the veteran. "Nobody crosses."')
    assert [(q.kind, q.speaker, q.text) for q in qs] == [
        ("direct", "the veteran", "The border stays shut,"),
        ("direct", "the veteran", "Nobody crosses."),
    ]


def test_participle_after_a_quote_attribution_is_not_a_statement():
    qs = extract_quotes('"We have the votes," Gen. Omar Haddad said answering a question in Amman.')
    assert [(q.kind, q.speaker, q.text) for q in qs] == [
        ("direct", "Omar Haddad", "We have the votes,")
    ]


def test_speaker_with_a_relative_clause_holding_commas():
    text = (
        "Lena Park, meanwhile, who runs a shelter near the port of Busan, the second city, "
        "said the strikes had to stop."
    )
    q = only(text)
    assert (q.speaker, q.text) == ("Lena Park", "the strikes had to stop")
    q = only('Sen. Omar Reed (D-Ill.), noting the size of the crowd, said, "It is a big list."')
    assert (q.speaker, q.text) == ("Omar Reed", "It is a big list.")


def test_title_in_quotes_after_the_attribution_is_not_a_statement():
    text = (
        "Defence Minister Ivo Marek spoke on Sunday.\n\n"
        '"We are ready," he said on the channel\'s "Morning Hour." "Nobody should doubt it."'
    )
    qs = extract_quotes(text)
    assert "Morning Hour." not in [q.text for q in qs]
    assert [q.speaker for q in qs if q.kind == "direct"] == ["Ivo Marek", "Ivo Marek"]


def test_when_clause_after_a_quote_is_not_part_of_it():
    q = only('Gen. Omar Haddad had said, "We will see," when asked about the plan.')
    assert (q.kind, q.text) == ("direct", "We will see,")


def test_book_title_is_not_a_statement():
    text = (
        '"Nobody saw the crash coming," said Ana Ruiz, co-author of "The Long Road Home." '
        'Reed made the same point in his 2012 book, "A Quiet Harbour."'
    )
    qs = extract_quotes(text)
    assert [q.text for q in qs] == ["Nobody saw the crash coming,"]


def test_colon_after_a_sentence_about_a_person():
    q = only('Senator Ruth Amsel later apologized for the remark: "I chose my words badly."')
    assert (q.speaker, q.cue, q.text) == ("Ruth Amsel", None, "I chose my words badly.")
    # a document or a body before the colon is not a speaker
    assert extract_quotes('The leaflet ended with a line: "Go home."') == []
    text = 'Mayor Jo Potts spoke last.\n\nPotts went on:\n\n"We will rebuild the bridge."'
    (q,) = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert (q.speaker, q.text) == ("Jo Potts", "We will rebuild the bridge.")
    assert extract_quotes('Below are the key passages:\n\n"Growth will slow."') == []


def test_one_and_another_after_a_quote_are_speakers():
    text = '"The ferry must run again," one said. "We cannot wait."\n\n"It will," said another.'
    qs = extract_quotes(text)
    assert [(q.speaker, q.text) for q in qs] == [
        ("one", "The ferry must run again,"),
        ("one", "We cannot wait."),
        ("another", "It will,"),
    ]


def test_trailer_with_that_after_a_quote():
    text = '"We stand together," the union wrote in a letter that it sent to members on Friday.'
    q = only(text)
    assert (q.kind, q.speaker, q.text) == ("direct", "the union", "We stand together,")


def test_sentence_opening_with_its_verb():
    q = only('Added Lars Holm, the harbour master: "The port stays open."')
    assert (q.speaker, q.cue, q.text) == ("Lars Holm", "Added", "The port stays open.")
    text = 'Envoy Mina Tal spoke last.\n\nWrote Tal:\n\n"Our patience has limits."'
    (q,) = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert (q.speaker, q.text) == ("Mina Tal", "Our patience has limits.")
    # "Said" is also a name: a sentence opening with one is an ordinary sentence
    (q,) = extract_quotes("Said Jalili told reporters the talks were useful.")
    assert (q.speaker, q.text) == ("Said Jalili", "the talks were useful")


def test_writer_introduction_before_a_colon_is_left_out():
    text = (
        "Minister Ilse Brandt spoke in Kiel.\n\n"
        'At the time Brandt hinted at a deal: "We talked for hours," she told the paper.'
    )
    (q,) = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert (q.speaker, q.text) == ("Ilse Brandt", "We talked for hours,")


def test_show_title_after_told_is_part_of_the_hearer():
    q = only('Senator Ruth Amsel told ABC\'s "Morning Hour" on Monday the talks were "tense."')
    assert (q.speaker, q.kind, q.text) == ("Ruth Amsel", "mixed", 'the talks were "tense."')


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"Is the deal dead?" Sen. Omar Reed asked the minister.', "Omar Reed"),
        ('"We will win," Governor Ana Ruiz wrote back to him.', "Ana Ruiz"),
        ('"We will win," the 63-year-old senator said the other day.', "the 63-year-old senator"),
        ('"We will win," Ana Ruiz, 35, the mayor\'s daughter, said on Monday.', "Ana Ruiz"),
        ('"It is a copy," Paul Reed, an aide, said just after midnight on TV.', "Paul Reed"),
        ('"The harm is done," senior officials said.', "senior officials"),
    ],
)
def test_short_trailers_after_a_quote(text, speaker):
    q = only(text)
    assert q.kind == "direct" and q.speaker == speaker
    assert q.text == text[1 : text.index('"', 1)]


def test_second_participle_ends_a_participle_clause():
    text = 'Mayor Lina Berg hit back, calling the plan "a disgrace" and asking for a new vote.'
    qs = extract_quotes(text)
    assert (qs[0].speaker, qs[0].text) == ("Lina Berg", 'the plan "a disgrace"')


def test_generic_institution_takes_the_state_named_in_the_article():
    # A bare "Foreign Office" names no state: the article's own qualified mention decides.
    art = (
        "Islamabad's envoy met Kenya's foreign minister on Tuesday.\n\n"
        "Pakistan's Foreign Office called the report baseless.\n\n"
        '"Our borders are not for sale," Foreign Office spokeswoman Nadia Karim told reporters.'
    )
    (q,) = [q for q in extract_quotes(art) if q.kind == "direct"]
    assert q.speaker == "Nadia Karim" and q.actor == "PAK"
    alone = '"Our borders are not for sale," Foreign Office spokeswoman Nadia Karim said.'
    (q,) = extract_quotes(alone)
    assert q.speaker == "Nadia Karim" and q.actor is None
    uk = "The British Foreign Office summoned the envoy.\n\nThe Foreign Office said it was alarmed."
    assert [q.actor for q in extract_quotes(uk) if q.speaker == "the Foreign Office"] == ["GBR"]


# --- the seed article (measured, never copied) ---------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="shared data not available")
def test_seed_article_all_statements_found():
    art = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    text = art["text"]
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    pos = 0
    for gold in art["quotes"]:
        g0 = text.find(gold["text"], pos)
        pos = g0
        g1 = g0 + len(gold["text"])
        hits = [
            q
            for q in quotes
            if min(q.end, g1) - max(q.start, g0) >= 0.5 * max(g1 - g0, q.end - q.start)
        ]
        assert hits, gold["text"][:40]
        assert hits[0].speaker == gold["speaker"] or hits[0].speaker.lower().endswith(
            gold["speaker"].split()[-1].lower()
        ), (hits[0].speaker, gold["speaker"])


# --- actors from document context (round 3) ------------------------------------------------


def _by_text(text: str) -> dict[str, Quote]:
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    return {q.text: q for q in quotes}


def test_named_spokesperson_inherits_the_body_that_opened_the_previous_sentence():
    text = (
        "The Japanese Foreign Ministry summoned the envoy on Friday. Spokeswoman Aiko Mori "
        'told reporters that Tokyo wanted calm. "We expect restraint from everyone," she said.'
    )
    quotes = _by_text(text)
    assert quotes["Tokyo wanted calm"].speaker == "Aiko Mori"
    assert quotes["Tokyo wanted calm"].actor == "JPN"
    # the pronoun that follows keeps the actor of the person it names
    assert quotes["We expect restraint from everyone,"].actor == "JPN"


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The Turkish Defence Ministry rejected the report on Monday. "
            "A spokesman said the drills were planned months ago.",
            "TUR",
        ),
        (
            "The Kremlin dismissed the allegation. Its spokesman said the claim had no basis.",
            "RUS",
        ),
        (
            'The Kremlin dismissed the allegation. "It has no basis," its spokesman said.',
            "RUS",
        ),
    ],
)
def test_unnamed_role_takes_the_body_of_the_previous_sentence(text, actor):
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    last = quotes[-1]
    assert "spokesman" in last.speaker.lower()
    assert last.actor == actor


def test_role_without_a_body_nearby_stays_unknown():
    text = (
        "Relief workers reached the village after a week of rain. "
        "A spokesman said food was running short."
    )
    (q,) = extract_quotes(text)
    assert q.speaker == "A spokesman" and q.actor is None


def test_body_in_an_object_position_is_not_inherited():
    # the Security Council is what the envoy spoke to, not whom the spokesman speaks for
    text = (
        "Diplomats briefed the UN Security Council behind closed doors. "
        "A spokesman said the meeting had been useful."
    )
    quotes = extract_quotes(text)
    assert quotes[-1].speaker == "A spokesman"
    assert quotes[-1].actor is None


def test_same_role_in_another_paragraph_gets_its_own_body():
    text = (
        "The Indian Foreign Ministry protested on Monday. A spokesman said the shelling must stop."
        "\n\nAt the other end of the line, the Pakistani military was just as firm. "
        "A spokesman said the troops had only returned fire."
    )
    quotes = extract_quotes(text)
    assert [q.actor for q in quotes if q.speaker == "A spokesman"] == ["IND", "PAK"]


def test_short_form_of_a_body_named_earlier():
    text = (
        "Iran's Revolutionary Guards held drills near the islands on Monday.\n\n"
        "The commander of the Guards' navy, General Reza Karimi, said the drills would go on."
    )
    quotes = extract_quotes(text)
    assert quotes[-1].speaker == "Reza Karimi"
    assert quotes[-1].actor == "IRN"


def test_paragraph_opening_with_a_capital_gives_the_speakers_state():
    text = "In Ankara, Brigadier General Ayse Demir said the border would stay open."
    (q,) = extract_quotes(text)
    assert q.speaker == "Ayse Demir" and q.actor == "TUR"


def test_paragraph_opening_with_a_capital_does_not_make_analysts_officials():
    text = "In Ankara, a political analyst, Mehmet Kaya, said the border would stay open."
    (q,) = extract_quotes(text)
    assert q.actor is None


def test_fleet_spokesman_speaks_for_the_fleets_state():
    text = (
        "The frigate left port at dawn.\n\n"
        '"Our crews will keep the lanes open," Seventh Fleet spokesman Lieutenant Sam Ortiz said.'
    )
    (q,) = extract_quotes(text)
    assert q.speaker == "Sam Ortiz" and q.actor == "USA"


# --- reported speech continued after the attribution ---------------------------------------


def test_clause_after_said_and_continues_the_same_speaker():
    text = (
        "The minister spoke at the harbour on Friday.\n\n"
        "Our ships guard the coast to protect the islands, she said, and they will answer "
        "any attack as the law permits."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == [
        "Our ships guard the coast to protect the islands",
        "they will answer any attack as the law permits",
    ]
    assert quotes[0].speaker == quotes[1].speaker


def test_said_and_added_keeps_the_second_cue():
    text = (
        "Officials met in the capital.\n\n"
        "The talks will continue next week, he said, and he added that both sides are hopeful."
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == [
        "The talks will continue next week",
        "both sides are hopeful",
    ]
    assert quotes[1].cue == "added"


def test_closing_source_attribution_is_not_part_of_the_content():
    text = (
        "The envoy Nadia Holm called for calm on Sunday and urged both armies to pull back "
        "from the line, her spokesman said."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert quotes, "the statement should be found"
    assert all("spokesman" not in q.text for q in quotes)
    assert quotes[-1].text.endswith("pull back from the line")


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "The Pakistani military launched strikes near the border on Sunday.\n\n"
            "The military said the strikes hit only militant hideouts.",
            "PAK",
        ),
        (
            "Talks between the Colombian government and the rebels resumed in Havana.\n\n"
            "The government said a deal was close.",
            "COL",
        ),
    ],
)
def test_bare_military_or_government_takes_the_state_given_earlier(text, actor):
    q = extract_quotes(text)[-1]
    assert q.speaker.lower().startswith("the ") and q.actor == actor


def test_bare_military_without_a_qualified_mention_stays_unknown():
    (q,) = extract_quotes("The military said the strikes hit only militant hideouts.")
    assert q.actor is None


def test_a_lone_object_pronoun_is_not_a_statement():
    text = "The ministry announced new checks at the port. Several unions condemned them."
    assert [q.text for q in extract_quotes(text)] == ["new checks at the port"]


def test_possessed_institution_is_not_the_last_one_named():
    text = (
        "The US Navy said a destroyer had been shadowed overnight.\n\n"
        "Iran's Revolutionary Guards denied it. The commander of the Guards' navy, "
        "Admiral Reza Karimi, said the destroyer had strayed into Iranian waters."
    )
    q = extract_quotes(text)[-1]
    assert q.speaker == "Reza Karimi" and q.actor == "IRN"


@pytest.mark.parametrize(
    ("text", "speaker", "actor"),
    [
        (
            "EU foreign policy chief Anna Lindqvist said the bloc was ready to help.",
            "Anna Lindqvist",
            "EU",
        ),
        (
            "Taiwan's presidential office spokeswoman Chen Yu-ting said the drills were reckless.",
            "Chen Yu-ting",
            "TWN",
        ),
        (
            "On Monday, Ukraine's air force spokesman Petro Dovhan said most drones were downed.",
            "Petro Dovhan",
            "UKR",
        ),
    ],
)
def test_lower_case_role_words_before_a_name_still_give_the_actor(text, speaker, actor):
    (q,) = extract_quotes(text)
    assert (q.speaker, q.actor) == (speaker, actor)


# --- recall on varied news layouts (session hA) ------------------------------------------


def test_quotation_signed_with_a_dash_at_the_end_of_its_line():
    text = (
        "Readers sent their views on the debate.\n\n"
        "“The debate changed nothing for me.” ― Oskar Vell\n"
        "“Both of them avoided the hard questions.”\u00a0―\u00a0Ines Marrow, Porto.\n\n"
        "The polls open next week."
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [(q.text, q.speaker, q.cue, q.kind) for q in quotes] == [
        ("The debate changed nothing for me.", "Oskar Vell", "―", "direct"),
        ("Both of them avoided the hard questions.", "Ines Marrow", "―", "direct"),
    ]


def test_signature_line_after_a_quoted_paragraph():
    text = (
        "Claims from the debate, checked.\n\n"
        '"We cut the deficit in half in three years."\n\n'
        "- Gov. Hana Lorsch.\n\n"
        "The deficit fell by a fifth."
    )
    q = only(text)
    assert q.text == "We cut the deficit in half in three years."
    assert q.speaker == "Hana Lorsch"
    assert text[q.speaker_start : q.speaker_end] == "Gov. Hana Lorsch"


def test_a_dash_aside_is_not_a_signature():
    text = 'She called the plan "a gift to the rich" - Treasury disagreed.\n\nMore later.'
    assert all(q.cue != "-" for q in extract_quotes(text))


def test_dash_after_a_quotation_mid_sentence_is_not_a_signature():
    text = '"We will see" - these were his words when the vote failed on Tuesday.'
    assert all(q.cue != "-" for q in extract_quotes(text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We need a change," the Boston businessman said.', "the Boston businessman"),
        ('"It will not pass," the paper\'s editorial board wrote.', "editorial board"),
        ('"The harm is real," federal prosecutors wrote.', "prosecutors"),
        (
            '"We start at dawn," the soft-spoken 64-year-old diplomat said.',
            "64-year-old diplomat",
        ),
    ],
)
def test_descriptive_noun_phrase_after_a_quotation_is_the_speaker(text, speaker):
    q = only(text)
    assert q.kind == "direct"
    assert speaker in q.speaker
    assert q.text == text[1 : text.index(',"') + 1]


def test_noun_phrase_that_runs_into_a_clause_is_not_a_speaker():
    text = "Voting ended early.\n\nThe Green senator emailed supporters saying the count was fair."
    for q in extract_quotes(text):
        assert "emailed" not in (q.speaker or "")


@pytest.mark.parametrize(
    "trailer",
    ["then", "several months after the vote", "the day after the vote", "just after noon"],
)
def test_time_words_after_a_closing_attribution_are_not_content(trailer):
    text = f'"We will not back down," she said {trailer}.'
    q = only(text)
    assert q.kind == "direct"
    assert q.text == "We will not back down,"


def test_speaker_with_a_relative_clause_after_the_verb():
    q = only('"That is the real reason," said the man who ran the campaign.')
    assert q.kind == "direct"
    assert q.speaker == "the man"


def test_told_with_a_hearer_and_a_clause_is_reported_speech():
    text = "After meeting Dutch officials in Bern, Lindqvist told reporters the talks went well."
    q = only(text)
    assert q.text == "the talks went well"
    assert q.speaker == "Lindqvist"


def test_told_with_only_a_hearer_closes_the_statement():
    q = only("The talks went well, Lindqvist told state television in Bern.")
    assert q.text == "The talks went well"


def test_object_of_a_verb_of_saying_that_names_a_statement_is_not_content():
    text = "The ministry reiterated the assertion."
    assert extract_quotes(text) == []


def test_said_earlier_this_month_is_not_content():
    text = '"A new page can be turned," Deputy Minister Ayla Kurt said earlier this month.'
    q = only(text)
    assert q.kind == "direct"


# --- actors: an opening phrase does not give the speaker its actor ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "After meeting Russian officials Lindqvist said the talks were useful.",
        "After meeting Russian officials, Lindqvist said the talks were useful.",
        "Following talks with Russian officials Lindqvist said the talks were useful.",
        "Alongside Russian officials Lindqvist said the talks were useful.",
        "After meeting the Iranian envoy Lindqvist said the talks were useful.",
    ],
)
def test_object_of_an_opening_phrase_does_not_give_the_speaker_an_actor(text):
    q = only(text)
    assert q.speaker == "Lindqvist"
    assert q.actor is None
    assert text[q.speaker_start : q.speaker_end] == "Lindqvist"


def test_speaker_after_an_opening_phrase_keeps_their_own_title():
    q = only("In Geneva Iranian envoy Ali Bagheri said the talks were useful.")
    assert q.actor == "IRN"
    assert q.speaker == "Ali Bagheri"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Her campaign manager, Lea Marsh, said the count was fair.", "Lea Marsh"),
        ('"It will pass," Reed\'s chief of staff, Omar Tull, said on Monday.', "Omar Tull"),
        ("The party's new chairman, Ivo Brandt, argued that the rules had changed.", "Ivo Brandt"),
    ],
)
def test_role_phrase_with_the_name_in_apposition(text, speaker):
    q = only(text)
    assert q.speaker == speaker
    assert text[q.speaker_start : q.speaker_end] == speaker


def test_role_phrase_in_apposition_needs_a_personal_name():
    text = "Her campaign manager, the party, said nothing about it."
    assert all(q.speaker != "the party" for q in extract_quotes(text))


def test_sentence_opening_with_said_and_a_name():
    text = (
        "Crowds gathered at the old gym.\n\n"
        "The hall was packed. Said Nora Vale, who trained there as a girl, "
        "\u201cWe were all so proud of him.\u201d"
    )
    q = only(text)
    assert q.speaker == "Nora Vale"
    assert q.kind == "direct"
    assert q.text == "We were all so proud of him."


def test_said_as_a_first_name_is_not_a_verb():
    text = 'Said Jalili, the negotiator, said "no deal" was close.'
    q = only(text)
    assert q.cue == "said"
    assert q.speaker == "Said Jalili"


def test_sentence_opening_with_a_long_quotation_continues_the_statement():
    text = (
        '"We are ready," said Mayor Ilse Brandt. '
        '"Every district will have its own shelter by winter" to cope with the floods.'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [q.text for q in quotes] == [
        "We are ready,",
        "Every district will have its own shelter by winter",
    ]
    assert {q.speaker for q in quotes} == {"Ilse Brandt"}


def test_quotation_with_a_cue_of_its_own_is_not_a_continuation():
    text = (
        '"We are ready," said Mayor Ilse Brandt. '
        '"Every district will have its own shelter by winter," the columnist Aldo Pinter '
        "wrote in the weekly paper."
    )
    quotes = extract_quotes(text)
    assert all(q.speaker == "Ilse Brandt" for q in quotes if q.text.startswith("We are"))
    assert all(q.speaker != "Ilse Brandt" for q in quotes if q.text.startswith("Every district"))


def test_attribution_in_the_sentence_beats_a_byline_dash():
    text = (
        'Rajo said the party was "still the strongest force in the country."--Kim Ode.\n\n'
        "Other news follows."
    )
    q = only(text)
    assert q.speaker == "Rajo"
    assert q.cue == "said"


def test_name_before_an_aside_in_dashes_is_the_speaker():
    text = (
        "Polls opened early. Jo Sims \u2014 a teacher from Dover \u2014 says she decided late "
        "and that the endorsement was \u201ca big deal.\u201d"
    )
    q = only(text)
    assert q.speaker == "Jo Sims"
    assert q.kind == "mixed"
    assert q.text.startswith("she decided late")


def test_comma_after_a_party_tag_is_not_an_appositive():
    text = "After the count, Gov. Ann Kale (R-Ohio), said, \u201cWe are going west next.\u201d"
    q = only(text)
    assert q.speaker == "Ann Kale"
    assert q.text == "We are going west next."


def test_possessive_noun_phrase_after_the_verb_is_the_speaker():
    q = only("\u201cIt was the night before the vote,\u201d says the ad\u2019s narrator.")
    assert q.speaker == "the ad\u2019s narrator"
    assert q.kind == "direct"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'According to his longtime physician, the senator is in "excellent" health.',
            "his longtime physician",
        ),
        (
            "Rents rose by a third last year, according to estimates by Ana Ruiz of the "
            "Harbor Institute.",
            "Ana Ruiz",
        ),
        (
            'Two files were marked "secret," according to a Defense Department official.',
            "a Defense Department official",
        ),
    ],
)
def test_source_after_according_to(text, speaker):
    q = only(text)
    assert q.cue.lower() == "according to"
    assert speaker in q.speaker
    assert speaker.split()[-1] in text[q.speaker_start : q.speaker_end]


def test_according_to_a_clause_is_not_a_source():
    text = "Prices will rise, according to what the minister told the press."
    assert all(q.cue != "according to" for q in extract_quotes(text))


def test_second_participle_after_and_is_a_statement_of_the_same_speaker():
    text = (
        "Mara Holt defended her father, saying he had hired many women "
        'and calling him "a fair boss."'
    )
    quotes = extract_quotes(text)
    _check_offsets(text, quotes)
    assert [(q.cue, q.text) for q in quotes] == [
        ("saying", "he had hired many women"),
        ("calling", "a fair boss."),
    ]
    assert {q.speaker for q in quotes} == {"Mara Holt"}


def test_participle_after_by_takes_the_clause_subject():
    text = "Senator Ivo Rask caused an uproar last week by saying that the judge was biased."
    q = only(text)
    assert (q.speaker, q.cue, q.text) == ("Ivo Rask", "saying", "the judge was biased")


def test_plain_noun_phrase_subject_before_a_participle():
    text = (
        "The retired surgeon has given no details about his plans, saying in a statement "
        'only that he was "refining some practices."'
    )
    q = only(text)
    assert q.speaker == "the retired surgeon"
    assert q.text == "refining some practices."


@pytest.mark.parametrize("lead", ["He\u2019s", "He's", "He'd"])
def test_pronoun_with_a_contracted_auxiliary_is_the_speaker(lead):
    text = f"Mayor Tom Ekker spoke twice. {lead} claimed that the budget is \u201cbalanced.\u201d"
    q = only(text)
    assert q.cue == "claimed"
    assert q.text == "the budget is \u201cbalanced.\u201d"
    assert q.speaker == "Tom Ekker"


def test_yet_another_said_opens_an_attribution():
    text = 'One delegate praised the plan. Yet another said, "It will never pass."'
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [(q.speaker, q.text) for q in quotes] == [("another", "It will never pass.")]


def test_label_after_which_he_is_his_statement():
    text = 'Reed signed the deal, which he described as "a fair bargain for both sides."'
    quotes = extract_quotes(text)
    assert any(q.cue == "described" and "fair bargain" in q.text for q in quotes)


def test_words_before_several_quotations_make_one_mixed_statement():
    text = 'Rep. Ada Quill said that the panel was "fully committed" and "open to every view."'
    q = only(text)
    assert q.kind == "mixed"
    assert q.text == 'the panel was "fully committed" and "open to every view."'


def test_a_single_quotation_after_that_stays_direct():
    text = 'Rep. Ada Quill said that "the panel is fully committed to an open process."'
    q = only(text)
    assert q.kind == "direct"
    assert q.text == "the panel is fully committed to an open process."


def test_appositive_holding_a_quoted_title():
    text = (
        'Lund, the author of "Quiet Rooms," about life in small towns, said the region '
        "was changing fast."
    )
    q = only(text)
    assert q.speaker == "Lund"
    assert q.text == "the region was changing fast"


def test_short_capitalised_quotation_is_still_a_quotation():
    text = '"Absolutely," Mayor Ina Post said when asked about the vote.'
    q = only(text)
    assert (q.kind, q.text, q.speaker) == ("direct", "Absolutely,", "Ina Post")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"They are plainly wrong," said 9/11 widow Rosa Tamm.', "Rosa Tamm"),
        ('"She hated the prep sessions," said a 2012 Reed veteran.', "a 2012 Reed veteran"),
    ],
)
def test_number_before_the_speaker_after_the_verb(text, speaker):
    q = only(text)
    assert q.speaker == speaker
    assert q.kind == "direct"


def test_appositive_after_a_quotation_without_its_closing_comma():
    text = (
        "\u201cThe race is tightening fast,\u201d Nils Ober, the analyst who runs the "
        "tracker posted on Friday."
    )
    q = only(text)
    assert q.speaker == "Nils Ober"
    assert q.text == "The race is tightening fast,"


def test_role_with_a_name_inside_and_the_person_in_apposition():
    text = (
        "Another delegate on the Reed slate, Ivo Marsh, said he was only \u201cleaning Reed.\u201d"
    )
    q = only(text)
    assert q.speaker == "Ivo Marsh"
    assert q.kind == "mixed"


def test_missing_space_after_a_sentence_end_does_not_hide_the_attribution():
    text = '"The island is ours," Kolt said.Kolt added nothing else.'
    quotes = extract_quotes(text)
    assert [(q.text, q.speaker) for q in quotes if q.kind == "direct"] == [
        ("The island is ours,", "Kolt")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The navy, Admiral Ugo Brandt said, will stay in the strait.",
        "The island, Brandt told reporters, is not for sale.",
    ],
)
def test_attribution_inside_the_clause_keeps_the_whole_clause(text):
    q = only(text)
    assert q.speaker in ("Ugo Brandt", "Brandt")
    assert q.text == text.rstrip(".")


def test_closing_attribution_beats_a_verb_inside_the_reported_clause():
    text = "Iran will respond to any attack, Foreign Minister Ali Reza said on Sunday."
    q = only(text)
    assert (q.speaker, q.cue) == ("Ali Reza", "said")
    assert q.text == "Iran will respond to any attack"


def test_relative_clause_after_the_statement_is_not_its_attribution():
    text = (
        "Ruritanian officials blamed neighbouring Osterlich, accusing it of arming the "
        "rebels, a charge Osterlich quickly rejected."
    )
    quotes = extract_quotes(text)
    assert quotes
    assert all(q.speaker == "Ruritanian officials" for q in quotes)


def test_sentence_opener_after_a_name_is_not_part_of_the_name():
    text = (
        '"We ran for our lives," said Omar Tessel. The guards then opened the doors, he '
        'said. "Nobody stopped us."'
    )
    quotes = extract_quotes(text)
    assert quotes
    assert {q.speaker for q in quotes} == {"Omar Tessel"}


def test_possessive_pronoun_noun_phrase_after_a_quotation():
    q = only('The farm was failing. "We will hold on," my grandfather often said.')
    assert (q.speaker, q.kind) == ("my grandfather", "direct")


def test_to_which_she_said_is_an_attribution():
    text = 'Reed joked that he never lost. To which she said, "You lost twice last year."'
    quotes = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["You lost twice last year."]
    assert quotes[0].cue == "said"


def test_a_body_alone_opening_the_sentence_is_a_speaker():
    q = only('The match is on Sunday. Police say they have "enough officers" for the day.')
    assert (q.speaker, q.kind) == ("Police", "mixed")


def test_a_role_alone_opening_the_sentence_is_not_a_speaker():
    assert extract_quotes("The vote was close. Chairman said nothing about it later.") == []


@pytest.mark.parametrize(
    "aside", ["after meeting Russian officials", "speaking after talks with Iranian diplomats"]
)
def test_adverbial_aside_after_the_speaker_gives_no_actor(aside):
    q = only(f"Lindqvist, {aside}, said the talks were useful.")
    assert (q.speaker, q.actor) == ("Lindqvist", None)


def test_role_aside_after_the_speaker_still_gives_the_actor():
    q = only("Ravanchi, Iran's envoy to the UN, said the talks were useful.")
    assert (q.speaker, q.actor) == ("Ravanchi", "IRN")


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ('"That is simply not true," Mara Velt interjected.', "Mara Velt", "direct"),
        (
            "Governor Ilan Petrov exhorted residents to stay indoors until the shelling ends.",
            "Ilan Petrov",
            "indirect",
        ),
        ('Ana Ruiz likened the blockade to "a slow siege" of the port.', "Ana Ruiz", "mixed"),
        (
            "Her campaign manager, Lea Marsh, emailed that the rally would go ahead.",
            "Lea Marsh",
            "indirect",
        ),
    ],
)
def test_less_common_cues_and_roles(text, speaker, kind):
    q = only(text)
    assert q.speaker == speaker
    assert q.kind == kind


def test_a_report_noun_is_not_a_cue():
    assert extract_quotes("Amid reports that the convoy had turned back, markets steadied.") == []
