"""Tutorial programs whose printed output autograd_core must reproduce (issue 15's corpus).

Taken from PyTorch's own tutorials and docs ("Learning PyTorch with Examples", "Extending
PyTorch", "Autograd mechanics", the hook, grad-mode and torch.nn.utils docstrings) and written
the way those teach, each is plain PyTorch run with `import torch`. The older programs set
their starting weights to fixed values (written when our random numbers were not yet PyTorch's);
the newer ones (the 60-minute blitz's network, d2l's seeded regression) seed and draw them as the
tutorials do, so they also check that the random numbers are PyTorch's.

Shared by record_tutorials.py (runs them with PyTorch, stores the output in tutorials.json) and
tests/engine/test_tutorial_programs.py (runs them with autograd_core in place of torch).

Most must match character for character. CLOSE lists the ones that print a full-precision sum
over many float32 numbers (`loss.item()` of a 2000-point fit): PyTorch adds them in its own
blocked order, NumPy in another, so the last one or two of the 8-9 significant digits can
differ. For those, everything but the numbers must match exactly and each number must agree to
the stated tolerance; the reason is recorded next to it.
"""

from __future__ import annotations

_FIT_DATA = """
import math
import torch

dtype = torch.float
device = "cuda" if torch.cuda.is_available() else "cpu"
torch.set_default_device(device)

x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)
"""

_LINEAR_WEIGHTS = """
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.1, -0.2, 0.3]]))
    model[0].bias.copy_(torch.tensor([0.05]))
"""

_BLITZ_NETWORK = """
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        # 1 input image channel, 6 output channels, 5x5 square convolution
        # kernel
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # an affine operation: y = Wx + b
        self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5*5 from image dimension
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        # Convolution layer C1: 1 input image channel, 6 output channels,
        # 5x5 square convolution, it uses RELU activation function, and
        # outputs a Tensor with size (N, 6, 28, 28), where N is the size of the batch
        c1 = F.relu(self.conv1(input))
        # Subsampling layer S2: 2x2 grid, purely functional,
        # this layer does not have any parameter, and outputs a (N, 6, 14, 14) Tensor
        s2 = F.max_pool2d(c1, (2, 2))
        # Convolution layer C3: 6 input channels, 16 output channels,
        # 5x5 square convolution, it uses RELU activation function, and
        # outputs a (N, 16, 10, 10) Tensor
        c3 = F.relu(self.conv2(s2))
        # Subsampling layer S4: 2x2 grid, purely functional,
        # this layer does not have any parameter, and outputs a (N, 16, 5, 5) Tensor
        s4 = F.max_pool2d(c3, 2)
        # Flatten operation: purely functional, outputs a (N, 400) Tensor
        s4 = torch.flatten(s4, 1)
        # Fully connected layer F5: (N, 400) Tensor input,
        # and outputs a (N, 120) Tensor, it uses RELU activation function
        f5 = F.relu(self.fc1(s4))
        # Fully connected layer F6: (N, 120) Tensor input,
        # and outputs a (N, 84) Tensor, it uses RELU activation function
        f6 = F.relu(self.fc2(f5))
        # Gaussian layer OUTPUT: (N, 84) Tensor input, and
        # outputs a (N, 10) Tensor
        output = self.fc3(f6)
        return output


torch.manual_seed(0)
net = Net()
print(net)

params = list(net.parameters())
print(len(params))
print(params[0].size())  # conv1's .weight

input = torch.randn(1, 1, 32, 32)
out = net(input)
print(out)

net.zero_grad()
out.backward(torch.randn(1, 10))

output = net(input)
target = torch.randn(10)  # a dummy target, for example
target = target.view(1, -1)  # make it the same shape as output
criterion = nn.MSELoss()

loss = criterion(output, target)
print(loss)

print(loss.grad_fn)  # MSELoss
print(loss.grad_fn.next_functions[0][0])  # Linear
print(loss.grad_fn.next_functions[0][0].next_functions[0][0])  # ReLU

net.zero_grad()     # zeroes the gradient buffers of all parameters

print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)

loss.backward()

print('conv1.bias.grad after backward')
print(net.conv1.bias.grad)

import torch.optim as optim

# create your optimizer
optimizer = optim.SGD(net.parameters(), lr=0.01)

# in your training loop:
optimizer.zero_grad()   # zero the gradient buffers
output = net(input)
loss = criterion(output, target)
loss.backward()
optimizer.step()    # Does the update
print(loss, net(input)[0, :3])
print(net.conv2.weight.grad[0, 0])
"""

