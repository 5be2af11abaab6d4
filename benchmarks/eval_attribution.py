"""Score ``stance.extract_quotes`` against gold attribution sets.

Usage::

    python benchmarks/eval_attribution.py [--data DIR] [--sets dev_voa seed polnear]
                                          [--split test] [--json]

Sets (read from ``../shared/data`` relative to the repository root by default; never shipped):

* ``dev_voa``: 25 VOA stories (``articles/dev_voa.jsonl``); gold spans are located in the
  article text in order, as the data README's re-check does.
* ``seed``: the DW seed article (``articles/seed_dw_2020_01_09.jsonl``), same format.
* ``polnear``: PolNeAR (``attribution/polnear.jsonl``), one split (default ``test``), with the
  corpus offsets.

Scoring
-------
Content match (the headline figures)
    Gold content is scored by its *fragments*. PolNeAR stores a statement whose content is
    interrupted by its attribution ('"A," he said, "B."', "The US, he said, will act.") as one
    attribution with two or more content fragments; ``extract_quotes`` gives a quotation split
    by its attribution as two statements (as the dev_voa gold does). So each gold attribution
    offers *units* to match: every content fragment and, for a prediction that overlaps several
    fragments, the whole content (the fragments together, the interrupting words left out). A
    prediction matches a unit when their overlap covers at least half of the unit and at least
    half of the prediction (the same rule as for a continuous statement). Pairs are taken
    greedily by overlap; each prediction is used for one unit of one gold attribution only; a
    unit takes one prediction, and a gold attribution is matched either as a whole or by
    fragments, not both. A gold attribution is *found* when the predictions matched to it cover
    at least half of its content characters (for a continuous statement that is the single
    matched prediction). Recall counts found gold attributions; precision counts predictions
    matched to some gold unit (a correct piece of a statement whose other piece was missed is a
    correct prediction, but its statement is not found). Nothing else is lenient: a prediction
    covering less than half of a fragment, or mostly outside the content, is a false positive.
    The first matched prediction (in text order) is used for the speaker. dev_voa and the seed
    have no fragments: every gold statement is one unit, so both rules give the same figures
    there.
Strict (one-to-one) figures
    Reported alongside: a prediction and a gold attribution match when their overlap covers at
    least half of each, taking the gold span from its first content character to its last
    (interrupting attribution included), one to one, greedily by overlap. A quotation split by
    its attribution therefore counts at best as one hit (when one piece covers half the span)
    and one false positive here.
Direct+mixed
    Recall: gold direct/mixed statements found (by predictions of any kind). Precision:
    predicted direct/mixed statements matched to any gold statement. (Kinds are not required to
    agree: PolNeAR derives ``mixed`` from any double mark, scare quotes included.)
All statements
    Every gold statement, and every prediction. On PolNeAR, recall counts only gold
    attributions whose cue is a verb of saying (``_SPEECH``); predictions count as correct when
    they match any gold attribution (PolNeAR also annotates thought and evidence, which are
    not false positives when found).
Speaker accuracy
    Over matched gold direct+mixed statements. Correct when

    * gold has no speaker and neither has the prediction; or
    * the prediction's speaker mention (offsets, pronouns included) overlaps the gold speaker
      span (PolNeAR gives it; this is how gold pronouns such as "he" are scored: a resolved
      name is accepted only when it was found at the gold mention); or
    * the normalised names are equal, one is contained in the other as a word sequence, or
      both end in the same surname (normalising lowercases, drops "the", possessives and
      punctuation). A gold pronoun is never matched by name.

Articles on which ``extract_quotes`` raised are counted and listed (should be 0).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gold import DEFAULT_DATA, load_located, load_polnear

from stance.quotes import _extract_with_mentions

logger = logging.getLogger("eval_attribution")

_PRONOUNS = frozenset(
    "he she they it we i you him her them us his its their our one this that who".split()
)
# Verbs (and phrases) of saying, for PolNeAR's "all statements" recall.
_SPEECH = frozenset(
    """say says said saying tell tells told telling add adds added adding according note notes
    noted noting write writes wrote written writing tweet tweets tweeted tweeting post posted
    posts state states stated declare declares declared announce announces announced claim
    claims claimed claiming insist insists insisted argue argues argued arguing stress stressed
    stresses warn warns warned warning urge urges urged urging ask asks asked asking explain
    explains explained respond responded responds reply replied replies answer answered
    acknowledge acknowledged acknowledges admit admitted admits confirm confirmed confirms deny
    denied denies call calls called calling vow vowed vows pledge pledged pledges promise
    promised promises threaten threatened threatens accuse accused accuses charge charged
    charges suggest suggested suggests predict predicted predicts complain complained
    complains report reported reports testify testified recall recalled quip quipped joke
    joked mention mentioned remark remarked comment commented emphasize emphasized emphasise
    emphasised reiterate reiterated repeat repeated assert asserted contend contended maintain
    maintained concede conceded describe described criticize criticized criticise criticised
    praise praised demand demanded propose proposed tout touted blast blasted slam slammed
    attack attacked dismiss dismissed reject rejected boast boasted lament lamented cite cited
    citing observe observed continue continued conclude concluded""".split()
)


def _norm(name: str | None) -> list[str]:
    if not name:
        return []
    s = name.lower().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    words = re.findall(r"[\w\-]+", s)
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return words


def _contains(a: list[str], b: list[str]) -> bool:
    n = len(b)
    return any(a[i : i + n] == b for i in range(len(a) - n + 1))


def speaker_match(gold: dict, pred_speaker: str | None, mention: tuple[int, int] | None) -> bool:
    """Apply the speaker rule documented in the module docstring."""
    gs = gold.get("speaker")
    if not gs:
        return pred_speaker is None
    g0, g1 = gold.get("speaker_start"), gold.get("speaker_end")
    if mention is not None and g0 is not None and g1 is not None:
        if mention[0] < g1 and g0 < mention[1]:
            return True
    g = _norm(gs)
    if not g or (len(g) == 1 and g[0] in _PRONOUNS):
        return False
    p = _norm(pred_speaker)
    if not p:
        return False
    if g == p or _contains(g, p) or _contains(p, g):
        return True
    return g[-1] == p[-1] and g[-1] not in ("ministry", "government", "officials", "office")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _half_each(ov: int, len_a: int, len_b: int) -> bool:
    return ov > 0 and ov * 2 >= max(1, len_a) and ov * 2 >= max(1, len_b)


def match(golds: list[dict], preds: list[tuple]) -> tuple[dict[int, list[int]], set[int]]:
    """Match predictions to gold content fragments (see Scoring).

    Returns
    -------
    found : dict
        Gold index -> indices of the predictions matched to it (text order), for the gold
        attributions found (matched predictions cover half of the content).
    matched : set
        Indices of the predictions matched to some gold unit (for precision).
    """
    pairs = []  # (overlap, gold, unit, prediction); unit -1 is the whole content
    for gi, g in enumerate(golds):
        frags = g.get("fragments") or [(g["start"], g["end"])]
        clen = g.get("content_length") or sum(b - a for a, b in frags)
        for pi, (q, _m) in enumerate(preds):
            if q.end <= g["start"] or q.start >= g["end"]:
                continue
            plen = q.end - q.start
            ovs = [_overlap(a, b, q.start, q.end) for a, b in frags]
            if sum(ov > 0 for ov in ovs) > 1 and _half_each(sum(ovs), clen, plen):
                pairs.append((sum(ovs), gi, -1, pi))
            for ui, ((a, b), ov) in enumerate(zip(frags, ovs, strict=True)):
                if _half_each(ov, b - a, plen):
                    pairs.append((ov, gi, ui, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2], x[3]))
    used_p: set[int] = set()
    used_u: set[tuple[int, int]] = set()
    mode: dict[int, str] = {}  # gold -> "whole" or "frag"
    by_gold: dict[int, list[int]] = {}
    for _ov, gi, ui, pi in pairs:
        if pi in used_p or (gi, ui) in used_u:
            continue
        want = "whole" if ui < 0 else "frag"
        if mode.setdefault(gi, want) != want:
            continue
        used_p.add(pi)
        used_u.add((gi, ui))
        by_gold.setdefault(gi, []).append(pi)
    found = {}
    for gi, pis in by_gold.items():
        g = golds[gi]
        frags = g.get("fragments") or [(g["start"], g["end"])]
        clen = g.get("content_length") or sum(b - a for a, b in frags)
        covered = sum(
            _overlap(a, b, preds[pi][0].start, preds[pi][0].end) for pi in pis for a, b in frags
        )
        if covered * 2 >= clen:
            found[gi] = sorted(pis, key=lambda pi: preds[pi][0].start)
    return found, used_p


def match_strict(golds: list[dict], preds: list[tuple]) -> tuple[dict[int, list[int]], set[int]]:
    """One-to-one match on whole gold spans (half of each, greedy by overlap)."""
    pairs = []
    for gi, g in enumerate(golds):
        for pi, (q, _m) in enumerate(preds):
            ov = _overlap(g["start"], g["end"], q.start, q.end)
            if _half_each(ov, g["end"] - g["start"], q.end - q.start):
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    out: dict[int, list[int]] = {}
    for _ov, gi, pi in pairs:
        if gi in out or pi in used_p:
            continue
        used_p.add(pi)
        out[gi] = [pi]
    return out, used_p


def _is_speech(cue: str | None) -> bool:
    if not cue:
        return False
    return any(w in _SPEECH for w in re.findall(r"[a-z]+", cue.lower()))


def _prf(hit_pred: int, n_pred: int, hit_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_pred / n_pred if n_pred else 0.0
    r = hit_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 3), round(r, 3), round(f, 3)


def evaluate(articles: list[dict], *, speech_only: bool = False) -> dict:
    """Score one set; return counts and rates (fragment rule and strict one-to-one rule)."""
    keys = ["dm_gold", "dm_gold_hit", "dm_pred", "dm_pred_hit", "all_gold", "all_gold_hit"]
    keys += ["all_pred", "all_pred_hit", "sp_n", "sp_ok", "sp_all_n", "sp_all_ok"]
    c = dict.fromkeys(keys + ["strict_" + k for k in keys], 0)
    raised = []
    n_pred = 0
    t0 = time.perf_counter()
    for art in articles:
        try:
            preds = _extract_with_mentions(art["text"])
        except Exception as err:
            raised.append((art["id"], repr(err)))
            preds = []
        n_pred += len(preds)
        golds = art["quotes"]
        for prefix, matcher in (("", match), ("strict_", match_strict)):
            found, matched_p = matcher(golds, preds)
            for gi, g in enumerate(golds):
                dm = g["kind"] in ("direct", "mixed")
                counted = (not speech_only) or _is_speech(g.get("cue"))
                hit = gi in found
                if dm:
                    c[prefix + "dm_gold"] += 1
                    c[prefix + "dm_gold_hit"] += hit
                if counted:
                    c[prefix + "all_gold"] += 1
                    c[prefix + "all_gold_hit"] += hit
                if hit:
                    q, mention = preds[found[gi][0]]
                    ok = speaker_match(g, q.speaker, mention)
                    if dm:
                        c[prefix + "sp_n"] += 1
                        c[prefix + "sp_ok"] += ok
                    if counted:
                        c[prefix + "sp_all_n"] += 1
                        c[prefix + "sp_all_ok"] += ok
            for pi, (q, _mn) in enumerate(preds):
                if q.kind in ("direct", "mixed"):
                    c[prefix + "dm_pred"] += 1
                    c[prefix + "dm_pred_hit"] += pi in matched_p
                c[prefix + "all_pred"] += 1
                c[prefix + "all_pred_hit"] += pi in matched_p
    seconds = time.perf_counter() - t0
    out: dict = {"articles": len(articles), "predicted": n_pred}
    for prefix in ("", "strict_"):
        dm = _prf(*(c[prefix + k] for k in ("dm_pred_hit", "dm_pred", "dm_gold_hit", "dm_gold")))
        al = _prf(
            *(c[prefix + k] for k in ("all_pred_hit", "all_pred", "all_gold_hit", "all_gold"))
        )
        sp, spa = c[prefix + "sp_n"], c[prefix + "sp_all_n"]
        out.update(
            {
                prefix + "gold_direct_mixed": c[prefix + "dm_gold"],
                prefix + "gold_all": c[prefix + "all_gold"],
                prefix + "dm_precision": dm[0],
                prefix + "dm_recall": dm[1],
                prefix + "dm_f1": dm[2],
                prefix + "speaker_acc": round(c[prefix + "sp_ok"] / sp, 3) if sp else 0.0,
                prefix + "all_precision": al[0],
                prefix + "all_recall": al[1],
                prefix + "all_f1": al[2],
                prefix + "speaker_acc_all": (
                    round(c[prefix + "sp_all_ok"] / spa, 3) if spa else 0.0
                ),
            }
        )
    out.update({"raised": len(raised), "raised_ids": raised, "seconds": round(seconds, 3)})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    ap.add_argument(
        "--sets",
        nargs="+",
        default=["dev_voa", "seed", "polnear"],
        choices=["dev_voa", "seed", "polnear"],
    )
    ap.add_argument("--split", default="test", help="PolNeAR split (default: test)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    results = {}
    for name in args.sets:
        if name == "dev_voa":
            path = args.data / "articles" / "dev_voa.jsonl"
            loader = load_located
        elif name == "seed":
            path = args.data / "articles" / "seed_dw_2020_01_09.jsonl"
            loader = load_located
        else:
            path = args.data / "attribution" / "polnear.jsonl"
            loader = None
        if not path.exists():
            logger.warning("skipping %s: %s not found", name, path)
            continue
        if loader is None:
            arts = load_polnear(path, args.split)
            results[f"polnear_{args.split}"] = evaluate(arts, speech_only=True)
        else:
            results[name] = evaluate(loader(path))
    if args.json:
        sys.stdout.write(json.dumps(results, indent=1) + "\n")
        return 0
    cols = [
        ("set", 14, "", "set"),
        ("arts", 5, "", "articles"),
        ("D+M P", 7, "", "dm_precision"),
        ("D+M R", 7, "", "dm_recall"),
        ("D+M F1", 7, "", "dm_f1"),
        ("spk acc", 8, "", "speaker_acc"),
        ("all P", 7, "", "all_precision"),
        ("all R", 7, "", "all_recall"),
        ("all F1", 7, "", "all_f1"),
        ("spk all", 8, "", "speaker_acc_all"),
        ("raised", 7, "", "raised"),
    ]
    lines = ["Fragment rule (headline figures); then the strict one-to-one rule."]
    lines.append("".join(f"{h:>{w}}" for h, w, _p, _k in cols))
    for rule in ("", "strict_"):
        for name, r in results.items():
            label = name if not rule else name + "*"
            vals = [label] + [
                r[k] if k in ("raised", "articles") else r[rule + k] for _h, _w, _p, k in cols[1:]
            ]
            cells = [f"{v!s:>{w}}" for v, (_h, w, _p, _k) in zip(vals, cols, strict=True)]
            lines.append("".join(cells))
            if not rule:
                for aid, err in r["raised_ids"]:
                    lines.append(f"    raised on {aid}: {err}")
    lines.append(
        "* strict one-to-one rule (a split quotation is at best one hit and one false positive)"
    )
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
