# PyTorch recipe "What is a state_dict in PyTorch": print each layer's tensor sizes from
# model.state_dict(), and the optimizer's state_dict() before and after a step.
# https://pytorch.org/tutorials/recipes/recipes/what_is_state_dict.html
# (torch.save/torch.load to a file are replaced by load_state_dict of the dicts themselves;
# the tutorial's CIFAR network keeps its layers, without a dataset.)
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


torch.manual_seed(0)
net = Net()
print(net)

optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# Print model's state_dict
print("Model's state_dict:")
for param_tensor in net.state_dict():
    print(param_tensor, "\t", net.state_dict()[param_tensor].size())

print()

# Print optimizer's state_dict
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name, "\t", optimizer.state_dict()[var_name])

x = torch.randn(2, 3, 32, 32)
loss = F.cross_entropy(net(x), torch.tensor([1, 7]))
loss.backward()
optimizer.step()
state = optimizer.state_dict()
print(list(state['state'].keys()), state['state'][0]['momentum_buffer'].shape)

model = Net()
print(model.load_state_dict(net.state_dict()))
model.eval()
print(torch.equal(model(x), net(x)))
optimizer2 = optim.SGD(model.parameters(), lr=0.5)
optimizer2.load_state_dict(state)
print(optimizer2.param_groups[0]['lr'])
