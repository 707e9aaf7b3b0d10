"""Small PyTorch programs whose printed output autograd_core must reproduce exactly.

Shared by record_engine.py (runs them with real PyTorch and stores what they print in
engine.json) and tests/test_engine_golden.py (runs them with `import autograd_core as torch`).
Each program is plain PyTorch; `torch` is provided by the runner.
"""

from __future__ import annotations

UNARY = [
    "exp",
    "log",
    "sqrt",
    "sin",
    "cos",
    "tan",
    "tanh",
    "sigmoid",
    "relu",
    "abs",
    "neg",
    "square",
    "reciprocal",
    "rsqrt",
    "log1p",
    "expm1",
    "atan",
    "sinh",
    "cosh",
    "floor",
    "ceil",
    "round",
    "sign",
    "log2",
    "log10",
]

PROGRAMS: dict[str, str] = {}

for op in UNARY:
    PROGRAMS[f"unary_{op}"] = f"""
x = torch.tensor([0.5, 1.25, 2.0, 3.7], requires_grad=True)
y = torch.{op}(x)
print(y)
y.sum().backward()
print(x.grad)
s = torch.tensor(0.75, requires_grad=True)
z = s.{op}()
z.backward()
print(z, s.grad, round(z.item(), 6))  # full-precision digits of exp/log/... may differ by 1 ulp
"""

BINARY = {"add": "+", "sub": "-", "mul": "*", "truediv": "/", "pow": "**"}
for name, sym in BINARY.items():
    PROGRAMS[f"binary_{name}"] = f"""
a = torch.tensor([[1.5, 2.0, 0.5], [3.0, 0.25, 1.0]], requires_grad=True)
b = torch.tensor([0.5, 2.0, 1.5], requires_grad=True)
c = a {sym} b
print(c)
c.sum().backward()
print(a.grad)
print(b.grad)
print(c.grad_fn, c.grad_fn.next_functions)
"""
    PROGRAMS[f"scalar_{name}"] = f"""
x = torch.tensor([1.0, 2.0, 4.0], requires_grad=True)
for y in (x {sym} 2, 2 {sym} x, x {sym} 0.5, 3 {sym} x):
    print(y, type(y.grad_fn).__name__, len(y.grad_fn.next_functions))
(x {sym} 3).sum().backward()
print(x.grad)
"""

PROGRAMS.update(
    {
        "seed_chain": """
x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = x**2 * y + y**3
print(z)
z.backward()
print(x.grad, y.grad)
print(z.grad_fn.next_functions)
print(z.grad_fn.next_functions[0][0].next_functions)
""",
        "sin_chain": """
x = torch.tensor(5.0, requires_grad=True)
print(x)
y = x ** 2
print(y)
z = torch.sin(y)
print(z)
z.backward()
print("Gradient of z with respect to x:", x.grad)
""",
        "mean_of_squares": """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x ** 2).mean()
y.backward()
print(y, x.grad)
""",
        "randn_pipeline": """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x + 2
z = y * y * 3
z = z.mean()
print(y, z)
z.backward()
print(x.grad)
""",
        "vector_backward": """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x ** 3
y.backward(torch.tensor([1.0, 1.0, 1.0]))
print("Gradient (dy/dx):", x.grad)
z = x * x
z.backward(torch.tensor([0.1, 1.0, 0.001]))
print(x.grad)
""",
        "higher_order": """
x = torch.tensor([2.0], requires_grad=True)
y = x ** 3
grad1 = torch.autograd.grad(y, x, create_graph=True)[0]
grad2 = torch.autograd.grad(grad1, x)[0]
print("First Derivative (dy/dx):", grad1)
print("Second Derivative (d²y/dx²):", grad2)
g = torch.tensor(1.5, requires_grad=True)
h = g.sin() * g.exp()
d1, = torch.autograd.grad(h, g, create_graph=True)
d2, = torch.autograd.grad(d1, g, create_graph=True)
d3, = torch.autograd.grad(d2, g)
print(d1, d2, d3)
for f in (torch.tanh, torch.sigmoid, torch.relu, torch.exp, torch.sin):
    gf, = torch.autograd.grad(f(g), g, create_graph=True)
    ggf, = torch.autograd.grad(gf, g)
    print(f.__name__, gf, ggf)
""",
        "accumulation": """
x = torch.tensor(2.0, requires_grad=True)
y = x ** 2
y.backward(retain_graph=True)
print(x.grad)
y.backward()
print(x.grad)
print(x.grad.zero_())
(x ** 3).backward()
print(x.grad)
""",
        "multiple_outputs": """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y1 = x ** 2
y2 = x ** 3
y1.sum().backward(retain_graph=True)
print("x.grad =", x.grad)
x.grad.zero_()
y2.sum().backward()
print("x.grad =", x.grad)
""",
        "no_grad_detach": """
x = torch.tensor(2.0, requires_grad=True)
with torch.no_grad():
    y = x ** 2
    z = y + 1
print(y, z, y.requires_grad, y.grad_fn)
w = x ** 3
d = x.detach()
print(w, d, d.requires_grad, d.is_leaf, w.is_leaf)
e = torch.tensor([1.0], requires_grad=True)
print(e.requires_grad_(False), e.requires_grad)
""",
        "sgd_step": """
weights = torch.ones(4, requires_grad=True)
optimizer_lr = 0.01
output = (weights * 3).sum()
output.backward()
with torch.no_grad():
    weights -= optimizer_lr * weights.grad
print("Updated Weights:", weights)
weights.grad = None
print("Gradients:", weights.grad)
""",
        "linear_regression": """
x = torch.tensor([1.0, 2.0, 3.0])
y_true = torch.tensor([2.0, 4.0, 6.0])
w = torch.tensor(0.0, requires_grad=True)
for epoch in range(10):
    y_pred = w * x
    loss = ((y_pred - y_true) ** 2).mean()
    loss.backward()
    print(f"Epoch {epoch}: w = {w.item()}, loss = {loss.item()}")
    with torch.no_grad():
        w -= 0.1 * w.grad
        w.grad.zero_()
""",
        "gradient_descent": """
x = torch.tensor(0.0, requires_grad=True)
for step in range(20):
    f = (x - 3) ** 2
    f.backward()
    with torch.no_grad():
        x -= 0.1 * x.grad
    x.grad.zero_()
    if step % 5 == 0:
        print(f"Step {step}: x = {x.item():.4f}, f(x) = {f.item():.4f}")
print(f"Final: x = {x.item():.4f}")
print(x.item())
""",
        "dtype_promotion": """
i = torch.tensor([1, 2, 3])
f = torch.tensor([0.5, 1.5, 2.5])
d = torch.tensor([0.5, 1.5, 2.5], dtype=torch.float64)
print(i * 2.5, i / 2, i // 2, i + True, i * f, f * d, f * torch.tensor(2.0, dtype=torch.float64))
print((i * 2.5).dtype, (i / 2).dtype, (f * d).dtype, (i > 1).dtype, i.sum().dtype, i.float().mean())
print(torch.tensor([True, False]).sum(), torch.tensor([1, 2]).prod(), (i == 2).float().mean())
print(torch.tensor(3) + 0.5, torch.tensor([1, 2]) ** 2, 2 ** torch.tensor([1, 2]), torch.tensor([4, 9]) ** 0.5)
""",
        "reductions": """
m = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], requires_grad=True)
for r in (m.sum(), m.sum(0), m.sum(1, keepdim=True), m.mean(), m.mean(dim=0), m.max(), m.min(),
          m.prod(), m.var(), m.std(), m.var(1), m.std(0, keepdim=True), m.amax(1), m.logsumexp(1),
          m.norm(), m.sum((0, 1))):
    print(r)
print(m.max(1), m.min(0), m.argmax(), m.argmax(1), m.argmin(0, keepdim=True))
(m.max(1).values.sum() + m.var() + m.prod() * 0.01 + m.norm()).backward()
print(m.grad)
""",
        "softmax_family": """
x = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]], requires_grad=True)
s = torch.softmax(x, dim=1)
l = torch.log_softmax(x, dim=0)
print(s, l)
(s[:, 0].sum() + l[1].sum() * 0.5).backward()
print(x.grad)
""",
        "shapes": """
x = torch.arange(6.0, requires_grad=True)
m = x.view(2, 3)
print(m, m.T, m.t(), m.reshape(3, 2), m.flatten(), m.unsqueeze(0).shape, m.unsqueeze(-1).squeeze(-1).shape)
print(m.transpose(0, 1), m.permute(1, 0), m.expand(2, 2, 3).shape, m.repeat(1, 2), m.flip(1))
print(torch.cat([m, m], dim=0).shape, torch.stack([m, m], dim=1).shape, m.narrow(1, 1, 2))
(m.T * torch.tensor([1.0, 2.0])).sum().backward()
print(x.grad)
print(m.shape, m.size(), m.size(1), m.dim(), m.ndim, m.numel(), len(m))
""",
        "indexing": """
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
print(x[0], x[:, 1], x[1, 2], x[-1], x[0, 1:], x[:, [0, 2]], x[x > 2], x[..., 0], x[None].shape)
y = x[0, 1] * 2 + x[1].sum() + x[:, [0, 0]].sum()
y.backward()
print(x.grad)
print(type(x[0].grad_fn).__name__, type(x[0, 1:].grad_fn).__name__, type(x[[0]].grad_fn).__name__)
""",
        "matmul_family": """
A = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
v = torch.tensor([0.5, -1.0], requires_grad=True)
B = torch.tensor([[1.0, 0.0, 2.0], [0.0, 1.0, 3.0]], requires_grad=True)
print(A @ v, A @ B, v @ v, A.mm(B), A.mv(v), torch.dot(v, v), torch.matmul(v, B))
(A @ B).sum().backward(retain_graph=True)
(A @ v).sum().backward()
print(A.grad, v.grad, B.grad)
print((A @ B).grad_fn, (A @ v).grad_fn, (v @ v).grad_fn)
""",
        "clamp_where_max": """
x = torch.tensor([-2.0, -0.5, 0.5, 2.0], requires_grad=True)
y = torch.tensor([1.0, -1.0, 1.0, -1.0], requires_grad=True)
outs = [x.clamp(-1, 1), x.clamp(min=0), torch.maximum(x, y), torch.minimum(x, y), torch.where(x > 0, x, y), x.relu(), torch.clamp(x, max=0.5)]
for o in outs:
    print(o)
sum(o.sum() for o in outs).backward()
print(x.grad, y.grad)
""",
        "in_place": """
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 2
y += 1
y.mul_(3)
print(y, y.grad_fn, y.grad_fn.next_functions[0][0])
y.sum().backward()
print(x.grad)
a = torch.zeros(3)
a[1] = 5
a.add_(1)
a[0:2] *= 2
print(a, a.fill_(7), torch.ones(2).copy_(torch.tensor([3.0, 4.0])))
""",
        "errors_backward": """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
z = x * 2
z.backward()
""",
        "errors_twice": """
x = torch.tensor(2.0, requires_grad=True)
y = x ** 2
y.backward()
y.backward()
""",
        "errors_leaf_inplace": """
w = torch.tensor(1.0, requires_grad=True)
w -= 0.1
""",
        "errors_numpy": """
x = torch.tensor(1.0, requires_grad=True)
x.numpy()
""",
        "errors_int_grad": """
torch.tensor([1, 2], requires_grad=True)
""",
        "errors_shapes": """
try:
    torch.ones(2, 3) + torch.ones(2)
except RuntimeError as e:
    print(e)
try:
    torch.ones(2, 3) @ torch.ones(2, 3)
except RuntimeError as e:
    print(e)
try:
    torch.ones(2, 3).view(4)
except RuntimeError as e:
    print(e)
try:
    torch.ones(2, 3).sum(2)
except IndexError as e:
    print(e)
try:
    torch.tensor([1.0, 2.0]).item()
except RuntimeError as e:
    print(e)
try:
    torch.tensor([1, 2]).mean()
except RuntimeError as e:
    print(e)
try:
    torch.tensor([[1.0, 2.0], [3.0]])
except ValueError as e:
    print(e)
""",
        "grad_fn_details": """
x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x * 2
z = x ** 2
print(y.grad_fn.name(), y.grad_fn._saved_other, y.grad_fn._saved_self)
print(z.grad_fn._saved_exponent, z.grad_fn._saved_self)
print(y.grad_fn.next_functions[0][0].variable is x, x.grad_fn, x.is_leaf, y.is_leaf)
print(y.requires_grad, z.sum().grad_fn.next_functions[0][0] is z.grad_fn)
""",
        "tensor_creation": """
print(torch.tensor(2.0), torch.tensor([1, 2, 3]), torch.tensor([1.0, 2.5]), torch.tensor([[1, 2], [3, 4]]))
print(torch.tensor([True, False]), torch.tensor(3), torch.tensor([], dtype=torch.float32), torch.tensor(2.0, dtype=torch.float64))
print(torch.zeros(2, 3), torch.ones(3), torch.full((2,), 7.0), torch.full((2,), 3), torch.eye(3))
print(torch.arange(5), torch.arange(1, 4), torch.arange(0, 1, 0.25), torch.linspace(-1, 1, 5), torch.zeros_like(torch.ones(2, 2)))
print(torch.tensor([1e-5, 1e5]), torch.tensor([0.1, 1.0, 100.0]), torch.tensor(123456789.0), torch.tensor([1.0, float('nan'), float('inf')]))
print(torch.ones(2, 2, requires_grad=True), torch.ones(2, dtype=torch.float64, requires_grad=True))
print(torch.zeros(3).dtype, torch.arange(3).dtype, torch.tensor([1, 2]).float().dtype, torch.tensor(1.0).double())
""",
        "format_and_python_protocol": """
x = torch.tensor(2.5, requires_grad=True)
print(f"{x}", f"{x:.3f}", f"{x.item():.4f}", float(x), int(torch.tensor(3.9)), bool(torch.tensor(0.0)))
v = torch.tensor([1.0, 2.0, 3.0])
print(len(v), [t for t in v], v.tolist(), 2.0 in v, v[0] == 1, list(v.shape), v.shape == (3,))
print(abs(-v), -v, +v, v.T)
""",
        "retain_grad_hooks": """
x = torch.tensor(2.0, requires_grad=True)
y = x * 3
y.retain_grad()
y.register_hook(lambda g: print("hook sees", g))
z = y ** 2
z.backward()
print(y.grad, x.grad, y.retains_grad, x.retains_grad)
w = torch.tensor([1.0, 2.0], requires_grad=True)
h = w.register_hook(lambda g: g * 2)
(w * w).sum().backward()
print(w.grad)
h.remove()
w.grad = None
(w * w).sum().backward()
print(w.grad)
""",
        "autograd_grad_api": """
a = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(2.0, requires_grad=True)
out = a * b + b ** 2
print(torch.autograd.grad(out, [a, b], retain_graph=True))
print(torch.autograd.grad(out, b, retain_graph=True))
print(torch.autograd.grad([out, a * 3], [a]))
print(torch.autograd.grad(a * 2, [a, b], allow_unused=True))
v = torch.tensor([1.0, 2.0], requires_grad=True)
print(torch.autograd.grad(v * v, v, grad_outputs=torch.tensor([1.0, 0.5])))
""",
        "jacobian_hessian": """
from_f = lambda t: t ** 2 * t.sum()
x = torch.tensor([1.0, 2.0, 3.0])
print(torch.autograd.functional.jacobian(from_f, x))
print(torch.autograd.functional.hessian(lambda t: (t ** 3).sum() + t[0] * t[1], x))
""",
    }
)

