"""Example articles: the hand-written ones shipped in ``stance/data/examples`` and a generator.

Everything here is invented by the stance team (see ``data/examples/README.md``): the
generator composes dated news-style articles from statement pieces written for the purpose,
so that notebooks and benchmarks have a few hundred (or thousand) articles to score, with
stance that rises and falls over time per confrontation.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from importlib import resources

import pandas as pd

#: Names of the hand-written example articles (files ``data/examples/<name>.txt``).
EXAMPLE_NAMES: tuple[str, ...] = (
    "strait_standoff",
    "line_of_control",
    "drone_night",
    "peninsula_launch",
)


def example_article(name: str = "strait_standoff") -> str:
    """Return the text of one hand-written example article.

    Parameters
    ----------
    name : str, default "strait_standoff"
        One of :data:`EXAMPLE_NAMES`; ``"strait_standoff"`` is the README's quick-start article.

    Returns
    -------
    str
        The article: title line, blank line, then paragraphs separated by blank lines.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`EXAMPLE_NAMES`.

    Examples
    --------
    >>> from stance._examples import example_article
    >>> example_article().splitlines()[0]
    'Gulf tensions rise after tense night-time encounter in the Strait of Hormuz'
    """
    if name not in EXAMPLE_NAMES:
        raise ValueError(f"no example article {name!r}; pass one of {list(EXAMPLE_NAMES)}")
    path = resources.files("stance").joinpath("data", "examples", f"{name}.txt")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- pieces
# Who speaks for whom: (speaker phrase, pronoun or None). Names of people are invented.
_SPEAKERS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "USA": (
        ("US Secretary of State Karen Whitfield", "she"),
        ("Pentagon spokesman Daniel Reyes", "he"),
        ("the White House", None),
    ),
    "IRN": (
        ("Iranian Foreign Minister Hamid Nouri", "he"),
        ("Revolutionary Guards commander Hossein Farahani", "he"),
        ("Iran's Foreign Ministry spokeswoman Leila Sadeghi", "she"),
    ),
    "IND": (
        ("Indian Defence Minister Vikram Rao", "he"),
        ("India's External Affairs Ministry spokesman Arun Iyer", "he"),
    ),
    "PAK": (
        ("Pakistani Foreign Minister Sana Malik", "she"),
        ("Pakistan army spokesman Major General Tariq Mahmood", "he"),
    ),
    "RUS": (
        ("Kremlin spokesman Sergei Volkov", "he"),
        ("Russian Foreign Ministry spokeswoman Irina Sokolova", "she"),
    ),
    "UKR": (
        ("Ukrainian Foreign Minister Taras Bondar", "he"),
        ("Ukraine's air force spokesman Yuriy Kovalenko", "he"),
    ),
    "CHN": (
        ("Chinese Foreign Ministry spokesman Wang Lei", "he"),
        ("China's Defence Ministry spokeswoman Zhao Ming", "she"),
    ),
    "TWN": (
        ("Taiwan's Defence Minister Lin Chia-hao", "he"),
        ("Taiwan's presidential office spokeswoman Chen Yu-ting", "she"),
    ),
    "PRK": (
        ("North Korean official Ri Song Chol", "he"),
        ("North Korea's Defence Ministry", None),
    ),
    "KOR": (
        ("South Korean Unification Minister Choi Min-ho", "he"),
        ("South Korea's Defence Ministry spokeswoman Park Ji-yeon", "she"),
    ),
    "JPN": (("Japanese Defence Minister Kenji Morita", "he"),),
    "TUR": (("Turkish Foreign Minister Selim Arslan", "he"),),
    "UN": (
        ("UN Secretary-General Elena Marquez", "she"),
        ("a UN spokesman", "he"),
    ),
    "EU": (("EU foreign policy chief Anna Lindqvist", "she"),),
    "NATO": (("NATO Secretary General Ingrid Haugland", "she"),),
}

# How each side refers to itself in reported speech ("{us}") and how others name it ("{them}").
_SEATS = {
    "USA": "Washington",
    "IRN": "Tehran",
    "IND": "New Delhi",
    "PAK": "Islamabad",
    "RUS": "Moscow",
    "UKR": "Kyiv",
    "CHN": "Beijing",
    "TWN": "Taipei",
    "PRK": "Pyongyang",
    "KOR": "Seoul",
    "JPN": "Tokyo",
    "TUR": "Ankara",
    "UN": "the United Nations",
    "EU": "the European Union",
    "NATO": "the alliance",
}
_SHORT = {
    "USA": "US",
    "IRN": "Iran",
    "IND": "India",
    "PAK": "Pakistan",
    "RUS": "Russia",
    "UKR": "Ukraine",
    "CHN": "China",
    "TWN": "Taiwan",
    "PRK": "North Korea",
    "KOR": "South Korea",
}

# Confrontations: the two sides, third parties, the place, and the day (0-180) and width of
# the crisis peak, so that stance rises and falls over the half-year the generator covers.
_CONFLICTS = {
    "gulf": (("USA", "IRN"), ("UN", "EU", "CHN"), "the Gulf", 40, 18),
    "kashmir": (("IND", "PAK"), ("UN", "CHN", "USA"), "Kashmir", 110, 15),
    "black_sea": (("RUS", "UKR"), ("TUR", "NATO", "UN"), "the Black Sea", 75, 30),
    "taiwan_strait": (("CHN", "TWN"), ("USA", "JPN", "EU"), "the Taiwan Strait", 150, 20),
    "peninsula": (("PRK", "KOR"), ("USA", "JPN", "CHN"), "the Korean peninsula", 20, 25),
}

# Statement pieces per label: (direct words, reported clause). {them} is the other side,
# {us} the speaker's own side, {place} the region.
_PIECES: dict[str, tuple[tuple[str, str], ...]] = {
    "escalatory": (
        (
            "Any further provocation by {them} will be met with a crushing response",
            "{us} would meet any further provocation with a crushing response",
        ),
        (
            "All options remain on the table, including military ones",
            "all options, including military ones, remained on the table",
        ),
        (
            "{them} should not test our resolve, because the price will be very high",
            "{them} would pay a very high price if it tested {us}",
        ),
        (
            "We will not sit at the table while {them} keeps making threats",
            "{us} would not negotiate while {them} kept making threats",
        ),
        (
            "Our forces are ready to strike at a moment's notice",
            "{us} had forces ready to strike at a moment's notice",
        ),
        (
            "This is an act of aggression and {them} will pay for it",
            "{them} had committed an act of aggression and would pay for it",
        ),
        (
            "We are sending more warships and aircraft to {place} starting today",
            "{us} was sending more warships and aircraft to {place}",
        ),
        (
            "If {them} crosses this line again, we will hit back harder than before",
            "{us} would hit back harder if {them} crossed the line again",
        ),
        (
            "New sanctions are coming, and they will hurt",
            "new sanctions against {them} were coming and would hurt",
        ),
        (
            "Our patience has run out and the time for warnings is over",
            "the patience of {us} had run out",
        ),
    ),
    "de-escalatory": (
        (
            "We are ready to sit down and talk without preconditions",
            "{us} was ready to talk without preconditions",
        ),
        (
            "Nobody wins a war in {place}, and we do not want one",
            "{us} did not want a war in {place}",
        ),
        (
            "Both sides must show restraint and lower the temperature",
            "both sides needed to show restraint and lower tensions",
        ),
        (
            "We welcome the pause in the fighting and hope it holds",
            "{us} welcomed the pause in the fighting",
        ),
        (
            "Diplomacy is the only way out of this crisis",
            "diplomacy was the only way out of the crisis",
        ),
        (
            "We are prepared to mediate between the two sides",
            "{us} was prepared to mediate between the two sides",
        ),
        (
            "Let us return to the ceasefire and give negotiations a chance",
            "the parties should return to the ceasefire and give negotiations a chance",
        ),
        (
            "Our channels of communication with {them} remain open",
            "channels of communication with {them} remained open",
        ),
        (
            "The shelling must stop at once so that aid can reach civilians",
            "the shelling had to stop so that aid could reach civilians",
        ),
        (
            "We have pulled back some units as a sign of good will",
            "{us} had pulled back some units as a sign of good will",
        ),
    ),
    "self-defense": (
        (
            "We acted in self-defence after our positions came under fire",
            "{us} had acted in self-defence after its positions came under fire",
        ),
        (
            "Under Article 51 of the UN Charter we have every right to defend ourselves",
            "{us} had the right to defend itself under Article 51 of the UN Charter",
        ),
        (
            "Our strike was a proportionate response to the attack on our soldiers",
            "{us} had struck in proportionate response to an attack on its soldiers",
        ),
        (
            "We will protect our citizens and our territory against any aggression",
            "{us} would protect its citizens and territory against any aggression",
        ),
        (
            "Our forces only returned fire after they were attacked",
            "the forces of {us} had only returned fire after they were attacked",
        ),
        (
            "We did not start this, but we have a duty to defend our sovereignty",
            "{us} had not started the clash but had a duty to defend its sovereignty",
        ),
        (
            "The operation was a legitimate response to repeated attacks by {them}",
            "the operation was a legitimate response to repeated attacks by {them}",
        ),
        (
            "Our patrols are there to protect our ships and crews, nothing more",
            "the patrols of {us} were there only to protect ships and crews",
        ),
    ),
    "neutral": (
        (
            "The meeting will take place in Geneva next Tuesday",
            "the meeting would take place in Geneva the following week",
        ),
        (
            "Three soldiers were wounded and have been taken to hospital",
            "three soldiers had been wounded and taken to hospital",
        ),
        (
            "We are still collecting information about what happened",
            "officials were still collecting information about the incident",
        ),
        (
            "The minister will travel to the region at the end of the month",
            "the minister would travel to the region at the end of the month",
        ),
        (
            "Our thoughts are with the families of the victims",
            "the thoughts of {us} were with the families of the victims",
        ),
        (
            "The figures will be published in the annual report",
            "the figures would be published in the annual report",
        ),
        (
            "The talks also covered trade, energy and tourism",
            "the talks had also covered trade, energy and tourism",
        ),
        (
            "Our embassy is open and working normally",
            "the embassy of {us} was open and working normally",
        ),
    ),
}

_CUES = {
    "escalatory": ("said", "warned", "declared"),
    "de-escalatory": ("said", "stressed", "told reporters"),
    "self-defense": ("said", "insisted", "argued"),
    "neutral": ("said", "told reporters", "noted"),
}

_TITLES = (
    "{a} and {b} trade warnings over {place}",
    "Tension in {place} as {a} and {b} face off",
    "{a} accuses {b} as standoff in {place} drags on",
    "Calls for calm as {place} confrontation deepens",
    "Diplomats scramble after new incident in {place}",
)

_BACKGROUND = (
    "The incident was the latest in a series of confrontations in {place} this year.",
    "Officials from both governments gave differing accounts of what happened.",
    "The two sides last held formal talks more than a year ago.",
    "Regional markets were little changed after the news.",
    "Independent observers were not able to confirm the details.",
    "Shipping companies said they were watching the situation closely.",
    "Residents of border areas said they had heard explosions overnight.",
    "Analysts said neither side appeared to want a wider conflict.",
    "Diplomats in the region described the mood as tense but said contacts were continuing.",
    "Satellite images taken this week showed more ships and aircraft than usual in the area.",
    "The United Nations Security Council was due to discuss the region at a session next week.",
    "Both governments have accused each other of similar violations several times this year.",
)

_OUTLETS = ("Harbour Post", "Continental Wire", "Evening Ledger", "Meridian News")
_START = date(2026, 1, 1)
_DAYS = 181


def _label_weights(role: str, tension: float) -> list[float]:
    """Chances of each label (in _PIECES order) for a side or a third party at some tension."""
    if role == "side":
        return [
            0.10 + 0.55 * tension,
            0.45 - 0.35 * tension,
            0.10 + 0.20 * tension,
            0.35 - 0.20 * tension,
        ]
    return [0.03 + 0.07 * tension, 0.35 + 0.25 * tension, 0.02, 0.60 - 0.32 * tension]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _statement(rng: random.Random, actor: str, other: str, role: str, place: str, tension: float):
    labels = list(_PIECES)
    label = rng.choices(labels, weights=_label_weights(role, tension))[0]
    direct, reported = rng.choice(_PIECES[label])
    fill = {"them": _SEATS.get(other, other), "us": _SEATS[actor], "place": place}
    return label, direct.format(**fill), reported.format(**fill)


def _paragraph(rng: random.Random, label: str, direct: str, reported: str, speaker, again: bool):
    """Write one statement as a direct, reported, 'according to' or mixed quotation."""
    phrase, pronoun = speaker
    cue = rng.choice(_CUES[label])
    # a pronoun only right after the same speaker's previous statement, as reporters write
    who = pronoun if again and pronoun is not None else phrase
    form = rng.choices(("direct", "lead", "reported", "according", "mixed"), (4, 2, 2, 1, 1))[0]
    if form == "direct":
        return f'"{_capitalise(direct)}," {who} {cue}.'
    if form == "lead":
        return f'{_capitalise(who)} {cue}: "{_capitalise(direct)}."'
    if form == "according":
        return f"{_capitalise(reported)}, according to {phrase}."
    cue = "said" if cue == "told reporters" else cue
    if form == "mixed":
        words = reported.split()
        return f'{_capitalise(who)} {cue} that {" ".join(words[:3])} "{" ".join(words[3:])}."'
    return f"{_capitalise(who)} {cue} that {reported}."


def _article(rng: random.Random, conflict: str, day: int) -> tuple[str, str]:
    sides, others, place, peak, width = _CONFLICTS[conflict]
    tension = math.exp(-(((day - peak) / width) ** 2))
    a, b = sides
    title = rng.choice(_TITLES).format(a=_SHORT[a], b=_SHORT[b], place=place)
    when = _START + timedelta(days=day)
    lead = (
        f"{when:%B} {when.day}, {when.year} - {_SHORT[a]} and {_SHORT[b]} exchanged accusations "
        f"on {when:%A} after a new incident in {place}, officials said."
    )
    paragraphs = [title, lead]
    last_speaker = None
    for _ in range(rng.randint(4, 8)):
        actor = rng.choice((a, b, a, b, *others))
        role = "side" if actor in sides else "third"
        other = b if actor == a else a
        speaker = rng.choice(_SPEAKERS[actor])
        label, direct, reported = _statement(rng, actor, other, role, place, tension)
        text = _paragraph(rng, label, direct, reported, speaker, speaker == last_speaker)
        last_speaker = speaker
        if rng.random() < 0.3:
            # a second statement by the same speaker, given with a pronoun or "added"
            _, direct2, _ = _statement(rng, actor, other, role, place, tension)
            who = speaker[1] or speaker[0]
            text += f' "{_capitalise(direct2)}," {who} added.'
        paragraphs.append(text)
        if rng.random() < 0.5:
            last_speaker = None
            paragraphs.append(rng.choice(_BACKGROUND).format(place=place))
    return title, "\n\n".join(paragraphs) + "\n"


def example_articles(n: int = 300, *, seed: int = 0) -> pd.DataFrame:
    """Compose ``n`` dated example articles about five confrontations (deterministic).

    Parameters
    ----------
    n : int, default 300
        Number of articles.
    seed : int, default 0
        Seed of the random choices; the same ``(n, seed)`` always gives the same articles.

    Returns
    -------
    DataFrame
        One row per article, sorted by date (January to June 2026), with columns
        ``article_id`` (``"ex-00001"``...), ``date`` (datetime64), ``outlet``, ``conflict``,
        ``title`` and ``text``.

    Examples
    --------
    >>> from stance._examples import example_articles
    >>> articles = example_articles(5)
    >>> list(articles.columns)
    ['article_id', 'date', 'outlet', 'conflict', 'title', 'text']
    """
    rng = random.Random(seed)
    days = sorted(rng.randrange(_DAYS) for _ in range(n))
    rows = []
    for i, day in enumerate(days, start=1):
        conflict = rng.choice(list(_CONFLICTS))
        title, text = _article(rng, conflict, day)
        rows.append(
            {
                "article_id": f"ex-{i:05d}",
                "date": pd.Timestamp(_START + timedelta(days=day)),
                "outlet": rng.choice(_OUTLETS),
                "conflict": conflict,
                "title": title,
                "text": text,
            }
        )
    columns = ["article_id", "date", "outlet", "conflict", "title", "text"]
    return pd.DataFrame(rows, columns=columns)
