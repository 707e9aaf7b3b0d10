"""Twelve more programs a learner might type, none of them in the catalogue or in
learner_programs.py: a 3-layer MLP with cross-entropy, an RNN cell unrolled 5 steps, scaled
dot-product attention, a tiny conv2d net, an L2 penalty over all parameters, a custom Function
applied twice, a hook on an intermediate, x reused in many places, detach and no_grad cuts,
stack and cat of many tensors, indexing and slicing chains, two residual blocks. OUTPUTS: what
PyTorch 2.13 prints for each (recorded with real torch).
"""

PROGRAMS = {
    "mlp3": """\
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(6, 5)
y = torch.tensor([0, 1, 2, 1, 0, 2])
l1 = nn.Linear(5, 8)
l2 = nn.Linear(8, 8)
l3 = nn.Linear(8, 3)
h1 = F.relu(l1(x))
h2 = F.relu(l2(h1))
logits = l3(h2)
loss = F.cross_entropy(logits, y)
loss.backward()
print(loss)
""",
    "rnn5": """\
import torch

torch.manual_seed(3)
Wx = torch.randn(2, 4, requires_grad=True)
Wh = torch.randn(4, 4, requires_grad=True)
xs = torch.randn(5, 2)
h = torch.zeros(4)
for t in range(5):
    h = torch.tanh(xs[t] @ Wx + h @ Wh)
loss = h.sum()
loss.backward()
print(Wh.grad.sum())
""",
    "sdpa": """\
import torch
import torch.nn.functional as F

torch.manual_seed(4)
X = torch.randn(3, 4)
Wq = torch.randn(4, 4, requires_grad=True)
Wk = torch.randn(4, 4, requires_grad=True)
Wv = torch.randn(4, 4, requires_grad=True)
Q, K, V = X @ Wq, X @ Wk, X @ Wv
att = F.softmax(Q @ K.transpose(0, 1) / 2.0, dim=-1)
out = att @ V
loss = out.pow(2).mean()
loss.backward()
print(loss)
""",
    "conv": """\
import torch
import torch.nn as nn

torch.manual_seed(5)
img = torch.randn(1, 1, 6, 6)
conv = nn.Conv2d(1, 2, kernel_size=3)
fc = nn.Linear(2 * 4 * 4, 1)
feat = torch.relu(conv(img))
out = fc(feat.flatten(1))
loss = (out - 1.0).pow(2).sum()
loss.backward()
print(loss)
""",
    "l2": """\
import torch
import torch.nn as nn

torch.manual_seed(6)
model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
x = torch.randn(5, 3)
y = torch.randn(5, 1)
mse = ((model(x) - y) ** 2).mean()
penalty = sum(p.pow(2).sum() for p in model.parameters())
loss = mse + 0.01 * penalty
loss.backward()
print(loss)
""",
    "custom-twice": """\
import torch

class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x ** 2 * grad

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = Cube.apply(a)
c = Cube.apply(b + 1)
loss = c.sum()
loss.backward()
print(a.grad)
""",
    "hook": """\
import torch

x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
w = torch.tensor([0.5, 0.5, 0.5], requires_grad=True)
h = x * w
h.register_hook(lambda g: g * 2)
y = torch.sigmoid(h)
z = (y * h).sum()
z.backward()
print(x.grad, w.grad)
""",
    "reuse": """\
import torch

x = torch.tensor(0.7, requires_grad=True)
y = x * x + x.sin() * x.exp()
y.backward()
print(x.grad)
""",
    "cuts": """\
import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor(0.5, requires_grad=True)
pred = w * 3 + b
target = pred.detach() * 0.9
with torch.no_grad():
    scale = w.norm()
loss = ((pred - target) ** 2).sum() / scale
loss.backward()
print(w.grad, b.grad)
""",
    "stack-cat": """\
import torch

ws = [torch.tensor([float(i)], requires_grad=True) for i in range(6)]
parts = [w * (i + 1) for i, w in enumerate(ws)]
stacked = torch.stack(parts)
joined = torch.cat([stacked.flatten(), torch.cat(ws)])
loss = joined.pow(2).sum()
loss.backward()
print(ws[3].grad)
""",
    "slicing": """\
import torch

m = torch.arange(12.0).reshape(3, 4).requires_grad_()
row = m[1]
col = m[:, 2]
corner = m[:2, :2]
tail = row[1:][::2]
total = row.sum() + col.prod() + corner.mean() + tail.max()
total.backward()
print(m.grad)
""",
    "residual": """\
import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin1 = nn.Linear(d, d)
        self.lin2 = nn.Linear(d, d)

    def forward(self, x):
        return x + self.lin2(torch.relu(self.lin1(x)))

torch.manual_seed(7)
block1, block2 = Block(3), Block(3)
x = torch.randn(2, 3)
out = block2(block1(x))
loss = out.sum()
loss.backward()
print(loss)
""",
}

OUTPUTS = {
    "mlp3": "tensor(1.1513, grad_fn=<NllLossBackward0>)\n",
    "rnn5": "tensor(-3.3673)\n",
    "sdpa": "tensor(14.7658, grad_fn=<MeanBackward0>)\n",
    "conv": "tensor(0.6341, grad_fn=<SumBackward0>)\n",
    "l2": "tensor(1.5069, grad_fn=<AddBackward0>)\n",
    "custom-twice": "tensor([  36., 2916.])\n",
    "hook": "tensor([0.7400, 0.0723, 1.0413]) tensor([ 1.4799, -0.2893,  6.2478])\n",
    "reuse": "tensor(4.2375)\n",
    "cuts": "tensor([0.9391, 1.7441]) tensor(0.8944)\n",
    "stack-cat": "tensor([102.])\n",
    "slicing": (
        "tensor([[ 0.2500,  0.2500, 60.0000,  0.0000],\n"
        "        [ 1.2500,  1.2500, 21.0000,  2.0000],\n"
        "        [ 0.0000,  0.0000, 12.0000,  0.0000]])\n"
    ),
    "residual": "tensor(3.7628, grad_fn=<SumBackward0>)\n",
}
