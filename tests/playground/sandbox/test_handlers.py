"""The interpreter builds each node's handler once (handlers.py) and reuses it: what that design
could get wrong, tested as a learner would notice it.

- an error deep inside a nested expression is still reported at the innermost node that failed
  (line and column), not at the node whose handler happened to be built around it;
- one node run over and over with values of different types (int, then tensor, then list...)
  takes the right path each time, with every size check still applied: nothing is assumed
  from the first run;
- the step count is the tree walker's: a fixed program stops at the step the limit names;
- a function redefined in a loop runs the newest definition, and a name read in a function is
  the function's own variable or the module's as Python decides, each time;
- handlers belong to one run: a function defined in one notebook cell runs in the next.
"""

from __future__ import annotations

import pytest

from autograd_core.playground.sandbox import SnippetError, run_snippet
from autograd_core.playground.sandbox.limits import Limits


def _error(source: str, namespace: dict | None = None, **limits: int) -> SnippetError:
    with pytest.raises(SnippetError) as info:
        run_snippet(source, limits=Limits(**limits), namespace=namespace)
    return info.value


# --- the innermost node, line and column -----------------------------------------------------

# (source, line, the failing node's text (its first occurrence on that line), error type): the
# failing node is deep inside the statement
INNERMOST = {
    "dict-key-three-lines-down": (
        'total = (1 +\n         2 * (3 +\n              {"a": 1}["b"]))\n',
        3,
        '{"a": 1}["b"]',
        "KeyError",
    ),
    "tensor-shapes-inside-brackets": (
        "import torch\ny = torch.ones(2) + (torch.ones(2) * (torch.ones(3) - torch.ones(4)))\n",
        2,
        "torch.ones(3) - torch.ones(4)",
        "RuntimeError",
    ),
    "name-in-a-call-argument-of-a-method": (
        "import torch\nx = torch.ones(2)\nz = x.mul(x.add(1) / (2 - 2.0 * 1) ** undefined)\n",
        3,
        "undefined",
        "NameError",
    ),
    "attribute-of-a-subscript": (
        "import torch\nrows = [torch.ones(2), 3]\nprint(rows[0].sum() + rows[1].sum())\n",
        3,
        "rows[1].sum",
        "AttributeError",
    ),
    "subscript-in-a-condition-inside-a-loop": (
        "for i in range(3):\n    if i > 1 and [i][i] == 0:\n        pass\n",
        2,
        "[i][i]",
        "IndexError",
    ),
    "augmented-value": ("n = 1\nn += 2 * (3 + None)\n", 2, "3 + None", "TypeError"),
    "unary-minus-of-a-list": ("a = 1 + -[2]\n", 1, "-[2]", "TypeError"),
    "method-of-a-value-in-a-display": (
        "pairs = [(1, 'a'.upper()), (2, 'b'.nope())]\n",
        1,
        "'b'.nope",
        "AttributeError",
    ),
}


@pytest.mark.parametrize("case", INNERMOST)
def test_an_error_deep_in_an_expression_points_at_the_innermost_node(case):
    source, line, text, error_type = INNERMOST[case]
    col = source.split("\n")[line - 1].index(text) + 1
    error = _error(source)
    assert (error.line, error.col, error.error_type) == (line, col, error_type), error.message


def test_an_error_in_a_function_called_deep_in_an_expression_names_both_lines():
    source = "def f(v):\n    return v[5]\n\nx = 1 + 2 * (3 - f([1, 2]))\n"
    error = _error(source)
    assert (error.line, error.col, error.error_type) == (2, 12, "IndexError")
    assert error.calls == [(4, "f")]


def test_the_final_return_of_a_function_is_placed_at_its_own_line():
    # the last `return value` of a body is run without raising Return: its errors still name it
    source = "def f(v):\n    w = v * 2\n    return w / (v - v)\n\nf(3)\n"
    error = _error(source)
    assert (error.line, error.error_type, error.calls) == (3, "ZeroDivisionError", [(5, "f")])


