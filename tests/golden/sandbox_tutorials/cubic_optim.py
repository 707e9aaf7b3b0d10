# "Learning PyTorch with Examples": optim (full size)
import math

import torch

x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)
model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.1, -0.1, 0.05]]))
    model[0].bias.fill_(0.0)
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
for t in range(2000):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, f"{loss.item():.0f}")  # (RMSprop wobbles near the minimum: whole numbers)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
b, w1, w2, w3 = [round(v, 2) + 0.0 for v in [linear_layer.bias.item(), *linear_layer.weight[0].tolist()]]
print(f'Result: y = {b} + {w1} x + {w2} x^2 + {w3} x^3')
