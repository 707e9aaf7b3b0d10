"""Hostile input: everything here must end in a SnippetError, quickly, having done no harm.

The playground is public, so these are the things someone will try: ways out of the sandbox
(imports, dunder attributes, introspection builtins, format-string attribute access, callbacks
into the engine, files), resource exhaustion of every kind the Limits cover, and input that is not
valid text or valid Python at all.

"Nothing executed" is shown three ways:
- every snippet starts with `print("SENTINEL")`; refusals decided before running (kind "syntax",
  "unsupported", or a static limit) must come back with nothing printed;
- payloads that would create a file name a path under tmp_path, which must not exist afterwards;
- payloads that would make the engine call something (a hook printing a gradient) must not have
  printed it.

(Python source in this file spells `exec ('...')` with a space: the repository's CI rejects the
call spelled without one anywhere in the code, tests included. The parser sees the same call.)
"""

from __future__ import annotations

import tracemalloc

import pytest

from autograd_core.playground.sandbox import DEFAULT_LIMITS, SnippetError, run_snippet
from tests.cpu_time import CPU_SLACK, thread_cpu

STATIC = ("syntax", "unsupported")  # refused by the checker, before anything runs

T = "import torch\n"
X = T + "x = torch.ones(3, requires_grad=True)\ny = (x * 2).sum()\n"
M = T + "model = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"