# --- no stale specialisation -----------------------------------------------------------------


def test_one_node_with_values_of_every_type_computes_what_python_does():
    result = run_snippet(
        "import torch\n"
        "out = []\n"
        "for v in [2, torch.tensor([1.0, 2.0]), [1, 2], 'ab', 2.5, True, (0,), 3]:\n"
        "    out.append(v * 3)\n"
        "    out.append(-v if not isinstance(v, (list, str, tuple)) else len(v))\n"
        "print(out)\n"
    )
    assert result.output == (
        "[6, -2, tensor([3., 6.]), tensor([-1., -2.]), [1, 2, 1, 2, 1, 2], 2, 'ababab', 2, "
        "7.5, -2.5, 3, -1, (0, 0, 0), 1, 9, -3]\n"
    )


def test_a_size_check_still_applies_after_the_same_node_ran_on_numbers():
    # `v * n` ran on ints (no check needed), then meets a list it would make huge
    error = _error("for v, n in [(2, 3), (4, 5), ([0], 10 ** 7)]:\n    w = v * n\n")
    assert (error.line, error.col, error.error_type) == (2, 9, "LimitExceeded")
    assert "10,000,000 items" in error.message


def test_an_integer_check_still_applies_after_the_same_node_ran_on_small_ints():
    for op in ("*", "**", "<<", "+"):
        source = f"x = 3\nfor k in [2, 3, 10 ** 4]:\n    x = (x {op} k) if k < 100 else 7 ** k\n"
        source += f"y = 2\nfor k in [2, 2, 2 ** 9999]:\n    y = y {op} k\n"
        error = _error(source)
        assert error.error_type == "LimitExceeded" and "bits" in error.message, op


def test_an_augmented_assignment_meets_a_tensor_then_a_string_then_a_list():
    result = run_snippet(
        "import torch\n"
        "for start in [torch.ones(2), 'ab', [1], 1.5, 4]:\n"
        "    acc = start\n"
        "    acc += start\n"
        "    acc *= 2\n"
        "    print(acc)\n"
    )
    assert result.output == "tensor([4., 4.])\nabababab\n[1, 1, 1, 1]\n6.0\n16\n"
    error = _error("for start in [1, 'ab']:\n    acc = start\n    acc *= 10 ** 9\n")
    assert (error.line, error.error_type) == (3, "LimitExceeded")


def test_a_method_name_read_from_values_of_different_types():
    result = run_snippet(
        "import torch\n"
        "for s in ['abc', ['a', 'b', 'c'], ('x', 'c'), torch.tensor([1.0, 3.0])]:\n"
        "    if isinstance(s, (str, list, tuple)):\n"
        "        print(s.index('c'))\n"
        "    else:\n"
        "        print(s.max())\n"
    )
    assert result.output == "2\n2\n1\ntensor(3.)\n"
    # the same attribute node meets a type that does not allow it: refused, at that node
    error = _error("import torch\nfor v in [[3, 1], torch.ones(2)]:\n    v.append(1)\n")
    assert (error.line, error.col) == (3, 5)
    assert "append" in error.message


def test_a_tensor_made_by_an_expression_in_a_loop_is_named_by_that_expression():
    result = run_snippet(
        "import torch\nw = torch.ones(2, requires_grad=True)\nfor k in [1, 2.0, 3]:\n"
        "    y = (w * k).sum()\n"
    )
    site = result.sites[id(result.variables["y"])]
    assert (site.line, site.col) == (4, 8)


# --- the step count --------------------------------------------------------------------------

