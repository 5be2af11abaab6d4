"""Measure the stance classifier: grouped CV on the corpus, real news, PLOVER, speed, size.

Usage (from the repository root)::

    python benchmarks/eval_stance.py                      # evaluate the shipped default model
    python benchmarks/eval_stance.py --model my.joblib    # evaluate another model file
    python benchmarks/eval_stance.py --train              # train with default params instead
    python benchmarks/eval_stance.py --save models/stance-default.joblib --json out.json

``--save`` trains with default parameters (the same as ``stance train
stance/data/training.csv -o ...``), measures everything and stores the figures in the model's
JSON sidecar.

Evaluation data is read at run time from ``../shared/data`` (``--data``), never copied into the
repository: ``articles/dev_voa.jsonl`` (425 statements from 25 real VOA stories),
``articles/seed_dw_2020_01_09.jsonl`` (16 statements), and the PLOVER sentences mapped to the
stance labels (``plover_gsr/plover_gsr.csv``, ``zsp_plv/zsp_plv.csv``; rows with a non-empty
``label_mapped``). Sets that are absent are skipped. The quotes' ``actor`` field (null for
commentators) is passed to the model; ``dev_voa_no_actor`` scores the dev statements again
without it (text and cue only), and grouped CV reports both as well. PLOVER sentences have
no actor, so the actor features are inactive for them. Baselines measured in the same run: the
majority class of each evaluated set, and VADER polarity (compound >= 0.05 de-escalatory,
<= -0.05 escalatory, else neutral; only if ``vaderSentiment`` is installed). The dev set's
macro-F1 comes with a 95% interval from 2,000 bootstrap draws of whole articles.
"""

from __future__ import annotations

import os

# One core: BLAS threads must be limited before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import precision_recall_fscore_support  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from stance.constants import LABELS  # noqa: E402
from stance.datasets import load_training_data  # noqa: E402
from stance.model import StanceClassifier, load_model  # noqa: E402
from stance.training import evaluate, train  # noqa: E402

logger = logging.getLogger("eval_stance")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_MODEL = ROOT / "models" / "stance-default.joblib"
TRAINING_CSV = ROOT / "stance" / "data" / "training.csv"
BARS = {
    "cv_macro_f1": 0.85,
    "dev_macro_f1": 0.60,
    "seed_correct": 14,
    "statements_per_s": 20000,
    "model_mb": 25,
    "load_s": 1.0,
}


