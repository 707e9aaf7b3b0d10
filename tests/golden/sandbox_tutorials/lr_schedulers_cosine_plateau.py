# The schedules tutorials reach for after StepLR: CosineAnnealingLR over a short run,
# ReduceLROnPlateau fed a validation loss (the docs' `scheduler.step(val_loss)`), and
# MultiplicativeLR with a constant factor.
# https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate
import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, MultiplicativeLR, ReduceLROnPlateau

x = torch.linspace(-1, 1, 20).reshape(-1, 1)
y = 3 * x + 0.5
model = nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.0)
    model.bias.fill_(0.0)
optimizer = torch.optim.SGD(model.parameters(), lr=0.3)
scheduler = CosineAnnealingLR(optimizer, T_max=10, eta_min=0.01)
loss_fn = nn.MSELoss()
for epoch in range(12):
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(f"epoch {epoch:2d}  lr {scheduler.get_last_lr()[0]:.5f}  loss {loss.item():.4f}")

val_losses = [0.9, 0.7, 0.69, 0.69, 0.7, 0.71, 0.5, 0.52, 0.52, 0.53, 0.54, 0.55]
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=2)
for epoch, val_loss in enumerate(val_losses):
    optimizer.step()
    scheduler.step(val_loss)
    print(epoch, scheduler.get_last_lr(), scheduler.num_bad_epochs, scheduler.best)

optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
scheduler = MultiplicativeLR(optimizer, lr_lambda=lambda epoch: 0.95)
for epoch in range(4):
    optimizer.step()
    scheduler.step()
print([round(lr, 8) for lr in scheduler.get_last_lr()], optimizer.param_groups[0]["lr"])