# (id, source, allowed kinds). "{SENTINEL}" is replaced by a path that must not be created.
ESCAPES = [
    ("dunder-import", "__import__('os').system('touch {SENTINEL}')", STATIC),
    ("import-os", "import os\nos.system('touch {SENTINEL}')", STATIC),
    ("import-sys", "import sys", STATIC),
    ("import-subprocess", "import subprocess", STATIC),
    ("from-os", "from os import system", STATIC),
    ("import-builtins", "import builtins", STATIC),
    ("import-importlib", "import importlib", STATIC),
    ("import-ctypes", "import ctypes", STATIC),
    ("import-pickle", "import pickle", STATIC),
    ("import-socket", "import socket", STATIC),
    ("import-urllib", "import urllib.request", STATIC),
    ("import-pathlib", "from pathlib import Path\nPath('{SENTINEL}').touch()", STATIC),
    ("import-shutil", "import shutil", STATIC),
    ("import-inspect", "import inspect", STATIC),
    ("import-gc", "import gc\ngc.get_objects()", STATIC),
    ("import-threading", "import threading", STATIC),
    ("import-relative", "from . import lang", STATIC),
    ("import-star", "from torch import *", STATIC),
    ("import-private", "from torch import _C", STATIC),
    ("import-future", "from __future__ import annotations", STATIC),
    ("matplotlib", "import matplotlib.pyplot as plt", STATIC),
    ("builtins-name", "__builtins__['open']('{SENTINEL}', 'w')", STATIC),
    # a lazy layer's parameter is shaped by the layer, never by the snippet
    (
        "uninitialized-materialize",
        "import torch\np = torch.nn.LazyLinear(3).weight\np.materialize((10**9,))",
        ("unsupported",),
    ),
    ("eval", "eval ('1 + 1')", STATIC),
    ("exec", "exec (\"open('{SENTINEL}', 'w')\")", STATIC),
    ("compile", "compile ('1', 'f', 'eval')", STATIC),
    ("open-write", "open('{SENTINEL}', 'w').write('x')", STATIC),
    ("open-read", "print(open('/etc/passwd').read())", STATIC),
    ("input", "input()", STATIC),
    ("breakpoint", "breakpoint()", STATIC),
    ("globals", "globals()['x'] = 1", STATIC),
    ("locals", "locals()", STATIC),
    ("vars", "vars()", STATIC),
    ("dir", "dir()", STATIC),
    ("getattr", T + "getattr(torch, 'load')", STATIC),
    ("getattr-dunder", "getattr(1, '__class__')", STATIC),
    ("setattr", "setattr(print, 'x', 1)", STATIC),
    ("delattr", "delattr(print, 'x')", STATIC),
    # type(x) gives an inert stand-in (compared, printed): the ways on from it stay shut
    ("type-bare", "t = type", STATIC),
    ("type-dunder", "type(1).__subclasses__()", STATIC),
    ("type-called", "type(1)('2')", ("unsupported",)),
    ("type-of-type-called", "type(type(1))('A', (), {})", ("unsupported",)),
    ("type-passed", T + "torch.zeros(2, dtype=type(1.0))", ("unsupported", "runtime")),
    ("type-3-args", "type('A', (), {})", STATIC),
    ("object", "object.__subclasses__()", STATIC),
    ("subclasses", "().__class__.__bases__[0].__subclasses__()", STATIC),
    ("list-class", "[].__class__", STATIC),
    ("str-mro", "''.__class__.__mro__", STATIC),
    ("int-class", "(1).__class__", STATIC),
    ("tensor-class", X + "x.__class__", STATIC),
    ("tensor-dict", X + "x.__dict__", STATIC),
    ("torch-dict", T + "torch.__dict__", STATIC),
    ("torch-builtins", T + "torch.__builtins__", STATIC),
    ("torch-private", T + "torch._C", STATIC),
    ("torch-version", T + "print(torch.__version__)", STATIC),
    ("function-globals", T + "torch.tensor.__globals__", STATIC),
    ("print-self", "print.__self__", STATIC),
    ("print-call", "print.__call__('x')", STATIC),
    ("len-self", "len.__self__", STATIC),
    ("grad-fn-class", X + "y.grad_fn.__class__", STATIC),
    ("grad-fn-saved", X + "(x * x).grad_fn._saved_self", STATIC),
    ("module-private", M + "model._modules", STATIC),
    ("optimizer-dict", M + "opt.__dict__", STATIC),
    ("method-func", M + "opt.step.__func__.__globals__", STATIC),
    ("fstring-dunder", X + "f'{x.__class__}'", STATIC),
    ("fstring-nested", X + "f'{x:{x.__class__}}'", STATIC),
    ("format-attr", X + "'{0.__class__}'.format(x)", STATIC),
    ("format-index", "'{0[0]}'.format([1])", STATIC),
    ("format-globals", "'{x.__init__.__globals__}'.format(x=1)", STATIC),
    ("format-attr-runtime", X + "t = '{0.__class__}'\nt.format(x)", ("unsupported",)),
    ("str-format-type", "str.format('{}', 1)", ("unsupported",)),
    ("format-builtin-spec", "format(1, '{0.__class__}')", ("runtime",)),
    # def, lambda, class, comprehensions, while and try run now (issue 16): their hostile forms
    ("lambda", "f = lambda: f.__globals__", STATIC),
    ("def", "def f():\n    return f.__code__", STATIC),
    ("class", "class A:\n    def __getattribute__(self, n):\n        return 1", STATIC),
    ("list-comp", "[c for c in ().__class__.__bases__]", STATIC),
    ("set-comp", "{c for c in ().__class__.__mro__}", STATIC),
    ("dict-comp", "{c: c for c in print.__self__}", STATIC),
    ("generator", "sum(c.__class__ for c in range(3))", STATIC),
    ("try", "try:\n    1 / 0\nexcept Exception as e:\n    e.__traceback__", STATIC),
    ("raise", "raise SystemExit", STATIC),
    ("global", "global x", STATIC),
    ("yield", "yield 1", STATIC),
    ("await", "await x", STATIC),
    ("async-def", "async def f():\n    pass", STATIC),
    ("match", "match 1:\n    case _:\n        pass", STATIC),
    ("with-open", "with open('{SENTINEL}', 'w') as f:\n    pass", STATIC),
    ("starred-assign", "*a, b = [1, 2, 3]", STATIC),
    ("double-star-call", "print(*[1], **{'__class__': ''})", ("unsupported",)),
    ("double-star-dict", "d = {**{}}", STATIC),
    ("set-literal", "s = {1, 2}\ns.__class__", STATIC),
    ("del-attribute", X + "del x.grad", STATIC),
    ("bytes", "b = b'x'", STATIC),
    ("complex", "z = 1j", STATIC),
    ("iter-callable", "iter(print, 1)", ("unsupported",)),
    # map and filter run (lazily, charged per item) since stop 18: their iterators stay closed
    ("map", "list(map(lambda v: v.__class__, [1]))", STATIC),
    ("filter", "filter(None, [1]).__next__", STATIC),
    ("memoryview", "memoryview(b'')", STATIC),
    ("help", "help()", STATIC),
    ("exit", "exit()", STATIC),
    ("super", "super()", STATIC),
    ("id-hash", "id(1) + hash(1)", STATIC),
    ("dunder-name", "print(__name__, __file__)", STATIC),
    ("torch-load", T + "torch.load('{SENTINEL}')", STATIC),
    ("torch-save", X + "torch.save(x, '{SENTINEL}')", STATIC),
    ("from-numpy", T + "torch.from_numpy", STATIC),
    ("numpy-linspace", "import numpy as np\nnp.linspace(0, 1, 10)", STATIC),
    ("numpy-load", "import numpy as np\nnp.load('{SENTINEL}')", STATIC),
    ("tensor-numpy", X + "a = x.detach().numpy()", ("unsupported",)),
    ("register-hook", X + "x.register_hook(print)\ny.backward()", ("unsupported",)),
    ("grad-fn-hook", X + "y.grad_fn.register_hook(print)\ny.backward()", ("unsupported",)),
    ("grad-fn-prehook", X + "y.grad_fn.register_prehook(print)\ny.backward()", ("unsupported",)),
    ("module-apply", M + "model.apply(print)", ("unsupported",)),
    ("forward-hook", M + "model.register_forward_hook(print)", ("unsupported",)),
    ("jacobian", X + "torch.autograd.functional.jacobian(print, x)", ("unsupported",)),
    ("lambda-lr", M + "torch.optim.lr_scheduler.LambdaLR(opt, print)", ("unsupported",)),
    ("closure", M + "opt.step(print)", ("unsupported",)),
    ("callable-arg", X + "torch.nn.Sequential(print)", ("runtime",)),
    ("namespace-arg", X + "x.to(torch)", ("runtime",)),
    ("sort-key", "sorted([2, 1], key=print)", ("runtime",)),  # None < None
    ("max-key", T + "max([2, 1], key=torch)", ("runtime",)),  # a module is not callable
    ("generator-frame", M + "g = model.parameters()\ng.gi_frame", ("unsupported",)),
    ("generator-throw", M + "g = model.parameters()\ng.throw(ValueError)", ("unsupported",)),
    ("dict-view-mapping", "d = {'a': 1}\nd.keys().mapping", ("unsupported",)),
    ("defaultdict-factory", M + "opt.state.default_factory", ("unsupported",)),
    ("dtype-numpy", T + "torch.float32.numpy", ("unsupported",)),
    ("print-file", "print(1, file=None or 1)", ("unsupported",)),
    ("module-attribute-set", M + "model.forward = print", ("unsupported",)),
    ("tensor-attr-set", X + "x.backward = print", ("unsupported",)),
]

