"""RMSprop: divide the step by a running root-mean-square of recent gradients."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..grad_mode import no_grad
from ..tensor import Tensor
from .optimizer import (
    Optimizer,
    add,
    addcdiv,
    addcmul,
    grads,
    lerp,
    mul,
    step_counter,
    write,
    zeros_like,
)


class RMSprop(Optimizer):
    """RMSprop (Hinton's lecture notes), as torch.optim.RMSprop.

    For each parameter θ with gradient g (γ = lr, α = alpha, ε = eps, λ = weight_decay,
    μ = momentum), with v = b = ḡ = 0 at the start:

        if maximize:  g ← -g
        if λ ≠ 0:     g ← g + λ θ
        v ← α v + (1 - α) g²              running mean of the squared gradient
        if centered:
            ḡ ← α ḡ + (1 - α) g           running mean of the gradient
            s ← √(v - ḡ²) + ε             (an estimate of its standard deviation)
        else:
            s ← √v + ε
        if μ > 0:
            b ← μ b + g / s
            θ ← θ - γ b
        else:
            θ ← θ - γ g / s
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not momentum >= 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not alpha >= 0.0:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, alpha, eps = float(group["lr"]), group["alpha"], group["eps"]
                weight_decay, momentum = group["weight_decay"], group["momentum"]
                for p, g in grads(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = step_counter()
                        state["square_avg"] = zeros_like(p)
                        if momentum > 0:
                            state["momentum_buffer"] = zeros_like(p)
                        if group["centered"]:
                            state["grad_avg"] = zeros_like(p)
                    write(state["step"], state["step"]._data + 1)
                    if weight_decay != 0:
                        g = add(g, p._data, weight_decay)
                    v = state["square_avg"]
                    write(v, addcmul(mul(v._data, alpha), g, g, 1 - alpha))
                    if group["centered"]:
                        g_avg = state["grad_avg"]
                        write(g_avg, lerp(g_avg._data, g, 1 - alpha))
                        s = np.sqrt(addcmul(v._data, g_avg._data, g_avg._data, -1))
                    else:
                        s = np.sqrt(v._data)
                    s = s + s.dtype.type(eps)
                    if momentum > 0:
                        buf = state["momentum_buffer"]
                        write(buf, addcdiv(mul(buf._data, momentum), g, s, 1))
                        write(p, add(p._data, buf._data, -lr))
                    else:
                        write(p, addcdiv(p._data, g, s, -lr))
        return loss
