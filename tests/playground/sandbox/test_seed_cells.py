"""Every code cell of the seed tutorials, run through run_snippet, one test per cell.

The seeds (../shared/seeds/ next to the repository) are the reference corpus: the code learners
paste. Cells are cut out of the tutorial text itself (notebook "In [n]:" cells, or ```python
fences), so the test runs exactly what the tutorial shows. Each notebook's cells run in order,
each starting from the variables the previous ones left (run_snippet's `namespace=`), and:

- Shown(text): prints exactly what the tutorial shows under the cell (for a cell ending in a bare
  expression, print output followed by the notebook's display of that value);
- Torch(text): the tutorial shows nothing (or something PyTorch no longer prints): the text is
  what PyTorch 2 prints, recorded here and re-checked against a live PyTorch where installed;
- Random(pattern): draws random numbers, so only the shape of the text is fixed;
- Refused(kind, fragment) / Raises(fragment): outside the subset (matplotlib, torch.__version__,
  list comprehensions), or PyTorch itself raises here (the tutorial demonstrates the error);
- Skip(reason): not a program (a diagram, output shown as code, pseudo-code).

A cell whose text cannot be found, or that has no entry in EXPECT, fails the test.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograd_core.playground.sandbox import SnippetError, run_snippet
from tests.paths import SEEDS as SEEDS_DIR

# The expectations are data, kept in their own module.
from tests.playground.sandbox.seed_cells_expected import (
    EXPECT,
    PREAMBLE,
    RUNS,
    Random,
    Refused,
    Shown,
    Skip,
    Torch,
)

SEEDS = SEEDS_DIR if SEEDS_DIR.is_dir() else None
TORCH_PYTHON = Path(os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python"))


# --- cutting cells out of the tutorials ---------------------------------------------------------


def notebook_cells(text: str) -> list[tuple[str, str]]:
    """(label, text after the "In [n]:" line up to the next one); "In [None]" cells numbered."""
    parts = re.split(r"^(In \[[^\]]*\]):[ \t]*\n", text, flags=re.M)
    cells, seen = [], {}
    for label, body in zip(parts[1::2], parts[2::2]):
        seen[label] = seen.get(label, 0) + 1
        cells.append((f"{label} #{seen[label]}" if label == "In [None]" else label, body))
    return cells


def fence_cells(text: str) -> list[tuple[str, str]]:
    """(label, content) of every ``` fence (indented ones too), numbered in order."""
    pattern = r"^([ \t]*)```(\w*)[ \t]*\n(.*?)^\1```"
    return [
        (f"fence {i}", textwrap.dedent(m.group(3)))
        for i, m in enumerate(re.finditer(pattern, text, flags=re.M | re.S))
    ]


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return False
    return True


def cell_code(body: str, expectation: object) -> str:
    """The code of a notebook cell: up to the output it shows, else the longest run of lines
    that is valid Python (the markdown after a cell is not)."""
    if isinstance(expectation, Shown) and expectation.text:
        end = body.find("\n\n" + expectation.text.split("\n")[0])
        assert end >= 0, f"the shown output {expectation.text!r} is not under the cell"
        return body[:end].rstrip() + "\n"
    lines = body.split("\n")
    best = ""
    for n in range(1, len(lines) + 1):
        candidate = "\n".join(lines[:n])
        if _parses(candidate):
            best = candidate
    return best.rstrip() + "\n"


def load_cells() -> list[tuple[str, str, str, object]]:
    """(notebook, label, code, expectation) for every cell of every seed, in order."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        is_notebook = re.search(r"^In \[", text, flags=re.M) is not None
        for label, body in notebook_cells(text) if is_notebook else fence_cells(text):
            expectation = EXPECT.get((path.stem, label))
            code = cell_code(body, expectation) if is_notebook else body
            notebook = path.stem
            if isinstance(expectation, tuple):  # (section, expectation): fences of one section
                notebook = f"{path.stem}/{expectation[0]}"
                expectation = expectation[1]
            out.append((notebook, label, code, expectation))
    return out


CELLS = load_cells() if SEEDS is not None else []
IDS = [f"{nb}:{label}" for nb, label, _, _ in CELLS]


def context_for(index: int) -> dict:
    """The namespace the cells before CELLS[index] (same notebook) leave behind."""
    notebook = CELLS[index][0]
    namespace = run_snippet(PREAMBLE.get(notebook, "")).namespace if notebook in PREAMBLE else {}
    for nb, _label, code, expectation in CELLS[:index]:
        if nb == notebook and isinstance(expectation, RUNS):
            namespace = run_snippet(code, namespace=namespace).namespace
    return namespace


def shown_text(code: str, namespace: dict) -> str:
    result = run_snippet(code, namespace=namespace)
    return result.output + (result.display + "\n" if result.display is not None else "")


# --- the tests ----------------------------------------------------------------------------------


@pytest.mark.skipif(SEEDS is None, reason="the seed tutorials (../shared/seeds) are not here")
@pytest.mark.parametrize("index", range(len(CELLS)), ids=IDS)
def test_seed_cell(index: int) -> None:
    notebook, label, code, expectation = CELLS[index]
    assert expectation is not None, f"no expectation recorded for {notebook} {label}:\n{code}"
    if isinstance(expectation, Skip):
        pytest.skip(expectation.reason)
    namespace = context_for(index)
    if isinstance(expectation, Shown | Torch):
        assert shown_text(code, namespace) == expectation.text
    elif isinstance(expectation, Random):
        assert re.fullmatch(expectation.pattern, shown_text(code, namespace)), code
    else:
        with pytest.raises(SnippetError) as info:
            run_snippet(code, namespace=namespace)
        error = info.value
        if isinstance(expectation, Refused):
            assert error.kind == expectation.kind
            assert expectation.fragment in error.message
            assert error.hint and error.line is not None
            assert error.output == ""  # refused before anything ran
        else:
            assert error.kind == "runtime"
            assert expectation.fragment in error.message


def test_every_seed_has_cells() -> None:
    if SEEDS is None:
        pytest.skip("the seed tutorials (../shared/seeds) are not here")
    notebooks = {nb.split("/")[0] for nb, *_ in CELLS}
    assert len(notebooks) == 5
    assert len(CELLS) >= 100
    unknown = {key for key in EXPECT if key not in {(nb.split("/")[0], lb) for nb, lb, *_ in CELLS}}
    assert not unknown, f"expectations for cells that do not exist: {sorted(unknown)}"


def _torch_outputs(cells: list[str]) -> list[str]:
    """What real PyTorch prints for each of `cells`, run one after another in one namespace,
    notebook-style (a final bare expression is displayed), in a single process."""
    driver = (
        "import ast, code, contextlib, io, json, sys\n"
        "cells = json.load(sys.stdin)\n"
        "shell = code.InteractiveInterpreter()\n"
        "outputs = []\n"
        "for cell in cells:\n"
        "    body = ast.parse(cell).body\n"
        "    lines = cell.splitlines(keepends=True)\n"
        "    last = body[-1] if body and isinstance(body[-1], ast.Expr) else None\n"
        "    head = ''.join(lines[: last.lineno - 1]) if last else cell\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        shell.runsource(head, symbol='exec')\n"
        "        if last:\n"
        "            shell.runsource(''.join(lines[last.lineno - 1 :]), symbol='single')\n"
        "    outputs.append(out.getvalue())\n"
        "print(json.dumps(outputs))\n"
    )
    done = subprocess.run(
        [str(TORCH_PYTHON), "-c", driver],
        input=json.dumps(cells),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(done.stdout)


@pytest.mark.torch
@pytest.mark.skipif(SEEDS is None, reason="the seed tutorials (../shared/seeds) are not here")
@pytest.mark.skipif(not TORCH_PYTHON.exists(), reason="no PyTorch install to compare with")
def test_recorded_outputs_are_what_pytorch_prints() -> None:
    """Every Torch(text) expectation is what real PyTorch prints for that cell in context."""
    checked = 0
    for notebook in dict.fromkeys(nb for nb, *_ in CELLS):
        runs = [(label, code, e) for nb, label, code, e in CELLS if nb == notebook]
        runs = [r for r in runs if isinstance(r[2], RUNS)]
        preamble = [PREAMBLE[notebook]] if notebook in PREAMBLE else []
        outputs = _torch_outputs(preamble + [code for _, code, _ in runs])[len(preamble) :]
        for (label, _, expectation), printed in zip(runs, outputs):
            if isinstance(expectation, Torch):
                assert printed == expectation.text, f"{notebook} {label}"
                checked += 1
    assert checked >= 40


if __name__ == "__main__":  # print the cells, to write or update EXPECT
    for nb, label, code, expectation in CELLS:
        print(f"--- {nb} {label} -> {expectation!r}\n{code}")
    sys.exit(0)