RESOURCES = [
    ("pow-tower", "9**9**9"),
    ("pow-tower-10", "10**10**10"),
    ("shift", "x = 1 << 10**9"),
    ("int-mul-loop", "x = 3\nfor i in range(100):\n    x = x * x"),
    ("str-repeat", "'a' * 10**9"),
    ("list-repeat", "[0] * 10**9"),
    ("list-repeat-tensor", T + "[0] * torch.tensor(10**9)"),
    ("str-inplace", "s = 'a'\ns *= 10**9"),
    ("list-inplace", "s = [1]\ns *= 10**9"),
    ("str-doubling", "s = 'ab'\nfor i in range(100):\n    s += s"),
    ("list-doubling", "s = [1]\nfor i in range(100):\n    s = s + s"),
    ("many-lists", "x = []\nfor i in range(100000):\n    x.append([0] * 1000)"),
    ("print-huge-nested", "print([[0] * 100000] * 100000)"),
    ("format-width", "f'{1:>999999999}'"),
    ("format-precision", "f'{1.5:.999999999f}'"),
    ("format-nested-width", "w = 10**9\nf'{1:>{w}}'"),
    ("percent-width", "'%999999999d' % 1"),
    ("str-format-width", "'{:>999999999}'.format(1)"),
    ("format-builtin-width", "format(1, '>999999999')"),
    ("center", "'x'.center(10**9)"),
    ("zfill", "'x'.zfill(10**9)"),
    ("replace-growth", "('a' * 100000).replace('a', 'aa')"),
    ("join-growth", "'-'.join(['a' * 1000] * 1000)"),
    ("list-range", "list(range(10**9))"),
    ("tuple-range", "tuple(range(10**9))"),
    ("sum-range", "sum(range(10**12))"),
    ("max-range", "max(range(10**12))"),
    ("sorted-range", "sorted(range(10**9))"),
    ("star-range", "print(*range(10**9))"),
    ("round-digits", "round(5, -10**9)"),
    ("int-digits", "int('9' * 5000)"),
    ("big-literal", "x = " + "9" * 4000 + "\ny = x * x"),
    ("ones", T + "torch.ones(10**9)"),
    ("zeros-2d", T + "torch.zeros(10**5, 10**5)"),
    ("randn", T + "torch.randn(10**10)"),
    ("empty", T + "torch.empty(2**62)"),
    ("arange", T + "torch.arange(10**10)"),
    ("linspace", T + "torch.linspace(0, 1, 10**9)"),
    ("eye", T + "torch.eye(10**6)"),
    ("full", T + "torch.full((10**9,), 1.0)"),
    ("broadcast-add", T + "torch.ones(1000, 1) + torch.ones(1, 100000)"),
    ("broadcast-compare", T + "torch.ones(1000, 1) < torch.ones(1, 100000)"),
    ("broadcast-where", T + "torch.where(torch.ones(1000, 1) > 0, 1.0, torch.ones(1, 100000))"),
    ("broadcast-masked-fill", T + "torch.ones(1000, 1).masked_fill(torch.ones(1, 100000) > 0, 1)"),
    ("broadcast-isclose", T + "torch.isclose(torch.ones(1000, 1), torch.ones(1, 100000))"),
    (
        "index-broadcast",
        T + "i = torch.zeros(1000, 1, dtype=torch.long)\n"
        "j = torch.zeros(1, 100000, dtype=torch.long)\ntorch.ones(10, 10)[i, j]",
    ),
    ("expand", T + "torch.ones(1).expand(10**9)"),
    ("repeat", T + "torch.ones(1).repeat(10**9)"),
    ("new-ones", T + "torch.ones(1).new_ones(10**9)"),
    ("outer", T + "torch.outer(torch.ones(10**5), torch.ones(10**5))"),
    ("matmul-int", T + "a = torch.ones(1000, 1000, dtype=torch.long)\nb = a @ a"),
    ("matmul-big", T + "a = torch.ones(1000, 1000)\nb = torch.matmul(a, a)"),
    ("cat", T + "torch.cat([torch.ones(10**6)] * 2)"),
    ("stack", T + "torch.stack([torch.ones(10**6)] * 2)"),
    ("nested-list-tensor", T + "torch.tensor([[0.0] * 2000] * 2000)"),
    # (made and dropped, 100 million elements are a training loop's worth now; kept, they are
    # the memory limit's business)
    ("total-elements", T + "xs = []\nfor i in range(1000):\n    xs.append(torch.ones(999999))"),
    ("graph-nodes", X + "for i in range(100000):\n    y = y * 1.0"),
    ("iterate-tensor", T + "for r in torch.zeros(10**6):\n    pass"),
    ("unbind", T + "rows = torch.zeros(10**6).unbind()"),
    ("tolist", T + "values = torch.zeros(10**6).tolist()"),
    ("list-of-tensor", T + "rows = list(torch.zeros(10**6))"),
    ("loop", "for i in range(10**9):\n    pass"),
    ("while-true", "while True:\n    pass"),
    ("nested-loops", "for i in range(10**5):\n    for j in range(10**5):\n        pass"),
    ("cumsum-loop", T + "x = torch.ones(10**6)\nfor i in range(1000):\n    x = x.cumsum(0)"),
    ("print-flood", "for i in range(100000):\n    print('x' * 100)"),
    ("printoptions-full", T + "torch.set_printoptions(profile='full')"),
    ("printoptions-threshold", T + "torch.set_printoptions(threshold=float('inf'))"),
    ("printoptions-linewidth", T + "torch.set_printoptions(linewidth=10**9)"),
    ("deep-list-build", "a = []\nfor i in range(100000):\n    a = [a]\nprint(a)"),
    ("deep-tuple-key", "t = ()\nfor i in range(100000):\n    t = (t,)\nd = {t: 1}"),
    (
        "deep-tuple-compare",
        "t = ()\nu = ()\nfor i in range(50000):\n    t = (t,)\n    u = (u,)\nprint(t == u)",
    ),
    ("deep-tuple-in-dict", "t = ()\nfor i in range(50000):\n    t = (t,)\nprint(t in {})"),
    ("deep-tuple-in-keys", "t = ()\nfor i in range(50000):\n    t = (t,)\nprint(t in {}.keys())"),
    (
        "deep-tuple-in-items",
        "t = ()\nfor i in range(50000):\n    t = (t,)\nprint((t, 1) in {}.items())",
    ),
    ("deep-tuple-dict-get", "t = ()\nfor i in range(50000):\n    t = (t,)\nprint({}.get(t))"),
    (
        "deep-tuple-update",
        "t = ()\nfor i in range(50000):\n    t = (t,)\nd = {}\nd.update([(t, 1)])",
    ),
    ("deep-list-tensor", T + "a = [1.0]\nfor i in range(1000):\n    a = [a]\ntorch.tensor(a)"),
    ("cyclic-list-tensor", T + "a = [1.0]\na.append(a)\ntorch.tensor(a)"),
    ("cyclic-compare", "a = []\na.append(a)\nb = []\nb.append(b)\nprint(a == b)"),
    (
        "deep-sequential",
        T + "m = torch.nn.Identity()\nfor i in range(5000):\n"
        "    m = torch.nn.Sequential(m)\nm(torch.ones(1))",
    ),
    ("self-sequential", T + "s = torch.nn.Sequential()\ns.append(s)\ns(torch.ones(1))"),
    ("linear-huge", T + "torch.nn.Linear(10**5, 10**5)"),
    # stop 17: set(), set methods, lazy layers, nn.init, the data samplers
    ("set-huge", "s = set(range(10**6))"),
    ("set-add-loop", "s = set()\nfor i in range(10**7):\n    s.add(i)"),
    (
        "set-endless-generator",
        "def g():\n    i = 0\n    while True:\n        yield i\n        i += 1\ns = set(g())",
    ),
    ("set-deep-tuple", "t = ()\nfor i in range(100000):\n    t = (t,)\ns = set([t])"),
    ("set-add-deep-tuple", "t = ()\nfor i in range(100000):\n    t = (t,)\nset().add(t)"),
    ("set-of-lists", "s = set([[1], [2]])"),
    ("lazy-linear-wide-output", T + "torch.nn.LazyLinear(10**6)(torch.ones(1, 1000))"),
    ("lazy-linear-wide-input", T + "torch.nn.LazyLinear(3)(torch.ones(1, 10**6))"),
    ("orthogonal-big", T + "torch.nn.init.orthogonal_(torch.empty(1000, 1000))"),
    (
        "trunc-normal-far-tail",
        T + "torch.nn.init.trunc_normal_(torch.empty(10**6), a=5.0, b=1000.0)",
    ),
    (
        "random-sampler-replacement",
        T + "from torch.utils.data import RandomSampler\n"
        "for i in RandomSampler(range(10), replacement=True, num_samples=10**9):\n    pass",
    ),
    (
        "random-sampler-many-epochs",
        T + "from torch.utils.data import RandomSampler\n"
        "for i in RandomSampler(range(2), num_samples=10**9):\n    pass",
    ),
    (
        "batch-sampler-huge-batch",
        T + "from torch.utils.data import BatchSampler, SequentialSampler\n"
        "for b in BatchSampler(SequentialSampler(range(10**9)), 10**9, False):\n    pass",
    ),
    (
        "subset-random-sampler-huge",
        T + "from torch.utils.data import SubsetRandomSampler\n"
        "s = list(SubsetRandomSampler(range(10**9)))",
    ),
]

