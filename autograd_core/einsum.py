"""torch.einsum and torch.tensordot, built from registry entries the way PyTorch builds them.

An einsum is planned, then run with operations that have their own gradients: a letter repeated
in one operand takes a diagonal, a letter nobody else needs is summed out, two operands that
share letters to contract become one batched matrix product (bmm: charged to the guard like any
matrix product before it runs), two that share none are multiplied with broadcasting, and the
result is permuted into the output's order. So `einsum('ij,jk->ik', a, b)` records a
ViewBackward0 over a BmmBackward0, as in PyTorch, and its gradients come for free.

    >>> import autograd_core as torch
    >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> torch.einsum("ij,jk->ik", a, a)
    tensor([[ 7., 10.],
            [15., 22.]], grad_fn=<ViewBackward0>)
"""

from __future__ import annotations

import math
import string
from typing import Any

from . import torch_functions as _F
from .ops import linalg as L
from .ops import rearrange as Rg
from .ops import reductions as R
from .tensor import Tensor

_LETTERS = frozenset(string.ascii_letters)
_ELLIPSIS_DIMS = "αβγδεζηθικλμνξοπρστυφχψω"  # stand-ins for the dims '...' covers


def _parse(equation: str, operands: tuple) -> tuple[list[str], str]:
    """Each operand's subscripts (one character per dim, '...' spelt out) and the output's."""
    equation = equation.replace(" ", "")
    left, arrow, right = equation.partition("->")
    terms = left.split(",")
    if len(operands) > len(terms):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    if len(operands) < len(terms):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    extra = 0
    spelt = []
    for i, (term, x) in enumerate(zip(terms, operands)):
        for ch in term.replace("...", ""):
            if ch not in _LETTERS:
                raise RuntimeError(
                    "einsum(): invalid subscript given at index "
                    f"{equation.index(ch)} in the equation string, subscripts must be in "
                    "[a-zA-Z]"
                )
        letters = len(term.replace("...", ""))
        if "..." in term:
            n = x.ndim - letters
            if n < 0:
                raise RuntimeError(
                    f"einsum(): the number of subscripts in the equation ({letters}) is more "
                    f"than the number of dimensions ({x.ndim}) for operand {i}"
                )
            extra = max(extra, n)
            term = term.replace("...", _ELLIPSIS_DIMS[-n:] if n else "")
        elif letters != x.ndim:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({letters}) does not match "
                f"the number of dimensions ({x.ndim}) for operand {i} and no ellipsis was given"
            )
        spelt.append(term)
    ellipsis = _ELLIPSIS_DIMS[len(_ELLIPSIS_DIMS) - extra :] if extra else ""
    if arrow:
        for ch in right.replace("...", ""):
            if ch not in _LETTERS:
                raise RuntimeError(
                    f"einsum(): invalid subscript given at index {equation.index(ch)} in the "
                    "equation string, subscripts must be in [a-zA-Z]"
                )
        output = right.replace("...", ellipsis)
        # each subscript once, as PyTorch checks: so the output is at most 52 letters (and the
        # ellipsis) long, and looking each up costs nothing (a 50,000-letter output once took
        # seconds of joining the inputs' subscripts for every letter)
        known, seen = set("".join(spelt)), set()
        for ch in output:
            if ch in seen:
                raise RuntimeError(
                    f"einsum(): output subscript {ch} appears more than once in the output"
                )
            if ch not in known:
                raise RuntimeError(
                    f"einsum(): output subscript {ch} does not appear in the equation for any "
                    "input operand"
                )
            seen.add(ch)
    else:  # implicit output: '...' first, then the letters used once, in alphabetical order
        used = "".join(t.replace("...", "") for t in left.split(","))
        output = ellipsis + "".join(sorted(c for c in set(used) if used.count(c) == 1))
    return spelt, output


def _sizes(terms: list[str], operands: tuple) -> dict[str, int]:
    """Each letter's size; a size-1 dim stretches to the others (broadcasting), as in PyTorch."""
    sizes: dict[str, int] = {}
    for i, (term, x) in enumerate(zip(terms, operands)):
        for ch, n in zip(term, x.shape):
            seen = sizes.get(ch)
            if seen is not None and n != seen and 1 not in (n, seen):
                raise RuntimeError(
                    f"einsum(): subscript {ch} has size {n} for operand {i} which does not "
                    f"broadcast with previously seen size {seen}"
                )
            sizes[ch] = max(n, seen or 1)
    return sizes


def _take_diagonals(x: Tensor, term: str) -> tuple[Tensor, str]:
    """A letter repeated in one operand ('ii') reads the diagonal of those dims."""
    while len(set(term)) < len(term):
        ch = next(c for c in term if term.count(c) > 1)
        first = term.index(ch)
        second = term.index(ch, first + 1)
        x = Rg.diagonal(x, offset=0, dim1=first, dim2=second)  # the diagonal comes last
        term = term[:first] + term[first + 1 : second] + term[second + 1 :] + ch
    return x, term


