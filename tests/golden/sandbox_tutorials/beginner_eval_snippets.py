# Question-and-answer-style beginner snippets: torch.manual_seed for repeatable numbers,
# .item() and .tolist() to get Python numbers out, a model.eval() + torch.no_grad()
# evaluation loop over a DataLoader, accuracy from argmax, counting parameters, a confusion
# matrix with index_put_/bincount, and printing a loss history rounded.
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(42)
print(torch.rand(2))
torch.manual_seed(42)
print(torch.rand(2))  # the same two numbers again

t = torch.tensor([[1.5, 2.0], [3.0, 4.25]])
print(t.tolist(), t[0, 1].item(), type(t.sum().item()))
print(torch.tensor(7).item(), torch.tensor([True]).item())
try:
    t.item()
except RuntimeError as e:
    print(e)

X = torch.randn(90, 4)
y = (X[:, 0] + X[:, 1] > 0).long() + (X[:, 2] > 1).long()
train_loader = DataLoader(TensorDataset(X[:60], y[:60]), batch_size=20, shuffle=True)
test_loader = DataLoader(TensorDataset(X[60:], y[60:]), batch_size=15)

model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
print(sum(p.numel() for p in model.parameters()))
print(sum(p.numel() for p in model.parameters() if p.requires_grad))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def evaluate(model, loader):
    model.eval()
    correct, total, loss_sum = 0, 0, 0.0
    with torch.no_grad():
        for inputs, labels in loader:
            outputs = model(inputs)
            loss_sum += criterion(outputs, labels).item() * labels.size(0)
            _, predicted = torch.max(outputs.data, 1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    return loss_sum / total, correct / total


history = []
for epoch in range(8):
    model.train()
    running_loss = 0.0
    for inputs, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    history.append(running_loss / len(train_loader))
    val_loss, val_acc = evaluate(model, test_loader)
    print(f'Epoch [{epoch + 1}/8], Loss: {history[-1]:.4f}, '
          f'Val loss: {val_loss:.4f}, Accuracy: {100 * val_acc:.2f}%')

print([round(h, 3) for h in history])

with torch.no_grad():
    preds = model(X[60:]).argmax(dim=1)
confusion = torch.zeros(3, 3, dtype=torch.long)
for t_, p_ in zip(y[60:], preds):
    confusion[t_, p_] += 1
print(confusion)
print(torch.bincount(y[60:] * 3 + preds, minlength=9).reshape(3, 3))
print(preds[:10].tolist(), (preds == y[60:]).float().mean().item())
