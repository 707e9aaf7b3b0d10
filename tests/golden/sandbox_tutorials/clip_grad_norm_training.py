# Gradient clipping as training loops write it: loss.backward(), then
# torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm) (which returns the total norm
# before clipping), then optimizer.step(); clip_grad_value_; and the norm checked by hand.
# https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html
import torch
import torch.nn as nn

torch.manual_seed(0)

model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()

X = torch.randn(16, 3)
y = (X[:, :1] * 10 + 5)

for step in range(5):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    total_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    clipped = torch.sqrt(sum(p.grad.pow(2).sum() for p in model.parameters()))
    print(f"step {step}: loss {loss.item():.4f}, norm before {total_norm.item():.4f}, "
          f"after {clipped.item():.4f}")
    optimizer.step()

optimizer.zero_grad()
loss_fn(model(X), y).backward()
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.5)
print(max(p.grad.abs().max().item() for p in model.parameters()))

p = torch.tensor([3.0, 4.0], requires_grad=True)
(p * p).sum().backward()
print(p.grad)
norm = nn.utils.clip_grad_norm_([p], max_norm=5.0, norm_type=2)
print(norm, p.grad)
norm = nn.utils.clip_grad_norm_(p, max_norm=1.0, norm_type=float('inf'))
print(norm, p.grad)