_CONVOLUTION_GRADIENTS = """
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(3)
x = torch.randn(2, 3, 7, 6, requires_grad=True)
for layer in (
    nn.Conv2d(3, 4, 3),
    nn.Conv2d(3, 2, (3, 2), stride=2, padding=1, bias=False),
    nn.Conv2d(3, 2, 3, padding=2, dilation=2),
    nn.Conv2d(3, 2, 3, padding="same"),
):
    y = layer(x)
    print(layer, y.shape, y.grad_fn.name())
    (y * y).sum().backward()
    print(x.grad[1, 2, :2], layer.weight.grad[0, 0])
    x.grad = None
for pool in (nn.MaxPool2d(2), nn.MaxPool2d(3, stride=1, padding=1), nn.AvgPool2d(2),
             nn.AvgPool2d((3, 2), stride=(2, 1), padding=1)):
    y = pool(x)
    print(pool, y.shape, y.grad_fn.name())
    (y * torch.arange(y.numel()).reshape(y.shape)).sum().backward()
    print(x.grad[0, 1])
    x.grad = None
image = torch.randn(1, 5, 5, requires_grad=True)
y = F.conv2d(image, torch.randn(2, 1, 3, 3))
print(y.shape, y.grad_fn.name(), F.max_pool2d(image, 2).shape)
cols = F.unfold(x, kernel_size=2, stride=2)
print(cols.shape, cols.grad_fn.name(), F.fold(cols, (7, 6), 2, stride=2).grad_fn.name())
w = torch.randn(2, 3, 3, 3, requires_grad=True)
g, = torch.autograd.grad(F.conv2d(x, w).pow(2).sum(), w, create_graph=True)
g.sum().backward()
print(w.grad[1, 0])
for bad in (
    lambda: F.conv2d(torch.randn(1, 3, 8, 8), torch.randn(6, 1, 5, 5)),
    lambda: F.conv2d(torch.randn(1, 1, 4, 4), torch.randn(6, 1, 5, 5)),
    lambda: F.conv2d(torch.randn(8, 8), torch.randn(6, 1, 5, 5)),
    lambda: F.max_pool2d(torch.randn(1, 1, 1, 1), 2),
    lambda: F.max_pool2d(torch.randn(1, 1, 4, 4), 2, padding=2),
):
    try:
        bad()
    except RuntimeError as e:
        print("RuntimeError:", e)
"""

_D2L_SEEDED_REGRESSION = """
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(42)
true_w, true_b = torch.tensor([2.0, -3.4]), 4.2
X = torch.normal(0, 1, (1000, 2))
y = X @ true_w + true_b + torch.normal(0, 0.01, (1000,))
y = y.reshape(-1, 1)
loader = DataLoader(TensorDataset(X, y), batch_size=10, shuffle=True)
net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
for epoch in range(3):
    for X_batch, y_batch in loader:
        l = loss(net(X_batch), y_batch)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    print(f"epoch {epoch + 1}, loss {loss(net(X), y):f}")
print(net[0].weight.data, net[0].bias.data)
"""

