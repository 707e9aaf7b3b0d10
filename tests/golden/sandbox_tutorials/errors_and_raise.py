# try/except/else/finally with Python's own errors and the snippet's raise
import torch


def check_positive(t):
    if (t <= 0).any():
        raise ValueError(f"expected positive values, got {t.tolist()}")
    return t.log()


for values in ([1.0, 2.0], [0.0, 1.0]):
    try:
        print(check_positive(torch.tensor(values)))
    except ValueError as e:
        print("ValueError:", e)
    else:
        print("ok")
    finally:
        print("checked", values)

d = {"lr": 0.1}
try:
    d["momentum"]
except KeyError as e:
    print("missing", e, e.args)
try:
    [1, 2][5]
except IndexError as e:
    print(type(e).__name__, e)
try:
    1 / 0
except ZeroDivisionError:
    print("division by zero caught")
try:
    try:
        raise RuntimeError("inner")
    except RuntimeError:
        print("handling")
        raise
except Exception as outer:
    print("re-raised:", outer, isinstance(outer, RuntimeError))


def safe_div(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return float("inf")
    finally:
        print("division", a, b)


print(safe_div(1, 2), safe_div(1, 0))
