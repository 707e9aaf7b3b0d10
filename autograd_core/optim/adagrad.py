"""Adagrad: each coordinate's step shrinks with the sum of its past squared gradients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..grad_mode import no_grad
from ..tensor import Tensor
from .optimizer import Optimizer, add, addcdiv, addcmul, grads, step_counter, write


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011), as torch.optim.Adagrad.

    For each parameter θ with gradient g, at step t = 1, 2, ... (γ = lr, η = lr_decay,
    λ = weight_decay, ε = eps), with the sum S = initial_accumulator_value at the start:

        if maximize:  g ← -g
        if λ ≠ 0:     g ← g + λ θ
        γₜ ← γ / (1 + (t - 1) η)
        S ← S + g²
        θ ← θ - γₜ g / (√S + ε)
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not lr_decay >= 0.0:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not initial_accumulator_value >= 0.0:
            raise ValueError(
                f"Invalid initial_accumulator_value value: {initial_accumulator_value}"
            )
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:  # Adagrad creates its state up front, as PyTorch does
            for p in group["params"]:
                self._init_state(p)

    def _init_state(self, p: Tensor) -> dict[str, Any]:
        state = self.state[p]
        if not state:
            state["step"] = step_counter()
            initial = self.defaults["initial_accumulator_value"]
            state["sum"] = Tensor._make(np.full_like(p._data, initial), p.dtype)
        return state

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, lr_decay = float(group["lr"]), group["lr_decay"]
                weight_decay, eps = group["weight_decay"], group["eps"]
                for p, g in grads(group):
                    state = self._init_state(p)
                    write(state["step"], state["step"]._data + 1)
                    t = state["step"].item()
                    if weight_decay != 0:
                        g = add(g, p._data, weight_decay)
                    clr = lr / (1 + (t - 1) * lr_decay)
                    total = state["sum"]
                    write(total, addcmul(total._data, g, g, 1))
                    std = np.sqrt(total._data)
                    std = std + std.dtype.type(eps)
                    write(p, addcdiv(p._data, g, std, -clr))
        return loss
