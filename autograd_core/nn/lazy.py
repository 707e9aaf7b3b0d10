"""Lazy layers: nn.LazyLinear, whose input size is read from the first batch it sees.

d2l.ai builds nearly every model with `nn.LazyLinear(num_outputs)`: the layer does not know its
`in_features` until data passes through, so its weight and bias start as
UninitializedParameter (printed `<UninitializedParameter>`, with no shape). The first forward
call makes them real parameters of shape (out_features, in_features) and (out_features,),
draws them exactly as nn.Linear would (same generator, same order, so a seeded run prints the
numbers PyTorch prints), and the module becomes an nn.Linear: `print(net)` shows
`Linear(in_features=20, ...)` and `type(m) == nn.Linear` holds, as in PyTorch. The parameter
objects stay the same ones, so an optimizer made before the first call still updates them.

    >>> import autograd_core as torch
    >>> layer = torch.nn.LazyLinear(3)
    >>> layer.weight
    <UninitializedParameter>
    >>> layer(torch.ones(2, 4)).shape
    torch.Size([2, 3])
    >>> layer
    Linear(in_features=4, out_features=3, bias=True)
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from .modules import Linear
from .parameter import UninitializedParameter


class LazyLinear(Linear):
    """nn.Linear whose in_features is inferred from the first input (its last dimension)."""

    def __init__(
        self, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None
    ) -> None:
        # Linear(0, out) draws nothing (no elements), then the parameters are swapped for
        # uninitialised ones, as PyTorch's LazyLinear does.
        super().__init__(0, out_features, False, device=device, dtype=dtype)
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def has_uninitialized_params(self) -> bool:
        return any(isinstance(p, UninitializedParameter) for p in (self.weight, self.bias))

    def initialize_parameters(self, input: Tensor) -> None:
        """Shape the parameters for `input` and draw them as nn.Linear does."""
        if not self.has_uninitialized_params():
            return
        self.in_features = int(input.shape[-1])
        self.weight.materialize((self.out_features, self.in_features))
        if self.bias is not None:
            self.bias.materialize((self.out_features,))
        self.reset_parameters()

    def forward(self, input: Any) -> Any:
        self.initialize_parameters(input)
        self.__class__ = Linear  # from now on it is an ordinary Linear layer
        return Linear.forward(self, input)
