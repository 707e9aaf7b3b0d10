# d2l.ai 6.7 "GPUs" and the device idioms every tutorial starts with, on a CPU-only machine:
# torch.device, torch.cuda.is_available()/device_count(), d2l's cpu()/gpu()/try_gpu()/
# try_all_gpus() helpers, x.device, model.to(device), tensor.to(device) / .cpu(), and
# creating a tensor with device=.
# https://d2l.ai/chapter_builders-guide/use-gpu.html
import torch
from torch import nn

torch.manual_seed(0)


def cpu():
    """Get the CPU device."""
    return torch.device('cpu')


def gpu(i=0):
    """Get a GPU device."""
    return torch.device(f'cuda:{i}')


print(cpu(), gpu(), gpu(1))


def num_gpus():
    """Get the number of available GPUs."""
    return torch.cuda.device_count()


print(num_gpus())


def try_gpu(i=0):
    """Return gpu(i) if exists, otherwise return cpu()."""
    if num_gpus() >= i + 1:
        return gpu(i)
    return cpu()


def try_all_gpus():
    """Return all available GPUs, or [cpu(),] if no GPU exists."""
    return [gpu(i) for i in range(num_gpus())]


print(try_gpu(), try_gpu(10), try_all_gpus())

x = torch.tensor([1, 2, 3])
print(x.device)

X = torch.ones(2, 3, device=try_gpu())
print(X)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(f"Using {device} device", device.type, device == cpu())

net = nn.Sequential(nn.LazyLinear(1))
net = net.to(device=try_gpu())
print(net(X))
print(net[0].weight.data.device)
Z = X.to(device)
print(Z is X, Z.cpu().device, X.to('cpu', torch.float64).dtype)
print(torch.zeros(2, device='cpu').is_cuda)
