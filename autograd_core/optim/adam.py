"""Adam: per-parameter step sizes from running averages of the gradient and its square."""

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


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2015), as torch.optim.Adam; AdamW is this with decoupled decay.

    For each parameter θ with gradient g, at step t = 1, 2, ... (γ = lr, (β₁, β₂) = betas,
    λ = weight_decay, ε = eps), with m = v = v_max = 0 at the start:

        if maximize:  g ← -g
        if λ ≠ 0:
            θ ← θ (1 - γ λ)       if decoupled_weight_decay (AdamW)
            g ← g + λ θ           otherwise (an L2 penalty)
        m ← β₁ m + (1 - β₁) g             running mean of the gradient
        v ← β₂ v + (1 - β₂) g²            running mean of its square
        v_max ← max(v_max, v)   if amsgrad, and then v̂ uses v_max instead of v
        m̂ ← m / (1 - β₁ᵗ)                  bias corrections: m and v start at 0
        v̂ ← v / (1 - β₂ᵗ)
        θ ← θ - γ m̂ / (√v̂ + ε)

    Example:
        >>> import autograd_core as torch
        >>> x = torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.Adam([x], lr=0.1)
        >>> ((x - 3) ** 2).sum().backward()
        >>> opt.step()
        >>> x
        tensor([0.1000], requires_grad=True)
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not lr >= 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not eps >= 0.0:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not weight_decay >= 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not (isinstance(betas[0], float) and isinstance(betas[1], float)):
            raise ValueError("betas must be either both floats or both Tensors")
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, (beta1, beta2) = float(group["lr"]), group["betas"]
                weight_decay, eps, amsgrad = group["weight_decay"], group["eps"], group["amsgrad"]
                for p, g in grads(group):
                    state = self.state[p]
                    if not state:
                        state["step"] = step_counter()
                        state["exp_avg"] = zeros_like(p)
                        state["exp_avg_sq"] = zeros_like(p)
                        if amsgrad:
                            state["max_exp_avg_sq"] = zeros_like(p)
                    m, v = state["exp_avg"], state["exp_avg_sq"]
                    write(state["step"], state["step"]._data + 1)
                    if weight_decay != 0:
                        if group["decoupled_weight_decay"]:
                            write(p, mul(p._data, 1 - lr * weight_decay))
                        else:
                            g = add(g, p._data, weight_decay)
                    write(m, lerp(m._data, g, 1 - beta1))
                    write(v, addcmul(mul(v._data, beta2), g, g, 1 - beta2))

                    t = state["step"].item()
                    bias_correction1 = 1 - beta1**t
                    bias_correction2_sqrt = (1 - beta2**t) ** 0.5
                    step_size = lr / bias_correction1
                    if amsgrad:
                        v_max = state["max_exp_avg_sq"]
                        write(v_max, np.maximum(v_max._data, v._data))
                        v = v_max
                    denom = np.sqrt(v._data) / v._data.dtype.type(bias_correction2_sqrt)
                    denom = denom + denom.dtype.type(eps)
                    write(p, addcdiv(p._data, m._data, denom, -step_size))
        return loss
