"""Every differentiable primitive in the registry, checked against finite differences.

For each op and each case (including broadcasting shape pairs), in float64:
  first order:  the Jacobian from backward equals the central-difference Jacobian;
  second order: the Jacobian of the gradient (computed with create_graph=True) equals the
                central-difference Jacobian of that gradient.
The numerical side is written here, independently of autograd_core.autograd.gradcheck.
A primitive added to the registry without cases below fails `test_every_op_has_cases`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import autograd_core as torch
from autograd_core.ops import REGISTRY

EPS = 1e-6


@dataclass
class Case:
    """Inputs (arrays become float64 tensors that require grad; floats stay Python numbers)."""

    inputs: Callable[[np.random.Generator], list[Any]]
    params: Callable[[list[Any]], dict] = field(default=lambda xs: {})
    label: str = ""
    second_order: bool = True


def rand(*shape, low=-2.0, high=2.0):
    return lambda rng: rng.uniform(low, high, shape)


def away_from_zero(*shape, low=0.2, high=2.0):
    """Values with |x| >= low: clear of the kink of relu/abs at 0."""
    return lambda rng: rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)


def positive(*shape):
    return rand(*shape, low=0.5, high=2.0)


def off_integer(*shape):
    """Values k + 0.3: clear of the steps of floor/round/ceil."""
    return lambda rng: rng.integers(-3, 3, shape) + 0.3


def inputs(*makers):
    return lambda rng: [m(rng) if callable(m) else m for m in makers]


def unary(maker=None, shapes=((), (3,), (2, 3))):
    return [Case(inputs(maker(*s) if maker else rand(*s)), label=str(s)) for s in shapes]


BROADCAST_PAIRS = [
    ((), ()),
    ((3,), ()),
    ((), (3,)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((2, 3), (2, 3)),
    ((3, 1, 2), (4, 1)),
]


def binary(left=rand, right=rand, scalars=(2.5,)):
    cases = [Case(inputs(left(*a), right(*b)), label=f"{a}x{b}") for a, b in BROADCAST_PAIRS]
    cases += [Case(inputs(left(2, 3), s), label=f"tensor,{s}") for s in scalars]
    return cases


def reduction_cases(maker=rand, dims=((0,), (1,), (0, 1)), extra=None):
    extra = extra or {}
    cases = []
    for d in dims:
        for keep in (False, True):
            cases.append(
                Case(
                    inputs(maker(2, 3)),
                    lambda xs, d=d, k=keep: {"dim": d, "keepdim": k, **extra},
                    label=f"dim={d},keepdim={keep}",
                )
            )
    return cases


def _indices(fn, dim, keep):
    return lambda xs: {"dim": dim, "keepdim": keep, "indices": fn(xs[0], axis=dim, keepdims=keep)}


def _prod_zero(rng):
    x = rng.uniform(0.5, 2.0, (2, 3))
    x[0, 1] = 0.0
    return x


CASES: dict[str, list[Case]] = {
    **{
        n: unary()
        for n in (
            "exp",
            "sin",
            "cos",
            "atan",
            "sinh",
            "cosh",
            "tanh",
            "sigmoid",
            "neg",
            "clone",
            "expm1",
        )
    },
    **{
        n: unary(positive) for n in ("log", "log2", "log10", "log1p", "sqrt", "rsqrt", "reciprocal")
    },
    "softplus": [
        *unary(),
        Case(inputs(rand(2, 3)), lambda xs: {"beta": 2.0, "threshold": 20.0}, "beta=2"),
        # beyond the threshold softplus is the identity: inputs 3..5 with beta 2 and threshold 4
        Case(inputs(rand(2, 3, low=3.0, high=5.0)), lambda xs: {"beta": 2.0, "threshold": 4.0}),
    ],
    "tan": unary(lambda *s: rand(*s, low=-1.0, high=1.0)),
    "asin": unary(lambda *s: rand(*s, low=-0.8, high=0.8)),
    "acos": unary(lambda *s: rand(*s, low=-0.8, high=0.8)),
    **{n: unary(away_from_zero) for n in ("relu", "abs", "sign")},
    **{n: unary(off_integer) for n in ("floor", "ceil", "round", "trunc")},
    "leaky_relu": [Case(inputs(away_from_zero(2, 3)), lambda xs: {"negative_slope": 0.1})],
    "leaky_relu_result": [Case(inputs(away_from_zero(2, 3)), lambda xs: {"negative_slope": 0.1})],
    "hardtanh": [
        Case(inputs(rand(2, 3, low=-3.0, high=3.0)), lambda xs: {"min_val": -1.0, "max_val": 1.0})
    ],
    "elu": [*unary(away_from_zero), Case(inputs(rand(2, 3)), lambda xs: {"alpha": 0.5})],
    "erf": unary(),
    "gelu": [
        *unary(),
        Case(inputs(rand(2, 3)), lambda xs: {"approximate": "tanh"}, "tanh"),
    ],
    "silu": unary(),
    "mish": unary(),
    "clamp": [
        Case(inputs(away_from_zero(2, 3)), lambda xs: {"min": -0.1, "max": 0.1}, "both"),
        Case(inputs(away_from_zero(3)), lambda xs: {"min": 0.05, "max": None}, "min"),
        Case(inputs(away_from_zero(3)), lambda xs: {"min": None, "max": 0.05}, "max"),
    ],
    "to_copy": [Case(inputs(rand(2, 3)), lambda xs: {"dtype": torch.float64})],
    "add": [*binary(), Case(inputs(rand(3), rand(3)), lambda xs: {"alpha": 3}, "alpha")],
    "sub": [*binary(), Case(inputs(rand(3), rand(3)), lambda xs: {"alpha": 3}, "alpha")],
    "rsub": [
        Case(inputs(rand(3)), lambda xs: {"other": 2.0}),
        Case(inputs(rand(3)), lambda xs: {"other": 2.0, "alpha": 3}, "alpha"),
    ],
    "mul": binary(),
    "div": binary(right=positive),
    "div_scalar": [
        Case(inputs(rand(2, 3)), lambda xs: {"other": 4}),
        Case(inputs(rand(3)), lambda xs: {"other": -0.5}, "float"),
    ],
    "maximum": binary(scalars=()),
    "minimum": binary(scalars=()),
    "pow": [
        Case(inputs(positive(3)), lambda xs, e=e: {"exponent": e}, f"^{e}")
        for e in (2, 3, 0.5, -1, -2.5, 0, 1)
    ]
    + [Case(inputs(rand(2, 3)), lambda xs: {"exponent": 3}, "negative base")],
    "pow_tensor": binary(left=positive, scalars=()),
    "rpow": [
        Case(inputs(rand(3)), lambda xs: {"base": 2.0}),
        Case(inputs(rand(2, 2)), lambda xs: {"base": 0.5}),
    ],
    "remainder": [
        Case(inputs(off_integer(2, 3)), lambda xs, c=c: {"other": c}, f"{c}") for c in (1.0, -2.0)
    ],
    "remainder_tensor": [
        Case(
            inputs(
                lambda rng: rng.uniform(0.2, 0.8, (2, 3)) + rng.integers(0, 3, (2, 3)),
                lambda rng: np.full((3,), 1.0),
            )
        )
    ],
    "fmod": [
        Case(inputs(off_integer(2, 3)), lambda xs, c=c: {"other": c}, f"{c}") for c in (1.0, -2.0)
    ],
    "fmod_tensor": [
        Case(
            inputs(
                lambda rng: (
                    (rng.uniform(0.2, 0.8, (2, 3)) + rng.integers(0, 3, (2, 3)))
                    * rng.choice([-1.0, 1.0], (2, 3))
                ),
                lambda rng: np.array([1.0, -1.0, 1.0]),
            )
        )
    ],
    "div_rounded": [
        Case(
            inputs(off_integer(2, 3), lambda rng: np.full((3,), 1.0)),
            lambda xs, m=m: {"rounding_mode": m},
            m,
        )
        for m in ("floor", "trunc")
    ],
    "where": [
        Case(
            inputs(rand(2, 3), rand(2, 3)),
            lambda xs: {"condition": torch.tensor([[True, False, True], [False, True, False]])},
        ),
        Case(
            inputs(rand(3), rand(2, 1)),
            lambda xs: {"condition": torch.tensor([True, False, True])},
            "broadcast",
        ),
        Case(
            inputs(rand(3), 0.0),
            lambda xs: {"condition": torch.tensor([True, False, True])},
            "scalar",
        ),
    ],
    "select": [
        Case(inputs(rand(2, 3)), lambda xs: {"dim": 1, "index": 2}),
        Case(inputs(rand(4)), lambda xs: {"dim": 0, "index": 0}, "1-d"),
    ],
    "select_backward": [Case(inputs(rand(3)), lambda xs: {"shape": (2, 3), "dim": 0, "index": 1})],
    "slice": [Case(inputs(rand(5, 2)), lambda xs: {"dim": 0, "start": 1, "stop": 5, "step": 2})],
    "slice_backward": [
        Case(
            inputs(rand(2, 2)),
            lambda xs: {"shape": (5, 2), "dim": 0, "start": 1, "stop": 5, "step": 2},
        )
    ],
    "index": [
        Case(inputs(rand(4, 3)), lambda xs: {"key": (np.array([0, 2, 2]),)}, "repeated rows"),
        Case(inputs(rand(4, 3)), lambda xs: {"key": (np.array([0, 1]), np.array([2, 0]))}),
        Case(inputs(rand(4)), lambda xs: {"key": (np.array([True, False, True, True]),)}, "mask"),
    ],
    "view_again": [  # a view's elements in its base, as _elements_in names them
        Case(
            inputs(rand(2, 3)),
            lambda xs: {"key": (np.array([[0, 1], [0, 1]]), np.array([[2, 2], [0, 1]]))},
            "2-d",
        )
    ],
    "index_put_zeros": [
        Case(inputs(rand(3, 3)), lambda xs: {"shape": (4, 3), "key": (np.array([0, 2, 2]),)})
    ],
    "copy_slices": [
        Case(inputs(rand(4, 3), rand(3)), lambda xs: {"key": (1,)}),
        Case(inputs(rand(4, 3), rand(2, 1)), lambda xs: {"key": (np.s_[1:3],)}, "broadcast"),
    ],
    "masked_fill": [
        Case(
            inputs(rand(2, 3)),
            lambda xs: {
                "mask": torch.tensor([[True, False, False], [False, False, True]]),
                "value": 5.0,
            },
        )
    ],
    "gather": [
        Case(inputs(rand(2, 3)), lambda xs: {"dim": 1, "index": torch.tensor([[0, 0], [2, 1]])}),
        Case(
            inputs(rand(3, 2)),
            lambda xs: {"dim": 0, "index": torch.tensor([[2, 0], [2, 2], [1, 0], [0, 1]])},
            "longer than input along dim",
        ),
        Case(inputs(rand(3, 4)), lambda xs: {"dim": -1, "index": torch.tensor([[3]])}, "corner"),
    ],
    "scatter": [
        Case(
            inputs(rand(2, 3), rand(2, 2)),
            lambda xs: {"dim": 1, "index": torch.tensor([[0, 2], [1, 0]])},
        ),
        Case(
            inputs(rand(3, 2), rand(1, 2)),
            lambda xs: {"dim": 0, "index": torch.tensor([[2, 0]])},
            "one row",
        ),
    ],
    "scatter_value": [
        Case(
            inputs(rand(2, 3)),
            lambda xs: {"dim": 1, "index": torch.tensor([[0, 0], [2, 1]]), "value": 1.5},
        )
    ],
    "scatter_add": [
        Case(
            inputs(rand(2, 3), rand(2, 3)),
            lambda xs: {"dim": 1, "index": torch.tensor([[0, 0, 2], [1, 1, 1]])},
            "repeated places",
        ),
        Case(inputs(rand(4), rand(2)), lambda xs: {"dim": 0, "index": torch.tensor([3, 0])}, "1-d"),
    ],
    "mm": [Case(inputs(rand(2, 3), rand(3, 4)))],
    "mv": [Case(inputs(rand(2, 3), rand(3)))],
    "dot": [Case(inputs(rand(3), rand(3)))],
    "trace": [Case(inputs(rand(3, 3))), Case(inputs(rand(2, 4)), label="wide")],
    "bmm": [
        Case(inputs(rand(2, 3, 4), rand(2, 4, 2))),
        Case(inputs(rand(3, 4), rand(2, 4, 2)), label="broadcast batch"),
        Case(inputs(rand(1, 3, 4), rand(2, 4, 2)), label="size-1 batch"),
    ],
    "mse_loss": [
        Case(inputs(rand(2, 3), rand(2, 3)), lambda xs, r=r: {"reduction": r}, r)
        for r in ("mean", "sum", "none")
    ],
    "addmm": [
        Case(inputs(rand(4), rand(2, 3), rand(3, 4))),
        Case(inputs(rand(2, 4), rand(2, 3), rand(3, 4)), label="full bias"),
    ],
    "binary_cross_entropy": [
        Case(
            inputs(rand(2, 3, low=0.1, high=0.9), rand(2, 3, low=0.0, high=1.0)),
            lambda xs, r=r: {"reduction": r},
            r,
        )
        for r in ("mean", "sum", "none")
    ],
    "binary_cross_entropy_with_logits": [
        Case(inputs(rand(2, 3), rand(2, 3, low=0.0, high=1.0)), lambda xs, r=r: {"reduction": r}, r)
        for r in ("mean", "sum", "none")
    ]
    + [
        Case(
            inputs(rand(2, 3), rand(2, 3, low=0.0, high=1.0)),
            lambda xs: {"pos_weight": torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)},
            "pos_weight",
        )
    ],
    "nll_loss": [
        Case(
            inputs(rand(3, 4)),
            lambda xs, r=r: {"target": torch.tensor([0, 3, 1]), "reduction": r},
            r,
        )
        for r in ("mean", "sum", "none")
    ]
    + [
        Case(
            inputs(rand(3, 4)),
            lambda xs: {
                "target": torch.tensor([0, 3, 1]),
                "weight": torch.tensor([1.0, 2.0, 0.5, 3.0], dtype=torch.float64),
            },
            "weighted",
        )
    ],
    "nll_loss2d": [
        Case(
            inputs(rand(2, 3, 2, 2)),
            lambda xs, r=r: {
                "target": torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]]),
                "reduction": r,
            },
            r,
        )
        for r in ("mean", "sum", "none")
    ],
    "tanh_backward": binary(right=lambda *s: rand(*s, low=-0.9, high=0.9), scalars=()),
    "sigmoid_backward": binary(right=lambda *s: rand(*s, low=0.1, high=0.9), scalars=()),
    "threshold_backward": binary(right=away_from_zero, scalars=()),
    "sum": unary(),
    "sum_dim": reduction_cases(),
    "mean": unary(),
    "mean_dim": reduction_cases(),
    "max": unary(shapes=((), (4,), (2, 3))),
    "min": unary(shapes=((), (4,), (2, 3))),
    "max_dim": [
        Case(inputs(rand(2, 3)), _indices(np.argmax, d, k), f"{d},{k}")
        for d in (0, 1)
        for k in (False, True)
    ],
    "min_dim": [
        Case(inputs(rand(2, 3)), _indices(np.argmin, d, k), f"{d},{k}")
        for d in (0, 1)
        for k in (False, True)
    ],
    "amax": reduction_cases(),
    "amin": reduction_cases(),
    "prod": [
        Case(inputs(positive(2, 3)), label="no zeros"),
        Case(lambda rng: [_prod_zero(rng)], label="one zero"),
    ],
    "prod_dim": [
        Case(inputs(positive(2, 3)), lambda xs, d=d, k=k: {"dim": d, "keepdim": k}, f"{d},{k}")
        for d in (0, 1)
        for k in (False, True)
    ]
    + [Case(lambda rng: [_prod_zero(rng)], lambda xs: {"dim": 1, "keepdim": False}, "zero")],
    "var": [
        *reduction_cases(extra={"correction": 1}),
        Case(inputs(rand(4)), lambda xs: {"dim": None, "correction": 0, "keepdim": False}, "all"),
    ],
    "std": [
        *reduction_cases(extra={"correction": 1}),
        Case(inputs(rand(4)), lambda xs: {"dim": None, "correction": 1, "keepdim": False}, "all"),
    ],
    "logsumexp": reduction_cases(),
    # (300, 2) takes the batched path of reductions over a short axis (reductions._along).
    "softmax": [
        *(Case(inputs(rand(2, 3)), lambda xs, d=d: {"dim": d}, f"dim={d}") for d in (0, 1)),
        Case(inputs(rand(300, 2)), lambda xs: {"dim": 1}, "batch", second_order=False),
    ],
    "log_softmax": [
        *(Case(inputs(rand(2, 3)), lambda xs, d=d: {"dim": d}, f"dim={d}") for d in (0, 1)),
        Case(inputs(rand(300, 2)), lambda xs: {"dim": 1}, "batch", second_order=False),
    ],
    "softmax_backward": [
        Case(inputs(rand(2, 3), rand(2, 3, low=0.1, high=0.9)), lambda xs, d=d: {"dim": d}, f"{d}")
        for d in (0, 1)
    ],
    "log_softmax_backward": [
        Case(inputs(rand(2, 3), rand(2, 3, high=-0.1)), lambda xs, d=d: {"dim": d}, f"dim={d}")
        for d in (0, 1)
    ],
    "norm": [
        *reduction_cases(),
        Case(inputs(rand(3)), lambda xs: {"dim": None, "keepdim": False}, "all"),
    ],
    "cumsum": [Case(inputs(rand(2, 3)), lambda xs, d=d: {"dim": d}, f"dim={d}") for d in (0, 1)],
    "view": [Case(inputs(rand(2, 3)), lambda xs: {"shape": (3, 2)})],
    "reshape": [Case(inputs(rand(2, 3)), lambda xs: {"shape": (6,)})],
    # in-place fills: the new values are given, the old ones get a zero gradient
    **{
        name: [Case(inputs(rand(2, 3)), lambda xs: {"values": torch.full((2, 3), 0.25)})]
        for name in (
            "uniform_fill",
            "normal_fill",
            "random_range_fill",
            "random_to_fill",
            "random_fill",
            "number_fill",
            "zero_fill",
        )
    },
    "reshape_alias": [Case(inputs(rand(2, 3)), lambda xs: {"shape": (2, 1, 3)})],
    "unsafe_view": [Case(inputs(rand(2, 3)), lambda xs: {"shape": (3, 2)})],
    "unsqueeze": [Case(inputs(rand(2, 3)), lambda xs: {"dim": 1})],
    "squeeze": [Case(inputs(rand(2, 1, 3)))],
    "squeeze_dim": [Case(inputs(rand(2, 1, 3)), lambda xs: {"dim": 1})],
    "squeeze_matmul": [Case(inputs(rand(1, 3)), lambda xs: {"dim": 0})],
    "squeeze_dims": [Case(inputs(rand(1, 2, 1)), lambda xs: {"dim": (0, 2)})],
    "transpose": [Case(inputs(rand(2, 3, 4)), lambda xs: {"dim0": 0, "dim1": 2})],
    "t": [Case(inputs(rand(2, 3)))],
    "permute": [Case(inputs(rand(2, 3, 4)), lambda xs: {"dims": (2, 0, 1)})],
    "expand": [Case(inputs(rand(3, 1)), lambda xs: {"shape": (2, 3, 4)})],
    "flip": [Case(inputs(rand(2, 3)), lambda xs: {"dims": (1,)})],
    "repeat": [Case(inputs(rand(2, 3)), lambda xs: {"repeats": (2, 1, 2)})],
    "cat": [
        Case(inputs(rand(2, 3), rand(1, 3), rand(4, 3)), lambda xs: {"dim": 0}),
        Case(inputs(rand(2, 3), rand(2, 1)), lambda xs: {"dim": 1}, "dim 1"),
    ],
    "stack": [Case(inputs(rand(2, 3), rand(2, 3)), lambda xs: {"dim": 1})],
}


def _order(descending=False, k=None, dim=1):
    """sort/topk's `indices` parameter, worked out from the case's input as the public
    function works it out."""

    def params(xs):
        order = np.argsort(-xs[0] if descending else xs[0], axis=dim, kind="stable")
        if k is not None:
            order = np.take(order, np.arange(k), axis=dim)
        return {"dim": dim, "indices": torch.tensor(order)}

    return params


def _median_indices(dim, keep):
    def params(xs):
        order = np.argsort(xs[0], axis=dim, kind="stable")
        middle = np.take(order, (xs[0].shape[dim] - 1) // 2, axis=dim)
        return {"dim": dim, "keepdim": keep, "indices": torch.tensor(middle)}

    return params


def _well_conditioned(n, batch=()):
    """A random matrix with a large diagonal: far from singular, so differences are stable."""
    return lambda rng: rng.uniform(-1.0, 1.0, (*batch, n, n)) + 3 * np.eye(n)


def _near_kinks(rng):
    """hardswish's input: every piece (below -3, between, above 3), clear of the joins."""
    return np.array([[-4.2, -2.5, -0.4], [0.7, 2.6, 4.1]]) + rng.uniform(-0.1, 0.1, (2, 3))


