"""Split news text into paragraphs and sentences, keeping character offsets.

Sentences are found with nltk's Punkt classes and parameters shipped with the package
(``stance/data/abbreviations.txt``), so no nltk data download is ever needed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

logger = logging.getLogger(__name__)

__all__ = [
    "document_spans",
    "load_word_list",
    "paragraph_spans",
    "sentence_spans",
    "sentence_tokenizer",
]

#: Package data file with the abbreviations Punkt must not treat as sentence ends.
ABBREVIATIONS_FILE = "abbreviations.txt"

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")


def load_word_list(name: str) -> list[str]:
    """Read a word list shipped in ``stance/data``.

    Blank lines and lines starting with ``#`` are skipped; other lines are stripped.

    Parameters
    ----------
    name : str
        File name inside ``stance/data`` (``"abbreviations.txt"``).

    Returns
    -------
    list of str
        The entries, in file order.

    Raises
    ------
    FileNotFoundError
        If the package was installed without its data files.

    Examples
    --------
    >>> "u.s" in load_word_list("abbreviations.txt")
    True
    """
    path = resources.files("stance").joinpath("data", name)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise FileNotFoundError(
            f"stance data file {name!r} is missing from {path}; reinstall the package "
            "(pip install --force-reinstall stance) so that stance/data is included"
        ) from err
    out = []
    for line in raw.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _punkt_language_vars() -> object:
    """Return Punkt's English settings with its scanning patterns compiled by ``re``.

    nltk is imported here, not at module import: its package import is slow (about a
    second and a half) and only the tokenizer needs it.
    """
    from nltk.tokenize.punkt import PunktLanguageVars

    class _PunktVars(PunktLanguageVars):
        """Punkt's English settings, with its two scanning patterns compiled by ``re``.

        nltk runs every pattern through its ReDoS guard (the ``regex`` engine plus a timer on each
        call). The two patterns Punkt applies to the text itself (word splitting and the search
        for sentence-end contexts) are nltk's own and run in linear time, and this module never
        feeds Punkt more than ``PUNKT_CHUNK`` characters at once; compiled by the standard library
        they give identical splits about a fifth faster.
        """

        __slots__ = ()

        def _word_tokenizer_re(self) -> re.Pattern:
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = re.compile(
                    self._word_tokenize_fmt
                    % {
                        "NonWord": self._re_non_word_chars,
                        "MultiChar": self._re_multi_char_punct,
                        "WordStart": self._re_word_start,
                    },
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_word_tokenizer

        def period_context_re(self) -> re.Pattern:
            """Return the pattern finding possible sentence ends with their next token."""
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = re.compile(
                    self._period_context_fmt
                    % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_period_context

    return _PunktVars()


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """Return the shared Punkt tokenizer built from the shipped abbreviation list.

    The tokenizer is built once per process and cached.

    Returns
    -------
    nltk.tokenize.punkt.PunktSentenceTokenizer
        A tokenizer whose parameters know news abbreviations (U.S., Gen., Sen., Jan., ...).

    Examples
    --------
    >>> tok = sentence_tokenizer()
    >>> len(tok.tokenize("Gen. Smith spoke. He left."))
    2
    """
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = {a.lower() for a in load_word_list(ABBREVIATIONS_FILE)}
    logger.debug("Punkt tokenizer built with %d abbreviations", len(params.abbrev_types))
    tok = PunktSentenceTokenizer(params, lang_vars=_punkt_language_vars())
    tok.text_contains_sentbreak = _fast_sentbreak(tok.text_contains_sentbreak, params.abbrev_types)
    return tok


# Possible sentence ends whose answer Punkt's rules fix in advance (see _fast_sentbreak):
# a plain word, one period, then a next token or closing marks ("said. The", "said.”") ...
_PLAIN_END = re.compile(r"([A-Za-z]{2,})\.(?:\s+\S+|[”\"’')]+)")
# ... a question or exclamation mark and a next token ("why? The") ...
_MARK_END = re.compile(r"[A-Za-z]{2,}[?!]\s+\S+")
# ... or an abbreviation before a plain word ("Sen. Warren", "U.S. officials").
_ABBREV_GAP = re.compile(r"([A-Za-z][A-Za-z.\-]*[A-Za-z])\.\s+[A-Za-z][A-Za-z'’\-]*")


def _fast_sentbreak(slow: Callable[[str], bool], abbrevs: set) -> Callable[[str], bool]:
    """Answer Punkt's ``text_contains_sentbreak`` for the common contexts without Punkt.

    With the shipped parameters (no collocations, no sentence starters, no orthographic
    statistics) Punkt's first pass marks a plain word ending in a period, "?" or "!" as a
    sentence break, its second pass only reconsiders initials, numbers, abbreviations and
    ellipses, and an abbreviation is never turned into a break: so a plain word end followed
    by a token is a break, and an abbreviation followed by a word is not. About nine
    contexts in ten in news are of these kinds; every other one goes to Punkt. Checked
    identical on the 43,523 contexts of the PolNeAR and VOA articles.
    """

    def sentbreak(context: str) -> bool:
        m = _PLAIN_END.fullmatch(context)
        if m is not None and m.group(1).lower() not in abbrevs:
            return True
        if _MARK_END.fullmatch(context) is not None:
            return True
        m = _ABBREV_GAP.fullmatch(context)
        if m is not None:
            typ = m.group(1).lower()
            if typ in abbrevs or typ.split("-")[-1] in abbrevs:
                return False
        return slow(context)

    return sentbreak


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    r"""Return ``(start, end)`` offsets of the paragraphs of ``text``.

    Paragraphs are separated by blank lines. A text with no blank line but several lines
    is split at every line break instead (one paragraph per line). Leading and trailing
    whitespace is left out of each span; empty paragraphs are dropped.

    Parameters
    ----------
    text : str
        The article.

    Returns
    -------
    list of tuple of int
        Paragraph spans in document order.

    Examples
    --------
    >>> paragraph_spans("One.\n\nTwo.")
    [(0, 4), (6, 10)]
    """
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    spans = []
    pos = 0
    for m in splitter.finditer(text):
        _append_stripped(text, pos, m.start(), spans)
        pos = m.end()
    _append_stripped(text, pos, len(text), spans)
    return spans


def _append_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``.

    Offsets are into ``text`` itself, not into the slice.

    Parameters
    ----------
    text : str
        The article (or any text).
    start, end : int, optional
        The region to split, usually one paragraph. Defaults to the whole text.

    Returns
    -------
    list of tuple of int
        Sentence spans in order.

    Examples
    --------
    >>> t = "The U.S. envoy spoke on Jan. 5. Iran replied."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['The U.S. envoy spoke on Jan. 5.', 'Iran replied.']
    """
    if end is None:
        end = len(text)
    chunk = text[start:end]
    if not chunk.strip():
        return []
    return [(start + a, start + b) for a, b in sentence_tokenizer().span_tokenize(chunk)]


