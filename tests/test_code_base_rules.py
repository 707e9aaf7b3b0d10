"""Promises about the code base as a whole, checked by reading it.

- No code outside tests calls eval, exec or compile: text typed into the public page can only
  ever reach the snippet interpreter, which walks the parsed tree itself.
- The layers: the engine (`autograd_core` outside `playground/`) imports nothing of the
  playground, Streamlit or plotly, and imports with both blocked, so notebooks can use it alone;
  the playground never imports Streamlit; app.py, pages/ and ui/ hold no maths (no NumPy, no
  engine internals). Each page's name runs through pages/, ui/, playground/ and figures/.
"""

from __future__ import annotations

import ast
import re
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


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved to absolute names."""
    package = list(path.relative_to(ROOT).with_suffix("").parts)
    package = package[:-1]  # the package a module (or an __init__) sits in
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            # `from autograd_core import playground` imports a module too
            found |= {f"{module}.{a.name}" for a in node.names}
    return found


def layer(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    if parts[0] == "autograd_core":
        return "playground" if parts[1] == "playground" else "engine"
    if parts[0] in {"pages", "ui"} or parts == ("app.py",):
        return "app"
    return "other"


def starts(module: str, prefixes: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


# What each layer may not import. The engine is what `import autograd_core as torch` means: it
# knows nothing of the playground or of drawing. The playground is everything the pages need that
# is not Streamlit. The app layer (app.py, pages/, ui/) draws what the playground computed: no
# maths, so no NumPy and no engine internals, only `autograd_core.playground`.
FORBIDDEN = {
    "engine": {"autograd_core.playground", "streamlit", "plotly", "networkx", "pandas"},
    "playground": {"streamlit"},
    "app": {"numpy"},
}


def layer_violations(path: Path) -> list[str]:
    where = layer(path)
    bad = [m for m in imported_modules(path) if starts(m, FORBIDDEN.get(where, set()))]
    if where == "app":
        bad += [
            m
            for m in imported_modules(path)
            if starts(m, {"autograd_core"}) and not starts(m, {"autograd_core.playground"})
        ]
    return sorted(bad)


def test_the_layer_rule_finds_what_it_looks_for(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    engine = tmp_path / "autograd_core" / "ops" / "x.py"
    engine.parent.mkdir(parents=True)
    engine.write_text("from ..playground.graph import model\nimport plotly.graph_objects\n")
    page = tmp_path / "pages" / "p.py"
    page.parent.mkdir()
    page.write_text("import numpy as np\nfrom autograd_core.tensor import Tensor\n")
    assert layer_violations(engine) == [
        "autograd_core.playground.graph",
        "autograd_core.playground.graph.model",
        "plotly.graph_objects",
    ]
    assert layer_violations(page) == [
        "autograd_core.tensor",
        "autograd_core.tensor.Tensor",
        "numpy",
    ]


def test_each_layer_imports_only_what_it_may():
    files = project_files()
    assert {layer(p) for p in files} >= {"engine", "playground", "app"}
    offenders = {str(p.relative_to(ROOT)): v for p in files if (v := layer_violations(p))}
    assert offenders == {}


PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_a_page_name_runs_through_every_layer(page):
    """pages/x.py reads widgets from ui/x, computes with playground/x and draws figures/x."""

    def exists(folder: Path) -> bool:
        return (folder / f"{page}.py").is_file() or (folder / page / "__init__.py").is_file()

    playground = ROOT / "autograd_core" / "playground"
    assert exists(ROOT / "ui"), f"ui/{page}"
    assert exists(playground), f"autograd_core/playground/{page}"
    assert exists(playground / "figures"), f"autograd_core/playground/figures/{page}"
    imports = imported_modules(ROOT / "pages" / f"{page}.py")
    assert any(starts(m, {f"ui.{page}"}) for m in imports), "the page reads its own ui module"


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
        "autograd_core.playground.sandbox",
        "autograd_core.playground.graph",
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


# Emoji need an emoji font, which many machines lack: there they draw as empty boxes. Icons are
# Material icons (":material/name:", bundled with Streamlit) or drawn; plain symbols such as
# ✓ ✗ → ∂ are in every text font and stay allowed.
EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U00002600-\U000026ff\U00002700-\U000027bf\ufe0f]"
    "|[\u2705\u274c\u26a0\u23f3\u231b]"
)
_TEXT_SYMBOLS = set("✓✗✔✕❚")


def emoji_in(text: str) -> list[str]:
    return [c for c in EMOJI.findall(text) if c not in _TEXT_SYMBOLS]


def test_the_emoji_rule_finds_what_it_looks_for():
    assert emoji_in('st.success("ok", icon="✅")  st.info("x", icon="🔎") "✏️ mine"') == [
        "✅",
        "🔎",
        "✏",
        "\ufe0f",
    ]
    assert emoji_in('icon=":material/check_circle:"  "✓ yes" "❚❚ Pause" "∂"') == []


def test_no_emoji_on_any_page():
    app_files = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py")]
    app_files += list((ROOT / "autograd_core" / "playground").rglob("*.py"))
    offenders = {
        str(p.relative_to(ROOT)): found for p in app_files if (found := emoji_in(p.read_text()))
    }
    assert offenders == {}
