"""Twelve programs a learner might paste that no example or tutorial test draws: an MLP with
cross-entropy, an unrolled RNN, attention, broadcasting, detach/no_grad/in-place mixed, higher
order, a custom Function in a Module, a 40-term polynomial, long names, a 6-layer Sequential, a
loop whose iterations differ, a 25-step scalar loop. OUTPUTS: what PyTorch 2 prints for each
(recorded with real torch).
"""

PROGRAMS = {
    "mlp-ce": """\
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(8, 4)
target = torch.tensor([0, 2, 1, 1, 0, 2, 2, 1])

fc1 = nn.Linear(4, 16)
fc2 = nn.Linear(16, 3)

hidden = F.relu(fc1(x))
logits = fc2(hidden)
loss = F.cross_entropy(logits, target)
loss.backward()
print(loss)
print(fc2.bias.grad)
""",
    "rnn": """\
import torch

torch.manual_seed(1)
W_xh = torch.randn(3, 5, requires_grad=True)
W_hh = torch.randn(5, 5, requires_grad=True)
b_h = torch.zeros(5, requires_grad=True)
inputs = torch.randn(6, 3)

h = torch.zeros(5)
for t in range(6):
    h = torch.tanh(inputs[t] @ W_xh + h @ W_hh + b_h)

loss = h.pow(2).sum()
loss.backward()
print(loss)
print(W_hh.grad.norm())
""",
    "attention": """\
import torch

torch.manual_seed(2)
d = 4
q = torch.randn(3, d, requires_grad=True)
k = torch.randn(3, d, requires_grad=True)
v = torch.randn(3, d, requires_grad=True)

scores = q @ k.T / d**0.5
weights = torch.softmax(scores, dim=-1)
out = weights @ v
out.sum().backward()
print(weights)
print(q.grad)
""",
    "broadcast": """\
import torch

a = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)   # 3x1
b = torch.tensor([10.0, 20.0, 30.0, 40.0], requires_grad=True)  # 4
c = torch.tensor(0.5, requires_grad=True)                      # scalar

grid = a * b + c          # 3x4 by broadcasting
scaled = grid / b.sum()   # divide every entry by one number
total = (scaled - a).mean()
total.backward()
print(a.grad, b.grad, c.grad)
""",
    "detach-mixed": """\
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)

y = x * w
baseline = y.detach().mean()
with torch.no_grad():
    scale = w.abs().max()

z = y - baseline
z = z * 2
z.add_(1.0)
z.mul_(scale)
loss = z.sum()
loss.backward()
print(x.grad, w.grad)
""",
    "higher-order": """\
import torch

x = torch.tensor(1.5, requires_grad=True)
y = x**3 * torch.sin(x)

(dy_dx,) = torch.autograd.grad(y, x, create_graph=True)
(d2y_dx2,) = torch.autograd.grad(dy_dx, x, create_graph=True)
penalty = dy_dx**2 + d2y_dx2
penalty.backward()
print(dy_dx, d2y_dx2, x.grad)
""",
    "custom-fn-module": """\
import torch
import torch.nn as nn


class ClampedSquare(torch.autograd.Function):
    @staticmethod
    def forward(ctx, inp):
        ctx.save_for_backward(inp)
        return inp.clamp(min=0) ** 2

    @staticmethod
    def backward(ctx, grad_output):
        (inp,) = ctx.saved_tensors
        return grad_output * 2 * inp.clamp(min=0)


class SquareNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 2)

    def forward(self, x):
        return ClampedSquare.apply(self.proj(x))


torch.manual_seed(3)
net = SquareNet()
x = torch.randn(4, 3)
out = net(x).sum()
out.backward()
print(out)
print(net.proj.weight.grad)
""",
    "big-poly": """\
import torch

x = torch.tensor(0.3, requires_grad=True)
coefficients = [((-1) ** n) / (n + 1) for n in range(40)]

p = torch.tensor(0.0)
for n, c in enumerate(coefficients):
    p = p + c * x ** n

p.backward()
print(p, x.grad)
""",
    "long-names": """\
import torch

learning_rate_schedule_factor = torch.tensor(0.9, requires_grad=True)
initial_hidden_state_vector = torch.tensor([0.1, 0.2, 0.3], requires_grad=True)
attention_temperature_parameter = torch.tensor(2.0, requires_grad=True)
positional_encoding_offset_bias = torch.tensor([1.0, -1.0, 0.5], requires_grad=True)
regularisation_strength_lambda = torch.tensor(0.01, requires_grad=True)

scaled_hidden_representation = initial_hidden_state_vector * learning_rate_schedule_factor
shifted_representation_with_bias = scaled_hidden_representation + positional_encoding_offset_bias
temperature_scaled_logits = shifted_representation_with_bias / attention_temperature_parameter
regularisation_penalty_term = regularisation_strength_lambda * initial_hidden_state_vector.pow(2).sum()
final_objective_value = temperature_scaled_logits.exp().sum() + regularisation_penalty_term
final_objective_value.backward()
print(final_objective_value)
""",
    "sequential6": """\
import torch
import torch.nn as nn

torch.manual_seed(4)
model = nn.Sequential(
    nn.Linear(5, 8),
    nn.ReLU(),
    nn.Linear(8, 8),
    nn.Tanh(),
    nn.Linear(8, 2),
    nn.Sigmoid(),
)
x = torch.randn(10, 5)
y = torch.rand(10, 2)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
print(loss)
print(model[4].bias.grad)
""",
    "control-flow": """\
import torch

w = torch.tensor(2.0, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=0.1)

for step in range(4):
    optimizer.zero_grad()
    if step % 2 == 0:
        loss = (w - 3) ** 2
    else:
        loss = torch.abs(w * w - 1) + torch.exp(-w)
    loss.backward()
    optimizer.step()
    print(step, loss.item(), w.item())
""",
    "scalar-loop": """\
import torch

a = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(1.5, requires_grad=True)
s = a * 0
for i in range(25):
    s = s + torch.sin(a * i) * b - a / (i + 1)
s.backward()
print(s, a.grad, b.grad)
""",
}

