# Forum classics about parameters: freeze layers by name with named_parameters() and
# requires_grad_(False), give the optimizer only the trainable ones with filter(lambda ...),
# count them, and flatten every parameter or gradient into one vector with
# torch.nn.utils.parameters_to_vector / vector_to_parameters (to copy weights or to look at the
# gradient's norm).
import torch
import torch.nn as nn
from torch.nn.utils import parameters_to_vector, vector_to_parameters


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.fc2 = nn.Linear(4, 4)
        self.head = nn.Linear(4, 1)

    def forward(self, x):
        return self.head(torch.relu(self.fc2(torch.relu(self.fc1(x)))))


torch.manual_seed(1)
model = Net()
for name, param in model.named_parameters():
    if name.startswith("fc"):
        param.requires_grad_(False)
for name, param in model.named_parameters():
    print(name, tuple(param.shape), param.requires_grad)

trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
total = sum(p.numel() for p in model.parameters())
print(f"trainable params: {trainable} / {total}")

optimizer = torch.optim.SGD(filter(lambda p: p.requires_grad, model.parameters()), lr=0.1)
print(len(optimizer.param_groups[0]["params"]))

x = torch.randn(8, 3)
y = torch.randn(8, 1)
before = parameters_to_vector(model.parameters()).clone()
loss = nn.MSELoss()(model(x), y)
loss.backward()
print([n for n, p in model.named_parameters() if p.grad is not None])
optimizer.step()
after = parameters_to_vector(model.parameters())
print(before.shape, (after != before).sum().item())

grads = parameters_to_vector([p.grad for p in model.parameters() if p.grad is not None])
print(grads.shape, grads.norm())

# copy one model's weights into another through a flat vector
twin = Net()
vector_to_parameters(parameters_to_vector(model.parameters()), twin.parameters())
print(torch.equal(twin(x), model(x)))
print(parameters_to_vector(twin.parameters())[:5])
