"""THE registry of primitive operations.

Every differentiable operation the engine knows is one entry: its forward pass (NumPy in, NumPy
out) and, next to it, the derivative of each input, written the way PyTorch's derivatives.yaml
writes them. The vocabulary:

- `grad`   the gradient arriving from above (dLoss/dOutput), same shape as the result.
- `result` the output of the forward pass.
- `self`, `other`, ...  the inputs, by the names the forward function gives them.
- `self_shape`, ...     an input's shape (kept even when the tensor itself is not saved).
- "gradient" always means the vector-Jacobian product: grad times d(result)/d(input).

A derivative is a function of those names, written with Tensor operations. Because it is made of
Tensor operations, running it with grad mode on records a new graph: that is all
`create_graph=True` needs to give second, third, ... derivatives.

A node saves only what the derivatives of the inputs that require grad actually use, which is
what decides, as in PyTorch, whether a second `backward()` through it fails: `x + y` saves
nothing, `x * 2` saves the 2, `x.exp()` saves its result.

Broadcasting is undone in exactly one place, the engine's call to `sum_to` after each
derivative: the formulas here may return a gradient with the broadcast shape.

Adding an operation = one `@primitive` entry plus its `.derivative(...)` lines; the parametrised
tests in tests/engine/test_ops_gradcheck.py pick it up (and fail until it has test data).

The raw NumPy path (an optimisation, never required). A backward pass that does not build a
graph (`create_graph=False`, the usual `loss.backward()`) needs only the numbers, not a recorded
computation, so a derivative may also give `raw=`: the same formula on NumPy arrays (Python
numbers stay numbers), with the same argument names. The engine uses it when the node's inputs
and the gradient all have one dtype; otherwise, and for every derivative without `raw=`, it runs
the Tensor formula under no_grad. To add one, write the Tensor formula's arithmetic step for
step on arrays, reusing the forward functions it calls (`cos.forward(self)` for `self.cos()`), so
the rounding is the same:

    mul.derivative("self", "b", lambda grad, other: grad * other,
                   raw=lambda grad, other: grad * other)

A raw rule returns an array it made (or a view of `grad`), never a saved value itself: the
engine may hand a gradient it made straight to `.grad` without copying it.
tests/engine/test_raw_derivatives.py checks every raw rule against its Tensor formula, bit for bit.

The scalar path (again an optimisation). In a graph of 0-d float32 values (a learner's scalar
expression) the plain backward passes each gradient on as a Python float holding a float32 value,
when every input of a node is a 0-d float32 tensor or a number: a derivative may give `scalar=`,
its raw rule's arithmetic on such floats (saved tensors as their value, a Python number rounded
to float32 as NumPy rounds it), each NumPy float32 step written as `round32(...)` of the same
operation on doubles (correctly rounded, so the same bits), or None to hand the node back to the
raw rule:

    mul.derivative("self", "b", lambda grad, other: grad * other, raw=multiply,
                   scalar=lambda grad, other: round32(grad * other))

tests/engine/test_zero_d_path.py checks every scalar rule against its raw rule, bit for bit.
"""

from __future__ import annotations

import functools
import inspect
import math
import types
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes, guard
from ..function import (
    DTYPE,
    GRAD,
    GRAD_ONLY,
    PARAM,
    SAVED,
    SHAPE,
    SHAPES,
    Node,
    _sequence,
    saved_property,
)
from ..grad_mode import _enabled, _inference, _note_cuts
from ..tensor import Tensor

REGISTRY: dict[str, Primitive] = {}

# PyTorch returns inf and nan silently (log(0), 1/0, overflow); NumPy would also warn. The filter
# only matches warnings raised from this package's own frames.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"autograd_core\.")

_SCALARS = (int, float, bool, np.number, np.bool_)


class Derivative:
    """d(result)/d(one input), as LaTeX for people and as a Tensor function for the engine
    (`raw`: the same on NumPy arrays, or None; `scalar`: on float32 numbers, or None)."""

    __slots__ = ("args", "fn", "latex", "one_saved", "plan", "raw", "scalar")

    def __init__(
        self,
        latex: str,
        fn: Callable,
        prim: Primitive,
        raw: Callable | None,
        scalar: Callable | None = None,
    ) -> None:
        self.latex = latex
        self.fn = fn
        self.raw = raw
        self.scalar = scalar
        self.args = tuple(inspect.signature(fn).parameters)
        # Resolved once here rather than by name on every backward step.
        self.plan = tuple(_locate(name, prim) for name in self.args)
        if self.plan == GRAD_ONLY:
            self.plan = GRAD_ONLY  # the shared object: the engine tests identity, not equality
        # The commonest formula after grad-only, `grad, <one saved value>` (grad * other,
        # grad * result, ...): the saved name, which the engine then fetches directly.
        plan = self.plan
        one = len(plan) == 2 and plan[0][0] == GRAD and plan[1][0] == SAVED
        self.one_saved = plan[1][1] if one else None


def _locate(name: str, prim: Primitive) -> tuple[int, Any]:
    if name == "grad":
        return GRAD, None
    if name in prim.params:
        return PARAM, name
    if name.endswith("_shape") and name[:-6] in prim.inputs:
        return SHAPE, prim.inputs.index(name[:-6])
    if name.endswith("_dtype") and name[:-6] in prim.inputs:
        return DTYPE, prim.inputs.index(name[:-6])
    if name == "shapes":
        return SHAPES, None
    return SAVED, name  # an input, "result" or "tensors": saved at record time