# gather / scatter: values, grad_fn names, gradients (also through create_graph), and the errors a
# wrong index gives, each caught so one program shows them all.
PROGRAMS["gather_scatter"] = """
x = torch.arange(6.0).reshape(2, 3).requires_grad_()
idx = torch.tensor([[0, 0], [2, 1]])
g = torch.gather(x, 1, idx)
print(g, x.gather(0, torch.tensor([[1, 0, 1]])))
(g * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward()
print(x.grad)
base = torch.zeros(2, 3, requires_grad=True)
src = torch.tensor([[5.0, 6.0], [7.0, 8.0]], requires_grad=True)
s = base.scatter(1, idx, src)
print(s, base.scatter(1, idx, 9.0), torch.scatter(base, 0, idx[:1], value=-1.0))
(s * torch.arange(6.0).reshape(2, 3)).sum().backward()
print(base.grad, src.grad)
a = base.scatter_add(1, torch.tensor([[1, 1], [0, 2]]), src)
print(a)
a.pow(2).sum().backward()
print(src.grad)
print(torch.zeros(3, 4).scatter_(1, torch.tensor([[1], [0], [3]]), 1))
print(torch.zeros(4, dtype=torch.float).scatter_(0, torch.tensor(2), value=1))
print(torch.zeros(2, 3, dtype=torch.long).scatter_(1, idx, 7), torch.tensor(3.0).gather(0, torch.tensor(0)))
w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = w.clone().scatter_(0, torch.tensor([0, 2]), w[:2] ** 2)
print(y)
(gw,) = torch.autograd.grad(y.sum(), w, create_graph=True)
print(gw, torch.autograd.grad(gw.sum(), w))
h = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
(gh,) = torch.autograd.grad((h.gather(1, torch.tensor([[1], [1]])) ** 3).sum(), h, create_graph=True)
print(gh, torch.autograd.grad(gh.sum(), h))
tries = [
    lambda: torch.gather(x, 1, idx.float()),
    lambda: torch.gather(x, 1, torch.tensor([0, 1])),
    lambda: torch.gather(x, 1, torch.tensor([[5]])),
    lambda: x.gather(1, torch.tensor([[-1]])),
    lambda: torch.gather(x, 2, idx),
    lambda: x.gather(1, [[0]]),
    lambda: x.gather(1, torch.tensor([[0, 0], [0, 0], [0, 0]])),
    lambda: torch.zeros(2, 3).scatter(1, idx.float(), 1.0),
    lambda: torch.zeros(2, 3).scatter(1, torch.tensor([0, 1]), 1.0),
    lambda: torch.zeros(2, 3).scatter(1, torch.tensor([[7]]), 1.0),
    lambda: torch.zeros(2, 3).scatter(1, idx, torch.ones(2, 2, dtype=torch.float64)),
    lambda: torch.zeros(2, 3).scatter(1, idx, torch.ones(1, 1)),
    lambda: torch.zeros(2, 3).scatter_add(1, idx, torch.ones(2, 2, dtype=torch.float64)),
    lambda: torch.zeros(2, 3).scatter_add(1, idx.float(), torch.ones(2, 2)),
    lambda: torch.zeros(2, 3, requires_grad=True).scatter(1, idx, torch.ones(2, 3, requires_grad=True)).sum().backward(),
]
for t in tries:
    try:
        print(t())
    except (RuntimeError, IndexError, TypeError) as e:
        print(type(e).__name__, e)
"""

