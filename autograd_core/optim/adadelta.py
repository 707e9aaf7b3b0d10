"""Adadelta: a step measured in the units of the parameter, from two running averages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..grad_mode import no_grad
from ..tensor import Tensor
from .optimizer import Optimizer, add, addcmul, grads, mul, step_counter, write


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), as torch.optim.Adadelta (d2l.ai 12.9).

    For each parameter θ with gradient g (γ = lr, ρ = rho, λ = weight_decay, ε = eps), with the
    running averages S (of g²) and Δ (of the squared updates) starting at 0:

        if maximize:  g ← -g
        if λ ≠ 0:     g ← g + λ θ
        S ← ρ S + (1 - ρ) g²
        d ← √(Δ + ε) / √(S + ε) · g
        Δ ← ρ Δ + (1 - ρ) d²
        θ ← θ - γ d
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        capturable: bool = False,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "capturable": capturable,
            "foreach": foreach,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, rho = float(group["lr"]), group["rho"]
                eps, weight_decay = group["eps"], group["weight_decay"]
                for p, g in grads(group):
                    state = self.state[p]
                    if not state:  # made at the first step, as PyTorch does
                        state["step"] = step_counter()
                        state["square_avg"] = Tensor._make(np.zeros_like(p._data), p.dtype)
                        state["acc_delta"] = Tensor._make(np.zeros_like(p._data), p.dtype)
                    write(state["step"], state["step"]._data + 1)
                    if weight_decay != 0:
                        g = add(g, p._data, weight_decay)
                    square_avg, acc_delta = state["square_avg"], state["acc_delta"]
                    write(square_avg, addcmul(mul(square_avg._data, rho), g, g, 1 - rho))
                    # (the same steps as PyTorch's, in its order: the last digit depends on it)
                    std = np.sqrt(square_avg._data + square_avg._data.dtype.type(eps))
                    delta = np.sqrt(acc_delta._data + acc_delta._data.dtype.type(eps))
                    delta = delta / std * g
                    write(acc_delta, addcmul(mul(acc_delta._data, rho), delta, delta, 1 - rho))
                    write(p, add(p._data, delta, -lr))
        return loss