class Primitive:
    """One registry entry: forward, per-input derivatives, and how it looks in a graph.

    `symbol` is the short maths label drawn on graph nodes; `math` is the operation in LaTeX with
    inputs named a, b, c (`a \\cdot b`), and each derivative's `latex` uses the same names.
    """

    def __init__(
        self,
        forward: Callable[..., np.ndarray],
        grad_fn: str,
        symbol: str,
        math: str,
        dtype_rule: Callable,
        *,
        out_shape: Callable | None = None,
        differentiable: bool = True,
        local_derivative: bool = True,
        tensor_params: tuple[str, ...] = (),
        view: bool = False,
        products: Callable | None = None,
    ) -> None:
        self.name = forward.__name__.lstrip("_")
        self.__name__ = self.__qualname__ = self.name  # torch.exp.__name__ == "exp"
        self.__doc__ = forward.__doc__
        self.forward = forward
        self.symbol = symbol
        self.math = math
        self.dtype_rule = dtype_rule
        # Whether apply may skip the rule when the inputs are tensors of one floating dtype (and
        # plain numbers): the rule's answer is then that dtype (see `keeps_float`).
        self.keeps_float = getattr(dtype_rule, "keeps_float", False)
        self.out_shape = out_shape
        self.differentiable = differentiable
        # Elementwise ops and reductions have a local derivative d(result)/d(input) that can be
        # shown as numbers (the derivative applied to ones); matmul, shapes and losses do not.
        self.local_derivative = local_derivative
        # Keyword parameters that are tensors but never get a gradient (where's condition).
        self.tensor_params = tensor_params
        # Views share memory with their input: in-place changes through either are seen by both,
        # so they share the version counter (and a view of a leaf may not be changed in place).
        self.view = view
        # Matrix products: their multiply-adds from the input arrays (a guard hears them first).
        self.products = products
        # Shape rules that are cheap and validate (mm, cat, ...) run before every forward;
        # broadcasting is checked only when NumPy refuses (or a guard wants the size).
        self.checks_shape = out_shape is not None and out_shape is not broadcast_shape
        params = inspect.signature(forward).parameters.values()
        self.variadic = any(p.kind is p.VAR_POSITIONAL for p in params)
        self.inputs = tuple(p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD)
        self.input_index = {name: i for i, name in enumerate(self.inputs)}
        reserved = {"grad", "result", "shapes", "tensors"} & set(self.inputs)
        assert not reserved, f"{self.name}: {reserved} are derivative vocabulary, not input names"
        self.params = tuple(p.name for p in params if p.kind is p.KEYWORD_ONLY)
        self.param_defaults = {
            p.name: p.default
            for p in params
            if p.kind is p.KEYWORD_ONLY and p.default is not p.empty
        }
        self.derivatives: dict[str, Derivative] = {}
        # The same operation on Python floats, for 0-d float tensors (see `scalar_kernel`).
        self.scalar: Callable | None = None
        self.node_class = type(grad_fn, (Node,), {"__slots__": (), "primitive": self})
        # This primitive's own copy of `_record` (see own_code).
        self.record = own_code(_record)
        # Filled by `derivative`: which saved names each input's formula needs.
        self._needs: dict[int, tuple[str, ...]] = {}
        self._save_plan: dict[int, tuple] = {}  # cache of save_plan, by pattern
        self.input_derivatives: tuple[Derivative | None, ...] = ()  # filled by `derivative`
        # Whether every input's derivative has a raw rule (the engine's plain backward path),
        # and a scalar one (its 0-d float32 path).
        self.all_raw = self.all_scalar = False
        self.saveable: set[str] = set()
        self._expose_saved(self.params)
        REGISTRY[self.name] = self

    def _expose_saved(self, names: Any) -> None:
        """Make `grad_fn._saved_<name>` readable on this primitive's nodes, for each name."""
        for name in names:
            if name not in self.saveable:
                self.saveable.add(name)
                setattr(self.node_class, f"_saved_{name}", saved_property(name))

    def save_plan(self, pattern: int, n_inputs: int) -> tuple[tuple[str, Any], ...]:
        """`saved_names_for`, each name with where `_record` finds it: the input's position, or
        _RESULT or _ALL_INPUTS (worked out once per pattern, then cached in `_save_plan`)."""
        places = {"result": _RESULT, "tensors": _ALL_INPUTS, **self.input_index}
        return tuple((name, places[name]) for name in self.saved_names_for(pattern, n_inputs))

    def saved_names_for(self, pattern: int, n_inputs: int) -> tuple[str, ...]:
        """What a node must save when the inputs in `pattern` (a bit mask) require grad: the
        union of the names their derivatives use (PyTorch's rule too)."""
        names: set[str] = set()
        for i in range(n_inputs):
            if pattern >> i & 1:
                names.update(self._needs.get(-1 if self.variadic else i, ()))
        return tuple(sorted(names))

    @property
    def grad_fn_name(self) -> str:
        return self.node_class.__name__

    def derivative(
        self,
        input: str,
        latex: str,
        fn: Callable,
        raw: Callable | None = None,
        scalar: Callable | None = None,
    ) -> Primitive:
        """Register d(result)/d(input): `fn(grad, <names it needs>) -> gradient for input`,
        and optionally `raw`, the same formula on NumPy arrays, and `scalar`, on float32
        numbers (see the module docstring)."""
        assert scalar is None or raw is not None, f"{self.name}: a scalar rule needs a raw one"
        d = Derivative(latex, fn, self, raw, scalar)
        for rule in (raw, scalar):
            if inspect.isfunction(rule):  # it gets the same arguments, in the same order
                arity = len(inspect.signature(rule).parameters)
                assert arity == len(d.args), f"{self.name}: the raw rule takes {d.args}"
        self.derivatives[input] = d
        index = -1 if self.variadic else self.inputs.index(input)
        saved = tuple(a for a in d.args if a == "result" or a in self.inputs or a == "tensors")
        self._needs[index] = saved
        self._save_plan.clear()
        # By input position, for the engine (cat/stack have one derivative for all inputs).
        self.input_derivatives = tuple(self.derivatives.get(name) for name in self.inputs)
        self.all_raw = not self.variadic and all(
            d is not None and d.raw is not None for d in self.input_derivatives
        )
        self.all_scalar = self.all_raw and all(d.scalar for d in self.input_derivatives)
        self._expose_saved(saved)
        return self

    def __call__(self, *inputs: Any, **params: Any) -> Any:
        """Run forward on tensors (and Python numbers); see `apply`."""
        try:
            return apply(self, inputs, params)
        except AttributeError:
            refuse_non_tensor(self.name, inputs[0] if inputs else None)
            raise

    def __repr__(self) -> str:
        return f"<primitive {self.name} ({self.grad_fn_name})>"