# NumPy's names, which PyTorch's built-in operations accept: axis= for dim=, keepdims= for keepdim=.
PROGRAMS["numpy_axis_names"] = """
x = torch.tensor([[1.0, 5.0, 2.0], [4.0, 0.5, 6.0]], requires_grad=True)
print(x.argmax(axis=1), torch.argmin(x, axis=0), x.sum(axis=1, keepdims=True))
print(x.max(axis=1), torch.mean(x, axis=0), x.softmax(axis=1).sum(axis=1))
print(torch.cat([x, x], axis=0).shape, torch.stack([x, x], axis=2).shape, x.unsqueeze(axis=0).shape)
print(x.std(axis=1), x.logsumexp(axis=1), x.cumsum(axis=1), x.prod(axis=0))
print(x.gather(axis=1, index=torch.tensor([[2], [0]])), x.narrow(axis=1, start=1, length=2), x.select(axis=0, index=1))
x.amax(axis=0).sum().backward()
print(x.grad)
for t in [lambda: x.sum(1, axis=1), lambda: x.sum(dim=1, axis=1), lambda: x.norm(axis=0), lambda: x.split(1, axis=0)]:
    try:
        print(t())
    except TypeError as e:
        print(type(e).__name__, e)
"""

# --- the functions real tutorials call (issue "The engine runs real tutorials") --------------------
# Values, dtypes, printed forms, grad_fn names, gradients (also of second order) and the errors
# of common misuses, each error caught so one program shows them all.


def _errors(calls: str) -> str:
    """A loop that prints each call's result or PyTorch's error (type and message)."""
    return f"""
for t in [{calls}]:
    try:
        print(t())
    except (RuntimeError, IndexError, TypeError, ValueError, NotImplementedError) as e:
        print(type(e).__name__, e)
"""


PROGRAMS["pieces_split_chunk_unbind"] = """
x = torch.arange(6.0, requires_grad=True)
print(x.chunk(4), torch.chunk(x, 3)[2])
print(x.split(4), x.split([1, 5]), torch.split(x.view(2, 3), 1, dim=1))
print(x.unbind(), x.view(2, 3).unbind(1))
print(x.tensor_split(4), torch.tensor_split(x, [1, 4]), x.view(2, 3).tensor_split(2, dim=1))
a, b = x.chunk(2)
(a * 2 + b ** 2).sum().backward()
print(x.grad)
rows = x.view(2, 3).unbind(0)
(g,) = torch.autograd.grad((rows[1] ** 3).sum(), x, create_graph=True)
print(g, torch.autograd.grad(g.sum(), x))
print((x * 2.0).grad_fn._saved_other, (x * 2).grad_fn._saved_other, (x / 4.0).grad_fn._saved_other)
print(x.chunk(2)[1].grad_fn._saved_dim)
""" + _errors(
    "lambda: x.chunk(0), lambda: x.split(0), lambda: x.split([1, 2]), lambda: x.tensor_split(0), "
    "lambda: x.unbind(2)"
)

PROGRAMS["sort_topk_median_unique"] = """
x = torch.tensor([[3.0, 1.0, 2.0, 1.0], [0.5, 4.0, -1.0, 2.5]], requires_grad=True)
s = x.sort()
print(s)
print(s.values, s.indices, torch.sort(x, dim=0, descending=True))
print(x.argsort(dim=1, descending=True), torch.argsort(x[0]), x[0].msort())
print(torch.sort(x[0], stable=True), x.sort(descending=True)[0])
t = x.topk(2)
print(t, torch.topk(x, 1, dim=0, largest=False))
print(x.median(), x.median(dim=1), torch.median(x, 0, keepdim=True))
(s.values[:, :2].sum() + t.values.sum() + x.median() * 10).backward()
print(x.grad)
w = torch.tensor([2.0, -1.0, 3.0], requires_grad=True)
(gw,) = torch.autograd.grad((w.sort().values ** 2 * torch.tensor([1.0, 2.0, 3.0])).sum(), w, create_graph=True)
print(gw, torch.autograd.grad(gw.sum(), w))
print(torch.unique(torch.tensor([3, 1, 2, 3, 1])), torch.tensor([3, 1, 2, 3]).unique(return_counts=True))
print(torch.unique(torch.tensor([2.0, 1.0, 2.0]), return_inverse=True), torch.unique(torch.tensor([[1, 2], [1, 2], [0, 1]]), dim=0))
print(torch.bincount(torch.tensor([0, 2, 2, 5])), torch.bincount(torch.tensor([0, 1, 1]), minlength=4))
print(torch.bincount(torch.tensor([0, 1, 1]), weights=torch.tensor([0.5, 1.0, 2.0])))
print(torch.count_nonzero(torch.tensor([[0, 1, 2], [3, 0, 0]])), torch.count_nonzero(torch.tensor([[0, 1], [2, 0]]), dim=0))
print(torch.nonzero(torch.tensor([[0, 1], [2, 0]])), torch.nonzero(torch.tensor([0.0, 1.5, 2.0]), as_tuple=True))
print(torch.argwhere(torch.tensor([[True, False], [True, True]])), (x > 1).nonzero())
u = torch.unique(x)
print(u)
""" + _errors(
    "lambda: u.sum().backward(), lambda: x.topk(5), lambda: x.sort(dim=2), "
    "lambda: torch.bincount(torch.tensor([0, -1])), lambda: torch.bincount(torch.tensor([0.5]))"
)

PROGRAMS["index_select_take_masked_select"] = """
m = torch.arange(12.0).reshape(3, 4).requires_grad_()
a = torch.index_select(m, 1, torch.tensor([0, 2, 2]))
b = m.index_select(0, torch.tensor([2]))
c = torch.take(m, torch.tensor([[0, 11], [5, 5]]))
d = torch.masked_select(m, m > 8.5)
e = m.masked_select(torch.tensor([True, False, True, False]))
print(a, b, c, d, e, sep="\\n")
(a.sum() + (b * 2).sum() + c.sum() + d.sum() * 3 + e.sum()).backward()
print(m.grad)
print(torch.take(m, torch.tensor([-1])), m.index_select(1, torch.tensor([], dtype=torch.long)))
""" + _errors(
    "lambda: m.index_select(0, torch.tensor([0.0])), lambda: m.index_select(0, torch.tensor([[0]])), "
    "lambda: m.index_select(0, torch.tensor([3])), lambda: torch.take(m, torch.tensor([12])), "
    "lambda: m.masked_select(torch.tensor([1, 0, 1, 0])), lambda: torch.index_select(m, 0, [0])"
)

PROGRAMS["triangles_diagonals_roll_cumprod"] = """
scores = torch.tensor([[0.5, 1.0, -1.0], [2.0, 0.0, 1.5], [1.0, -0.5, 0.25]], requires_grad=True)
mask = torch.triu(torch.ones(3, 3), diagonal=1).bool()
attn = scores.masked_fill(mask, float("-inf")).softmax(dim=-1)
print(mask, attn, torch.tril(torch.ones(3, 3)) == 0, sep="\\n")
(attn * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(scores.grad)
x = torch.arange(1.0, 7.0).reshape(2, 3).requires_grad_()
print(x.tril(), torch.triu(x, -1), x.triu(1), torch.tril(x, diagonal=-1))
print(torch.diag(torch.tensor([1.0, 2.0])), torch.diag(x), torch.diag(x, 1), torch.diag(torch.tensor([1.0, 2.0]), -1))
print(x.diagonal(), torch.diagonal(x, offset=1), x.diagonal(dim1=1, dim2=0), torch.diag_embed(x).shape)
print(x.roll(1), x.roll(1, 0), torch.roll(x, (1, -1), (0, 1)), x.roll(-1, dims=1))
print(x.cumprod(1), torch.cumprod(x, dim=0), torch.cumprod(torch.tensor([1, 2, 3]), 0))
z = torch.tensor([2.0, 0.0, 3.0, 4.0], requires_grad=True)
z.cumprod(0).sum().backward()
print(z.grad)
y = torch.triu(x @ x.t()).sum() + torch.diag(x[:, :2].diagonal()).sum() + x.diagonal(1).sum()
y = y + (x.roll(1, 1) * x).sum() + x.cumprod(1).sum() + torch.diag_embed(x, 1).pow(2).sum()
(gx,) = torch.autograd.grad(y, x, create_graph=True)
print(gx, torch.autograd.grad(gx.pow(2).sum(), x))
causal = torch.ones(3, 3)
print(causal.tril_(), causal, torch.ones(2, 3).triu_(1))
h = x * 1
h.tril_()
print(h, h.grad_fn)
(h * torch.arange(6.0).view(2, 3)).sum().backward()
print(x.grad)
""" + _errors(
    "lambda: torch.ones(2, 2, requires_grad=True).tril_(), "
    "lambda: torch.tril(torch.ones(3)), lambda: torch.diag(torch.zeros(2, 2, 2)), "
    "lambda: x.roll((1,), (0, 1)), lambda: x.diagonal(dim1=1, dim2=1), lambda: x.cumprod(2)"
)

