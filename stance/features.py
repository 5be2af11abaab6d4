"""Fast features for the stance classifier: word and character TF-IDF, lexicon counts, cue.

Everything is computed for a whole batch at once, with Python loops only over *distinct*
words and cues (numpy and scipy do the rest), which is what makes the classifier fast:
tens of thousands of statements per second on one core.

* :func:`normalize` shows the text the word model sees: lower-cased, quotes straightened,
  ``n't`` expanded, numbers as ``_num_``, ``US``/``U.S.`` as ``usa``, ``Article 51`` as
  ``article_51``, punctuation dropped, and up to three words after a negator prefixed with
  ``not_`` (``"we do not seek war"`` -> ``"we do not not_seek not_war"``), so that a threat and
  its denial are different features.
* :class:`StanceVectorizer` is the one scikit-learn transformer: it turns statements (a list
  of strings, or a frame with ``text`` and optional ``cue`` and ``actor``) into a sparse matrix
  with six weighted blocks: ``word`` (TF-IDF of negation-marked word n-grams), ``char`` (TF-IDF of
  ``char_wb`` n-grams, as scikit-learn's ``TfidfVectorizer(analyzer="char_wb")`` computes them),
  ``lexicon`` (codebook vocabulary counts per category, in and out of negation scope, plus the
  cue's class), ``cue`` (one-hot lemma of the attribution verb), ``actor`` (whether the
  speaker speaks for a state or body, when the input says) and ``no_actor`` (the lexicon counts
  of statements whose speaker has no actor).
* The lexicon is data, not code: ``stance/data/lexicon.tsv`` (``category<TAB>term``); replace it
  with ``StanceVectorizer(lexicon="my_lexicon.tsv")``. :func:`load_lexicon` reads one.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize as _l2_normalize
from sklearn.utils.validation import check_is_fitted

logger = logging.getLogger(__name__)

__all__ = [
    "StanceVectorizer",
    "cue_lemma",
    "has_actor",
    "lexicon_counts",
    "load_lexicon",
    "normalize",
]

#: Default lexicon shipped with the package.
LEXICON_FILE = "lexicon.tsv"
#: Irregular attribution-verb forms (``said`` -> ``say``).
CUE_LEMMA_FILE = "lexicon_cue_lemmas.tsv"
#: Prefix that marks words inside a negation scope.
NEG_PREFIX = "not_"
#: How many words after a negator are marked: short, because in news quotes negation rarely
#: reaches further ("will not [allow this to] happen") and a long scope swallows the next claim.
NEG_SCOPE = 3
#: Category-name prefix of cue categories (matched on the cue, not on the statement).
CUE_CATEGORY_PREFIX = "cue_"
#: Input column telling whether a statement's speaker speaks for a state or body.
ACTOR_COLUMN = "actor"
#: Statements of at most this many words get the ``short`` flag; more than LONG_WORDS ``long``.
SHORT_WORDS = 5
LONG_WORDS = 40

_NEGATORS = ("not", "no", "never", "without", "nor", "neither", "none", "nothing", "nobody")
# Words that end a negation scope early: a contrast starts a new claim.
_SCOPE_BREAKERS = ("but", "however", "while", "whereas", "although", "yet", "instead")
_PUNCT = (".", ",", ";", ":", "!", "?")
_SEP = (
    "\x1e"  # (record separator) joins statements into one string so the regexes run once per batch
)
# Curly quotes and dashes as found in wire copy -> ASCII (str.replace per character is much
# faster than str.translate on a long string that is not pure ASCII).
_TRANSLATE = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", " - "),
)
# (The patterns start with a literal character so the regex engine can skip ahead fast.)
_US_RE = re.compile(r"U(?<!\wU)(?:\.S\.(?:A\.)?|SA\b|S\b|\.S\b)")
# Applied in order with str.replace (fast): the specific forms before the generic "n't".
_CONTRACTIONS = (
    ("won't", "will not"),
    ("can't", "can not"),
    ("cannot", "can not"),
    ("shan't", "shall not"),
    ("n't", " not"),
)
_CLITIC_RE = re.compile(r"'(?:s|re|ve|ll|d|m)\b")
# Treaty articles keep their number ("Article 51" -> "article_51"); other numbers -> _num_.
_ARTICLE_RE = re.compile(r"article\s+(\d+)")
_TOKEN_RE = re.compile(r"\x1e|[a-z][a-z0-9_]*(?:[-'][a-z0-9_]+)*|\d+(?:[.,:]\d+)*%?|[.,;:!?]")
_WHITESPACE_RE = re.compile(r"\s\s+")


# -- tokenisation --------------------------------------------------------------------------
def _as_texts(values: Iterable[Any]) -> list[str]:
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object)  # iterating arrow-backed strings is slow
    return [v if isinstance(v, str) else "" for v in values]


class _Batch:
    """Tokens of a batch of statements, as flat numpy arrays (punctuation removed).

    Attributes: ``n_docs``; ``types`` (object array of distinct word strings); ``codes``
    (type index per token), ``doc`` (statement index per token), ``neg`` (token is in a
    negation scope), all of the same length.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.n_docs = len(texts)
        joined = f" {_SEP} ".join(texts)
        if joined.count(_SEP) >= len(texts):  # a text holds the separator itself: clean it
            joined = f" {_SEP} ".join(t.replace(_SEP, " ") for t in texts)
        for char, ascii_char in _TRANSLATE:
            joined = joined.replace(char, ascii_char)
        joined = _US_RE.sub("usa", joined).lower()
        for form, expanded in _CONTRACTIONS:
            joined = joined.replace(form, expanded)
        joined = _CLITIC_RE.sub("", joined)
        joined = _ARTICLE_RE.sub(r"article_\1", joined)
        tokens = _TOKEN_RE.findall(joined)
        if not tokens:
            self._empty()
            return
        codes, uniq = pd.factorize(np.asarray(tokens, dtype=object))
        # Numbers share one type; re-factorise after mapping.
        mapped = np.asarray(["_num_" if u[0].isdigit() else u for u in uniq], dtype=object)
        remap, types = pd.factorize(mapped)
        codes = remap[codes]
        types = np.asarray(types, dtype=object)
        type_index = pd.Index(types)
        is_sep = np.asarray(type_index.isin([_SEP]))
        is_punct = type_index.isin(_PUNCT) | is_sep
        is_negator = type_index.isin(_NEGATORS)
        is_break = is_punct | type_index.isin(_SCOPE_BREAKERS)
        tok_break = is_break[codes]
        tok_negator = is_negator[codes]
        # A token is negated when a negator stands at most NEG_SCOPE tokens before it with
        # no punctuation, contrast word or statement boundary in between.
        breaks = np.cumsum(tok_break)
        neg = np.zeros(len(codes), dtype=bool)
        for k in range(1, NEG_SCOPE + 1):
            if k < len(codes):
                neg[k:] |= tok_negator[:-k] & (breaks[k:] == breaks[:-k])
        doc = np.cumsum(is_sep[codes])
        keep = ~is_punct[codes]
        self.types = types
        self.codes = codes[keep]
        self.doc = doc[keep]
        self.neg = neg[keep]

    def _empty(self) -> None:
        self.types = np.asarray([], dtype=object)
        self.codes = np.zeros(0, dtype=np.intp)
        self.doc = np.zeros(0, dtype=np.intp)
        self.neg = np.zeros(0, dtype=bool)

    def marked(self) -> list[str]:
        """Return every kept token as the word model sees it (``not_`` in negation scope)."""
        return [
            NEG_PREFIX + self.types[c] if n else self.types[c]
            for c, n in zip(self.codes, self.neg, strict=True)
        ]

    def doc_type_counts(self, mask: np.ndarray | None = None) -> sparse.csr_matrix:
        """Return a statements x types count matrix (optionally only tokens where ``mask``)."""
        doc, codes = (self.doc, self.codes) if mask is None else (self.doc[mask], self.codes[mask])
        return sparse.csr_matrix(
            (np.ones(len(doc)), (doc, codes)), shape=(self.n_docs, len(self.types))
        )


