# nn.Module.register_forward_hook / register_forward_pre_hook, as the hook docs and countless
# "get the activations of a layer" answers write them: a function that returns the hook (a
# closure over the layer's name), a dict of activations, handle.remove(), a pre-hook that
# rescales the input and a hook that replaces the output.
# https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_forward_hook
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc2(self.relu(self.fc1(x)))


model = Net()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-1, 1, p.numel()).reshape(p.shape))

activation = {}


def get_activation(name):
    def hook(model, input, output):
        activation[name] = output.detach()
    return hook


handles = []
for name, layer in model.named_children():
    handles.append(layer.register_forward_hook(get_activation(name)))

x = torch.tensor([[1.0, 2.0, 3.0]])
output = model(x)
for name in activation:
    print(name, activation[name])
print(sorted(activation, key=lambda k: activation[k].sum().item()))

for h in handles:
    h.remove()
activation.clear()
model(x)
print(len(activation))

# A forward pre-hook sees the inputs as a tuple and may return new ones
def halve_input(module, args):
    print("pre-hook on", type(module).__name__, args[0].shape)
    return (args[0] / 2,)


pre = model.fc1.register_forward_pre_hook(halve_input)
print(model(x))
pre.remove()

# A forward hook that returns a value replaces the module's output
clip = model.fc2.register_forward_hook(lambda m, inp, out: out.clamp(min=0))
y = model(x)
print(y, y.grad_fn.name())
y.sum().backward()
print(model.fc2.bias.grad)
clip.remove()
print(model(x))
