# d2l.ai 5.4 "Numerical Stability and Initialization": the vanishing sigmoid gradient over
# torch.arange(-8.0, 8.0, 0.1, requires_grad=True) with y.backward(torch.ones_like(x)), and the
# exploding product of 100 random matrices with torch.mm.
# https://d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html
# (the plots are replaced by prints of a few of the plotted values.)
import torch

torch.manual_seed(0)

x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
y = torch.sigmoid(x)
y.backward(torch.ones_like(x))

print(x.shape, y.shape)
print(x.detach()[::20])
print(y.detach()[::20])
print(x.grad[::20])
print(x.grad.max(), x.grad.argmax(), x.detach()[x.grad.argmax()])

M = torch.normal(0, 1, size=(4, 4))
print('a single matrix \n',M)
for i in range(100):
    M = M @ torch.normal(0, 1, size=(4, 4))
# (100 matrix products carry the last-place rounding of each: 2 decimals are shown)
torch.set_printoptions(precision=2)
print('after multiplying 100 matrices\n', M)