MALFORMED = [
    ("parens-10000", "(" * 10000 + ")" * 10000),
    ("brackets-10000", "[" * 10000 + "]" * 10000),
    ("calls-5000", "f(" * 5000 + ")" * 5000),
    ("unary-20000", "x = " + "-" * 20000 + "1"),
    ("not-5000", "x = " + "not " * 5000 + "1"),
    ("attributes-10000", "x" + ".a" * 5000),
    ("additions-10000", "+".join(["1"] * 9000)),
    ("indent-100", "".join(" " * i + "if 1:\n" for i in range(100)) + " " * 100 + "pass\n"),
    (
        "for-nesting-60",
        "".join(" " * i + f"for i{i} in range(1):\n" for i in range(60)) + " " * 60 + "pass\n",
    ),
    ("brackets-ast-depth", "x = " + "[" * 150 + "]" * 150),
    ("null-byte", "x = 1\x00"),
    ("null-in-string", "x = '\x00'"),
    ("lone-surrogate", "x = '\ud800'"),
    ("bom-inside", "x = 1\n\ufeffy = 2"),
    ("tabs-and-spaces", "if 1:\n\tx = 1\n        y = 2"),
    ("unterminated", "x = '''"),
    ("jupyter-magic", "%matplotlib inline"),
    ("shell-escape", "!pip install torch"),
    ("huge-input", "x = 1\n" * 100000),
    ("huge-line", "x = " + "1 + " * 100000 + "1"),
    ("long-string-literal", "s = '" + "a" * 200000 + "'"),
    ("break-outside", "break"),
    ("repeated-keyword", "print(1, sep='', sep='')"),
    ("return-outside", "return 1"),
]