# The functions the tutorials call that came with "The engine runs real tutorials".
CASES.update(
    {
        "split_piece": [Case(inputs(rand(5, 2)), lambda xs: {"dim": 0, "start": 1, "stop": 3})],
        "split_sizes_piece": [
            Case(inputs(rand(2, 5)), lambda xs: {"dim": 1, "start": 2, "stop": 5})
        ],
        "unbind_piece": [Case(inputs(rand(2, 3)), lambda xs: {"dim": 1, "index": 2})],
        "index_select": [
            Case(inputs(rand(3, 4)), lambda xs: {"dim": 1, "index": torch.tensor([0, 2, 2])}),
            Case(inputs(rand(3, 2)), lambda xs: {"dim": 0, "index": torch.tensor([2])}, "rows"),
        ],
        "unfold_dim": [
            Case(inputs(rand(2, 5)), lambda xs: {"dim": 1, "size": 3, "step": 2}, "overlapping"),
            Case(inputs(rand(4, 2)), lambda xs: {"dim": 0, "size": 2, "step": 2}, "apart"),
        ],
        "unfold_dim_backward": [
            Case(
                inputs(rand(2, 2, 3)),
                lambda xs: {"input_shape": (2, 5), "dim": 1, "size": 3, "step": 2},
            )
        ],
        "kthvalue": [
            Case(
                inputs(rand(2, 3)),
                lambda xs: {"dim": 1, "keepdim": False, "indices": torch.tensor([2, 0])},
            )
        ],
        "index_add": [
            Case(
                inputs(rand(4, 3), rand(3, 3)),
                lambda xs: {"dim": 0, "index": torch.tensor([3, 0, 3]), "alpha": 1},
                "repeated rows",
            ),
            Case(
                inputs(rand(2, 3), rand(2, 2)),
                lambda xs: {"dim": 1, "index": torch.tensor([2, 0]), "alpha": -0.5},
                "columns, alpha",
            ),
        ],
        "take": [Case(inputs(rand(2, 3)), lambda xs: {"index": torch.tensor([[0, 5], [5, 1]])})],
        "masked_select": [
            Case(
                inputs(rand(2, 3)),
                lambda xs: {"mask": torch.tensor([[True, False, True], [False, True, True]])},
            )
        ],
        "sort": [
            Case(inputs(rand(2, 3)), _order(), "ascending"),
            Case(inputs(rand(3, 2)), _order(descending=True, dim=0), "descending"),
        ],
        "sort_stable": [Case(inputs(rand(2, 3)), _order())],
        "topk": [Case(inputs(rand(2, 4)), _order(descending=True, k=2))],
        "median_dim": [
            Case(inputs(rand(2, 3)), _median_indices(d, k), f"{d},{k}")
            for d in (0, 1)
            for k in (False, True)
        ],
        "median": unary(shapes=((), (5,), (2, 3))),
        "unique": [],  # PyTorch has no derivative for it: the golden programs check the error
        "tril": [
            Case(inputs(rand(3, 3)), lambda xs, k=k: {"diagonal": k}, f"{k}") for k in (0, -1, 1)
        ]
        + [Case(inputs(rand(2, 3, 4)), lambda xs: {"diagonal": 0}, "batch")],
        "triu": [
            Case(inputs(rand(3, 3)), lambda xs, k=k: {"diagonal": k}, f"{k}") for k in (0, -1, 1)
        ]
        + [Case(inputs(rand(2, 3, 4)), lambda xs: {"diagonal": 1}, "batch")],
        "diagonal": [
            Case(inputs(rand(3, 4)), lambda xs: {"offset": 1, "dim1": 0, "dim2": 1}),
            Case(inputs(rand(2, 3, 3)), lambda xs: {"offset": -1, "dim1": 1, "dim2": 2}, "batch"),
            Case(inputs(rand(3, 2, 3)), lambda xs: {"offset": 0, "dim1": 0, "dim2": 2}, "apart"),
        ],
        "diag_of_matrix": [Case(inputs(rand(3, 3)), lambda xs: {"offset": 0})],
        "diagonal_backward": [
            Case(
                inputs(rand(2)),
                lambda xs: {"shape": (2, 3), "offset": 1, "dim1": 0, "dim2": 1},
            )
        ],
        "diag_embed": [
            Case(inputs(rand(3)), lambda xs: {"offset": 0}),
            Case(inputs(rand(2, 3)), lambda xs: {"offset": 1}, "batch, above"),
        ],
        "roll": [
            Case(inputs(rand(2, 3)), lambda xs: {"shifts": (1, -1), "dims": (0, 1)}),
            Case(inputs(rand(2, 3)), lambda xs: {"shifts": 2, "dims": None}, "flattened"),
        ],
        "constant_pad": [
            Case(inputs(rand(2, 3)), lambda xs: {"pad": (1, 2), "value": 0.5}),
            Case(inputs(rand(2, 3)), lambda xs: {"pad": (-1, 1, 1, 0)}, "crop"),
        ],
        "cumprod": [
            Case(inputs(rand(2, 3)), lambda xs, d=d: {"dim": d}, f"dim={d}") for d in (0, 1)
        ]
        + [Case(lambda rng: [_prod_zero(rng)], lambda xs: {"dim": 1}, "zero")],
        **{n: unary() for n in ("asinh", "exp2", "deg2rad", "rad2deg", "frac", "nan_to_num")},
        "acosh": unary(lambda *s: rand(*s, low=1.5, high=3.0)),
        "atanh": unary(lambda *s: rand(*s, low=-0.8, high=0.8)),
        "sgn": unary(away_from_zero),
        "logit": [
            *unary(lambda *s: rand(*s, low=0.1, high=0.9)),
            Case(inputs(rand(2, 3, low=0.05, high=0.95)), lambda xs: {"eps": 0.01}, "eps"),
        ],
        "atan2": binary(),
        "hypot": binary(left=away_from_zero, right=away_from_zero),
        "logaddexp": binary(),
        "xlogy": binary(right=positive),
        "lerp": [
            Case(inputs(rand(2, 3), rand(3)), lambda xs, w=w: {"weight": w}, f"w={w}")
            for w in (0.3, 0.8)
        ],
        "lerp_tensor": [
            Case(inputs(rand(2, 3), rand(3), rand(2, 1, low=0.0, high=1.0))),
        ],
        "addcmul": [
            Case(inputs(rand(2, 3), rand(3), rand(2, 1)), lambda xs: {"value": 0.5}),
        ],
        "addcdiv": [
            Case(inputs(rand(2, 3), rand(3), positive(2, 1)), lambda xs: {"value": -2.0}),
        ],
        "det": [
            Case(lambda rng: [_well_conditioned(3)(rng)]),
            Case(lambda rng: [_well_conditioned(2, (2,))(rng)], label="batch"),
        ],
        "inv": [
            Case(lambda rng: [_well_conditioned(3)(rng)]),
            Case(lambda rng: [_well_conditioned(2, (2,))(rng)], label="batch"),
        ],
        "solve": [
            Case(lambda rng: [_well_conditioned(3)(rng), rng.uniform(-1, 1, (3,))], label="b"),
            Case(lambda rng: [_well_conditioned(3)(rng), rng.uniform(-1, 1, (3, 2))], label="B"),
        ],
        "cross": [
            Case(inputs(rand(3), rand(3)), lambda xs: {"dim": 0}),
            Case(inputs(rand(2, 3), rand(3)), lambda xs: {"dim": 1}, "broadcast"),
        ],
        "vector_norm": [
            Case(
                inputs(away_from_zero(2, 3)),
                lambda xs, o=o: {"ord": o, "dim": (1,), "keepdim": False},
                f"ord={o}",
            )
            for o in (1.0, 3.0, float("inf"), -float("inf"))
        ]
        + [Case(inputs(positive(4)), lambda xs: {"ord": 0.5}, "ord=0.5, all")],
        "dist": [
            Case(inputs(rand(2, 3), rand(3)), lambda xs, p=p: {"p": p}, f"p={p}")
            for p in (2.0, 3.0)
        ],
        "embedding": [
            Case(inputs(rand(4, 3)), lambda xs: {"indices": torch.tensor([[0, 2], [2, 3]])}),
            Case(
                inputs(rand(4, 3)),
                # the padding row gets no gradient by definition (not by calculus), so finite
                # differences can only check the other rows; golden programs check that one
                lambda xs: {"indices": torch.tensor([3, 0, 3]), "padding_idx": 1},
                "padding",
            ),
        ],
        "convolution": [
            Case(
                inputs(rand(2, 2, 5, 5), rand(3, 2, 3, 3), rand(3)),
                lambda xs: {"stride": (1, 1), "padding": (0, 0), "dilation": (1, 1)},
            ),
            Case(
                inputs(rand(1, 1, 6, 5), rand(2, 1, 2, 3), None),
                lambda xs: {"stride": (2, 1), "padding": (1, 2), "dilation": (2, 1)},
                "strided, padded, dilated, no bias",
            ),
            Case(
                inputs(rand(1, 2, 4, 4), rand(2, 2, 3, 3), rand(2)),
                lambda xs: {"stride": (1, 1), "padding": (0, 0), "dilation": (1, 1)},
                "fewer windows than kernel positions",
            ),
        ],
        "unfold": [
            Case(
                inputs(rand(2, 2, 4, 5)),
                lambda xs: {
                    "kernel_size": (2, 3),
                    "dilation": (1, 1),
                    "padding": (1, 0),
                    "stride": (2, 1),
                },
            )
        ],
        "fold": [
            Case(
                inputs(rand(2, 12, 9)),
                lambda xs: {
                    "output_size": (4, 5),
                    "kernel_size": (2, 3),
                    "dilation": (1, 1),
                    "padding": (1, 0),
                    "stride": (2, 1),
                },
            )
        ],
        "max_pool2d": [
            Case(
                inputs(rand(2, 2, 4, 4)),
                lambda xs: {
                    "kernel_size": (2, 2),
                    "stride": (2, 2),
                    "padding": (0, 0),
                    "dilation": (1, 1),
                },
            ),
            Case(
                inputs(rand(1, 2, 5, 5)),
                lambda xs: {
                    "kernel_size": (3, 2),
                    "stride": (1, 2),
                    "padding": (1, 1),
                    "dilation": (1, 2),
                },
                "overlapping windows, padded, dilated",
            ),
        ],
        "avg_pool2d": [
            Case(
                inputs(rand(2, 2, 4, 4)),
                lambda xs: {"kernel_size": (2, 2), "stride": (2, 2), "padding": (0, 0)},
            ),
            Case(
                inputs(rand(1, 1, 5, 4)),
                lambda xs: {"kernel_size": (3, 3), "stride": (1, 2), "padding": (1, 1)},
                "overlapping windows, padded",
            ),
        ],
        "layer_norm": [
            Case(inputs(rand(2, 3), rand(3), rand(3)), lambda xs: {"normalized_shape": (3,)}),
            Case(
                inputs(rand(2, 2, 3), rand(2, 3), rand(2, 3)),
                lambda xs: {"normalized_shape": (2, 3), "eps": 1e-3},
                "two dims",
            ),
        ],
        "batch_norm": [
            Case(inputs(rand(4, 3), rand(3), rand(3)), lambda xs: {"eps": 1e-3}, "training"),
            Case(
                inputs(rand(2, 2, 3, 2), rand(2), rand(2)),
                lambda xs: {"eps": 1e-5},
                "training, images",
            ),
            Case(
                inputs(rand(3, 2, 4), rand(2), rand(2)),
                lambda xs: {
                    "eps": 1e-5,
                    "running_mean": torch.tensor([0.5, -0.25], dtype=torch.float64),
                    "running_var": torch.tensor([2.0, 0.5], dtype=torch.float64),
                },
                "evaluation",
            ),
        ],
        "smooth_l1_loss": [
            Case(inputs(rand(2, 3), rand(2, 3)), lambda xs, r=r: {"reduction": r, "beta": 0.5}, r)
            for r in ("mean", "sum", "none")
        ],
        "huber_loss": [
            Case(inputs(rand(2, 3), rand(2, 3)), lambda xs, r=r: {"reduction": r, "delta": 0.7}, r)
            for r in ("mean", "sum", "none")
        ],
        "logsigmoid": unary(),
        "hardswish": [Case(lambda rng: [_near_kinks(rng)])],
        "celu": [Case(inputs(away_from_zero(2, 3)), lambda xs: {"alpha": 1.5})],
        "selu": unary(away_from_zero),
        "glu": [
            Case(inputs(rand(2, 4)), lambda xs: {"dim": 1}),
            Case(inputs(rand(4, 3)), lambda xs: {"dim": 0}, "dim 0"),
        ],
        "std_of_std_mean": [
            Case(inputs(rand(2, 3)), lambda xs: {"dim": (1,), "correction": 1, "keepdim": False})
        ],
        "var_of_var_mean": [
            Case(inputs(rand(2, 3)), lambda xs: {"dim": None, "correction": 0, "keepdim": False})
        ],
        **{n: unary() for n in ("mean_of_std_mean", "mean_of_var_mean")},
        **{
            n: reduction_cases(dims=((1,),))
            for n in ("mean_dim_of_std_mean", "mean_dim_of_var_mean")
        },
        "nansum": [
            *reduction_cases(dims=((0,), (0, 1))),
            Case(inputs(rand(4)), lambda xs: {"dim": None}, "all"),
        ],
    }
)


