# Recursive functions with tensors
import torch


def power(x, n):
    if n == 0:
        return torch.ones_like(x)
    return x * power(x, n - 1)


def fib(n, memo={}):
    if n in memo:
        return memo[n]
    value = n if n < 2 else fib(n - 1) + fib(n - 2)
    memo[n] = value
    return value


x = torch.tensor(2.0, requires_grad=True)
y = power(x, 5)
y.backward()
print(y, x.grad)
print([fib(i) for i in range(15)])


def depth(t):
    return 1 + max([depth(c) for c in t] or [0]) if isinstance(t, list) else 0


print(depth([[1, [2, [3]]], [4]]))
