"""The engine reads by grep: promises about how its source is laid out, checked by reading it.

- Every Tensor method that is a PyTorch function (`x.exp()`, `x.sum(dim=0)`) is a `def` in
  class Tensor (or a named alias of one, `clip = clamp`), so `grep "def exp"` finds it, and it
  shows PyTorch's parameters to help() and inspect.signature.
- Imports sit at the top of each engine module. The one exception, the engine's import cycle,
  waits at the end of tensor.py; ops/__init__.py loads its sections after the helpers they use.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import autograd_core as torch
from autograd_core import ops

ENGINE = Path(torch.__file__).parent
functions = importlib.import_module("autograd_core.torch_functions")
tensor_module = importlib.import_module("autograd_core.tensor")


def class_body(path: Path, name: str) -> list[ast.stmt]:
    tree = ast.parse(path.read_text())
    return next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name).body


def written_methods(body: list[ast.stmt]) -> set[str]:
    """Names a class body defines with def, or binds to such a def (`clip = clamp`)."""
    defs = {n.name for n in body if isinstance(n, ast.FunctionDef)}
    aliases = {
        t.id
        for n in body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id in defs
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    return defs | aliases


def test_the_method_rule_finds_what_it_looks_for(tmp_path):
    source = tmp_path / "t.py"
    source.write_text(
        "class T:\n"
        "    def exp(self): ...\n"
        "    clip = clamp = exp\n"
        "    sum = _router('sum')\n"
        "setattr(T, 'mean', None)\n"
    )
    assert written_methods(class_body(source, "T")) == {"exp", "clip", "clamp"}


def test_every_method_that_is_a_torch_function_is_written_out_in_class_tensor():
    public = {
        name
        for name, value in vars(functions).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or isinstance(value, ops.Primitive))
    }
    on_tensor = {name for name in public if callable(getattr(torch.Tensor, name, None))}
    assert {"exp", "sum", "view", "reshape", "matmul", "clamp", "max", "softmax"} <= on_tensor
    written = written_methods(class_body(ENGINE / "tensor.py", "Tensor"))
    assert sorted(on_tensor - written) == []
    for name in ("where", "view_as", "reshape_as", "expand_as"):
        assert name in written


def made_methods(body: list[ast.stmt]) -> list[str]:
    """Class-body names bound to what a call returns (`__mod__ = _binary("remainder")`): a
    method made by a factory, which `grep "def __mod__"` would not find."""
    return [
        t.id
        for n in body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
        for t in n.targets
        if isinstance(t, ast.Name)
    ]


def attached_with_setattr(tree: ast.AST) -> list[int]:
    """Lines that call setattr(Tensor, ...) / setattr(torch.Tensor, ...)."""
    return [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "setattr"
        and n.args
        and ast.unparse(n.args[0]).split(".")[-1] == "Tensor"
    ]


def test_the_factory_rules_find_what_they_look_for(tmp_path):
    source = tmp_path / "t.py"
    source.write_text(
        "class Tensor:\n"
        "    def add_(self, other): ...\n"
        "    __mod__ = _binary('remainder')\n"
        "    sub_ = mul_ = _inplace_binary('sub')\n"
        "    clip = add_\n"
        "for name in ('exp', 'log'):\n"
        "    setattr(Tensor, name, _unary(name))\n"
        "setattr(torch.Tensor, 'sin', None)\n"
    )
    assert made_methods(class_body(source, "Tensor")) == ["__mod__", "sub_", "mul_"]
    assert sorted(attached_with_setattr(ast.parse(source.read_text()))) == [7, 8]


def test_no_tensor_method_is_made_by_a_factory_or_attached_later():
    """Operators (`__add__`, `__eq__`, `__matmul__`...) and in-place updates (`add_`, `mul_`)
    are written with def like every other method: nothing in class Tensor is bound to a call's
    result, nothing is attached with setattr, and every function on the class was defined in
    its body (a factory-made function's __qualname__ would be `_binary.<locals>.method`)."""
    assert made_methods(class_body(ENGINE / "tensor.py", "Tensor")) == []
    for path in engine_files():
        where = path.relative_to(ENGINE).as_posix()
        assert attached_with_setattr(ast.parse(path.read_text())) == [], where
    not_in_body = {
        name: fn.__qualname__
        for name, value in vars(torch.Tensor).items()
        if inspect.isfunction(fn := inspect.unwrap(value))
        and not fn.__qualname__.startswith("Tensor.")
    }
    assert not_in_body == {}
    written = written_methods(class_body(ENGINE / "tensor.py", "Tensor"))
    operators = {
        "__add__",
        "__radd__",
        "__mod__",
        "__rmod__",
        "__matmul__",
        "__rmatmul__",
        "__eq__",
        "__ne__",
        "__lt__",
        "__ge__",
        "__and__",
        "__rxor__",
        "__floordiv__",
    }
    in_place = {"add_", "sub_", "mul_", "div_", "pow_", "__iadd__", "__ipow__"}
    assert operators | in_place <= written


def test_methods_show_pytorchs_parameters():
    def parameters(method):
        return [
            ("*" if p.kind is p.VAR_POSITIONAL else "") + p.name
            for p in inspect.signature(method).parameters.values()
        ]

    assert parameters(torch.Tensor.sum) == ["self", "dim", "keepdim", "dtype"]
    assert parameters(torch.Tensor.view) == ["self", "*shape"]
    assert parameters(torch.Tensor.clamp) == ["self", "min", "max"]
    assert parameters(torch.Tensor.transpose) == ["self", "dim0", "dim1"]
    assert parameters(torch.Tensor.exp) == ["self"]
    assert torch.Tensor.sum.__doc__.startswith("The sum of all elements")


def test_a_method_and_its_function_give_the_same_result_and_graph():
    x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], requires_grad=True)
    cases = [
        (lambda: x.sum(dim=1, keepdim=True), lambda: torch.sum(x, dim=1, keepdim=True)),
        (lambda: x.view(3, 2), lambda: x.view((3, 2))),
        (lambda: x.reshape_as(x.t()), lambda: torch.reshape(x, (3, 2))),
        (lambda: x.clamp(max=1.0), lambda: torch.clamp(x, max=1.0)),
        (lambda: x.where(x > 0, 0.0), lambda: torch.where(x > 0, x, 0.0)),
        (lambda: x.max(dim=0).values, lambda: torch.max(x, 0).values),
        (lambda: x.std(1, correction=0), lambda: torch.std(x, dim=1, correction=0)),
        (lambda: x.round(decimals=1), lambda: torch.round(x, decimals=1)),
    ]
    for method, function in cases:
        a, b = method(), function()
        assert a.shape == b.shape
        assert a.tolist() == b.tolist()
        assert type(a.grad_fn).__name__ == type(b.grad_fn).__name__


