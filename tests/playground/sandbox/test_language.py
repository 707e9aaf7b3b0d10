"""autograd_core.playground.sandbox: what run_snippet gives back, and how it fails.

Behaviour a page (or a learner) notices: the printed text is PyTorch's (a corpus of snippets is
compared with recorded PyTorch output, and with a live PyTorch where one is installed), results
carry the variables, tensors with their names and source spans, backward traces and warnings;
errors carry the line, PyTorch's or Python's words, and a hint; runs are isolated from each
other and from the calling thread, also when they run concurrently.
"""

from __future__ import annotations

import ast
import os
import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pytest

import autograd_core
from autograd_core import grad_mode, printing
from autograd_core.playground.sandbox import (
    DEFAULT_LIMITS,
    Limits,
    SnippetError,
    SnippetResult,
    Span,
    explain,
    run_snippet,
    span_text,
)
from autograd_core.playground.sandbox.errors import GENERIC_HINT, specific_hint

TORCH_PYTHON = Path(os.environ.get("TORCH_PYTHON", "/work/torchenv/bin/python"))

CORPUS = {
    "s01": (
        """\
import torch
a, b = 3, 4.5
a += 2
b *= 2
x, (y, z) = 1, (2, 3)
print(a, b, x, y, z, sep=" | ", end="!\\n")
print(1 < 2 < 3, 3 > 2 > 5, 1 == 1.0, "a" in "abc", 2 not in [1, 3], None is None)
print(True and 0, 0 or "x", not [], 5 if a > 4 else 6)
s = [1, 2, 3, 4, 5]
print(s[1:4], s[::-1], s[-1], "hello"[1:3], (1, 2, 3)[1:])
d = {"lr": 0.1, "steps": 10}
d["decay"] = 0.5
print(d, d["lr"], d.get("x", 7), list(d.keys()), len(d))
print(f"{3.14159:.2f} {42:>5} {'s':^5}|{7:05d} {1234567:,} {0.25:.1%} {a!r} {a=}")
print(abs(-2), round(2.567, 2), round(2.5), float("1.5"), end=" ")
print(int("42"), bool([]), str(12), repr("q"))
print(min(3, 1, 2), max([4, 9, 2]), end=" ")
print(sum([1, 2, 3]), sum([0.5, 0.25], 1), sorted([3, 1, 2], reverse=True))
print(list(range(2, 10, 3)), tuple("ab"), end=" ")
print(dict(a=1), list(enumerate("ab", 1)), list(zip([1, 2], "xy")))
print(any([0, 1]), all([1, 0]), end=" ")
print(list(reversed([1, 2, 3])), isinstance(3, int), isinstance(2.0, (int, str)))
print("-".join(["a", "b"]), "a,b".split(","), end=" ")
print(" x ".strip(), "ab".upper(), "{}+{}={sum}".format(1, 2, sum=3))
print("%d items at %.3f each, %s" % (3, 0.5, [1, 2]), "%5s|" % "ab")
for i in range(5):
    if i == 1:
        continue
    if i == 3:
        break
    print("i =", i)
else:
    print("not reached")
for i in range(2):
    pass
else:
    print("loop finished")
if a > 100:
    print("big")
elif a > 4:
    print("medium")
else:
    print("small")
assert a == 5, "a should be 5"
if (n := len(s)) > 3:
    print("n is", n)
xs = []
xs.append(1)
xs.extend([2, 3])
xs.insert(0, 0)
print(xs, xs.pop(), xs.index(2), xs.count(1))
del xs[0]
print(xs)
""",
        (
            "5 | 9.0 | 1 | 2 | 3!\n"
            "True False True True True True\n"
            "0 x True 5\n"
            "[2, 3, 4] [5, 4, 3, 2, 1] 5 el (2, 3)\n"
            "{'lr': 0.1, 'steps': 10, 'decay': 0.5} 0.1 7 ['lr', 'steps', 'decay'] 3\n"
            "3.14    42   s  |00007 1,234,567 25.0% 5 a=5\n"
            "2 2.57 2 1.5 42 False 12 'q'\n"
            "1 9 6 1.75 [3, 2, 1]\n"
            "[2, 5, 8] ('a', 'b') {'a': 1} [(1, 'a'), (2, 'b')] [(1, 'x'), (2, 'y')]\n"
            "True False [3, 2, 1] True False\n"
            "a-b ['a', 'b'] x AB 1+2=3\n"
            "3 items at 0.500 each, [1, 2]    ab|\n"
            "i = 0\n"
            "i = 2\n"
            "loop finished\n"
            "medium\n"
            "n is 5\n"
            "[0, 1, 2] 3 2 1\n"
            "[1, 2]\n"
        ),
    ),
    "s02": (
        """\
import torch
import torch.nn as nn
from torch import optim

torch.manual_seed(0)
model = nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.5, -0.25]]))
    model.bias.fill_(0.1)
print(model)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
y = torch.tensor([[1.0], [2.0], [3.0]])
loss_fn = nn.MSELoss()
opt = optim.SGD(model.parameters(), lr=0.01)
for step in range(3):
    opt.zero_grad()
    pred = model(x)
    loss = loss_fn(pred, y)
    loss.backward()
    opt.step()
    print(step, f"{loss.item():.6f}", model.weight.grad)
print(model.weight, model.bias)
print(pred.grad_fn.name(), loss.grad_fn.name(), opt.param_groups[0]["lr"])
print(list(model.parameters())[0].shape)
print(nn.MSELoss()(torch.tensor([1.0, 2.0]), torch.tensor([1.5, 2.5])))
seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
print(seq)
print(len(seq), seq[1], isinstance(seq, nn.Module))
""",
        (
            "Linear(in_features=2, out_features=1, bias=True)\n"
            "0 2.126667 tensor([[ -9.7333, -12.5333]])\n"
            "1 0.336847 tensor([[-3.6178, -4.7751]])\n"
            "2 0.080128 tensor([[-1.3035, -1.8386]])\n"
            "Parameter containing:\n"
            "tensor([[ 0.6465, -0.0585]], requires_grad=True) Parameter containing:\n"
            "tensor([0.1449], requires_grad=True)\n"
            "AddmmBackward0 MseLossBackward0 0.01\n"
            "torch.Size([1, 2])\n"
            "tensor(0.2500)\n"
            "Sequential(\n"
            "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
            "  (1): ReLU()\n"
            "  (2): Linear(in_features=3, out_features=1, bias=True)\n"
            ")\n"
            "3 ReLU() True\n"
        ),
    ),
    "s03": (
        """\
import torch
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
y.retain_grad()
z = (y ** 2).sum()
z.backward()
print(y.grad, x.grad, y.is_leaf, x.is_leaf, z.grad_fn.name())
print(x.grad_fn, end=" ")
print(y.grad_fn.next_functions[0][0].name(), y.grad_fn.next_functions[0][0].variable is x)
w = torch.ones(2, requires_grad=True)
w.requires_grad = False
print(w.requires_grad)
w.grad = None
w.data = torch.zeros(2)
print(w)
v = torch.tensor([1.0, 2.0], requires_grad=True)
(v * v).sum().backward()
v.data -= 0.5 * v.grad
print(v)
torch.set_grad_enabled(False)
q = v * 2
print(q.requires_grad, torch.is_grad_enabled())
torch.set_grad_enabled(True)
with torch.enable_grad():
    print((v * 2).requires_grad)
with torch.set_grad_enabled(False):
    print((v * 2).requires_grad)
print(torch.is_grad_enabled())
t = torch.arange(6).reshape(2, 3)
print(t, t.shape, t.size(1))
print(t[1], t[:, 0], t[0, 1:])
print(t.T, t.sum(dim=0), t.float().mean())
print(t[:, 0], t[0, 1:], t.T, t.sum(dim=0), t.float().mean())
m = t.max(dim=1)
print(m.values, m.indices)
print(torch.zeros(2, 2), torch.ones(3), torch.eye(2), torch.linspace(0, 1, 5))
print(torch.tensor([[1.0, 2.0], [3.0, 4.0]]) @ torch.tensor([[1.0], [1.0]]))
print(x.detach().tolist(), x.sum().item(), float(x[0]), int(x[1]), len(x))
for row in t:
    print(row)
a, b = torch.tensor([5.0, 6.0])
print(a + b, -a, abs(-b), 2 ** a, a // 2, a % 4)
print(torch.float32, x.dtype, x.device, torch.tensor(3).dtype, torch.Size([2, 3]))
""",
        (
            "tensor([ 4.,  8., 12.]) tensor([ 8., 16., 24.]) False True SumBackward0\n"
            "None torch::autograd::AccumulateGrad True\n"
            "False\n"
            "tensor([0., 0.])\n"
            "tensor([0., 0.], requires_grad=True)\n"
            "False False\n"
            "True\n"
            "False\n"
            "True\n"
            "tensor([[0, 1, 2],\n"
            "        [3, 4, 5]]) torch.Size([2, 3]) 3\n"
            "tensor([3, 4, 5]) tensor([0, 3]) tensor([1, 2])\n"
            "tensor([[0, 3],\n"
            "        [1, 4],\n"
            "        [2, 5]]) tensor([3, 5, 7]) tensor(2.5000)\n"
            "tensor([0, 3]) tensor([1, 2]) tensor([[0, 3],\n"
            "        [1, 4],\n"
            "        [2, 5]]) tensor([3, 5, 7]) tensor(2.5000)\n"
            "tensor([2, 5]) tensor([2, 2])\n"
            "tensor([[0., 0.],\n"
            "        [0., 0.]]) tensor([1., 1., 1.]) tensor([[1., 0.],\n"
            "        [0., 1.]]) tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])\n"
            "tensor([[3.],\n"
            "        [7.]])\n"
            "[1.0, 2.0, 3.0] 6.0 1.0 2 3\n"
            "tensor([0, 1, 2])\n"
            "tensor([3, 4, 5])\n"
            "tensor(11.) tensor(-5.) tensor(6.) tensor(32.) tensor(2.) tensor(1.)\n"
            "torch.float32 torch.float32 cpu torch.int64 torch.Size([2, 3])\n"
        ),
    ),
    "s04": (
        """\
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
labels = torch.tensor([0, 1, 1, 0])
model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 2))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-0.5, 0.5, p.numel()).view(p.shape))
opt = torch.optim.Adam(model.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(30):
    opt.zero_grad()
    logits = model(X)
    loss = loss_fn(logits, labels)
    loss.backward()
    opt.step()
    sched.step()
    if epoch % 10 == 0:
        print(epoch, round(loss.item(), 4), sched.get_last_lr())
model.eval ()
with torch.no_grad():
    probs = F.softmax(model(X), dim=1)
print(probs.argmax(dim=1), model.training)
for name, p in model.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
print(model[0].weight.numel())
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
y = F.relu(x).sum() + torch.sigmoid(x).mean()
g, = torch.autograd.grad(y, x)
print(g)
h = torch.randn(3).clamp(min=0)
print(h.shape, h.min() >= 0)
""",
        (
            "0 0.8139 [0.1]\n"
            "10 0.6686 [0.05]\n"
            "20 0.5971 [0.025]\n"
            "tensor([0, 1, 1, 1]) False\n"
            "0.weight (4, 2) True\n"
            "0.bias (4,) True\n"
            "2.weight (2, 4) True\n"
            "2.bias (2,) True\n"
            "8\n"
            "tensor([1.0655, 0.0350, 1.0151])\n"
            "torch.Size([3]) tensor(True)\n"
        ),
    ),
}


