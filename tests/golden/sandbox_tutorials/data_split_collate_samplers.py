# torch.utils.data beyond TensorDataset: a map-style Dataset, random_split with a seeded
# generator, a custom collate_fn that pads variable-length sequences, DataLoader with
# shuffle=True under torch.manual_seed, drop_last, and the samplers (SequentialSampler,
# RandomSampler, BatchSampler, SubsetRandomSampler).
# https://pytorch.org/docs/stable/data.html
import torch
from torch.utils.data import (BatchSampler, DataLoader, Dataset, RandomSampler,
                              SequentialSampler, SubsetRandomSampler, random_split)

torch.manual_seed(0)


class Squares(Dataset):
    def __init__(self, n):
        self.x = torch.arange(n, dtype=torch.float32)

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.x[idx] ** 2


ds = Squares(10)
print(len(ds), ds[3])

train_ds, val_ds = random_split(ds, [8, 2], generator=torch.Generator().manual_seed(42))
print(len(train_ds), len(val_ds))
print(sorted(int(x) for x, _ in val_ds))
print(train_ds.indices)

parts = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))
print([list(p) for p in parts])

loader = DataLoader(train_ds, batch_size=3, shuffle=True)
for xb, yb in loader:
    print(xb, yb)

loader = DataLoader(ds, batch_size=4, drop_last=True)
print(len(loader), [xb.tolist() for xb, _ in loader])


def pad_collate(batch):
    seqs = [item[0] for item in batch]
    labels = torch.tensor([item[1] for item in batch])
    longest = max(len(s) for s in seqs)
    padded = torch.zeros(len(seqs), longest)
    for i, s in enumerate(seqs):
        padded[i, :len(s)] = s
    lengths = torch.tensor([len(s) for s in seqs])
    return padded, lengths, labels


sequences = [(torch.tensor([1.0, 2.0, 3.0]), 0), (torch.tensor([4.0]), 1),
             (torch.tensor([5.0, 6.0]), 0), (torch.tensor([7.0, 8.0, 9.0, 10.0]), 1)]
for padded, lengths, labels in DataLoader(sequences, batch_size=2, collate_fn=pad_collate):
    print(padded, lengths, labels)

print(list(SequentialSampler(range(5))))
print(list(RandomSampler(range(5))))
print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=False)))
print(list(BatchSampler(SequentialSampler(range(7)), batch_size=3, drop_last=True)))
print(sorted(SubsetRandomSampler([0, 2, 4, 6])))
loader = DataLoader(ds, batch_size=5, sampler=SubsetRandomSampler(range(0, 10, 2)))
for xb, yb in loader:
    print(sorted(xb.tolist()))
