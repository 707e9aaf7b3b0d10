"""Gradient clipping, computed as torch.nn.utils.clip_grad computes it.

clip_grad_norm_ rescales all gradients together so that their combined norm is at most max_norm:

    total = ‖(‖g₁‖, ‖g₂‖, ...)‖          the norm of the per-tensor norms (= the norm of all
                                         gradients concatenated), tensors grouped by dtype
    g ← g · min(max_norm / (total + 1e-6), 1)

The direction of the overall gradient is kept; only its length is capped. clip_grad_value_
instead clamps every component to [-clip_value, clip_value], which can change the direction.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from ... import torch_functions as _F
from ...creation import tensor
from ...grad_mode import no_grad
from ...tensor import Tensor

Tensors = Tensor | Iterable[Tensor]


def _as_list(tensors: Tensors) -> list[Tensor]:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _by_dtype(tensors: list[Tensor]) -> list[list[Tensor]]:
    """Tensors grouped by dtype, groups in order of first appearance (PyTorch's
    _group_tensors_by_device_and_dtype, with one device)."""
    groups: dict[Any, list[Tensor]] = {}
    for t in tensors:
        groups.setdefault(t.dtype, []).append(t)
    return list(groups.values())


@no_grad()
def get_total_norm(
    tensors: Tensors,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """The norm of all the tensors' values, as if concatenated into one vector."""
    tensors = _as_list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return tensor(0.0)
    norms = [_F.norm(t, norm_type) for group in _by_dtype(tensors) for t in group]
    total = _F.norm(_F.stack(norms), norm_type)
    if error_if_nonfinite and not bool(_F.isfinite(total)):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, "
            "so it cannot be clipped. To disable this error and scale the gradients by the "
            "non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    return total


@no_grad()
def clip_grads_with_norm_(
    parameters: Tensors, max_norm: float, total_norm: Tensor, foreach: bool | None = None
) -> None:
    """Scale every .grad by min(max_norm / (total_norm + 1e-6), 1), in place."""
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    max_norm = float(max_norm)
    if not grads:
        return
    clip_coef = max_norm / (total_norm + 1e-6)
    clip_coef_clamped = _F.clamp(clip_coef, max=1.0)
    for g in grads:
        g.mul_(clip_coef_clamped)


@no_grad()
def clip_grad_norm_(
    parameters: Tensors,
    max_norm: float,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Rescale the gradients so that their total norm is at most max_norm; returns the total
    norm they had before (a tensor)."""
    parameters = _as_list(parameters)  # a generator (model.parameters()) is read twice
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(
    parameters: Tensors,
    max_norm: float,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """The old name of clip_grad_norm_ (deprecated, as in PyTorch)."""
    warnings.warn(
        "`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
        "`torch.nn.utils.clip_grad_norm_`.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


@no_grad()
def clip_grad_value_(parameters: Tensors, clip_value: float, foreach: bool | None = None) -> None:
    """Clamp every gradient component to [-clip_value, clip_value], in place."""
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        if p.grad is not None:
            p.grad.clamp_(min=-clip_value, max=clip_value)
