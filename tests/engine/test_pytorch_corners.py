"""Corners of PyTorch's behaviour a learner runs into: integer and bool tensors in float-only
operations, 0-dim tensors given a dim or an index, cross-entropy targets, var of one number.
Each case is what PyTorch 2.13 printed (or raised) for the same line, recorded with the script's
`repr` of the result or `Type: message` of the error."""

from __future__ import annotations

import warnings

import pytest

import autograd_core as torch

F = torch.nn.functional
m = torch.tensor([[1, 2], [3, 4]])
s = torch.tensor(2.5)
lg = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0]])
pr = torch.tensor([[0.2, 0.5, 0.3], [0.0, 0.1, 0.9]])

CASES = [
    (
        "int softmax0",
        lambda: m.softmax(0),
        "NotImplementedError: \"softmax_kernel_impl\" not implemented for 'Long'",
    ),
    (
        "int softmax1",
        lambda: m.softmax(1),
        "NotImplementedError: \"softmax_lastdim_kernel_impl\" not implemented for 'Long'",
    ),
    (
        "int logsm0",
        lambda: m.log_softmax(0),
        "NotImplementedError: \"log_softmax_kernel_impl\" not implemented for 'Long'",
    ),
    (
        "bool softmax",
        lambda: F.softmax(m.bool(), 0),
        "NotImplementedError: \"softmax_kernel_impl\" not implemented for 'Bool'",
    ),
    ("int lse", lambda: m.logsumexp(1), "tensor([2.3133, 4.3133])"),
    (
        "int norm",
        lambda: m.norm(),
        "RuntimeError: linalg.vector_norm: Expected a floating point or complex tensor as input. "
        "Got Long",
    ),
    ("float norm0", lambda: m.float().norm(dim=0), "tensor([3.1623, 4.4721])"),
    (
        "int mse",
        lambda: F.mse_loss(m, m),
        "NotImplementedError: \"mse_cpu\" not implemented for 'Long'",
    ),
    ("mixed mse", lambda: F.mse_loss(m.float(), m), "tensor(0.)"),
    ("ce probs", lambda: F.cross_entropy(lg, pr), "tensor(0.7981)"),
    ("ce 1d 0d", lambda: F.cross_entropy(lg[0], torch.tensor(1)), "tensor(0.4644)"),
    ("ce 1d [1]", lambda: F.cross_entropy(lg[0], torch.tensor([1])), "tensor(0.4644)"),
    ("ce 1d probs", lambda: F.cross_entropy(lg[0], pr[0]), "tensor(1.1144)"),
    (
        "ce 1d wrong",
        lambda: F.cross_entropy(lg[0], torch.tensor([0, 1])),
        "ValueError: For 1D input, 1D target must have size 1, but got target size: 2",
    ),
    (
        "ce int probs",
        lambda: F.cross_entropy(lg, torch.tensor([[0, 1, 0], [1, 0, 0]])),
        "RuntimeError: Expected floating point type for target with class probabilities, got Long",
    ),
    (
        "ce probs none",
        lambda: F.cross_entropy(lg, pr, reduction="none"),
        "tensor([1.1144, 0.4818])",
    ),
    ("ce probs sum", lambda: F.cross_entropy(lg, pr, reduction="sum"), "tensor(1.5962)"),
    ("rpow int", lambda: 2 ** torch.tensor([-2, 3]), "tensor([0, 8])"),
    (
        "int pow -1",
        lambda: torch.tensor([2, 3]) ** -1,
        "RuntimeError: Integers to negative integer powers are not allowed.",
    ),
    ("int pow tensor", lambda: torch.tensor([2, 3]) ** torch.tensor([-1, 2]), "tensor([0, 9])"),
    (
        "0d [0]",
        lambda: s[0],
        "IndexError: invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
        "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number",
    ),
    ("0d [None]", lambda: s[None], "tensor([2.5000])"),
    ("0d [...]", lambda: s[...], "tensor(2.5000)"),
    ("0d [1:]", lambda: s[1:], "IndexError: slice() cannot be applied to a 0-dim tensor."),
    ("0d [-1]", lambda: s[-1], "IndexError: index -1 is out of bounds for dimension 0 with size 0"),
    # index_add / index_add_ (the "Extending PyTorch" note's mark_non_differentiable example)
    (
        "index_add_ rows",
        lambda: torch.ones(5, 3).index_add_(
            0, torch.tensor([0, 4, 2]), torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]])
        ),
        "tensor([[ 2.,  3.,  4.],         [ 1.,  1.,  1.],         [ 8.,  9., 10.],         "
        "[ 1.,  1.,  1.],         [ 5.,  6.,  7.]])",
    ),
    (
        "index_add repeats alpha",
        lambda: torch.zeros(3).index_add(
            0, torch.tensor([0, 1, 0, 2]), torch.tensor([1.0, 2, 3, 4]), alpha=2
        ),
        "tensor([8., 4., 8.])",
    ),
    (
        "index_add long alpha",
        lambda: torch.zeros(3, dtype=torch.long).index_add(
            0, torch.tensor([1]), torch.tensor([2]), alpha=2
        ),
        "tensor([0, 4, 0])",
    ),
    (
        "index_add count",
        lambda: torch.zeros(3).index_add(0, torch.tensor([0, 1]), torch.ones(3)),
        "RuntimeError: index_add_(): Number of indices (2) should be equal to source.size(dim): "
        "(3), for dim: 0",
    ),
    (
        "index_add range",
        lambda: torch.zeros(3).index_add(0, torch.tensor([-1]), torch.ones(1)),
        "IndexError: index out of range in self",
    ),
    (
        "index_add float index",
        lambda: torch.zeros(3).index_add(0, torch.tensor([0.0]), torch.ones(1)),
        "RuntimeError: index_add_(): Expected dtype int32/int64 for index but got: Float",
    ),
    (
        "index_add matrix index",
        lambda: torch.zeros(3).index_add(0, torch.tensor([[0]]), torch.ones(1)),
        "IndexError: index_add_(): Index is supposed to be a vector, but got dim: 2 with type: "
        "Long and size: [1, 1]",
    ),
    (
        "index_add dtypes",
        lambda: torch.zeros(3).index_add(0, torch.tensor([0]), torch.ones(1, dtype=torch.float64)),
        "RuntimeError: index_add_(): self (Float) and source (Double) must have the same scalar "
        "type",
    ),
    (
        "index_add shapes",
        lambda: torch.zeros(3).index_add(0, torch.tensor(1), torch.tensor(2.0)),
        "RuntimeError: source tensor shape must match self tensor shape, excluding the specified "
        "dimension. Got self.shape = [3] source.shape = []",
    ),
    (
        "index_add_ leaf",
        lambda: torch.zeros(3, requires_grad=True).index_add_(0, torch.tensor([0]), torch.ones(1)),
        "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.",
    ),
    # select and indexing out of range, flip's dims, empty tensor lists, softmax without a dim
    (
        "select past",
        lambda: torch.arange(6.0).view(2, 3).select(1, 3),
        "IndexError: select(): index 3 out of range for tensor of size [2, 3] at dimension 1",
    ),
    (
        "select 0d",
        lambda: s.select(0, 0),
        "IndexError: select() cannot be applied to a 0-dim tensor.",
    ),
    (
        "index past",
        lambda: torch.arange(6.0).view(2, 3)[2],
        "IndexError: index 2 is out of bounds for dimension 0 with size 2",
    ),
    (
        "flip dims",
        lambda: torch.arange(6.0).view(2, 3).flip(0, 1),
        "tensor([[5., 4., 3.],         [2., 1., 0.]])",
    ),
    (
        "flip nothing",
        lambda: torch.arange(6.0).flip(),
        'TypeError: flip() missing 1 required positional arguments: "dims"',
    ),
    ("stack []", lambda: torch.stack([]), "RuntimeError: stack expects a non-empty TensorList"),
    (
        "cat []",
        lambda: torch.cat([]),
        "ValueError: torch.cat(): expected a non-empty list of Tensors",
    ),
    (
        "meshgrid []",
        lambda: torch.meshgrid([], indexing="ij"),
        "RuntimeError: meshgrid expects a non-empty TensorList",
    ),
    (
        "softmax no dim",
        lambda: torch.softmax(torch.tensor([1.0, 2.0])),
        'TypeError: softmax() missing 1 required positional arguments: "dim"',
    ),
    (
        "bce target",
        lambda: F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([2.0])),
        "RuntimeError: all elements of target should be between 0 and 1",
    ),
    # narrow: a start may count from the end, and the piece must fit (PyTorch 2.13's words)
    ("narrow -1", lambda: torch.arange(5.0).narrow(0, -1, 1), "tensor([4.])"),
    ("narrow -5", lambda: torch.arange(5.0).narrow(0, -5, 2), "tensor([0., 1.])"),
    ("narrow 5 0", lambda: torch.arange(5.0).narrow(0, 5, 0), "tensor([])"),
    (
        "narrow -6",
        lambda: torch.arange(5.0).narrow(0, -6, 1),
        "IndexError: start out of range (expected to be in range of [-5, 5], but got -6)",
    ),
    (
        "narrow far",
        lambda: torch.arange(5.0).narrow(0, -(10**18), 1),
        "IndexError: start out of range (expected to be in range of [-5, 5], but got "
        "-1000000000000000000)",
    ),
    (
        "narrow past",
        lambda: torch.arange(5.0).narrow(0, 4, 2),
        "RuntimeError: start (4) + length (2) exceeds dimension size (5).",
    ),
    (
        "narrow negative length",
        lambda: torch.arange(5.0).narrow(0, 2, -1),
        "RuntimeError: narrow(): length must be non-negative.",
    ),
    (
        "narrow 0d",
        lambda: s.narrow(0, 0, 1),
        "RuntimeError: narrow() cannot be applied to a 0-dim tensor.",
    ),
    (
        "narrow tensor start",
        lambda: torch.arange(5.0).narrow(0, torch.tensor(1), 2),
        "tensor([1., 2.])",
    ),
    ("0d cumsum0", lambda: s.cumsum(0), "tensor(2.5000)"),
    ("0d mean0", lambda: s.mean(0), "tensor(2.5000)"),
    ("0d var0", lambda: s.var(0), "tensor(nan)"),
    ("0d flip0", lambda: s.flip(0), "tensor(2.5000)"),
    ("0d sum0", lambda: s.sum(0), "tensor(2.5000)"),
    ("0d std0", lambda: s.std(0), "tensor(nan)"),
    ("0d prod0", lambda: s.prod(0), "tensor(2.5000)"),
    ("0d softmax0", lambda: s.softmax(0), "tensor(1.)"),
    ("0d argmax0", lambda: s.argmax(0), "tensor(0)"),
    ("0d norm0", lambda: s.norm(dim=0), "tensor(2.5000)"),
    ("0d amax0", lambda: s.amax(0), "tensor(2.5000)"),
    (
        "0d max0",
        lambda: s.max(0),
        "torch.return_types.max( values=tensor(2.5000), indices=tensor(0))",
    ),
    ("0d lse0", lambda: s.logsumexp(0), "tensor(2.5000)"),
    ("0d logsm0", lambda: s.log_softmax(0), "tensor(0.)"),
    ("0d mean-1", lambda: s.mean(-1), "tensor(2.5000)"),
    ("0d sum(0,)", lambda: s.sum((0,)), "tensor(2.5000)"),
    ("0d var", lambda: s.var(), "tensor(nan)"),
    ("0d cumsum-1", lambda: s.cumsum(-1), "tensor(2.5000)"),
    (
        "bool relu",
        lambda: torch.tensor([True]).relu(),
        "RuntimeError: Boolean inputs not supported for relu",
    ),
    (
        "bool abs",
        lambda: torch.tensor([True]).abs(),
        "NotImplementedError: \"abs_cpu\" not implemented for 'Bool'",
    ),
    ("bool clamp0", lambda: torch.tensor([True]).clamp(min=0), "tensor([1])"),
    ("bool clamp.5", lambda: torch.tensor([True]).clamp(min=0.5), "tensor([1.])"),
    (
        "bool argmin",
        lambda: torch.tensor([True]).argmin(),
        "RuntimeError: argmin(): does not support bool input",
    ),
    (
        "bool argmax0",
        lambda: torch.tensor([True]).argmax(0),
        "RuntimeError: argmax(): does not support bool input",
    ),
    (
        "bool matmul1",
        lambda: torch.tensor([True]) @ torch.tensor([True]),
        "NotImplementedError: \"dot\" not implemented for 'Bool'",
    ),
    (
        "bool mm",
        lambda: torch.tensor([[True]]) @ torch.tensor([[True]]),
        "NotImplementedError: \"addmm_impl_cpu_\" not implemented for 'Bool'",
    ),
    (
        "bool dot",
        lambda: torch.tensor([True]).dot(torch.tensor([True])),
        "NotImplementedError: \"dot\" not implemented for 'Bool'",
    ),
    (
        "int var",
        lambda: torch.tensor([1, 2]).var(),
        "RuntimeError: std and var only support floating point and complex dtypes",
    ),
    (
        "int std0",
        lambda: torch.tensor([1, 2]).std(0),
        "RuntimeError: std and var only support floating point and complex dtypes",
    ),
    ("bool sum", lambda: torch.tensor([True, False]).sum(), "tensor(1)"),
    (
        "bool mean",
        lambda: torch.tensor([True]).mean(),
        "RuntimeError: mean(): could not infer output dtype. Input dtype must be either a "
        "floating point or complex dtype. Got: Bool",
    ),
    ("int sigmoid", lambda: torch.tensor([1, 2]).sigmoid(), "tensor([0.7311, 0.8808])"),
    ("int tanh", lambda: torch.tensor([1, 2]).tanh(), "tensor([0.7616, 0.9640])"),
    ("bool exp", lambda: torch.tensor([True]).exp(), "tensor([2.7183])"),
    (
        "bool neg",
        lambda: -torch.tensor([True]),
        "RuntimeError: Negation, the `-` operator, on a bool tensor is not supported. If you are "
        "trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    ),
    (
        "bool sub",
        lambda: torch.tensor([True]) - torch.tensor([True]),
        "RuntimeError: Subtraction, the `-` operator, with two bool tensors is not supported. Use "
        "the `^` or `logical_xor()` operator instead.",
    ),
    ("bool add", lambda: torch.tensor([True]) + torch.tensor([True]), "tensor([True])"),
    ("bool max", lambda: torch.tensor([True, False]).max(), "tensor(True)"),
    ("bool amax0", lambda: torch.tensor([True, False]).amax(0), "tensor(True)"),
    ("bool prod", lambda: torch.tensor([True, False]).prod(), "tensor(0)"),
    (
        "int mean",
        lambda: torch.tensor([1, 2]).mean(),
        "RuntimeError: mean(): could not infer output dtype. Input dtype must be either a "
        "floating point or complex dtype. Got: Long",
    ),
    (
        "int mean0",
        lambda: torch.tensor([1, 2]).mean(0),
        "RuntimeError: mean(): could not infer output dtype. Input dtype must be either a "
        "floating point or complex dtype. Got: Long",
    ),
    ("int cumsum", lambda: torch.tensor([1, 2]).cumsum(0), "tensor([1, 3])"),
    ("bool cumsum", lambda: torch.tensor([True, True]).cumsum(0), "tensor([1, 2])"),
    ("int sqrt", lambda: torch.tensor([4, 2]).sqrt(), "tensor([2.0000, 1.4142])"),
    ("int div", lambda: torch.tensor([4, 3]) / 2, "tensor([2.0000, 1.5000])"),
    ("int floordiv", lambda: torch.tensor([4, -3]) // 2, "tensor([ 2, -2])"),
    ("int mod", lambda: torch.tensor([4, -3]) % 2, "tensor([0, 1])"),
    (
        "int bce",
        lambda: F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([1])),
        "RuntimeError: Found dtype Long but expected Float",
    ),
    (
        "int l1",
        lambda: F.l1_loss(m, m),
        "RuntimeError: mean(): could not infer output dtype. Input dtype must be either a "
        "floating point or complex dtype. Got: Long",
    ),
    # Division and remainders: fmod vs %, rounding modes, integers by zero.
    ("fmod int", lambda: torch.fmod(torch.tensor([-3, 3, 7]), 2), "tensor([-1,  1,  1])"),
    ("fmod neg divisor", lambda: torch.tensor([-3, 3, 7]).fmod(-2), "tensor([-1,  1,  1])"),
    (
        "fmod float",
        lambda: torch.fmod(torch.tensor([-3.5, 3.5], requires_grad=True), 2),
        "tensor([-1.5000,  1.5000], grad_fn=<FmodBackward0>)",
    ),
    (
        "fmod tensor",
        lambda: torch.fmod(
            torch.tensor([-3.5, 3.5], requires_grad=True), torch.tensor([2.0, -2.0])
        ),
        "tensor([-1.5000,  1.5000], grad_fn=<FmodBackward1>)",
    ),
    ("remainder int", lambda: torch.remainder(torch.tensor([-3, 3, 7]), 2), "tensor([1, 1, 1])"),
    (
        "remainder tensor",
        lambda: torch.remainder(
            torch.tensor([-3.5, 3.5], requires_grad=True), torch.tensor([2.0, 2.0])
        ),
        "tensor([0.5000, 1.5000], grad_fn=<RemainderBackward1>)",
    ),
    (
        "remainder float",
        lambda: torch.tensor([-3.5, 3.5], requires_grad=True) % 2,
        "tensor([0.5000, 1.5000], grad_fn=<RemainderBackward0>)",
    ),
    ("remainder zero sign", lambda: torch.tensor([7.0, -7.0]) % -3.5, "tensor([0., -0.])"),
    (
        "div trunc int",
        lambda: torch.div(torch.tensor([-3, 3, 7]), 2, rounding_mode="trunc"),
        "tensor([-1,  1,  3])",
    ),
    (
        "div floor int",
        lambda: torch.div(torch.tensor([-3, 3, 7]), 2, rounding_mode="floor"),
        "tensor([-2,  1,  3])",
    ),
    (
        "div trunc float",
        lambda: torch.div(torch.tensor([-3.5, 3.5], requires_grad=True), 2, rounding_mode="trunc"),
        "tensor([-1.,  1.], grad_fn=<DivBackward2>)",
    ),
    (
        "div floor float",
        lambda: torch.div(torch.tensor([-3.5, 3.5], requires_grad=True), 2, rounding_mode="floor"),
        "tensor([-2.,  1.], grad_fn=<DivBackward2>)",
    ),
    ("int floordiv float", lambda: torch.tensor([3, 4]) // 2.0, "tensor([1., 2.])"),
    ("int // 0", lambda: torch.tensor([3]) // 0, "RuntimeError: ZeroDivisionError"),
    ("int % 0", lambda: torch.tensor([3]) % torch.tensor([0]), "RuntimeError: ZeroDivisionError"),
    (
        "int div trunc 0",
        lambda: torch.div(torch.tensor([3]), 0, rounding_mode="trunc"),
        "RuntimeError: ZeroDivisionError",
    ),
    ("float // 0", lambda: torch.tensor([3.0]) // 0, "tensor([inf])"),
]


def _outcome(fn) -> str:
    try:
        return repr(fn()).replace("\n", " ")
    except Exception as e:  # the type and first line, as recorded
        return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


@pytest.mark.parametrize("label, fn, printed", CASES, ids=[c[0] for c in CASES])
def test_prints_or_raises_what_pytorch_does(label, fn, printed):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert _outcome(fn) == printed


@pytest.mark.parametrize(
    "fn, printed, warning",
    [
        (lambda: torch.tensor([1.0]).var(), "tensor(nan)", "var(): degrees of freedom is <= 0"),
        (lambda: torch.tensor([1.0]).std(), "tensor(nan)", "std(): degrees of freedom is <= 0"),
        (
            lambda: torch.tensor([1.0, 2.0]).var(correction=2),
            "tensor(inf)",
            "var(): degrees of freedom is <= 0",
        ),
    ],
)
def test_var_of_too_few_numbers_warns_as_pytorch_does(fn, printed, warning):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert repr(fn()) == printed
    # PyTorch's UserWarning only: none of NumPy's "Degrees of freedom <= 0 for slice"
    assert [str(w.message)[: len(warning)] for w in caught if w.category is UserWarning] == [
        warning
    ]
    assert not [w for w in caught if "slice" in str(w.message)]


def test_backward_of_var_of_one_number_gives_nan_not_a_python_error():
    x = torch.tensor([1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x.var().backward()
    assert repr(x.grad) == "tensor([nan])"


def test_an_integer_result_ends_the_graph():
    x = torch.tensor(1.0, requires_grad=True)
    counted = (x * 2).long()
    assert not counted.requires_grad and counted.grad_fn is None
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad"):
        counted.backward()


def test_float64_tensors_from_python_numbers_keep_every_digit():
    # tensor(..., dtype=torch.float64) once rounded through float32 on the way
    x = torch.tensor([0.1, 82390566.1513], dtype=torch.float64)
    assert x.tolist() == [0.1, 82390566.1513]
    assert torch.tensor(0.1, dtype=torch.float64).item() == 0.1
    assert torch.tensor([[1 / 3]], dtype=torch.float64).item() == 1 / 3
    torch.set_printoptions(precision=10)
    try:
        # PyTorch 2.13 prints exactly this
        assert repr(x) == "tensor([1.0000000000e-01, 8.2390566151e+07], dtype=torch.float64)"
        assert repr(torch.tensor([0.1, 82390566.1513])) == (
            "tensor([1.0000000149e-01, 8.2390568000e+07])"
        )
    finally:
        torch.set_printoptions(profile="default")


# torch.linspace's bytes as PyTorch 2.13 computes them (half from each end, one fused
# multiply-add per value); NumPy's linspace differs in the last bit for most float32 ranges.
LINSPACE = [
    (0, 1, 7, "float32", "00000000abaa2a3eabaaaa3e0000003faaaa2a3f5555553f0000803f"),
    (
        0,
        1,
        15,
        "float32",
        "000000002549923d2549123eb86d5b3e2549923e6edbb63eb86ddb3effffff3e2449123f4992243f6edb363f9224493fb76d5b3fdbb66d3f0000803f",
    ),
    (
        -1,
        1,
        16,
        "float32",
        "000080bfdedd5dbfbcbb3bbf999919bfeeeeeebeaaaaaabecacc4cbe828888bd8288883dcacc4c3eaaaaaa3eeeeeee3e9999193fbcbb3b3fdedd5d3f0000803f",
    ),
    (
        -3.7,
        2.9,
        50,
        "float32",
        "cdcc6cc0fa2d64c0278f5bc054f052c080514ac0adb241c0da1339c0077530c034d627c061371fc08e9816c0bbf90dc0e85a05c02978f9bf823ae8bfdcfcd6bf36bfc5bf9081b4bfea43a3bf430692bf9dc880bfee155fbfa19a3cbf541f1abf1048efbe8851aabedeb54abe589181bd0c49923db811533e757fae3e0e76f33e54361c3fa0b13e3fec2c613f1cd4813fc311933f694fa43f0f8db53fb6cac63f5c08d83f0246e93fa883fa3fa7e005407a7f0e404e1e174021bd1f40f45b2840c7fa30409a993940",
    ),
    (-2, 2, 5, "float32", "000000c0000080bf000000000000803f00000040"),
    (
        0.1,
        0.7,
        13,
        "float64",
        "9a9999999999b93f333333333333c33f9a9999999999c93f000000000000d03f333333333333d33f666666666666d63f999999999999d93fccccccccccccdc3f000000000000e03f999999999999e13f333333333333e33fcccccccccccce43f666666666666e63f",
    ),
    (0, 10, 4, "int64", "0000000000000000030000000000000006000000000000000a00000000000000"),
    (
        -7.5,
        9.9,
        11,
        "int64",
        "f9fffffffffffffffbfffffffffffffffdfffffffffffffffeffffffffffffff0000000000000000000000000000000002000000000000000400000000000000050000000000000007000000000000000900000000000000",
    ),
    (3, 3, 1, "float32", "00004040"),
]


@pytest.mark.parametrize("start, end, steps, dtype, expected", LINSPACE)
def test_linspace_is_pytorchs_bit_for_bit(start, end, steps, dtype, expected):
    values = torch.linspace(start, end, steps, dtype=getattr(torch, dtype))
    assert values.numpy().tobytes().hex() == expected


# Gradients at the kinks and edges, where each framework has to pick a value: x.grad after
# backward, as PyTorch 2.13 printed it.
GRADIENTS = [
    ("sqrt0", lambda x: x.sqrt(), [0.0, 1.0, 4.0], "tensor([   inf, 0.5000, 0.2500])"),
    ("pow.5 at 0", lambda x: x**0.5, [0.0, 1.0], "tensor([   inf, 0.5000])"),
    ("pow0 at 0", lambda x: x**0, [0.0, 2.0], "tensor([0., 0.])"),
    ("pow1.5", lambda x: x**1.5, [0.0, -1.0], "tensor([0., nan])"),
    ("pow -1 at 0", lambda x: x**-1, [0.0, 2.0], "tensor([   -inf, -0.2500])"),
    ("x**x", lambda x: x**x, [0.0, 1.0, 2.0], "tensor([0.0000, 1.0000, 6.7726])"),
    ("log0", lambda x: x.log(), [0.0, 1.0], "tensor([inf, 1.])"),
    ("max ties", lambda x: x.max(), [1.0, 3.0, 3.0], "tensor([0.0000, 0.5000, 0.5000])"),
    ("min ties", lambda x: x.min(), [2.0, 2.0, 5.0], "tensor([0.5000, 0.5000, 0.0000])"),
    ("max dim ties", lambda x: x.max(dim=0).values, [3.0, 3.0], "tensor([1., 0.])"),
    ("amax ties", lambda x: x.amax(), [3.0, 3.0, 1.0], "tensor([0.5000, 0.5000, 0.0000])"),
    ("norm0", lambda x: x.norm(), [0.0, 0.0], "tensor([0., 0.])"),
    ("norm", lambda x: x.norm(), [3.0, 4.0], "tensor([0.6000, 0.8000])"),
    ("round", lambda x: x.round(), [0.5, 1.5], "tensor([0., 0.])"),
    ("floor", lambda x: x.floor(), [0.5], "tensor([0.])"),
    ("std1", lambda x: x.std(), [1.0, 1.0], "tensor([0., 0.])"),
    ("var", lambda x: x.var(), [1.0, 2.0, 4.0], "tensor([-1.3333, -0.3333,  1.6667])"),
    ("prod zero", lambda x: x.prod(), [0.0, 2.0, 3.0], "tensor([6., 0., 0.])"),
    ("prod two zeros", lambda x: x.prod(), [0.0, 0.0, 3.0], "tensor([0., 0., 0.])"),
    (
        "prod dim zero",
        lambda x: x.reshape(2, 2).prod(1),
        [0.0, 2.0, 3.0, 0.0],
        "tensor([2., 0., 0., 3.])",
    ),
    ("sigmoid", lambda x: x.sigmoid(), [-100.0, 0.0, 100.0], "tensor([0.0000, 0.2500, 0.0000])"),
    ("tanh", lambda x: x.tanh(), [-20.0, 0.0, 20.0], "tensor([0., 1., 0.])"),
    (
        "softplus",
        lambda x: F.softplus(x),
        [-50.0, 0.0, 50.0],
        "tensor([1.9287e-22, 5.0000e-01, 1.0000e+00])",
    ),
    ("logsumexp inf", lambda x: x.logsumexp(0), [float("-inf"), 0.0], "tensor([0., 1.])"),
    (
        "log_softmax",
        lambda x: x.log_softmax(0),
        [1.0, 2.0, 3.0],
        "tensor([ 0.7299,  0.2658, -0.9957])",
    ),
    ("softmax", lambda x: x.softmax(0)[0], [1.0, 2.0, 3.0], "tensor([ 0.0819, -0.0220, -0.0599])"),
    (
        "bce",
        lambda x: F.binary_cross_entropy(x, torch.tensor([1.0, 0.0, 1.0])),
        [0.0, 1.0, 0.5],
        "tensor([-3.3333e+11,  3.3333e+11, -6.6667e-01])",
    ),
    ("div0", lambda x: 1 / x, [0.0, 2.0], "tensor([   -inf, -0.2500])"),
    ("exp big", lambda x: x.exp(), [100.0], "tensor([inf])"),
    ("rsqrt 0", lambda x: x.rsqrt(), [0.0, 4.0], "tensor([   -inf, -0.0625])"),
    ("reciprocal 0", lambda x: x.reciprocal(), [0.0], "tensor([-inf])"),
    ("log1p -1", lambda x: x.log1p(), [-1.0, 0.0], "tensor([inf, 1.])"),
    ("remainder", lambda x: x % 2, [-3.5, 3.5], "tensor([1., 1.])"),
    ("fmod", lambda x: torch.fmod(x, 2), [-3.5, 3.5], "tensor([1., 1.])"),
]


@pytest.mark.parametrize("label, fn, values, printed", GRADIENTS, ids=[g[0] for g in GRADIENTS])
def test_gradient_at_kinks_and_edges_is_pytorchs(label, fn, values, printed):
    x = torch.tensor(values, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = fn(x)
        (y.sum() if y.dim() else y).backward()
    assert repr(x.grad) == printed


def test_softplus_beta_threshold_and_module_repr():
    x = torch.tensor([-50.0, 0.0, 30.0, 15.0, 9.0], requires_grad=True)
    y = F.softplus(x, beta=2, threshold=10)
    (g,) = torch.autograd.grad(y.sum(), x)
    assert repr(y) == (
        "tensor([1.9618e-44, 3.4657e-01, 3.0000e+01, 1.5000e+01, 9.0000e+00],\n"
        "       grad_fn=<SoftplusBackward0>)"
    )
    assert repr(g) == "tensor([3.7835e-44, 5.0000e-01, 1.0000e+00, 1.0000e+00, 1.0000e+00])"
    assert repr(torch.nn.Softplus(beta=2)) == "Softplus(beta=2, threshold=20.0)"


@pytest.mark.parametrize(
    "fn, printed",
    [
        (lambda: torch.sin([1.0]), "sin(): argument 'input' (position 1) must be Tensor, not list"),
        (lambda: torch.exp(2), "exp(): argument 'input' (position 1) must be Tensor, not int"),
        (
            lambda: torch.sum([1, 2]),
            "sum(): argument 'input' (position 1) must be Tensor, not list",
        ),
        (
            lambda: torch.sigmoid(2.0),
            "sigmoid(): argument 'input' (position 1) must be Tensor, not float",
        ),
        (
            lambda: F.relu([1.0]),
            "relu(): argument 'input' (position 1) must be Tensor, not list",
        ),
        (
            lambda: torch.nn.Linear(2, 1)([1.0, 2.0]),
            "linear(): argument 'input' (position 1) must be Tensor, not list",
        ),
    ],
)
def test_a_number_or_list_where_a_tensor_goes_gets_pytorchs_type_error(fn, printed):
    with pytest.raises(TypeError) as caught:
        fn()
    assert str(caught.value) == printed


@pytest.mark.parametrize(
    "fn, printed",
    [
        (lambda: torch.zeros(2, -3), "zeros: Dimension size must be non-negative."),
        (lambda: torch.ones(-1), "Trying to create tensor with negative dimension -1: [-1]"),
        (lambda: torch.empty(-2), "Trying to create tensor with negative dimension -2: [-2]"),
        (
            lambda: torch.arange(0, 10, -1.5),
            "upper bound and lower bound inconsistent with step sign",
        ),
    ],
)
def test_factory_errors_are_pytorch_2_13s(fn, printed):
    with pytest.raises(RuntimeError) as caught:
        fn()
    assert str(caught.value) == printed


# torch.autograd.functional, as PyTorch 2.13 answers (the Tensors & VJP page is built on it).
AF = torch.autograd.functional
x = torch.tensor([1.0, 2.0, 3.0])
x2, y2 = torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0])


def f2(a, b):
    return (a * b.sin(), a.sum() * b)


FUNCTIONAL = [
    (
        "jac vec",
        lambda: AF.jacobian(lambda x: x**2, x),
        "tensor([[2., 0., 0.], |         [0., 4., 0.], |         [0., 0., 6.]])",
    ),
    ("jac scalar out", lambda: AF.jacobian(lambda x: (x**2).sum(), x), "tensor([2., 4., 6.])"),
    (
        "jac scalar in",
        lambda: AF.jacobian(lambda x: x * torch.tensor([1.0, 2.0]), torch.tensor(3.0)),
        "tensor([1., 2.])",
    ),
    (
        "jac matrix",
        lambda: AF.jacobian(lambda x: x.reshape(3, 1) @ x.reshape(1, 3), x).shape,
        "torch.Size([3, 3, 3])",
    ),
    (
        "jac tuple in",
        lambda: AF.jacobian(lambda a, b: a * b, (x, x + 1)),
        "(tensor([[2., 0., 0.], |         [0., 3., 0.], | "
        "        [0., 0., 4.]]), tensor([[1., 0., 0.], |         [0., 2., 0.], | "
        "        [0., 0., 3.]]))",
    ),
    (
        "jac create_graph",
        lambda: AF.jacobian(lambda x: x.sin(), x, create_graph=True),
        "tensor([[ 0.5403, -0.0000, -0.0000], |         [ 0.0000, -0.4161, -0.0000], | "
        "        [ 0.0000, -0.0000, -0.9900]], grad_fn=<ViewBackward0>)",
    ),
    (
        "jac unused",
        lambda: AF.jacobian(lambda x: torch.ones(2), x),
        "tensor([[0., 0., 0.], |         [0., 0., 0.]])",
    ),
    (
        "jac strict",
        lambda: AF.jacobian(lambda x: torch.ones(2), x, strict=True),
        "RuntimeError: Output 0 of the user-provided function does not require gradients. The "
        "outputs must be computed in a differentiable manner from the input when running in "
        "strict mode.",
    ),
    (
        "hess",
        lambda: AF.hessian(lambda x: (x**3).sum(), x),
        "tensor([[ 6.,  0.,  0.], |         [ 0., 12.,  0.], |         [ 0.,  0., 18.]])",
    ),
    (
        "hess non-scalar",
        lambda: AF.hessian(lambda x: x**3, x),
        "RuntimeError: The Tensor returned by the function given to hessian should contain a "
        "single element",
    ),
    (
        "hess tuple",
        lambda: AF.hessian(lambda a, b: (a * b).sum(), (x, x)),
        "((tensor([[0., 0., 0.], |         [0., 0., 0.], | "
        "        [0., 0., 0.]]), tensor([[1., 0., 0.], |         [0., 1., 0.], | "
        "        [0., 0., 1.]])), (tensor([[1., 0., 0.], |         [0., 1., 0.], | "
        "        [0., 0., 1.]]), tensor([[0., 0., 0.], |         [0., 0., 0.], | "
        "        [0., 0., 0.]])))",
    ),
    (
        "vjp",
        lambda: AF.vjp(lambda x: x**2, x, torch.ones(3)),
        "(tensor([1., 4., 9.]), tensor([2., 4., 6.]))",
    ),
    (
        "jvp",
        lambda: AF.jvp(lambda x: x**2, x, torch.ones(3)),
        "(tensor([1., 4., 9.]), tensor([2., 4., 6.]))",
    ),
    (
        "hvp",
        lambda: AF.hvp(lambda x: (x**3).sum(), x, torch.ones(3)),
        "(tensor(36.), tensor([ 6., 12., 18.]))",
    ),
    (
        "vhp",
        lambda: AF.vhp(lambda x: (x**3).sum(), x, torch.ones(3)),
        "(tensor(36.), tensor([ 6., 12., 18.]))",
    ),
    (
        "vjp no v",
        lambda: AF.vjp(lambda x: x**2, x),
        "RuntimeError: The vector v can only be None if the user-provided function returns a "
        "single Tensor with a single element.",
    ),
    (
        "vjp scalar",
        lambda: AF.vjp(lambda x: (x**2).sum(), x),
        "(tensor(14.), tensor([2., 4., 6.]))",
    ),
    (
        "jac non-tensor",
        lambda: AF.jacobian(lambda x: 3.0, x),
        "TypeError: The outputs of the user-provided function given to jacobian must be either a "
        "Tensor or a tuple of Tensors but the given outputs of the user-provided function has "
        "type <class 'float'>.",
    ),
    ("jac rg leak", lambda: AF.jacobian(lambda x: x * 2, x).requires_grad, "False"),
    (
        "jvp tuple",
        lambda: AF.jvp(f2, (x2, y2), (torch.ones(2), torch.tensor([1.0, 0.0]))),
        "((tensor([ 0.4794, -1.6829]), tensor([ 1.5000, -3.0000])), (tensor([ 1.3570, -0.8415]), "
        "tensor([ 4., -2.])))",
    ),
    (
        "jvp unused",
        lambda: AF.jvp(lambda a, b: a * 2, (x2, y2), (torch.ones(2), torch.ones(2))),
        "(tensor([2., 4.]), tensor([2., 2.]))",
    ),
    (
        "jvp const",
        lambda: AF.jvp(lambda a: torch.ones(2), x2, torch.ones(2)),
        "(tensor([1., 1.]), tensor([0., 0.]))",
    ),
    (
        "jvp cg",
        lambda: AF.jvp(
            lambda a: a.exp(), x2.clone().requires_grad_(), torch.ones(2), create_graph=True
        ),
        "(tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>), tensor([2.7183, 7.3891], "
        "grad_fn=<MulBackward0>))",
    ),
    ("jvp v None", lambda: AF.jvp(lambda a: a * 3, torch.tensor(2.0)), "(tensor(6.), tensor(3.))"),
    (
        "jvp v len",
        lambda: AF.jvp(f2, (x2, y2), (torch.ones(2),)),
        "RuntimeError: v is a tuple of invalid length: should be 2 but got 1.",
    ),
    (
        "vhp tuple",
        lambda: AF.vhp(
            lambda a, b: (a**2 * b).sum(), (x2, y2), (torch.ones(2), torch.tensor([1.0, 2.0]))
        ),
        "(tensor(-3.5000), (tensor([3., 6.]), tensor([2., 4.])))",
    ),
    (
        "hvp tuple",
        lambda: AF.hvp(
            lambda a, b: (a**2 * b).sum(), (x2, y2), (torch.ones(2), torch.tensor([1.0, 2.0]))
        ),
        "(tensor(-3.5000), (tensor([3., 6.]), tensor([2., 4.])))",
    ),
    (
        "hvp v None 1",
        lambda: AF.hvp(lambda a: a**3, torch.tensor(2.0)),
        "(tensor(8.), tensor(12.))",
    ),
    (
        "hvp linear",
        lambda: AF.hvp(lambda a: (a * 2).sum(), x2, torch.ones(2)),
        "(tensor(6.), tensor([0., 0.]))",
    ),
    (
        "vhp nonscalar",
        lambda: AF.vhp(lambda a: a**2, x2, torch.ones(2)),
        "RuntimeError: The Tensor returned by the function given to vhp should contain a single "
        "element",
    ),
    (
        "vjp tuple",
        lambda: AF.vjp(lambda a, b: a * b, (x2, y2), torch.ones(2)),
        "(tensor([ 0.5000, -2.0000]), (tensor([ 0.5000, -1.0000]), tensor([1., 2.])))",
    ),
    (
        "vjp bad v",
        lambda: AF.vjp(lambda a: a, x2, torch.ones(3)),
        "RuntimeError: v has invalid size: should be torch.Size([2]) but got torch.Size([3]).",
    ),
    (
        "vjp list in",
        lambda: AF.vjp(lambda a: a, [x2]),
        "TypeError: The inputs given to vjp must be either a Tensor or a tuple of Tensors but the "
        "given inputs has type <class 'list'>.",
    ),
    (
        "hess tuple",
        lambda: AF.hessian(lambda a, b: (a**2 * b).sum(), (x2, y2)),
        "((tensor([[ 1., -0.], |         [ 0., -2.]]), tensor([[2., 0.], | "
        "        [0., 4.]])), (tensor([[2., 0.], |         [0., 4.]]), tensor([[0., 0.], | "
        "        [0., 0.]])))",
    ),
    (
        "jac out tuple",
        lambda: AF.jacobian(lambda a: (a * 2, a.sum()), x2),
        "(tensor([[2., 0.], |         [0., 2.]]), tensor([1., 1.]))",
    ),
    (
        "jac v list out",
        lambda: AF.jacobian(lambda a: [a * 2], x2),
        "TypeError: The outputs of the user-provided function given to jacobian must be either a "
        "Tensor or a tuple of Tensors but the given outputs of the user-provided function has "
        "type <class 'list'>.",
    ),
]


FUNCTIONAL.append(
    (
        "vjp const",
        lambda: AF.vjp(lambda a: torch.ones(2), x, torch.ones(2)),
        "(tensor([1., 1.]), tensor([0., 0., 0.]))",
    )
)


@pytest.mark.parametrize("label, fn, printed", FUNCTIONAL, ids=[c[0] for c in FUNCTIONAL])
def test_autograd_functional_answers_as_pytorch_does(label, fn, printed):
    assert _outcome(fn).replace(" | ", " ") == printed.replace(" | ", " ")


def test_index_add_sends_alpha_times_the_gradient_to_each_source_slice():
    """PyTorch 2.13: IndexAddBackward0; self's gradient passes through, each source entry gets
    alpha times the gradient at the place it was added to."""
    a = torch.zeros(3, requires_grad=True)
    s = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    y = a.index_add(0, torch.tensor([0, 1, 0, 2]), s, alpha=2)
    assert repr(y) == "tensor([8., 4., 8.], grad_fn=<IndexAddBackward0>)"
    (y * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
    assert repr(a.grad) == "tensor([  1.,  10., 100.])"
    assert repr(s.grad) == "tensor([  2.,  20.,   2., 200.])"
