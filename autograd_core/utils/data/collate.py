"""Turning a list of samples into a batch, as torch.utils.data.default_collate does.

Tensors are stacked along a new first dimension; Python floats become a float64 tensor and ints
an int64 one (bools a bool one); NumPy arrays and numbers become tensors; strings stay a list;
dicts, tuples and lists are collated field by field (a batch of (x, y) tuples becomes [X, Y],
a list, as in PyTorch).
"""

from __future__ import annotations

import collections.abc
from typing import Any

import numpy as np

from ... import dtypes
from ... import torch_functions as _F
from ...creation import as_tensor, tensor
from ...tensor import Tensor

_NOT_COLLATABLE = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"
)


def default_collate(batch: list) -> Any:
    elem = batch[0]
    if isinstance(elem, Tensor):
        return _F.stack(batch, 0)
    if isinstance(elem, np.ndarray):
        if elem.dtype.kind in "OSU":
            raise TypeError(_NOT_COLLATABLE.format(elem.dtype))
        return _F.stack([as_tensor(b) for b in batch], 0)
    if isinstance(elem, np.bool_ | np.number):
        return as_tensor(np.array(batch))
    if isinstance(elem, float):
        return tensor(batch, dtype=dtypes.float64)
    if isinstance(elem, int):
        return tensor(batch)
    if isinstance(elem, str | bytes):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        collated = {key: default_collate([d[key] for d in batch]) for key in elem}
        try:
            return type(elem)(collated)
        except TypeError:
            return collated
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        size = len(elem)
        if not all(len(e) == size for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = [default_collate(list(s)) for s in zip(*batch)]
        if isinstance(elem, tuple):
            return transposed
        try:
            return type(elem)(transposed)
        except TypeError:
            return transposed
    raise TypeError(_NOT_COLLATABLE.format(type(elem)))


def default_convert(data: Any) -> Any:
    """What a DataLoader without batching (batch_size=None) does to each sample: NumPy arrays
    and numbers become tensors, containers are converted inside; the rest is left alone."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray) and data.dtype.kind not in "OSU":
        return as_tensor(data)
    if isinstance(data, np.bool_ | np.number):
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        return type(data)({key: default_convert(data[key]) for key in data})
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, str | bytes):
        try:
            return type(data)([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data
