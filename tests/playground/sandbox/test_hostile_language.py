"""Hostile input aimed at the language of issue 16: functions, classes, comprehensions, while,
try, generators, hooks and the other callbacks the engine makes into the snippet's code.

Everything here must end in a SnippetError of an expected kind, quickly, without the snippet
having caught a limit or a refusal (the handlers print "CAUGHT", which must never appear), and
with nothing of the interpreter reachable (the static refusals print nothing at all).
Run like the corpus of test_hostile.py, with the same checks.
"""

from __future__ import annotations

import tracemalloc

import pytest

from autograd_core.playground.sandbox import DEFAULT_LIMITS, SnippetError, run_snippet
from tests.cpu_time import CPU_SLACK, thread_cpu

STATIC = ("syntax", "unsupported")
T = "import torch\n"
X = T + "x = torch.ones(3, requires_grad=True)\ny = (x * 2).sum()\n"
M = T + "model = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
NET = T + "class N(torch.nn.Module):\n"

ESCAPES = [
    # class bodies reaching Python's class machinery
    ("getattribute", "class A:\n    def __getattribute__(self, n):\n        return 1", STATIC),
    ("class-getitem", "class A:\n    def __class_getitem__(cls, k):\n        return 1", STATIC),
    ("init-subclass", "class A:\n    def __init_subclass__(cls):\n        pass", STATIC),
    ("set-name", "class A:\n    def __set_name__(self, o, n):\n        pass", STATIC),
    ("del", "class A:\n    def __del__(self):\n        print('x')", STATIC),
    ("getattr-hook", "class A:\n    def __getattr__(self, n):\n        return 1", STATIC),
    ("eq-hash", "class A:\n    def __eq__(self, o):\n        return True", STATIC),
    ("metaclass", "class A(metaclass=type):\n    pass", STATIC),
    ("metaclass-object", "class A(object, metaclass=print):\n    pass", STATIC),
    ("class-kwargs", "class A(**{}):\n    pass", STATIC),
    ("class-decorator", "@print\nclass A:\n    pass", STATIC),
    ("private-method", "class A:\n    def _secret(self):\n        return 1", STATIC),
    ("private-attr", "class A:\n    _x = 1", STATIC),
    ("dict-assign", "class A:\n    def __init__(self):\n        self.__dict__ = {}", STATIC),
    ("slots", "class A:\n    __slots__ = ()", STATIC),
    ("class-body-loop", "class A:\n    for i in range(3):\n        pass", STATIC),
    ("class-body-import", "class A:\n    import math", STATIC),
    ("property", "class A:\n    x = property(print)", STATIC),
    ("classmethod", "class A:\n    @classmethod\n    def f(cls):\n        return cls", STATIC),
    ("staticmethod-value", "class A:\n    f = staticmethod", STATIC),
    ("staticmethod-outside", "@staticmethod\ndef f():\n    pass", STATIC),
    ("exception-base", "class E(Exception):\n    pass", ("unsupported",)),
    ("int-base", "class A(int):\n    pass", ("unsupported",)),
    ("tensor-base", T + "class A(torch.Tensor):\n    pass", ("unsupported",)),
    ("function-base", "class A(print):\n    pass", ("unsupported",)),
    ("builtin-class-attr", "class A:\n    f = print", ("unsupported",)),
    ("namespace-class-attr", T + "class A:\n    t = torch", ("unsupported",)),
    # shadowing what the engine base uses internally
    ("shadow-parameters", NET + "    def parameters(self):\n        return []", ("unsupported",)),
    ("shadow-call", NET + "    def __call__(self, x):\n        return x", ("unsupported",)),
    ("shadow-attr", NET + "    training = print", ("unsupported",)),
    ("shadow-dunder-repr", NET + "    def __repr__(self):\n        return 'x'", ("unsupported",)),
    (
        "shadow-instance",
        NET + "    def __init__(self):\n        super().__init__()\n        self.modules = 1\nN()",
        ("unsupported",),
    ),
    (
        "instance-builtin",
        "class A:\n    def __init__(self):\n        self.f = print\nA()",
        ("unsupported",),
    ),
    # super() tricks
    ("super-outside", "super().__init__()", STATIC),
    ("super-function", "def f():\n    return super()", STATIC),
    ("super-class", "class A:\n    def f(self):\n        return super().__class__", STATIC),
    (
        "super-init-globals",
        "class A:\n    def f(self):\n        super().__init__.__globals__",
        STATIC,
    ),
    (
        "super-foreign",
        "class A:\n    def f(self):\n        return super(int, 1)\nA().f()",
        ("runtime",),
    ),
    ("super-self", "class A:\n    def f(self):\n        return super().f\nA().f()", ("runtime",)),
    # type() is only type(x).__name__
    ("type-call", "type(1)(2)", ("unsupported",)),
    ("type-mro", "type(1).__mro__", STATIC),
    ("type-name-class", "type(1).__name__.__class__", STATIC),
    ("type-three", "type('A', (), {}).__name__", STATIC),
    # m.__class__.__name__ is a string; the class itself stays out of reach
    ("class-alone", "x = 1\nx.__class__", STATIC),
    ("class-mro", "x = 1\nx.__class__.__mro__", STATIC),
    ("class-name-class", "x = 1\nx.__class__.__name__.__class__", STATIC),
    ("class-bases", T + "torch.nn.Linear(1, 1).__class__.__bases__", STATIC),
    # a plain class's own `_name` attributes (micrograd's Value) unlock nobody else's
    (
        "private-tensor",
        T + "class A:\n    def __init__(self):\n        self._data = 1\ntorch.ones(1)._data",
        ("unsupported",),
    ),
    (
        "private-module",
        T
        + "class A:\n    def __init__(self):\n        self._modules = 1\ntorch.nn.Linear(1, 1)._modules",
        ("unsupported",),
    ),
    (
        "private-own-module",
        NET + "    def __init__(self):\n        super().__init__()\n"
        "        self._forward_hooks = {}\nclass A:\n    def __init__(self):\n"
        "        self._forward_hooks = 1\nN()",
        ("unsupported",),
    ),
    (
        "private-namespace",
        T + "class A:\n    def __init__(self):\n        self._C = 1\ntorch._C",
        ("unsupported",),
    ),
    (
        "private-function",
        "class A:\n    def __init__(self):\n        self._f = 1\ndef g():\n    pass\ng._f",
        ("unsupported",),
    ),
    ("private-dunder", "class A:\n    def __init__(self):\n        self.__x = 1\nA()", STATIC),
    ("private-in-module-class", NET + "    def f(self):\n        self._x = 1\nN()._x", STATIC),
    (
        "private-error",
        "class A:\n    def __init__(self):\n        self._e = 1\ntry:\n    1 / 0\nexcept Exception as e:\n    e._e",
        ("unsupported",),
    ),
    ("operator-eq", "class A:\n    def __eq__(self, o):\n        return True", STATIC),
    ("operator-hash", "class A:\n    def __hash__(self):\n        return 1", STATIC),
    ("operator-bool", "class A:\n    def __bool__(self):\n        return True", STATIC),
    ("operator-index", "class A:\n    def __index__(self):\n        return 1", STATIC),
    ("operator-on-module", NET + "    def __add__(self, o):\n        return o", ("unsupported",)),
    # copy: Python's deepcopy protocol is not a way into objects
    ("deepcopy-function", "import copy\nf = copy.deepcopy\ncopy.deepcopy(f).__code__", STATIC),
    ("deepcopy-optimizer", M + "import copy\ncopy.deepcopy(opt)", ("unsupported",)),
    ("deepcopy-namespace", T + "import copy\ncopy.deepcopy(torch)", ("unsupported",)),
    (
        "deepcopy-exception",
        "import copy\ntry:\n    1 / 0\nexcept Exception as e:\n    copy.deepcopy(e)",
        ("unsupported",),
    ),
    ("copy-memo", "import copy\ncopy.deepcopy([1], {})", ("runtime",)),
    ("copy-module-attr", "import copy\ncopy.Error", ("unsupported",)),
    # exceptions used to smuggle objects out
    ("exc-traceback", "try:\n    1 / 0\nexcept Exception as e:\n    e.__traceback__", STATIC),
    ("exc-class", "try:\n    1 / 0\nexcept Exception as e:\n    e.__class__", STATIC),
    ("exc-context", "try:\n    1 / 0\nexcept Exception as e:\n    e.__context__", STATIC),
    (
        "exc-with-tb",
        "try:\n    1 / 0\nexcept Exception as e:\n    e.with_traceback(None)",
        ("runtime",),
    ),
    ("exc-args-class", "try:\n    1 / 0\nexcept Exception as e:\n    e.args[0].__class__", STATIC),
    ("raise-systemexit", "raise SystemExit", STATIC),
    ("raise-keyboard", "raise KeyboardInterrupt()", STATIC),
    ("except-base", "try:\n    pass\nexcept BaseException:\n    pass", STATIC),
    ("raise-non-exception", "raise print", ("runtime",)),
    ("raise-class-attr", "raise ValueError.__subclasses__()", STATIC),
    # functions and generators: no attributes, no frames
    ("function-code", "def f():\n    pass\nf.__code__", STATIC),
    ("function-globals", "f = lambda: 0\nf.__globals__", STATIC),
    ("function-attr", "def f():\n    pass\nf.closure", ("unsupported",)),
    ("function-node", "f = lambda: 0\nf.node", ("unsupported",)),
    ("generator-frame", "def g():\n    yield 1\ng().gi_frame", ("runtime", "unsupported")),
    ("generator-send", "def g():\n    yield 1\ng().send(None)", ("runtime", "unsupported")),
    ("generator-throw", "def g():\n    yield 1\ng().throw(ValueError)", ("runtime", "unsupported")),
    ("genexp-frame", "(i for i in range(3)).gi_frame", ("runtime", "unsupported")),
    ("yield-expression", "def g():\n    x = yield 1", STATIC),
    ("yield-module", "yield 1", STATIC),
    ("yield-lambda", "f = lambda: (yield)", STATIC),
    ("return-module", "return 1", STATIC),
    ("nonlocal-module", "nonlocal x", STATIC),
    ("async-def", "async def f():\n    pass", STATIC),
    ("async-comprehension", "async def f():\n    [x async for x in y]", STATIC),
    # closures over engine internals: a function is not a way around the allow-lists
    ("closure-torch-private", T + "def f():\n    return torch._C\nf()", STATIC),
    (
        "closure-torch-load",
        T + "def f(t):\n    return t.load\nf(torch)",
        ("runtime", "unsupported"),
    ),
    (
        "param-named-torch",
        T + "def f(torch):\n    return torch.load\nf(torch)",
        ("runtime", "unsupported"),
    ),
    (
        "default-namespace",
        T + "def f(t=torch):\n    return t.save\nf()",
        ("runtime", "unsupported"),
    ),
    ("kwargs-dunder", "def f(**k):\n    return k\nf(**{'__class__': 1})", ("unsupported",)),
    ("decorator-builtin", "@print\ndef f():\n    pass", ("unsupported",)),
    ("decorator-torch", T + "@torch.sin\ndef f():\n    pass", ("unsupported",)),
    # callbacks: only the snippet's functions (or torch functions), never builtins
    ("hook-print", X + "x.register_hook(print)", ("unsupported",)),
    ("hook-namespace", X + "x.register_hook(torch)", ("unsupported",)),
    ("closure-print", M + "opt.step(print)", ("unsupported",)),
    ("jacobian-print", X + "torch.autograd.functional.jacobian(print, x)", ("unsupported",)),
    ("hook-method", X + "x.register_hook(x.backward)", ("unsupported",)),
]

