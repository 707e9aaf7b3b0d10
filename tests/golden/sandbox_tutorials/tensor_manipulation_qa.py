# Tensor shape and indexing questions beginners ask first: view vs reshape on a transposed
# tensor (and .contiguous()), unsqueeze/squeeze, permute, stack vs cat, torch.where,
# masked_fill, gather along a dim, scatter_ for one-hot, topk and sort, expand vs repeat,
# chunk/split, flatten(start_dim=1), and argmax with keepdim.
import torch

x = torch.arange(12).reshape(3, 4)
print(x)
print(x.view(4, 3))
xt = x.t()
print(xt.is_contiguous())
try:
    xt.view(12)
except RuntimeError as e:
    print(e)
print(xt.reshape(12))
print(xt.contiguous().view(2, 6))

v = torch.tensor([1.0, 2.0, 3.0])
print(v.unsqueeze(0).shape, v.unsqueeze(1).shape, v[None, :, None].shape)
print(torch.zeros(1, 3, 1).squeeze().shape, torch.zeros(1, 3, 1).squeeze(0).shape)

img = torch.arange(24).reshape(2, 3, 4)
print(img.permute(2, 0, 1).shape, img.transpose(0, 2).shape)
print(img.flatten(start_dim=1).shape, img.flatten().shape)

a = torch.tensor([1, 2])
b = torch.tensor([3, 4])
print(torch.stack([a, b]), torch.stack([a, b], dim=1), torch.cat([a, b]))

s = torch.tensor([[-1.0, 2.0], [3.0, -4.0]])
print(torch.where(s > 0, s, torch.zeros_like(s)))
print(torch.where(s > 0))
print(s.masked_fill(s < 0, 0.0))
print(s[s > 0])

scores = torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]])
idx = torch.tensor([[1], [0]])
print(scores.gather(1, idx))
labels = torch.tensor([2, 0, 1])
one_hot = torch.zeros(3, 3).scatter_(1, labels.unsqueeze(1), 1.0)
print(one_hot)
print(torch.nn.functional.one_hot(labels, num_classes=4))

values, indices = scores.topk(2, dim=1)
print(values, indices)
print(torch.sort(torch.tensor([3, 1, 2]), descending=True))
print(scores.argmax(dim=1, keepdim=True))
print(scores.max(dim=1))

c = torch.tensor([[1], [2]])
print(c.expand(2, 3), c.repeat(1, 3), c.repeat(2, 2).shape)
print(torch.arange(10).chunk(3))
print(torch.arange(10).split([3, 7]))
print(torch.arange(6).view(2, 3)[:, 1], torch.arange(6).view(2, 3)[..., -1])