ALL_CASES = [
    pytest.param(name, case, id=f"{name}[{case.label or i}]")
    for name, cases in CASES.items()
    for i, case in enumerate(cases)
]


def build(name: str, case: Case, seed: int = 0):
    rng = np.random.default_rng(seed)
    raw = case.inputs(rng)
    params = case.params(raw)
    tensors = [
        torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
        if isinstance(x, np.ndarray | np.generic)
        else x
        for x in raw
    ]
    prim = REGISTRY[name]
    return prim, tensors, params


def numeric_jacobian(f: Callable, xs: list, j: int) -> np.ndarray:
    """d f / d xs[j] by central differences, as a (outputs, inputs) matrix."""
    flat = xs[j]._data.reshape(-1)
    columns = []
    with torch.no_grad():
        for i in range(flat.size):
            keep = flat[i]
            flat[i] = keep + EPS
            plus = np.asarray(f(*xs)._data, np.float64).reshape(-1).copy()
            flat[i] = keep - EPS
            minus = np.asarray(f(*xs)._data, np.float64).reshape(-1).copy()
            flat[i] = keep
            columns.append((plus - minus) / (2 * EPS))
    return np.stack(columns, axis=1)


def autograd_jacobian(f: Callable, xs: list, j: int) -> np.ndarray:
    out = f(*xs)
    if not out.requires_grad:  # e.g. the gradient of a linear op: constant, so its derivative is 0
        return np.zeros((out.numel(), xs[j].numel()))
    rows = []
    for k in range(out.numel()):
        seed = np.zeros(out.numel())
        seed[k] = 1.0
        (g,) = torch.autograd.grad(
            out,
            [xs[j]],
            grad_outputs=torch.tensor(seed.reshape(out.shape)),
            retain_graph=True,
            allow_unused=True,
        )
        rows.append(np.zeros(xs[j].numel()) if g is None else g._data.reshape(-1))
    return np.stack(rows)


