"""The README's ```python blocks run, in order, in one namespace, in a temporary folder.

A block whose fence reads ```python no-run is shown but not run. A README without any
runnable python block fails: the tour must stay tested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
# ```python [options]\n ... \n```   (the fence must start a line)
_FENCE = re.compile(r"^```python[ \t]*(?P<options>[^\n]*)\n(?P<code>.*?)^```[ \t]*$", re.M | re.S)


def python_blocks(text: str) -> list[tuple[int, str, bool]]:
    """Return (line number, code, runnable) for each ```python block."""
    blocks = []
    for match in _FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 2  # first line of code
        runnable = "no-run" not in match.group("options").split()
        blocks.append((line, match.group("code"), runnable))
    return blocks


def test_block_parser():
    text = "intro\n```python\nx = 1\n```\n\n```python no-run\nboom()\n```\n```bash\nls\n```\n"
    assert python_blocks(text) == [(3, "x = 1\n", True), (7, "boom()\n", False)]


def test_readme_has_runnable_python_blocks():
    assert README.is_file(), "README.md is missing"
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert any(runnable for _, _, runnable in blocks), "README.md has no runnable python blocks"


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    if not README.is_file():
        pytest.fail("README.md is missing")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for line, code, runnable in python_blocks(README.read_text(encoding="utf-8")):
        if not runnable:
            continue
        # the file name in tracebacks says where the failing block is
        exec(compile(code, f"README.md, block at line {line}", "exec"), namespace)
    plt = namespace.get("plt")
    if plt is not None:
        plt.close("all")
