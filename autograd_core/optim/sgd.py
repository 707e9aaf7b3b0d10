"""Stochastic gradient descent, optionally with momentum (heavy ball or Nesterov)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..grad_mode import no_grad
from ..tensor import Tensor
from .optimizer import Optimizer, add, grads, mul, write


class SGD(Optimizer):
    """Stochastic gradient descent, as torch.optim.SGD.

    For each parameter θ with gradient g (γ = lr, λ = weight_decay, μ = momentum,
    τ = dampening):

        if maximize:  g ← -g
        if λ ≠ 0:     g ← g + λ θ
        if μ ≠ 0:
            b ← g                        on the first step
            b ← μ b + (1 - τ) g          afterwards
            g ← g + μ b   if nesterov, else   g ← b
        θ ← θ - γ g

    Example:
        >>> import autograd_core as torch
        >>> w = torch.ones(2, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1)
        >>> (w * 3).sum().backward()
        >>> opt.step()
        >>> w
        tensor([0.7000, 0.7000], requires_grad=True)
    """

    def __init__(
        self,
        params: Any,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One update of every parameter that has a gradient; returns the closure's loss."""
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, weight_decay = float(group["lr"]), group["weight_decay"]
                momentum, dampening = group["momentum"], group["dampening"]
                for p, g in grads(group):
                    if weight_decay != 0:
                        g = add(g, p._data, weight_decay)
                    if momentum != 0:
                        state = self.state[p]
                        buf = state.get("momentum_buffer")
                        if buf is None:
                            buf = Tensor._make(np.array(g, p._data.dtype), p.dtype)  # a copy
                            state["momentum_buffer"] = buf
                        else:
                            write(buf, add(mul(buf._data, momentum), g, 1 - dampening))
                        g = add(g, buf._data, momentum) if group["nesterov"] else buf._data
                    write(p, add(p._data, g, -lr))
        return loss
