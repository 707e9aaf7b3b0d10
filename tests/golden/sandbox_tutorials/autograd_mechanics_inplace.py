# "Autograd mechanics": in-place correctness checks (a tensor saved for backward and then
# modified in place makes backward fail with a version-counter error), in-place on a leaf that
# requires grad, retain_grad on a non-leaf, freezing a pretrained part with requires_grad_ on
# a module, and eval mode versus no_grad.
# https://pytorch.org/docs/stable/notes/autograd.html
import torch
import torch.nn as nn

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a.sigmoid()
c = b * 2
b.mul_(2)  # sigmoid saved its result for backward
try:
    c.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(". Hint")[0])

w = torch.ones(3, requires_grad=True)
try:
    w.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)

with torch.no_grad():
    w.add_(1)  # fine: not recorded
print(w, w.is_leaf, w.grad_fn)

# a non-leaf keeps its gradient only if asked
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
y = x * x
y.retain_grad()
z = (y * 3).sum()
z.backward()
print(y.grad, x.grad)
print(y.retains_grad, x.retains_grad)

# in-place ops on non-leaves are fine when nothing saved them
h = x * 2
h += 1
h.relu_()
h.sum().backward()
print(x.grad)

# finetuning: freeze the feature extractor, train only the new head
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 8))
model.requires_grad_(False)
head = nn.Linear(8, 2)
print([p.requires_grad for p in model.parameters()])
print([p.requires_grad for p in head.parameters()])
inp = torch.ones(1, 4)
out = head(model(inp))
print(out.requires_grad, model(inp).requires_grad)

for param in model.parameters():
    param.requires_grad = True
print(sum(p.numel() for p in model.parameters() if p.requires_grad))

# eval() changes what dropout does; it does not stop recording
drop = nn.Dropout(0.5)
drop.eval()
t = torch.ones(4, requires_grad=True)
print(drop(t), drop.training)
with torch.no_grad():
    print(drop(t).requires_grad)
with torch.inference_mode():
    r = t * 2
print(r.requires_grad, r.is_inference())