PROGRAMS["diff_unflatten_stacks_meshgrid"] = """
x = torch.tensor([1.0, 4.0, 9.0, 16.0, 25.0, 36.0], requires_grad=True)
print(x.diff(), torch.diff(x, n=2), x.view(2, 3).diff(dim=0), x.view(2, 3).diff(prepend=torch.zeros(2, 1)))
print(x.diff(append=torch.tensor([50.0])), x.unflatten(0, (2, -1)), torch.unflatten(x, 0, (3, 2)).shape)
print(torch.hstack([x, x]).shape, torch.vstack([x, x]), torch.column_stack([x[:3], x[3:]]))
print(torch.dstack([x.view(2, 3), x.view(2, 3)]).shape, torch.hstack([x.view(2, 3), x.view(2, 3)]).shape, torch.vstack([x[:3], x.view(2, 3)]).shape)
print(torch.row_stack([x[:2], x[2:4]]), torch.atleast_2d(x[0]).shape, torch.atleast_3d(x.view(2, 3)).shape)
gx, gy = torch.meshgrid(torch.tensor([0.0, 1.0]), torch.tensor([5.0, 6.0, 7.0]), indexing="ij")
print(gx, gy)
print(torch.meshgrid(torch.tensor([0.0, 1.0]), torch.tensor([5.0, 6.0, 7.0]), indexing="xy"))
(x.diff() ** 2).sum().backward()
print(x.grad)
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0, 4.0, 5.0], requires_grad=True)
u, v = torch.meshgrid(a, b, indexing="ij")
(u * v + torch.hstack([a, b]).sum() + torch.vstack([a, a]).sum()).sum().backward()
print(a.grad, b.grad)
print(torch.meshgrid(a, b)[0].shape)
""" + _errors(
    "lambda: x.unflatten(0, (4, -1)), lambda: torch.vstack([x, x[:3]]), lambda: x.diff(n=-1), "
    "lambda: torch.hstack(x), lambda: torch.meshgrid(a, b, indexing='yx')"
)

PROGRAMS["einsum_tensordot"] = """
A = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]], requires_grad=True)
B = torch.tensor([[2.0, 1.0], [0.5, -1.0], [1.0, 1.5]], requires_grad=True)
v = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
S = torch.tensor([[2.0, 1.0], [0.0, 3.0]], requires_grad=True)
for eq, ops in [("ij,jk->ik", (A, B)), ("ij,jk", (A, B)), ("i,i->", (v, v)), ("i,j->ij", (v, v)),
                ("ii->", (S,)), ("ii->i", (S,)), ("ij->ji", (A,)), ("ij->j", (A,)), ("ij->", (A,)),
                ("bij,bjk->bik", (A.unsqueeze(0), B.unsqueeze(0))), ("ij,j->i", (A, v)),
                ("ij,ij->i", (A, A)), ("ij,kj->ik", (A, A)), ("...j,j->...", (A, v)),
                ("i,ij,jk->k", (A[:, 0], A, B))]:
    out = torch.einsum(eq, *ops)
    print(eq, out, type(out.grad_fn).__name__)
y = torch.einsum("ij,jk->ik", A, B).sum() + torch.einsum("ii", S) * 2 + torch.einsum("i,i", v, v)
y.backward()
print(A.grad, B.grad, S.grad, v.grad)
(g,) = torch.autograd.grad(torch.einsum("i,j->", v, v), v, create_graph=True)
print(g, torch.autograd.grad(g.sum(), v))
print(torch.einsum("ij,jk->ik", [A, B]))
print(torch.tensordot(A, B, dims=1), torch.tensordot(A, A, dims=2), torch.tensordot(A, A, dims=([1], [1])))
print(torch.tensordot(A, B, dims=([0, 1], [1, 0])), type(torch.tensordot(A, B, dims=1).grad_fn).__name__)
""" + _errors(
    "lambda: torch.einsum('ij,jk->ik', A, A), lambda: torch.einsum('ij', A, B), "
    "lambda: torch.einsum('ijk->', A), lambda: torch.einsum('ij,jk->ik', A), "
    "lambda: torch.tensordot(A, A, dims=([0], [1]))"
)

PROGRAMS["pointwise_functions"] = """
x = torch.tensor([0.25, 0.5, 0.75, 0.9], requires_grad=True)
y = torch.tensor([1.5, -2.0, 0.5, 3.0], requires_grad=True)
outs = [torch.lerp(x, y, 0.25), x.lerp(y, 0.75), torch.lerp(x, y, x), torch.addcmul(x, x, y, value=0.5),
        torch.addcdiv(y, x, y, value=-2), torch.atan2(x, y), torch.hypot(x, y), torch.logaddexp(x, y),
        torch.xlogy(x, y.abs()), torch.asinh(y), torch.acosh(y.abs() + 1), torch.atanh(x - 0.5),
        torch.exp2(y), torch.deg2rad(y * 90), torch.rad2deg(x), x.logit(), torch.logit(x, eps=0.3),
        y.sgn(), torch.frac(y * 1.5), x.arctan2(y), x.arcsinh()]
for o in outs:
    print(o)
sum(o.sum() for o in outs).backward()
print(x.grad, y.grad)
print(torch.xlogy(torch.tensor([0.0, 2.0]), torch.tensor([0.0, 3.0])), torch.xlogy(2, torch.tensor([4.0])))
n = torch.tensor([float("nan"), float("inf"), -float("inf"), 1.5], requires_grad=True)
print(n.nan_to_num(), torch.nan_to_num(n, nan=0.0, posinf=1e3, neginf=-1e3))
n.nan_to_num().sum().backward()
print(n.grad)
d = torch.tensor([[1.0, float("nan"), 3.0], [4.0, 5.0, float("nan")]], requires_grad=True)
print(d.nansum(), torch.nansum(d, dim=1), d.nanmean(), torch.nanmean(d, dim=0))
d.nansum().backward()
print(d.grad)
w = torch.tensor([[1.0, 2.0, 4.0], [3.0, 5.0, 9.0]], requires_grad=True)
print(torch.std_mean(w), torch.var_mean(w, dim=1), torch.std_mean(w, 0, keepdim=True), torch.var_mean(w, correction=0))
sd, mu = torch.std_mean(w, dim=1)
(sd.sum() + mu.sum()).backward()
print(w.grad)
print(torch.dist(x, y), torch.dist(x, y, 1), x.dist(y, p=3), torch.dist(x, y, float("inf")))
print(torch.exp2(torch.tensor([1, 2])), torch.deg2rad(torch.tensor([180])), torch.asinh(torch.tensor([1])))
""" + _errors(
    "lambda: torch.atan2(x, 2.0), lambda: torch.hypot(x, y[:2]), lambda: torch.lerp(x, y[:3], 0.5), "
    "lambda: torch.nanmean(torch.tensor([1, 2]))"
)

PROGRAMS["linalg_functions"] = """
A = torch.tensor([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]], requires_grad=True)
b = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
print(torch.linalg.det(A), torch.det(A), A.det())
print(torch.linalg.inv(A), torch.inverse(A))
print(torch.linalg.solve(A, b), torch.linalg.solve(A, torch.eye(3)))
print(torch.linalg.norm(A), torch.linalg.norm(b), torch.linalg.norm(b, 1), torch.linalg.norm(A, 'fro'), torch.linalg.norm(A, float("inf")))
print(torch.linalg.vector_norm(b, 3), torch.linalg.vector_norm(A, dim=1), torch.linalg.vector_norm(b, float("inf")), torch.linalg.vector_norm(b, 0))
print(torch.linalg.matrix_norm(A), torch.linalg.matrix_norm(A, 1), torch.linalg.matrix_norm(A, -float("inf")))
for t in [torch.linalg.det(A), torch.linalg.inv(A), torch.linalg.solve(A, b), torch.linalg.norm(A), torch.linalg.vector_norm(b, 1)]:
    print(type(t.grad_fn).__name__)
(torch.linalg.det(A) + torch.linalg.inv(A).sum() + torch.linalg.solve(A, b).sum() + torch.linalg.vector_norm(b, 3)).backward()
print(A.grad, b.grad)
u = torch.tensor([1.0, 0.0, 2.0], requires_grad=True)
c = torch.linalg.cross(u, b)
print(c, torch.cross(u, b, dim=0), u.cross(b), type(c.grad_fn).__name__)
(c * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(u.grad)
print(torch.linalg.multi_dot([A, A, b]), torch.linalg.multi_dot([b, A, A]), torch.linalg.multi_dot([A, A]).shape)
""" + _errors(
    "lambda: torch.linalg.inv(torch.tensor([[1.0, 2.0], [2.0, 4.0]])), "
    "lambda: torch.linalg.det(torch.ones(2, 3)), lambda: torch.linalg.solve(A, torch.ones(2)), "
    "lambda: torch.linalg.det(torch.tensor([[1, 2], [3, 4]])), "
    "lambda: torch.linalg.cross(torch.ones(2), torch.ones(2))"
)

