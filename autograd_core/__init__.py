"""autograd_core: a NumPy autograd engine that behaves like PyTorch's.

    import autograd_core as torch

    x = torch.tensor(2.0, requires_grad=True)
    y = torch.tensor(3.0, requires_grad=True)
    z = x**2 * y + y**3
    z.backward()
    print(x.grad, y.grad)        # tensor(12.) tensor(31.)

Where to look:
    tensor.py     the Tensor class (values, grad, grad_fn, in-place updates) and its methods;
                  loading the engine starts here (its last lines say why)
    ops/          THE registry: every operation's forward and derivatives, side by side
    torch_functions.py    torch.sin, torch.sum, ...: PyTorch's signatures, routed to ops/
    numpy_names.py        axis= / keepdims=, PyTorch's NumPy-style aliases of dim= / keepdim=
    engine.py     the backward pass
    function.py   graph nodes (grad_fn objects: MulBackward0, AccumulateGrad, ...)
    grad_mode.py  no_grad / enable_grad, per thread
    autograd/     grad, backward, jacobian, hessian, gradcheck
    nn/ optim/    modules and losses; optimizers and schedulers
    tracing.py    the engine's own record of each backward pass, for whoever wants to draw it
    in_place.py   the one hook every in-place write calls first (a trace copies what it needs)
    dtypes.py creation.py printing.py guard.py    dtypes, factories, PyTorch's printing, and the
                  hook that lets a caller veto work before it is done

playground/ is not the engine: it is everything the Streamlit app needs that is not Streamlit
(a safe interpreter, the graph model, figures, each page's logic). The engine never imports it.
"""

from __future__ import annotations

import builtins as _builtins
import math as _math

# First, because loading the engine starts with tensor.py (its last lines say why).
from .tensor import Size, Tensor, device, get_default_device, set_default_device

# isort: split
from . import autograd, dtypes, linalg, nn, ops, optim, utils
from .arranging import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    column_stack,
    cumprod,
    diag,
    diag_embed,
    diagonal,
    diff,
    dstack,
    hstack,
    meshgrid,
    roll,
    row_stack,
    tril,
    triu,
    unflatten,
    vstack,
)
from .autograd.anomaly import is_anomaly_check_nan_enabled, is_anomaly_enabled
from .creation import (
    Generator,
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    initial_seed,
    linspace,
    logspace,
    manual_seed,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    seed,
    tensor,
    zeros,
    zeros_like,
)
from .dtypes import dtype, get_default_dtype
from .einsum import einsum, tensordot
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from .linalg import det, dist, inverse
from .linalg import torch_cross as cross
from .more_maths import (
    acosh,
    addcdiv,
    addcmul,
    arccosh,
    arcsinh,
    arctan2,
    arctanh,
    asinh,
    atan2,
    atanh,
    deg2rad,
    exp2,
    frac,
    hypot,
    lerp,
    logaddexp,
    logit,
    nan_to_num,
    nanmean,
    nansum,
    rad2deg,
    sgn,
    std_mean,
    var_mean,
    xlogy,
)
from .picking import (
    argsort,
    argwhere,
    bincount,
    count_nonzero,
    index_add,
    index_select,
    kthvalue,
    masked_select,
    median,
    msort,
    nonzero,
    sort,
    take,
    tensor_split,
    topk,
    unique,
)
from .printing import get_printoptions, set_printoptions
from .sampling import multinomial
from .torch_functions import (
    abs,
    abs_,
    absolute,
    acos,
    add,
    all,
    allclose,
    amax,
    amin,
    any,
    arccos,
    arcsin,
    arctan,
    argmax,
    argmin,
    asin,
    atan,
    bmm,
    broadcast_to,
    cat,
    ceil,
    chunk,
    clamp,
    clip,
    clone,
    concat,
    concatenate,
    cos,
    cos_,
    cosh,
    cumsum,
    div,
    divide,
    dot,
    eq,
    equal,
    erf,
    exp,
    exp_,
    expand,
    expm1,
    flatten,
    flip,
    floor,
    floor_divide,
    fmod,
    gather,
    ge,
    ger,
    greater,
    greater_equal,
    gt,
    inner,
    isclose,
    isfinite,
    isinf,
    isnan,
    le,
    leaky_relu,
    less,
    less_equal,
    log,
    log1p,
    log2,
    log10,
    log_,
    log_softmax,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logsumexp,
    lt,
    masked_fill,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    movedim,
    mul,
    multiply,
    mv,
    narrow,
    ne,
    neg,
    neg_,
    negative,
    norm,
    not_equal,
    numel,
    outer,
    permute,
    pow,
    prod,
    reciprocal,
    relu,
    relu_,
    remainder,
    repeat,
    reshape,
    round,
    rsqrt,
    rsub,
    scatter,
    scatter_add,
    select,
    sigmoid,
    sigmoid_,
    sign,
    sin,
    sin_,
    sinh,
    softmax,
    softplus,
    split,
    sqrt,
    sqrt_,
    square,
    squeeze,
    stack,
    std,
    sub,
    subtract,
    sum,
    swapaxes,
    swapdims,
    t,
    tan,
    tanh,
    tanh_,
    trace,
    transpose,
    true_divide,
    trunc,
    unbind,
    unsqueeze,
    var,
    where,
)
from .utils import data as _data

__version__ = "0.1.0"

float32 = float = dtypes.float32
float64 = double = dtypes.float64
int64 = long = dtypes.int64
int32 = int = dtypes.int32
bool = dtypes.bool_

# torch.pi and friends, as d2l.ai writes them (`torch.tensor(0.15 * torch.pi)`)
pi, e, inf, nan = _math.pi, _math.e, _math.inf, _math.nan


def is_tensor(obj: object) -> builtins_bool:  # type: ignore[valid-type]
    """True if obj is a Tensor."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> builtins_bool:  # type: ignore[valid-type]
    return input.is_floating_point()


def is_inference(input: Tensor) -> builtins_bool:  # type: ignore[valid-type]
    """True for a tensor made inside `with torch.inference_mode():`."""
    return input.is_inference()


class cuda:
    """There is no GPU here: `cuda.is_available()` is False, as on a CPU-only PyTorch."""

    @staticmethod
    def is_available() -> builtins_bool:  # type: ignore[valid-type]
        return False

    @staticmethod
    def device_count() -> builtins_int:  # type: ignore[valid-type]
        return 0


class _Unavailable:
    """A backend this CPU-only engine does not have (`torch.backends.mps`): is_available() and
    is_built() are False, as on a CPU-only PyTorch."""

    @staticmethod
    def is_available() -> builtins_bool:  # type: ignore[valid-type]
        return False

    @staticmethod
    def is_built() -> builtins_bool:  # type: ignore[valid-type]
        return False


class backends:
    mps = _Unavailable


class accelerator:
    """torch.accelerator: there is none here (tutorials fall back to the CPU)."""

    @staticmethod
    def is_available() -> builtins_bool:  # type: ignore[valid-type]
        return False

    @staticmethod
    def current_accelerator(check_available: builtins_bool = False) -> None:  # type: ignore[valid-type]
        return None


builtins_bool = _builtins.bool
builtins_int = _builtins.int
