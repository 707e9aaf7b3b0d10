# torch.autograd.detect_anomaly / set_detect_anomaly, as the docs and "my loss is nan" answers
# use them: a NaN made in backward (sqrt at 0 times 0) found and named, the context manager
# and the global switch, and torch.isnan / torch.isfinite checks on gradients.
import torch

x = torch.tensor([0.0, 1.0, 4.0], requires_grad=True)
y = (torch.sqrt(x) * 0).sum()
y.backward()
print(x.grad)
print(torch.isnan(x.grad).any().item(), torch.isfinite(x.grad))

x.grad = None
with torch.autograd.detect_anomaly():
    y = (torch.sqrt(x) * 0).sum()
    try:
        y.backward()
    except RuntimeError as e:
        print("RuntimeError:", e)

torch.autograd.set_detect_anomaly(True)
print(torch.is_anomaly_enabled())
a = torch.tensor([1.0, -1.0], requires_grad=True)
b = torch.log(a)
print(b)
try:
    (b * 0).sum().backward()
    print(a.grad)
except RuntimeError as e:
    print("RuntimeError:", e)
torch.autograd.set_detect_anomaly(False)
print(torch.is_anomaly_enabled())
a.grad = None
(torch.log(a) * 0).sum().backward()
print(a.grad)
