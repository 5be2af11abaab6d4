"""The notebooks in notebooks/ are committed executed, and still run without error.

Each notebook is re-executed from a temporary copy (so the committed outputs are not touched)
with nbclient; any cell error fails the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = ["01_quickstart.ipynb", "02_batch_scoring.ipynb", "03_retraining.ipynb"]
CELL_TIMEOUT = 300  # seconds; each notebook takes seconds to tens of seconds in all


def test_the_three_notebooks_are_there():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_committed_notebook_is_executed_without_errors(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{name} has no code cells"
    counts = [cell.execution_count for cell in code]
    assert None not in counts, f"{name}: some cells were not executed; run the notebook"
    assert counts == sorted(counts), f"{name}: cells were executed out of order"
    assert any(cell.outputs for cell in code), f"{name} is committed without outputs"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", f"{name}: committed with an error output"
            assert not (output.output_type == "stream" and "Traceback" in output.text)


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs(name, tmp_path):
    copy = tmp_path / name
    shutil.copy(NOTEBOOKS / name, copy)
    nb = nbformat.read(copy, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
