# torch.optim's docs ("How to use an optimizer", "Per-parameter options", "How to adjust
# learning rate"): param groups with their own lr, optimizer.param_groups, add_param_group,
# zero_grad(set_to_none=True), clip_grad_norm_ before step(), StepLR / ExponentialLR /
# MultiStepLR with get_last_lr(), two schedulers chained, and SGD with momentum and nesterov.
# https://pytorch.org/docs/stable/optim.html
import torch
from torch import nn, optim
from torch.optim.lr_scheduler import ExponentialLR, MultiStepLR, StepLR

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.base = nn.Linear(3, 4)
        self.classifier = nn.Linear(4, 2)

    def forward(self, x):
        return self.classifier(torch.relu(self.base(x)))


model = Net()
X = torch.randn(8, 3)
y = torch.randint(0, 2, (8,))
loss_fn = nn.CrossEntropyLoss()

optimizer = optim.SGD([
    {'params': model.base.parameters(), 'lr': 1e-2},
    {'params': model.classifier.parameters()}
], lr=1e-3, momentum=0.9)
print(len(optimizer.param_groups))
for group in optimizer.param_groups:
    print(group['lr'], group['momentum'], len(group['params']))

for input, target in [(X, y)] * 3:
    optimizer.zero_grad()
    output = model(input)
    loss = loss_fn(output, target)
    loss.backward()
    total_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5)
    optimizer.step()
    print(f"loss {loss.item():.6f}, gradient norm {total_norm:.6f}")

optimizer.zero_grad(set_to_none=True)
print(model.base.weight.grad)
optimizer.zero_grad()

extra = torch.zeros(2, requires_grad=True)
optimizer.add_param_group({'params': extra, 'lr': 0.5})
print([g['lr'] for g in optimizer.param_groups], optimizer.param_groups[2]['momentum'])

model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
scheduler = StepLR(optimizer, step_size=3, gamma=0.1)
for epoch in range(7):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(epoch, scheduler.get_last_lr(), round(loss.item(), 6))

optimizer = optim.SGD(model.parameters(), lr=0.01)
scheduler1 = ExponentialLR(optimizer, gamma=0.9)
scheduler2 = MultiStepLR(optimizer, milestones=[3, 5], gamma=0.1)

for epoch in range(6):
    optimizer.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
    scheduler1.step()
    scheduler2.step()
    print(epoch, optimizer.param_groups[0]['lr'], scheduler2.get_last_lr())

print(scheduler1.state_dict())
for p in model.parameters():
    p.grad = None
print(optimizer.state_dict()['param_groups'][0]['lr'])