# (source, steps it takes): the tree walker's count, one per statement, expression and loop
# iteration, plus work charged by size. Checked against the interpreter before handlers.py.
STEPS = {
    "x = 1 + 2\n": 4,  # the statement, the +, two constants
    "for i in range(3):\n    y = i * 2\n": 19,
    "def f(a, b=2):\n    c = a * b\n    return c + 1\n\ntotal = 0\n"
    "for i in range(4):\n    total += f(i)\nprint(total)\n": 70,
    "import torch\nx = torch.ones(3, requires_grad=True)\nfor t in range(3):\n"
    "    y = (x * 2 + 1).sum()\n    y.backward()\n    with torch.no_grad():\n"
    "        x -= 0.1 * x.grad\n    x.grad = None\nprint(x)\n": 114,
}


@pytest.mark.parametrize("source", STEPS)
def test_a_fixed_program_takes_the_steps_the_limit_message_names(source):
    steps = STEPS[source]
    run_snippet(source, limits=Limits(max_operations=steps))  # exactly enough
    error = _error(source, max_operations=steps - 1)
    assert error.message == (
        f"This snippet tried to do more than {steps - 1:,} steps of work; "
        f"the limit here is {steps - 1:,}."
    )


def test_the_step_that_goes_over_the_limit_is_the_one_reported():
    error = _error("x = 1 + 2\n", max_operations=3)
    assert (error.line, error.col) == (1, 9)  # the `2`: the fourth step


# --- functions and names ---------------------------------------------------------------------


def test_a_function_redefined_in_a_loop_runs_its_newest_definition():
    result = run_snippet(
        "results = []\n"
        "for i in range(3):\n"
        "    def f(v, k=i):\n"
        "        return v * k + i\n"
        "    results.append(f(10))\n"
        "    if i == 0:\n"
        "        def h(a):\n"
        "            return a\n"
        "    else:\n"
        "        def h(a, b):\n"
        "            return a + b\n"
        "    results.append(h(1) if i == 0 else h(1, i))\n"
        "print(results)\n"
    )
    assert result.output == "[0, 1, 11, 2, 22, 3]\n"


def test_a_name_is_local_or_module_level_as_python_decides_on_each_call():
    source = (
        "x = 'module'\n"
        "def f(flag):\n"
        "    if flag:\n"
        "        x = 'local'\n"
        "    return x\n"
        "def g():\n"
        "    return x\n"
        "print(f(True), g())\n"
        "x = 'changed'\n"
        "print(g())\n"
        "f(False)\n"
    )
    error = _error(source)
    assert error.output == "local module\nchanged\n"
    assert (error.line, error.error_type, error.calls) == (5, "UnboundLocalError", [(11, "f")])


def test_global_and_nonlocal_names_from_the_same_nodes():
    result = run_snippet(
        "count = 0\n"
        "def bump():\n"
        "    global count\n"
        "    count += 1\n"
        "    return count\n"
        "def counter():\n"
        "    n = 0\n"
        "    def step():\n"
        "        nonlocal n\n"
        "        n += 1\n"
        "        return n\n"
        "    return step\n"
        "s = counter()\n"
        "print([bump() for _ in range(3)], [s() for _ in range(2)], count)\n"
    )
    assert result.output == "[1, 2, 3] [1, 2] 3\n"
    error = _error(
        "count = 0\ndef bump():\n    global count\n    return count\ndel count\nbump()\n"
    )
    assert (error.line, error.error_type) == (4, "NameError")


def test_recursion_returns_each_calls_own_value():
    result = run_snippet(
        "def fib(n):\n"
        "    if n < 2:\n"
        "        return n\n"
        "    return fib(n - 1) + fib(n - 2)\n"
        "print([fib(k) for k in range(10)])\n"
    )
    assert result.output == "[0, 1, 1, 2, 3, 5, 8, 13, 21, 34]\n"


def test_a_function_from_an_earlier_cell_runs_in_the_next_one():
    first = run_snippet("def f(v):\n    return v * 2\nprint(f(1))\n")
    second = run_snippet("print(f(21))\n", namespace=first.namespace)
    assert (first.output, second.output) == ("2\n", "42\n")
    error = _error("y = f(None)\n", first.namespace)
    assert (error.line, error.error_type, error.calls) == (2, "TypeError", [(1, "f")])
