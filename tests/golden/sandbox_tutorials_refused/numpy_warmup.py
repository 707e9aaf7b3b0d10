# "Learning PyTorch with Examples": the NumPy warm-up, as the tutorial writes it (smaller:
# 200 points, 500 steps): a third-order polynomial fitted to sin(x) with NumPy arrays and
# gradients computed by hand.
# https://pytorch.org/tutorials/beginner/pytorch_with_examples.html
import numpy as np
import math

# Create random input and output data
x = np.linspace(-math.pi, math.pi, 200)
y = np.sin(x)

# Randomly initialize weights
a = 0.1
b = -0.2
c = 0.3
d = 0.05

learning_rate = 1e-5
for t in range(500):
    # Forward pass: compute predicted y
    # y = a + b x + c x^2 + d x^3
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss
    loss = np.square(y_pred - y).sum()
    if t % 100 == 99:
        print(t, loss)

    # Backprop to compute gradients of a, b, c, d with respect to loss
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    # Update weights
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f'Result: y = {a} + {b} x + {c} x^2 + {d} x^3')