RESOURCES = [
    ("recursion", "def f(n):\n    return f(n + 1)\nf(0)"),
    ("mutual-recursion", "def f(n):\n    return g(n)\ndef g(n):\n    return f(n)\nf(0)"),
    ("lambda-recursion", "f = lambda n: f(n + 1)\nf(0)"),
    (
        "recursion-caught",
        "def f():\n    try:\n        return f()\n    except Exception:\n        print('CAUGHT')\n"
        "        return 0\nf()",
    ),
    ("recursion-in-init", "class A:\n    def __init__(self):\n        A()\nA()"),
    (
        "recursion-forward",
        T + "class N(torch.nn.Module):\n    def forward(self, x):\n        return self(x)\n"
        "N()(torch.ones(1))",
    ),
    ("while-true", "while True:\n    pass"),
    ("while-true-try", "while True:\n    try:\n        1 / 0\n    except Exception:\n        pass"),
    (
        "limit-caught",
        "try:\n    for i in range(10**9):\n        pass\nexcept Exception:\n    print('CAUGHT')",
    ),
    ("bare-except-limit", T + "try:\n    torch.ones(10**9)\nexcept:\n    print('CAUGHT')"),
    (
        "finally-loop",
        "try:\n    while True:\n        pass\nfinally:\n    while True:\n        print('CAUGHT')",
    ),
    ("endless-generator-list", "def g():\n    while True:\n        yield 1\nlist(g())"),
    ("endless-generator-sum", "def g():\n    while True:\n        yield 1\nsum(g())"),
    (
        "endless-generator-for",
        "def g():\n    while True:\n        yield 1\nfor v in g():\n    pass",
    ),
    ("endless-yield-from", "def g():\n    yield from g()\nlist(g())"),
    ("genexp-huge", "sum(i for i in range(10**12))"),
    ("listcomp-huge", "[0 for i in range(10**9)]"),
    ("dictcomp-huge", "{i: i for i in range(10**9)}"),
    ("setcomp-huge", "{i for i in range(10**9)}"),
    ("listcomp-nested", "[(i, j) for i in range(10**5) for j in range(10**5)]"),
    ("listcomp-lists", "x = [[0] * 10000 for i in range(100000)]"),
    ("listcomp-tensors", T + "xs = [torch.ones(999999) for i in range(1000)]"),
    ("default-grows", "def f(x=[]):\n    x.append([0] * 1000)\n    return x\nwhile True:\n    f()"),
    ("star-unpack-huge", "x = [*range(10**9)]"),
    ("kwargs-huge", "def f(**k):\n    return k\nf(**{str(i): i for i in range(10**6)})"),
    (
        "hook-loops",
        X + "def h(g):\n    while True:\n        pass\nx.register_hook(h)\ny.backward()",
    ),
    (
        "hook-loops-caught",
        X + "def h(g):\n    while True:\n        pass\nx.register_hook(h)\ntry:\n"
        "    y.backward()\nexcept Exception:\n    print('CAUGHT')",
    ),
    (
        "hook-recurses",
        X
        + "def h(g):\n    (x * 2).sum().backward()\n    return g\nx.register_hook(h)\ny.backward()",
    ),
    ("hook-raises", X + "x.register_hook(lambda g: 1 / 0)\ny.backward()"),
    ("closure-loops", M + "def c():\n    while True:\n        pass\nopt.step(c)"),
    (
        "jacobian-loops",
        X + "def f(t):\n    while True:\n        pass\ntorch.autograd.functional.jacobian(f, x)",
    ),
    (
        "hook-prints",
        X + "def h(g):\n    while True:\n        print(g)\nx.register_hook(h)\ny.backward()",
    ),
    ("random-sample-huge", "import random\nrandom.sample(range(10**12), 10**9)"),
    ("random-bits", "import random\nrandom.getrandbits(10**9)"),
    (
        "random-shuffle-loop",
        "import random\nx = list(range(100000))\nwhile True:\n    random.shuffle(x)",
    ),
]