def own_code(fn: Callable) -> Callable:
    """`fn` with a code object of its own: the same source, compiled once, but with its own
    record of which types it meets. CPython (3.11+) speeds up `obj.attr` and `obj.attr = value`
    at each place in the code by remembering the type last seen there; a node's type differs
    from primitive to primitive (MulBackward0, SinBackward0 ...), so one shared `_record` that
    sets a dozen node attributes per operation would keep missing and take the slow, generic
    route each time. Each primitive's own copy only ever meets its own node class."""
    return types.FunctionType(
        fn.__code__.replace(), fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__
    )


def refuse_non_tensor(name: str, first: Any) -> None:
    """torch.sin(2.0), torch.exp([1, 2]): PyTorch's TypeError, not the AttributeError a number or
    a list raises deep inside. Called only after something failed, so the common path pays
    nothing for it."""
    if not isinstance(first, Tensor):
        raise TypeError(
            f"{name}(): argument 'input' (position 1) must be Tensor, not {type(first).__name__}"
        ) from None


def takes_tensor(fn: Callable) -> Callable:
    """Wrap a public function whose first argument is a tensor with `refuse_non_tensor`."""

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AttributeError:
            refuse_non_tensor(fn.__name__, args[0] if args else kwargs.get("input"))
            raise

    return checked


def check_tensor_inputs(namespace: dict[str, Any]) -> None:
    """Wrap, in a module's namespace, every public function whose first parameter is `input`
    with `takes_tensor` (called at the end of torch_functions.py and nn/functional.py)."""
    for name, fn in list(namespace.items()):
        if (
            inspect.isfunction(fn)
            and fn.__module__ == namespace["__name__"]
            and not name.startswith("_")
            and next(iter(inspect.signature(fn).parameters), None) == "input"
        ):
            namespace[name] = takes_tensor(fn)


def primitive(grad_fn: str, symbol: str, math: str, dtype_rule: Callable, **options: Any):
    """Decorator: turn a NumPy forward function into a registry entry."""

    def register(forward: Callable) -> Primitive:
        return Primitive(forward, grad_fn, symbol, math, dtype_rule, **options)

    return register


# --- dtype rules: (inputs, params) -> (dtype to compute in, dtype of the result) -----------------


def keeps_float(rule: Callable) -> Callable:
    """Mark a dtype rule whose answer, for one or two inputs that are tensors of one floating
    dtype or a Python int or float, is (that dtype, that dtype) with no error: `apply` then skips
    calling it. (A bool, a NumPy number, a tensor of another dtype or a tensor parameter always
    goes through the rule.)"""
    rule.keeps_float = True
    return rule


