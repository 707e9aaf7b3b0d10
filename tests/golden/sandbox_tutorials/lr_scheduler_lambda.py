# torch.optim.lr_scheduler.LambdaLR: the docs' example (one lambda per parameter group), and a
# warm-up schedule written as a def, in a training loop that prints the learning rate.
# https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LambdaLR.html
import torch
from torch import nn
from torch.optim.lr_scheduler import LambdaLR, StepLR

model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.0)
    model.bias.fill_(0.0)
optimizer = torch.optim.SGD(
    [{"params": [model.weight]}, {"params": [model.bias], "lr": 0.5}], lr=0.1
)
# Assuming optimizer has two groups.
lambda1 = lambda epoch: epoch // 30
lambda2 = lambda epoch: 0.95 ** epoch
scheduler = LambdaLR(optimizer, lr_lambda=[lambda1, lambda2])
for epoch in range(100):
    optimizer.step()
    scheduler.step()
    if epoch % 25 == 0:
        print(epoch, [round(lr, 6) for lr in scheduler.get_last_lr()])

x = torch.linspace(-1, 1, 20).reshape(-1, 1)
y = 2 * x - 1
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.5)
    model.bias.fill_(0.5)
opt = torch.optim.SGD(model.parameters(), lr=0.4)


def warmup(step):
    if step < 5:
        return (step + 1) / 5
    return 0.9 ** (step - 5)


sched = LambdaLR(opt, warmup)
loss_fn = nn.MSELoss()
for step in range(12):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    sched.step()
    print(f"step {step:2d}  lr {sched.get_last_lr()[0]:.4f}  loss {loss.item():.5f}")
print(f"w={model.weight.item():.4f} b={model.bias.item():.4f}")

step_opt = torch.optim.SGD(model.parameters(), lr=1.0)
step_sched = StepLR(step_opt, step_size=3, gamma=0.5)
lrs = []
for epoch in range(7):
    step_opt.step()
    step_sched.step()
    lrs.append(step_opt.param_groups[0]["lr"])
print(lrs)