def normalize(text: str) -> str:
    """Return a statement as the word model sees it.

    Lower-cases, straightens curly quotes, expands ``n't``, maps ``US``/``U.S.`` to ``usa`` (so
    it is not read as the pronoun), keeps ``Article 51`` as ``article_51``, replaces other
    numbers by ``_num_``, drops punctuation, and prefixes up to three words after a negator
    (``not``, ``no``, ``never``, ``without`` ...) with ``not_``. A negation scope ends at
    punctuation or a contrast word (``but``, ``however``).

    Parameters
    ----------
    text : str
        A statement.

    Returns
    -------
    str
        Space-separated tokens.

    Examples
    --------
    >>> normalize("We don't seek war, but we'll respond under Article 51.")
    'we do not not_seek not_war but we respond under article_51'
    """
    return " ".join(_Batch(_as_texts([text])).marked())


# -- lexicon -------------------------------------------------------------------------------
@functools.lru_cache(maxsize=16)
def _read_package_text(name: str) -> str:
    return resources.files("stance").joinpath("data", name).read_text(encoding="utf-8")


def _read_tsv(text: str, source: str, columns: tuple[str, str]) -> list[tuple[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter="\t"))
    if not rows or tuple(c.strip() for c in rows[0]) != columns:
        raise ValueError(
            f"{source}: expected a header line {'<TAB>'.join(columns)!r} "
            f"(after '#' comments), got {rows[0] if rows else 'nothing'!r}"
        )
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise ValueError(
                f"{source}: data line {lineno} must have two tab-separated fields "
                f"({', '.join(columns)}), got {row!r}"
            )
        out.append((row[0].strip(), row[1].strip().lower()))
    return out