PROGRAMS["functional_layers_losses"] = """
import torch.nn as nn
import torch.nn.functional as F
print(F.one_hot(torch.tensor([0, 2, 1])), F.one_hot(torch.tensor([1, 0]), num_classes=4))
x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.0, -1.5]], requires_grad=True)
print(F.pad(x, (1, 2)), F.pad(x, (1, 1, 1, 0), value=-1.0), F.pad(x, (-1, 0)))
print(F.normalize(x), F.normalize(x, p=1, dim=0), F.cosine_similarity(x, x.flip(1)), F.cosine_similarity(x[0], x[1], dim=0))
table = torch.tensor([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8]], requires_grad=True)
e = F.embedding(torch.tensor([[0, 2], [2, 3]]), table)
print(e)
(e * torch.tensor([1.0, 2.0])).sum().backward()
print(table.grad)
table.grad = None
F.embedding(torch.tensor([1, 0, 1]), table, padding_idx=1).sum().backward()
print(table.grad)
w = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)
bias = torch.tensor([0.0, 0.1, -0.1], requires_grad=True)
ln = F.layer_norm(x, (3,), w, bias)
print(F.layer_norm(x, (3,)), ln, F.layer_norm(x, [2, 3]))
(ln * torch.tensor([1.0, -1.0, 2.0])).sum().backward()
print(x.grad, w.grad, bias.grad)
t = torch.tensor([[0.0, -1.0, 2.0], [2.0, 0.5, -1.0]])
for loss in [F.smooth_l1_loss(x, t), F.smooth_l1_loss(x, t, beta=2.0, reduction="sum"), F.huber_loss(x, t),
             F.huber_loss(x, t, delta=0.5, reduction="none"),
             F.kl_div(x.log_softmax(1), t.softmax(1), reduction="batchmean"),
             F.kl_div(x.log_softmax(1), t.log_softmax(1), reduction="sum", log_target=True)]:
    print(loss)
for f in [F.logsigmoid, F.softsign, F.selu, F.celu, F.hardswish, F.tanhshrink, F.glu]:
    print(f(x if f is not F.glu else torch.cat([x, x], 1)))
print(F.celu(x, alpha=2.0), F.glu(x, dim=0))
k = torch.tensor([-3.0, 3.0, -2.5, 0.0], requires_grad=True)
F.hardswish(k).sum().backward()
print(k.grad)  # the kinks at -3 and 3 take PyTorch's sides
x.grad = None
total = sum(f(x).sum() for f in [F.logsigmoid, F.softsign, F.selu, F.celu, F.hardswish, F.tanhshrink])
(total + F.glu(torch.cat([x, x * 2], 1)).sum() + F.smooth_l1_loss(x, t) + F.huber_loss(x, t, delta=0.5)).backward()
print(x.grad)
torch.manual_seed(0)
emb = nn.Embedding(5, 3, padding_idx=0)
norm = nn.LayerNorm(3)
print(emb, emb.weight.shape, emb.weight[0], norm, norm.weight, norm.bias)
print(nn.LayerNorm((2, 3), elementwise_affine=False), nn.LayerNorm(3, bias=False), [n for n, _ in norm.named_parameters()])
print(norm(x), nn.Embedding.from_pretrained(torch.eye(2)), nn.Embedding.from_pretrained(torch.eye(2))(torch.tensor([1])))
print(nn.SmoothL1Loss(), nn.HuberLoss(delta=2.0), nn.KLDivLoss(reduction="batchmean"), nn.SELU(), nn.CELU(), nn.Hardswish(), nn.LogSigmoid(), nn.Softsign(), nn.GLU(), nn.Tanhshrink())
print(nn.SmoothL1Loss(beta=0.5)(x, t), nn.HuberLoss()(x, t), nn.KLDivLoss(reduction="sum")(x.log_softmax(1), t.softmax(1)))
""" + _errors(
    "lambda: F.one_hot(torch.tensor([0, 3]), 3), lambda: F.one_hot(torch.tensor([0, -1]), 3), "
    "lambda: F.one_hot(torch.tensor([0.0, 1.0]), 3), lambda: F.pad(x, (1,)), "
    "lambda: F.pad(x, (1, 1, 1, 1, 1, 1)), lambda: F.embedding(torch.tensor([0, 4]), table), "
    "lambda: F.embedding(torch.tensor([0.0]), table), lambda: F.layer_norm(x, (2,)), "
    "lambda: F.glu(x), lambda: nn.Embedding(4, 3)(torch.tensor([4]))"
)