def statements_inside_functions(tree: ast.AST) -> list[ast.stmt]:
    inner = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            inner += [n for n in ast.walk(fn) if isinstance(n, ast.Import | ast.ImportFrom)]
    return inner


def late_module_imports(tree: ast.Module) -> list[ast.stmt]:
    """Module-level imports that come after the module's first other statement."""
    body = tree.body
    first_code = next(
        (
            i
            for i, n in enumerate(body)
            if not isinstance(n, ast.Import | ast.ImportFrom | ast.If)
            and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
        ),
        len(body),
    )
    return [n for n in body[first_code:] if isinstance(n, ast.Import | ast.ImportFrom)]


def engine_files() -> list[Path]:
    return sorted(
        p for p in ENGINE.rglob("*.py") if "playground" not in p.relative_to(ENGINE).parts
    )


def test_the_import_rules_find_what_they_look_for():
    tree = ast.parse("import os\nx = 1\ndef f():\n    from . import y\nfrom . import z  # late\n")
    assert [n.lineno for n in statements_inside_functions(tree)] == [4]
    assert [n.lineno for n in late_module_imports(tree)] == [5]


def test_engine_modules_import_at_their_top_except_where_the_cycle_waits():
    inside, late = [], []
    for path in engine_files():
        tree = ast.parse(path.read_text())
        where = path.relative_to(ENGINE).as_posix()
        inside += [f"{where}:{n.lineno}" for n in statements_inside_functions(tree)]
        late += [f"{where}:{n.lineno}" for n in late_module_imports(tree)]
    assert len(engine_files()) > 40  # the scan covers the engine
    assert inside == [], inside
    assert {i.split(":")[0] for i in late} == {"tensor.py", "ops/__init__.py"}, late
    cycle_comment = (ENGINE / "tensor.py").read_text().split("# --- The engine's one import cycle")
    assert len(cycle_comment) == 2
    tensor_late = [i for i in late if i.startswith("tensor.py")]
    first_late_line = int(tensor_late[0].split(":")[1])
    assert cycle_comment[0].count("\n") < first_late_line  # every late import is below it
