# optimizer.step(closure): the closure recomputes the loss
import torch

w = torch.tensor([0.0, 0.0], requires_grad=True)
target = torch.tensor([1.0, -2.0])
opt = torch.optim.SGD([w], lr=0.1)


def closure():
    opt.zero_grad()
    loss = ((w - target) ** 2).sum()
    loss.backward()
    return loss


for step in range(5):
    loss = opt.step(closure)
    print(step, round(loss.item(), 4), w.detach())
