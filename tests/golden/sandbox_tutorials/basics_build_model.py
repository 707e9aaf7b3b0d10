# PyTorch "Learn the Basics: Build the Neural Network": an nn.Module with Flatten and
# Sequential, print(model), Softmax over the logits, argmax, named_parameters().
# https://pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html
# (28x28 images become 3x3 ones, and the weights start from fixed values instead of random.)
import torch
from torch import nn

device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
print(f"Using {device} device")


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(3 * 3, 5),
            nn.ReLU(),
            nn.Linear(5, 5),
            nn.ReLU(),
            nn.Linear(5, 4),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork().to(device)
with torch.no_grad():
    for i, p in enumerate(model.parameters()):
        p.copy_(torch.linspace(-1, 1, p.numel()).reshape(p.shape) * (i + 1) / 5)
print(model)

X = torch.linspace(0, 1, 9).reshape(1, 3, 3)
logits = model(X)
pred_probab = nn.Softmax(dim=1)(logits)
y_pred = pred_probab.argmax(1)
print(f"Predicted class: {y_pred}")

input_image = torch.linspace(0, 1, 27).reshape(3, 3, 3)
print(input_image.size())
flatten = nn.Flatten()
flat_image = flatten(input_image)
print(flat_image.size())
layer1 = nn.Linear(in_features=3 * 3, out_features=5)
with torch.no_grad():
    layer1.weight.fill_(0.1)
    layer1.bias.fill_(-0.2)
hidden1 = layer1(flat_image)
print(hidden1.size())
print(f"Before ReLU: {hidden1}\n\n")
hidden1 = nn.ReLU()(hidden1)
print(f"After ReLU: {hidden1}")

softmax = nn.Softmax(dim=1)
pred_probab = softmax(model(input_image))
print(pred_probab)

print(f"Model structure: {model}\n\n")
for name, param in model.named_parameters():
    print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")