# A Dataset of the snippet's: the engine (len(), the DataLoader, Python's own iteration) calls
# its __len__ and __getitem__; LEN and GET are what they return.
DS = (
    T + "from torch.utils.data import Dataset, DataLoader\nclass D(Dataset):\n"
    "    def __len__(self):\n        return LEN\n    def __getitem__(self, i):\n"
    "        return GET\n"
)


def dataset(length: str, item: str, rest: str) -> str:
    return DS.replace("LEN", length).replace("GET", item) + rest


HOOK = M + "def h(m, i, o):\n"
ESCAPES += [
    # Dataset classes: only __getitem__ and __len__ join __init__, only on a Dataset
    (
        "dataset-iter",
        T + "class D(torch.utils.data.Dataset):\n    def __iter__(self):\n        return self",
        STATIC,
    ),
    (
        "dataset-getitems",
        T + "class D(torch.utils.data.Dataset):\n    def __getitems__(self, i):\n        return i",
        STATIC,
    ),
    (
        "dataset-next",
        T + "class D(torch.utils.data.Dataset):\n    def __next__(self):\n        return 1",
        STATIC,
    ),
    (
        "dataset-bool",
        T + "class D(torch.utils.data.Dataset):\n    def __bool__(self):\n        return True",
        STATIC,
    ),
    (
        "getitem-on-function-class",
        T + "class F(torch.autograd.Function):\n    def __getitem__(self, i):\n        return i",
        ("unsupported",),
    ),
    (
        "plain-len-huge-bool",
        "class A:\n    def __len__(self):\n        return 10**30\nif A():\n    pass",
        ("runtime",),
    ),
    ("len-on-module", NET + "    def __len__(self):\n        return 1", ("unsupported",)),
    (
        "dataset-and-module",
        T + "class D(torch.utils.data.Dataset, torch.nn.Module):\n    pass",
        ("runtime",),
    ),
    (
        "dataset-shadow-add",
        T + "class D(torch.utils.data.Dataset):\n    def __add__(self, o):\n        return o",
        STATIC,
    ),
    ("len-above-maxsize", dataset("10**30", "0", "len(D())"), ("runtime",)),
    ("len-negative", dataset("-1", "0", "len(D())"), ("runtime",)),
    ("len-float", dataset("2.5", "0", "len(DataLoader(D()))"), ("runtime",)),
    (
        "getitem-self-nested",
        dataset(
            "4",
            "self.box",
            "d = D()\nd.box = [1]\nd.box.append(d.box)\nnext(iter(DataLoader(d, batch_size=2)))",
        ),
        ("runtime", "limit"),
    ),
    (
        "getitem-returns-namespace",
        dataset("2", "torch", "next(iter(DataLoader(D())))"),
        ("runtime", "unsupported"),
    ),
    ("dataset-private-read", dataset("2", "0", "D()._x"), STATIC),
    ("dataset-engine-attr", dataset("2", "0", "D().__add__"), STATIC),
    # iter() and next(): the one-argument forms only
    ("iter-sentinel", "iter(print, 1)", ("unsupported",)),
    ("next-not-iterator", "next([1, 2])", ("runtime",)),
    ("next-generator-frame", "g = iter([1])\ng.gi_frame", ("unsupported", "runtime")),
    # module hooks and LambdaLR take only the snippet's own functions
    ("forward-hook-builtin", M + "model.register_forward_hook(print)", ("unsupported",)),
    ("pre-hook-namespace", M + "model.register_forward_pre_hook(torch)", ("unsupported",)),
    ("backward-hook-method", M + "model.register_full_backward_hook(opt.step)", ("unsupported",)),
    ("lambdalr-builtin", M + "torch.optim.lr_scheduler.LambdaLR(opt, abs)", ("unsupported",)),
    (
        "lambdalr-list-builtin",
        M + "torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda=[print])",
        ("unsupported",),
    ),
    (
        "multiplicativelr-builtin",
        M + "torch.optim.lr_scheduler.MultiplicativeLR(opt, abs)",
        ("unsupported",),
    ),
    (
        "multiplicativelr-list-builtin",
        M + "torch.optim.lr_scheduler.MultiplicativeLR(opt, lr_lambda=[print])",
        ("unsupported",),
    ),
    (
        "plateau-metric-builtin",
        M + "s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\ns.step(print)",
        ("runtime",),
    ),
    (
        "plateau-private-method",
        M + "s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\ns._reduce_lr()",
        STATIC,
    ),
    (
        "lambdalr-state-dict",
        M + "s = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0)\ns.state_dict()",
        ("unsupported",),
    ),
    (
        "hook-raises-forward",
        HOOK + "    raise RuntimeError('boom')\nmodel.register_forward_hook(h)"
        "\nmodel(torch.ones(1, 2))",
        ("runtime",),
    ),
    (
        "hook-raises-backward",
        M + "def h(m, gi, go):\n    return 1 / 0\n"
        "model.register_full_backward_hook(h)\nmodel(torch.ones(1, 2)).sum().backward()",
        ("runtime",),
    ),
    # key= functions
    ("key-mutates-list", "xs = [3, 1, 2]\nxs.sort(key=lambda v: xs.append(0) or v)", ("runtime",)),
    ("key-none-compare", "xs = [3, 1, 2]\nxs.sort(key=lambda v: xs.append(v))", ("runtime",)),
    ("key-raises", "max([1, 2], key=lambda v: 1 / 0)", ("runtime",)),
    ("key-namespace", "import torch\nsorted([1], key=torch)", ("runtime",)),
    # @property: a getter only, in a class only
    ("property-outside", "@property\ndef f():\n    return 1", STATIC),
    (
        "property-setter",
        "class A:\n    @property\n    def x(self):\n        return 1\n"
        "    @x.setter\n    def x(self, v):\n        pass",
        ("unsupported",),
    ),
    (
        "property-fget",
        "class A:\n    @property\n    def x(self):\n        return 1\nA.x.fget",
        ("unsupported", "runtime"),
    ),
    (
        "property-raises",
        "class A:\n    @property\n    def x(self):\n        return 1 / 0\nA().x",
        ("runtime",),
    ),
]
RESOURCES += [
    (
        "len-huge-shuffle",
        dataset(
            "10**12",
            "torch.zeros(1)",
            "for xb in DataLoader(D(), batch_size=4, shuffle=True):\n    pass",
        ),
    ),
    ("len-huge-list", dataset("10**12", "torch.zeros(1)", "list(DataLoader(D(), batch_size=4))")),
    (
        "len-huge-loop",
        dataset("10**12", "torch.zeros(1)", "for xb in DataLoader(D(), batch_size=4):\n    pass"),
    ),
    ("getitem-recurses", dataset("4", "self[i]", "D()[0]")),
    (
        "getitem-recurses-loader",
        dataset("4", "self[i]", "next(iter(DataLoader(D(), batch_size=2)))"),
    ),
    ("getitem-never-ends", dataset("4", "torch.zeros(1)", "for x in D():\n    pass")),
    # a plain class indexing itself (d2l's Accumulator): Python iterates it through
    # __getitem__ until an IndexError, in C, for list(), `in`, unpacking, sorted()
    (
        "plain-getitem-list-never-ends",
        "class A:\n    def __getitem__(self, i):\n        return i\nlist(A())",
    ),
    (
        "plain-getitem-in-never-ends",
        "class A:\n    def __getitem__(self, i):\n        return 0\n1 in A()",
    ),
    (
        "plain-getitem-unpack",
        "class A:\n    def __getitem__(self, i):\n        return 0\na, b = A()",
    ),
    (
        "plain-getitem-sorted-never-ends",
        "class A:\n    def __getitem__(self, i):\n        return i\nsorted(A())",
    ),
    (
        "plain-getitem-recurses",
        "class A:\n    def __getitem__(self, i):\n        return self[i + 1]\nA()[0]",
    ),
    ("getitem-list-never-ends", dataset("4", "0", "list(D())")),
    (
        "getitem-huge-samples",
        dataset("10**6", "[0.0] * 100000", "for b in DataLoader(D(), batch_size=1000):\n    pass"),
    ),
    (
        "limit-in-getitem-caught",
        dataset("4", "self[i]", "try:\n    D()[0]\nexcept Exception:\n    print('CAUGHT')"),
    ),
    (
        "limit-in-len-caught",
        T + "class D(torch.utils.data.Dataset):\n    def __len__(self):\n"
        "        while True:\n            pass\ntry:\n    len(D())\nexcept Exception:\n"
        "    print('CAUGHT')",
    ),
    (
        "endless-generator-next",
        "def g():\n    while True:\n        yield 1\nit = g()\nwhile True:\n    next(it)",
    ),
    ("endless-generator-list", "def g():\n    while True:\n        yield 1\nlist(iter(g()))"),
    (
        "hook-recurses",
        M + "model.register_forward_hook(lambda m, i, o: m(i[0]))\nmodel(torch.ones(1, 2))",
    ),
    (
        "hook-always-called-loops",
        HOOK + "    while True:\n        pass\n"
        "model.register_forward_hook(h, always_call=True)\nmodel(torch.ones(1, 3))",
    ),
    (
        "pre-hook-loops",
        M + "def h(m, i):\n    while True:\n        pass\n"
        "model.register_forward_pre_hook(h)\nmodel(torch.ones(1, 2))",
    ),
    (
        "lambdalr-loops",
        M + "def f(e):\n    while True:\n        pass\ntorch.optim.lr_scheduler.LambdaLR(opt, [f])",
    ),
    (
        "multiplicativelr-loops",
        M + "def f(e):\n    while True:\n        pass\n"
        "s = torch.optim.lr_scheduler.MultiplicativeLR(opt, f)\nopt.step()\ns.step()",
    ),
    (
        "lambdalr-recurses",
        M + "def f(e):\n    return f(e)\ntorch.optim.lr_scheduler.LambdaLR(opt, f)",
    ),
    ("key-recurses", "def k(v):\n    return k(v)\nmax([1, 2], key=k)"),
    ("add-recurses", "class V:\n    def __add__(self, o):\n        return self + o\nV() + 1"),
    (
        "radd-loops-caught",
        "class V:\n    def __radd__(self, o):\n        while True:\n            pass\n"
        "try:\n    sum([V()])\nexcept Exception:\n    print('CAUGHT')",
    ),
    ("map-endless", "def g():\n    while True:\n        yield 1\nlist(map(abs, g()))"),
    ("filter-huge-range", "for x in filter(lambda v: v < 0, range(10**12)):\n    pass"),
    ("filter-none-huge", "sum(filter(None, range(10**12)))"),
    ("map-loops", "def f(v):\n    while True:\n        pass\nlist(map(f, [1]))"),
    ("filter-recurses", "def f(v):\n    return f(v)\nlist(filter(f, [1]))"),
    (
        "map-caught",
        "try:\n    list(map(lambda v: [v] * 10**9, [1]))\nexcept Exception:\n    print('CAUGHT')",
    ),
    (
        "deepcopy-grows",
        "import copy\nx = [[0] * 1000 for _ in range(1000)]\nwhile True:\n"
        "    x = [copy.deepcopy(x), x]",
    ),
    (
        "deepcopy-tensors",
        T + "import copy\nx = [torch.ones(10**6)]\nwhile True:\n    x = x + copy.deepcopy(x)",
    ),
    (
        "key-exponential",
        "a = [0]\nfor i in range(40):\n    a = [a, a]\nsorted([1, 2], key=lambda v: a)",
    ),
    ("key-builds-huge", "sorted([1, 2] * 50000, key=lambda v: [v] * 1000)"),
    ("key-loops", "def k(v):\n    while True:\n        pass\nsorted([1, 2], key=k)"),
    (
        "property-recurses",
        "class A:\n    @property\n    def x(self):\n        return self.x\nA().x",
    ),
    (
        "property-loops-caught",
        "class A:\n    @property\n    def x(self):\n        while True:\n"
        "            pass\ntry:\n    A().x\nexcept Exception:\n    print('CAUGHT')",
    ),
]