OUTPUTS = {
    "mlp-ce": "tensor(1.1366, grad_fn=<NllLossBackward0>)\ntensor([ 0.0693,  0.0415, -0.1108])\n",
    "rnn": "tensor(2.1812, grad_fn=<SumBackward0>)\ntensor(10.1712)\n",
    "attention": "tensor([[0.2735, 0.2661, 0.4604],\n        [0.1810, 0.4272, 0.3918],\n        [0.3853, 0.2014, 0.4133]], grad_fn=<SoftmaxBackward0>)\ntensor([[ 0.1895,  0.4787, -0.1613,  0.3685],\n        [ 0.3345,  0.5955, -0.1709,  0.4384],\n        [ 0.1013,  0.3822, -0.1438,  0.3043]])\n",
    "broadcast": "tensor([[-0.2500],\n        [-0.2500],\n        [-0.2500]]) tensor([-5.0001e-05, -5.0001e-05, -5.0001e-05, -5.0001e-05]) tensor(0.0100)\n",
    "detach-mixed": "tensor([ 2., -4.,  8.]) tensor([ 4.,  8., 12.])\n",
    "higher-order": "tensor(6.9718, grad_fn=<AddBackward0>) tensor(6.5659, grad_fn=<AddBackward0>) tensor(79.0090)\n",
    "custom-fn-module": "tensor(0.8996, grad_fn=<SumBackward0>)\ntensor([[ 0.3738, -2.6858,  0.8459],\n        [ 0.5109,  0.7444, -0.6185]])\n",
    "big-poly": "tensor(0.8745, grad_fn=<AddBackward0>) tensor(-0.3511)\n",
    "long-names": "tensor(3.8593, grad_fn=<AddBackward0>)\n",
    "sequential6": "tensor(0.0878, grad_fn=<MseLossBackward0>)\ntensor([ 0.0206, -0.0074])\n",
    "control-flow": "0 1.0 2.200000047683716\n1 3.950803279876709 1.7710803747177124\n2 1.5102434158325195 2.01686429977417\n3 3.2008135318756104 1.6267986297607422\n",
    "scalar-loop": "tensor(-1.8518, grad_fn=<SubBackward0>) tensor(-27.4082) tensor(0.0375)\n",
}