# --- beginner corners: a differential check against PyTorch 2.13 (stop 17) ---------------------
# One line each of what a learner types (shapes, indexing, dtypes, reductions, losses, modules,
# optimizers, errors), then short autograd and nn programs. Left out because the engine does not
# have them: uint8 and float16 tensors and random_.
_CORNERS = [
    "torch.tensor([1., 2, 3]).unfold(0, 2, 1)",
    "torch.arange(5.).unfold(0, 6, 1)",
    "torch.arange(5.).unfold(0, 2, 0)",
    "torch.tensor(3.).unfold(0, 1, 1)",
    "torch.tensor([3, 1, 2]).kthvalue(2)",
    "torch.tensor([[3., 1., 2.], [0., 5., 4.]]).kthvalue(1, 0, keepdim=True)",
    "torch.tensor([2., 1., 2., 2.]).kthvalue(3)",
    "torch.tensor([3., 1.]).kthvalue(3)",
    "torch.arange(6.).view(2, 3).select(1, -1)",
    "torch.arange(6.).view(2, 3).select(1, 3)",
    "torch.arange(6.).view(2, 3).transpose(0, 2)",
    "torch.arange(6.).view(2, 3).unsqueeze(3)",
    "torch.arange(6.).view(2, 3).unsqueeze(-3)",
    "torch.arange(6.).view(2, 3).squeeze(0)",
    "torch.arange(6.).view(2, 3).squeeze((0, 1))",
    "torch.arange(6.).view(2, 3).flatten(1, 0)",
    "torch.arange(6.).view(2, 3).reshape(4, -1)",
    "torch.arange(6.).view(2, 3).reshape(-1, -1)",
    "torch.arange(6.).view(2, 3).view(3, 2).t()",
    "torch.arange(6.).view(2, 3).permute(1, 1)",
    "torch.arange(6.).view(2, 3).permute(0)",
    "torch.arange(6.).view(2, 3).expand(3, 2, 3).shape",
    "torch.arange(6.).view(2, 3).expand(2, 4)",
    "torch.arange(6.).view(2, 3).repeat(2)",
    "torch.arange(6.).view(2, 3).repeat(2, 1, 1).shape",
    "torch.arange(6.).view(2, 3).chunk(4, 1)",
    "torch.arange(6.).view(2, 3).split([1, 1], 1)",
    "torch.arange(6.).view(2, 3).split(0, 1)",
    "torch.arange(6.).view(2, 3).roll(1)",
    "torch.arange(6.).view(2, 3).roll(1, 1)",
    "torch.arange(6.).view(2, 3).flip(0, 1)",
    "torch.arange(6.).view(2, 3).sum((0, 0))",
    "torch.arange(6.).view(2, 3).mean(dtype=torch.float64)",
    "torch.arange(6.).view(2, 3).max(1)",
    "torch.arange(6.).view(2, 3).max(1, keepdim=True).indices",
    "torch.arange(6.).view(2, 3).min(dim=0).values",
    "torch.arange(6.).view(2, 3).argmax()",
    "torch.arange(6.).view(2, 3).std(1, unbiased=False)",
    "torch.arange(6.).view(2, 3).var(0, correction=0)",
    "torch.arange(6.).view(2, 3).norm(p=1)",
    "torch.arange(6.).view(2, 3).norm(dim=1)",
    "torch.arange(6.).view(2, 3).prod(1)",
    "torch.arange(6.).view(2, 3).cumsum(-1)",
    "torch.arange(6.).view(2, 3).clamp(min=2)",
    "torch.arange(6.).view(2, 3).clamp(2, 1)",
    "torch.arange(6.).view(2, 3).clamp()",
    "torch.arange(6.).view(2, 3)[:, [0, 2]]",
    "torch.arange(6.).view(2, 3)[[0, 1], [1, 2]]",
    "torch.arange(6.).view(2, 3)[torch.tensor([True, False])]",
    "torch.arange(6.).view(2, 3)[..., None].shape",
    "torch.arange(6.).view(2, 3)[1, ..., 1]",
    "torch.arange(6.).view(2, 3)[::-1]",
    "torch.arange(6.).view(2, 3)[:, 5:]",
    "torch.arange(6.).view(2, 3)[2]",
    "torch.arange(6.).view(2, 3)[0][-4]",
    "torch.arange(6.).view(2, 3) @ torch.ones(2)",
    "torch.arange(6.).view(2, 3) @ torch.ones(3)",
    "torch.ones(3) @ torch.ones(3)",
    "torch.ones(2, 3).mm(torch.ones(2, 3))",
    "torch.ones(3).dot(torch.ones(3, dtype=torch.float64))",
    "torch.ones(2, 3) + torch.ones(3, 2)",
    "torch.ones(2, 3).add(torch.ones(3), alpha=2)",
    "torch.ones(2, 3).sub(1, alpha=2)",
    "torch.tensor([1, 2]) / torch.tensor([2, 2])",
    "torch.tensor([1, 2]) // torch.tensor([2, 0])",
    "torch.tensor([1., 2]) // 0",
    "torch.tensor([5, -5]) % 3",
    "torch.tensor([1, 2]) ** -1",
    "torch.tensor([1., 2]) ** torch.tensor([2, 3])",
    "torch.tensor(3) * 2.5",
    "torch.tensor([True, False]) + torch.tensor([True, True])",
    "torch.tensor([True]) - torch.tensor([True])",
    "torch.tensor([1.5, 2.5, -0.5]).round()",
    "torch.tensor([1.25, 2.35]).round(decimals=1)",
    "torch.tensor([[1, 2], [3, 4]]).float().inverse()",
    "torch.cat([torch.ones(2), torch.zeros(2, 1)])",
    "torch.cat([torch.ones(2, 1), torch.zeros(2, 1)], dim=2)",
    "torch.stack([torch.ones(2), torch.zeros(3)])",
    "torch.stack([])",
    "torch.zeros(2, 3).scatter(1, torch.tensor([[0], [2]]), 1.0)",
    "torch.arange(4.).gather(0, torch.tensor([3, 0, 9]))",
    "torch.where(torch.tensor([True, False]), 1.0, torch.tensor([5, 6]))",
    "torch.linspace(0, 1, 1)",
    "torch.linspace(0, 1, 0)",
    "torch.arange(0, 1, 0.3)",
    "torch.arange(5, 1)",
    "torch.arange(1, 5, -1)",
    "torch.eye(2, 3)",
    "torch.full((2,), 7)",
    "torch.full((2,), True)",
    "torch.zeros(2, 0).sum(1)",
    "torch.zeros(0).max()",
    "torch.zeros(0).mean()",
    "torch.tensor([]).sum()",
    "torch.tensor([[1, 2], [3]])",
    "torch.tensor([1, 2.5, True])",
    "torch.tensor([[1.0, 2.0]]).T.T.is_contiguous()",
    "torch.tensor([1.0, float('nan')]).max()",
    "torch.tensor([1.0, float('nan')]).argmax()",
    "torch.tensor([3, 1, 2]).sort(descending=True)",
    "torch.tensor([3, 1, 2]).topk(5)",
    "torch.tensor([1., 2, 3]).diff()",
    "torch.tensor([[1., 2], [3, 4]]).trace()",
    "torch.tensor([[1., 2], [3, 4]]).diag(1)",
    "torch.tensor([1., 2]).outer(torch.tensor([3., 4, 5]))",
    "torch.tensor([1., 2]).masked_fill(torch.tensor([True, False]), float('-inf'))",
    "torch.tensor([1., 2]).lerp(torch.tensor([3., 4.]), 0.5)",
    "torch.tensor([-1., 0, 2]).sign()",
    "torch.tensor([-1., 0, 2]).relu().requires_grad",
    "torch.tensor([1., 2]).requires_grad_().relu()",
    "torch.tensor([1., 2], requires_grad=True).numpy()",
    "torch.tensor([1., 2], requires_grad=True).tolist()",
    "torch.tensor([1., 2], requires_grad=True).item()",
    "torch.tensor([1., 2], requires_grad=True)[0].item()",
    "float(torch.tensor([1., 2]))",
    "int(torch.tensor([2.7]))",
    "bool(torch.tensor([0., 1.]))",
    "len(torch.tensor(1.))",
    "torch.tensor([1, 2]).float().dtype",
    "torch.tensor([1., 2.]).type(torch.int32)",
    "torch.tensor([1., 2.]).type()",
    "torch.ones(2, 3).size(2)",
    "torch.ones(2, 3).size(-1)",
    "torch.ones(2, 3).shape[-3]",
    "torch.ones(2, 3).new_zeros(2)",
    "torch.ones(2, 3, requires_grad=True).sum(0).backward()",
    "torch.ones(2, requires_grad=True).sum().backward(torch.tensor(2.))",
    "torch.ones(2, requires_grad=True).detach().requires_grad",
    "torch.ones(2, requires_grad=True).data.requires_grad",
    "torch.softmax(torch.tensor([1., 2, 3]), dim=0)",
    "torch.softmax(torch.tensor([1., 2, 3]))",
    "torch.nn.functional.softmax(torch.tensor([[1., 2, 3]]))",
    "torch.nn.functional.mse_loss(torch.ones(2), torch.zeros(3))",
    "torch.nn.functional.mse_loss(torch.ones(2), torch.zeros(2), reduction='none')",
    "torch.nn.functional.cross_entropy(torch.tensor([[1., 2, 3]]), torch.tensor([2]))",
    "torch.nn.functional.cross_entropy(torch.tensor([[1., 2, 3]]), torch.tensor([3]))",
    "torch.nn.functional.cross_entropy(torch.tensor([[1., 2, 3]]), torch.tensor([2.]))",
    "torch.nn.functional.nll_loss(torch.tensor([[-1., -2]]), torch.tensor([1]))",
    "torch.nn.functional.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([2.]))",
    "torch.nn.functional.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.]))",
    "torch.nn.functional.one_hot(torch.tensor([0, 2]))",
    "torch.nn.functional.one_hot(torch.tensor([0, 2]), 2)",
    "torch.nn.functional.relu(torch.tensor([-1., 1.]), inplace=True)",
    "torch.nn.Linear(2, 3)(torch.ones(3))",
    "torch.nn.Linear(2, 3)(torch.ones(2, dtype=torch.float64))",
    "torch.nn.MSELoss()(torch.ones(2), torch.zeros(2))",
    "torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Tanh())[1]",
    "torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Tanh())[5]",
    "len(list(torch.nn.Linear(2, 3).parameters()))",
    "torch.nn.Linear(2, 3).weight.shape",
    "torch.nn.Flatten()(torch.ones(2, 3, 4)).shape",
    "torch.nn.Softmax()(torch.ones(2))",
    "torch.optim.SGD([torch.ones(2)], lr=0.1)",
    "torch.optim.SGD([], lr=0.1)",
    "torch.optim.SGD([torch.ones(2, requires_grad=True)], lr=-1)",
    "torch.optim.Adam([torch.ones(2, requires_grad=True)], lr=0.1, betas=(1.5, 0.9))",
    "torch.Size([2, 3]).numel()",
    "torch.Size([2, 3]) == (2, 3)",
    "torch.ones(2, 3).shape == torch.Size([2, 3])",
    "torch.is_tensor(3)",
    "torch.numel(torch.ones(2, 3))",
    "torch.ones(2).equal(torch.ones(2))",
    "torch.allclose(torch.ones(2), torch.ones(2) + 1e-9)",
    "torch.tensor(2.) == 2",
    "torch.tensor([1, 2]) == torch.tensor([1, 3])",
    "torch.randint(0, 1, (3,))",
    "torch.randn(2, 3, generator=None).shape",
    "torch.manual_seed(1).initial_seed()",
]
for _k in range(0, len(_CORNERS), 20):  # 20 lines a program: a failure says where
    PROGRAMS[f"beginner_corners_{_k // 20:02d}"] = "".join(
        f"try:\n    print(repr({e}))\nexcept Exception as _e:\n    print(type(_e).__name__ + ': ' + str(_e))\n"
        for e in _CORNERS[_k : _k + 20]
    )