def _sum_out(x: Tensor, term: str, keep: set[str]) -> tuple[Tensor, str]:
    dims = tuple(i for i, ch in enumerate(term) if ch not in keep)
    if not dims:
        return x, term
    return R.sum_dim(x, dim=dims, keepdim=False), "".join(c for c in term if c in keep)


def _arrange(x: Tensor, term: str, order: str) -> Tensor:
    """x with its dims in `order` (letters it lacks become size-1 dims)."""
    present = [c for c in order if c in term]
    perm = tuple(term.index(c) for c in present)
    if perm != tuple(range(len(perm))):
        x = _F.permute(x, perm)
    shape = [x.shape[present.index(c)] if c in term else 1 for c in order]
    return x if list(x.shape) == shape else x.reshape(shape)


def _fit(x: Tensor, full: list[int], shape: tuple[int, ...]) -> Tensor:
    """x with its size-1 dims stretched to `full` (a letter broadcast from size 1), as a matrix
    or a batch of matrices of `shape`."""
    if list(x.shape) != full:
        x = x.expand(*full)
    return x if tuple(x.shape) == shape else x.reshape(shape)


def _pair(a: Tensor, ta: str, b: Tensor, tb: str, keep: set[str]) -> tuple[Tensor, str]:
    """Two operands into one, contracting the letters they share that nothing later needs."""
    batch = [c for c in ta if c in tb and c in keep]
    contract = [c for c in ta if c in tb and c not in keep]
    only_a = [c for c in ta if c not in tb]
    only_b = [c for c in tb if c not in ta]
    if not contract:  # nothing to add up: a broadcast product
        order = "".join(batch + only_a + only_b)
        return _arrange(a, ta, order) * _arrange(b, tb, order), order
    size = dict(zip(ta, a.shape)) | {c: n for c, n in zip(tb, b.shape) if n != 1}
    n_batch, n_a, n_b, n_c = (
        math.prod(size[c] for c in group) for group in (batch, only_a, only_b, contract)
    )
    lead = (n_batch,) if batch else ()
    order_a, order_b = batch + only_a + contract, batch + contract + only_b
    left = _fit(_arrange(a, ta, "".join(order_a)), [size[c] for c in order_a], (*lead, n_a, n_c))
    right = _fit(_arrange(b, tb, "".join(order_b)), [size[c] for c in order_b], (*lead, n_c, n_b))
    out = L.bmm(left, right)  # charged to the guard (n_batch·n_a·n_c·n_b) before it runs
    out = out.reshape([size[c] for c in batch + only_a + only_b])  # a view, as in PyTorch
    return out, "".join(batch + only_a + only_b)


def einsum(equation: str, *operands: Any) -> Tensor:
    """Einstein summation: `'ij,jk->ik'` is a matrix product, `'i,j->ij'` an outer product,
    `'ii->'` a trace, `'bij,bjk->bik'` a batched product, `'ij->ji'` a transpose."""
    if len(operands) == 1 and isinstance(operands[0], list | tuple):
        operands = tuple(operands[0])
    for x in operands:
        if not isinstance(x, Tensor):
            raise TypeError(
                f"einsum(): argument 'tensors' must be tuple of Tensors, not {type(x).__name__}"
            )
    if not operands:
        raise RuntimeError("einsum(): must provide at least one operand")
    terms, output = _parse(equation, operands)
    _sizes(terms, operands)
    pending = list(zip(operands, terms))
    x, term = pending.pop(0)
    diagonal = len(set(term)) < len(term)
    x, term = _take_diagonals(x, term)

    def needed_later(rest: list) -> set[str]:
        return set(output).union(*(set(t) for _, t in rest))

    x, term = _sum_out(x, term, needed_later(pending))
    while pending:
        y, ty = pending.pop(0)
        y, ty = _take_diagonals(y, ty)
        keep = needed_later(pending)
        y, ty = _sum_out(y, ty, keep | set(term))
        x, term = _sum_out(x, term, keep | set(ty))
        x, term = _pair(x, term, y, ty, keep)
    x, term = _sum_out(x, term, set(output))
    summed = set(terms[0]) - set(output)
    if term == output and diagonal and not summed and len(operands) == 1:
        return _F.permute(x, tuple(range(x.ndim)))  # PyTorch moves the diagonal into place
    return _arrange(x, term, output) if term != output else x


def tensordot(a: Tensor, b: Tensor, dims: Any = 2) -> Tensor:
    """Sum over the last `dims` dims of a and the first `dims` of b, or over the dims listed
    as `([dims of a], [dims of b])`."""
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > min(a.ndim, b.ndim):  # before the lists of dims are made (dims=10**8: 3 GB)
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    letters = iter(string.ascii_letters)
    ta = [next(letters) for _ in range(a.ndim)]
    tb = [next(letters) for _ in range(b.ndim)]
    for da, db in zip(dims_a, dims_b):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {a.shape[da]} in dim "
                f"{da} and second has size {b.shape[db]} in dim {db}"
            )
        tb[db] = ta[da]
    kept = [c for c in ta if c not in tb] + [c for c in tb if c not in ta]
    return einsum("".join(ta) + "," + "".join(tb) + "->" + "".join(kept), a, b)


__all__ = ["einsum", "tensordot"]
