"""Find attributed statements (direct, indirect and mixed quotations) in news text.

The extractor is rule based and runs in one pass over the article:

1. paragraphs and sentences are found (:mod:`stance.sentences`, nltk's Punkt with shipped
   parameters);
2. quotation-mark spans are paired by a small state machine that knows straight, curly and
   single marks, guillemets, ``''double apostrophes''``, apostrophes (Iran's, '90s) and
   quotations that news reopens at each paragraph; an unmatched mark is closed best-effort;
3. sentences are joined into *frames* where a quotation runs over several sentences; each
   frame is searched, outside its quotations, for an attribution: a cue from
   ``stance/data/cues.txt`` with a speaker phrase before it ("X said ..."), after it
   ('"...," said X'), inside the sentence ("The US, X said, ...") or after "according to";
   sentences that open with the verb ('Added X: "..."', 'Said Ana Ruiz, "..."'), a name and
   a colon, or a sentence about a person ending in a colon before a quotation are
   attributions too, and so is a dash and a name signing a quotation at the end of its line
   ('"..." ― Ana Ruiz') or on a line of its own after a quoted paragraph ("- Ruiz."); speaker
   phrases may be plain noun phrases ("the New York businessman", "the paper's editorial
   board"), a role with the name in apposition ("Her campaign manager, Lea Marsh,"), a name
   before an aside in dashes or before an appositive holding a quoted title; the object of
   an opening phrase glued to the speaker ("After meeting Russian officials Lindqvist said")
   is split off, and neither it nor an adverbial aside ("Lindqvist, after meeting Russian
   officials, said") gives the speaker an actor;
4. the words the cue governs become the statement: the quotations themselves when they fill
   the reported clause (``direct``; words before several quotations make one ``mixed``
   statement), else the clause (``mixed`` with marks, or ``indirect``); a second cue of the
   same speaker (", adding that ...", "... and said ...", ", saying ... and calling ...")
   starts a second statement, and a quotation with no attribution right after a statement
   (alone in its sentence, or opening a sentence that has no cue) continues it;
5. speakers are resolved in a per-document memory: surname -> fullest name, a role
   ("the Pakistani envoy") -> the person named with that role, he/she -> the most recent
   compatible speaker or sentence subject (gender learnt from titles and earlier pronouns),
   it/they -> the most recent body or group; actors come from :func:`stance.actors.actor_for`
   on the fullest mention and are carried through the document; an institution every state
   has ("the Foreign Office", "the Defence Ministry", "the military", "the government")
   takes the state the article gives it elsewhere ("Pakistan's Foreign Office"), else none;
   a short form ("the Guards") takes the body named earlier ("the Revolutionary Guards"); a
   bare role ("A spokesman", "Spokeswoman Lea Roth", "its envoy") takes the body that opens
   the same or the previous sentence of the paragraph ("The Japanese Foreign Ministry ...");
   a paragraph opening with a capital ("In Ankara, ...") gives its state to a speaker in
   that sentence; ", he said, and they will ..." continues the reported clause for the same
   speaker.

Word lists (cues, title and role words) are package data: ``stance/data/cues.txt`` and
``stance/data/quote_titles.txt``.

Notes
-----
Known limits: anonymous sources ("analysts said", "a source said") and the writer's own
sentences are not statements ("one said" and "another said" right after a quotation are);
thoughts and evidence ("believes", "a poll found") are not cues; a speaker phrase with a
long appositive containing commas (other than an age, a "who" clause or a quoted title), or
a nested attribution ("X said Y told him ...") gives the outer speaker only; a noun phrase
joined by "and" ("the senator and presidential candidate said") is not a speaker.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from stance.actors import _is_commentator, _mentions_with_kind, actor_for
from stance.sentences import document_spans, load_word_list

logger = logging.getLogger(__name__)

__all__ = ["Quote", "extract_quotes"]


class Quote(NamedTuple):
    """One attributed statement found in an article.

    Attributes
    ----------
    text : str
        The quoted words without the surrounding quotation marks (direct), or the reported
        clause (indirect, mixed). Always ``article[start:end] == text``.
    start, end : int
        Character offsets of ``text`` in the article.
    speaker : str or None
        The speaker's fullest name in the article, or the institution; ``None`` when the
        article gives no one.
    speaker_start, speaker_end : int or None
        Offsets of the speaker mention in this attribution; ``None`` when the speaker was
        resolved from a pronoun or a continuation.
    actor : str or None
        Whom the speaker speaks for: ISO 3166 alpha-3 for states, a short name for bodies.
    cue : str or None
        The attribution verb or phrase as written (``"said"``, ``"according to"``; the dash
        of a quotation signed '"..." ― Ana Ruiz'), ``None`` for a name and a colon or a
        continuation.
    kind : str
        ``"direct"``, ``"indirect"`` or ``"mixed"``.
    paragraph, sentence : int
        Zero-based indices of the paragraph and sentence where the statement starts.
    """

    text: str
    start: int
    end: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    actor: str | None
    cue: str | None
    kind: str
    paragraph: int
    sentence: int


# ---------------------------------------------------------------------------------------------
# Word lists (package data) and compiled patterns, built once.
# ---------------------------------------------------------------------------------------------

CUES_FILE = "cues.txt"
TITLES_FILE = "quote_titles.txt"

_DOUBLE_MARKS = '"“”„‟«»″'
_DOUBLE_OPENERS = "“„‟«"
_DOUBLE_CLOSERS = "”»"
_SINGLE_MARKS = "'‘’‚‛‹›′"
_SINGLE_OPENERS = "‘‚‛‹"
_SINGLE_CLOSERS = "’›"
_ALL_MARKS = _DOUBLE_MARKS + _SINGLE_MARKS
# Two apostrophes or backticks stand for a double mark in some styles (''quote'').
_MARK_RE = re.compile("''|``|[" + re.escape(_ALL_MARKS) + "]")
# Characters after which an opening mark may stand (start of a word group).
_OPEN_BEFORE = set(" \t\n\r\f\v\u00a0([{—–-/:;,") | set(_ALL_MARKS)
# An apostrophe that starts a word: '90s, 'em, 'til, 'cause, rock 'n' roll.
_ELISION_RE = re.compile(r"(?:\d\d?s?\b|em\b|til\b|cause\b|n\b|twas\b|tis\b)", re.IGNORECASE)
# Single-quoted spans longer than this are taken for apostrophes gone astray.
_MAX_SINGLE_SPAN = 700

_WORD_RE = re.compile(r"\w[\w.'’\-]*|[^\w\s]")

_PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": "p",
    "it": "i",
    "we": "p",
    "i": "s",
}
# Auxiliaries and adverbs that may stand between a speaker and the cue ("has also said").
_AUX = frozenset(
    "now has have had was is were are will would could can may might should must shall did "
    "does do "
    "been being also later again then previously earlier repeatedly once already recently "
    "separately subsequently further never not reportedly publicly privately initially first "
    "last finally quickly immediately flatly strongly firmly bluntly explicitly openly directly "
    "simply even still just often frequently today yesterday tonight himself herself itself "
    "themselves both all each jointly".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_TIME_NOUNS = frozenset("week month year night morning afternoon evening weekend".split())
_DAY_NOUNS = _TIME_NOUNS | {"day"}
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words that join the parts of a speaker phrase ("spokesman for the Ministry of Defense").
_CONNECTORS = frozenset(
    "of the a an for to at and de del della di da al el bin ibn van von der la le".split()
)
_DETERMINERS = frozenset("the a an".split())
# Title words naming bodies and documents, not people ("the ministry", "the report").
_BODIES = frozenset(
    "ministry ministries government governments office department council commission "
    "committee agency embassy mission presidency cabinet parliament assembly authorities "
    "authority regime junta movement group army military navy forces force troops police "
    "administration party union alliance bloc coalition campaign delegation guard guards "
    "corps staff service services intelligence statement report petition letter email e-mail "
    "memo memorandum lawsuit complaint filing study survey poll editorial tweet newspaper "
    "paper website ad advertisement source sources watchdog monitor organization "
    "organisation".split()
)
# Title words too general to identify a person's role ("former", "top", "senior").
_ROLE_FILLERS = frozenset(
    "former top senior deputy acting vice chief head foreign state national high special "
    "permanent joint general official".split()
)
_CONJUNCTIONS = frozenset("but and so yet also still then or nor".split())
# Words that open a clause, never a speaker phrase ("said that ...", "asked whether ...").
_CLAUSE_WORDS = frozenset("that which who whom whose whether if how what when why where".split())
# Capitalised words that start sentences or clauses but are never part of a speaker phrase.
_CAP_STOP = frozenset(
    "but and however meanwhile also so yet then still in on at as after before when while if "
    "despite unlike amid among "
    "although though because since for with without this that these those such last earlier "
    "later now today yesterday there here his her its their our my your what which who whom "
    "whose where why how instead moreover furthermore indeed nevertheless nonetheless thus "
    "asked speaking writing not no or nor by from into during under over about against "
    "between among through until unless whether both either neither every each some many "
    "most more few one two three four five six seven eight nine ten "
    "photo video related".split()
)
# Words that may follow a cue without starting the reported clause (", he said on Monday.").
_TRAILER_START = frozenset(
    "in on at during after before while when last this earlier late yesterday today tonight "
    "from via through by to as later afterwards shortly of about into with without outside back "
    "inside near amid among following over".split()
)
# Generic people words that, without a name or an institution, are anonymous sources.
_ANONYMOUS = frozenset(
    "analysts analyst experts expert sources source observers critics people residents "
    "witnesses some others many".split()
)
_RECIPIENTS = frozenset(
    "reporters journalists lawmakers legislators him her them us me you "
    "supporters delegates students viewers listeners parliament".split()
)


def _letters(s: str) -> int:
    return sum(map(str.isalnum, s))


@dataclass(frozen=True)
class _Lexicon:
    cue_re: re.Pattern
    cue_kind: dict  # form -> section
    titles: frozenset
    gender: dict

    def cues(self, text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """Cue matches ``(start, end, form)`` in ``text[lo:hi]``."""
        return [(m.start(), m.end(), m.group()) for m in self.cue_re.finditer(text, lo, hi)]


class _DocLexicon:
    """The lexicon plus the cue matches of one document, found in a single pass."""

    def __init__(self, lex: _Lexicon, text: str) -> None:
        self.cue_re = lex.cue_re
        self.cue_kind = lex.cue_kind
        self.titles = lex.titles
        self.gender = lex.gender
        self._matches = lex.cues(text, 0, len(text))
        self._starts = [m[0] for m in self._matches]

    def cues(self, text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """Cue matches ``(start, end, form)`` inside ``text[lo:hi]``."""
        i = bisect.bisect_left(self._starts, lo)
        out = []
        while i < len(self._matches) and self._matches[i][1] <= hi:
            out.append(self._matches[i])
            i += 1
        return out


def _trie_pattern(forms: list[str]) -> str:
    """One regex for many literal forms, shaped like a trie (longer forms tried first).

    A plain alternation of hundreds of forms is tried form by form at every position; the
    trie shares prefixes, which keeps the single pass over an article fast.
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        end = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Load cue and title lists from package data (once per process)."""
    section = None
    cue_kind: dict[str, str] = {}
    for line in load_word_list(CUES_FILE):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section is None:
            continue
        for form in line.split(","):
            form = " ".join(form.split())
            if form:
                cue_kind.setdefault(form, section)
    # Forms are matched case-sensitively; "According to" at a sentence start is added here.
    pattern = _trie_pattern([*cue_kind, "According to"])
    cue_re = re.compile(r"(?<![\w'’\-])" + pattern + r"(?![\w'’\-])")
    titles = set()
    gender: dict[str, str] = {}
    for line in load_word_list(TITLES_FILE):
        parts = line.split()
        word = parts[0].lower()
        titles.add(word)
        titles.add(word.rstrip("."))
        if len(parts) > 1 and parts[1] in ("m", "f"):
            gender[word.rstrip(".")] = parts[1]
    return _Lexicon(cue_re, cue_kind, frozenset(titles), gender)


# ---------------------------------------------------------------------------------------------
# Quotation-mark spans
# ---------------------------------------------------------------------------------------------


@dataclass
class _Span:
    open: int  # offset of the opening mark (== cstart when the mark is missing)
    cstart: int  # content start
    cend: int  # content end
    close: int  # offset after the closing mark (== cend when the mark is missing)
    group: int  # spans of one quotation reopened over paragraphs share a group
    double: bool = True


def _is_opener(text: str, i: int, e: int, n: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[e] if e < n else " "
    return prev in _OPEN_BEFORE and not nxt.isspace()


def _is_closer(text: str, i: int, e: int, n: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[e] if e < n else " "
    return not prev.isspace() and not nxt.isalnum()


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _find_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[_Span]:
    """Pair quotation marks into content spans, paragraph by paragraph.

    Double marks are paired across the paragraph only when the next paragraph reopens the
    quotation (news style); otherwise an unclosed mark ends at its paragraph's end. Single
    marks pair only inside one paragraph and never inside a double-quoted span.
    """
    n = len(text)
    spans: list[_Span] = []
    group = 0
    carry = False  # a double quotation is open at the end of the previous paragraph
    for pstart, pend in paragraphs:
        open_at = -1  # content start of the open double quotation, -1 if none
        open_mark = -1
        skip_at = -1
        if carry:
            # News reopens a quotation running over paragraphs with a mark at the start of
            # each new paragraph; without one, the previous quotation was simply unclosed.
            if text[pstart] in _DOUBLE_MARKS or text.startswith(("''", "``"), pstart):
                width = 2 if text.startswith(("''", "``"), pstart) else 1
                open_mark, open_at = pstart, pstart + width
                skip_at = pstart
            else:
                group += 1
        carry = False
        s_open = -1  # content start of an open single quotation
        s_mark = -1
        for m in _MARK_RE.finditer(text, pstart, pend):
            i, e = m.start(), m.end()
            ch = text[i] if e == i + 1 else '"'
            if i == skip_at:
                continue
            if ch in _DOUBLE_MARKS:
                if open_at < 0:
                    if _is_opener(text, i, e, n) or (ch in _DOUBLE_OPENERS and e < n):
                        open_mark, open_at = i, e
                        s_open = -1
                    # else: a stray closing mark; ignore it
                    continue
                if (
                    _is_closer(text, i, e, n)
                    or ch in _DOUBLE_CLOSERS
                    or not _is_opener(text, i, e, n)
                ):
                    a, b = _trim(text, open_at, i)
                    if b > a:
                        spans.append(_Span(open_mark, a, b, e, group))
                    group += 1
                    open_at = -1
                    continue
                # A new opening mark while one is open: the earlier mark was never closed.
                a, b = _trim(text, open_at, i)
                if b > a:
                    spans.append(_Span(open_mark, a, b, b, group))
                group += 1
                open_mark, open_at = i, e
                continue
            if open_at >= 0:
                continue  # single marks inside a double quotation are nested quotes
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < n else " "
            if prev.isalnum() and nxt.isalnum():
                continue  # apostrophe: Iran's, don't
            if s_open < 0:
                if (
                    prev in _OPEN_BEFORE
                    and (nxt.isalnum() or ch in _SINGLE_OPENERS)
                    and not nxt.isspace()
                    and not _ELISION_RE.match(text, i + 1)
                ):
                    s_mark, s_open = i, i + 1
                continue
            if ch in _SINGLE_OPENERS:
                s_mark, s_open = i, i + 1
                continue
            if not prev.isspace() and not nxt.isalnum():
                a, b = _trim(text, s_open, i)
                if 0 < b - a <= _MAX_SINGLE_SPAN:
                    spans.append(_Span(s_mark, a, b, i + 1, group, double=False))
                    group += 1
                s_open = -1
        if open_at >= 0:
            a, b = _trim(text, open_at, pend)
            if b > a:
                spans.append(_Span(open_mark, a, b, b, group))
            carry = True
        else:
            group += 1
    return spans


# ---------------------------------------------------------------------------------------------
# Speaker phrases
# ---------------------------------------------------------------------------------------------


class _NP(NamedTuple):
    start: int
    end: int
    pronoun: str | None  # "m", "f", "p", "i", "s" for pronouns
    appos: tuple[int, int] | None  # appositive giving the role ("Ravanchi, Iran's envoy,")


def _tokens(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """Word and punctuation tokens ``(start, end, token)`` of ``text[a:b]``."""
    return [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text, a, b)]


def _tok_end(tok: tuple[int, int, str]) -> int:
    """End of a token, leaving out a sentence period ("Moll." but not "U.S." or "Jr.")."""
    _s, e, w = tok
    if w.endswith(".") and "." not in w[:-1] and len(w) > 3:
        return e - 1
    return e


def _is_possessive(w: str) -> bool:
    return w.endswith(("'s", "’s", "s'", "s’"))


def _np_token_ok(w: str, titles: frozenset) -> bool:
    lw = w.lower()
    if w[:1].isupper():
        return (
            lw.rstrip(".") not in _CAP_STOP
            and lw.rstrip(".") not in _WEEKDAYS
            and (lw.rstrip(".") not in _MONTHS or lw == "may")
        )
    if lw in titles or lw.rstrip(".") in titles or lw in _CONNECTORS:
        return True
    if lw.endswith("s") and lw[:-1] in titles:
        return True  # a plural role: "prosecutors"
    if _is_possessive(w) and w[:1].isalpha():
        return True  # "the country's foreign ministry"
    return "-" in w and w.split("-")[0].lower() in titles


def _skip_aux_left(toks: list, k: int) -> int:
    """Step left over auxiliaries, adverbs and times between a speaker and the cue."""
    while k >= 0:
        w = toks[k][2]
        lw = w.lower()
        if w == ")":
            # a party or state tag: "Sen. Rand Paul (R-Ky.) said"
            j = k - 1
            while j >= 0 and k - j <= 6 and toks[j][2] != "(":
                j -= 1
            if j >= 0 and toks[j][2] == "(":
                k = j - 1
                continue
            break
        if (lw in _AUX and w[:1].islower()) or (lw.endswith("ly") and w.islower() and len(w) > 4):
            k -= 1
            continue
        if lw in _WEEKDAYS:
            k -= 1
            if k >= 0 and toks[k][2].lower() in ("on", "last", "this", "late", "early"):
                k -= 1
            continue
        if lw in _TIME_NOUNS and k >= 1 and toks[k - 1][2].lower() in ("last", "this", "earlier"):
            k -= 2  # "last week", "earlier this month" (the "earlier" is an adverb below)
            continue
        # "in a statement", "in an interview", "on Twitter", "in a letter on Wednesday"
        if k >= 2 and toks[k - 1][2] in ("a", "an", "the") and toks[k - 2][2] in ("in", "on"):
            if w.islower() and lw not in _CONNECTORS:
                k -= 3
                continue
        if w in ("n't",):
            k -= 1
            continue
        break
    return k


def _np_left(text: str, lo: int, pos: int, lex: _Lexicon, *, appositive: bool = True) -> _NP | None:
    """Find the speaker phrase that ends just before ``pos`` (the cue), not before ``lo``."""
    # A short window is enough for almost every speaker; widen it only when the phrase (or an
    # appositive) may run past the window's start.
    start = max(lo, pos - 70)
    if appositive and text[max(lo, pos - 3) : pos].rstrip().endswith(","):
        start = max(lo, pos - 240)  # an appositive or a relative clause ends at the cue
    while start > lo and start < pos and not text[start - 1].isspace():
        start += 1  # do not start inside a word
    if appositive:
        np = _np_dash_appositive(text, lo, pos, lex)
        if np is not None:
            return np
    np, touched = _np_left_in(text, lo, start, pos, lex, appositive)
    if touched and start > lo:
        np, _ = _np_left_in(text, lo, max(lo, pos - 240), pos, lex, appositive)
    return np


_DASH_ASIDE_END = re.compile(r"\s(—|–|--)\s*$")


def _np_dash_appositive(text: str, lo: int, pos: int, lex: _Lexicon) -> _NP | None:
    """Handle "Jo Sims — a teacher from Dover — said": a name before an aside in dashes."""
    tail = text[max(lo, pos - 4) : pos]
    if "—" not in tail and "–" not in tail and "-" not in tail:
        return None
    m = _DASH_ASIDE_END.search(text, max(lo, pos - 4), pos)
    if m is None:
        return None
    opening = text.rfind(" " + m.group(1) + " ", max(lo, m.start() - 200), m.start())
    if opening < 0:
        opening = text.rfind(" " + m.group(1), max(lo, m.start() - 200), m.start())
    if opening < 0 or any(c in text[opening : m.start()] for c in ".;:!?\n"):
        return None
    np = _np_left(text, lo, opening, lex, appositive=False)
    if np is None or np.pronoun is not None or not text[np.start : np.end][:1].isupper():
        return None
    inner = _trim(text, opening + 1 + len(m.group(1)), m.start())
    return _NP(np.start, np.end, None, inner)


def _np_left_in(
    text: str, lo: int, start: int, pos: int, lex: _Lexicon, appositive: bool
) -> tuple[_NP | None, bool]:
    """Return the speaker phrase in ``text[start:pos]`` and whether it reached ``start``."""
    toks = _tokens(text, start, pos)
    k = _skip_aux_left(toks, len(toks) - 1)
    if k < 0:
        return None, True
    s, e, w = toks[k]
    lw = w.lower()
    contracted = _CONTRACTED.fullmatch(lw) if ("'" in lw or "’" in lw) else None
    if contracted is not None:
        # "He's said", "They've claimed": the pronoun carries the auxiliary
        s, e, w = s, s + len(contracted.group(1)), w[: len(contracted.group(1))]
        lw = w.lower()
    if lw in _PRONOUNS and (w.islower() or w[1:].islower() or w == "I"):
        if (
            k >= 1
            and toks[k - 1][2].lower() in ("that", "which", "who", "whom")
            and not (k >= 2 and toks[k - 2][2].lower() in ("in", "during", "on", "at", "to"))
            and not _NAMED_AS.match(text, pos)
        ):
            # "said that he said": nested; but "in which he says" is fine, and so is "which
            # he described as "a trap"" (the quotation after the verb is what he said)
            return None, False
        return _NP(s, e, _PRONOUNS[lw], None), k == 0
    if (
        w == ","
        and k >= 2
        and toks[k - 1][2] == ")"
        and not _is_participle(text[pos : pos + 24] + " x")  # "(D-Ill.), noting ..., said"
    ):
        # "Gov. Ann Kale (R-Ohio), said": a comma after the party tag, not an appositive
        k2 = _skip_aux_left(toks, k - 1)
        np = _np_run(toks, k2, lex) if 0 <= k2 < k - 1 else None
        if np is not None and text[np.start : np.end][:1].isupper():
            return np, np.start <= toks[min(2, len(toks) - 1)][0]
    if w == "," and appositive:
        np = _np_appositive(text, lo, toks, k, lex)
        edge = toks[min(2, len(toks) - 1)][0]
        return np, np is None or np.start <= edge or (np.appos is not None and np.appos[0] <= edge)
    np = _np_run(toks, k, lex)
    if np is not None:
        np = _unglue(toks, np, lex)
    if np is None:
        np = _np_common(toks, k)
    if (
        (np is None or np.start == s)
        and k >= 1
        and lw in lex.titles
        and w.islower()
        and toks[k - 1][2].lower() in ("its", "their")
        and (k == 1 or toks[k - 2][2] in _CLAUSE_EDGE)
    ):
        np = _NP(toks[k - 1][0], e, None, None)  # "Its spokesman said": the body's
    edge = toks[min(2, len(toks) - 1)][0]
    return np, np is None or np.start <= edge


_CLAUSE_EDGE = frozenset(",;:(—–") | set(_ALL_MARKS)
_NAMED_AS = re.compile(r"[a-z]+(?:\s+as|\s+it|\s+them|\s+him|\s+her)?\s+[\"“‘]")
_CONTRACTED = re.compile(r"(he|she|it|they|we)['’](?:s|ve|d|ll)")
# Words before a participle cue whose subject is the clause's ("... by saying that ...").
_BY_ING = frozenset("by after before while when for".split())
_COMMON_OPENERS = frozenset("the a an one another his her their its our my".split())


# Prepositions that take an object before the speaker when no comma ends the phrase
# ("After meeting Russian officials Lindqvist said", "At talks with the envoy Reed said").
_OBJECT_PREPS = frozenset(
    "with after following at during alongside to from by among before against toward "
    "towards beside besides like unlike about".split()
)


def _unglue(toks: list, np: _NP, lex: _Lexicon) -> _NP:
    """Split the object of an opening phrase from a speaker glued to it without a comma.

    In "After meeting Russian officials Lindqvist said" the run "Russian officials
    Lindqvist" is the object of "meeting" followed by the speaker: the speaker is the name
    after the plural noun (or after the object's determiner phrase). The object must not
    give the speaker its actor.
    """
    i = next((x for x in range(len(toks) - 1, -1, -1) if toks[x][0] == np.start), None)
    if i is not None and toks[i][2].lower() in _OBJECT_PREPS and toks[i][1] < np.end:
        i += 1  # "Alongside Russian officials Lindqvist": the run began with the preposition
    if i is None or i == 0:
        return np
    prev = toks[i - 1][2]
    lp = prev.lower()
    if not (
        (lp in _OBJECT_PREPS and (prev.islower() or i == 1))
        or (prev.islower() and prev.endswith("ing") and len(prev) > 4)
    ):
        return np
    run = [t for t in toks[i:] if t[0] < np.end]
    det = run[0][2].lower() in _DETERMINERS
    cut = None
    for x, (_s, _e, w) in enumerate(run[:-1]):
        if w.islower() and (det or _plural_role(w, lex.titles) or w.endswith("s")):
            cut = x + 1  # the last lower-case word of the object ("officials", "envoy")
    if cut is None or not all(t[2][:1].isupper() for t in run[cut:]):
        return np
    return _NP(run[cut][0], np.end, None, None)


def _np_common(toks: list, k: int) -> _NP | None:
    """Find a plain noun phrase opening its clause ("the businessman replied")."""
    if toks[k][2] in ("one", "another") and (
        k == 0 or toks[k - 1][2] in _CLAUSE_EDGE or (k == 1 and toks[0][2] in ("Yet", "And"))
    ):
        return _NP(toks[k][0], toks[k][1], None, None)  # '"...," another said.'
    head = toks[k][2]
    if k == 0 or not head.islower() or not head.replace("-", "").isalnum():
        return None  # the head is a lower-case noun after at least a determiner
    j = k - 1
    while j >= 0 and k - j < 6:
        w = toks[j][2]
        if w.lower() in _COMMON_OPENERS:
            break
        if not _common_word_ok(w, head=False):
            return None  # no determiner before a word that cannot be in the phrase
        j -= 1
    if j < 0 or toks[j][2].lower() not in _COMMON_OPENERS:
        return None
    inner = [t[2] for t in toks[j + 1 : k + 1]]
    if any(
        w in _AUX or w in _CONNECTORS or w in _CLAUSE_WORDS or w.lower() in _PRONOUNS for w in inner
    ):
        return None
    caps = [i for i, w in enumerate(inner) if not w.islower()]
    if len(inner) - len(caps) > (2 if caps else 3) or caps != list(range(len(caps))):
        # names only before the lower-case words ("the New York businessman"), and few of
        # those: "The Vermont senator emailed supporters" is a clause, not a speaker
        return None
    if j > 0 and toks[j - 1][2] not in _CLAUSE_EDGE:
        return None  # only at the start of a clause
    return _NP(toks[j][0], toks[k][1], None, None)


def _plural_role(w: str, titles: frozenset) -> bool:
    """Tell whether ``w`` is a person's role in the plural ("prosecutors", not "groups")."""
    lw = w.lower()
    return lw.endswith("s") and lw[:-1] in titles and lw[:-1] not in _BODIES


def _common_word_ok(w: str, *, head: bool) -> bool:
    """Tell whether ``w`` may stand in a plain noun phrase ("the New York businessman").

    The head noun is a lower-case word; the words before it may also be capitalised
    ("New York") or possessive ("the paper's editorial board").
    """
    if w.islower() and w.replace("-", "").isalnum():
        return True
    if head:
        return False
    if _is_possessive(w) and w[:1].isalpha():
        return True
    return w[:1].isupper() and w.replace("-", "").isalnum() and w.lower() not in _CAP_STOP


def _np_run(toks: list, k: int, lex: _Lexicon) -> _NP | None:
    """Collect the speaker phrase whose last token is ``toks[k]``."""
    titles = lex.titles
    end_k = k
    j = k
    while j >= 0 and end_k - j < 12 and _np_token_ok(toks[j][2], titles):
        w = toks[j][2]
        if _is_possessive(w) and j < end_k and not w[:1].isupper() and j == end_k:
            break
        j -= 1
    first = j + 1
    # "the rights group", "The Democratic presidential front-runner": up to three describing
    # words between a determiner and the phrase found so far
    if first <= end_k and toks[first][2].lower() not in _DETERMINERS:
        m = first - 1
        while m >= 0 and first - m <= 4 and toks[m][2].replace("-", "").isalnum():
            if toks[m][2].lower() in _DETERMINERS or toks[m][2] in ("my", "our"):
                first = m
                break
            if toks[m][2].lower() in _AUX or toks[m][2].lower() in _CAP_STOP:
                break
            m -= 1
    # Never start with a joining word other than a determiner.
    while first <= end_k and toks[first][2].lower() in _CONNECTORS - _DETERMINERS:
        first += 1
    if first > end_k:
        return None
    words = [t[2] for t in toks[first : end_k + 1]]
    last = words[-1]
    if last.lower() in _CONNECTORS or _is_possessive(last):
        return None
    if not any(w[:1].isupper() for w in words) and not any(
        w.lower().rstrip(".") in titles or _plural_role(w, titles) for w in words
    ):
        return None  # a plural role counts: "federal prosecutors wrote"
    return _NP(toks[first][0], _tok_end(toks[end_k]), None, None)


def _np_relative(text: str, toks: list, k: int, lex: _Lexicon) -> _NP | None:
    """Handle "Seaman, who lives outside the capital, Sacramento, said": a relative clause.

    A participle clause counts the same ("Durbin, noting the size of the list, said").

    ``toks[k]`` is the comma closing the clause. The clause may hold commas of its own; it
    must not hold a quotation or a sentence end. A sentence adverb between the name and the
    clause ("Sanders, meanwhile, who ...") is skipped. The name must be capitalised.
    """
    j = k - 1
    while j >= 1 and k - j <= 40:
        w = toks[j][2]
        if w in _ALL_MARKS or w in (".", ";", ":", "?", "!"):
            return None
        if toks[j - 1][2] == "," and (
            w in ("who", "whose") or (w.endswith("ing") and w.isalpha() and w.islower())
        ):
            break  # ", who ..." or ", noting ..."
        j -= 1
    else:
        return None
    if j < 2 or j == k - 1:
        return None
    e = j - 2  # the word before ", who"
    if (
        e >= 2
        and toks[e - 1][2] == ","
        and toks[e][2].islower()
        and (toks[e][2].endswith("ly") or toks[e][2] in ("meanwhile", "however", "too", "also"))
    ):
        e -= 2
    e = _skip_aux_left(toks, e)  # a party tag: "Sen. Omar Reed (D-Ill.), who ..."
    if e < 0:
        return None
    np = _np_run(toks, e, lex)
    if np is None or not text[np.start : np.end][:1].isupper():
        return None
    return _NP(np.start, np.end, None, (toks[j][0], toks[k - 1][1]))


def _title_open(toks: list, j: int) -> int:
    """Index of the mark opening a quoted title that ``toks[j]`` closes, or -1.

    A title is one to six capitalised words (a comma may end it: '"Going Viral,"').
    """
    if toks[j][2] not in _DOUBLE_MARKS:
        return -1
    m = j - 1
    while m >= 0 and j - m <= 8 and toks[m][2] not in _DOUBLE_MARKS:
        m -= 1
    if m < 0 or toks[m][2] not in _DOUBLE_MARKS:
        return -1
    words = [t[2] for t in toks[m + 1 : j] if t[2] not in (",", ".")]
    if not 1 <= len(words) <= 6 or not all(
        w[:1].isupper() or w.lower() in _CONNECTORS for w in words
    ):
        return -1
    return m


def _np_appositive(text: str, lo: int, toks: list, k: int, lex: _Lexicon) -> _NP | None:
    """Handle "Ravanchi, Iran's UN ambassador, said": the name before an appositive."""
    who = _np_relative(text, toks, k, lex)
    if who is not None:
        return who
    j = k - 1
    while j >= 0 and k - j <= 32 and toks[j][2] != ",":
        if toks[j][2] in _ALL_MARKS:
            j = _title_open(toks, j)  # 'the author of "Going Viral," about ...': a title
            if j < 0:
                return None
        elif toks[j][2] in (".", ";", ":", "?", "!"):
            return None
        j -= 1
    if j < 1 or toks[j][2] != "," or j == k - 1:
        return None
    if j >= 3 and toks[j - 1][2].isdigit() and toks[j - 2][2] == ",":
        j -= 2  # an age: "Ana Ruiz, 35, the daughter of the mayor, said"
    np = _np_run(toks, _skip_aux_left(toks, j - 1), lex)
    appos = (toks[j + 1][0], toks[k - 1][1])
    inner = [t[2] for t in toks[j + 1 : k]]
    if np is None:
        role = _role_before_name(toks, j, inner, lex)
        return None if role is None else _NP(appos[0], appos[1], None, role)
    words = text[np.start : np.end].split()
    if (
        1 <= len(inner) <= 7
        and all(w[:1].isupper() or w in _CONNECTORS for w in inner)
        and _clean_name(inner, lex)[0]
        and not (words[0][:1].isupper() and _clean_name(words, lex)[0])
    ):
        # "the ministry's spokesman, Ali Rabiei, said" / "the commander of the navy, Rear
        # Admiral Hossein Farahani, said": the person is named in the appositive
        return _NP(appos[0], appos[1], None, (np.start, np.end))
    if not any(w[:1].isupper() for w in words):
        return None
    return _NP(np.start, np.end, None, appos)


_ROLE_OPENERS = frozenset("the a an his her their its another one".split())


def _role_before_name(
    toks: list, j: int, inner: list[str], lex: _Lexicon
) -> tuple[int, int] | None:
    """Offsets of a role phrase opening its clause before the name in apposition.

    "Her campaign manager, Robby Mook, said": ``toks[j]`` is the comma after the role and
    ``inner`` the words of the appositive, which must be a personal name. The role is a few
    plain words after "the", "a", a possessive pronoun or a possessive name ("Reed's").
    """
    if not 2 <= len(inner) <= 4 or not all(w[:1].isupper() for w in inner):
        return None
    if len(_clean_name(inner, lex)[0]) != len(inner):
        return None
    i = j - 1
    while i >= 0 and j - i <= 7 and re.sub(r"[\-'’]", "", toks[i][2]).isalnum():
        i -= 1
    i += 1
    if i >= j or i == j - 1 or (i > 0 and toks[i - 1][2] not in _CLAUSE_EDGE):
        return None
    first = toks[i][2]
    words = [t[2] for t in toks[i + 1 : j]]
    if not (first.lower() in _ROLE_OPENERS or (_is_possessive(first) and first[:1].isupper())):
        return None
    if not all(
        (w.islower() or (x > 0 and words[x - 1] in _CONNECTORS))
        and w not in _AUX
        and w not in _CLAUSE_WORDS
        for x, w in enumerate(words)
    ):
        return None  # plain words; a name only after "of", "on the": "delegate on the Reed slate"
    return toks[i][0], toks[j - 1][1]


def _cap_within(toks: list, j: int, n: int = 4) -> bool:
    """Whether a capitalised word follows ``toks[j]`` within ``n`` tokens."""
    return any(t[2][:1].isupper() for t in toks[j + 1 : j + 1 + n])


def _np_right(
    text: str, pos: int, hi: int, lex: _Lexicon, *, appositive: bool = True
) -> _NP | None:
    """Find the speaker phrase right after ``pos`` ("said Trump", "according to the ministry")."""
    toks = _tokens(text, pos, min(hi, pos + 120))
    if not toks:
        return None
    w = toks[0][2]
    if w.lower() in _PRONOUNS and w.islower():
        # '"...," said he.' but not '..., claiming he had ...'
        if len(toks) > 1 and toks[1][2] not in (",", ".", ";", "!", "?"):
            return None
        return _NP(toks[0][0], toks[0][1], _PRONOUNS[w.lower()], None)
    titles = lex.titles
    j = 0
    seen_cap = False
    while j < len(toks) and j < 12:
        w = toks[j][2]
        if w[:1].isupper():
            seen_cap = True
        elif (
            seen_cap
            and w.isalpha()
            and w not in _TRAILER_START
            and w not in _CLAUSE_WORDS
            and w not in _AUX
            and any(t[2][:1].isupper() for t in toks[j + 1 : j + 3])
            and all(t[2].isalpha() for t in toks[j + 1 : j + 3])
        ):
            j += 1  # "European Union foreign policy chief Kaja Kallas"
            continue
        if (
            (
                not seen_cap
                and j < 6
                and w.replace("-", "").isalnum()
                and w.islower()
                and w not in _CLAUSE_WORDS
                and w not in _TRAILER_START
                and w != "by"
                and w not in _AUX
            )
            or w[:1].isupper()
            or w.lower().rstrip(".") in titles
            or w.lower() in _CONNECTORS
            or w.lower() in ("from",)
            or (_is_possessive(w) and w[:1].isalpha())
            # "a 2008 campaign veteran", "9/11 widow Terry Strada": a number before a name
            or (not seen_cap and j < 4 and (w.isdigit() or w == "/") and _cap_within(toks, j))
        ):
            if w[:1].isupper() and w.lower().rstrip(".") in _CAP_STOP:
                break
            j += 1
            continue
        bare = w.rstrip(".")
        if (
            seen_cap
            and toks[0][2].lower() in _DETERMINERS
            and bare.isalpha()
            and bare.islower()
            and bare not in _CLAUSE_WORDS
            and bare not in _TRAILER_START
            and bare not in _AUX
            and (w.endswith(".") or j + 1 == len(toks) or toks[j + 1][2] in (",", ";", "!", "?"))
        ):
            j += 1  # "a 2008 Clinton veteran.": the head noun closes the phrase
        break
    last = j - 1
    while last >= 0 and (toks[last][2].lower() in _CONNECTORS or toks[last][2].lower() == "from"):
        last -= 1
    words = [t[2] for t in toks[: last + 1]]
    if not any(x[:1].isupper() for x in words) and not any(x.lower() in titles for x in words):
        # '"...," wrote one commenter.': a plain noun phrase closing the sentence
        k = 1
        while k < len(toks) and k <= 3 and _common_word_ok(toks[k][2].rstrip("."), head=False):
            if toks[k][2] == "who":
                break  # '"...," said the man who ran the campaign.'
            k += 1
            if not toks[k - 1][2].islower() or toks[k - 1][2].endswith("."):
                break
        if toks[0][2].rstrip(".") == "another" and (
            len(toks) == 1 or toks[0][2].endswith(".") or toks[1][2] in (",", ";")
        ):
            return _NP(toks[0][0], _tok_end(toks[0]), None, None)  # '"...," tweeted another.'
        if (
            toks[0][2] in ("the", "a", "one")
            and 1 < k
            and (
                k == len(toks)
                or toks[k - 1][2].endswith(".")
                or toks[k][2] in (",", ";", "!", "?")
                or (toks[k][2] == "who" and toks[k - 1][2] not in _TIME_NOUNS | {"day"})
            )
        ):  # '"...," said the man who ran the campaign.'
            return _NP(toks[0][0], _tok_end(toks[k - 1]), None, None)
        return None
    end = _tok_end(toks[last])
    if _is_possessive(toks[last][2]):
        return None  # "suggested business mogul Donald Trump's refusal ...": not a speaker
    appos = None
    # "said a ministry spokesman, Ali Rabiei" / "said Ravanchi, Iran's UN ambassador"
    if appositive and last + 2 < len(toks) and toks[last + 1][2] == ",":
        k = last + 2
        j = k
        while (
            j < len(toks)
            and j - k < 14
            and toks[j][2] not in (",", ".", ";", "?", "!")
            and (toks[j][2] not in _ALL_MARKS)
        ):
            j += 1
        if j > k:
            appos = (toks[k][0], toks[j - 1][1])
    return _NP(toks[0][0], end, None, appos)


# ---------------------------------------------------------------------------------------------
# Per-document entity memory
# ---------------------------------------------------------------------------------------------

_NAME_RUN = re.compile(
    r"(?<![\w'’\-])[A-Z][\w'’\-.]*(?:[ \u00a0]+(?:(?:al|bin|ibn|van|von|de|da|del|der|la|le|el)"
    r"[ \u00a0\-]+)?[A-Z][\w'’\-.]*)+"
)


@dataclass
class _Entity:
    name: str
    person: bool
    gender: str | None = None
    actor: str | None = None
    plural: bool = False


@dataclass
class _Memory:
    surname: dict = field(default_factory=dict)  # last token -> fullest name
    surname_rank: dict = field(default_factory=dict)  # last token -> (titled, length)
    fullnames: set = field(default_factory=set)
    roles: dict = field(default_factory=dict)  # normalised role phrase -> name
    entities: dict = field(default_factory=dict)  # canonical speaker -> _Entity
    mentions: list = field(default_factory=list)  # (pos, name) titled person mentions
    mention_pos: list = field(default_factory=list)
    by_name: dict = field(default_factory=dict)  # name -> titled mention positions
    actors: dict = field(default_factory=dict)  # name -> actor from its titled mentions


_INITIAL = re.compile(r"^[A-Z]\.$")


@lru_cache(maxsize=4)
def _name_stops(titles: frozenset) -> frozenset:
    """Words that end a title rather than start a name (titles, openers, days, months)."""
    return titles | _CAP_STOP | _WEEKDAYS | (_MONTHS - {"may"}) | _VERB_FIRST_WORDS


def _clean_name(words: list[str], lex: _Lexicon) -> tuple[list[str], int]:
    """Return the personal name at the end of a capitalised run and its first index."""
    cut = _name_cut(tuple(words), lex.titles)
    return words[cut:], cut


@lru_cache(maxsize=1 << 14)
def _name_cut(words: tuple[str, ...], titles: frozenset) -> int:
    """Index where the personal name starts in a run of words (cached: names recur)."""
    cut = 0
    stop = _name_stops(titles)
    for i, w in enumerate(words):
        lw = w.lower().rstrip(".")
        if (
            lw in stop
            or _is_possessive(w)
            or (w.isupper() and len(w.replace(".", "")) <= 5 and not _INITIAL.match(w))
            or "." in w.rstrip(".")
        ):
            cut = i + 1
    return cut


def _opens_sentence(w: str) -> bool:
    """Whether a capitalised word is a sentence opener, never part of a name ("The")."""
    lw = w.lower().rstrip(".,")
    return lw in _DETERMINERS or lw in _PRONOUNS or (lw in _CAP_STOP and lw != "may")


def _split_run(
    text: str, start: int, words: list[str], i: int, said: bool, segments: list[list[str]]
) -> None:
    """Start a new name before ``words[i]`` when the run crosses a verb or a sentence end."""
    prev = words[i - 1]
    if said and prev in ("Said", "Says"):
        at = _word_offset(text, start, i - 1)
        if (i == 1 or words[i - 2].endswith(".")) and _VERB_FIRST.match(text, at):
            segments.append([])  # 'Said Ana Ruiz, "..."': the verb is not a name
            return
    if prev[-1] == "." and _opens_sentence(words[i]):
        segments.append([])  # 'said Ana Ruiz. The militants ...': a new sentence


def _build_memory(text: str, lex: _Lexicon) -> _Memory:
    mem = _Memory()
    verb_first = "Said " in text or "Says " in text
    for m in _NAME_RUN.finditer(text):
        # A possessive ends one name and starts the next: "Iran's UN Ambassador Majid Ravanchi".
        segments: list[list[str]] = [[]]
        run = m.group()
        words = run.split()
        said = verb_first and ("Said " in run or "Says " in run)
        dotted = ". " in run
        for i, w in enumerate(words):
            if (said or dotted) and i > 0 and segments[-1]:
                _split_run(text, m.start(), words, i, said, segments)
            w = w.rstrip(".,")
            if _is_possessive(w):
                segments[-1].append(w[:-2] if w[-1] in "sS" else w[:-1])
                segments.append([])
            else:
                segments[-1].append(w)
        if all(len(seg) < 2 for seg in segments):
            continue
        offset = 0
        for seg in segments:
            words = seg
            if len(seg) < 2:
                offset += len(seg)
                continue
            name, cut = _clean_name(words, lex)
            if not 2 <= len(name) <= 5:
                offset += len(seg)
                continue
            full = " ".join(name)
            mem.fullnames.add(full)
            titled = cut > 0
            if not titled and offset == 0:
                pos = _word_offset(text, m.start(), offset)
                titled = _preceded_by_title(text, pos, lex)
            if titled:
                mem.mentions.append((_word_offset(text, m.start(), offset + cut), full))
            # the fullest name for a surname: titled mentions ("Sen. Bernie Sanders") beat
            # runs that may glue a place to a name ("In New York Sanders said")
            rank = (titled, len(name))
            if name[-1] not in mem.surname or rank > mem.surname_rank[name[-1]]:
                mem.surname[name[-1]] = full
                mem.surname_rank[name[-1]] = rank
            offset += len(seg)
    mem.mention_pos = [p for p, _ in mem.mentions]
    return mem


def _word_offset(text: str, start: int, k: int) -> int:
    """Offset of the ``k``-th whitespace-separated word from ``start``."""
    pos = start
    for _ in range(k):
        while pos < len(text) and not text[pos].isspace():
            pos += 1
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return pos


def _preceded_by_title(text: str, pos: int, lex: _Lexicon) -> bool:
    """Tell whether a title comes right before ``pos`` ("Gen. X", "the envoy, X")."""
    words = text[max(0, pos - 60) : pos].split()
    if not words:
        return False
    if words[-1].endswith(","):
        words = words[-5:]  # "Kenya's ambassador to the UN, Lina Sarr": a role in apposition
        return any(w.lower().strip(".,") in lex.titles for w in words)
    return words[-1].lower().rstrip(".,") in lex.titles


def _norm_role(phrase: str) -> str:
    words = [w.lower().strip(".,") for w in phrase.split()]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(w.replace(".", "") for w in words)


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------


_CLAUSE_START = re.compile(r"[.;:,!?()\[\]\"\u201c\u201d\u2014\n]")
# words that open an adverbial clause rather than a noun phrase ("After meeting Russian
# officials Lindqvist said": Russian qualifies the officials, not Lindqvist)
_CLAUSE_OPENERS = frozenset(
    "after before while when whenever as in at on during following since with without "
    "speaking meeting asked but and then later earlier meanwhile also however if though "
    "although because until unlike like despite".split()
)


def _adverbial(aside: str) -> bool:
    """Whether an aside is a prepositional or participle phrase ("after meeting X")."""
    first = aside.split(None, 1)[0].lower() if aside.strip() else ""
    return first in _CLAUSE_OPENERS or (first.endswith("ing") and len(first) > 4)


def _premodifiers(text: str, start: int, max_words: int = 6) -> str:
    """Words before ``start`` back to the clause start, if few: a mention's pre-modifiers.

    "Taiwan's presidential office spokeswoman Chen said": for the mention "spokeswoman Chen"
    this returns "Taiwan's presidential office". Empty when the clause start is more than
    ``max_words`` words back (then the words are a clause of their own, not modifiers).
    """
    lo = max(0, start - 120)
    head = text[lo:start]
    cut = None
    for m in _CLAUSE_START.finditer(head):
        cut = m.end()
    if cut is None:
        if lo > 0:
            return ""
        cut = 0
    words = head[cut:].split()
    if not words or len(words) > max_words or words[0].lower() in _CLAUSE_OPENERS:
        return ""
    return " ".join(words)


@lru_cache(maxsize=4096)
def _actor_for(phrase: str) -> str | None:
    """Actor for a speaker phrase (cached: the same phrases recur across articles)."""
    return actor_for(phrase)


# ---------------------------------------------------------------------------------------------
# Attribution inside a frame (one sentence, or several joined by a quotation)
# ---------------------------------------------------------------------------------------------


class _Attr(NamedTuple):
    np: _NP
    cue_start: int
    cue_end: int
    section: str
    mode: str  # "pre", "post", "mid", "acc_pre", "acc_post"
    attr_start: int  # where the attribution clause starts
    attr_end: int  # where it ends (content of "pre" starts here)


def _skip_time(text: str, pos: int, hi: int) -> int:
    """Skip ' on Wednesday', ' in a statement', ' Tuesday' after a cue."""
    toks = _tokens(text, pos, min(hi, pos + 70))
    k = 0
    while k < len(toks):
        lw = toks[k][2].lower()
        if lw.endswith("ly") and lw.replace("-", "").isalpha() and len(lw) > 4:
            k += 1  # "said flatly:", "said repeatedly"
            continue
        if (
            lw in _WEEKDAYS
            or lw
            in (
                "today",
                "yesterday",
                "tonight",
                "earlier",
                "later",
                "again",
                "also",
                "repeatedly",
                "previously",
                "publicly",
                "privately",
            )
            or (lw == "only" and k + 1 < len(toks) and toks[k + 1][2] == "that")
        ):
            k += 1  # "said only that ..."
            continue
        if (
            lw in ("on", "last", "this", "late", "early")
            and k + 1 < len(toks)
            and (
                toks[k + 1][2].lower() in _WEEKDAYS
                or toks[k + 1][2].lower() in ("week", "month", "year", "night")
            )
        ):
            k += 2
            continue
        if (
            lw in ("in", "on")
            and k + 2 < len(toks)
            and toks[k + 1][2] in ("a", "an")
            and (toks[k + 2][2].islower())
        ):
            k += 3
            continue
        break
    if k == 0:
        return pos
    return toks[k - 1][1]


def _in_mark(toks: list, k: int) -> bool:
    """Tell whether token ``k`` sits inside a quotation opened earlier in ``toks``."""
    n = sum(1 for t in toks[:k] if t[2] in _DOUBLE_MARKS)
    return n % 2 == 1


def _content_start_pre(
    text: str, cue_end: int, hi: int, section: str, span_opens: list[int]
) -> int | None:
    """Where the reported clause starts after a cue (skipping "that", hearers, times)."""
    pos = _skip_time(text, cue_end, hi)
    toks = _tokens(text, pos, min(hi, pos + 110))
    if not toks:
        return None
    if section == "tell":
        # "told the UN Security Council that ...": everything up to "that" is the hearer.
        for _s, e, w in toks[:14]:
            if w == "that":
                return e
            if w in (",", ";", ".", ":") or w in _ALL_MARKS:
                break
        k = 0
        w = toks[0][2]
        if w.lower() in _RECIPIENTS:
            k = 1
        elif w in _DETERMINERS or w[:1].isupper():
            k = 1 if w in _DETERMINERS else 0
            while k < len(toks) and (toks[k][2][:1].isupper() or toks[k][2] in _CONNECTORS):
                k += 1
                if k < len(toks) and toks[k][2] in _ALL_MARKS and _is_possessive(toks[k - 1][2]):
                    # 'told ABC's "Good Morning America" on Monday ...': a show's title
                    m = k + 1
                    while m < len(toks) and m - k <= 7 and toks[m][2][:1].isupper():
                        m += 1
                    if m < len(toks) and m > k + 1 and toks[m][2] in _ALL_MARKS:
                        k = m + 1
        if k >= len(toks):
            return None
        pos = _skip_time(text, toks[k - 1][1] if k else pos, hi)
        toks = _tokens(text, pos, min(hi, pos + 110))
        if not toks:
            return None
    if toks[0][2].lower() in _TRAILER_START:
        # "said on ABC's "This Week" that ...", "said in Tehran on Monday, ...": a place or
        # occasion, then the clause
        for k, (_s, e, w) in enumerate(toks[:16]):
            if w == "that":
                return e
            if w in (";", ".") or (w == "," and k > 1 and not _in_mark(toks, k)):
                if w == ",":
                    return toks[k + 1][0] if k + 1 < len(toks) else None
                break
    first = toks[0][2]
    if first in (":", ","):
        toks = toks[1:]
        if not toks:
            return None
        first = toks[0][2]
        if first == "that":
            return toks[0][1]
        return toks[0][0]
    if first == "that":
        return toks[0][1]
    if section == "weak":
        # "added 3,000 troops" is no statement; "noted the "senseless deaths"" is one
        if first in _ALL_MARKS or any(cue_end <= o < hi for o in span_opens):
            return toks[0][0]
        return None
    return toks[0][0]


_CLAUSE_CUT = re.compile(
    r",(?!\d{3})|[;:]|(?<=[a-z])[.!?](?=[A-Z][a-z])|[.!?](?=\s|$)"
    r"|\s(?=(?:when|while|after|before|because|and)\s)"
)


# Words that may open what follows '"...," X said' without starting a reported clause.
_TRAILER_ADVERBS = frozenset("just shortly soon then afterward afterwards once".split())
_AMOUNT_WORDS = frozenset("a few several two three four five six some many".split())
_SHORT_TIMES = frozenset("hour minute moment decade".split())


def _trailer_end(text: str, a: int, b: int, section: str, *, lenient: bool) -> int | None:
    """End of what follows a cue when it only adds time, place or hearer (", he said Monday.").

    The trailer stops at the first comma or sentence end. Returns ``None`` when the words
    after the cue look like a reported clause instead. ``lenient`` (the attribution follows a
    quotation directly) accepts any short phrase without "that".
    """
    m = _CLAUSE_CUT.search(text, a, b)
    cut = m.start() if m else b
    toks = _tokens(text, a, cut)
    if not toks:
        return cut
    first = toks[0][2].lower().rstrip(".")
    quoted = (
        any(t[2] in _ALL_MARKS for t in toks)
        and first not in _TRAILER_START
        and section != "tell"  # 'told ABC's "Good Morning America."'
    )
    that = any(
        t[2] == "that"
        and (i + 1 == len(toks) or toks[i + 1][2].lower() not in _TIME_NOUNS | {"day"})
        for i, t in enumerate(toks)
    )  # "that night" is a time, "that ..." a clause
    if lenient and not quoted and len(toks) <= 20 and first == "the" and len(toks) >= 3:
        if toks[1][2] in ("other", "next", "following", "same") and toks[2][2] in _DAY_NOUNS:
            return cut  # '"...," she said the other day.'
    if lenient and len(toks) == 2 and first == "the" and toks[1][2] in _DAY_NOUNS:
        return cut  # '"...," he wrote the day after the vote.' (cut before "after")
    if (
        lenient
        and not quoted
        and len(toks) <= 20
        and len(toks) >= 2
        and first in _AMOUNT_WORDS
        and toks[1][2].lower().rstrip("s") in _DAY_NOUNS | _SHORT_TIMES
    ):
        return cut  # '"...," she said several months after her release.'
    if (
        lenient
        and section == "object"
        and len(toks) <= 5
        and (toks[0][2][:1].isupper() or first in _RECIPIENTS or first in _DETERMINERS)
    ):
        return cut  # '"...?" Reed asked the minister.': the hearer
    if lenient and not quoted and len(toks) <= 20 and first in _TRAILER_ADVERBS:
        return cut  # '"...," she said just after midnight.' / '"...," he said then.'
    if lenient and not quoted and len(toks) <= 20 and first in _TRAILER_START:
        return cut  # '"...," the team wrote in a statement that it posted on Friday.'
    if len(toks) > 20 or quoted or that:
        return None  # a "that" clause or a quotation: reported content, not a trailer
    if section == "tell":
        # the hearer: "told reporters", "told the council", "told Reuters on Monday"; not
        # "told reporters the talks were useful" (a reported clause after the hearer)
        return cut if lenient or _only_hearer(toks) else None
    if first in _TRAILER_START or first in _WEEKDAYS or first in _MONTHS:
        return cut
    if lenient and first.endswith("ly") and first.replace("-", "").isalpha():
        return cut  # '"...," he said flatly.'
    if lenient and first[:1].isdigit():
        return cut  # '"...," Trump said 30 minutes into the debate.'
    if lenient and first.endswith("ing") and first.isalpha() and len(toks) > 1:
        return cut  # '"...," she said answering a question at the rally.'
    return None


def _only_hearer(toks: list) -> bool:
    """Tell whether ``toks`` (the words after "told") are a hearer and a time or place."""
    k = 1
    if toks[0][2].lower() not in _RECIPIENTS:
        # "the Security Council", "state television", "council members": a few words
        while k < len(toks) and k < 6:
            w = toks[k][2]
            lw = w.lower()
            if (
                lw in _TRAILER_START
                or lw in _DETERMINERS
                or lw in _PRONOUNS
                or lw in _CLAUSE_WORDS
                or lw in _AUX
                or not w.replace("-", "").replace("’", "").replace("'", "").isalpha()
            ):
                break
            k += 1
    if k >= len(toks):
        return True
    lw = toks[k][2].lower()
    return lw in _TRAILER_START or lw in _WEEKDAYS or lw in _MONTHS


def _subject_np(text: str, lo: int, pos: int, lex: _Lexicon) -> _NP | None:
    """Find the subject at the start of a clause ("Iran's envoy defended ..., saying")."""
    toks = _tokens(text, lo, pos)
    k = 0
    if toks and (toks[0][2].lower() in _CAP_STOP or toks[0][2].lower() in _WEEKDAYS):
        # skip an introductory phrase up to its comma ("On Friday, ...")
        for j, t in enumerate(toks[:14]):
            if t[2] == ",":
                k = j + 1
                break
        else:
            return None
    if k < len(toks) and toks[k][2].lower() in _PRONOUNS and toks[k][2].lower() != "i":
        w = toks[k][2].lower()
        return _NP(toks[k][0], toks[k][1], _PRONOUNS[w], None)
    j = k
    while j < len(toks) and j - k < 12 and _np_token_ok(toks[j][2], lex.titles):
        j += 1
    np = _np_run(toks[:j], j - 1, lex) if j > k else None
    if np is not None and " " in text[np.start : np.end]:
        return np
    # "The retired surgeon has provided no details, saying ...": a plain noun phrase up to
    # the verb (an auxiliary or a past form)
    for e in range(k + 1, min(len(toks) - 1, k + 6)):
        nxt = toks[e + 1][2]
        if nxt in _AUX or (nxt.islower() and nxt.endswith("ed")):
            common = _np_common(toks[: e + 1], e)
            if common is not None and common.start == toks[k][0]:
                return common
            break
    return np


def _np_ok(
    text: str, np: _NP, lex: _Lexicon, sent_start: int, midcaps: set, section: str = "say"
) -> bool:
    """Reject phrases that cannot be speakers (sentence-initial common nouns, anonymous)."""
    if np.pronoun is not None:
        return np.pronoun not in ("s",)
    words = text[np.start : np.end].split()
    lows = [w.lower().strip(".,") for w in words]
    if all(w in _ANONYMOUS or w in _DETERMINERS or w in _CONNECTORS for w in lows):
        return False
    caps = [w for w in words if w[:1].isupper()]
    if not caps:
        # All lower case: only an institution or role introduced by a determiner or possessive
        # ("the ministry", "the country's military").
        if lows[0] in _DETERMINERS or lows[0] in _COMMON_OPENERS:
            return True
        if _is_possessive(words[0]):
            return True
        # "federal prosecutors", "Iranian officials" written in lower case: a plural role
        last = lows[-1]
        return len(words) <= 3 and last.endswith("s") and last[:-1] in lex.titles
    if len(words) == 1 and np.start <= sent_start + 1 and np.appos is None:
        w = words[0].rstrip(".")
        # A single capitalised word opening the sentence ("Prices rose, ...") is a name only
        # if it appears capitalised elsewhere; plain speech verbs ("Craft said") are trusted.
        if w.lower() in lex.titles:
            # a role alone ("Chairman said") is no speaker; a body is ("Police say ...")
            return w.lower() in _BODIES and section in ("say", "tell")
        return section in ("say", "tell") or w in midcaps
    return True


def _find_attr(
    text: str,
    lo: int,
    hi: int,
    spans: list[_Span],
    lex: _Lexicon,
    midcaps: set,
    *,
    colon: bool = False,
) -> _Attr | None:
    """Find the best attribution in ``text[lo:hi]``, looking only outside quotation spans."""
    inside = [(s.open, s.close) for s in spans]
    opens = [a for a, _b in inside]  # spans are sorted and do not overlap
    best: tuple[int, _Attr] | None = None
    for cs, ce, raw in lex.cues(text, lo, hi):
        if best is not None and not inside and "," not in text[best[1].cue_end : cs]:
            continue  # only "..., Reed said" after the clause could replace the first one
        k = bisect.bisect_right(opens, cs) - 1
        if k >= 0 and cs < inside[k][1]:
            continue  # the cue is quoted
        form = " ".join(raw.split())
        section = lex.cue_kind.get(form, "inverted" if form.lower() == "according to" else "say")
        n = bisect.bisect_left(opens, ce)
        nxt_open = opens[n] if n < len(opens) else hi
        while k >= 0 and _is_title(text, spans[k]) and _letters(text[inside[k][1] : cs]) > 0:
            k -= 1  # 'Lee, the author of "Going Viral," about ..., said': a title, not a quote
        prev_close = max(inside[k][1], lo) if k >= 0 else lo
        if section == "quoted" and nxt_open >= hi:
            continue  # "called the deal a disaster" is a statement only with a quotation
        if section == "inverted":
            cand, score = _attr_inverted(text, lo, hi, cs, ce, prev_close, inside, lex, midcaps)
        else:
            cand, score = _attr_verb(
                text, lo, hi, cs, ce, section, prev_close, nxt_open, lex, midcaps, colon
            )
        if cand is None:
            continue
        if best is None:
            best = (score, cand)
        elif not inside:
            # without quotations the first attribution wins, unless a later one ends the
            # clause it governs: "Iran will respond to any attack, Reed said."
            if score >= best[0] and _nested(best[1], cand, text, lex):
                best = (score, cand)
        elif score > best[0] or (score == best[0] and _nested(best[1], cand, text, lex)):
            best = (score, cand)
        if best[0] >= 4 or (not inside and best[1].mode not in ("pre", "acc_pre")):
            break  # nothing later can beat it
    return None if best is None else best[1]


def _nested(first: _Attr, later: _Attr, text: str = "", lex: _Lexicon | None = None) -> bool:
    """Whether ``later`` ("..., Reed said") closes the clause that ``first`` governs.

    The later speaker must follow a comma directly and must not be a common noun before a
    name (", a charge New Delhi rejected" is a relative clause, not an attribution).
    """
    if not (
        first.mode in ("pre", "acc_pre")
        and later.mode in ("post", "mid")
        and later.attr_start >= first.attr_end
    ):
        return False
    if text and not text[max(0, later.attr_start - 6) : later.attr_start].rstrip().endswith(","):
        return later.mode == "mid" or text[later.attr_start : later.cue_start].strip() == ""
    words = text[later.np.start : later.np.end].split()
    if lex is not None and len(words) > 1 and words[0].lower() in _DETERMINERS:
        second = words[1].lower().strip(".,")
        return second in lex.titles or _plural_role(second, lex.titles) or words[1][:1].isupper()
    return True


def _np_source(text: str, pos: int, hi: int) -> _NP | None:
    """Return the words after "according to" up to a comma or the sentence end, if plain.

    "according to his longtime physician", "according to calculations by Ana Ruiz of the
    Ocean Institute": the phrase names the source whatever its words, as long as it is a
    short noun phrase (no quotation, pronoun or clause word).
    """
    toks = _tokens(text, pos, min(hi, pos + 120))
    k = 0
    while k < len(toks) and k < 12:
        w = toks[k][2]
        if not re.sub(r"[\-'’.]", "", w).isalnum() or w.lower() in _CLAUSE_WORDS:
            break
        k += 1
        if w.endswith(".") and len(w) > 3 and "." not in w[:-1]:
            break  # the sentence ends here
    if k == 0 or k == 12 or toks[0][2].lower() in _PRONOUNS or toks[0][2].lower() in _AUX:
        return None
    while k > 0 and toks[k - 1][2].lower() in _CONNECTORS:
        k -= 1
    if k == 0 or (k < len(toks) and toks[k][2] not in (",", ".", ";", "!", "?")):
        return None
    return _NP(toks[0][0], _tok_end(toks[k - 1]), None, None)


def _attr_inverted(text, lo, hi, cs, ce, prev_close, inside, lex, midcaps):
    """Attribution by "according to X", before or after the clause."""
    before = text[prev_close:cs]
    initial = _letters(before) == 0 and prev_close == lo
    np = _np_right(text, ce, hi, lex, appositive=not initial)
    if np is None:
        np = _np_source(text, ce, hi)
    if np is None or not _np_ok(text, np, lex, -10, midcaps):
        return None, 0
    end = _after_np(text, np, hi)
    if initial:
        return _Attr(np, cs, ce, "inverted", "acc_pre", cs, end), 2
    after_span = 0 <= cs - prev_close <= 3 and prev_close > lo
    return _Attr(np, cs, ce, "inverted", "acc_post", cs, end), 3 if after_span else 1


def _name_after_quote(text: str, lo: int, prev_close: int, cs: int, lex: _Lexicon) -> _NP | None:
    """Handle '"...," Nate Ode, the pollster who runs the site tweeted.': an unclosed appositive.

    Right after a quotation, a name and a comma open an appositive that runs to the cue
    without its closing comma.
    """
    if prev_close <= lo or cs - prev_close > 200:
        return None
    toks = _tokens(text, prev_close, cs)
    k = 0
    while k < len(toks) and k < 6 and toks[k][2] != ",":
        k += 1
    if k == 0 or k >= len(toks) or toks[k][2] != "," or not 2 < len(toks) - k <= 20:
        return None
    if any(t[2] in _ALL_MARKS or t[2] in (";", ":", "?", "!") for t in toks[k:]):
        return None
    words = [t[2] for t in toks[:k]]
    if not all(w[:1].isupper() for w in words) or len(_clean_name(words, lex)[0]) < 2:
        return None
    return _NP(toks[0][0], toks[k - 1][1], None, (toks[k + 1][0], toks[-1][1]))


def _attr_verb(text, lo, hi, cs, ce, section, prev_close, nxt_open, lex, midcaps, colon):
    """Attribution around a verb cue: "X said ...", "..., X said.", "..., said X."."""
    np = _np_left(text, prev_close, cs, lex)
    if np is not None and np.pronoun is None and text[np.start : np.end].lower() in ("and", "but"):
        np = None
    if np is None:
        left = _tokens(text, max(prev_close, cs - 30), cs)
        k = _skip_aux_left(left, len(left) - 1)
        lw = left[k][2].lower() if k >= 0 else ""
        participle = _is_participle(text[cs:ce])
        if k < 0 and prev_close > lo and text[prev_close - 2 : prev_close - 1] == ",":
            # '... as "fantastic," telling reporters': the comma sits inside the quotation
            left = [(prev_close - 2, prev_close - 1, ",")]
            k, lw = 0, ","
        if (
            lw in ("and", "but")
            or (lw == "," and participle)
            or (participle and lw in _BY_ING and k >= 1 and left[k - 1][2] != ",")
        ):
            # "X declined to comment but said ..." / "X defended it, saying ..." / "X landed in
            # trouble by saying ..."
            np = _subject_np(text, lo, left[k][0], lex)
        elif lw == "who" and k >= 1 and left[k - 1][2] == ",":
            # "..., said one official, who added that ..."
            np = _np_left(text, prev_close, left[k - 1][0], lex, appositive=False)
        if np is not None and _np_ok(text, np, lex, lo, midcaps, section):
            cstart = _content_start_pre(text, ce, hi, section, [nxt_open])
            if cstart is None or _letters(text[cstart:hi]) < 4:
                return None, 0
            return _Attr(np, cs, ce, section, "pre", cs, cstart), 1
        np = _name_after_quote(text, lo, prev_close, cs, lex)
    # a colon right after the cue introduces a statement whatever the verb ("Reed added:")
    strength = "say" if text[ce : ce + 3].lstrip().startswith(":") else section
    if np is not None and _np_ok(text, np, lex, lo, midcaps, strength):
        np_lo = min(np.start, np.appos[0]) if np.appos else np.start
        before = text[prev_close:np_lo]
        if prev_close > lo and _ADJECTIVES.fullmatch(before):
            # '"...," former presidential candidate Herman Cain said': lower-case words that
            # belong to the speaker phrase
            np_lo = prev_close + len(before) - len(before.lstrip(" ,"))
            before = text[prev_close:np_lo]
        just_after_quote = prev_close > lo and _letters(before) == 0
        after_comma = before.rstrip().endswith(",") or just_after_quote
        has_content_before = _letters(text[lo:np_lo]) > 0
        quote_follows = not just_after_quote and nxt_open < hi
        if quote_follows and _letters(text[ce:nxt_open].replace("that", "")) > 0:
            # "X wrote to his followers, "...": only a short phrase before the quotation
            tq = _trailer_end(text, ce, nxt_open, section, lenient=False)
            quote_follows = tq is not None and _intro_gap(text[tq:nxt_open])
        if (
            after_comma
            and has_content_before
            and not just_after_quote
            and _mid_verb(text, ce, section)
        ):
            # "The US, Trump said, will respond.": the verb of the reported clause follows
            return _Attr(np, cs, ce, section, "mid", np_lo, ce), 1
        if after_comma and has_content_before and not quote_follows:
            tend = _trailer_end(text, ce, nxt_open, section, lenient=just_after_quote)
            if tend is not None:
                return _Attr(np, cs, ce, section, "post", np_lo, tend), (
                    4 if just_after_quote else 2
                )
            if text[ce:nxt_open].lstrip().startswith(","):
                return _Attr(np, cs, ce, section, "mid", np_lo, ce), 3 if just_after_quote else 1
        if nxt_open < hi:
            # "X wrote to his followers on Friday, "...": a short phrase, then the quotation
            tend = _trailer_end(text, ce, nxt_open, section, lenient=False)
            if tend is not None and _intro_gap(text[tend:nxt_open]):
                return _Attr(np, cs, ce, section, "pre", np_lo, nxt_open), 2
        cstart = _content_start_pre(text, ce, hi, section, [nxt_open])
        if cstart is None or _letters(text[cstart:hi]) < 4:
            if not colon:
                return None, 0
            if not text[ce:hi].rstrip().endswith(":"):
                tend = _trailer_end(text, ce, hi, section, lenient=False)
                if tend is None or _letters(text[tend:hi]) > 0:
                    return None, 0
            cstart = hi  # "X said:" introducing the next paragraph
        return _Attr(np, cs, ce, section, "pre", np_lo, cstart), 2
    # Inversion: '"...," said Trump.' / 'Iran is ready, said the minister.'
    before = text[prev_close:cs]
    if section == "weak" and not (prev_close > lo and before.strip() in ("", ",")):
        return None, 0  # '"...," wrote one reader' but not 'Iran added, ...'
    if (before.strip() in ("", ",") and prev_close > lo) or (
        before.rstrip().endswith(",") and _letters(before) > 3
    ):
        np = _np_right(text, ce, hi, lex)
        if np is not None and _np_ok(text, np, lex, -10, midcaps):
            end = _after_np(text, np, hi)
            score = 4 if prev_close > lo and before.strip() in ("", ",") else 2
            return _Attr(np, cs, ce, section, "post", cs, end), score
    return None, 0


# After "X, he said," the verb of a clause that began before the attribution.
_MID_VERB = re.compile(
    r"\s*,\s+(?:(?:also|still|now|already|not|never|only|probably|likely)\s+)?"
    r"(?:is|was|are|were|will|would|could|can|may|might|must|should|shall|has|have|had"
    r"|does|do|did|remains|remained|needs|needed|wants|wanted)\b"
)
_HEARER = re.compile(
    r"\s+(?:reporters|journalists|[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3}|the\s+\w+(?:\s+\w+)?)"
    r"(?=\s*,)"
)


def _mid_verb(text: str, ce: int, section: str) -> bool:
    """Whether the reported clause's verb follows the cue ("The US, Reed said, will act")."""
    if section == "tell":
        m = _HEARER.match(text, ce)
        if m is not None:
            ce = m.end()  # "The island, Reed told reporters, is not for sale."
    return _MID_VERB.match(text, ce) is not None


_ADJECTIVES = re.compile(r"[\s,]*(?:[\w][\w\-.'’]*\s+){1,6}")


def _intro_gap(gap: str) -> bool:
    """Tell whether ``gap`` is a comma or colon leading into a quotation (', "...')."""
    return _letters(gap) == 0 and ("," in gap or ":" in gap)


def _is_participle(form: str) -> bool:
    """Tell whether a cue form is an "-ing" participle ("saying", "adding that")."""
    return form.split()[0].endswith("ing")


def _after_np(text: str, np: _NP, hi: int) -> int:
    end = np.appos[1] if np.appos else np.end
    return min(end, hi)


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------


@dataclass
class _Statement:
    start: int
    end: int
    kind: str
    attr: _Attr | None
    group: int = -1
    speaker: str | None = None
    sp_start: int | None = None
    sp_end: int | None = None
    actor: str | None = None
    cue: str | None = None
    mention: tuple[int, int] | None = None  # speaker mention, pronouns included


def _strip_content(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces, leading commas/colons and a final period, comma or dash outside quotes."""
    a, b = _trim(text, a, b)
    while a < b and text[a] in ",:;—–-":
        a, b = _trim(text, a + 1, b)
    while b > a and text[b - 1] in ".,;:—–-" and not (b - 2 >= a and text[b - 2] == "."):
        b -= 1
        a, b = _trim(text, a, b)
    return a, b


def _statements_for_region(
    text: str, a: int, b: int, spans: list[_Span], attr: _Attr | None
) -> list[_Statement]:
    """Direct statements when the quotations fill the region, else one mixed/indirect one."""
    a, b = _strip_content(text, a, b)
    if b <= a:
        return []
    t = _TRAILING_ATTR.search(text, max(a, b - 60), b)
    if t is not None and not any(s.open < t.start() < s.close for s in spans):
        # "X urged calm, her spokesman said.": the reporter's source, not the content
        a, b = _strip_content(text, a, t.start())
    i = bisect.bisect_left([s.cstart for s in spans], a - 1) if len(spans) > 8 else 0
    inner = [s for s in spans[i:] if s.cstart >= a - 1 and s.cend <= b + 1]
    inside = sum(_letters(text[s.cstart : s.cend]) for s in inner)
    total = _letters(text[a:b])
    outside = total - inside
    if inner and (
        outside <= 3
        or (
            outside <= 0.25 * inside
            and not (len(inner) > 1 and _letters(text[a : inner[0].open]) > 0)
        )
    ):
        # 'said that it was "A" and "B"': words before several quotations make one mixed
        # statement; a single quotation after "that" is still direct
        return [
            _Statement(s.cstart, s.cend, "direct", attr, s.group)
            for s in inner
            if not _is_title(text, s)
        ]
    if total < 3 or text[a:b].lower().strip(".,;") in _OBJECT_PRONOUNS:
        return []  # "Officials condemned them.": an object, not a statement
    words = [w.lower().strip(".,;:") for w in text[a:b].split()] if b - a < 60 else []
    if (
        words
        and not inner
        and len(words) <= 3
        and words[0] in _OBJECT_DETERMINERS
        and (
            words[-1] in _DAY_NOUNS
            or words[-1] in _WEEKDAYS
            or (attr is not None and attr.section == "say" and words[-1] in _SPEECH_NOUNS)
        )
    ):
        # "said earlier this month": a time; "reiterated the assertion": a verb of saying
        # whose object names a statement made elsewhere. Neither is reported content.
        return []
    kind = "mixed" if inner else "indirect"
    return [_Statement(a, b, kind, attr)]


def _analyse_frame(
    text: str, lo: int, hi: int, spans: list[_Span], lex: _Lexicon, midcaps: set
) -> tuple[list[_Statement], bool]:
    """Return the statements of one frame and whether it had an attribution."""
    attr = _find_attr(text, lo, hi, spans, lex, midcaps)
    if attr is None:
        return [], False
    if attr.mode in ("pre", "acc_pre"):
        cut, extra = _participle(text, attr.attr_end, hi, spans, attr, lex)
        cut = _dash_cut(text, attr.attr_end, cut, spans)
        more: list[_Statement] = []
        if attr.cue_end > attr.cue_start and _is_participle(text[attr.cue_start : attr.cue_end]):
            opens = [s.open for s in spans]
            for m in _AND_ING.finditer(text, attr.attr_end, cut):
                if _span_at(spans, opens, m.start()) is None:
                    more = _and_participle(text, m.end(), cut, spans, attr, lex)
                    cut = m.start()
                    break
        out = _statements_for_region(text, attr.attr_end, cut, spans, attr)
        return out + more + extra, True
    # post / mid / acc_post: the content is before the attribution (and after it for "mid"
    # and for a quotation split by its attribution).
    out = []
    first_lo = lo
    # "However, she noted that the US is ready," Craft said': skip a leading cue of its own.
    inner_pre = _find_attr(
        text, lo, attr.attr_start, [s for s in spans if s.close <= attr.attr_start], lex, midcaps
    )
    if inner_pre is not None and inner_pre.mode == "pre":
        first_lo = inner_pre.attr_end
    else:
        # 'He seemed to hint at a deal: "We talked," he told the paper.': the writer's
        # introduction before a colon is not part of the statement
        for sp in spans:
            if first_lo < sp.open < attr.attr_start and sp.double:
                if text[first_lo : sp.open].rstrip().endswith(":"):
                    first_lo = sp.open
                break
    out.extend(_statements_for_region(text, first_lo, attr.attr_start, spans, attr))
    rest = [s for s in spans if s.open >= attr.attr_end and not _is_title(text, s)]
    m = _SAID_AND.match(text, attr.attr_end, hi)
    if m is not None and not rest and attr.mode in ("post", "mid"):
        # "Our ships patrol here, he said, and they will answer any attack.": the clause
        # after "and" continues the reported speech; its own verb is not a new cue
        a, b = _strip_content(text, m.start(1), hi)
        if _letters(text[a:b]) >= 10:
            kind = "mixed" if any(s.double and a <= s.cstart < b for s in spans) else "indirect"
            out.append(_Statement(a, b, kind, attr))
            return out, True
    _cut, extra = _participle(text, attr.attr_end, hi, spans, attr, lex, at_start=True)
    if extra:
        out.extend(extra)
    elif rest:
        # '"A," he said, as he looked up. "B."': the words between belong to neither quote
        out.extend(_statements_for_region(text, rest[0].open, hi, spans, attr))
    elif attr.mode == "mid":
        # "The US, Trump said, will respond.": the reported clause runs through the attribution.
        a, b = _strip_content(text, lo, hi)
        if b > a:
            kind = "mixed" if any(s.double and a <= s.cstart < b for s in spans) else "indirect"
            return [_Statement(a, b, kind, attr)], True
    return out, True


# A dash and a name ending a line after a quotation: '"..." ― Ana Ruiz, Lyon' (a signature).
_DASHES = "―—–-"
_DASH_NEAR = re.compile(r"(['”\"»″])[ \t\u00a0]{0,3}(?:[―—–]|--?)[ \t\u00a0]*[A-Z]")
_SIGNATURE = re.compile(
    r"[ \t\u00a0]*([―—–]|--?)[ \t\u00a0]*"
    r"([A-Z][\w'’.\-]*(?:[ \t\u00a0]+(?:[A-Z][\w'’.\-]*|al|bin|da|de|del|la|le|van|von)){0,5})"
    r"(?:,[ \t\u00a0]*[^\n,]{1,80})?[ \t\u00a0.]*(?=\n|$)"
)
# Verbs that may open a sentence before their speaker ("Said Ana Ruiz, ...", "Added Lee: ...").
# "Said" and "Says" are also names (Said Jalili): only before "the", "a", an abbreviated title,
# or a name and a comma ('Said Ana Ruiz, "..."'; the head must then end in that comma).
_VERB_FIRST_WORDS = frozenset(
    "added adds continued continues stated wrote writes asked explained noted".split()
)
_VERB_FIRST = re.compile(
    r"(?:(Said|Says)\s+(?=(?:the|a|an)\s|[A-Z][a-z]{1,4}\.\s|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,3},)"
    r"|(Added|Adds|Continued|Continues|Stated|Wrote|Writes|Asked|Explained|Noted)\s+)"
)
_TITLE_BEFORE = re.compile(
    r"\b(?:on|in|to|at|of|book|film|movie|show|titled|entitled|memoir|novel|headline)[,:]?\s+"
    r"(?:[\w.\-]+(?:'s|’s)?,?\s+){0,3}$"
)


def _is_title(text: str, span: _Span) -> bool:
    """Tell whether a quotation names a show, book or film ('said on ABC's "This Week."').

    A short quotation whose longer words are all capitalised, within three words after "on",
    "in", "to", "at", "of" or a word such as "book", "film" or "titled", is a title, not a
    statement ('the author of "Those Days Are Gone"', 'in his 2012 book, "A Long Road."').
    """
    if span.cend - span.cstart > 200:
        return False  # far more than nine words: no need to split it
    words = text[span.cstart : span.cend].rstrip(".,!?").split()
    if not 1 <= len(words) <= 9:
        return False
    if not all(w[:1].isupper() or w.lower() in _CONNECTORS for w in words):
        return False
    if len(words) > 1 and not all(w[:1].isupper() for w in words[1:] if len(w) > 3):
        return False  # a title capitalises its longer words
    return _TITLE_BEFORE.search(text, max(0, span.open - 60), span.open) is not None


# Where a reported clause ends and the writer's own words begin: a dash aside, or a
# participle phrase after a comma (", referring to the July convention").
_DASH = re.compile(
    r"\s(?:—|–|--|-)\s|,[”\"’']{0,2}\s+(?=[a-z]+ing\s)|,[”\"’']{0,2}\s+(?=(?:a|an)\s)"
    r"|[”\"’']?\s+(?=and\s+[a-z]+ed\s)"
    r"|(?<=[,!?][”\"])\s+(?=(?:when|while|as|after|before)\s)"
)


def _span_at(spans: list[_Span], opens: list[int], pos: int) -> _Span | None:
    """Return the quotation span (marks included) containing ``pos``, if any."""
    k = bisect.bisect_right(opens, pos) - 1
    if k >= 0 and pos < spans[k].close:
        return spans[k]
    return None


def _dash_cut(text: str, a: int, b: int, spans: list[_Span]) -> int:
    """End a reported clause at a dash aside or a trailing participle phrase."""
    opens = [s.open for s in spans]
    for m in _DASH.finditer(text, a, b):
        gap = m.end() - 1  # the space before the aside
        if _span_at(spans, opens, gap) is not None:
            continue
        cut = m.start()
        sp = _span_at(spans, opens, cut)
        if sp is not None:
            cut = sp.close  # '..."should be wrapped up by Cleveland," referring to ...'
        if len(text[a:cut].split()) >= 3 or (text[cut - 1 : cut] in _DOUBLE_MARKS and cut > a):
            return cut
    return b


_AND_ING = re.compile(r",?\s+and\s+(?=[a-z]{3,}ing\b)")
_COORD = re.compile(
    r"(?:,\s*)?\b(?:and|but)\s+(?:(?:he|she|they|it|we)\s+)?"
    r"(?:(?:also|later|then|has|had|have|was|is|were|would|will|again|further|quickly|"
    r"repeatedly|even|still|just)\s+)*$"
)
_OBJECT_PRONOUNS = frozenset("it them this that these those him her us me".split())
_OBJECT_DETERMINERS = frozenset("the a an this that these those his her its their".split())
_SPEECH_NOUNS = frozenset(
    "assertion assertions claim claims statement statements remark remarks comment comments "
    "allegation allegations accusation accusations position view views message point".split()
)
# ", her spokesman said." closing a sentence whose speaker opened it: the source, not content
_TRAILING_ATTR = re.compile(
    r",\s+(?:his|her|their|its)\s+(?:spokes(?:man|woman|person)|office|aides?|press\s+secretary)"
    r"\s+(?:said|says|added|told\s+reporters)\W*$"
)
# ", he said, and they will ...": a new subject after the attribution continues the speech
_SAID_AND = re.compile(
    r"\s*,\s*(?:and|but)\s+"
    r"(they|we|it|its|their|our|the|this|these|those|there|all|no|any)\b"
)
_CLOSERS_AND_SPACE = " \t\n\u00a0" + _DOUBLE_CLOSERS + _SINGLE_CLOSERS + "\"'"


def _participle(
    text: str,
    a: int,
    b: int,
    spans: list[_Span],
    attr: _Attr,
    lex: _Lexicon,
    *,
    at_start: bool = False,
) -> tuple[int, list[_Statement]]:
    """Split off a second cue of the same speaker from a statement's region.

    Handles ", adding that ...", ", saying ..." and "..., but he also noted ...". Returns where
    the first statement ends and the statements of the second clause, which share the
    attribution's speaker.
    """
    inside = [(s.open, s.close) for s in spans]
    opens = [x for x, _y in inside]
    for cs, ce, raw in lex.cues(text, a, b):
        if _span_at(spans, opens, cs) is not None:
            continue
        if _is_participle(raw):
            before = text[a:cs].rstrip()
            if not before.rstrip(_CLOSERS_AND_SPACE).endswith(","):
                continue
            if at_start and _letters(before) > 0:
                continue
            cut = a + len(before)
            if text[cut - 1] == ",":
                cut -= 1
        else:
            c = _COORD.search(text, max(a, cs - 60), cs)
            if c is None or (at_start and _letters(text[a : c.start()]) > 0):
                continue
            cut = c.start()
        form = " ".join(raw.split())
        section = lex.cue_kind.get(form, "say")
        n = bisect.bisect_left(opens, ce)
        if section in ("inverted", "quoted") and not (n < len(opens) and opens[n] < b):
            continue
        cstart = _content_start_pre(text, ce, b, section, opens[n : n + 1])
        if cstart is None or _letters(text[cstart:b]) < 4:
            continue
        sub = _Attr(attr.np, cs, ce, section, "pre", attr.attr_start, cstart)
        end = b
        more: list[_Statement] = []
        if _is_participle(raw):
            # ', calling it "a disgrace" and asking for ...': a second participle ends it
            for m in _AND_ING.finditer(text, cstart, b):
                if _span_at(spans, opens, m.start()) is None:
                    more = _and_participle(text, m.end(), b, spans, attr, lex)
                    end = m.start()
                    break
        return cut, _statements_for_region(text, cstart, end, spans, sub) + more
    return b, []


def _and_participle(
    text: str, pos: int, b: int, spans: list[_Span], attr: _Attr, lex: _Lexicon
) -> list[_Statement]:
    """Statements of a second participle cue of the same speaker at ``pos``.

    '..., saying he was a pioneer and calling him "a feminist."': the words after "and
    calling" are a statement of their own when "calling" is a cue and its clause (with a
    quotation for a naming verb such as "call") follows.
    """
    for cs, ce, raw in lex.cues(text, pos, b):
        if cs != pos or not _is_participle(raw):
            return []
        section = lex.cue_kind.get(" ".join(raw.split()), "say")
        opens = [s.open for s in spans]
        n = bisect.bisect_left(opens, ce)
        nxt = opens[n] if n < len(opens) else b
        if section in ("inverted", "weak") or (section == "quoted" and nxt >= b):
            return []
        cstart = _content_start_pre(text, ce, b, section, [nxt])
        if cstart is None or _letters(text[cstart:b]) < 4:
            return []
        sub = _Attr(attr.np, cs, ce, section, "pre", attr.attr_start, cstart)
        return _statements_for_region(text, cstart, b, spans, sub)
    return []


# A frame (sentence, or sentences joined by a quotation) longer than this is broken or
# adversarial text; it is analysed in pieces so that the work stays linear in its length.
_MAX_FRAME = 3000


def _frames(
    sentences: list[tuple[int, int]], spans: list[_Span]
) -> list[tuple[int, int, list[_Span], int]]:
    """Join sentences that a quotation span runs across; return (lo, hi, spans, first index)."""
    starts = [s for s, _e in sentences]
    n = len(sentences)
    join_to = list(range(n))  # join_to[i] = last sentence index of the frame starting at i
    span_first = []
    for sp in spans:
        i = max(0, bisect.bisect_right(starts, sp.open) - 1)
        j = max(0, bisect.bisect_right(starts, max(sp.open, sp.close - 1)) - 1)
        span_first.append(i)
        if j > join_to[i]:
            join_to[i] = j
    frames = []
    i = 0
    k = 0
    order = sorted(range(len(spans)), key=lambda x: spans[x].open)
    while i < n:
        j = join_to[i]
        m = i
        while m <= j:
            if join_to[m] > j:
                j = join_to[m]
            m += 1
        lo, hi = sentences[i][0], sentences[j][1]
        fs = []
        while k < len(order) and spans[order[k]].open < hi:
            if spans[order[k]].open >= lo:
                fs.append(spans[order[k]])
            k += 1
        if hi - lo > _MAX_FRAME:
            frames.extend(_chop(lo, hi, fs, i))
        else:
            frames.append((lo, hi, fs, i))
        i = j + 1
    return frames


def _chop(
    lo: int, hi: int, spans: list[_Span], first: int
) -> list[tuple[int, int, list[_Span], int]]:
    """Cut an over-long frame into pieces of about ``_MAX_FRAME`` characters."""
    out = []
    k = 0
    start = lo
    while start < hi:
        end = min(hi, start + _MAX_FRAME)
        piece = []
        while k < len(spans) and spans[k].open < end:
            end = max(end, min(hi, spans[k].close))  # never cut a quotation
            piece.append(spans[k])
            k += 1
        out.append((start, end, piece, first))
        start = end
    return out


_TERMINAL = frozenset(".!?…:")
# A dateline opening a story: "KYIV, January 22, 2026 - ", "WASHINGTON (AP) — ".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,30}(?:, [A-Z][A-Za-z.]+)?,?"
    r"(?: [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r"(?: \([A-Za-z .]{2,30}\))? ?[-—–]{1,2} "
)
_CLOSING = frozenset(_ALL_MARKS + ")]} ")


def _final_char(text: str, lo: int, hi: int) -> str:
    """Return the last character of a sentence, ignoring spaces, closing marks and brackets."""
    k = hi - 1
    while k >= lo and (text[k] in _CLOSING or text[k].isspace()):
        k -= 1
    return text[k] if k >= lo else ""


def _ends_with_quote(text: str, lo: int, hi: int, spans: list[_Span]) -> bool:
    """Tell whether the frame ends with the closing mark of its last quotation."""
    last = spans[-1]
    return last.close > last.cend and _letters(text[last.close : hi]) == 0


def _mostly_quoted(text: str, lo: int, hi: int, spans: list[_Span]) -> bool:
    inside = sum(_letters(text[s.cstart : s.cend]) for s in spans if s.double)
    if inside == 0:
        return False
    outside = _letters(text[lo:hi]) - inside
    return outside <= 3 or outside <= 0.15 * inside


def extract_quotes(text: str) -> list[Quote]:
    r"""Find every attributed statement in a news article.

    Parameters
    ----------
    text : str
        The article text. Paragraphs are separated by blank lines (or by line breaks when
        the text has no blank line).

    Returns
    -------
    list of Quote
        Statements in document order. Direct quotations give the words inside the marks;
        reported speech gives the reported clause; ``article[q.start:q.end] == q.text``.

    Raises
    ------
    TypeError
        If ``text`` is not a string (for bytes: decode them first, e.g.
        ``data.decode("utf-8")``).

    Examples
    --------
    >>> from stance import extract_quotes
    >>> art = 'Foreign Minister Anna Berg said on Monday that talks would resume.\n\n'
    >>> art += '"We will not give up," Berg told reporters.'
    >>> for q in extract_quotes(art):
    ...     print(q.kind, q.speaker, q.cue, "|", q.text)
    indirect Anna Berg said | talks would resume
    direct Anna Berg told reporters | We will not give up,
    """
    return [q for q, _m in _extract_with_mentions(text)]


def _extract_with_mentions(text: str) -> list[tuple[Quote, tuple[int, int] | None]]:
    """Like :func:`extract_quotes`, also giving each statement's speaker mention offsets.

    Unlike ``Quote.speaker_start``, the mention includes pronouns ("he said"); continuations
    have none. Used by the evaluation to compare with gold speaker spans.
    """
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(
            "extract_quotes() needs str, got bytes; decode them first, "
            "e.g. extract_quotes(data.decode('utf-8'))"
        )
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes() needs str, got {type(text).__name__}")
    if not text.strip():
        return []
    return _Extractor(text).run()


class _Extractor:
    """State for one document: sentences, spans, entity memory and the statements found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = _DocLexicon(_lexicon(), text)
        self._titled: list | None = None  # titled people in the text, built on first use
        self._roles_seen: list = []  # (position, name, role words) of speakers so far
        self._subjects: list | None = None  # people opening sentences, built on first use
        self._institutions: list | None = None  # (position, key, actor) of qualified bodies
        self._body_list: list | None = None  # (position, actor, short forms) of named bodies

    def run(self) -> list[tuple[Quote, tuple[int, int] | None]]:
        text, lex = self.text, self.lex
        paragraphs, sents = document_spans(text)
        sentences = [(a, b) for a, b, _p in sents]
        self.sent_para: list[int] = [p for _a, _b, p in sents]
        self.sent_starts = [s for s, _ in sentences]
        self.sent_ends = [e for _, e in sentences]
        spans = _find_spans(text, paragraphs)
        self.mem = _build_memory(text, lex)
        midcaps = _LazyMidcaps(text)
        statements: list[_Statement] = []
        pending: dict[int, list[_Statement]] = {}  # group -> unattributed pieces
        group_attr: dict[int, _Statement] = {}
        colon_attr: _Attr | None = None  # "X said:" ending the previous frame
        prev_had = False  # whether the previous frame gave statements (for continuations)
        frames = _frames(sentences, spans)
        # '"..." ― Ana Ruiz' (a quotation signed with a dash): attributed before the frames
        signed = self._signatures(paragraphs, spans, midcaps)
        si = 0  # next signed statement to emit
        fi = 0
        while fi < len(frames):
            lo, hi, fspans, _si = frames[fi]
            fi += 1
            # '"...?" asked Sen. Mikulski.' / '"...!" Clinton said.': Punkt ends the sentence at
            # the quotation; its attribution is the next one.
            if fspans and fi < len(frames) and _ends_with_quote(text, lo, hi, fspans):
                nlo, nhi, nspans, _ = frames[fi]
                if text[nlo].islower() or (
                    not nspans and self._is_bare_attribution(nlo, nhi, midcaps)
                ):
                    hi = nhi
                    fspans = fspans + nspans
                    fi += 1
            fsigned = []  # signed quotations in this frame
            while si < len(signed) and signed[si].start < hi:
                fsigned.append(signed[si])
                si += 1
            dl = _DATELINE.match(text, lo, hi)
            if dl is not None:
                lo = dl.end()  # "KYIV, January 22, 2026 - ..." is not part of any statement
            end_char = _final_char(text, lo, hi)
            if end_char not in _TERMINAL:
                # headlines, captions and bylines carry no attributed statements
                self._emit(fsigned, statements)
                colon_attr = None
                prev_had = False
                continue
            found, had_attr = _analyse_frame(text, lo, hi, fspans, lex, midcaps)
            if not found and not fspans and fi < len(frames) and frames[fi][2]:
                intro = _find_attr(text, lo, hi, fspans, lex, midcaps, colon=True)
                if intro is None:
                    intro = self._verb_first(lo, hi, midcaps)
                if intro is None:
                    # 'Cruz went on:' / 'A student, Jo Potts, echoed:' before a quotation
                    intro = self._subject_colon(lo, None, midcaps, hi)
                if intro is not None and intro.attr_end >= hi:
                    # "X said:" / "X said in a statement." introducing the next quotation
                    colon_attr = intro
                    continue
            if not had_attr and colon_attr is not None and fspans:
                found = _statements_for_region(text, lo, hi, fspans, colon_attr)
                had_attr = bool(found)
            if not had_attr and fspans:
                label = (
                    self._name_colon(lo, fspans[0], midcaps)
                    or self._verb_first(lo, fspans[0].open, midcaps)
                    or self._subject_colon(lo, fspans[0], midcaps)
                )
                if label is not None:
                    # 'Ambassador Lina Sarr: "We need a ceasefire."' (a name, a colon, a quote)
                    found = _statements_for_region(text, fspans[0].open, hi, fspans, label)
                    had_attr = bool(found)
            colon_attr = None
            # an attribution in the sentence beats a dash after it ('"...," he said.--Ana Ruiz')
            if fsigned:
                self._emit([st for st in fsigned if not self._overlaps(st, found)], statements)
            if had_attr:
                for st in found:
                    self._resolve(st, statements)
                    if st.group >= 0:
                        group_attr.setdefault(st.group, st)
                        for piece in pending.pop(st.group, []):
                            self._copy_speaker(piece, st)
                            statements.append(piece)
                    statements.append(st)
                prev_had = bool(found)
                continue
            got = False
            if fspans and _mostly_quoted(text, lo, hi, fspans):
                for sp in fspans:
                    if not sp.double or any(st.start == sp.cstart for st in fsigned):
                        continue
                    piece = _Statement(sp.cstart, sp.cend, "direct", None, sp.group)
                    src = group_attr.get(sp.group)
                    if src is None and prev_had:
                        src = self._continuation_source(piece, statements)
                    if src is not None:
                        self._copy_speaker(piece, src)
                        statements.append(piece)
                        got = True
                    elif sp.close == sp.cend:
                        pending.setdefault(sp.group, []).append(piece)
            elif fspans and prev_had and not fsigned and self._opens_frame(lo, hi, fspans):
                # '"A," he said. "B, B, B" to support him.': a sentence opening with a long
                # quotation continues the statement before it
                sp = fspans[0]
                piece = _Statement(sp.cstart, sp.cend, "direct", None, sp.group)
                src = self._continuation_source(piece, statements)
                if src is not None:
                    self._copy_speaker(piece, src)
                    statements.append(piece)
                    got = True
            prev_had = got
        self._emit(signed[si:], statements)
        statements.sort(key=lambda s: (s.start, s.end))
        return [(self._to_quote(st), st.mention) for st in statements]

    def _signatures(
        self, paragraphs: list[tuple[int, int]], spans: list[_Span], midcaps: set
    ) -> list[_Statement]:
        """Quotations signed with a dash and a name: '"..." ― Ana Ruiz' or a line '- Ruiz.'.

        The name (and an optional ", place or role") must end its line, right after the
        closing mark, or fill a paragraph of its own right after a paragraph that is a
        quotation. Readers' comments, epigraphs and fact-check lists are laid out this way.
        """
        text = self.text
        out: list[_Statement] = []
        closes: list[int] = []
        for near in _DASH_NEAR.finditer(text):
            # a closing mark, then the dash: find the quotation it closes
            closes = closes or [s.close for s in spans]
            k = bisect.bisect_left(closes, near.end(1))
            if k >= len(closes) or closes[k] != near.end(1):
                continue
            sp = spans[k]
            if not sp.double or sp.close == sp.cend:
                continue
            m = _SIGNATURE.match(text, sp.close)
            if m is not None:
                st = self._signed(sp, m, midcaps)
                if st is not None:
                    out.append(st)
        starts: list[int] = []
        for k in range(1, len(paragraphs)):
            pa, pb = paragraphs[k]
            if text[pa] not in _DASHES:
                continue
            m = _SIGNATURE.match(text, pa)
            if m is None or m.end() < pb:
                continue
            qa, qb = paragraphs[k - 1]
            starts = starts or [s.open for s in spans]
            i = bisect.bisect_left(starts, qa)
            inner = []
            for s in spans[i:]:
                if s.open >= qb:
                    break
                if s.double:
                    inner.append(s)
            if (
                not inner
                or inner[-1].close == inner[-1].cend
                or _letters(text[inner[-1].close : qb]) > 0
                or not _mostly_quoted(text, qa, qb, inner)
            ):
                continue
            for sp in inner:
                st = self._signed(sp, m, midcaps)
                if st is not None:
                    out.append(st)
        out.sort(key=lambda st: st.start)
        return out

    def _signed(self, sp: _Span, m: re.Match, midcaps: set) -> _Statement | None:
        """Return the statement of quotation ``sp`` signed by the name matched in ``m``."""
        a, b = m.span(2)
        last = self.text[a:b].split()[-1]
        if last.endswith(".") and "." not in last[:-1] and len(last) > 3:
            b -= 1  # "- Gov. Ella Stone." ends a sentence; "Jr." and "P." keep their period
        words = self.text[a:b].split()
        if len(words) == 1 and words[0] not in self.mem.surname and words[0] not in midcaps:
            return None  # one word must be a name the article uses elsewhere
        if any(w.lower().rstrip(".") in _CAP_STOP for w in words):
            return None
        np = _NP(a, b, None, None)
        if not _np_ok(self.text, np, self.lex, -10, midcaps):
            return None
        dash = m.start(1)
        attr = _Attr(np, dash, m.end(1), "say", "post", dash, m.end())
        return _Statement(sp.cstart, sp.cend, "direct", attr, sp.group)

    @staticmethod
    def _overlaps(st: _Statement, others: list[_Statement]) -> bool:
        return any(o.start < st.end and st.start < o.end for o in others)

    def _emit(self, new: list[_Statement], statements: list[_Statement]) -> None:
        """Resolve the speakers of ready statements and add them."""
        for st in new:
            self._resolve(st, statements)
            statements.append(st)

    # -- helpers --------------------------------------------------------------------------

    def _name_colon(self, lo: int, span: _Span, midcaps: set) -> _Attr | None:
        """Attribution of a quotation introduced by a name and a colon, with no verb."""
        head = self.text[lo : span.open].rstrip()
        if not head.endswith(":") or len(head) > 80 or not span.double:
            return None
        colon = lo + len(head) - 1
        np = _np_left(self.text, lo, colon, self.lex, appositive=False)
        if np is None or np.pronoun is not None or _letters(self.text[lo : np.start]) > 0:
            return None
        words = self.text[np.start : np.end].split()
        if not all(w[:1].isupper() or w in _CONNECTORS for w in words):
            return None
        if not _np_ok(self.text, np, self.lex, -10, midcaps):
            return None
        return _Attr(np, colon, colon, "say", "pre", np.start, span.open)

    def _verb_first(self, lo: int, end: int, midcaps: set) -> _Attr | None:
        """Attribution of a sentence that opens with its verb: 'Said Ana Ruiz, "..."'.

        ``text[lo:end]`` must be the verb, the speaker and a comma or colon (the quotation
        follows at ``end``, or in the next paragraph after a colon).
        """
        text = self.text
        m = _VERB_FIRST.match(text, lo, end)
        if m is None:
            return None
        head = text[lo:end].rstrip()
        if not head.endswith((",", ":")) or len(head) > 160:
            return None
        np = _np_right(text, m.end(), lo + len(head) - 1, self.lex)
        if np is None or np.pronoun is not None or not _np_ok(text, np, self.lex, -10, midcaps):
            return None
        if _letters(text[_after_np(text, np, end) : end]) > 0:
            return None
        return _Attr(np, lo, lo + len(m.group(1) or m.group(2)), "say", "pre", lo, end)

    def _subject_colon(
        self, lo: int, span: _Span | None, midcaps: set, hi: int | None = None
    ) -> _Attr | None:
        """Attribution of a quotation after a colon that ends a sentence about a person.

        'Senator Reed has since apologized: "I was wrong."' The sentence before the colon has
        no cue; its subject (he/she, a name of several words, or one word the article uses
        as a name elsewhere) is the speaker. Bodies, documents and anonymous subjects are
        not taken. With ``span`` None the sentence ``text[lo:hi]`` introduces a quotation in
        the next paragraph.
        """
        text = self.text
        end = span.open if span is not None else hi
        head = text[lo:end].rstrip()
        if not head.endswith(":") or len(head) > 200 or (span is not None and not span.double):
            return None
        colon = lo + len(head) - 1
        np = _subject_np(text, lo, colon, self.lex)
        if np is None:
            return None
        if np.pronoun is not None:
            if np.pronoun not in ("m", "f"):
                return None
        else:
            words = text[np.start : np.end].split()
            last = words[-1].lower().strip(".,'’")
            if not words[-1][:1].isupper() or last in _BODIES or _is_possessive(words[-1]):
                return None
            if not _np_ok(text, np, self.lex, lo, midcaps):
                return None
            last_word = words[-1].rstrip(".,")
            if len(words) == 1 and last_word not in self.mem.surname and last_word not in midcaps:
                return None  # a name, seen as one elsewhere ("Below: ..." is not)
        return _Attr(np, colon, colon, "say", "pre", np.start, end)

    def _is_bare_attribution(self, lo: int, hi: int, midcaps: set) -> bool:
        """Tell whether a sentence is only an attribution ("asked Sen. Mikulski.")."""
        if hi - lo > 250:
            return False
        if self.text[lo].islower():
            return True
        # '"...?" Clinton asks as an aide walks in.': the sentence opens with its attribution
        attr = _find_attr(self.text, lo, hi, [], self.lex, midcaps, colon=True)
        if attr is None or attr.attr_start > lo + 1:
            return False
        return attr.mode == "pre" and (
            attr.attr_end >= hi
            or _trailer_end(self.text, attr.cue_end, hi, attr.section, lenient=True) is not None
        )

    def _sent_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def _opens_frame(self, lo: int, hi: int, spans: list[_Span]) -> bool:
        """Whether a quotation of five words or more opens a frame that has no cue.

        A cue outside the quotations ('"...," columnist Ai Jun wrote in the paper.') is an
        attribution of its own, even when it was not understood: no continuation then.
        """
        sp = spans[0]
        if not (
            sp.double
            and sp.close > sp.cend
            and _letters(self.text[lo : sp.open]) == 0
            and len(self.text[sp.cstart : sp.cend].split()) >= 5
        ):
            return False
        opens = [s.open for s in spans]
        return all(
            _span_at(spans, opens, cs) is not None
            for cs, _ce, _w in self.lex.cues(self.text, lo, hi)
        )

    def _continuation_source(
        self, piece: _Statement, statements: list[_Statement]
    ) -> _Statement | None:
        """Return the statement a quotation without attribution continues, if any is close."""
        if not statements:
            return None
        prev = statements[-1]
        if prev.speaker is None:
            return None
        si = self._sent_index(piece.start)
        pj = self._sent_index(prev.end)
        if si - pj > 2:
            return None
        if self.sent_para[si] - self.sent_para[pj] > 1:
            return None
        return prev

    @staticmethod
    def _copy_speaker(piece: _Statement, src: _Statement) -> None:
        piece.speaker = src.speaker
        piece.actor = src.actor
        piece.sp_start = piece.sp_end = None
        piece.cue = None
        piece.attr = None

    def _resolve(self, st: _Statement, statements: list[_Statement]) -> None:
        """Fill speaker, offsets, actor and cue of a statement from its attribution."""
        attr = st.attr
        if attr is None:
            return
        text = self.text
        st.cue = self._cue_text(attr)
        np = attr.np
        st.mention = (np.start, np.end)
        if np.pronoun is not None:
            ent = self._resolve_pronoun(np.pronoun, statements, np.start)
            if ent is not None:
                st.speaker, st.actor = ent.name, ent.actor
            return
        phrase = text[np.start : np.end]
        if np.appos is not None and _adverbial(text[np.appos[0] : np.appos[1]]):
            # "Lindqvist, after meeting Russian officials, said": the aside names whom the
            # speaker met, not whom the speaker speaks for
            np = _NP(np.start, np.end, None, None)
        name, person, role = self._canonical(phrase)
        if not person:
            linked = self._link_role(phrase, np.start)
            if linked is not None:
                name, person = linked, True
        st.speaker = name
        st.sp_start, st.sp_end = np.start, np.end
        if person:
            roles = phrase if np.appos is None else phrase + " " + text[np.appos[0] : np.appos[1]]
            self._remember_role(np.start, name, roles)
        ent = self.mem.entities.get(name)
        if ent is None:
            ent = _Entity(name, person, plural=self._plural(phrase))
            self.mem.entities[name] = ent
        g = self._gender_of(phrase)
        if g and ent.gender is None:
            ent.gender = g
        actor = _actor_for(phrase)
        if actor is None and np.appos is not None:
            actor = _actor_for(text[np.appos[0] : np.appos[1]] + " " + phrase)
        if actor is None and person:
            # lower-case role words stop the mention ("EU foreign policy chief Anna X" gives
            # "chief Anna X"); the words before it in the same clause still name the body
            pre = _premodifiers(text, np.start)
            if pre:
                actor = _actor_for(pre + " " + phrase)
        if actor is None and role:
            actor = _actor_for(role)
        if actor is None and name != phrase:
            actor = self._memory_actor(name)
        if actor is None:
            full = phrase if np.appos is None else phrase + " " + text[np.appos[0] : np.appos[1]]
            actor = self._institution_actor(full, np.start)
            if actor is None and ent.actor is None:
                actor = self._context_actor(full, min(np.start, (np.appos or (np.start,))[0]))
                if actor is not None and not person:
                    st.actor = actor  # "a spokesman" here need not be the one elsewhere
                    return
        if actor is not None and ent.actor is None:
            ent.actor = actor
        st.actor = ent.actor if ent.actor is not None else actor

    def _institution_actor(self, phrase: str, pos: int) -> str | None:
        """State of a generic institution ("the Foreign Office") from this document.

        "Foreign Office" or "Defence Ministry" alone names no state; the state comes from
        a qualified mention of the same institution in the article ("Pakistan's Foreign
        Office", "the Russian Defence Ministry"): the last one before ``pos``, else the first
        one after it. ``None`` when the article never qualifies it.
        """
        m = _INSTITUTION_RE.search(phrase)
        if m is None:
            return None
        before = phrase[: m.start()].split()
        if before and _is_possessive(before[-1]):
            return None  # "the Guards' navy" is the Guards', not the last navy named
        key = _institution_key(m.group())
        if self._institutions is None:
            self._institutions = []
            for mm in _INSTITUTION_RE.finditer(self.text):
                head = _SENT_PUNCT.split(self.text[max(0, mm.start() - 40) : mm.start()])[-1]
                words = head.split()[-3:]
                actor = _actor_for(" ".join([*words, mm.group()]))
                if actor is not None:
                    self._institutions.append((mm.start(), _institution_key(mm.group()), actor))
        before = [a for p, k, a in self._institutions if k == key and p <= pos]
        if before:
            return before[-1]
        after = [a for p, k, a in self._institutions if k == key and p > pos]
        return after[0] if after else None

    def _bodies(self, lo: int, hi: int) -> list[tuple[int, str, frozenset]]:
        """Bodies named in ``text[lo:hi]``: (position, actor, short-form keys)."""
        text = self.text
        out = []
        for a, b, actor, kind in _mentions_with_kind(text[lo:hi]):
            a, b = a + lo, b + lo
            mention = text[a:b]
            keys = frozenset(
                _SHORT_FORM_ALIASES.get(w, w.lower().rstrip("s"))
                for w in mention.split()
                if w in _SHORT_FORM_ALIASES or w.lower().rstrip("s") in _SHORT_FORM_HEADS
            )
            body = kind in _BODY_KINDS or keys or _BODY_HEAD_RE.match(text, b, b + 60)
            if kind == "seat" and not body:
                # "the Kremlin", "the White House"; a bare capital is a place
                body = " " in mention or text[max(0, a - 4) : a].lower() == "the "
            if body:
                out.append((a, actor, keys))
        return out

    def _context_actor(self, phrase: str, pos: int) -> str | None:
        """Actor of a speaker mention that names none, from the text around it.

        * a short form of a body named earlier: "the Guards" after "Revolutionary Guards",
          "the Fleet" after "the Seventh Fleet";
        * a bare role ("a spokesman", "Spokeswoman Leila Sadeghi", "its commander") takes
          the actor of the nearest body named before it in the same or the previous
          sentence of the paragraph ("Iran's Foreign Ministry struck a softer tone.");
        * a paragraph opening with a place ("In Tehran, ...") gives that place's state to
          a speaker in its first sentence.

        Commentators (analysts, professors) get ``None``.
        """
        actor = self._context_actor_raw(phrase, pos)
        if actor is None or _is_commentator(phrase):
            return None
        return actor

    def _context_actor_raw(self, phrase: str, pos: int) -> str | None:
        keys = set()
        if _SHORT_FORM_HINT.search(phrase):
            keys = {
                _SHORT_FORM_ALIASES.get(w, w.lower().rstrip("s"))
                for w in re.findall(r"\b[A-Z][A-Za-z]+", phrase)
                if w.lower().rstrip("s") in _SHORT_FORM_HEADS
            }
        if keys:
            if self._body_list is None:
                self._body_list = self._bodies(0, len(self.text))
            for p, actor, bkeys in reversed(self._body_list):
                if p < pos and keys & bkeys:
                    return actor
        si = self._sent_index(pos)
        words = [(w, w.lower().strip(".,'’")) for w in phrase.split()]
        if any(low in _ROLE_ONLY_HEADS for _w, low in words) and all(
            low in _ROLE_ONLY_OK or w[:1].isupper() for w, low in words
        ):
            lo = si
            if si > 0 and self.sent_para[si - 1] == self.sent_para[si]:
                lo = si - 1
            start = self.sent_starts[lo]
            for p, actor, _k in reversed(self._bodies(start, pos)):
                if start <= p < pos and self._is_subject(p):
                    return actor
        # "In Tehran, the commander said ...": the first sentence of a paragraph
        if si == 0 or self.sent_para[si - 1] != self.sent_para[si]:
            m = _PLACE_OPENER.match(self.text, self.sent_starts[si], pos)
            if m is not None:
                return self._place_actor(m.start(1), m.end(1))
        return None

    def _is_subject(self, pos: int) -> bool:
        """Whether a mention at ``pos`` opens its sentence ("The Iranian Foreign Ministry")."""
        head = self.text[self.sent_starts[self._sent_index(pos)] : pos]
        return _SUBJECT_HEAD.fullmatch(head) is not None

    def _place_actor(self, a: int, b: int) -> str | None:
        for p, e, actor, kind in _mentions_with_kind(self.text[a:b]):
            if p == 0 and e == b - a and kind in ("seat", "country"):
                return actor
        return None

    def _role_words(self, phrase: str) -> frozenset:
        words = {w.lower().strip(".,'’") for w in phrase.split()}
        return frozenset(w for w in words if w in self.lex.titles and w not in _ROLE_FILLERS)

    def _remember_role(self, pos: int, name: str, phrase: str) -> None:
        roles = self._role_words(phrase)
        if roles:
            self._roles_seen.append((pos, name, roles))

    def _role_people(self) -> list[tuple[int, str, frozenset]]:
        """Titled people mentioned in the document: (position, name, role words)."""
        if self._titled is None:
            self._titled = []
            for pos, full in self.mem.mentions:
                toks = _tokens(self.text, max(0, pos - 100), pos)
                k = len(toks) - 1
                if k >= 0 and toks[k][2] == ",":
                    k -= 1  # the role stands before the name, in apposition
                np = _np_run(toks, k, self.lex) if k >= 0 else None
                if np is not None:
                    roles = self._role_words(self.text[np.start : pos])
                    if roles:
                        self._titled.append((pos, full, roles))
        return self._titled

    def _link_role(self, phrase: str, pos: int) -> str | None:
        """Resolve "the Pakistani envoy" / "North Korea's envoy" to the person it names.

        The most recent person before ``pos`` whose title has the same role words, preferring
        one who speaks for the same actor.
        """
        words = phrase.split()
        first = words[0].lower()
        head = words[-1].lower().strip(".,")
        if not (first == "the" or _is_possessive(words[0])) or len(words) > 7:
            return None
        if head not in self.lex.titles or head in _ROLE_FILLERS or head in _BODIES:
            return None  # "China's Foreign Ministry" is a body, not a person
        if head.endswith("s"):
            return None  # "the diplomats" are several people
        actor = _actor_for(phrase)
        people = [c for c in self._role_people() + self._roles_seen if c[0] < pos]
        people.sort(key=lambda c: c[0])
        wanted = self._role_words(phrase)  # every role word must fit: "Supreme leader"
        same_head = [c for c in people if head in c[2] and wanted <= c[2]]
        if actor is not None:
            # never link across actors: "the Chinese envoy" is not the Korean one
            same_head = [c for c in same_head if self._memory_actor(c[1]) in (actor, None)]
            both = [c for c in same_head if self._memory_actor(c[1]) == actor]
            if both:
                return both[-1][1]
        if same_head:
            return same_head[-1][1]
        return None

    def _memory_actor(self, name: str) -> str | None:
        """Actor from a titled mention of ``name`` anywhere in the document (cached)."""
        cache = self.mem.actors
        if name in cache:
            return cache[name]
        if not self.mem.by_name:
            for pos, full in self.mem.mentions:
                self.mem.by_name.setdefault(full, []).append(pos)
        actor = None
        for pos in self.mem.by_name.get(name, ())[:5]:
            toks = _tokens(self.text, max(0, pos - 120), pos)
            k = len(toks) - 1
            if k >= 0 and toks[k][2] == ",":
                k -= 1  # "Kenya's ambassador to the UN, Lina Sarr"
            np = _np_run(toks, k, self.lex) if k >= 0 else None
            phrase = self.text[np.start : pos + len(name)] if np is not None else name
            actor = _actor_for(phrase)
            if actor is not None:
                break
        cache[name] = actor
        return actor

    def _cue_text(self, attr: _Attr) -> str | None:
        if attr.cue_end <= attr.cue_start:
            return None  # a name and a colon: no cue word
        cue = self.text[attr.cue_start : attr.cue_end]
        if attr.section == "tell":
            m = re.match(
                r"\s+(reporters|journalists)\b", self.text[attr.cue_end : attr.cue_end + 20]
            )
            if m:
                cue = self.text[attr.cue_start : attr.cue_end + m.end()]
        return cue

    def _canonical(self, phrase: str) -> tuple[str, bool, str | None]:
        """Return (speaker name, is a person, role phrase or None) for a speaker mention."""
        words = [w.rstrip(",") for w in phrase.split()]
        # "Soli Ozel of Kadir Has University": the person is named before "of"
        for i, w in enumerate(words):
            if w in ("of", "from", "at") and i > 0:
                prev = words[i - 1]
                if (
                    prev[:1].isupper()
                    and prev.lower().rstrip(".") not in self.lex.titles
                    and (not _is_possessive(prev))
                ):
                    words = words[:i]
                break
        name, cut = _clean_name(words, self.lex)
        k = len(name)
        while k > 0 and name[k - 1][:1].isupper():
            k -= 1
        if 0 < k < len(name) and not (cut == 0 and words[0].lower() in _DETERMINERS):
            # "international relations lecturer Soli Ozel": the name is the capitalised end
            cut += k
            name = name[k:]
        if len(name) == 1 and any(w in ("of", "for", "at") for w in words[:cut]):
            # "a spokesman for committee Democrats": a body, not a person's name
            name = []
        # only capitalised words count as a name
        if (
            name
            and all(w[:1].isupper() for w in name)
            and not (cut == 0 and words[0].lower() in _DETERMINERS)
        ):
            role = " ".join(words[:cut]) or None
            nm = " ".join(name)
            if len(name) == 1:
                full = self.mem.surname.get(name[0])
                if full is not None:
                    return full, True, role
                return nm, cut > 0, role
            # a longer form of the same name elsewhere ("Majid Takht Ravanchi")
            full = self.mem.surname.get(name[-1])
            if full is not None and full.endswith(nm) and len(full) > len(nm):
                nm = full
            return nm, True, role
        # a role or an institution; link a role to the name it goes with elsewhere
        key = _norm_role(phrase)
        linked = self._role_name(key)
        if linked is not None:
            return linked, True, phrase
        out = phrase
        for det in ("The ", "Its ", "Their "):
            if out.startswith(det):
                out = det.lower() + out[len(det) :]
        return out, False, phrase

    def _role_name(self, key: str) -> str | None:
        if not key:
            return None
        cache = self.mem.roles
        if not cache:
            for pos, full in self.mem.mentions:
                toks = _tokens(self.text, max(0, pos - 120), pos)
                np = _np_run(toks, len(toks) - 1, self.lex) if toks else None
                if np is not None:
                    cache.setdefault(_norm_role(self.text[np.start : np.end]), full)
            cache.setdefault("", "")
        return cache.get(key) or None

    def _gender_of(self, phrase: str) -> str | None:
        for w in phrase.split():
            g = self.lex.gender.get(w.lower().rstrip("."))
            if g:
                return g
        return None

    @staticmethod
    def _plural(phrase: str) -> bool:
        last = phrase.split()[-1]
        return last.islower() and last.endswith("s") and not last.endswith("ss")

    def _resolve_pronoun(self, pron: str, statements: list[_Statement], pos: int) -> _Entity | None:
        """Most recent compatible speaker: he/she -> a person, they/it -> a body or group.

        For he/she, people who open a sentence as its subject count too ("Rubio clarified
        that ... "...," he told reporters."), whichever came last.
        """
        seen = set()
        cands: list[tuple[int, str]] = []
        for st in statements[-200:]:  # the recent past is enough, and bounded
            if st.speaker is not None:
                cands.append((st.mention[0] if st.mention else st.start, st.speaker))
        if pron in ("m", "f"):
            subj = self._subject_people()
            k = bisect.bisect_left(subj, (pos, ""))
            cands.extend(subj[max(0, k - 20) : k])
            cands.sort()
        for _p, speaker in reversed(cands):
            if speaker in seen:
                continue
            seen.add(speaker)
            ent = self.mem.entities.get(speaker)
            if ent is None:
                if pron not in ("m", "f"):
                    continue
                ent = _Entity(speaker, True, None, self._memory_actor(speaker))
                self.mem.entities[speaker] = ent
            if pron in ("m", "f"):
                if not ent.person:
                    continue
                if ent.gender is not None and ent.gender != pron:
                    continue
                ent.gender = pron
                return ent
            if pron == "i" and not ent.person and not ent.plural:
                return ent
            if pron == "p" and (ent.plural or not ent.person):
                return ent
        if pron in ("m", "f"):
            # no speaker yet: the most recent titled person mentioned before the pronoun
            k = bisect.bisect_left(self.mem.mention_pos, pos) - 1
            if k >= 0:
                name = self.mem.mentions[k][1]
                ent = self.mem.entities.get(name)
                if ent is None:
                    ent = _Entity(name, True, pron, self._memory_actor(name))
                    self.mem.entities[name] = ent
                return ent
        return None

    def _subject_people(self) -> list[tuple[int, str]]:
        """Known people opening a sentence as its subject: (position, fullest name).

        Only the capitalised words that open the sentence are read ("Secretary Rubio
        clarified ..."); a possessive ("Rubio's aides") is not the person.
        """
        if self._subjects is None:
            self._subjects = []
            known = self.mem.surname
            for lo, hi in zip(self.sent_starts, self.sent_ends, strict=True):
                words = []
                head = self.text[lo : min(hi, lo + 120)]
                first = head.split(None, 1)[0].lower().strip(",") if head.strip() else ""
                if (first in _CAP_STOP or first in _WEEKDAYS) and first not in _CONJUNCTIONS:
                    comma = head.find(", ")
                    if 0 < comma < 80:
                        head = head[comma + 2 :]  # "On Tuesday, Rubio said ..."
                for w in head.split()[:8]:
                    w = w.strip("\"“”‘'")
                    if w in _CONNECTORS:
                        words.append(w)
                        continue
                    if not w[:1].isupper() or _is_possessive(w):
                        break
                    words.append(w.rstrip(".,;:"))
                    if w[-1:] in ",;:":
                        break
                name, _cut = _clean_name(words, self.lex)
                if name and name[-1] in known:
                    self._subjects.append((lo, known[name[-1]]))
        return self._subjects

    def _to_quote(self, st: _Statement) -> Quote:
        si = self._sent_index(st.start)
        return Quote(
            self.text[st.start : st.end],
            st.start,
            st.end,
            st.speaker,
            st.sp_start,
            st.sp_end,
            st.actor,
            st.cue,
            st.kind,
            self.sent_para[si] if self.sent_para else 0,
            si,
        )


# Institutions every state has: the name alone does not say whose it is.
_INSTITUTION_RE = re.compile(
    r"\b(?:(?:Foreign|Defen[cs]e|Interior|Finance|Health|Information|Home|Justice)"
    r"\s+(?:Office|Ministry)|Ministry\s+of\s+(?:Foreign\s+Affairs|Defen[cs]e|(?:the\s+)?Interior"
    r"|Finance|Health|Information|Justice)|military|army|navy|government)\b",
    re.IGNORECASE,
)
_SENT_PUNCT = re.compile(r"[.;:!?\"“”\n]")
# Document context for speakers that name no actor (see _Extractor._context_actor).
_BODY_KINDS = frozenset({"institution", "military", "agency", "organisation", "armed_group"})
_BODY_HEAD_RE = re.compile(
    r"(?:['’]s)?(?:\s+[A-Z][\w\-]*){0,3}\s+(?:Ministry|Office|Department|Navy|Army|Air\s+Force"
    r"|Guards?|Fleet|Command|Council|Embassy|Mission|Corps|Agency|Forces|Cabinet|Presidency"
    r"|military|government|embassy|mission|ministry|army|navy|cabinet|presidency|forces)\b"
)
_SHORT_FORM_HEADS = frozenset({"guard", "fleet", "command", "corp"})
_SHORT_FORM_ALIASES = {"IRGC": "guard"}
_SHORT_FORM_HINT = re.compile(r"Guard|Fleet|Command|Corps|IRGC")
_ROLE_ONLY_HEADS = frozenset(
    "spokesperson spokesman spokeswoman spokespeople spokesmen minister commander ambassador"
    " envoy official officials".split()
)
_ROLE_ONLY_OK = _ROLE_ONLY_HEADS | frozenset(
    "a an the its their senior deputy chief top military".split()
)
_SUBJECT_HEAD = re.compile(
    r"\s*(?:[A-Z][\w'’\-]*(?:\s+[\w'’\-]+){0,7},\s*)?(?:[Tt]he\s+|[Aa]n?\s+)?"
)
_PLACE_OPENER = re.compile(r"(?:In|From)\s+([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?)\s*,\s")


def _institution_key(name: str) -> str:
    """Normalise an institution name ("Ministry of Defence" -> "defense ministry")."""
    words = name.lower().replace("defence", "defense").split()
    if words[0] == "ministry":
        rest = [w for w in words[2:] if w != "the"]
        return " ".join([*rest, "ministry"]).replace("foreign affairs", "foreign")
    return " ".join(words)


_CAP_WORD = re.compile(r"[A-Z][\w\-]*")
_SENTENCE_OPENERS = frozenset(".!?:\"“”'‘’«»\n")


class _LazyMidcaps:
    """``word in midcaps``, computing the set only if a rule ever asks (most articles don't)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._set: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._set is None:
            self._set = _midcaps(self._text)
        return word in self._set


def _midcaps(text: str) -> set[str]:
    """Capitalised words seen inside a sentence (names), not only at its start."""
    out = set()
    for m in _CAP_WORD.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        if k >= 0 and text[k] not in _SENTENCE_OPENERS and not text[k].isupper():
            out.add(m.group())
    return out