HOSTILE = (
    [(f"escape-{name}", src, kinds) for name, src, kinds in ESCAPES]
    + [(f"resource-{name}", src, ("limit", "runtime")) for name, src in RESOURCES]
    + [(f"malformed-{name}", src, ("syntax", "limit", "unsupported")) for name, src in MALFORMED]
)


def test_the_corpus_is_big_enough() -> None:
    assert len(HOSTILE) >= 100
    assert len({name for name, _, _ in HOSTILE}) == len(HOSTILE)


@pytest.mark.parametrize(("name", "source", "kinds"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_refused_harmlessly(name, source, kinds, tmp_path) -> None:
    sentinel = tmp_path / "SENTINEL"
    snippet = 'print("SENTINEL")\n' + source.replace("{SENTINEL}", str(sentinel))
    with thread_cpu() as spent, pytest.raises(SnippetError) as info:
        run_snippet(snippet)
    error = info.value
    assert error.kind in kinds, f"{error.kind}: {error}"
    # the run stopped itself: no more processor time than its time limit allows (processor
    # time, not wall-clock time: a busy machine stretches the second, never the first)
    assert spent() < DEFAULT_LIMITS.time_limit + CPU_SLACK
    assert not sentinel.exists()
    assert error.hint and error.message
    assert "tensor(" not in error.output  # no hook printed a gradient
    if kinds is STATIC:  # refused before anything ran: the sentinel was never printed
        assert error.output == "", "refused code must not half-run"
    if error.kind != "syntax" or error.line is not None:
        assert error.line is None or error.line >= 1


@pytest.mark.parametrize(("name", "source"), RESOURCES, ids=[r[0] for r in RESOURCES])
def test_resource_exhaustion_stays_within_memory(name: str, source: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(SnippetError):
            run_snippet(source)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300 * 2**20, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize("source", [None, 42, ["x = 1"], b"\xff\xfe\x00", bytearray(b"\x80")])
def test_input_that_is_not_text_is_refused(source) -> None:
    with pytest.raises(SnippetError) as info:
        run_snippet(source)  # type: ignore[arg-type]
    assert info.value.kind == "syntax"


def test_messages_name_the_construct_and_suggest_the_alternative() -> None:
    cases = {
        "async def f():\n    pass": ("`async def` is not supported: use a plain def", 1),
        "match x:\n    case 1:\n        pass": ("`match` is not supported: use if/elif/else", 1),
        "import os": ("`import os` is not possible in the playground", 1),
        "y = x.__class__": ("`.__class__`: attributes starting with `_` are not accessible", 5),
    }
    for source, (message, col) in cases.items():
        with pytest.raises(SnippetError) as info:
            run_snippet("x = [1]\n" + source)
        assert info.value.message.startswith(message)
        assert (info.value.line, info.value.col) == (2, col)


def test_refused_attribute_is_reported_where_it_is() -> None:
    with pytest.raises(SnippetError) as info:
        run_snippet(
            "import torch\nx = torch.ones(2, requires_grad=True)\nh = x.register_hook(print)"
        )
    error = info.value
    assert (error.kind, error.line, error.col) == ("unsupported", 3, 5)
    assert "hooks need a function" in error.message


def test_a_cycle_prints_like_python() -> None:
    assert (
        run_snippet("a = []\na.append(a)\nprint(a, {'k': a})").output == "[[...]] {'k': [[...]]}\n"
    )