def differentiable(xs: list) -> list[int]:
    return [j for j, x in enumerate(xs) if isinstance(x, torch.Tensor)]


def call(prim, params):
    def f(*xs):
        return prim(*xs, **params)

    return f


@pytest.mark.parametrize(("name", "case"), ALL_CASES)
def test_first_derivative_matches_finite_differences(name, case):
    prim, xs, params = build(name, case)
    f = call(prim, params)
    for j in differentiable(xs):
        np.testing.assert_allclose(
            autograd_jacobian(f, xs, j),
            numeric_jacobian(f, xs, j),
            rtol=1e-5,
            atol=1e-6,
            err_msg=f"d {prim.grad_fn_name} / d input {j}",
        )


@pytest.mark.parametrize(("name", "case"), ALL_CASES)
def test_second_derivative_matches_finite_differences(name, case):
    prim, xs, params = build(name, case)
    f = call(prim, params)
    rng = np.random.default_rng(1)
    with torch.no_grad():
        out_shape = f(*xs).shape
    v = torch.tensor(rng.standard_normal(out_shape))
    for j in differentiable(xs):

        def gradient(*ys, j=j):
            with torch.enable_grad():  # also when numeric_jacobian evaluates it under no_grad
                (g,) = torch.autograd.grad(
                    f(*ys), [ys[j]], grad_outputs=v, create_graph=True, allow_unused=True
                )
            return g if g is not None else ys[j] * 0

        for k in differentiable(xs):
            np.testing.assert_allclose(
                autograd_jacobian(gradient, xs, k),
                numeric_jacobian(gradient, xs, k),
                rtol=1e-4,
                atol=1e-5,
                err_msg=f"d²{prim.grad_fn_name} / d input {j} d input {k}",
            )


