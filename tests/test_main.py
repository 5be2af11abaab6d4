"""Tests for ``python -m stance`` (stance/__main__.py): the same command as the script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import stance
from stance import extract_quotes
from stance.cli import main

# Written for this test: two attributed statements from two speakers.
ARTICLE = (
    "Border talks stall for a second day\n\n"
    '"Our units will answer any further incursion with force," the defence minister of '
    "Freedonia said on Tuesday.\n\n"
    "A spokesperson for the neighbouring government said the two sides "
    '"remain ready to meet again next week."\n'
)


def _python_m(*argv, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, "-m", "stance", *map(str, argv)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


def test_version(tmp_path):
    # run from an unrelated folder: the installed package is found, not a file in the cwd
    result = _python_m("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"stance {stance.__version__}"
    assert result.stderr == ""


def test_score_prints_what_main_prints(tmp_path, capsys):
    article = tmp_path / "talks.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    n_quotes = len(extract_quotes(ARTICLE))
    assert n_quotes >= 1
    result = _python_m("score", article)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["speaker", "actor", "label", "confidence", "quote"]
    assert len(lines) == 1 + n_quotes
    assert f"1 articles, {n_quotes} statements" in result.stderr
    # byte for byte what the console script's entry point prints in this process
    assert main(["score", str(article)]) == 0
    out, err = capsys.readouterr()
    assert result.stdout == out
    assert result.stderr == err


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "{tmp}/missing.txt"],  # a user mistake: exit 2, one line
        ["frobnicate"],  # argparse: usage and exit 2
    ],
)
def test_errors_match_the_console_script(tmp_path, argv):
    argv = [a.format(tmp=tmp_path) for a in argv]
    result = _python_m(*argv)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(("stance: error:", "usage: stance"))
    script = Path(sys.executable).with_name("stance")
    if not script.exists():
        script = shutil.which("stance")
    if script is None:
        pytest.skip("the stance console script is not installed next to this Python")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    from_script = subprocess.run(
        [str(script), *argv], capture_output=True, text=True, env=env, timeout=120
    )
    assert (from_script.returncode, from_script.stdout, from_script.stderr) == (
        result.returncode,
        result.stdout,
        result.stderr,
    )