_AUTOGRAD_AND_NN = [
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = x * 2\ny.backward()",
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = (x * 2).sum()\ny.backward(); y.backward()",
    "x = torch.tensor([1., 2.], requires_grad=True)\nout = torch.autograd.grad((x ** 2).sum(), x)\nprint(out, x.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\ng, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)\nprint(g)\ng2, = torch.autograd.grad(g.sum(), x)\nprint(g2)",
    "x = torch.tensor(2., requires_grad=True)\ny = x ** 2\ny.retain_grad()\nz = y * 3\nz.backward()\nprint(x.grad, y.grad, z.grad)",
    'x = torch.tensor(2., requires_grad=True)\ny = x * 2\ny.register_hook(lambda g: print("hook", g))\nh = x.register_hook(lambda g: g * 10)\n(y * y).backward()\nprint(x.grad)\nh.remove()',
    "x = torch.tensor([1., 2.], requires_grad=True)\nwith torch.no_grad():\n    y = x * 2\nprint(y.requires_grad, y.grad_fn)\nx.requires_grad_(False)\nprint(x.requires_grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.detach()\ny[0] = 5\nprint(x, y)",
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.exp()\ny.add_(1)\ny.sum().backward()",
    "a = torch.ones(2, 2, requires_grad=True)\nb = a.t()\nprint(b.is_leaf, b.grad_fn, b._version if hasattr(b, '_version') else 'nv')",
    "x = torch.ones(3, requires_grad=True)\ny = x.clone()\ny[1] = 0\ny.sum().backward()\nprint(x.grad)",
    "x = torch.tensor(3., requires_grad=True)\ny = x * x\nprint(y.grad_fn.next_functions)\nprint(y.grad_fn.next_functions[0][0].variable is x)",
    "x = torch.tensor(3., requires_grad=True)\nprint(x.grad_fn, x.is_leaf, (x + 1).is_leaf)\nprint(torch.tensor(1.).requires_grad_().is_leaf)",
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.sum()\nprint(torch.autograd.grad(y, x, retain_graph=True))\nprint(torch.autograd.grad(y, [x], grad_outputs=torch.tensor(2.)))",
    "x = torch.tensor([1., 2.], requires_grad=True)\nz = torch.tensor([3.], requires_grad=True)\nprint(torch.autograd.grad((x * 2).sum(), [x, z], allow_unused=True))",
    "x = torch.tensor([1., 2.], requires_grad=True)\nprint(torch.autograd.grad((x * 2).sum(), [x, torch.tensor(1.)]))",
    "x = torch.tensor(1., requires_grad=True)\nwith torch.enable_grad():\n    with torch.no_grad():\n        y = x * 2\n        with torch.enable_grad():\n            z = x * 3\nprint(y.requires_grad, z.requires_grad, torch.is_grad_enabled())",
    "x = torch.tensor(1., requires_grad=True)\nwith torch.inference_mode():\n    y = x * 2\nprint(y.requires_grad, y.is_inference())\nz = y + 1\nprint(z.is_inference())\nw = x * y\nw.backward()",
    "@torch.no_grad()\ndef f(x):\n    return x * 2\nx = torch.tensor(1., requires_grad=True)\nprint(f(x).requires_grad)",
    "x = torch.tensor([1., -1.], requires_grad=True)\ny = x.abs().sum()\ny.backward()\nprint(x.grad)\nx.grad.zero_()\ntorch.relu(torch.tensor([0.], requires_grad=True)).sum().backward()\na = torch.tensor([0.], requires_grad=True)\ntorch.relu(a).sum().backward(); print(a.grad)\nb = torch.tensor([0.], requires_grad=True)\nb.abs().sum().backward(); print(b.grad)\nc = torch.tensor([0.], requires_grad=True)\nc.sqrt().sum().backward(); print(c.grad)",
    "x = torch.tensor([1., 2., 3.], requires_grad=True)\ny = x.max()\ny.backward(); print(x.grad)\nx2 = torch.tensor([2., 2., 1.], requires_grad=True)\nx2.max().backward(); print(x2.grad)\nx3 = torch.tensor([2., 2., 1.], requires_grad=True)\nx3.max(0).values.backward(); print(x3.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.norm()\ny.backward(); print(x.grad)\nz = torch.zeros(2, requires_grad=True)\nz.norm().backward(); print(z.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\nprint(x.grad)\n(x * 2).sum().backward()\n(x * 3).sum().backward()\nprint(x.grad)\nx.grad = None\nprint(x.grad)\nx.grad = torch.tensor([1.])",
    "w = torch.nn.Parameter(torch.ones(2))\nprint(w)\nprint(w * 2)\nprint(w.data, type(w.data).__name__)\nprint(isinstance(w, torch.Tensor))",
    "x = torch.ones(2, requires_grad=True)\ny = x + 1\nprint(y.data_ptr() != 0 if hasattr(y,'data_ptr') else True)\nprint(y.grad)",
    "x = torch.tensor([1., 2.], requires_grad=True)\ny = x.pow(2).mean()\ny.backward(gradient=torch.tensor(3.))\nprint(x.grad)\nx.grad.data.zero_()\nprint(x.grad)",
    "m = torch.nn.Linear(2, 1)\ntorch.nn.init.constant_(m.weight, 0.5)\ntorch.nn.init.zeros_(m.bias)\nout = m(torch.tensor([[1., 2.]]))\nout.backward()\nprint(m.weight.grad, m.bias.grad)\nm.zero_grad()\nprint(m.weight.grad)",
    "opt_x = torch.tensor([1., 2.], requires_grad=True)\nopt = torch.optim.SGD([opt_x], lr=0.1, momentum=0.9)\nfor _ in range(3):\n    opt.zero_grad()\n    (opt_x ** 2).sum().backward()\n    opt.step()\nprint(opt_x)\nprint(opt.state_dict()['param_groups'])",
    "x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)\ny = x @ x\ny.backward(torch.ones(2, 2))\nprint(x.grad)\nprint(torch.autograd.functional.jacobian(lambda t: t ** 2, torch.tensor([1., 2.])))\nprint(torch.autograd.functional.hessian(lambda t: (t ** 3).sum(), torch.tensor([1., 2.])))",
    "torch.manual_seed(0)\nm = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))\nprint(m)\nprint([k for k in m.state_dict()])\nprint(m[0].weight)\nprint(sum(p.numel() for p in m.parameters()))\nprint(list(m.named_children())[1])",
    'class Net(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = torch.nn.Linear(2, 2)\n        self.register_buffer("running", torch.zeros(2))\n    def forward(self, x):\n        return self.fc(x)\nn = Net()\nprint(n)\nprint(list(n.state_dict().keys()))\nprint([name for name, _ in n.named_parameters()])\nprint(n.training); n.eval(); print(n.training, n.fc.training)',
    "torch.manual_seed(0)\nprint(torch.nn.Conv2d(1, 2, 3))\nprint(torch.nn.Conv2d(1, 2, 3, stride=2, padding=1, bias=False))\nprint(torch.nn.MaxPool2d(2))\nprint(torch.nn.Dropout(0.3))\nprint(torch.nn.BatchNorm1d(4))\nprint(torch.nn.Embedding(10, 3))\nprint(torch.nn.LayerNorm(4))\nprint(torch.nn.LeakyReLU(0.1))\nprint(torch.nn.Softmax(dim=1))\nprint(torch.nn.CrossEntropyLoss())\nprint(torch.nn.MSELoss(reduction='sum'))\nprint(torch.nn.Flatten(0, 1))\nprint(torch.nn.Identity())\nprint(torch.nn.Sigmoid(), torch.nn.Tanh(), torch.nn.GELU())",
    "torch.manual_seed(0)\nx = torch.randn(2, 1, 5, 5)\nc = torch.nn.Conv2d(1, 2, 3, padding=1)\ny = c(x)\nprint(y.shape, y.grad_fn)\np = torch.nn.functional.max_pool2d(y, 2)\nprint(p.shape, p.grad_fn)\np.sum().backward()\nprint(c.weight.grad.shape, c.bias.grad)",
    "torch.manual_seed(0)\nbn = torch.nn.BatchNorm1d(3)\nx = torch.randn(4, 3)\ny = bn(x)\nprint(y.grad_fn, bn.running_mean, bn.num_batches_tracked)\nbn.eval()\nprint(bn(x)[0])",
    "torch.manual_seed(0)\nd = torch.nn.Dropout(0.5)\nx = torch.ones(8)\nprint(d(x))\nd.eval()\nprint(d(x))",
    "torch.manual_seed(0)\nemb = torch.nn.Embedding(5, 2)\nout = emb(torch.tensor([1, 3, 1]))\nout.sum().backward()\nprint(out.grad_fn, emb.weight.grad)",
    "opt_p = torch.nn.Parameter(torch.tensor([1., 2.]))\nopt = torch.optim.Adam([opt_p], lr=0.1)\nprint(opt)\nfor _ in range(2):\n    opt.zero_grad(); (opt_p ** 2).sum().backward(); opt.step()\nprint(opt_p)\nprint(opt.state_dict()['state'][0]['step'])",
    "p = torch.nn.Parameter(torch.tensor([1., 2.]))\nopt = torch.optim.SGD([p], lr=1.0)\nsch = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)\nfor e in range(5):\n    opt.step(); sch.step()\n    print(e, sch.get_last_lr(), opt.param_groups[0]['lr'])",
    "torch.manual_seed(0)\nds = torch.utils.data.TensorDataset(torch.arange(10.).view(5, 2), torch.arange(5))\ndl = torch.utils.data.DataLoader(ds, batch_size=2, shuffle=True)\nfor xb, yb in dl:\n    print(xb, yb)\nprint(len(dl), len(ds), ds[1])",
    "torch.manual_seed(0)\na, b = torch.utils.data.random_split(range(10), [7, 3])\nprint(list(a), list(b))",
    "print(torch.tensor([[0.1234567, 123456.7], [1e-5, 3.]]))\nprint(torch.tensor([1e10, 1.]))\nprint(torch.tensor([1.5, float('inf'), float('nan')]))\nprint(torch.tensor([100, -3]))\nprint(torch.zeros(3, dtype=torch.float64))\nprint(torch.tensor(3.14159, dtype=torch.float64))\nprint(torch.arange(1000.))\nprint(torch.tensor([True, False]))\nprint(torch.ones(2, 3, 4)[0])\nprint(torch.empty(0, 3))\ntorch.set_printoptions(precision=2)\nprint(torch.tensor([1.23456]))\ntorch.set_printoptions(precision=4)",
    "x = torch.tensor([[1., 2.], [3., 4.]])\nprint(x.sum(dim=1, keepdim=True), x.mean(0), x.std(), x.max(), x.argmax(1))\nprint(x.T @ x, x.inverse() if hasattr(x,'inverse') else '')\nprint(torch.linalg.norm(x), torch.det(x))\nprint(x.softmax(-1), x.log_softmax(1))\nprint(torch.cat([x, x], 1).shape, torch.stack([x, x]).shape)\nprint(x.unsqueeze(0).shape, x.view(-1), x.reshape(4, 1).squeeze())",
    "x = torch.tensor([3.], requires_grad=True)\ny = torch.sigmoid(x) * torch.tanh(x) + torch.log(x) - torch.exp(-x)\ny.backward()\nprint(y, x.grad)",
    "x = torch.linspace(-1, 1, 5, requires_grad=True)\ny = torch.nn.functional.gelu(x).sum() + torch.nn.functional.softplus(x).sum() + torch.nn.functional.elu(x).sum()\ny.backward()\nprint(x.grad)",
]
for _k, _source in enumerate(_AUTOGRAD_AND_NN):
    PROGRAMS[f"beginner_program_{_k:02d}"] = _source
