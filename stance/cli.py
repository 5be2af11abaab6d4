"""The ``stance`` command: score, extract, train and evaluate from the shell.

User mistakes (a missing file, a wrong column, an unknown extension) end with a one-line
``stance: error: ...`` on stderr and exit code 2, never a traceback. Without ``-o``, ``score``
and ``extract`` print their table as the chunks are scored, so ``stance score big.csv | head``
shows the first rows early and stops quietly when ``head`` has had enough.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from stance import __version__, _io
from stance.batch import DEFAULT_BATCH_SIZE, extract_articles, score_articles

logger = logging.getLogger(__name__)

#: Articles read, scored and written at a time: memory stays flat, and a multiple of the
#: batch size so that --n-jobs has several batches to share out.
DEFAULT_CHUNK_SIZE = 8 * DEFAULT_BATCH_SIZE
#: Exit code for user mistakes (as argparse uses for bad options).
EXIT_USAGE = 2
#: Exit code after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: Exit code when stdout is closed early, e.g. by ``| head`` (128 + SIGPIPE, as shells report
#: a command stopped by a closed pipe).
EXIT_BROKEN_PIPE = 141
#: Statements held back before printing, so that a result this small prints as one table
#: aligned over all its rows. Past it, the rows held so far are printed, their column widths
#: are kept, and each later chunk is printed as soon as it is scored (memory stays flat).
PRINT_HOLD_ROWS = 1000
# Errors that mean "the user asked for something that cannot be done", shown as one line.
# (UnicodeDecodeError and pandas' parser errors are ValueErrors.)
_USER_ERRORS = (
    FileNotFoundError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    ValueError,
    ImportError,
)
# Width of the quote column in printed tables.
_QUOTE_WIDTH = 70


def _out(text: str = "") -> None:
    # the command's own output (tables, metrics) goes to stdout; messages go to stderr
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"stance: {text}\n")


# --------------------------------------------------------------------------- helpers


def _split_keep(values: Sequence[str] | None) -> list[str]:
    """``--keep date,outlet --keep title`` -> ["date", "outlet", "title"]."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return list(dict.fromkeys(out))


def _load_model(path: str | None) -> Any:
    from stance.model import load_model

    if path is not None and not Path(path).is_file():
        raise FileNotFoundError(f"no model file {path}; pass --model with a .joblib file")
    try:
        return load_model(path)
    except (pickle.UnpicklingError, EOFError, KeyError, AttributeError) as exc:
        # a damaged file or one that is not a stance model: say so instead of a traceback
        raise ValueError(f"could not load the model from {path}: {exc!r}") from exc