PROGRAMS: dict[str, str] = {
    "blitz_neural_networks": _BLITZ_NETWORK,
    "convolution_and_pooling": _CONVOLUTION_GRADIENTS,
    "d2l_seeded_regression": _D2L_SEEDED_REGRESSION,
    # --- "Learning PyTorch with Examples": y = sin(x) fitted by a cubic, 2000 steps -----------
    "fit_tensors_manual_gradients": _FIT_DATA
    + """
a = torch.tensor(0.1, device=device, dtype=dtype)
b = torch.tensor(-0.2, device=device, dtype=dtype)
c = torch.tensor(0.05, device=device, dtype=dtype)
d = torch.tensor(0.01, device=device, dtype=dtype)

learning_rate = 1e-6
for t in range(2000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum().item()
    if t % 100 == 99:
        print(t, loss)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
""",
    "fit_autograd": _FIT_DATA
    + """
a = torch.tensor(0.1, dtype=dtype, requires_grad=True)
b = torch.tensor(-0.2, dtype=dtype, requires_grad=True)
c = torch.tensor(0.05, dtype=dtype, requires_grad=True)
d = torch.tensor(0.01, dtype=dtype, requires_grad=True)

learning_rate = 1e-6
for t in range(2000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
""",
    "fit_custom_function_legendre": _FIT_DATA
    + """

class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


# (these four starting values are the tutorial's own)
a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)

learning_rate = 5e-6
for t in range(2000):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(y_pred.grad_fn.next_functions[1][0].next_functions[1][0])
print(f'Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)')
""",
    "fit_nn": _FIT_DATA
    + """
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
"""
    + _LINEAR_WEIGHTS
    + """
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-6
for t in range(2000):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

linear_layer = model[0]
print(model)
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
""",
    "fit_optim_rmsprop": _FIT_DATA
    + """
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
"""
    + _LINEAR_WEIGHTS
    + """
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
for t in range(2000):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
""",
    "fit_custom_module": _FIT_DATA
    + """

class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.tensor(0.1))
        self.b = torch.nn.Parameter(torch.tensor(-0.2))
        self.c = torch.nn.Parameter(torch.tensor(0.05))
        self.d = torch.nn.Parameter(torch.tensor(0.01))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        return f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + {self.d.item()} x^3'


model = Polynomial3()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
for t in range(2000):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 100 == 99:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f'Result: {model.string()}')
""",
    "fit_dynamic_net": _FIT_DATA
    + """
import random

random.seed(3)


class DynamicNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.tensor(0.1))
        self.b = torch.nn.Parameter(torch.tensor(-0.2))
        self.c = torch.nn.Parameter(torch.tensor(0.05))
        self.d = torch.nn.Parameter(torch.tensor(0.01))
        self.e = torch.nn.Parameter(torch.tensor(0.001))

    def forward(self, x):
        y = self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3
        for exp in range(4, random.randint(4, 6)):
            y = y + self.e * x ** exp
        return y

    def string(self):
        return f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + {self.d.item()} x^3 + {self.e.item()} x^4 ? + {self.e.item()} x^5 ?'


model = DynamicNet()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-8, momentum=0.9)
for t in range(3000):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 300 == 299:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f'Result: {model.string()}')
""",
    # --- "Extending PyTorch" -------------------------------------------------------------------
    "extending_linear_function": """
import torch
from torch.autograd import gradcheck


class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(input, weight, bias):
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def setup_context(ctx, inputs, output):
        input, weight, bias = inputs
        ctx.save_for_backward(input, weight, bias)

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


class Linear(torch.nn.Module):
    def __init__(self, input_features, output_features, bias=True):
        super().__init__()
        self.input_features = input_features
        self.output_features = output_features
        self.weight = torch.nn.Parameter(torch.empty(output_features, input_features))
        if bias:
            self.bias = torch.nn.Parameter(torch.empty(output_features))
        else:
            self.register_parameter('bias', None)
        with torch.no_grad():
            self.weight.copy_(torch.linspace(-0.5, 0.5, output_features * input_features).reshape(output_features, input_features))
            if self.bias is not None:
                self.bias.copy_(torch.linspace(0.1, 0.3, output_features))

    def forward(self, input):
        return LinearFunction.apply(input, self.weight, self.bias)

    def extra_repr(self):
        return 'input_features={}, output_features={}, bias={}'.format(
            self.input_features, self.output_features, self.bias is not None
        )


input = (torch.linspace(-1, 1, 20, dtype=torch.double).reshape(4, 5).requires_grad_(),
         torch.linspace(-2, 2, 15, dtype=torch.double).reshape(3, 5).requires_grad_(),
         torch.linspace(0, 1, 3, dtype=torch.double).requires_grad_())
test = gradcheck(LinearFunction.apply, input, eps=1e-6, atol=1e-4)
print(test)

layer = Linear(5, 3)
print(layer)
x = torch.linspace(-1, 1.5, 10).reshape(2, 5)
out = layer(x)
print(out)
out.pow(2).sum().backward()
print(layer.weight.grad)
print(layer.bias.grad)
print(out.grad_fn.next_functions)
""",
    "extending_mul_constant": """
import torch


class MulConstant(torch.autograd.Function):
    @staticmethod
    def forward(tensor, constant):
        return tensor * constant

    @staticmethod
    def setup_context(ctx, inputs, output):
        tensor, constant = inputs
        ctx.constant = constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = MulConstant.apply(x, 5.5)
print(y)
y.sum().backward()
print(x.grad)
print(y.grad_fn, type(y.grad_fn).__name__)
print(y.grad_fn.needs_input_grad)
z = MulConstant.apply(torch.ones(2), 3)
print(z, z.requires_grad)
with torch.no_grad():
    print(MulConstant.apply(x, 2.0))
""",
    "extending_exp_double_backward": """
import torch


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result


x = torch.tensor([0.5, 1.0, 1.5], requires_grad=True)
y = Exp.apply(x)
print(y)
saved, = y.grad_fn.saved_tensors
print(saved, saved is y)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(g)
g2, = torch.autograd.grad(g.sum(), x)
print(g2)
xd = torch.tensor([0.3, -0.7], dtype=torch.double, requires_grad=True)
print(torch.autograd.gradcheck(Exp.apply, (xd,)))
print(torch.autograd.gradgradcheck(Exp.apply, (xd,)))
y = Exp.apply(x)
y.sum().backward()
try:
    y.grad_fn.saved_tensors
except RuntimeError as e:
    print(e)
""",
    "extending_non_differentiable_outputs": """
import torch


class SortWithIndices(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        idx = torch.tensor(sorted(range(len(x)), key=lambda i: x[i].item()))
        sorted_values = x[idx]
        ctx.mark_non_differentiable(idx)
        ctx.save_for_backward(idx)
        return sorted_values, idx

    @staticmethod
    def backward(ctx, g1, g2):
        print("g2 materialised:", g2)
        idx, = ctx.saved_tensors
        grad_input = torch.zeros_like(g1)
        grad_input[idx] = g1
        return grad_input


x = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
values, idx = SortWithIndices.apply(x)
print(values, idx, idx.requires_grad)
(values * torch.tensor([1.0, 10.0, 100.0])).sum().backward()
print(x.grad)


class SimpleFunc(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.set_materialize_grads(False)
        ctx.save_for_backward(x)
        return x.clone(), x.clone()

    @staticmethod
    def backward(ctx, g1, g2):
        x, = ctx.saved_tensors
        print("got", g1, g2)
        grad_input = torch.zeros_like(x)
        if g1 is not None:
            grad_input += g1
        if g2 is not None:
            grad_input += g2
        return grad_input


a = torch.tensor(2.0, requires_grad=True)
out1, out2 = SimpleFunc.apply(a)
out1.backward()
print(a.grad)
""",
    "extending_once_differentiable_and_errors": """
import torch
from torch.autograd.function import once_differentiable


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        return grad_output * 3 * x ** 2


x = torch.tensor(2.0, requires_grad=True)
g, = torch.autograd.grad(Cube.apply(x) * x, x, create_graph=True)
print(g)
try:
    g.backward()
except RuntimeError as e:
    print(e)


class TooMany(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g, g


try:
    TooMany.apply(x).backward()
except RuntimeError as e:
    print(e)


class WrongShape(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return torch.ones(3)


try:
    WrongShape.apply(torch.ones(2, requires_grad=True)).sum().backward()
except RuntimeError as e:
    print(e)


class NoBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2


try:
    NoBackward.apply(x).backward()
except NotImplementedError as e:
    print(e)
""",
    # --- hooks ------------------------------------------------------------------------------
    "hooks_forward_activations": """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 3)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(3, 1)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


net = Net()
with torch.no_grad():
    net.fc1.weight.copy_(torch.tensor([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]))
    net.fc1.bias.copy_(torch.tensor([0.01, -0.02, 0.03]))
    net.fc2.weight.copy_(torch.tensor([[0.7, -0.8, 0.9]]))
    net.fc2.bias.copy_(torch.tensor([0.05]))

activation = {}


def get_activation(name):
    def hook(model, input, output):
        activation[name] = output.detach()
    return hook


handles = []
for name, module in net.named_modules():
    if name:
        handles.append(module.register_forward_hook(get_activation(name)))

x = torch.tensor([[1.0, 2.0], [-1.0, 0.5], [0.0, -2.0]])
output = net(x)
print(output)
for name, value in activation.items():
    print(name, value)
print(handles[0])
for h in handles:
    h.remove()
activation.clear()
net(x)
print(activation, net.fc1._forward_hooks)
""",
    "hooks_pre_hooks_and_replacing": """
import torch
import torch.nn as nn

layer = nn.Linear(2, 2)
with torch.no_grad():
    layer.weight.copy_(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    layer.bias.zero_()


def double_input(module, args):
    print("pre-hook saw", args)
    return args[0] * 2


def clamp_output(module, args, output):
    return output.clamp(max=5.0)


h1 = layer.register_forward_pre_hook(double_input)
h2 = layer.register_forward_hook(clamp_output)
x = torch.tensor([[1.0, 1.0]])
print(layer(x))
h1.remove()
print(layer(x))
h2.remove()
print(layer(x))


def with_kwargs(module, args, kwargs):
    print("kwargs:", kwargs)
    return (args[0] + 1,), kwargs


with layer.register_forward_pre_hook(with_kwargs, with_kwargs=True):
    print(layer(x))
print(layer(x))
order = []
layer.register_forward_hook(lambda *args: order.append("registered first"))
layer.register_forward_hook(lambda *args: order.append("prepended"), prepend=True)
layer(x)
print(order)
""",
    "hooks_full_backward": """
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]))
    model[0].bias.copy_(torch.tensor([0.01, -0.02, 0.03]))
    model[2].weight.copy_(torch.tensor([[0.7, -0.8, 0.9]]))
    model[2].bias.copy_(torch.tensor([0.05]))


def print_grads(module, grad_input, grad_output):
    print(type(module).__name__, "grad_input:", grad_input)
    print(type(module).__name__, "grad_output:", grad_output)


def print_pre(module, grad_output):
    print("pre-hook on", type(module).__name__, grad_output)


model[0].register_full_backward_hook(print_grads)
model[2].register_full_backward_pre_hook(print_pre)
x = torch.tensor([[1.0, 2.0], [-1.0, 0.5]], requires_grad=True)
out = model(x)
print(out)
out.sum().backward()
print(x.grad)
print(model[0].weight.grad)

scaled = nn.Linear(2, 1)
with torch.no_grad():
    scaled.weight.fill_(0.5)
    scaled.bias.fill_(0.1)
scaled.register_full_backward_hook(lambda m, gi, go: (gi[0] * 10,))
x = torch.tensor([[1.0, 1.0]], requires_grad=True)
scaled(x).sum().backward()
print(x.grad, scaled.weight.grad)

frozen = nn.Linear(2, 1)
frozen.register_full_backward_hook(lambda m, gi, go: print("no input requires grad:", gi))
frozen(torch.ones(1, 2)).sum().backward()
""",
    "hooks_tensor_and_node": """
import torch

v = torch.tensor([0., 0., 0.], requires_grad=True)
h = v.register_hook(lambda grad: grad * 2)
v.backward(torch.tensor([1., 2., 3.]))
print(v.grad)
h.remove()

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
y.retain_grad()
z = (y ** 2).sum()
y.register_hook(lambda g: print("hook sees", g))
z.backward()
print(y.grad, x.grad)

a = torch.tensor([1.0, 2.0], requires_grad=True)
b = a.exp()
b.grad_fn.register_prehook(lambda grad_outputs: print("prehook", grad_outputs))
b.grad_fn.register_hook(lambda grad_inputs, grad_outputs: print("hook", grad_inputs, grad_outputs))
b.sum().backward()
""",
    # --- gradient clipping and nn.utils ------------------------------------------------------
    "clip_grad_norm_training_loop": """
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))
with torch.no_grad():
    model[0].weight.copy_(torch.tensor([[0.5, -1.0], [1.5, 0.2], [-0.7, 0.9], [0.3, 0.3]]))
    model[0].bias.copy_(torch.tensor([0.1, -0.1, 0.2, 0.0]))
    model[2].weight.copy_(torch.tensor([[1.0, -2.0, 0.5, 1.5]]))
    model[2].bias.copy_(torch.tensor([0.3]))

X = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [-1.0, 2.0]])
Y = torch.tensor([[1.0], [-1.0], [0.5], [2.0]])
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for step in range(8):
    optimizer.zero_grad()
    loss = loss_fn(model(X), Y)
    loss.backward()
    total_norm = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    clipped = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters()))
    print(step, f"{loss.item():.4f}", total_norm, f"{clipped.item():.4f}")
    optimizer.step()
print(model[2].weight)
""",
    "clip_grad_value_and_vectors": """
import torch
from torch.nn.utils import clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters

w = torch.nn.Parameter(torch.tensor([3.0, 4.0]))
b = torch.nn.Parameter(torch.tensor([12.0]))
w.grad = torch.tensor([3.0, 4.0])
b.grad = torch.tensor([12.0])
print(clip_grad_norm_([w, b], max_norm=1.0), w.grad, b.grad)
w.grad = torch.tensor([3.0, -4.0])
print(clip_grad_norm_(w, 1.0, norm_type=float('inf')), w.grad)
w.grad = torch.tensor([3.0, -4.0])
clip_grad_value_(w, clip_value=2.5)
print(w.grad)
w.grad = torch.tensor([float('nan'), 1.0])
try:
    clip_grad_norm_(w, 1.0, error_if_nonfinite=True)
except RuntimeError as e:
    print(e)

model = torch.nn.Linear(2, 2)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[1., 2.], [3., 4.]]))
    model.bias.copy_(torch.tensor([5., 6.]))
vec = parameters_to_vector(model.parameters())
print(vec)
vector_to_parameters(vec * 2, model.parameters())
print(model.weight, model.bias)
""",
    # --- torch.utils.data ---------------------------------------------------------------------
    "dataloader_training_loop": """
import torch
from torch.utils.data import DataLoader, TensorDataset

X = torch.linspace(-1, 1, 10).unsqueeze(1)
Y = 3 * X + 0.5
dataset = TensorDataset(X, Y)
loader = DataLoader(dataset, batch_size=4)
print(len(dataset), len(loader))
print(dataset[0])

model = torch.nn.Linear(1, 1)
with torch.no_grad():
    model.weight.fill_(0.0)
    model.bias.fill_(0.0)
optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
loss_fn = torch.nn.MSELoss()
for epoch in range(5):
    total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(xb)
    print(f"epoch {epoch}: loss {total / len(dataset):.5f}")
print(model.weight, model.bias)
for xb, yb in DataLoader(dataset, batch_size=4, drop_last=True):
    print(xb.shape, yb.shape)
""",
    "dataloader_shuffle_and_split": """
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

torch.manual_seed(0)
dataset = TensorDataset(torch.arange(20.0).unsqueeze(1), torch.arange(20))
loader = DataLoader(dataset, batch_size=6, shuffle=True)
print(len(loader))
for epoch in range(2):
    seen = []
    for xb, yb in loader:
        print(xb.shape, yb.dtype)
        seen.extend(yb.tolist())
    print(sorted(seen) == list(range(20)), len(seen))
print(len(DataLoader(dataset, batch_size=6, shuffle=True, drop_last=True)))
train, test = random_split(dataset, [0.8, 0.2])
print(type(train).__name__, len(train), len(test))
parts = random_split(range(10), [0.33, 0.33, 0.34], generator=torch.Generator().manual_seed(42))
print([len(p) for p in parts], sorted(i for p in parts for i in p))
try:
    random_split(range(10), [3, 6])
except ValueError as e:
    print(e)
""",
    "dataset_subclass_and_collate": """
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset
from torch.utils.data import default_collate


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        return {"x": torch.tensor([float(idx)]), "y": idx * idx, "name": f"item{idx}"}


loader = DataLoader(Squares(5), batch_size=2)
for batch in loader:
    print(batch)
print(default_collate([(1, 2.0), (3, 4.0)]))
print(default_collate([np.array([1.0, 2.0]), np.array([3.0, 4.0])]))
print(default_collate([True, False]))
print(next(iter(DataLoader([[1, 2], [3, 4]], batch_size=2))))
try:
    default_collate([torch.ones(2), torch.zeros(3)])
except RuntimeError as e:
    print(e)
try:
    DataLoader(Squares(5), batch_size=0)
except ValueError as e:
    print(e)
""",
    # --- inference_mode -----------------------------------------------------------------------
    "inference_mode_tensors": """
import torch

x = torch.ones(1, 2, 3, requires_grad=True)
with torch.inference_mode():
    y = x * x
print(y.requires_grad, y.is_inference(), x.is_inference())
print(torch.is_inference_mode_enabled())

with torch.inference_mode():
    a = torch.ones(2)
    a.add_(1)
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
print(a)
try:
    a.add_(1)
except RuntimeError as e:
    print(e)
print(a)
try:
    a._version
except RuntimeError as e:
    print(e)
w = torch.ones(2, requires_grad=True)
try:
    w * a
except RuntimeError as e:
    print(e)
print(w + a)
print(w * a.clone())
try:
    a.requires_grad_()
except RuntimeError as e:
    print(e)
""",
    "inference_mode_decorator_and_no_grad": """
import torch

model = torch.nn.Linear(2, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.5, -0.5]]))
    model.bias.fill_(0.25)


@torch.inference_mode()
def predict(batch):
    return model(batch)


@torch.no_grad()
def predict_no_grad(batch):
    return model(batch)


batch = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
p = predict(batch)
q = predict_no_grad(batch)
print(p, p.is_inference(), p.requires_grad)
print(q, q.is_inference(), q.requires_grad)
loss = (model(batch) - q).pow(2).sum()
loss.backward()
print(model.weight.grad)
try:
    (model(batch) * p).sum().backward()
except RuntimeError as e:
    print(e)
with torch.inference_mode():
    with torch.inference_mode(False):
        print(torch.ones(1).is_inference(), torch.is_grad_enabled())
    with torch.enable_grad():
        e = torch.ones(1, requires_grad=True) * 2
        print(torch.is_grad_enabled(), e.requires_grad, e.is_inference())
""",
    # --- activations, dropout, devices --------------------------------------------------------
    "activations_tour": """
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0], requires_grad=True)
for name, fn in [("hardtanh", F.hardtanh), ("relu6", F.relu6), ("elu", F.elu),
                 ("gelu", F.gelu), ("gelu tanh", lambda t: F.gelu(t, approximate="tanh")),
                 ("silu", F.silu), ("leaky_relu", F.leaky_relu), ("mish", F.mish)]:
    y = fn(x)
    grad, = torch.autograd.grad(y.sum(), x)
    print(name, y, grad)
print(nn.Sequential(nn.Linear(2, 4), nn.Hardtanh(-2, 2), nn.ELU(alpha=0.5), nn.GELU(approximate="tanh"),
                    nn.SiLU(), nn.ReLU6(inplace=True), nn.Mish(), nn.Dropout(p=0.2)))
print(torch.erf(torch.tensor([0.0, 0.5, 1.0, 2.0])))
try:
    F.elu(torch.tensor([1, 2]))
except NotImplementedError as e:
    print(e)
""",
    "dropout_train_and_eval": """
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(p=0.5))
with torch.no_grad():
    model[0].weight.copy_(torch.eye(4))
    model[0].bias.zero_()
x = torch.tensor([[1.0, 2.0, 3.0, 4.0]])
print(model)
print(model.training, model[1].training)
y = model(x)
print(y.grad_fn)
print(all(v in (0.0, 2 * u) for v, u in zip(y[0].tolist(), x[0].tolist())))
model.eval()
print(model(x))
print(model[1](x) is x)
model.train()
big = nn.functional.dropout(torch.ones(10000), p=0.25)
print(sorted(set(big.tolist())))
print(abs(big.mean().item() - 1.0) < 0.05)
print(nn.functional.dropout(x, p=0.5, training=False) is x)
try:
    nn.Dropout(p=1.5)
except ValueError as e:
    print(e)
""",
    "devices": """
import torch

device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
print(f"Using {device} device")
torch.set_default_device(device)
print(torch.get_default_device())
dev = torch.device(device)
print(dev, repr(dev), dev.type, dev.index, torch.device("cpu:0"))
x = torch.ones(2, 3, device=dev)
print(x.device, x.to(dev) is x, x.to(device).device == dev)
model = torch.nn.Linear(3, 1).to(device)
print(next(model.parameters()).device)
print(torch.device("cpu") == torch.device("cpu:0"), torch.device("cuda:1"))
for bad in ("cuda", "mps"):
    try:
        torch.zeros(1).to(bad)
    except (AssertionError, RuntimeError) as e:
        print(type(e).__name__, e)
try:
    torch.device("tpu")
except RuntimeError as e:
    print(e)
torch.set_default_device(None)
print(torch.get_default_device())
""",
    # --- d2l.ai, "Concise Implementation of Linear Regression" (features made deterministic) ---
    "d2l_linear_regression_concise": """
import torch
from torch.utils import data
from torch import nn

true_w = torch.tensor([2, -3.4])
true_b = 4.2
X = torch.linspace(-1, 1, 200).reshape(100, 2)
features = torch.cat([X[:, :1], X[:, 1:].flip(0)], 1)
labels = (torch.matmul(features, true_w) + true_b).reshape((-1, 1))


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


batch_size = 10
data_iter = load_array((features, labels), batch_size, is_train=False)
print(next(iter(data_iter)))

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data = torch.tensor([[0.01, -0.02]])
net[0].bias.data.fill_(0)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
num_epochs = 3
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss {l:f}')
w = net[0].weight.data
print('error in estimating w:', true_w - w.reshape(true_w.shape))
b = net[0].bias.data
print('error in estimating b:', true_b - b)
""",
    # --- "Autograd mechanics" and the last digits -----------------------------------------------
    "saved_tensors_mechanics": """
import torch

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(x.equal(y.grad_fn._saved_self))
print(x is y.grad_fn._saved_self)

x = torch.randn(5, requires_grad=True)
y = x.exp()
print(y.equal(y.grad_fn._saved_result))
print(y is y.grad_fn._saved_result)
print(y.grad_fn._saved_result.grad_fn is y.grad_fn)
""",
    "small_integer_powers": """
import torch

x = torch.tensor([0.1, 0.7, 1.3, 2.9, -3.7, 11.1, -0.3333])
for p in (2, 3, -1, -2, -0.5, 4):
    y = x.abs() ** p if p == -0.5 else x ** p
    print(p, [v.item() for v in y[:4]])
x = torch.tensor([0.1, 0.7, 1.3], requires_grad=True)
(x ** 3).sum().backward()
print([g.item() for g in x.grad])
print(torch.tensor(1.1) ** 3, (torch.tensor(1.1) ** 3).item())
""",
}

