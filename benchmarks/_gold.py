"""Load gold attribution sets for the benchmarks (read from ../shared/data; never shipped).

Each loader returns a list of articles: ``{"id", "text", "quotes": [gold, ...]}`` where every
gold statement has ``start``, ``end``, ``kind``, ``speaker``, ``speaker_start``,
``speaker_end`` (``None`` when unknown), ``cue``, ``fragments`` (the content fragments as
``(start, end)`` pairs: one pair ``(start, end)`` unless an attribution interrupts the content,
as in '"A," he said, "B."') and ``content_length`` (their summed length).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)

#: Default data folder: ../shared/data relative to the repository root.
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_located(path: Path) -> list[dict]:
    """Articles whose gold quotes give only ``text``: locate each one in order.

    As in the data README's re-check, each gold text is searched from the position of the
    previous one, so a repeated sentence is matched to its own occurrence.
    """
    out = []
    for art in _read_jsonl(path):
        text = art["text"]
        pos = 0
        golds = []
        for q in art["quotes"]:
            i = text.find(q["text"], pos)
            if i < 0:
                i = text.find(q["text"])
            if i < 0:
                logger.warning("%s: gold text not found: %.60r", art["id"], q["text"])
                continue
            pos = i
            golds.append(
                {
                    "start": i,
                    "end": i + len(q["text"]),
                    "kind": q["kind"],
                    "speaker": q.get("speaker"),
                    "speaker_start": None,
                    "speaker_end": None,
                    "cue": q.get("cue"),
                    "fragments": [(i, i + len(q["text"]))],
                    "content_length": len(q["text"]),
                }
            )
        out.append({"id": art["id"], "text": text, "quotes": golds})
    return out


def load_polnear(path: Path, split: str = "test") -> list[dict]:
    """PolNeAR articles of one split (offsets as given by the corpus)."""
    out = []
    for art in _read_jsonl(path):
        if art.get("split") != split:
            continue
        golds = []
        for q in art["quotes"]:
            frags = [(a, b) for a, b in q.get("content_fragments") or [] if b > a]
            if not frags:
                frags = [(q["start"], q["end"])]
            golds.append(
                {
                    "start": q["start"],
                    "end": q["end"],
                    "kind": q["kind"],
                    "speaker": q.get("speaker"),
                    "speaker_start": q.get("speaker_start"),
                    "speaker_end": q.get("speaker_end"),
                    "cue": q.get("cue"),
                    "fragments": sorted(frags),
                    "content_length": sum(b - a for a, b in frags),
                }
            )
        out.append({"id": art["id"], "text": art["text"], "quotes": golds})
    return out