def test_every_op_has_cases():
    missing = sorted(n for n, p in REGISTRY.items() if p.differentiable and n not in CASES)
    assert not missing, f"add gradient-check cases for these new ops: {missing}"


def test_every_input_has_a_derivative():
    for name, prim in REGISTRY.items():
        if not prim.differentiable:
            continue
        wanted = {"tensors"} if prim.variadic else set(prim.inputs)
        assert set(prim.derivatives) == wanted, name


@pytest.mark.parametrize(
    "shape, dim", [((600, 2), 1), ((300, 3), -1), ((2, 700), 0), ((40, 5, 30), 1)]
)
def test_reductions_over_a_short_axis_give_numpys_exact_values(shape, dim):
    """Batched reductions over a few classes take a faster path than NumPy's: same bits, with
    nan, inf and -0.0 where they fall."""
    a = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    a.reshape(-1)[:6] = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1.0]
    x = torch.tensor(a)
    for keepdim in (False, True):
        for ours, numpys in ((x.sum, a.sum), (x.amax, a.max), (x.amin, a.min)):
            got = ours(dim=dim, keepdim=keepdim).numpy()
            want = numpys(axis=dim, keepdims=keepdim)
            np.testing.assert_array_equal(got, want)
            assert np.array_equal(np.signbit(got), np.signbit(want))
