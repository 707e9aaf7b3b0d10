# The Stack Overflow / forum classics, each as the question pastes it and with the answer's fix:
# "why is my .grad None" (a non-leaf, and a leaf made non-leaf by .double() or arithmetic),
# "element 0 of tensors does not require grad and does not have a grad_fn", "a leaf Variable
# that requires grad is being used in an in-place operation", "grad can be implicitly created
# only for scalar outputs", and gradients that grow because zero_grad() was forgotten.
import torch

# 1. the grad of a non-leaf is None (PyTorch also warns); retain_grad() keeps it
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
z = (y ** 2).sum()
z.backward()
print(x.grad, y.grad, y.is_leaf)
x.grad = None
y = x * 3
y.retain_grad()
(y ** 2).sum().backward()
print(x.grad, y.grad)

# 2. .double() after requires_grad=True makes a new non-leaf: the leaf is the float one
w = torch.randn(3, requires_grad=True).double()
print(w.is_leaf, w.grad_fn)
(w * 2).sum().backward()
print(w.grad)
w = torch.randn(3, dtype=torch.double, requires_grad=True)
(w * 2).sum().backward()
print(w.is_leaf, w.grad)

# 3. element 0 of tensors does not require grad
a = torch.tensor([1.0, 2.0])
loss = (a * 2).sum()
try:
    loss.backward()
except RuntimeError as e:
    print(e)
with torch.no_grad():
    b = torch.tensor([1.0, 2.0], requires_grad=True) * 2
try:
    b.sum().backward()
except RuntimeError as e:
    print(e)
c = torch.tensor([1.0, 2.0], requires_grad=True)
loss = torch.tensor(c.sum().item())
print(loss.requires_grad)  # .item() leaves the graph

# 4. in-place on a leaf
p = torch.ones(2, requires_grad=True)
try:
    p += 1
except RuntimeError as e:
    print(e)
try:
    p[0] = 5
except RuntimeError as e:
    print(e)
with torch.no_grad():
    p += 1
    p[0] = 5
print(p)

# 5. backward of a non-scalar
out = p * 2
try:
    out.backward()
except RuntimeError as e:
    print(e)
out.backward(torch.ones_like(out))
print(p.grad)

# 6. forgot optimizer.zero_grad(): the gradients add up
w = torch.tensor([1.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
for step in range(3):
    loss = (w * 2).sum()
    loss.backward()
    print(step, w.grad)
opt.zero_grad()
print(w.grad)
