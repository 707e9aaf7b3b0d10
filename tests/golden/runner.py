"""Run a small program against a torch-like module and capture what a learner would see:
everything printed, warnings, and the error it stopped with (PyTorch's message)."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from types import ModuleType

_ADDRESS = re.compile(r"0x[0-9a-f]+")
_TRIGGERED = re.compile(r" \(Triggered internally at [^)]*\.\)")


def normalise(text: str) -> str:
    """Object addresses differ between runs; PyTorch's C++ source locations are noise."""
    return _TRIGGERED.sub("", _ADDRESS.sub("0x…", text))


@contextlib.contextmanager
def imported_as_torch(module: ModuleType):
    """While a program runs, `import torch`, `import torch.nn as nn`, `from torch.utils.data
    import DataLoader` ... give `module` and its submodules (real torch needs nothing)."""
    import sys

    prefix = module.__name__
    if prefix == "torch":
        yield
        return
    saved = {k: v for k, v in sys.modules.items() if k == "torch" or k.startswith("torch.")}
    for name in saved:
        del sys.modules[name]
    for name, mod in list(sys.modules.items()):
        if name == prefix or name.startswith(prefix + "."):
            sys.modules["torch" + name[len(prefix) :]] = mod
    try:
        yield
    finally:
        for name in [k for k in sys.modules if k == "torch" or k.startswith("torch.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def run_program(source: str, torch: ModuleType) -> str:
    buffer = io.StringIO()
    namespace = {"torch": torch, "__name__": "__program__"}
    with (
        warnings.catch_warnings(record=True) as caught,
        contextlib.redirect_stdout(buffer),
        imported_as_torch(torch),
    ):
        warnings.simplefilter("always")
        try:
            exec(source, namespace)  # a fixed test program, never user input
        except Exception as e:
            print(f"{type(e).__name__}: {e}")
    shown = [
        f"{w.category.__name__}: {w.message}" for w in caught if issubclass(w.category, UserWarning)
    ]
    return normalise(buffer.getvalue() + "".join(f"[warning] {s}\n" for s in shown))


def _run_cell(code: str, namespace: dict) -> None:
    """Run one notebook cell: like Jupyter, show the value of a final bare expression."""
    import ast

    tree = ast.parse(code)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body.pop()
    exec(compile(tree, "<cell>", "exec"), namespace)  # fixed tutorial code, never user input
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        if value is not None:
            print(repr(value))


def run_notebooks(cells: list, torch: ModuleType) -> dict[str, str]:
    """Run every cell, each notebook in its own namespace and in order, with `import torch`
    resolving to the given module. Returns what each cell printed, keyed by notebook/ref."""
    import sys

    import matplotlib

    matplotlib.use("Agg")  # plt.show() draws nothing, as in a headless notebook run
    saved = sys.modules.get("torch")
    sys.modules["torch"] = torch
    outputs: dict[str, str] = {}
    namespaces: dict[str, dict] = {}
    try:
        for cell in cells:
            namespace = namespaces.setdefault(cell.notebook, {"__name__": "__notebook__"})
            buffer = io.StringIO()
            with warnings.catch_warnings(record=True), contextlib.redirect_stdout(buffer):
                warnings.simplefilter("ignore")
                try:
                    _run_cell(cell.code, namespace)
                except Exception as e:
                    print(f"{type(e).__name__}: {e}")
            outputs[f"{cell.notebook}::{cell.ref}"] = normalise(buffer.getvalue())
    finally:
        if saved is not None:
            sys.modules["torch"] = saved
        else:
            sys.modules.pop("torch", None)
        import matplotlib.pyplot as plt

        plt.close("all")
    return outputs