HOSTILE = [(f"escape-{n}", s, k) for n, s, k in ESCAPES] + [
    (f"resource-{n}", s, ("limit", "runtime")) for n, s in RESOURCES
]


@pytest.mark.parametrize(("name", "source", "kinds"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_language_is_refused_harmlessly(name, source, kinds) -> None:
    with thread_cpu() as spent, pytest.raises(SnippetError) as info:
        run_snippet('print("SENTINEL")\n' + source)
    error = info.value
    assert error.kind in kinds, f"{error.kind}: {error}"
    assert spent() < DEFAULT_LIMITS.time_limit + CPU_SLACK  # processor time: tests/cpu_time.py
    assert "CAUGHT" not in error.output  # a limit or refusal is never caught by the snippet
    if kinds is STATIC:
        assert error.output == "", "refused code must not half-run"
    assert error.hint and error.message


LIMIT_ONLY = [
    n
    for n, _ in RESOURCES
    if n.startswith(("recursion", "mutual", "lambda-rec", "while", "limit", "bare", "endless"))
    or n.endswith(("recurses", "loops", "-caught", "never-ends"))
]


@pytest.mark.parametrize("name", LIMIT_ONLY)
def test_limits_stay_limits_inside_functions_and_try(name: str) -> None:
    source = dict(RESOURCES)[name]
    with pytest.raises(SnippetError) as info:
        run_snippet(source)
    assert info.value.kind == "limit"
    assert not info.value.catchable


@pytest.mark.parametrize(
    "name", ["listcomp-tensors", "listcomp-lists", "default-grows", "kwargs-huge"]
)
def test_growing_things_stay_within_memory(name: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(SnippetError):
            run_snippet(dict(RESOURCES)[name])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300 * 2**20, f"{peak / 2**20:.0f} MB"


def test_recursion_names_the_call_depth_limit() -> None:
    with pytest.raises(SnippetError) as info:
        run_snippet("def f(n):\n    return f(n + 1)\n\nf(0)")
    error = info.value
    assert error.message == (
        "This snippet tried to call functions more than 50 levels deep (a recursion that does "
        "not stop?); the limit here is 50 levels."
    )
    assert error.line == 2 and error.calls[-1] == (4, "f") and len(error.calls) == 50


# --- functions kept after the run ----------------------------------------------------------------


def test_a_function_called_after_its_run_refuses_to_run() -> None:
    result = run_snippet(
        "import torch\nx = torch.ones(2, requires_grad=True)\n"
        "def h(g):\n    print('RAN')\n    return g\nx.register_hook(h)\n"
        "def f():\n    while True:\n        pass\n"
    )
    x, f = result.variables["x"], result.variables["f"]
    with pytest.raises(SnippetError, match="only runs while a snippet runs"):
        f()
    with pytest.raises(SnippetError, match="only runs while a snippet runs"):
        (x * 2).sum().backward()  # the engine calls the hook outside any run


def test_a_repr_of_the_snippets_class_is_not_run_after_its_run() -> None:
    result = run_snippet(
        "class A:\n    def __repr__(self):\n        while True:\n            pass\na = A()"
    )
    with pytest.raises(SnippetError, match="only runs while a snippet runs"):
        repr(result.variables["a"])


def test_a_generator_is_not_resumed_by_another_run() -> None:
    first = run_snippet("def g():\n    while True:\n        yield 1\nit = g()")
    with pytest.raises(SnippetError) as info:
        run_snippet("for v in it:\n    print(v)", namespace=first.namespace)
    assert "only runs while a snippet runs" in info.value.message
    assert info.value.output == ""


def test_a_function_from_an_earlier_cell_runs_on_the_later_cells_budget() -> None:
    first = run_snippet(
        "def spin():\n    while True:\n        pass\ndef double(v):\n    return 2 * v"
    )
    assert run_snippet("print(double(21))", namespace=first.namespace).output == "42\n"
    with pytest.raises(SnippetError) as info:
        run_snippet("spin()", namespace=first.namespace)
    assert info.value.kind == "limit"


def test_a_caught_engine_error_shows_only_plain_values() -> None:
    result = run_snippet(
        "import torch\nd = {}\ntry:\n    torch.ones(2).backward()\nexcept RuntimeError as e:\n"
        "    print(type(e).__name__, type(e.args[0]).__name__, isinstance(e, Exception))\n"
        "try:\n    d[(1, 2)]\nexcept KeyError as e:\n    print(e.args)\n"
    )
    assert result.output == "RuntimeError str True\n('<tuple>',)\n"
    assert "e" not in result.variables  # Python deletes the name after the handler