PROGRAMS["kthvalue_gradient"] = """\
x = torch.tensor([[3., 1., 2.], [0., 5., 4.]], requires_grad=True)
r = x.kthvalue(2, 1)
print(r)
r.values.sum().backward()
print(x.grad)
"""
PROGRAMS["unfold_gradient"] = """\
x = torch.arange(10.).view(2, 5).requires_grad_()
u = x.unfold(1, 3, 2)
print(u, u.shape)
(u * torch.arange(12.).view(2, 2, 3)).sum().backward()
print(x.grad)
y = torch.arange(6.).requires_grad_()
g = torch.autograd.grad(y.unfold(0, 2, 1).pow(2).sum(), y, create_graph=True)[0]
print(g)
print(torch.autograd.grad(g.sum(), y))
"""
PROGRAMS["soft_target_cross_entropy"] = """\
import torch.nn.functional as F
x = torch.tensor([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]], requires_grad=True)
t = torch.tensor([[0.2, 0.7, 0.1], [0.0, 0.5, 0.5]])
for reduction in ["mean", "sum", "none"]:
    loss = F.cross_entropy(x, t, reduction=reduction)
    print(reduction, loss, [type(n).__name__ for n, _ in loss.grad_fn.next_functions])
loss = F.cross_entropy(x, t)
print(loss.grad_fn._saved_other)
loss.backward()
print(x.grad)
print(F.cross_entropy(x, t, label_smoothing=0.1))
print(torch.nn.CrossEntropyLoss()(x[0], t[0]))
"""
_NODE_CHAIN = """\
def chain(t):
    def walk(fn):
        if fn is None:
            return "None"
        kids = [walk(k) for k, _ in fn.next_functions]
        name = type(fn).__name__
        return name + ("(" + " ".join(kids) + ")" if kids else "")
    return walk(t.grad_fn)
"""
PROGRAMS["matmul_nodes"] = (
    _NODE_CHAIN
    + """\
shapes = [((2, 3, 4), (4, 5)), ((2, 3, 4), (4,)), ((4,), (2, 4, 5)), ((3, 4), (2, 4, 5)),
          ((2, 3, 4), (2, 4, 5)), ((1, 3, 4), (2, 4, 5)), ((2, 3, 4), (1, 4, 5)),
          ((2, 1, 3, 4), (2, 4, 5)), ((1, 3, 4), (2, 1, 4, 5)), ((2, 2, 3, 4), (4,))]
for sa, sb in shapes:
    for ga, gb in [(True, True), (True, False), (False, True)]:
        a = torch.arange(float(torch.tensor(sa).prod())).reshape(sa).requires_grad_(ga)
        b = torch.arange(float(torch.tensor(sb).prod())).reshape(sb).requires_grad_(gb)
        y = a @ b
        print(sa, sb, ga, gb, tuple(y.shape), chain(y), y._base is None)
        (y * y).sum().backward()
        print(a.grad.sum() if ga else None, b.grad.sum() if gb else None)
x = torch.arange(24.).reshape(2, 3, 4).requires_grad_()
attn = (x @ x.transpose(-2, -1)).softmax(-1) @ x
print(chain(attn))
w = torch.ones(5, 4, requires_grad=True)
print(chain(torch.nn.functional.linear(x, w)), chain(torch.nn.Linear(4, 5, bias=False)(x)))
"""
)
PROGRAMS["reshape_nodes"] = (
    _NODE_CHAIN
    + """\
x = torch.arange(12.).reshape(3, 4).requires_grad_()
y = x * 1
for name, t in [("t.reshape(-1)", y.t().reshape(-1)), ("t.reshape(4, 3)", y.t().reshape(4, 3)),
                ("t.flatten()", y.t().flatten()), ("reshape(2, 6)", y.reshape(2, 6)),
                ("[:, :2].reshape(-1)", y[:, :2].reshape(-1)), ("[:2].reshape(-1)", y[:2].reshape(-1)),
                ("t.reshape(4, 3, 1)", y.t().reshape(4, 3, 1)), ("expand.reshape", y[0].expand(2, 4).reshape(8)),
                ("x.t().reshape(-1)", x.t().reshape(-1)), ("[::2].reshape(-1)", y[::2].reshape(-1))]:
    print(name, chain(t), t._base is None, t.is_contiguous())
z = y.t().reshape(-1)
z.add_(100)
print(y[0], z[:3])
(z * torch.arange(12.)).sum().backward()
print(x.grad)
"""
)
PROGRAMS["matmul_batched_errors"] = """\
cases = [((2, 3, 4), (5, 6)), ((2, 3, 4), (2, 5, 6)), ((2, 3, 4), (3, 4, 5)), ((3,), (2, 4, 5)),
         ((2, 3, 4), (5,)), ((4, 3, 2), (2,)), ((0, 3, 4), (4, 5)), ((2, 0, 4), (2, 4, 5)),
         ((5, 3, 4), (3, 1, 4, 2))]
for sa, sb in cases:
    for g in (False, True):
        a = torch.ones(sa, requires_grad=g)
        try:
            y = a @ torch.ones(sb)
            print(sa, sb, g, tuple(y.shape), type(y.grad_fn).__name__ if y.grad_fn else None)
        except Exception as e:
            print(sa, sb, g, type(e).__name__, e)
"""
PROGRAMS["random_in_place"] = """\
torch.manual_seed(0)
print(torch.empty(5).random_(0, 10))
print(torch.empty(4, dtype=torch.int64).random_(-3, 3))
print(torch.empty(3).random_(100))
print(torch.empty(3).random_())
print(torch.empty(3, dtype=torch.float64).random_())
print(torch.empty(3, dtype=torch.int64).random_())
print(torch.empty(3, dtype=torch.int32).random_())
print(torch.empty(4, dtype=torch.bool).random_())
g = torch.Generator().manual_seed(3)
print(torch.empty(3).random_(5, 9, generator=g))
print(torch.randint(0, 2**29, (3,)), torch.randint(0, 2**28 - 1, (2,)), torch.randint(-5, 2**31, (2,)))
for args in [(5, 5), (2**25,), (0, 2**25), (0, 2**40), (-(2**30), 7)]:
    try:
        print(torch.empty(2).random_(*args))
    except Exception as e:
        print(type(e).__name__, e)
x = torch.ones(2, requires_grad=True)
try:
    x.random_(3)
except Exception as e:
    print(type(e).__name__, e)
a = torch.zeros(2)
v = a._version
a.random_(5)
print(a._version - v, a)
"""
PROGRAMS["in_place_fills_of_a_result"] = """\
torch.manual_seed(0)
fills = [
    ("uniform_", lambda y: y.uniform_()),
    ("normal_", lambda y: y.normal_()),
    ("random_()", lambda y: y.random_()),
    ("random_(5)", lambda y: y.random_(5)),
    ("random_(1, 5)", lambda y: y.random_(1, 5)),
    ("fill_", lambda y: y.fill_(3.0)),
    ("zero_", lambda y: y.zero_()),
]
for name, fill in fills:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    fill(y)
    print(name, y, y.grad_fn.name(), [type(n).__name__ for n, _ in y.grad_fn.next_functions])
    print(y.requires_grad, y.is_leaf, y._version)
    y.sum().backward()
    print(x.grad)
leaf = torch.ones(2, requires_grad=True)
for fill in [lambda t: t.uniform_(), lambda t: t.zero_(), lambda t: t.fill_(2)]:
    try:
        fill(leaf)
    except RuntimeError as e:
        print(e)
with torch.no_grad():
    leaf.fill_(7)
print(leaf, leaf.grad_fn)
i = torch.zeros(3, dtype=torch.int64)
print(i.fill_(2.7), torch.zeros(2, dtype=torch.bool).fill_(3))
"""