def read_quotes(path: Path) -> pd.DataFrame:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                art = json.loads(line)
                rows += [dict(q, article=art["id"]) for q in art["quotes"]]
    frame = pd.DataFrame(rows)
    for col in ("cue", "actor"):  # JSON null -> None (no cue; a speaker with no actor)
        if col in frame.columns:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def read_plover(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame[frame["label_mapped"] != ""].rename(columns={"label_mapped": "label"})
    return frame.assign(cue=None).reset_index(drop=True)


def scores(truth: pd.Series, pred: np.ndarray) -> dict:
    """Macro-F1 over the labels present in ``truth``, plus per-label F1 and accuracy."""
    labels = [lab for lab in LABELS if lab in set(truth)]
    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    return {
        "n": len(truth),
        "macro_f1": float(np.mean(f)),
        "accuracy": float(np.mean(np.asarray(pred) == truth.to_numpy())),
        "per_label": {
            lab: {
                "precision": float(p[i]),
                "recall": float(r[i]),
                "f1": float(f[i]),
                "support": int(s[i]),
            }
            for i, lab in enumerate(labels)
        },
    }


def bootstrap_macro_f1(
    truth: pd.Series, pred: np.ndarray, groups: pd.Series, n: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """95% interval of macro-F1, resampling whole articles (statements of a story are alike)."""
    rng = np.random.default_rng(seed)
    labels = [lab for lab in LABELS if lab in set(truth)]
    truth_arr = truth.to_numpy()
    index = pd.Series(np.arange(len(truth))).groupby(groups.to_numpy()).apply(np.asarray)
    members = list(index)
    values = []
    for _ in range(n):
        pick = np.concatenate([members[i] for i in rng.integers(0, len(members), len(members))])
        _, _, f, _ = precision_recall_fscore_support(
            truth_arr[pick], pred[pick], labels=labels, zero_division=0
        )
        values.append(float(np.mean(f)))
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


def vader_predict(texts: pd.Series) -> np.ndarray | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        logger.warning("vaderSentiment not installed: VADER baseline skipped")
        return None
    analyzer = SentimentIntensityAnalyzer()
    out = []
    for text in texts:
        c = analyzer.polarity_scores(text)["compound"]
        out.append("de-escalatory" if c >= 0.05 else "escalatory" if c <= -0.05 else "neutral")
    return np.asarray(out, dtype=object)


def grouped_cv(corpus: pd.DataFrame, params: dict) -> tuple[dict, dict]:
    """Run grouped 5-fold CV by conflict, training on text+cue+actor.

    Returns the scores with the held-out fold's actor given, and with it withheld (text and
    cue only: how the model does for users who have no actor column).
    """
    columns = ["text", "cue", "actor"]
    with_actor = np.empty(len(corpus), dtype=object)
    text_only = np.empty(len(corpus), dtype=object)
    folds = GroupKFold(n_splits=5).split(corpus, corpus["label"], corpus["conflict"])
    for fit_idx, test_idx in folds:
        model = StanceClassifier(**params).fit(
            corpus.iloc[fit_idx][columns], corpus["label"].iloc[fit_idx]
        )
        with_actor[test_idx] = model.predict(corpus.iloc[test_idx][columns])
        text_only[test_idx] = model.predict(corpus.iloc[test_idx][["text", "cue"]])
    results = []
    for pred in (with_actor, text_only):
        result = scores(corpus["label"], pred)
        result["folds"] = 5
        result["groups"] = int(corpus["conflict"].nunique())
        results.append(result)
    return results[0], results[1]


def speed(model: StanceClassifier, texts: pd.DataFrame, n: int) -> dict:
    """Statements per second for one batch of ``n`` (tiled) statements, cold and warm."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    reps = int(np.ceil(n / len(texts)))
    batch = pd.concat([texts] * reps, ignore_index=True).iloc[:n]
    t = time.perf_counter()
    model.predict(batch)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    model.predict(batch)
    warm = time.perf_counter() - t
    return {
        "n": n,
        "unique_texts": int(texts["text"].nunique()),
        "cold_per_s": n / cold,
        "warm_per_s": n / warm,
    }


def load_time(path: Path) -> dict:
    code = (
        "import time; t0 = time.perf_counter(); import stance.model as m; t1 = time.perf_counter();"
        f" m.load_model({str(path)!r}); t2 = time.perf_counter(); print(t1 - t0, t2 - t1)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    imp, load = map(float, out.stdout.split())
    return {"import_s": imp, "load_s": load, "total_s": imp + load}


def fmt_per_label(result: dict) -> str:
    return ", ".join(f"{lab} {v['f1']:.2f}" for lab, v in result["per_label"].items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, help="model file (default: the shipped model)")
    parser.add_argument("--train", action="store_true", help="train with default params")
    parser.add_argument("--save", type=Path, help="train, measure, and save here with metrics")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--json", type=Path, help="write all figures to this JSON file")
    parser.add_argument("--n-speed", type=int, default=50_000, help="statements in speed test")
    parser.add_argument("--no-cv", action="store_true", help="skip grouped cross-validation")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    corpus = load_training_data()
    figures: dict = {"corpus_rows": len(corpus)}
    if args.save or args.train:
        t = time.perf_counter()
        model = train(corpus)
        figures["train_s"] = time.perf_counter() - t
        model_path = args.save
        source = "trained now with default parameters"
    else:
        model_path = args.model or DEFAULT_MODEL
        model = load_model(model_path)
        source = str(model_path)
    params = model.get_params()
    figures["model"] = source
    figures["params"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()}

    if not args.no_cv:
        figures["grouped_cv"], figures["grouped_cv_text_only"] = grouped_cv(corpus, params)

    sets = {}
    data = args.data
    if (data / "articles" / "dev_voa.jsonl").is_file():
        sets["dev_voa"] = read_quotes(data / "articles" / "dev_voa.jsonl")
    if (data / "articles" / "seed_dw_2020_01_09.jsonl").is_file():
        sets["seed_dw"] = read_quotes(data / "articles" / "seed_dw_2020_01_09.jsonl")
    for name, rel in (
        ("plover_gsr", "plover_gsr/plover_gsr.csv"),
        ("zsp_plv", "zsp_plv/zsp_plv.csv"),
    ):
        if (data / rel).is_file():
            sets[name] = read_plover(data / rel)  # no actor column: actor features inactive
    if "dev_voa" in sets:
        # The same dev statements without their actor (text and cue only).
        sets["dev_voa_no_actor"] = sets["dev_voa"].drop(columns="actor")
    figures["sets"] = {}
    for name, frame in sets.items():
        result = evaluate(model, frame)
        pred = result.predictions.to_numpy()
        entry = {"model": scores(frame["label"], pred)}
        entry["model"]["confusion"] = result.confusion.to_dict(orient="index")
        majority = frame["label"].value_counts().index[0]
        entry["majority"] = scores(frame["label"], np.full(len(frame), majority, dtype=object))
        entry["majority"]["label"] = majority
        vader = vader_predict(frame["text"])
        if vader is not None:
            entry["vader"] = scores(frame["label"], vader)
        if name.startswith("dev_voa"):
            entry["model"]["macro_f1_95ci"] = bootstrap_macro_f1(
                frame["label"], pred, frame["article"]
            )
            trade = frame["article"].str.contains("tariff|trade", case=False)
            entry["model_without_trade"] = scores(frame["label"][~trade], pred[~trade.to_numpy()])
            entry["by_kind"] = {
                k: float(
                    np.mean(
                        pred[(frame["kind"] == k).to_numpy()] == frame["label"][frame["kind"] == k]
                    )
                )
                for k in ("direct", "indirect", "mixed")
            }
        figures["sets"][name] = entry

    speed_texts = corpus[["text", "cue", "actor"]]
    if "dev_voa" in sets:
        speed_texts = pd.concat(
            [speed_texts, sets["dev_voa"][["text", "cue", "actor"]]], ignore_index=True
        )
    figures["speed"] = speed(model, speed_texts, args.n_speed)

    if args.save:
        metrics = {k: figures[k] for k in ("grouped_cv", "grouped_cv_text_only") if k in figures}
        metrics.update(
            {f"{k}_macro_f1": round(v["model"]["macro_f1"], 4) for k, v in figures["sets"].items()}
        )
        model.save(args.save, metrics=metrics, training_file=TRAINING_CSV)
        model_path = args.save
    if model_path is not None and Path(model_path).is_file():
        figures["model_mb"] = Path(model_path).stat().st_size / 1e6
        figures["load"] = load_time(Path(model_path))

    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


def report(fig: dict) -> None:
    lines = [f"# stance classifier benchmark ({fig['model']})", ""]
    lines.append(f"training corpus: {fig['corpus_rows']} statements")
    if "grouped_cv" in fig:
        cv = fig["grouped_cv"]
        lines.append(
            f"grouped {cv['folds']}-fold CV by conflict ({cv['groups']} conflicts): macro-F1 "
            f"{cv['macro_f1']:.3f} (bar {BARS['cv_macro_f1']}), accuracy {cv['accuracy']:.3f}; "
            f"{fmt_per_label(cv)}"
        )
    if "grouped_cv_text_only" in fig:
        cv = fig["grouped_cv_text_only"]
        lines.append(
            f"same folds, held-out statements without their actor (text+cue only): macro-F1 "
            f"{cv['macro_f1']:.3f}, accuracy {cv['accuracy']:.3f}; {fmt_per_label(cv)}"
        )
    lines += [
        "",
        "| set | n | model macro-F1 | accuracy | per-label F1 | majority | VADER |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, e in fig["sets"].items():
        m = e["model"]
        vader = f"{e['vader']['macro_f1']:.3f}" if "vader" in e else "n/a"
        lines.append(
            f"| {name} | {m['n']} | {m['macro_f1']:.3f} | {m['accuracy']:.3f} | {fmt_per_label(m)} "
            f"| {e['majority']['macro_f1']:.3f} | {vader} |"
        )
    for dev_name in ("dev_voa", "dev_voa_no_actor"):
        if dev_name not in fig["sets"]:
            continue
        e = fig["sets"][dev_name]
        lines.append("")
        lines.append(
            f"{dev_name}: macro-F1 {e['model']['macro_f1']:.3f} (95% interval over articles "
            f"{e['model']['macro_f1_95ci'][0]:.3f}-{e['model']['macro_f1_95ci'][1]:.3f}; "
            f"bar {BARS['dev_macro_f1']}); "
            f"without the trade stories {e['model_without_trade']['macro_f1']:.3f} "
            f"(n={e['model_without_trade']['n']}); accuracy by kind "
            + ", ".join(f"{k} {v:.2f}" for k, v in e["by_kind"].items())
        )
        conf = pd.DataFrame(e["model"]["confusion"]).T
        lines.append("confusion (rows true, columns predicted):\n" + conf.to_string())
    if "seed_dw" in fig["sets"]:
        m = fig["sets"]["seed_dw"]["model"]
        correct = round(m["accuracy"] * m["n"])
        lines.append(f"seed article: {correct}/{m['n']} right (bar {BARS['seed_correct']})")
    s = fig["speed"]
    lines.append(
        f"speed (one core, batch of {s['n']} from {s['unique_texts']} distinct texts): "
        f"{s['cold_per_s']:.0f} statements/s first call, {s['warm_per_s']:.0f} repeated "
        f"(bar {BARS['statements_per_s']})"
    )
    if "model_mb" in fig:
        ld = fig["load"]
        lines.append(
            f"model file {fig['model_mb']:.2f} MB (bar {BARS['model_mb']}); load_model "
            f"{ld['load_s']:.2f} s after importing stance.model ({ld['import_s']:.2f} s; "
            f"total {ld['total_s']:.2f} s, bar {BARS['load_s']} s)"
        )
    if "train_s" in fig:
        lines.append(f"training time: {fig['train_s']:.1f} s")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
