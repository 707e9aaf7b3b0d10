"""torch.utils.data: Dataset, TensorDataset, DataLoader, random_split.

Batch contents and error texts are what PyTorch 2.13 gives; the random orders themselves differ
(our generator is not PyTorch's), so shuffles are checked for what a user relies on: every
sample once per epoch, a new order each epoch, the same orders again after the same seed.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_core as torch
from autograd_core.utils.data import (
    DataLoader,
    Dataset,
    Subset,
    TensorDataset,
    default_collate,
    random_split,
)

X = torch.arange(10, dtype=torch.float32).reshape(5, 2)
Y = torch.tensor([0, 1, 0, 1, 1])


def test_tensor_dataset_indexes_every_tensor():
    ds = TensorDataset(X, Y)
    assert len(ds) == 5
    assert repr(ds[0]) == "(tensor([0., 1.]), tensor(0))"
    assert repr(ds[1:3]) == "(tensor([[2., 3.],\n        [4., 5.]]), tensor([1, 0]))"
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        TensorDataset(X, torch.ones(3))


def test_batches_in_order_with_a_short_last_one_unless_drop_last():
    ds = TensorDataset(X, Y)
    batches = list(DataLoader(ds, batch_size=2))
    assert len(DataLoader(ds, batch_size=2)) == 3 == len(batches)
    assert repr(batches[2]) == "[tensor([[8., 9.]]), tensor([1])]"  # a list, as in PyTorch
    dropped = DataLoader(ds, batch_size=2, drop_last=True)
    assert len(dropped) == 2 == len(list(dropped))
    assert [b[1].tolist() for b in DataLoader(ds, batch_size=None)][:2] == [0, 1]


def test_shuffle_visits_every_sample_once_and_repeats_after_the_same_seed():
    ds = TensorDataset(torch.arange(20.0), torch.arange(20))

    def epochs():
        loader = DataLoader(ds, batch_size=6, shuffle=True)
        return [[i for _, yb in loader for i in yb.tolist()] for _ in range(3)]

    torch.manual_seed(0)
    first = epochs()
    torch.manual_seed(0)
    assert epochs() == first
    assert all(sorted(e) == list(range(20)) for e in first)
    assert first[0] != first[1]  # a new order every epoch
    g = torch.Generator().manual_seed(1)
    a = [yb.tolist() for _, yb in DataLoader(ds, batch_size=20, shuffle=True, generator=g)]
    g = torch.Generator().manual_seed(1)
    b = [yb.tolist() for _, yb in DataLoader(ds, batch_size=20, shuffle=True, generator=g)]
    assert a == b


def test_default_collate_follows_pytorchs_rules():
    assert repr(default_collate([1, 2, 3])) == "tensor([1, 2, 3])"
    assert repr(default_collate([1.5, 2.0])) == "tensor([1.5000, 2.0000], dtype=torch.float64)"
    assert repr(default_collate([True, False])) == "tensor([ True, False])"
    assert repr(default_collate([(1, 2.0), (3, 4.0)])) == (
        "[tensor([1, 3]), tensor([2., 4.], dtype=torch.float64)]"
    )
    batch = default_collate([{"a": torch.ones(2), "b": 1}, {"a": torch.zeros(2), "b": 2}])
    assert repr(batch) == "{'a': tensor([[1., 1.],\n        [0., 0.]]), 'b': tensor([1, 2])}"
    assert default_collate(["a", "b"]) == ["a", "b"]
    assert repr(default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])])) == (
        "tensor([[1., 2.],\n        [3., 4.]], dtype=torch.float64)"
    )
    with pytest.raises(RuntimeError, match=r"stack expects each tensor to be equal size, but got"):
        default_collate([torch.ones(2), torch.zeros(3)])


def test_a_custom_dataset():
    class Squares(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            return torch.tensor([float(i)]), i * i

    (xb, yb), (_, yb2) = DataLoader(Squares(), batch_size=3)
    assert xb.shape == torch.Size([3, 1]) and yb.tolist() == [0, 1, 4] and yb2.tolist() == [9]
    with pytest.raises(NotImplementedError, match="Subclasses of Dataset should implement"):
        Dataset()[0]


def test_random_split_by_lengths_or_fractions():
    a, b = random_split(range(10), [0.7, 0.3], generator=torch.Generator().manual_seed(42))
    assert isinstance(a, Subset) and (len(a), len(b)) == (7, 3)
    assert sorted([*a, *b]) == list(range(10))
    assert [len(s) for s in random_split(range(10), [0.33, 0.33, 0.34])] == [4, 3, 3]
    assert [len(s) for s in random_split(range(11), [0.5, 0.25, 0.25])] == [6, 3, 2]
    with pytest.raises(ValueError, match="Sum of input lengths does not equal the length"):
        random_split(range(10), [3, 6])


def test_loader_errors_say_what_pytorch_says():
    ds = TensorDataset(X, Y)
    with pytest.raises(ValueError, match="batch_size should be a positive integer value, but"):
        DataLoader(ds, batch_size=0)
    with pytest.raises(ValueError, match="sampler option is mutually exclusive with shuffle"):
        DataLoader(ds, shuffle=True, sampler=[0, 1])
    assert type(iter(DataLoader(ds))).__name__ == "_SingleProcessDataLoaderIter"
