"""All parameters as one flat vector and back (torch.nn.utils.convert_parameters)."""

from __future__ import annotations

from collections.abc import Iterable

from ... import torch_functions as _F
from ...tensor import Tensor


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """The parameters' values, flattened and concatenated in order (recorded: CatBackward0)."""
    return _F.cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of `vec` into the parameters' values (not recorded, like
    PyTorch's `param.data = ...`)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    pointer = 0
    for param in parameters:
        n = param.numel()
        param.data = vec[pointer : pointer + n].view_as(param).data
        pointer += n