# name: (relative tolerance, absolute tolerance, why the last digits may differ)
CLOSE: dict[str, tuple[float, float, str]] = {
    "fit_tensors_manual_gradients": (
        1e-5,
        1e-9,
        "full-precision losses and sums over 2000 float32 numbers: PyTorch's blocked summation "
        "order differs from NumPy's pairwise one in the last place, and 2000 steps carry that on",
    ),
    "fit_autograd": (1e-5, 1e-9, "as fit_tensors_manual_gradients (sum order)"),
    "convolution_and_pooling": (
        2e-6,
        1e-6,
        "a kernel's gradient is a float32 sum over every window of the batch (hundreds of "
        "products), added in PyTorch's blocked order there and NumPy's here: a printed 120.5268 "
        "can be 120.5267",
    ),
    "fit_custom_function_legendre": (1e-5, 1e-9, "as fit_tensors_manual_gradients (sum order)"),
    "fit_nn": (1e-5, 1e-9, "as fit_tensors_manual_gradients (sum order)"),
    "fit_custom_module": (1e-5, 1e-9, "as fit_tensors_manual_gradients (sum order)"),
    "fit_dynamic_net": (1e-5, 1e-9, "as fit_tensors_manual_gradients (sum order)"),
    "fit_optim_rmsprop": (
        0.05,
        2e-3,
        "RMSprop divides each step by a running root-mean-square of the gradient, so near the "
        "optimum every parameter moves by about lr whatever the gradient's size: from step "
        "~1100 the x² coefficient flips around 0 and 1-ulp differences in the summed gradient "
        "decide the direction. PyTorch disagrees with itself by as much: the same fit with the "
        "2000 points in reverse order (the same sum, added in another order) differs from it by "
        "up to 2% by step 1199 and 35% between steps 1500 and 2000; run in float64, ours and "
        "PyTorch's agree to 1e-15 until step 1120, then drift apart the same way. Each number is "
        "compared to 5% (and coefficients near zero to 2e-3, about lr)",
    ),
}