@keeps_float
def promote(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    """PyTorch's type promotion (see dtypes.result_type); fast paths for the common cases."""
    if len(inputs) == 2:
        a, b = inputs
        if isinstance(a, Tensor):
            if isinstance(b, Tensor):
                if a._dtype is b._dtype:
                    return a._dtype, a._dtype
            elif a._dtype.is_floating_point and type(b) in _PLAIN_NUMBERS:
                return a._dtype, a._dtype  # a Python number never widens a float tensor
        elif isinstance(b, Tensor) and b._dtype.is_floating_point and type(a) in _PLAIN_NUMBERS:
            return b._dtype, b._dtype
    elif len(inputs) == 1 and isinstance(inputs[0], Tensor):
        return inputs[0]._dtype, inputs[0]._dtype
    dims, zero_dims, scalars = [], [], []
    for x in inputs:
        if isinstance(x, Tensor):
            (dims if x._data.ndim else zero_dims).append(x._dtype)
        else:
            scalars.append(dtypes.scalar_dtype(x))
    out = dtypes.result_type(dims, zero_dims, scalars)
    return out, out


_PLAIN_NUMBERS = frozenset({int, float, bool})


@keeps_float
def promote_float(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    """Promote, then integers and bools become the default float (exp, sqrt, true division...)."""
    out, _ = promote(inputs, params)
    if not out.is_floating_point:
        out = dtypes.float32
    return out, out


@keeps_float
def same(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    d = inputs[0]._dtype
    return d, d


def compare(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    compute, _ = promote(inputs, params)
    return compute, dtypes.bool_


@keeps_float
def sum_dtype(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    """sum and prod of integers or bools give int64."""
    d = inputs[0]._dtype
    if not d.is_floating_point:
        return dtypes.int64, dtypes.int64
    return d, d


def floating(error: Callable[[dtypes.dtype], Exception]) -> Callable:
    """The input's own type, for operations PyTorch refuses on integers and bools: `error(type)`
    is PyTorch's exception for them (each op words it its own way)."""

    @keeps_float
    def rule(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
        d = inputs[0]._dtype
        if not d.is_floating_point:
            raise error(d)
        return d, d

    return rule


def float_only(op_name: str) -> Callable:
    return floating(
        lambda d: RuntimeError(
            f"{op_name}(): could not infer output dtype. Input dtype must be either a "
            f"floating point or complex dtype. Got: {d.type_name}"
        )
    )


def not_implemented(kernel: str, d: dtypes.dtype) -> NotImplementedError:
    """PyTorch's error for an operation it has no kernel of for this type (softmax of integers,
    abs of bools...): '"mse_cpu" not implemented for 'Long''."""
    return NotImplementedError(f"\"{kernel}\" not implemented for '{d.type_name}'")


def float_kernel(kernel: str) -> Callable:
    """Type promotion, for operations PyTorch only has floating-point kernels of."""

    @keeps_float
    def rule(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
        compute, out = promote(inputs, params)
        if not compute.is_floating_point:
            raise not_implemented(kernel, compute)
        return compute, out

    return rule


def as_requested(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    """Conversions: compute in the input's dtype, produce the requested one."""
    return inputs[0]._dtype, params["dtype"]


def integer_result(inputs: tuple, params: dict) -> tuple[dtypes.dtype, dtypes.dtype]:
    return inputs[0]._dtype, dtypes.int64


# --- running an operation: forward, and a graph node when grad_mode.should_record says so -------


def apply(prim: Primitive, inputs: tuple, params: dict) -> Any:
    """Run `prim` forward; record a graph node if grad mode is on and an input requires grad.

    This runs for every operation, so it is written for speed: no work that only a guard, a
    view or a recording needs unless that is the case. The commonest case (one or two inputs:
    tensors of one floating dtype, or a tensor and a plain number) skips type promotion: for
    the rules marked `keeps_float` its answer is that dtype."""
    watching = guard.active.get()  # the one read of the guard per operation
    result = None
    if prim.scalar is not None and not params:  # one number (see scalar_kernel)
        a = inputs[0]
        if type(a) is Tensor and not a._data.shape:
            result = _forward_0d(prim, a, inputs, watching)
    if result is not None:
        out_dtype = a._dtype
        b = inputs[-1]
        requires_grad = a._requires_grad or (type(b) is Tensor and b._requires_grad)
    else:
        compute = None
        if prim.keeps_float and len(inputs) <= 2:
            a = inputs[0]
            if type(a) is Tensor and a._dtype.is_floating_point:
                if len(inputs) == 1:
                    compute = a._dtype
                    arrays = (a._data,)
                    requires_grad = a._requires_grad
                else:
                    b = inputs[1]
                    kind = type(b)
                    if kind is Tensor:
                        if b._dtype is a._dtype:
                            compute = a._dtype
                            arrays = (a._data, b._data)
                            requires_grad = a._requires_grad or b._requires_grad
                    elif kind is float or kind is int:
                        compute = a._dtype
                        arrays = (a._data, b)
                        requires_grad = a._requires_grad
        if compute is None:
            compute, out_dtype = prim.dtype_rule(inputs, params)
            arrays, requires_grad = _operands(inputs, compute)
        else:
            out_dtype = compute
        if watching is not None:
            _check_size(prim, arrays, params, watching)
        elif prim.checks_shape:
            prim.out_shape(*arrays, **params)  # raises PyTorch's message for impossible shapes
        fparams = params
        if prim.tensor_params:
            fparams = dict(params)
            for key in prim.tensor_params:
                if fparams.get(key) is not None:  # optional tensor parameters may be None
                    fparams[key] = fparams[key]._data
        try:
            result = prim.forward(*arrays, **fparams) if fparams else prim.forward(*arrays)
        except ValueError:
            if prim.out_shape is not None:
                prim.out_shape(*arrays, **params)  # NumPy's complaint, in PyTorch's words
            raise
        if type(result) is not np.ndarray or result.dtype is not out_dtype.numpy:
            result = as_dtype(result, out_dtype.numpy)
    out = _new_tensor(Tensor)  # Tensor._make, inlined: this line runs for every operation
    out._data = result
    out._dtype = out_dtype
    out._requires_grad = False
    out.grad_fn = None
    out._vc = [0]
    if prim.view and same_memory(result, arrays[0]):
        base = inputs[0]
        root = out._base = base._base if base._base is not None else base
        out._vc = base._vc
        if base._inference:
            out._inference = True  # a view of an inference tensor is one too
        if root.grad_fn is not None:  # an in-place change of root will give it a new history
            root._note_view(out)
    # grad_mode.should_record(...), inlined: this runs for every operation
    if requires_grad and prim.differentiable and out_dtype.is_floating_point and _enabled.get():
        prim.record(prim, inputs, params, out)
        if watching is not None:
            watching.count_node()
    elif not _enabled.get():
        if _inference.get():
            out._inference = True
        if prim.differentiable:
            note_cut(prim, inputs, out)
    elif prim.differentiable and _note_cuts.get():
        # grad mode on, nothing to record: `y.detach().mean()` is cut off where y.detach() was
        cuts = _inherited_cuts(inputs)
        if cuts:
            out._origin = ("from_detach", prim.name, cuts)
    return out


def scalar_kernel(kernel: Callable) -> Callable:
    """Decorator for a primitive: `kernel` computes it on Python floats (`operator.mul`, or a
    NumPy ufunc such as np.sin, which takes a Python float), giving exactly the number its NumPy
    forward gives for 0-d float arrays, before rounding to the dtype. `apply` then computes
    a 0-d float32 or float64 tensor (and a plain number, or a 0-d tensor of the same dtype) on
    the numbers themselves: what learners' scalar graphs are made of, where the NumPy call and
    its bookkeeping cost many times the arithmetic."""

    def attach(prim: Primitive) -> Primitive:
        prim.scalar = kernel
        return prim

    return attach


def _forward_0d(prim: Primitive, a: Tensor, inputs: tuple, watching: Any) -> np.ndarray | None:
    """`apply`'s forward for a primitive with a scalar kernel whose first input is a 0-d tensor:
    the result as a 0-d array, or None when the inputs are not ones the kernel takes (other
    dtypes, shapes or operand types; a division by zero), for the general path to handle.

    The numbers are those of the forward functions' own 0-d route (elementwise.scalar_pair,
    elementwise._rounded): a float32 operand is a Python float holding a float32 value, a
    Python number is first rounded to float32 as NumPy rounds it, and the kernel's double
    result is rounded once to the dtype: correctly rounded for + - * /, and the same rounding
    of the same double as `_rounded` for sin, exp, ...; so every bit is as before."""
    d = a._dtype
    if d is not _F32_DTYPE and d is not _F64_DTYPE:
        return None
    try:
        if len(inputs) == 1:
            value = prim.scalar(a._data.item())
        else:
            b = inputs[1]
            kind = type(b)
            if kind is float:
                other = b if d is _F64_DTYPE else _ROUNDED.get(b) or elementwise.as_float32(b)
            elif kind is int and -_EXACT_INT <= b <= _EXACT_INT:
                other = float(b)
            elif kind is Tensor and b._dtype is d and not b._data.shape:
                other = b._data.item()
            else:
                return None
            value = prim.scalar(a._data.item(), other)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    if watching is not None:
        watching.check_numel(1, prim.name)
    value = float(value)
    if d is _F64_DTYPE:
        return np.array(value, _FLOAT64)
    if -_FLOAT32_MAX <= value <= _FLOAT32_MAX:
        return np.array(value, _FLOAT32)
    # inf, nan, or beyond float32's range: NumPy's cast gives inf (as as_dtype does)
    return dtypes.cast(np.array(value), _FLOAT32, copy=False)


def note_cut(prim: Primitive, inputs: tuple, out: Tensor) -> None:
    """The drawing's one hook into the forward pass: a result computed under no_grad remembers
    which graphs its inputs would have linked it to, so the graph can show the cut edge. Off
    (`grad_mode._note_cuts`) while backward runs its own arithmetic and during in-place updates:
    those values are never drawn."""
    if _note_cuts.get():
        cuts = _cut_inputs(inputs)  # e.g. z = x**2 + 1 under no_grad: z is cut where x**2 was
        if cuts:
            out._origin = ("no_grad", prim.name, cuts)


def _operands(inputs: tuple, compute: dtypes.dtype) -> tuple[list, bool]:
    """The NumPy operands in the dtype to compute in, and whether any input requires grad."""
    np_compute = compute.numpy
    arrays = []
    requires_grad = False
    for x in inputs:
        if isinstance(x, Tensor):
            data = x._data
            if x._dtype is not compute:
                data = data.astype(np_compute)
            arrays.append(data)
            if x._requires_grad:
                requires_grad = True
        else:
            arrays.append(x)
    return arrays, requires_grad


def same_memory(result: np.ndarray, source: Any) -> bool:
    """Does `result` (what a view operation returned) look into `source`'s memory?

    np.may_share_memory's answer for these arrays, without its cost: it releases and re-takes
    the GIL, and with other sessions' threads busy that wait dominated small operations. A NumPy
    view's `.base` is the array that owns the memory (NumPy collapses chains of views), so two
    arrays share memory when they have the same owner, unless one of them is empty.
    """
    if type(source) is not np.ndarray or result.size == 0 or source.size == 0:
        return False
    owner = source.base if source.base is not None else source
    return result.base is owner or result is owner


def _cut_inputs(inputs: tuple) -> tuple:
    """For a result computed under no_grad: which graph each input would have linked it to
    (weak references, so a drawing can show the cut edge without keeping graphs alive). An input
    that was itself computed under no_grad passes on its own cuts."""
    cuts = []
    for x in inputs:
        if not isinstance(x, Tensor):
            continue
        if x._requires_grad:
            cuts.append((weakref.ref(x.grad_fn or x._accumulator()), weakref.ref(x)))
        elif x._origin is not None:
            cuts.extend(_cuts_of(x._origin))
    return tuple(cuts)


def _inherited_cuts(inputs: tuple) -> tuple:
    """The cuts an unrecorded result inherits from inputs that were themselves cut off: a
    detach() copy, or a value computed from one or under no_grad."""
    cuts = []
    for x in inputs:
        if type(x) is Tensor and x._origin is not None:
            cuts.extend(_cuts_of(x._origin))
    return tuple(cuts)


def _cuts_of(origin: tuple) -> tuple:
    """(node, tensor) references of where a cut-off value was cut: a detach() copy's one
    source, or the cuts a computed one carries."""
    return ((origin[1], origin[2]),) if origin[0] == "detach" else origin[2]


def _check_size(prim: Primitive, arrays: list, params: dict, watching: guard.Guard) -> None:
    """Tell the guard the result's number of elements (and a matrix product's multiply-adds)
    before the forward runs. The commonest case, two operands of a broadcasting op whose
    broadcast needs no working out (equal shapes, or one side a Python number or a 0-d array:
    `b * x` with b a 0-d parameter), is written out: this runs for every operation a guarded
    run does."""
    numel = None
    if prim.out_shape is broadcast_shape and len(arrays) == 2:
        a, b = arrays
        if type(a) is np.ndarray:
            if type(b) is np.ndarray:
                if b.shape == a.shape or not b.ndim:
                    numel = a.size
                elif not a.ndim:
                    numel = b.size
            elif type(b) is float or type(b) is int:
                numel = a.size
        elif type(b) is np.ndarray and (type(a) is float or type(a) is int):
            numel = b.size
    if numel is not None:
        pass  # the common case, without working out a broadcast
    elif prim.out_shape is not None:
        numel = guard.shape_numel(prim.out_shape(*arrays, **params))
    elif len(arrays) == 1 and type(arrays[0]) is np.ndarray:  # x.sin(), x ** 2, x.sum()
        numel = arrays[0].size
        if not numel and "shape" in params:  # an empty tensor reshaped: see guard.shape_numel
            numel = guard.shape_numel(tuple(params["shape"]))
    else:
        numel = int(max((np.size(a) for a in arrays), default=1))
    watching.check_numel(numel, prim.name)
    if prim.products is not None:  # after the shape rule: the shapes are known to fit
        watching.check_products(int(prim.products(*arrays)), prim.name)


def _record(prim: Primitive, inputs: tuple, params: dict, out: Tensor) -> None:
    """Attach a new graph node to `out`: where its gradient goes next, and what to save.

    This runs for every recorded operation, so one input and two inputs (nearly all of them)
    are written out without loops. Every object a node keeps is one more for Python's cyclic
    garbage collector to walk, again and again while the graph lives, so what repeats from node
    to node is shared (read-only tuples): the metadata of 0-d inputs and numbers, the constants
    of a node whose inputs all require grad, a float operand's constants and saved entry."""
    node = _new_node(prim.node_class)
    n = len(inputs)
    if n == 1:  # the one input requires grad, or apply would not record
        x = inputs[0]
        grad_fn = x.grad_fn
        if grad_fn is None:
            grad_fn = x._accumulator()
        node.next_functions = ((grad_fn, x._output_nr),)
        shape = x._data.shape
        node._input_meta = ((shape, x._dtype),) if shape else _ONE_INPUT_0D_META[x._dtype]
        node._constants = _NO_CONSTANTS_1
        pattern = 1
    elif n == 2:
        a, b = inputs
        kind = type(b)
        if type(a) is Tensor and a._requires_grad and (kind is float or kind is int):
            # x * 0.5, x + 1 (the commonest pair): _input_record's answers, written out
            grad_fn = a.grad_fn
            if grad_fn is None:
                grad_fn = a._accumulator()
            node.next_functions = ((grad_fn, a._output_nr), _NO_EDGE)
            shape = a._data.shape
            node._input_meta = (
                ((shape, a._dtype), _SCALAR_META) if shape else _0D_WITH_NUMBER_META[a._dtype]
            )
            node._constants = _float_tuples(b)[0] if kind is float else (None, b)
            pattern = 1
        elif kind is Tensor and type(a) is Tensor:
            # two tensors (b * x, y_pred - y): _input_record's answers, written out
            shape_a, shape_b = a._data.shape, b._data.shape
            meta = (
                (shape_a, a._dtype) if shape_a else _0D_META[a._dtype],
                (shape_b, b._dtype) if shape_b else _0D_META[b._dtype],
            )
            node._input_meta = meta if shape_a or shape_b else _0D_PAIR_META[meta]
            if a._requires_grad:
                grad_fn = a.grad_fn
                edge_a = (grad_fn if grad_fn is not None else a._accumulator(), a._output_nr)
                pattern = 1
            else:
                edge_a, pattern = _NO_EDGE, 0
            if b._requires_grad:
                grad_fn = b.grad_fn
                edge_b = (grad_fn if grad_fn is not None else b._accumulator(), b._output_nr)
                pattern |= 2
            else:
                edge_b = _NO_EDGE
            node.next_functions = (edge_a, edge_b)
            node._constants = (
                _NO_CONSTANTS_2
                if pattern == 3
                else (
                    None if pattern & 1 else weakref.ref(a),
                    None if pattern & 2 else weakref.ref(b),
                )
            )
        else:
            edge_a, meta_a, constant_a, pattern = _input_record(a, 1)
            edge_b, meta_b, constant_b, bit = _input_record(b, 2)
            pattern |= bit
            node.next_functions = (edge_a, edge_b)
            meta = (meta_a, meta_b)
            node._input_meta = _0D_PAIR_META.get(meta, meta)
            node._constants = _NO_CONSTANTS_2 if pattern == 3 else (constant_a, constant_b)
    else:
        edges, meta, constants = [], [], []
        pattern, bit = 0, 1  # pattern: bit i set when input i requires grad
        for x in inputs:
            edge, m, constant, set_bit = _input_record(x, bit)
            edges.append(edge)
            meta.append(m)
            constants.append(constant)
            pattern |= set_bit
            bit <<= 1
        node.next_functions = tuple(edges)
        node._input_meta = tuple(meta)
        node._constants = tuple(constants)
    plan = prim._save_plan.get(pattern)
    if plan is None:
        plan = prim._save_plan[pattern] = prim.save_plan(pattern, n)
    if plan:
        saved = {}
        for name, where in plan:
            if where == _RESULT:
                saved[name] = (out, out._vc[0])
            elif where == _ALL_INPUTS:
                saved[name] = (inputs, None)
            else:
                x = inputs[where]
                if isinstance(x, Tensor):
                    if x._inference:
                        raise RuntimeError(CANNOT_SAVE_INFERENCE)
                    saved[name] = (x, x._vc[0])
                elif type(x) is float:
                    saved[name] = _float_tuples(x)[1]
                else:
                    saved[name] = (x, None)
        node._saved = saved
    else:
        node._saved = {}
    if prim.param_defaults:
        # (none given, as in x + y: the primitive's own dict, shared; nodes never change theirs)
        params = {**prim.param_defaults, **params} if params else prim.param_defaults
    node._params = params or _NO_PARAMS
    node._sequence_nr = next(_sequence)
    node._released = False
    node._pre_hooks = node._post_hooks = node._retains_grad = None
    node._output = weakref.ref(out)
    out.grad_fn = node
    out._requires_grad = True


def _input_record(x: Any, bit: int) -> tuple:
    """One input as a node records it: its edge, its (shape, dtype), what it is as a constant
    (None when it requires grad: it has an edge instead) and its bit of the pattern (0 unless
    it requires grad)."""
    if isinstance(x, Tensor):
        shape = x._data.shape
        meta = (shape, x._dtype) if shape else _0D_META[x._dtype]
        if x._requires_grad:
            grad_fn = x.grad_fn
            edge = (grad_fn if grad_fn is not None else x._accumulator(), x._output_nr)
            return edge, meta, None, bit
        return _NO_EDGE, meta, weakref.ref(x), 0
    return _NO_EDGE, _SCALAR_META, x, 0


_NO_CONSTANTS_1, _NO_CONSTANTS_2 = (None,), (None, None)  # every input requires grad


def _float_tuples(value: float) -> tuple[tuple, tuple]:
    """For a Python float operand (x * 1.5): the node's constants `(None, 1.5)` and the saved
    entry `(1.5, None)`, one pair per value, shared by every node that uses it (a saved dict
    holding only such tuples is not even tracked by the garbage collector). Zeros (0.0 equals
    -0.0) and NaN (equal to nothing) get their own."""
    kept = _FLOATS.get(value)
    if kept is None:
        kept = ((None, value), (value, None))
        if value and value == value:
            if len(_FLOATS) >= 1024:  # a program that uses very many different numbers
                _FLOATS.clear()
            _FLOATS[value] = kept
    return kept


_FLOATS: dict[float, tuple[tuple, tuple]] = {}
# The metadata of 0-d inputs, shared: each tuple a node keeps is one more object for Python's
# cyclic garbage collector to walk while the graph lives, and scalar graphs are most of what
# learners build.
_SCALAR_META = ((), None)  # a Python number's place in a node's input metadata
_0D_META = {d: ((), d) for d in dtypes.ALL}
_ONE_INPUT_0D_META = {d: (meta,) for d, meta in _0D_META.items()}
_0D_PAIR_META = {  # two 0-d tensors, or one and a number
    pair: pair
    for a in _0D_META.values()
    for pair in ((a, _SCALAR_META), (_SCALAR_META, a), *((a, b) for b in _0D_META.values()))
}
_0D_WITH_NUMBER_META = {d: (meta, _SCALAR_META) for d, meta in _0D_META.items()}
# Which of those shared tuples describe inputs that are all 0-d float32 tensors or numbers: the
# nodes whose gradients the plain backward may compute on Python floats (engine._scalar_outputs
# asks by identity, `id(node._input_meta) in F32_0D_METAS`, a cheaper test than comparing).
F32_0D_METAS = frozenset(
    id(meta)
    for meta in (
        _ONE_INPUT_0D_META[dtypes.float32],
        _0D_WITH_NUMBER_META[dtypes.float32],
        *(p for p in _0D_PAIR_META.values() if {d for _, d in p} <= {None, dtypes.float32}),
    )
)


# Where a saved value comes from, besides an input's position (Primitive.save_plan).
_RESULT, _ALL_INPUTS = -1, -2
_new_node = object.__new__


CANNOT_SAVE_INFERENCE = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`."
)
_NO_EDGE = (None, 0)
_new_tensor = object.__new__


def as_dtype(values: Any, dtype: np.dtype) -> np.ndarray:
    """`values` (an array, or the NumPy scalar a 0-d computation gives) as an array of `dtype`,
    cast silently as PyTorch does (dtypes.cast)."""
    if type(values) is float:  # a 0-d result computed on Python floats (elementwise.scalar_pair)
        if dtype is _FLOAT64:
            return np.array(values, _FLOAT64)
        if dtype is _FLOAT32 and -_FLOAT32_MAX <= values <= _FLOAT32_MAX:  # no overflow to hide
            return np.array(values, _FLOAT32)
    values = np.asarray(values)
    return values if values.dtype == dtype else dtypes.cast(values, dtype, copy=False)


_FLOAT32, _FLOAT64 = np.dtype(np.float32), np.dtype(np.float64)
_F32_DTYPE, _F64_DTYPE = dtypes.float32, dtypes.float64
_EXACT_INT = 2**24  # integers up to this size are exact in float32 (elementwise.scalar_pair)
_FLOAT32_MAX = float(np.finfo(np.float32).max)


_NO_PARAMS: dict = {}  # shared by every node without parameters (never mutated)


def broadcast_shape(*arrays: Any, **_: Any) -> tuple[int, ...]:
    """Output shape of a broadcasting op (a + b, a * b, where), with PyTorch's error text when
    shapes don't match."""
    shapes = [np.shape(a) for a in arrays]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        a, b = shapes[0], shapes[1] if len(shapes) > 1 else ()
        n = max(len(a), len(b))
        a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
        for dim in range(n - 1, -1, -1):
            if a[dim] != b[dim] and 1 not in (a[dim], b[dim]):
                raise RuntimeError(
                    f"The size of tensor a ({a[dim]}) must match the size of tensor b ({b[dim]}) "
                    f"at non-singleton dimension {dim}"
                ) from None
        raise


def sum_to(grad: Any, shape: tuple[int, ...]) -> Any:
    """Undo broadcasting: sum `grad` over the dimensions that broadcasting stretched to `shape`.

    Broadcasting copies an input along new or size-1 dimensions; the derivative of a copy is a
    sum, so the gradient is summed back over exactly those dimensions.
    """
    have = grad._data.shape
    if have == shape:
        return grad
    dims, keepdim = _stretched(have, shape)
    # The dims are already valid and sorted, so the registry entry is called directly (what
    # grad.sum(dim=...) reaches after checking them): this runs in every broadcast backward.
    grad = reductions.sum_dim(grad, dim=dims, keepdim=keepdim)
    return grad.reshape(shape) if keepdim and len(have) != len(shape) else grad


def sum_to_array(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`sum_to` on a NumPy array (the raw path): the same single reduction, so the same bits.
    This runs in every broadcast backward, so how to reduce one shape to another is worked out
    once (_sum_plan) and NumPy's reduce called directly, as sum_dim's forward would call it."""
    key = (grad.shape, shape)
    plan = _SUM_PLANS.get(key)
    if plan is None:
        if len(_SUM_PLANS) >= 1024:  # a program with very many different shapes
            _SUM_PLANS.clear()
        plan = _SUM_PLANS[key] = _sum_plan(*key)
    axis, keepdim, reshape, short = plan
    if short and grad.dtype.kind == "f":
        grad = reductions._along(np.add, grad, axis, keepdim)
    else:
        grad = np.add.reduce(grad, axis=axis, keepdims=keepdim)
    if type(grad) is not np.ndarray:  # summed down to one number: NumPy returns a scalar
        return np.asarray(grad)
    return grad.reshape(shape) if reshape else grad


def _sum_plan(have: tuple[int, ...], shape: tuple[int, ...]) -> tuple:
    """How sum_to_array reduces `have` to `shape`: the axis argument sum_dim's forward
    (reductions._along) passes to np.add.reduce, keepdims, whether a reshape follows, and whether
    _along would take its short-axis route instead of one reduce."""
    dims, keepdim = _stretched(have, shape)
    if len(dims) != 1:
        return dims, keepdim, keepdim and len(have) != len(shape), False
    axis = dims[0]
    k, size = have[axis], math.prod(have)
    short = 1 < k < 8 and size >= 512 and size >= 128 * k * k
    return axis, keepdim, keepdim and len(have) != len(shape), short


_SUM_PLANS: dict[tuple, tuple] = {}


def _stretched(have: tuple[int, ...], shape: tuple[int, ...]) -> tuple[tuple[int, ...], bool]:
    """The dimensions of `have` that broadcasting added or stretched to reach it from `shape`,
    and whether to keep them (as size 1) when summing: not if they are all new leading ones."""
    lead = len(have) - len(shape)
    stretched = tuple(lead + i for i, n in enumerate(shape) if n == 1 and have[lead + i] != 1)
    return tuple(range(lead)) + stretched, not (lead and not stretched)


# The sections import `primitive` and the dtype rules from this file, so they come after them;
# each registers its primitives in REGISTRY as it loads.
from . import (  # noqa: E402
    activations,
    arithmetic,
    convolution,
    elementwise,
    indexing,
    layers,
    linalg,
    matrix_functions,
    nn,
    pointwise,
    rearrange,
    reductions,
    refill,
    selection,
    shape,
    statistics,
)

_ROUNDED = elementwise._ROUNDED  # float32 roundings of Python numbers, shared with scalar_pair

__all__ = [
    "DTYPE",
    "F32_0D_METAS",
    "GRAD",
    "GRAD_ONLY",
    "PARAM",
    "REGISTRY",
    "SAVED",
    "SHAPE",
    "SHAPES",
    "Primitive",
    "activations",
    "apply",
    "arithmetic",
    "convolution",
    "elementwise",
    "indexing",
    "layers",
    "linalg",
    "matrix_functions",
    "nn",
    "pointwise",
    "rearrange",
    "reductions",
    "refill",
    "selection",
    "shape",
    "statistics",
    "sum_to",
    "sum_to_array",
]