def _shorten(text: Any, width: int = _QUOTE_WIDTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _cells(statements: pd.DataFrame, columns: list[str], *, with_id: bool) -> list[list[str]]:
    """Return the table's text, column by column: the header, then one cell per row."""
    if with_id:
        columns = ["article_id", *columns]
    cells: list[list[str]] = []
    for column in columns:
        if column == "quote":
            values = statements["text"].map(_shorten)
        elif column == "confidence":
            values = statements["confidence"].map("{:.2f}".format)
        else:
            values = statements[column].map(lambda v: "-" if pd.isna(v) else str(v))
        cells.append([column, *values])
    return cells


def _widths(cells: list[list[str]]) -> list[int]:
    return [max(map(len, column)) for column in cells]


def _lines(cells: list[list[str]], widths: list[int]) -> list[str]:
    """Left-align the cells in columns of the given widths (a longer cell widens its row)."""
    rows = zip(*cells, strict=True)
    return [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


def _readable(statements: pd.DataFrame, columns: list[str], *, with_id: bool) -> str:
    """Format statements as a plain-text, left-aligned table for the terminal."""
    cells = _cells(statements, columns, with_id=with_id)
    return "\n".join(_lines(cells, _widths(cells)))


class _TablePrinter:
    """Print statements on stdout as a table, chunk by chunk (see :data:`PRINT_HOLD_ROWS`).

    Up to ``PRINT_HOLD_ROWS`` statements are held and printed at :meth:`close` as one table,
    exactly as a single call would print them. Once more arrive, the held rows are printed
    with the header, and every later chunk is printed (and flushed) as it comes, in the same
    column widths and with the ``article_id`` column unless the input is one ``.txt`` file.
    """

    def __init__(self, columns: list[str], *, source: str, one_article: bool) -> None:
        self.columns = columns
        self.source = source
        self.one_article = one_article
        self.streaming = False
        self._held: list[pd.DataFrame] = []
        self._n_held = 0
        self._widths: list[int] = []
        self._with_id = False

    def add(self, statements: pd.DataFrame) -> None:
        if not self.streaming:
            self._held.append(statements)
            self._n_held += len(statements)
            if self._n_held > PRINT_HOLD_ROWS:
                self._start(pd.concat(self._held, ignore_index=True))
            return
        if len(statements):
            cells = _cells(statements, self.columns, with_id=self._with_id)
            self._write(_lines([column[1:] for column in cells], self._widths))

    def _start(self, statements: pd.DataFrame) -> None:
        # the widths of the rows seen so far; the id column is kept even if those rows
        # all come from one article, since the next ones may not
        self.streaming = True
        self._held = []
        self._with_id = not self.one_article or statements["article_id"].nunique() > 1
        cells = _cells(statements, self.columns, with_id=self._with_id)
        self._widths = _widths(cells)
        self._write(_lines(cells, self._widths))

    def _write(self, lines: list[str]) -> None:
        _out("\n".join(lines))
        # flushed per chunk: the reader sees rows now, and a closed pipe is noticed now
        sys.stdout.flush()

    def close(self) -> None:
        """Print what is held (a small result: the whole table at once)."""
        if not self.streaming:
            _print_statements(self._held, self.columns, self.source)
            sys.stdout.flush()


def _progress(enabled: bool, desc: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(unit="article", desc=desc, disable=not enabled, file=sys.stderr)


def _chunks(args: argparse.Namespace, keep: list[str]) -> Iterator[pd.DataFrame]:
    return _io.iter_articles(
        args.input,
        text_col=args.text_col,
        id_col=args.id_col,
        keep=keep,
        chunk_size=args.chunk_size,
    )


def _is_text_input(args: argparse.Namespace) -> bool:
    path = Path(args.input)
    return path.is_dir() or path.suffix.lower() == ".txt"


def _id_col(args: argparse.Namespace) -> str | None:
    return _io.FILE_ID_COLUMN if _is_text_input(args) else args.id_col


def _text_col(args: argparse.Namespace) -> str:
    return "text" if _is_text_input(args) else args.text_col


def _run_articles(args: argparse.Namespace, work: Callable[..., Any], columns: list[str]) -> int:
    """Shared driver of ``score`` and ``extract``: stream chunks in, write or print out."""
    keep = _split_keep(args.keep)
    if keep and _is_text_input(args):
        raise ValueError("--keep needs a table input (.csv, .jsonl, .parquet)")
    for target in (args.output, args.summary):
        if target and Path(target).resolve() == Path(args.input).resolve():
            raise ValueError(f"the output {target} is the input; pass another -o/--summary path")
    chunks = _chunks(args, keep)
    id_col, text_col = _id_col(args), _text_col(args)
    show_bar = args.progress and bool(args.output) and sys.stderr.isatty()
    totals = {"articles": 0, "statements": 0, "empty": 0, "error": 0}
    problems: list[str] = []
    printer = _TablePrinter(
        columns,
        source=args.input,
        one_article=not Path(args.input).is_dir() and _is_text_input(args),
    )
    with ExitStack() as stack:
        out = stack.enter_context(_io.AtomicTableWriter(args.output)) if args.output else None
        summary_out = (
            stack.enter_context(_io.AtomicTableWriter(args.summary)) if args.summary else None
        )
        bar = stack.enter_context(_progress(show_bar, args.command))
        stack.enter_context(_partial_table_note(printer))
        for chunk in chunks:
            statements, summary = work(
                chunk,
                text_col=text_col,
                id_col=id_col,
                keep=keep or None,
                n_jobs=args.n_jobs,
                progress=False,
                with_summary=True,
            )
            if out is not None:
                out.write(statements)
            else:
                printer.add(statements)
            if summary_out is not None:
                summary_out.write(summary)
            totals["articles"] += len(summary)
            totals["statements"] += len(statements)
            for status in ("empty", "error"):
                totals[status] += int((summary["status"] == status).sum())
            bad = summary[summary["status"] == "error"]
            problems.extend(
                f"{i}: {e}" for i, e in zip(bad["article_id"], bad["error"], strict=True)
            )
            bar.update(len(summary))
    if out is None:
        printer.close()
    for line in problems[:10]:
        _err(f"article {line}")
    if len(problems) > 10:
        _err(f"... and {len(problems) - 10} more unreadable articles (see --summary)")
    where = f" -> {args.output}" if args.output else ""
    _err(
        f"{totals['articles']} articles, {totals['statements']} statements{where} "
        f"({totals['empty']} without statements, {totals['error']} unreadable)"
    )
    return 0


@contextmanager
def _partial_table_note(printer: _TablePrinter) -> Iterator[None]:
    # Ctrl-C after rows were printed must not claim that nothing was written (see main)
    try:
        yield
    except KeyboardInterrupt:
        if printer.streaming:
            raise KeyboardInterrupt("the table printed so far is incomplete") from None
        raise


def _print_statements(parts: list[pd.DataFrame], columns: list[str], source: str) -> None:
    statements = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if statements.empty:
        _out(f"no attributed statements found in {source}")
        return
    many = statements["article_id"].nunique() > 1
    _out(_readable(statements, columns, with_id=many))


# --------------------------------------------------------------------------- commands


def _cmd_score(args: argparse.Namespace) -> int:
    model = _load_model(args.model)

    def work(chunk: pd.DataFrame, **kwargs: Any):
        return score_articles(chunk, model=model, **kwargs)

    return _run_articles(args, work, ["speaker", "actor", "label", "confidence", "quote"])


def _cmd_extract(args: argparse.Namespace) -> int:
    def work(chunk: pd.DataFrame, **kwargs: Any):
        return extract_articles(chunk, **kwargs)

    return _run_articles(args, work, ["speaker", "actor", "cue", "kind", "quote"])


def _labelled_table(args: argparse.Namespace) -> pd.DataFrame:
    """Read a labelled table, checking the columns named on the command line."""
    path = Path(args.data)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    wanted = {"--text-col": [args.text_col], "--label-col": [args.label_col]}
    if args.cue_col is not None:
        wanted["--cue-col"] = [args.cue_col]
    _io.check_columns(path, wanted)
    return _io.read_table(path)


def _columns(args: argparse.Namespace) -> dict[str, Any]:
    # without --cue-col, a column named "cue" is used when present (train/evaluate default)
    return {
        "text_col": args.text_col,
        "label_col": args.label_col,
        "cue_col": args.cue_col or "cue",
    }


def _print_evaluation(result: Any) -> None:
    """Print an evaluation: per-label table, macro-F1 and accuracy, confusion matrix."""
    _out(result.per_label.to_string(float_format="{:.3f}".format))
    _out(f"\nmacro-F1  {result.macro_f1:.3f}")
    _out(f"accuracy  {result.accuracy:.3f}")
    _out("\nconfusion matrix (rows: true label, columns: predicted):")
    _out(result.confusion.to_string())


def _cmd_train(args: argparse.Namespace) -> int:
    from sklearn.model_selection import train_test_split

    from stance.training import evaluate, train

    output = Path(args.output)
    if output.suffix.lower() != ".joblib":
        raise ValueError(f"{output.name}: a model file must end in .joblib")
    if not output.parent.is_dir():
        raise FileNotFoundError(f"output folder does not exist: {output.parent}")
    if not 0 <= args.test_size < 1:
        raise ValueError(f"--test-size must be in [0, 1), got {args.test_size}")
    table = _labelled_table(args)
    columns = _columns(args)
    metrics = None
    if args.test_size > 0:
        # Measure on held-out rows first, then train the saved model on every row.
        fit_part, test_part = train_test_split(
            table,
            test_size=args.test_size,
            random_state=0,
            stratify=table[args.label_col].astype(str).str.strip().str.lower(),
        )
        result = evaluate(train(fit_part, **columns), test_part, **columns)
        _out(
            f"held-out evaluation ({len(test_part)} of {len(table)} statements, "
            f"model trained on the other {len(fit_part)}):\n"
        )
        _print_evaluation(result)
        metrics = {"holdout": result.to_dict(), "test_size": args.test_size}
    model = train(table, **columns)
    model.save(output, metrics=metrics)
    _err(f"model trained on {len(table)} statements saved to {output}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from stance.training import evaluate

    table = _labelled_table(args)
    model = _load_model(args.model)
    result = evaluate(model, table, **_columns(args))
    _out(f"{result.n} statements from {args.data}, model {args.model or '(default)'}\n")
    _print_evaluation(result)
    return 0


# --------------------------------------------------------------------------- parser


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input", help="a .txt article, a folder of .txt files, or a .csv/.jsonl/.parquet table"
    )
    parser.add_argument(
        "-o", "--output", help="write a .csv/.jsonl/.parquet table instead of printing"
    )
    parser.add_argument("--text-col", default="text", help="table column with the text")
    parser.add_argument("--id-col", help="table column identifying each article")
    parser.add_argument(
        "--keep",
        action="append",
        metavar="COLS",
        help="table columns to copy to every statement (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--summary", metavar="PATH", help="also write one row per article (status, error)"
    )
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=DEFAULT_CHUNK_SIZE,
        help=f"articles read and written at a time (default {DEFAULT_CHUNK_SIZE})",
    )
    parser.add_argument("--n-jobs", type=int, default=1, help="processes to use (-1: all)")
    parser.add_argument(
        "--no-progress", dest="progress", action="store_false", help="no progress bar"
    )


def _add_table_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("data", help="a .csv/.jsonl/.parquet table of labelled statements")
    parser.add_argument("--text-col", default="text", help="column with the statement")
    parser.add_argument("--label-col", default="label", help="column with the label")
    parser.add_argument(
        "--cue-col", help="column with the attribution verb (default: 'cue' when present)"
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the ``stance`` command.

    Returns
    -------
    argparse.ArgumentParser
        The parser, with subcommands ``score``, ``extract``, ``train`` and ``evaluate``.
    """
    parser = argparse.ArgumentParser(
        prog="stance",
        description="Find attributed statements in news and label their stance.",
    )
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = sub.add_parser("score", help="find and label the statements in articles")
    _add_input_options(score)
    score.add_argument("--model", help="a .joblib model file (default: the shipped model)")
    score.set_defaults(func=_cmd_score)

    extract = sub.add_parser("extract", help="find the statements only (no labels)")
    _add_input_options(extract)
    extract.set_defaults(func=_cmd_extract)

    train = sub.add_parser("train", help="train a model on labelled statements")
    _add_table_options(train)
    train.add_argument("-o", "--output", required=True, help="model file to write (.joblib)")
    train.add_argument(
        "--test-size",
        type=float,
        default=0.2,
        help="share of rows held out to report metrics before the final fit (0: none)",
    )
    train.set_defaults(func=_cmd_train)

    evaluate = sub.add_parser("evaluate", help="measure a model on labelled statements")
    _add_table_options(evaluate)
    evaluate.add_argument("--model", help="a .joblib model file (default: the shipped model)")
    evaluate.set_defaults(func=_cmd_evaluate)
    return parser


def _detach_stdout() -> None:
    """Point stdout's file descriptor at the null device after the pipe behind it closed.

    Python flushes stdout at exit; into the closed pipe that would print "Exception ignored
    ... BrokenPipeError". What is still buffered goes to the null device instead.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        # not a file (pytest's capture, a notebook): nothing is flushed to a pipe at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stance`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; default ``sys.argv[1:]``.

    Returns
    -------
    int
        Exit code: 0 on success, 2 for user mistakes, 130 when interrupted (Ctrl-C), 141
        when stdout was closed before the output was complete (``stance score x.csv | head``;
        the command then stops quietly, without scoring the rest).

    Examples
    --------
    >>> main(["score", "article.txt"])  # doctest: +SKIP
    0
    """
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("stance: %(message)s"))
    package_logger = logging.getLogger("stance")
    package_logger.addHandler(handler)
    old_level = package_logger.level
    package_logger.setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        return args.func(args)
    except BrokenPipeError:
        # the reader of our output has gone (``| head``): stop quietly, as shell tools do
        _detach_stdout()
        return EXIT_BROKEN_PIPE
    except _USER_ERRORS as exc:
        # one line, even for messages written over several (e.g. the model search path)
        message = " ".join(line.strip() for line in str(exc).splitlines()) or repr(exc)
        _err(f"error: {message}")
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        _err(f"interrupted; {str(exc) or 'no output written'}")
        return EXIT_INTERRUPTED
    finally:
        package_logger.removeHandler(handler)
        package_logger.setLevel(old_level)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
