"""Find attributed statements (direct, indirect and mixed quotations) in news text."""

from __future__ import annotations

from typing import NamedTuple


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
        The attribution verb or phrase as written (``"said"``, ``"according to"``).
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
