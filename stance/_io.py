"""Read articles in chunks and write tables atomically, for the ``stance`` command line.

Inputs: a ``.txt`` article, a folder of ``.txt`` articles, or a ``.csv``, ``.jsonl`` or
``.parquet`` table. Outputs: ``.csv``, ``.jsonl`` or ``.parquet``, written to a temporary file
in the target folder and renamed into place only when complete.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

logger = logging.getLogger(__name__)

#: Table formats read and written (``.ndjson`` is read as JSON lines too).
TABLE_SUFFIXES: tuple[str, ...] = (".csv", ".jsonl", ".ndjson", ".parquet")
#: Formats the writer produces.
OUTPUT_SUFFIXES: tuple[str, ...] = (".csv", ".jsonl", ".parquet")
#: Column holding the file name when articles come from ``.txt`` files.
FILE_ID_COLUMN = "file"


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _require_pyarrow(what: str) -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError(
            f'{what} needs pyarrow; install it with: pip install "stance[parquet]"'
        ) from exc
    return pa, pq


def table_columns(path: str | Path) -> list[str]:
    """Return the column names of a table file without reading its rows.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.jsonl`` or ``.parquet`` file.

    Returns
    -------
    list of str
        Column names, in file order (for JSON lines: the keys of the first record).

    Raises
    ------
    ValueError
        If the file is empty or not a table format.
    """
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".csv":
        try:
            return list(pd.read_csv(path, nrows=0).columns)
        except pd.errors.EmptyDataError as exc:
            raise ValueError(f"{path} is empty") from exc
    if suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    return list(pd.read_json(_one_line(line), lines=True).columns)
        raise ValueError(f"{path} is empty")
    if suffix == ".parquet":
        _, pq = _require_pyarrow("reading .parquet")
        return list(pq.ParquetFile(path).schema_arrow.names)
    raise ValueError(f"{path.name}: not a table; use {', '.join(TABLE_SUFFIXES)}")


def _one_line(line: str) -> Any:
    import io

    return io.StringIO(line)


def check_columns(path: str | Path, wanted: dict[str, Sequence[str]]) -> None:
    """Raise if a table lacks columns named on the command line.

    Parameters
    ----------
    path : str or Path
        The table file.
    wanted : dict
        Option name (``"--text-col"``) to the columns it names.

    Raises
    ------
    ValueError
        Naming the missing column, the columns present and the option to change.
    """
    present = table_columns(path)
    for option, columns in wanted.items():
        missing = [c for c in columns if c not in present]
        if missing:
            raise ValueError(
                f"{Path(path).name} has no column {', '.join(map(repr, missing))}; its columns "
                f"are {present}; pass {option} with one of them"
            )


def _text_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file())
    if not files:
        raise ValueError(f"no .txt files in folder {folder}; pass a .txt file, folder or table")
    return files


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text ({exc.reason}); convert it first") from exc


def iter_articles(
    path: str | Path,
    *,
    text_col: str = "text",
    id_col: str | None = None,
    keep: Sequence[str] = (),
    chunk_size: int = 1000,
) -> Iterator[pd.DataFrame]:
    """Yield the articles of a file or folder as DataFrames of at most ``chunk_size`` rows.

    Text files give frames with columns ``file`` (the path relative to the folder, or the
    file name) and ``text``; tables give their ``text_col``, ``id_col`` and ``keep``
    columns, indexed by row number in the file.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` file, a folder (its ``.txt`` files, recursively, sorted by path) or a
        ``.csv``/``.jsonl``/``.parquet`` table.
    text_col : str, default "text"
        Column holding the article text (tables).
    id_col : str, optional
        Column identifying the article (tables).
    keep : sequence of str
        More table columns to read.
    chunk_size : int, default 1000
        Rows per chunk.

    Yields
    ------
    DataFrame
        A chunk of articles.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the format is unknown or a named column is missing.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if chunk_size < 1:
        raise ValueError(f"chunk size must be at least 1, got {chunk_size}")
    if path.is_dir():
        yield from _iter_text_files(_text_files(path), path, chunk_size)
        return
    suffix = _suffix(path)
    if suffix == ".txt":
        yield from _iter_text_files([path], path.parent, chunk_size)
        return
    if suffix not in TABLE_SUFFIXES:
        raise ValueError(
            f"{path.name}: unknown input format {suffix or '(no extension)'!r}; pass a .txt "
            f"file, a folder of .txt files or a table ({', '.join(TABLE_SUFFIXES)})"
        )
    wanted = {"--text-col": [text_col], "--keep": list(keep)}
    if id_col is not None:
        wanted["--id-col"] = [id_col]
    check_columns(path, wanted)
    columns = list(dict.fromkeys([*([id_col] if id_col else []), text_col, *keep]))
    start = 0
    for chunk in _iter_table(path, suffix, columns, chunk_size):
        chunk = chunk[columns]
        chunk.index = pd.RangeIndex(start, start + len(chunk))
        start += len(chunk)
        yield chunk


def _iter_text_files(files: list[Path], root: Path, chunk_size: int) -> Iterator[pd.DataFrame]:
    for a in range(0, len(files), chunk_size):
        batch = files[a : a + chunk_size]
        yield pd.DataFrame(
            {
                FILE_ID_COLUMN: [p.relative_to(root).as_posix() for p in batch],
                "text": [_read_text(p) for p in batch],
            }
        )


def _iter_table(path: Path, suffix: str, columns: list[str], size: int) -> Iterator[pd.DataFrame]:
    if suffix == ".csv":
        # Read ids and texts as written (no type guessing), so chunks agree with each other.
        with pd.read_csv(path, usecols=columns, chunksize=size, dtype=str) as reader:
            yield from reader
    elif suffix in (".jsonl", ".ndjson"):
        with pd.read_json(path, lines=True, chunksize=size, dtype=False) as reader:
            yield from reader
    else:
        _, pq = _require_pyarrow("reading .parquet")
        for batch in pq.ParquetFile(path).iter_batches(batch_size=size, columns=columns):
            yield batch.to_pandas()


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a whole ``.csv``, ``.jsonl`` or ``.parquet`` table (for training data).

    Parameters
    ----------
    path : str or Path
        The table file.

    Returns
    -------
    DataFrame
        The table.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the format is unknown.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    suffix = _suffix(path)
    if suffix == ".csv":
        return pd.read_csv(path)
    if suffix in (".jsonl", ".ndjson"):
        return pd.read_json(path, lines=True, dtype=False)
    if suffix == ".parquet":
        _require_pyarrow("reading .parquet")
        return pd.read_parquet(path)
    raise ValueError(
        f"{path.name}: unknown table format {suffix or '(no extension)'!r}; use "
        f"{', '.join(TABLE_SUFFIXES)}"
    )


class AtomicTableWriter:
    """Write DataFrame chunks to one ``.csv``/``.jsonl``/``.parquet`` file, all or nothing.

    Chunks go to a hidden temporary file next to the target; leaving the ``with`` block
    normally renames it to the target (:func:`os.replace`), leaving it by an exception
    (including ``KeyboardInterrupt``) deletes it, so the target is never half-written.

    Parameters
    ----------
    path : str or Path
        The output file; its extension picks the format.

    Raises
    ------
    ValueError
        If the extension is not a supported output format.
    FileNotFoundError
        If the target's folder does not exist.

    Examples
    --------
    >>> with AtomicTableWriter("out.csv") as out:  # doctest: +SKIP
    ...     for chunk in chunks:
    ...         out.write(chunk)
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.format = _suffix(self.path)
        if self.format not in OUTPUT_SUFFIXES:
            raise ValueError(
                f"{self.path.name}: unknown output format {self.format or '(no extension)'!r}; "
                f"use {', '.join(OUTPUT_SUFFIXES)}"
            )
        if not self.path.parent.is_dir():
            raise FileNotFoundError(f"output folder does not exist: {self.path.parent}")
        if self.format == ".parquet":
            _require_pyarrow("writing .parquet")
        self.n_rows = 0
        self._tmp: Path | None = None
        self._fh: Any = None
        self._parquet: Any = None
        self._schema: Any = None
        self._columns: list[str] | None = None

    def __enter__(self) -> AtomicTableWriter:
        fd, name = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        os.close(fd)
        self._tmp = Path(name)
        # mkstemp makes the file private (0600); give it the permissions a new file would get
        umask = os.umask(0)
        os.umask(umask)
        self._tmp.chmod(0o666 & ~umask)
        if self.format != ".parquet":
            self._fh = self._tmp.open("w", encoding="utf-8", newline="")
        return self

    def write(self, chunk: pd.DataFrame) -> None:
        """Append one chunk; every chunk must have the columns of the first.

        Parameters
        ----------
        chunk : DataFrame
            Rows to append (the index is not written).

        Raises
        ------
        ValueError
            If the columns differ from the first chunk's, or (parquet) a column's type
            changed between chunks.
        """
        if self._tmp is None:
            raise RuntimeError("use AtomicTableWriter in a with block")
        if self._columns is None:
            self._columns = list(chunk.columns)
        elif list(chunk.columns) != self._columns:
            raise ValueError(f"chunk columns {list(chunk.columns)} differ from {self._columns}")
        if self.format == ".csv":
            chunk.to_csv(self._fh, header=self._fh.tell() == 0, index=False)
        elif self.format == ".jsonl":
            if len(chunk):
                text = chunk.to_json(orient="records", lines=True, date_format="iso")
                self._fh.write(text if text.endswith("\n") else text + "\n")
        else:
            self._write_parquet(chunk)
        self.n_rows += len(chunk)

    def _write_parquet(self, chunk: pd.DataFrame) -> None:
        pa, pq = _require_pyarrow("writing .parquet")
        if self._parquet is None:
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            # A column that is all-null in the first chunk has no type yet: make it text.
            fields = [
                pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f
                for f in table.schema
            ]
            self._schema = pa.schema(fields)
            table = table.cast(self._schema)
            self._parquet = pq.ParquetWriter(self._tmp, self._schema)
        else:
            try:
                table = pa.Table.from_pandas(chunk, schema=self._schema, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                raise ValueError(
                    f"a column changed type between chunks ({exc}); write .csv or .jsonl "
                    "instead, or clean the input column"
                ) from exc
        self._parquet.write_table(table)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        committed = False
        try:
            if self._fh is not None:
                self._fh.close()
            if self._parquet is not None:
                self._parquet.close()
            if exc_type is None:
                if self.format == ".parquet" and self._parquet is None:
                    raise ValueError("nothing to write: a .parquet file needs at least one chunk")
                os.replace(self._tmp, self.path)
                committed = True
                logger.info("wrote %d rows to %s", self.n_rows, self.path)
        finally:
            if not committed and self._tmp is not None:
                self._tmp.unlink(missing_ok=True)
