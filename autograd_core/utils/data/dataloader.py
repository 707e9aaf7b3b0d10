"""DataLoader: iterate over a dataset in (shuffled) batches, as torch.utils.data.DataLoader.

loader = DataLoader(dataset, batch_size=64, shuffle=True)
len(loader)            # batches per epoch: ceil(len(dataset) / 64), floor with drop_last
for xb, yb in loader:  # a new order every epoch, repeatable after torch.manual_seed
    ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ...creation import Generator, default_generator, random_seed
from .collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler


class DataLoader:
    """Batches of samples from `dataset` (see the module docstring)."""

    def __init__(
        self,
        dataset: Any,
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler: Sampler | Iterable | None = None,
        batch_sampler: Iterable[list[int]] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[list], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context: Any = None,
        generator: Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
    ) -> None:
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; use num_workers=0 to disable "
                "multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        self.dataset = dataset
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.generator = generator
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if shuffle not in (None, False):
                raise ValueError(
                    f"DataLoader with IterableDataset: expected unspecified shuffle option, but "
                    f"got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, but "
                    f"got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified batch_sampler option, "
                    f"but got batch_sampler={batch_sampler}"
                )
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, "
                    "sampler, and drop_last"
                )
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching and is mutually exclusive with "
                "drop_last"
            )
        if sampler is None and not self._iterable:
            sampler = (
                RandomSampler(dataset, generator=generator)
                if shuffle
                else (SequentialSampler(dataset))
            )
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        if batch_size is not None and self._iterable:
            BatchSampler([], batch_size, drop_last)  # the same checks of batch_size/drop_last
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers
        if collate_fn is None:
            collate_fn = (
                default_collate if self._auto_collation or self._iterable else (default_convert)
            )
        self.collate_fn = collate_fn

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    def __iter__(self) -> _SingleProcessDataLoaderIter:
        return _SingleProcessDataLoaderIter(self)

    def __len__(self) -> int:
        if self._iterable:
            n = len(self.dataset)
            if self.batch_size is not None:
                n = n // self.batch_size if self.drop_last else -(-n // self.batch_size)
            return n
        if self._auto_collation:
            return len(self.batch_sampler)  # type: ignore[arg-type]
        return len(self.sampler)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"<torch.utils.data.dataloader.DataLoader object at {id(self):#x}>"


class _SingleProcessDataLoaderIter:
    """One pass over the loader (PyTorch's name for it, which is what type() shows)."""

    def __init__(self, loader: DataLoader) -> None:
        self._loader = loader
        # PyTorch draws a seed for worker processes each time a loader is iterated, even with
        # none: drawn here too, so the random numbers after a training loop are PyTorch's.
        self._base_seed = random_seed(loader.generator or default_generator())
        self._batches = self._generate()

    def _generate(self) -> Iterator[Any]:
        loader = self._loader
        dataset, collate = loader.dataset, loader.collate_fn
        if loader._iterable:
            if loader.batch_size is None:
                for sample in dataset:
                    yield collate(sample)
                return
            batch: list[Any] = []
            for sample in dataset:
                batch.append(sample)
                if len(batch) == loader.batch_size:
                    yield collate(batch)
                    batch = []
            if batch and not loader.drop_last:
                yield collate(batch)
            return
        if loader._auto_collation:
            for indices in loader.batch_sampler:  # type: ignore[union-attr]
                getitems = getattr(dataset, "__getitems__", None)
                samples = getitems(indices) if getitems else [dataset[i] for i in indices]
                yield collate(samples)
        else:
            for index in loader.sampler:  # type: ignore[union-attr]
                yield collate(dataset[index])

    def __iter__(self) -> _SingleProcessDataLoaderIter:
        return self

    def __next__(self) -> Any:
        return next(self._batches)

    def __len__(self) -> int:
        return len(self._loader)
