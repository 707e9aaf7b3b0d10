"""Promises about the code base as a whole, checked by reading it.

- No code outside tests calls eval, exec or compile: text typed into the public page can only
  ever reach the snippet interpreter, which walks the parsed tree itself.
- The engine never needs Streamlit or plotly: `autograd_core` (everything but `viz/`) imports
  with both blocked, so notebooks and tests can use it without them.
- Streamlit is imported only by app.py, pages/ and the ui/ helper package.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}


def project_files() -> list[Path]:
    skip = {"tests", ".venv", "venv", "build", ".git"}
    return sorted(p for p in ROOT.rglob("*.py") if not (set(p.relative_to(ROOT).parts) & skip))


def calls_named(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names and not (
                # re.compile and the like are not code execution
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in {"re", "regex"}
            ):
                found.append((node.lineno, name))
    return found


def test_the_rule_finds_what_it_looks_for():
    tree = ast.parse("eval('1')\nbuiltins.exec(x)\ncompile(s, 'f', 'exec')\nre.compile('a')")
    assert [name for _, name in calls_named(tree, FORBIDDEN_CALLS)] == ["eval", "exec", "compile"]


def test_no_eval_exec_or_compile_anywhere_user_text_could_reach():
    files = project_files()
    assert any(p.name == "interpreter.py" for p in files)  # the scan covers the interpreter
    offenders = [
        f"{p.relative_to(ROOT)}:{line}: {name}()"
        for p in files
        for line, name in calls_named(ast.parse(p.read_text(), str(p)), FORBIDDEN_CALLS)
    ]
    assert offenders == []


def test_streamlit_is_imported_only_by_the_app_layer():
    offenders = []
    for p in project_files():
        rel = p.relative_to(ROOT)
        if rel.parts[0] in {"pages", "ui"} or rel.name == "app.py" or rel.parts[0] == "benchmarks":
            continue
        for node in ast.walk(ast.parse(p.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(rel))
    assert offenders == []


BLOCKER = textwrap.dedent(
    """
    import importlib.abc, sys

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in {"streamlit", "plotly"}:
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Block())
    """
)


@pytest.mark.parametrize(
    "module",
    [
        "autograd_core",
        "autograd_core.lang",
        "autograd_core.graph",
        "autograd_core.nn",
        "autograd_core.optim",
        "autograd_core.autograd.functional",
    ],
)
def test_engine_imports_without_streamlit_or_plotly(module):
    code = BLOCKER + textwrap.dedent(
        f"""
        import {module}
        import autograd_core as torch
        x = torch.tensor(2.0, requires_grad=True)
        (x ** 2).backward()
        assert x.grad.item() == 4.0
        assert not any(m.split(".")[0] in {{"streamlit", "plotly"}} for m in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
