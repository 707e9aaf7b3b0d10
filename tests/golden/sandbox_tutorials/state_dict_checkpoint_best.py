# Keeping the best model while training, as forum answers and the transfer-learning tutorial
# write it: best_model_wts = copy.deepcopy(model.state_dict()), then
# model.load_state_dict(best_model_wts); strict=False and the keys it reports; the optimizer's
# state_dict round trip; and why a plain model.state_dict() (not a deep copy) changes under you.
import copy

import torch
import torch.nn as nn

torch.manual_seed(3)
model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
X = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
y = torch.tensor([[0.], [1.], [1.], [0.]])
X_val = X + 0.1

best_loss = float("inf")
best_model_wts = copy.deepcopy(model.state_dict())
shallow = model.state_dict()
best_epoch = -1
for epoch in range(12):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        val_loss = nn.functional.mse_loss(model(X_val), y).item()
    if val_loss < best_loss:
        best_loss = val_loss
        best_epoch = epoch
        best_model_wts = copy.deepcopy(model.state_dict())
print(f"best val loss {best_loss:.4f} at epoch {best_epoch}")

print(torch.equal(shallow["0.weight"], model[0].weight))  # the same storage: it moved
print(torch.equal(best_model_wts["0.weight"], model[0].weight))
result = model.load_state_dict(best_model_wts)
print(result)
with torch.no_grad():
    print(round(nn.functional.mse_loss(model(X_val), y).item(), 4))

# a state dict with a renamed and an extra key
sd = {("first." + k[2:] if k.startswith("0.") else k): v for k, v in model.state_dict().items()}
sd["extra"] = torch.zeros(1)
try:
    model.load_state_dict(sd)
except RuntimeError as e:
    print(e)
missing, unexpected = model.load_state_dict(sd, strict=False)
print(missing, unexpected)

opt_state = copy.deepcopy(optimizer.state_dict())
print(opt_state["param_groups"])
print(list(opt_state["state"].keys()), opt_state["state"][0]["momentum_buffer"].shape)
new_opt = torch.optim.SGD(model.parameters(), lr=0.01)
new_opt.load_state_dict(opt_state)
print(new_opt.param_groups[0]["lr"], new_opt.param_groups[0]["momentum"])