def run(source: str, **kwargs) -> SnippetResult:
    return run_snippet(source, **kwargs)


def error_of(source: str, **kwargs) -> SnippetError:
    with pytest.raises(SnippetError) as info:
        run_snippet(source, **kwargs)
    return info.value


# --- what PyTorch prints ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_prints_what_pytorch_prints(name: str) -> None:
    source, expected = CORPUS[name]
    assert run(source).output == expected


@pytest.mark.torch
@pytest.mark.skipif(not TORCH_PYTHON.exists(), reason="no PyTorch install to compare with")
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus_is_what_live_pytorch_prints(name: str) -> None:
    source, expected = CORPUS[name]
    done = subprocess.run([str(TORCH_PYTHON), "-c", source], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


# --- the result ---------------------------------------------------------------------------------

PRODUCT = """\
import torch
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = x**2 * y + y**3
z.backward()
print(x.grad, y.grad)
"""


def test_result_holds_variables_tensors_sites_and_traces() -> None:
    result = run(PRODUCT)
    assert result.output == "tensor(12.) tensor(31.)\n"
    assert sorted(result.variables) == ["x", "y", "z"]  # `torch` is an import, not a variable
    assert result.variables["z"].item() == 39.0
    assert result.names_of(result.variables["x"]) == ("x",)
    texts = {span_text(PRODUCT, r.site) for r in result.tensors}
    assert {"x**2", "x**2 * y", "y**3", "x**2 * y + y**3", "x.grad", "y.grad"} <= texts
    z = result.variables["z"]
    assert span_text(PRODUCT, result.sites[id(z)]) == "x**2 * y + y**3"
    assert result.sites[id(z)] == Span(4, 4, 4, 19)
    assert len(result.traces) == 1
    accumulated = [s.after.item() for s in result.traces[0].accumulations()]
    assert sorted(accumulated) == [12.0, 31.0]
    assert result.warnings == () and result.display is None


def test_sites_use_ast_byte_columns_and_span_text_cuts_them() -> None:
    source = 'import torch\nlabel = "∂"; w = torch.ones(2) * 3\n'
    result = run(source)
    w = result.variables["w"]
    span = result.sites[id(w)]
    assert span.col == len('label = "∂"; w = '.encode())  # UTF-8 bytes, as ast counts
    assert span_text(source, span) == "torch.ones(2) * 3"


def test_a_final_bare_expression_is_displayed_like_a_notebook() -> None:
    result = run("import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\nx * 2")
    assert result.output == ""
    assert result.display == "tensor([2., 4.], grad_fn=<MulBackward0>)"
    assert run("x = [1, 2]\nx;").display is None
    assert run("print(1)").display is None


def test_namespace_carries_state_to_the_next_cell() -> None:
    first = run("import torch\nx = torch.tensor(3.0, requires_grad=True)\ny = x ** 2")
    second = run("y.backward()\nprint(x.grad)", namespace=first.namespace)
    assert second.output == "tensor(6.)\n"
    assert "torch" not in second.variables and "x" in second.variables


def test_warnings_are_collected_with_their_line_not_printed() -> None:
    result = run("import torch\nx = torch.ones(2, requires_grad=True)\ny = x * 2\nprint(y.grad)")
    assert result.output == "None\n"
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("line 4: The .grad attribute of a Tensor that is not")


def test_numpy_runtime_warnings_are_ignored() -> None:
    result = run("import torch\nprint(torch.tensor([0.0, 1.0]) / 0, torch.log(torch.tensor(0.0)))")
    assert result.output == "tensor([nan, inf]) tensor(-inf)\n"
    assert result.warnings == ()


# --- errors -------------------------------------------------------------------------------------


def test_engine_errors_keep_pytorch_words_and_the_line() -> None:
    err = error_of("import torch\nx = torch.ones(3, requires_grad=True)\ny = x * 2\ny.backward()")
    assert err.kind == "runtime" and err.error_type == "RuntimeError"
    assert (err.line, err.col) == (4, 1)
    assert err.message == "grad can be implicitly created only for scalar outputs"
    assert str(err) == "line 4: grad can be implicitly created only for scalar outputs"
    assert err.hint.startswith("backward() needs a single number to start from")
    assert isinstance(err, ValueError)


def test_partial_output_comes_with_the_error() -> None:
    err = error_of("print('before')\nprint(1 / 0)\nprint('after')")
    assert err.output == "before\n"
    assert (err.kind, err.message, err.error_type, err.line) == (
        "runtime",
        "division by zero",
        "ZeroDivisionError",
        2,
    )


@pytest.mark.parametrize(
    ("source", "error_type", "message"),
    [
        ("print(undefined)", "NameError", "name 'undefined' is not defined"),
        ("x = torch.ones(2)", "NameError", "name 'torch' is not defined"),
        ("[1, 2][5]", "IndexError", "list index out of range"),
        ("{'a': 1}['b']", "KeyError", "'b'"),
        ("1 + 'a'", "TypeError", "unsupported operand type(s) for +: 'int' and 'str'"),
        ("(3).foo", "AttributeError", "'int' object has no attribute 'foo'"),
        ("a, b = [1, 2, 3]", "ValueError", "too many values to unpack (expected 2)"),
        ("assert 1 > 2, 'maths broke'", "AssertionError", "maths broke"),
        ("assert 1 > 2", "AssertionError", "assert 1 > 2"),
        ("float('x')", "ValueError", "could not convert string to float: 'x'"),
        ("5()", "TypeError", "'int' object is not callable"),
        ("x = 3\nx[0]", "TypeError", "'int' object is not subscriptable"),
    ],
)
def test_python_errors_become_snippet_errors(source: str, error_type: str, message: str) -> None:
    err = error_of(source)
    assert (err.kind, err.error_type, err.message) == ("runtime", error_type, message)
    assert err.line is not None and err.hint


def test_columns_count_characters_on_non_ascii_lines() -> None:
    err = error_of('s = "∂∂∂"; t = undefined')
    assert err.col == len('s = "∂∂∂"; t = ') + 1


def test_syntax_errors_have_positions() -> None:
    err = error_of("x = (1,\nprint(x)")
    assert err.kind == "syntax" and err.line == 1
    err = error_of("for i in range(3):\nprint(i)")
    assert err.kind == "syntax" and err.line == 2 and "indent" in err.message


# --- explain ------------------------------------------------------------------------------------


def _engine_runtime_messages() -> list[tuple[str, int, str]]:
    """Every `raise RuntimeError(<text>)` in the engine, with f-string holes filled with '1'."""
    root = Path(autograd_core.__file__).parent
    trees = {p: ast.parse(p.read_text()) for p in root.rglob("*.py") if "lang" not in p.parts}
    constants: dict[str, str] = {}

    def text(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "1" for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            a, b = text(node.left), text(node.right)
            return None if a is None or b is None else a + b
        if isinstance(node, ast.Name):
            return constants.get(node.id)
        return None

    for tree in trees.values():
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                value = text(node.value)
                if value is not None:
                    constants[node.targets[0].id] = value
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", None) == "RuntimeError"
                and node.exc.args
            ):
                message = text(node.exc.args[0])
                if message is not None:
                    found.append((path.name, node.lineno, message))
    return found


def test_explain_knows_every_runtime_error_the_engine_raises() -> None:
    messages = _engine_runtime_messages()
    assert len(messages) >= 50
    missing = [m for m in messages if specific_hint(m[2]) is None]
    assert not missing, "add a hint in sandbox/hints.py for:\n" + "\n".join(map(str, missing))


def test_explain_falls_back_to_a_generic_hint() -> None:
    assert explain("something nobody has seen") == GENERIC_HINT
    assert "retain_graph=True" in explain("Trying to backward through the graph a second time")
    assert "import torch" in explain("name 'torch' is not defined")


# --- isolation ----------------------------------------------------------------------------------


def test_each_run_starts_from_pytorch_defaults_and_leaves_the_thread_alone() -> None:
    run("import torch\ntorch.set_grad_enabled(False)\ntorch.set_printoptions(precision=1)")
    assert grad_mode.is_grad_enabled()
    assert printing.get_printoptions()["precision"] == 4
    with autograd_core.no_grad():  # the caller's mode does not leak into a run either
        result = run("import torch\nx = torch.ones(1, requires_grad=True)\nprint((x * 2).grad_fn)")
        assert not grad_mode.is_grad_enabled()
    assert result.output.startswith("<MulBackward0")


def test_manual_seed_is_per_run() -> None:
    source = "import torch\ntorch.manual_seed(7)\nprint(torch.randn(3))"
    assert run(source).output == run(source).output
    unseeded = "import torch\nprint(torch.rand(4))"
    assert run(unseeded).output != run(unseeded).output


THREADED = {
    "no_grad": (
        "import torch\nw = torch.ones(3, requires_grad=True)\nfor i in range(200):\n"
        "    with torch.no_grad():\n        v = w * 2\n    assert not v.requires_grad\n"
        "print(v.requires_grad, torch.is_grad_enabled())",
        "False True\n",
    ),
    "recording": (
        "import torch\nx = torch.tensor(2.0, requires_grad=True)\nfor i in range(200):\n"
        "    y = x ** 3\n    y.backward()\nprint(x.grad)",
        "tensor(2400.)\n",
    ),
    "disabled": (
        "import torch\ntorch.set_grad_enabled(False)\nx = torch.ones(2, requires_grad=True)\n"
        "for i in range(200):\n    y = x * 3\nprint(y.requires_grad)",
        "False\n",
    ),
    "printing": (
        "import torch\ntorch.set_printoptions(precision=2)\nfor i in range(200):\n"
        "    t = torch.tensor([1.23456])\nprint(t)",
        "tensor([1.23])\n",
    ),
}


def test_concurrent_runs_in_threads_do_not_interfere() -> None:
    results: dict[str, list] = {name: [] for name in THREADED}
    barrier = threading.Barrier(len(THREADED) * 3)
    # Twelve threads share one interpreter lock: each run's wall-clock time is stretched by the
    # others (and by whatever else the test machine runs), so the clock is left out of it here;
    # what is asserted is that every run of every thread did all of its own work, unmixed.
    limits = replace(DEFAULT_LIMITS, time_limit=600.0)

    def work(name: str) -> None:
        barrier.wait()
        for _ in range(5):
            result = run_snippet(THREADED[name][0], limits=limits)
            results[name].append((result.output, len(result.traces)))

    threads = [threading.Thread(target=work, args=(n,)) for n in THREADED for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, (_, expected) in THREADED.items():
        assert len(results[name]) == 3 * 5, name  # no thread stopped early with an error
        assert {output for output, _ in results[name]} == {expected}, name
    # (200 backward passes: a result keeps the first 19 traces and the last, issue 16)
    assert {traces for _, traces in results["recording"]} == {20}
    assert {traces for _, traces in results["no_grad"]} == {0}


# --- limits -------------------------------------------------------------------------------------


def test_limits_are_frozen_and_tutorial_sized() -> None:
    with pytest.raises(AttributeError):
        DEFAULT_LIMITS.time_limit = 10  # type: ignore[misc]
    assert DEFAULT_LIMITS.max_tensor_elements == 1_000_000
    # a 200-step training loop on 300 points fits with room to spare
    loop = (
        "import torch\ntorch.manual_seed(0)\nx = torch.linspace(-1, 1, 300).view(-1, 1)\n"
        "y = 3 * x + 1\nmodel = torch.nn.Linear(1, 1)\n"
        "opt = torch.optim.SGD(model.parameters(), lr=0.5)\nfor step in range(200):\n"
        "    opt.zero_grad()\n    loss = torch.nn.functional.mse_loss(model(x), y)\n"
        "    loss.backward()\n    opt.step()\nprint(f'{model.weight.item():.3f}')"
    )
    assert run(loop).output == "3.000\n"


@pytest.mark.parametrize(
    ("field", "value", "source", "fragment"),
    [
        ("max_tensor_elements", 100, "import torch\ntorch.ones(101)", "101 elements"),
        ("max_loop_iterations", 10, "for i in range(11):\n    pass", "more than 10 loop"),
        ("max_operations", 50, "for i in range(100):\n    x = i", "50 steps"),
        ("max_string_length", 10, "s = 'a' * 11", "11 characters"),
        ("max_container_length", 10, "x = [0] * 11", "11 items"),
        ("max_output_chars", 5, "print('123456')", "5"),
        ("max_int_bits", 64, "x = 2 ** 65", "bits"),
        ("max_source_chars", 10, "x = 1 + 2 + 3", "13 characters"),
        (
            "max_graph_nodes",
            3,
            "import torch\nx = torch.ones(1, requires_grad=True)\ny = x * 1 * 2 * 3 * 4",
            "3 graph",
        ),
        (
            "max_total_elements",
            150,
            "import torch\na = torch.ones(100)\nb = torch.ones(100)",
            "150",
        ),
        ("max_format_width", 10, "f'{1:>11}'", "11 characters wide"),
    ],
)
def test_each_limit_names_itself_and_its_value(field, value, source, fragment) -> None:
    err = error_of(source, limits=Limits(**{field: value}))
    assert err.kind == "limit"
    assert fragment in err.message and "the limit here is" in err.message
    assert err.hint


def test_limit_message_matches_the_issue() -> None:
    err = error_of("import torch\nx = torch.ones(10**9)")
    assert err.message == (
        "This snippet tried to create a tensor with 1,000,000,000 elements; "
        "the limit here is 1,000,000."
    )
    assert (err.line, err.col) == (2, 5)


def test_time_limit_stops_a_long_run() -> None:
    source = "import torch\nx = torch.ones(100)\nfor i in range(100000):\n    y = (x * 2).sum()"
    err = error_of(source, limits=Limits(time_limit=0.2, max_operations=10**9))
    assert err.kind == "limit" and "0.2 seconds" in err.message


# --- assignment and calls that tutorials use ------------------------------------------------------


def test_tensor_attribute_assignment_is_limited_to_the_safe_three() -> None:
    ok = run(
        "import torch\nx = torch.ones(2)\nx.requires_grad = True\nx.grad = torch.zeros(2)\n"
        "x.data = torch.full((2,), 5.0)\nprint(x, x.grad)"
    )
    assert ok.output == "tensor([5., 5.], requires_grad=True) tensor([0., 0.])\n"
    err = error_of("import torch\nx = torch.ones(2)\nx.foo = 1")
    assert err.kind == "unsupported" and "only a tensor's .requires_grad" in err.message


def test_imports_in_every_spelling() -> None:
    result = run(
        "import torch.nn as nn\nimport torch.nn.functional as F\nfrom torch import sin, tensor\n"
        "from torch.autograd import grad\nfrom torch.optim import SGD\nimport math\n"
        "import numpy as np\nx = tensor(0.5, requires_grad=True)\n(g,) = grad(sin(x), x)\n"
        "print(g, F.relu(tensor(-1.0)), nn.ReLU()(tensor(2.0)), round(math.pi, 2), np.pi > 3)"
    )
    assert result.output == "tensor(0.8776) tensor(0.) tensor(2.) 3.14 True\n"


def test_a_0_dim_tensor_in_an_f_string_prints_its_number_as_in_pytorch() -> None:
    # Tensor.__format__ formats a 0-dim tensor as its item(); bigger ones as their repr
    source = (
        "import torch\n"
        "x = torch.tensor(3.0, requires_grad=True)\n"
        "print(f'{x} {x:.2f} {x!r} {torch.tensor([1.0, 2.0])}', '{}'.format(x))\n"
    )
    assert run_snippet(source).output == (
        "3.0 3.00 tensor(3., requires_grad=True) tensor([1., 2.]) 3.0\n"
    )


# --- tensor arithmetic's short path keeps every check of the long one ----------------------------


@pytest.mark.parametrize(
    ("expression", "printed"),
    [
        ("[0] * torch.tensor(3)", "[0, 0, 0]"),
        ("torch.tensor(2) * 'ab'", "abab"),
        ("(1, 2) * torch.tensor(2)", "(1, 2, 1, 2)"),
        ("torch.tensor([1.5, 2.0]) * 2 + 1", "tensor([4., 5.])"),
        ("2 ** torch.tensor([3, 4])", "tensor([ 8, 16])"),
        ("True + torch.tensor(1)", "tensor(2)"),
    ],
)
def test_tensor_operands_mixed_with_python_values(expression: str, printed: str) -> None:
    assert run(f"import torch\nprint({expression})").output == printed + "\n"


@pytest.mark.parametrize(
    "expression",
    [
        "[0] * torch.tensor(10**7)",
        "torch.tensor(10**7) * 'ab'",
        "x = [1]\nx *= torch.tensor(10**7)",
    ],
)
def test_sequences_repeated_by_a_tensor_are_still_bounded(expression: str) -> None:
    with pytest.raises(SnippetError) as info:
        run(f"import torch\n{expression}")
    assert info.value.kind == "limit"


def test_set_builds_a_vocabulary_as_tutorials_do() -> None:
    # d2l's RNN chapters: vocab = sorted(set(text)); seen-sets in plain loops
    out = run(
        "text = 'the time machine'\n"
        "vocab = sorted(set(text))\n"
        "print(vocab, len(set([1, 1, 2])))\n"
        "seen = set()\n"
        "for w in text.split():\n"
        "    seen.add(w)\n"
        "seen.discard('time')\n"
        "print(sorted(seen), 'the' in seen)\n"
        "try:\n"
        "    seen.remove('gone')\n"
        "except KeyError as e:\n"
        "    print('KeyError', e)\n"
    ).output
    assert out == (
        "[' ', 'a', 'c', 'e', 'h', 'i', 'm', 'n', 't'] 2\n"
        "['machine', 'the'] True\n"
        "KeyError 'gone'\n"
    )


def test_a_lazy_layers_weight_prints_and_refuses_use_as_in_pytorch_until_the_first_batch() -> None:
    out = run(
        "import torch\n"
        "net = torch.nn.Sequential(torch.nn.LazyLinear(2))\n"
        "print(net[0].weight)\n"
        "for use in (lambda: net[0].weight * 2, lambda: net[0].weight.tolist(),\n"
        "            lambda: sum(p.numel() for p in net.parameters())):\n"
        "    try:\n"
        "        use()\n"
        "    except ValueError as e:\n"
        "        print(str(e)[:62])\n"
        "net(torch.ones(1, 3))\n"
        "print(net[0], sum(p.numel() for p in net.parameters()))\n"
    ).output
    assert out == (  # what PyTorch 2.13 prints
        "<UninitializedParameter>\n"
        "Attempted to use an uninitialized parameter in <method 'mul' o\n"
        "Attempted to use an uninitialized parameter in <method 'tolist\n"
        "Attempted to use an uninitialized parameter in <method 'numel'\n"
        "Linear(in_features=3, out_features=2, bias=True) 8\n"
    )