def load_lexicon(path: str | Path | None = None) -> pd.DataFrame:
    """Read a lexicon file into a frame with columns ``category`` and ``term``.

    A term is one or more words; a word ending in ``*`` matches any word starting with it
    (``threat*``), a bare ``*`` matches any one word (``teach * lesson``). Categories starting
    with ``cue_`` are matched against the attribution cue instead of the statement.

    Parameters
    ----------
    path : str or Path, optional
        A tab-separated file with header ``category<TAB>term`` (``#`` lines are comments).
        ``None`` reads the shipped ``stance/data/lexicon.tsv``.

    Returns
    -------
    pandas.DataFrame
        One row per term, in file order.

    Raises
    ------
    ValueError
        If the file has no ``category<TAB>term`` header or a malformed line.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> "threat" in set(lex["category"])
    True
    """
    if path is None:
        text, source = _read_package_text(LEXICON_FILE), f"stance/data/{LEXICON_FILE}"
    else:
        text, source = Path(path).read_text(encoding="utf-8"), str(path)
    rows = _read_tsv(text, source, ("category", "term"))
    return pd.DataFrame(rows, columns=["category", "term"])


_ANY = -1  # pattern id of a bare "*" word inside a multi-word term


class _Matcher:
    """Find lexicon terms in a :class:`_Batch`; caches which patterns each word matches."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self.categories: list[str] = []
        cat_index: dict[str, int] = {}
        pattern_ids: dict[str, int] = {}
        terms: list[tuple[tuple[int, ...], int]] = []
        for category, term in entries:
            if category not in cat_index:
                cat_index[category] = len(self.categories)
                self.categories.append(category)
            ids = []
            # Terms are normalised like statements ("Article 51" -> "article_51").
            for word in _ARTICLE_RE.sub(r"article_\1", term.lower()).split():
                if word == "*":
                    ids.append(_ANY)
                    continue
                if word[0].isdigit():
                    word = "_num_"
                ids.append(pattern_ids.setdefault(word, len(pattern_ids)))
            if ids[0] == _ANY:
                raise ValueError(f"lexicon term {term!r} may not start with a bare '*'")
            terms.append((tuple(ids), cat_index[category]))
        self.terms = sorted(set(terms))
        self.n_patterns = len(pattern_ids)
        self._exact = {w: i for w, i in pattern_ids.items() if not w.endswith("*")}
        self._prefixes: dict[str, list[int]] = {}
        for w, i in pattern_ids.items():
            if w.endswith("*"):
                self._prefixes.setdefault(w[:-1], []).append(i)
        self._prefix_lengths = sorted({len(p) for p in self._prefixes})
        self._cache: dict[str, tuple[int, ...]] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_cache"] = {}  # rebuilt on use; keeps model files small
        return state

    def patterns(self, word: str) -> tuple[int, ...]:
        """Return the ids of the patterns ``word`` matches."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        ids = [self._exact[word]] if word in self._exact else []
        for n in self._prefix_lengths:
            if n > len(word):
                break
            ids.extend(self._prefixes.get(word[:n], ()))
        result = tuple(ids)
        if len(self._cache) < 100_000:
            self._cache[word] = result
        return result

    def match(self, batch: _Batch) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(position, category)`` of every match (one per category and position)."""
        n_tok = len(batch.codes)
        if n_tok == 0 or not self.terms:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        per_type = [self.patterns(t) for t in batch.types]
        lengths = np.fromiter((len(p) for p in per_type), dtype=np.intp, count=len(per_type))
        type_pattern = sparse.csr_matrix(
            (
                np.ones(int(lengths.sum()), dtype=np.int8),
                np.fromiter((i for p in per_type for i in p), dtype=np.intp),
                np.concatenate([[0], np.cumsum(lengths)]),
            ),
            shape=(len(per_type), max(self.n_patterns, 1)),
        )
        # token x pattern, as CSC: the positions of each pattern are one column slice.
        token_pattern = type_pattern[batch.codes].tocsc()
        indptr, rows = token_pattern.indptr, token_pattern.indices

        def positions(pid: int) -> np.ndarray:
            return rows[indptr[pid] : indptr[pid + 1]]

        found_pos, found_cat = [], []
        for ids, cat in self.terms:
            pos = positions(ids[0])
            if len(pos) == 0:
                continue
            for k, pid in enumerate(ids[1:], start=1):
                pos = pos[pos + k < n_tok]
                pos = pos[batch.doc[pos + k] == batch.doc[pos]]
                if pid != _ANY:
                    pos = pos[np.isin(pos + k, positions(pid), assume_unique=True)]
                if len(pos) == 0:
                    break
            if len(pos):
                found_pos.append(pos)
                found_cat.append(np.full(len(pos), cat, dtype=np.intp))
        if not found_pos:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        pos = np.concatenate(found_pos)
        cat = np.concatenate(found_cat)
        # A category counts once per start position ("restraint" matches two patterns).
        key = np.unique(pos * len(self.categories) + cat)
        return key // len(self.categories), key % len(self.categories)


# -- cues ----------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _cue_irregulars() -> dict[str, str]:
    rows = _read_tsv(
        _read_package_text(CUE_LEMMA_FILE), f"stance/data/{CUE_LEMMA_FILE}", ("form", "lemma")
    )
    return dict(rows)


_CUE_SKIP = frozenset(
    "has have had is are was were be been being also again later then further once still "
    "would will could may might should did does do not".split()
)
_PARTICLES = frozenset({"for", "on", "to", "out", "off", "back", "up", "down", "against"})


def _stem_verb(word: str) -> str:
    irregular = _cue_irregulars().get(word)
    if irregular is not None:
        return irregular
    # Crude suffix stripping: consistent, not pretty ("urged", "urges", "urging" -> "urg").
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=4096)
def cue_lemma(cue: str | None) -> str:
    """Reduce an attribution cue to a short lemma key.

    Parameters
    ----------
    cue : str or None
        The attribution verb or phrase as written (``"warned"``, ``"called for"``,
        ``"told reporters"``). ``None`` or empty means no cue (a quote continuation).

    Returns
    -------
    str
        ``"none"`` for no cue; otherwise the stemmed first word, joined with a following
        particle (``"call_for"``).

    Examples
    --------
    >>> cue_lemma("warned"), cue_lemma("Called for"), cue_lemma("told reporters"), cue_lemma(None)
    ('warn', 'call_for', 'tell', 'none')
    """
    if not isinstance(cue, str):
        return "none"
    words = re.findall(r"[a-z]+", cue.lower())
    # Skip auxiliaries and adverbs: "has repeatedly warned" -> "warned".
    while len(words) > 1 and (words[0] in _CUE_SKIP or words[0].endswith("ly")):
        words = words[1:]
    if not words:
        return "none"
    lemma = _stem_verb(words[0])
    if len(words) > 1 and words[1] in _PARTICLES:
        lemma += "_" + words[1]
    return lemma


# -- char n-grams --------------------------------------------------------------------------
def _char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """Character n-grams of one word padded with spaces, as scikit-learn's ``char_wb``."""
    w = f" {word} "
    size = len(w)
    grams = []
    for n in range(min_n, max_n + 1):
        if n > size:
            break
        grams.extend(w[i : i + n] for i in range(size - n + 1))
        if n == size:
            break
    return grams


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf (1 + log tf) times idf, rows scaled to unit length.

    ``counts`` must hold no duplicate entries (COO -> CSR conversion sums them).
    """
    counts = counts.tocsr().astype(np.float64, copy=False)
    if 0 in counts.shape:
        return counts
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return _l2_normalize(counts, copy=False)


def _scaled(block: sparse.csr_matrix, weight: float) -> sparse.csr_matrix:
    if weight != 1:
        block.data *= weight
    return block


def _idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    # scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1
    return np.log((1.0 + n_docs) / (1.0 + df)) + 1.0


# -- the vectoriser ------------------------------------------------------------------------
def _statement_columns(X: Any) -> tuple[list[str], list[Any]]:
    """Return (texts, cues) from a list of strings, a Series, or a text/cue frame."""
    if isinstance(X, pd.DataFrame):
        texts = _as_texts(X["text"])
        cues = list(X["cue"].to_numpy(dtype=object)) if "cue" in X.columns else [None] * len(texts)
    else:
        texts = _as_texts(X)
        cues = [None] * len(texts)
    return texts, cues


def has_actor(values: Iterable[Any]) -> np.ndarray:
    """Return, per statement, whether its speaker speaks for a state or body.

    Parameters
    ----------
    values : iterable
        The ``actor`` field of each statement: an actor code (``"IRN"``, ``"NATO"``) or
        ``True`` means an actor; ``None``, NaN, ``""`` (or blanks) and ``False`` mean none
        (an analyst, witness, company or commentator).

    Returns
    -------
    numpy.ndarray of bool
        ``True`` where there is an actor.

    Examples
    --------
    >>> has_actor(["IRN", None, "", float("nan"), True]).tolist()
    [True, False, False, False, True]
    """
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object)
    return np.fromiter(
        (v is True or (isinstance(v, str) and bool(v.strip())) for v in values), dtype=bool
    )


def _actor_column(X: Any) -> np.ndarray | None:
    """Return the actor flags of a frame with an ``actor`` column, else None (not known)."""
    if isinstance(X, pd.DataFrame) and ACTOR_COLUMN in X.columns:
        return has_actor(X[ACTOR_COLUMN])
    return None


class StanceVectorizer(TransformerMixin, BaseEstimator):
    """Turn statements (with their cues) into the stance feature matrix.

    Six blocks, each multiplied by its weight (a weight of 0 leaves the block out):

    - ``word``: TF-IDF (sublinear tf, smooth idf, L2 rows) of word n-grams of the normalised,
      negation-marked text (see :func:`normalize`);
    - ``char``: TF-IDF of ``char_wb`` n-grams of the normalised words (without negation
      marks);
    - ``lexicon``: for each statement category of the lexicon, ``log1p`` of the number of
      terms outside (``c``) and inside (``neg_c``) a negation scope; for each ``cue_``
      category a 0/1 flag from the cue; ``short`` (at most five words) and ``long`` (more than
      forty) flags;
    - ``cue``: one-hot cue lemma (:func:`cue_lemma`); rare lemmas are ``other``, no cue is
      ``none``;
    - ``actor``: ``actor_present`` / ``actor_absent`` flags from an ``actor`` column (whether
      the speaker speaks for a state or body; see :func:`has_actor`). Speakers without an
      actor (analysts, witnesses, companies) are far more often neutral. When the input has
      no ``actor`` column at all (plain strings, or a frame without it) both flags are 0, so
      the block pushes neither way;
    - ``no_actor``: the statement lexicon counts and length flags again, for statements whose
      speaker has no actor only (all 0 otherwise, and when the actor is not known): an analyst
      talking about force or talks is often only describing them.

    Parameters
    ----------
    word_ngram_range : tuple of int, default=(1, 2)
        Smallest and largest word n-gram.
    char_ngram_range : tuple of int or None, default=(4, 5)
        Character n-gram range; ``None`` for no character block.
    min_df : int, default=2
        Minimum number of training statements an n-gram must occur in.
    word_weight, char_weight, lexicon_weight, cue_weight : float
        Block weights. Defaults 1.0, 1.0, 0.5, 0.5.
    actor_weight : float, default=0.5
        Value of the ``actor`` flags (0 leaves the block out).
    actor_lexicon_weight : float, default=1.0
        Multiplier of the ``no_actor`` block (0 leaves it out).
    lexicon : str or Path, optional
        Lexicon TSV (``category<TAB>term``); ``None`` uses ``stance/data/lexicon.tsv``.
    cue_min_count : int, default=2
        Minimum training frequency for a cue lemma to get its own column.

    Attributes
    ----------
    terms_ : pandas.Index
        Every (negation-marked) word seen in training; word n-grams are keyed by these.
    word_vocabulary_ : dict
        ``{"unigram": (term ids, columns), "ngrams": {n: (sorted keys, columns)}}``.
    word_idf_, char_idf_ : numpy.ndarray
        Inverse document frequencies.
    char_vocabulary_ : dict of str to int
        Character n-gram to column.
    categories_, cue_categories_ : list of str
        Lexicon categories.
    cue_vocabulary_ : dict of str to int
        Cue lemma to column.

    Examples
    --------
    >>> vec = StanceVectorizer(min_df=1).fit(["We will strike back.", "We urge calm."])
    >>> X = vec.transform(["they will not strike"])
    >>> X.shape[0], X.shape[1] == len(vec.get_feature_names_out())
    (1, True)
    """

    def __init__(
        self,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] | None = (4, 5),
        min_df: int = 2,
        word_weight: float = 1.0,
        char_weight: float = 1.0,
        lexicon_weight: float = 0.5,
        cue_weight: float = 0.5,
        actor_weight: float = 0.5,
        actor_lexicon_weight: float = 1.0,
        lexicon: str | Path | None = None,
        cue_min_count: int = 2,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.word_weight = word_weight
        self.char_weight = char_weight
        self.lexicon_weight = lexicon_weight
        self.cue_weight = cue_weight
        self.actor_weight = actor_weight
        self.actor_lexicon_weight = actor_lexicon_weight
        self.lexicon = lexicon
        self.cue_min_count = cue_min_count

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, X: Any, y: Any = None) -> StanceVectorizer:
        """Learn vocabularies and idf from training statements.

        Parameters
        ----------
        X : list of str, Series, or DataFrame
            Statements; a frame needs ``text`` and may have ``cue``.
        y : ignored

        Returns
        -------
        StanceVectorizer
            ``self``.

        Raises
        ------
        ValueError
            On a bad n-gram range or a malformed lexicon.
        """
        lo, hi = self.word_ngram_range
        if not 1 <= lo <= hi <= 3:
            raise ValueError(f"word_ngram_range must satisfy 1 <= min <= max <= 3, got {lo, hi}")
        if self.char_ngram_range is not None:
            clo, chi = self.char_ngram_range
            if not 1 <= clo <= chi:
                raise ValueError(f"char_ngram_range must satisfy 1 <= min <= max, got {clo, chi}")
        texts, cues = _statement_columns(X)
        batch = _Batch(texts)
        n_docs = batch.n_docs
        self._fit_words(batch, n_docs)
        self._fit_chars(batch, n_docs)
        self._fit_lexicon()
        lemmas = pd.Series([cue_lemma(c if isinstance(c, str) and c else None) for c in cues])
        counts = lemmas.value_counts()
        keep = sorted(set(counts[counts >= self.cue_min_count].index) | {"none", "other"})
        self.cue_vocabulary_ = {lemma: i for i, lemma in enumerate(keep)}
        self._cue_cache: dict[Any, tuple[int, np.ndarray]] = {}
        return self

    def _marked_type_ids(self, batch: _Batch) -> np.ndarray:
        """Return the ``terms_`` id of every kept token (-1 when unseen in training)."""
        plain = self.terms_.get_indexer(batch.types)
        negated = self.terms_.get_indexer([NEG_PREFIX + t for t in batch.types])
        return np.where(batch.neg, negated[batch.codes], plain[batch.codes])

    def _ngram_keys(self, tids: np.ndarray, doc: np.ndarray, n: int) -> tuple[np.ndarray, ...]:
        """Return (start positions, keys) of all n-grams made of known terms in one statement."""
        size = len(self.terms_)
        m = len(tids) - n + 1
        if m <= 0:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
        ok = np.ones(m, dtype=bool)
        key = np.zeros(m, dtype=np.int64)
        for k in range(n):
            part = tids[k : k + m]
            ok &= part >= 0
            if k:
                ok &= doc[k : k + m] == doc[:m]
            key = key * size + part
        start = np.nonzero(ok)[0]
        return start, key[start]

    def _fit_words(self, batch: _Batch, n_docs: int) -> None:
        marked = batch.marked()
        tids, terms = pd.factorize(np.asarray(marked, dtype=object))
        # object dtype: pandas 3 would infer its pyarrow-backed string dtype, and the pickled
        # model would then need pyarrow to load
        self.terms_ = pd.Index(np.asarray(terms, dtype=object), dtype=object)
        size = len(self.terms_)
        lo, hi = self.word_ngram_range
        if size and size**hi >= 2**62:
            raise ValueError("vocabulary too large for word n-grams of this length; lower it")
        doc = batch.doc
        names: list[str] = []
        dfs: list[np.ndarray] = []
        unigram = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp))
        ngrams: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in range(lo, hi + 1):
            if n == 1:
                start, keys = np.arange(len(tids)), tids.astype(np.int64)
            else:
                start, keys = self._ngram_keys(tids, doc, n)
            pairs = pd.DataFrame({"d": doc[start], "k": keys}).drop_duplicates()
            df = pairs["k"].value_counts()
            df = df[df >= self.min_df].sort_index()
            cols = np.arange(len(names), len(names) + len(df))
            key_arr = df.index.to_numpy(dtype=np.int64)
            if n == 1:
                unigram = (key_arr.astype(np.intp), cols)
            else:
                ngrams[n] = (key_arr, cols)
            for key in key_arr:
                parts = []
                for _ in range(n):
                    key, part = divmod(int(key), size)
                    parts.append(self.terms_[part])
                names.append(" ".join(reversed(parts)))
            dfs.append(df.to_numpy())
        self.word_vocabulary_ = {"unigram": unigram, "ngrams": ngrams}
        self.word_feature_names_ = np.asarray(names, dtype=object)
        df_all = np.concatenate(dfs) if dfs else np.zeros(0)
        self.word_idf_ = _idf(df_all, n_docs)
        self._unigram_col = np.full(size, -1, dtype=np.intp)
        self._unigram_col[unigram[0]] = unigram[1]

    def _fit_chars(self, batch: _Batch, n_docs: int) -> None:
        self.char_vocabulary_: dict[str, int] = {}
        self.char_idf_ = np.zeros(0)
        self._char_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if self.char_ngram_range is None or not self.char_weight:
            return
        lo, hi = self.char_ngram_range
        gram_ids: dict[str, int] = {}
        rows, cols = [], []
        for i, word in enumerate(batch.types):
            for gram in _char_wb_ngrams(word, lo, hi):
                rows.append(i)
                cols.append(gram_ids.setdefault(gram, len(gram_ids)))
        type_gram = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(batch.types), len(gram_ids))
        )
        presence = batch.doc_type_counts()
        presence.data[:] = 1.0
        doc_gram = presence @ type_gram
        df = np.diff(doc_gram.tocsc().indptr)
        grams = np.asarray(list(gram_ids), dtype=object)
        keep = np.nonzero(df >= self.min_df)[0]
        order = keep[np.argsort(grams[keep])]
        self.char_vocabulary_ = {str(grams[j]): i for i, j in enumerate(order)}
        self.char_idf_ = _idf(df[order].astype(np.float64), n_docs)

    def _fit_lexicon(self) -> None:
        lex = load_lexicon(self.lexicon)
        is_cue = lex["category"].str.startswith(CUE_CATEGORY_PREFIX)
        self.text_matcher_ = _Matcher(lex.loc[~is_cue].itertuples(index=False))
        self.cue_matcher_ = _Matcher(lex.loc[is_cue].itertuples(index=False))
        self.categories_ = list(self.text_matcher_.categories)
        self.cue_categories_ = list(self.cue_matcher_.categories)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        # Caches are rebuilt on use; dropping them keeps model files small.
        state["_char_cache"] = {}
        state["_cue_cache"] = {}
        return state

    # ---- transforming --------------------------------------------------------------------
    def _word_block(self, batch: _Batch) -> sparse.csr_matrix:
        n_cols = len(self.word_feature_names_)
        tids = self._marked_type_ids(batch)
        docs, cols = [], []
        if self.word_ngram_range[0] == 1:
            known = tids >= 0
            col = self._unigram_col[tids[known]]
            ok = col >= 0
            docs.append(batch.doc[known][ok])
            cols.append(col[ok])
        for n, (keys, key_cols) in self.word_vocabulary_["ngrams"].items():
            start, key = self._ngram_keys(tids, batch.doc, n)
            if len(keys) == 0 or len(key) == 0:
                continue
            idx = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = keys[idx] == key
            docs.append(batch.doc[start[hit]])
            cols.append(key_cols[idx[hit]])
        doc = np.concatenate(docs) if docs else np.zeros(0, dtype=np.intp)
        col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.intp)
        counts = sparse.csr_matrix((np.ones(len(doc)), (doc, col)), shape=(batch.n_docs, n_cols))
        return _tfidf(counts, self.word_idf_)

    def _char_row(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self._char_cache.get(word)
        if hit is not None:
            return hit
        lo, hi = self.char_ngram_range  # type: ignore[misc]
        vocab = self.char_vocabulary_
        cols = [vocab[g] for g in _char_wb_ngrams(word, lo, hi) if g in vocab]
        ids, counts = np.unique(np.asarray(cols, dtype=np.intp), return_counts=True)
        row = (ids, counts.astype(np.float64))
        if len(self._char_cache) < 100_000:
            self._char_cache[word] = row
        return row

    def _char_block(self, batch: _Batch) -> sparse.csr_matrix:
        n_cols = len(self.char_vocabulary_)
        rows = [self._char_row(t) for t in batch.types]
        lengths = np.fromiter((len(r[0]) for r in rows), dtype=np.intp, count=len(rows))
        type_gram = sparse.csr_matrix(
            (
                np.concatenate([r[1] for r in rows]) if rows else np.zeros(0),
                np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.intp),
                np.concatenate([[0], np.cumsum(lengths)]),
            ),
            shape=(len(rows), n_cols),
        )
        return _tfidf(batch.doc_type_counts() @ type_gram, self.char_idf_)

    def _cue_info(self, cue: Any) -> tuple[int, np.ndarray]:
        hit = self._cue_cache.get(cue)
        if hit is not None:
            return hit
        text = cue if isinstance(cue, str) and cue.strip() else None
        col = self.cue_vocabulary_.get(cue_lemma(text), self.cue_vocabulary_["other"])
        flags = np.zeros(len(self.cue_categories_))
        if text is not None:
            cue_batch = _Batch(_as_texts([text]))
            _, cats = self.cue_matcher_.match(cue_batch)
            flags[cats] = 1.0
        self._cue_cache[cue] = (col, flags)
        return col, flags

    def _lexicon_block(self, batch: _Batch, cue_flags: np.ndarray) -> sparse.csr_matrix:
        k = len(self.categories_)
        kc = len(self.cue_categories_)
        n = batch.n_docs
        pos, cat = self.text_matcher_.match(batch)
        slot = cat + k * batch.neg[pos]
        keys, counts = np.unique(batch.doc[pos] * (2 * k) + slot, return_counts=True)
        cue_rows, cue_cols = np.nonzero(cue_flags)
        n_words = np.bincount(batch.doc, minlength=n)
        short = np.nonzero(n_words <= SHORT_WORDS)[0]
        long = np.nonzero(n_words > LONG_WORDS)[0]
        rows = np.concatenate([keys // (2 * k), cue_rows, short, long])
        cols = np.concatenate(
            [
                keys % (2 * k),
                2 * k + cue_cols,
                np.full(len(short), 2 * k + kc),
                np.full(len(long), 2 * k + kc + 1),
            ]
        )
        values = np.concatenate([np.log1p(counts), np.ones(len(rows) - len(keys))])
        return sparse.csr_matrix((values, (rows, cols)), shape=(n, 2 * k + kc + 2))

    def _actor_block(self, actors: np.ndarray | None, n: int) -> sparse.csr_matrix:
        """Return the ``actor_present``/``actor_absent`` columns (all 0 when not known)."""
        if actors is None:
            return sparse.csr_matrix((n, 2))
        cols = np.where(actors, 0, 1)
        values = np.full(n, float(self.actor_weight))
        return sparse.csr_matrix((values, (np.arange(n), cols)), shape=(n, 2))

    def _no_actor_lexicon_columns(self) -> np.ndarray:
        """Lexicon-block columns repeated in the ``no_actor`` block (all but the cue flags)."""
        k, kc = len(self.categories_), len(self.cue_categories_)
        return np.r_[np.arange(2 * k), [2 * k + kc, 2 * k + kc + 1]]

    def _no_actor_block(
        self, lexicon: sparse.csr_matrix, actors: np.ndarray | None
    ) -> sparse.csr_matrix:
        """Return the lexicon counts of statements without an actor (0 for all others)."""
        cols = self._no_actor_lexicon_columns()
        scale = np.zeros(lexicon.shape[0])
        if actors is not None:
            scale[~actors] = float(self.actor_lexicon_weight)
        return sparse.csr_matrix(sparse.diags(scale) @ lexicon[:, cols])

    def transform(self, X: Any) -> sparse.csr_matrix:
        """Return the weighted feature matrix.

        Parameters
        ----------
        X : list of str, Series, or DataFrame
            Statements; a frame needs ``text`` and may have ``cue`` and ``actor``. Missing
            texts count as empty statements.

        Returns
        -------
        scipy.sparse.csr_matrix
            Shape ``(n_samples, len(get_feature_names_out()))``.
        """
        check_is_fitted(self, "terms_")
        texts, cues = _statement_columns(X)
        batch = _Batch(texts)
        n = batch.n_docs
        cue_codes, cue_uniq = pd.factorize(pd.Series(cues, dtype=object), use_na_sentinel=False)
        infos = [self._cue_info(c) for c in cue_uniq]
        cue_cols = np.asarray([i[0] for i in infos], dtype=np.intp)[cue_codes]
        kc = len(self.cue_categories_)
        cue_flags = np.vstack([i[1] for i in infos])[cue_codes] if infos else np.zeros((n, kc))
        blocks = []
        # Weights scale each block's data in place (``block * w`` would copy it).
        if self.word_weight:
            blocks.append(_scaled(self._word_block(batch), self.word_weight))
        if self.char_vocabulary_:
            blocks.append(_scaled(self._char_block(batch), self.char_weight))
        actors = _actor_column(X)
        no_actor = None
        if self.lexicon_weight or self.actor_lexicon_weight:
            lexicon = self._lexicon_block(batch, cue_flags)
            if self.actor_lexicon_weight:
                # Computed before the lexicon block is scaled in place below.
                no_actor = self._no_actor_block(lexicon, actors)
            if self.lexicon_weight:
                blocks.append(_scaled(lexicon, self.lexicon_weight))
        if self.cue_weight:
            onehot = sparse.csr_matrix(
                (np.full(n, float(self.cue_weight)), (np.arange(n), cue_cols)),
                shape=(n, len(self.cue_vocabulary_)),
            )
            blocks.append(onehot)
        if self.actor_weight:
            blocks.append(self._actor_block(actors, n))
        if no_actor is not None:
            blocks.append(no_actor)
        if not blocks:
            raise ValueError("all feature blocks have weight 0; give one a positive weight")
        return sparse.hstack(blocks, format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Return the feature names, prefixed by block (``word__``, ``char__``, ...).

        Parameters
        ----------
        input_features : ignored

        Returns
        -------
        numpy.ndarray of str
            One name per column of :meth:`transform`.
        """
        check_is_fitted(self, "terms_")
        names: list[str] = []
        if self.word_weight:
            names += ["word__" + n for n in self.word_feature_names_]
        if self.char_vocabulary_:
            names += [
                "char__" + g for g in sorted(self.char_vocabulary_, key=self.char_vocabulary_.get)
            ]
        if self.lexicon_weight:
            names += ["lexicon__" + c for c in self.categories_]
            names += ["lexicon__neg_" + c for c in self.categories_]
            names += ["lexicon__" + c for c in self.cue_categories_]
            names += ["lexicon__short", "lexicon__long"]
        if self.cue_weight:
            names += [
                "cue__" + c for c in sorted(self.cue_vocabulary_, key=self.cue_vocabulary_.get)
            ]
        if self.actor_weight:
            names += ["actor__actor_present", "actor__actor_absent"]
        if self.actor_lexicon_weight:
            text_names = self.categories_ + ["neg_" + c for c in self.categories_]
            names += ["no_actor__" + c for c in [*text_names, "short", "long"]]
        return np.asarray(names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


def lexicon_counts(
    texts: Sequence[str],
    cues: Sequence[str | None] | None = None,
    *,
    lexicon: str | Path | None = None,
) -> pd.DataFrame:
    """Return the lexicon block for some statements, one named column per feature.

    Handy for checking what the lexicon sees in a statement.

    Parameters
    ----------
    texts : sequence of str
        Statements.
    cues : sequence of str or None, optional
        Their cues.
    lexicon : str or Path, optional
        Lexicon TSV; ``None`` uses the shipped one.

    Returns
    -------
    pandas.DataFrame
        ``log1p`` counts per category (``threat``, ``neg_threat``, ...), cue flags
        (``cue_escalatory``, ...), ``short`` and ``long``.

    Examples
    --------
    >>> row = lexicon_counts(["We do not seek war."]).iloc[0]
    >>> bool(row["neg_force"] > 0), bool(row["force"] > 0)
    (True, False)
    """
    frame = pd.DataFrame({"text": list(texts), "cue": list(cues) if cues is not None else None})
    vec = StanceVectorizer(
        min_df=1,
        char_ngram_range=None,
        word_weight=0,
        cue_weight=0,
        actor_weight=0,
        actor_lexicon_weight=0,
        lexicon=lexicon,
    ).fit(frame[:1])
    X = vec.transform(frame).toarray() / vec.lexicon_weight
    names = [n.removeprefix("lexicon__") for n in vec.get_feature_names_out()]
    return pd.DataFrame(X, columns=names)