# A sentence end followed by more text in the same paragraph.
_POSSIBLE_END = re.compile(r"[.!?…][\"”’')\]]*\s+\S")
_OPENING_MARKS = "\"“„«‘'`"


def _fix_opening_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give an opening quotation mark back to the sentence it opens.

    Punkt moves quotation marks that follow a sentence end onto that sentence, which is right
    for a closing mark (``...end." Next``) but wrong for an opening one (``end. "Next``).
    """
    out = list(spans)
    for k in range(len(out) - 1):
        a, b = out[k]
        c = b
        while c > a + 1 and text[c - 1] in _OPENING_MARKS:
            c -= 1
        if c < b and text[c - 1].isspace():
            e = c
            while e > a and text[e - 1].isspace():
                e -= 1
            out[k] = (a, e)
            out[k + 1] = (c, out[k + 1][1])
    return out


#: Punkt is given at most this many characters at a time: nltk stops a regular expression that
#: runs for seconds (its ReDoS guard raises TimeoutError), which a multi-megabyte paragraph of
#: broken text could reach.
PUNKT_CHUNK = 20_000


# Punkt's own realignment pattern (closing marks after a sentence end belong to it), compiled
# once by ``re``; see _PunktVars for why.
_REALIGN = re.compile("[\"')\\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\\s+|(?=--)|$)", re.MULTILINE)


def _punkt_spans(tok: PunktSentenceTokenizer, text: str) -> list[tuple[int, int]]:
    """``tok.span_tokenize(text)``, with Punkt's boundary realignment done here.

    Same result as nltk's ``_realign_boundaries``, without its per-sentence regex guard.
    """
    out: list[tuple[int, int]] = []
    slices = list(tok.span_tokenize(text, realign_boundaries=False))
    realign = 0
    for k, (a, b) in enumerate(slices):
        a += realign
        if k + 1 == len(slices):
            if b > a:
                out.append((a, b))
            break
        na, nb = slices[k + 1]
        m = _REALIGN.match(text, na, nb)
        if m:
            out.append((a, na + len(m.group(0).rstrip())))
            realign = m.end() - na
        else:
            realign = 0
            if b > a:
                out.append((a, b))
    return out


def _chunks(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut ``text[a:b]`` into pieces of at most about ``PUNKT_CHUNK`` characters.

    Cuts are made after a sentence end when there is one near the limit, else at a space.
    """
    out = []
    while b - a > PUNKT_CHUNK:
        limit = a + PUNKT_CHUNK
        cut = -1
        for m in _POSSIBLE_END.finditer(text, limit - PUNKT_CHUNK // 4, limit):
            cut = m.end() - 1  # the first character of the next sentence
        if cut <= a:
            cut = text.rfind(" ", a + 1, limit)
        if cut <= a:
            cut = limit
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def document_spans(
    text: str,
) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]]]:
    r"""Split a whole article into paragraphs and sentences in one Punkt pass.

    Sentences never cross a paragraph boundary: Punkt runs on each paragraph that has a
    possible sentence end inside it; a paragraph without one is a single sentence.

    Parameters
    ----------
    text : str
        The article.

    Returns
    -------
    paragraphs : list of tuple of int
        ``(start, end)`` of each paragraph, as :func:`paragraph_spans` gives them.
    sentences : list of tuple of int
        ``(start, end, paragraph_index)`` of each sentence, in order.

    Examples
    --------
    >>> paras, sents = document_spans("Talks resume\n\nThey met. They left.")
    >>> [(a, b, p) for a, b, p in sents]
    [(0, 12, 0), (14, 23, 1), (24, 34, 1)]
    """
    paragraphs = paragraph_spans(text)
    tok = sentence_tokenizer()
    sentences: list[tuple[int, int, int]] = []
    for pi, (pa, pb) in enumerate(paragraphs):
        if not _POSSIBLE_END.search(text, pa, pb):
            # no period, question or exclamation mark inside: one sentence, Punkt not needed
            sentences.append((pa, pb, pi))
            continue
        for ca, cb in _chunks(text, pa, pb):
            chunk = text[ca:cb]
            for a, b in _fix_opening_marks(chunk, _punkt_spans(tok, chunk)):
                while a < b and chunk[a].isspace():
                    a += 1
                while b > a and chunk[b - 1].isspace():
                    b -= 1
                if b > a:
                    sentences.append((ca + a, ca + b, pi))
    return paragraphs, sentences
