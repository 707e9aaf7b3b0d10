"""Custom autograd.Function: forward and backward written by the user, recorded as one node.

Expected values are worked by hand (or printed by PyTorch 2.13 for the same program, noted so).
"""

from __future__ import annotations

import math
import warnings

import pytest

import autograd_core as torch
from autograd_core.autograd.function import once_differentiable


class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class LegendrePolynomial3(torch.autograd.Function):
    """P3(x) = (5x³ - 3x) / 2, from "Learning PyTorch with Examples"."""

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input**3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input**2 - 1)


class MulConstant(torch.autograd.Function):
    """The setup_context style of "Extending PyTorch": forward without ctx."""

    @staticmethod
    def forward(tensor, constant):
        return tensor * constant

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.constant = inputs[1]

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


def test_grad_fn_is_named_after_the_function_without_a_number():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = Exp.apply(x)
    assert repr(y) == "tensor([2.7183, 7.3891], grad_fn=<ExpBackward>)"
    assert type(y.grad_fn).__name__ == "ExpBackward" and y.grad_fn.name() == "ExpBackward"
    assert repr(y.grad_fn).startswith("<torch.autograd.function.ExpBackward object at 0x")
    assert y.grad_fn.next_functions == ((x.grad_fn or x._accumulator(), 0),)
    y.sum().backward()
    assert x.grad.tolist() == pytest.approx([math.e, math.e**2], rel=1e-6)


def test_saved_tensors_are_freed_by_backward_and_a_saved_output_is_a_new_object():
    x = torch.tensor([1.0], requires_grad=True)
    y = Exp.apply(x)
    (saved,) = y.grad_fn.saved_tensors
    assert saved is not y and saved.grad_fn is y.grad_fn and saved.tolist() == y.tolist()
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        _ = y.grad_fn.saved_tensors


def test_an_input_modified_after_saving_is_refused_at_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = LegendrePolynomial3.apply(h)
    h.mul_(2)
    with pytest.raises(RuntimeError, match="is at version 1; expected version 0 instead"):
        y.sum().backward()


def test_double_backward_through_a_differentiable_backward():
    x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(LegendrePolynomial3.apply(x).sum(), x, create_graph=True)
    assert g.tolist() == pytest.approx([-0.825, 9.3, 28.5])  # 1.5 (5x² - 1)
    (h,) = torch.autograd.grad(g.sum(), x)
    assert h.tolist() == pytest.approx([4.5, -18.0, 30.0])  # 15x


def test_gradcheck_and_gradgradcheck_accept_apply():
    x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(LegendrePolynomial3.apply, (x,))
    assert torch.autograd.gradgradcheck(LegendrePolynomial3.apply, (x,))


def test_gradcheck_catches_a_wrong_backward():
    class Wrong(LegendrePolynomial3):
        @staticmethod
        def backward(ctx, grad_output):
            (input,) = ctx.saved_tensors
            return grad_output * 1.5 * (5 * input**2)  # the -1 forgotten

    x = torch.tensor([0.3, -1.2], dtype=torch.float64, requires_grad=True)
    assert not torch.autograd.gradcheck(Wrong.apply, (x,), raise_exception=False)


def test_once_differentiable_refuses_a_second_derivative_with_pytorchs_message():
    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x**3

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x**2

    x = torch.tensor(2.0, requires_grad=True)
    (g,) = torch.autograd.grad(Cube.apply(x) * x, x, create_graph=True)
    assert g.item() == 32.0  # d(x⁴)/dx
    assert g.grad_fn.next_functions[1][0].name() == "Error"
    with pytest.raises(RuntimeError, match="trying to differentiate twice a function that was"):
        g.backward()


def test_setup_context_style_and_needs_input_grad():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = MulConstant.apply(a, 5.5)
    assert repr(b) == "tensor([ 5.5000, 11.0000], grad_fn=<MulConstantBackward>)"
    assert b.grad_fn.needs_input_grad == (True, False)
    b.sum().backward()
    assert a.grad.tolist() == [5.5, 5.5]


def test_several_outputs_and_non_differentiable_ones():
    seen = []

    class MaxWithIndex(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            idx = x.argmax()
            ctx.mark_non_differentiable(idx)
            ctx.save_for_backward(idx)
            ctx.n = x.shape[0]
            return x.max(), idx

        @staticmethod
        def backward(ctx, g, g_idx):
            seen.append(g_idx)
            (idx,) = ctx.saved_tensors
            out = torch.zeros(ctx.n)
            out[idx] = g
            return out

    x = torch.tensor([1.0, 5.0, 2.0], requires_grad=True)
    m, i = MaxWithIndex.apply(x)
    assert (m.output_nr, i.output_nr) == (0, 0)  # as PyTorch: i is no output of the graph
    assert not i.requires_grad and i.grad_fn is None
    m.backward()
    assert x.grad.tolist() == [0.0, 1.0, 0.0]
    assert repr(seen[0]) == "tensor(0)"  # materialised as zeros of the output's dtype


def test_unused_outputs_get_none_without_materialize_grads():
    got = []

    class Pair(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            got.append((g1, g2))
            return 3 * g2

    x = torch.tensor(1.0, requires_grad=True)
    _, b = Pair.apply(x)
    b.backward()
    assert got[0][0] is None and got[0][1].item() == 1.0 and x.grad.item() == 3.0


def test_hooks_on_outputs_retain_grad_and_node_hooks():
    events = []

    class Split(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x.clone(), x * 2

        @staticmethod
        def backward(ctx, g1, g2):
            events.append(("backward", g1.item(), g2.item()))
            return g1 + 2 * g2

    x = torch.tensor(1.0, requires_grad=True)
    p, q = Split.apply(x)
    q.register_hook(lambda g: g * 10)
    p.retain_grad()
    p.grad_fn.register_prehook(lambda go: events.append(("pre", [g.item() for g in go])))
    p.grad_fn.register_hook(lambda gi, go: events.append(("post", gi[0].item())))
    (p + q).backward()
    assert events == [("pre", [1.0, 10.0]), ("backward", 1.0, 10.0), ("post", 21.0)]
    assert p.grad.item() == 1.0 and x.grad.item() == 21.0


def test_autograd_grad_of_one_output_of_several():
    class Pair(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            return 2 * g1 + 3 * g2

    x = torch.tensor(1.0, requires_grad=True)
    a, b = Pair.apply(x)
    loss = a * 5 + b * 7
    ga, gb = torch.autograd.grad(loss, [a, b])
    assert (ga.item(), gb.item()) == (5.0, 7.0)


def test_returned_gradients_are_checked_as_pytorch_checks_them():
    def run(backward, x):
        fn = type(
            "Bad",
            (torch.autograd.Function,),
            {"forward": staticmethod(lambda ctx, x: x * 2), "backward": staticmethod(backward)},
        )
        fn.apply(x).sum().backward()
        return x.grad

    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"BadBackward returned an incorrect number of grad"):
        run(lambda ctx, g: (g, g), x)
    with pytest.raises(RuntimeError, match=r"got \[3\] but expected shape compatible with \[2\]"):
        run(lambda ctx, g: torch.ones(3), x)
    with pytest.raises(RuntimeError, match=r"expected Variable or None \(got float\)"):
        run(lambda ctx, g: 3.0, x)
    # a gradient of the broadcast shape is summed back; another dtype is cast; extra Nones are ok
    assert run(lambda ctx, g: g.expand(3, 2), torch.ones(2, requires_grad=True)).tolist() == [3, 3]
    grad = run(lambda ctx, g: (g.double(), None), torch.ones(2, requires_grad=True))
    assert grad.dtype == torch.float32


def test_a_gradient_for_a_number_argument_is_refused():
    class Scale(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return g, g

    with pytest.raises(RuntimeError, match="different than None at position 2, but the corres"):
        Scale.apply(torch.tensor(1.0, requires_grad=True), 3).backward()


def test_no_grad_and_no_input_requiring_grad_record_nothing():
    x = torch.tensor([1.0], requires_grad=True)
    with torch.no_grad():
        assert Exp.apply(x).grad_fn is None
    assert Exp.apply(torch.tensor([1.0])).grad_fn is None


def test_an_input_returned_unchanged_becomes_a_view_and_mark_dirty_rebases_history():
    class Identity(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    r = Identity.apply(x)
    assert r is not x and r._base is x and r.grad_fn.name() == "IdentityBackward"
    r.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]

    class Double_(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 2

    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used"):
        Double_.apply(x)
    assert x.tolist() == [2.0, 4.0]  # forward had run, as in PyTorch: the check comes after
    y = x.clone()
    out = Double_.apply(y)
    assert out is y and repr(y) == "tensor([4., 8.], grad_fn=<Double_Backward>)"


def test_missing_forward_or_backward_and_instantiation_say_what_pytorch_says():
    class NoBackward(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

    x = torch.tensor(1.0, requires_grad=True)
    with pytest.raises(NotImplementedError, match="You must implement either the backward or vjp"):
        NoBackward.apply(x).backward()
    with pytest.raises(NotImplementedError, match="You must implement the forward function"):
        torch.autograd.Function.apply(x)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(RuntimeError, match="Legacy autograd function with non-static forward"):
            Exp()(x)
    assert caught[0].category is DeprecationWarning


def test_arguments_by_name_are_inputs_too():
    class Power(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k=3):
            ctx.save_for_backward(x)
            ctx.k = k
            return x**k

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * ctx.k * x ** (ctx.k - 1), None

    x = torch.tensor(2.0, requires_grad=True)
    y = Power.apply(x=x)
    assert repr(y) == "tensor(8., grad_fn=<PowerBackward>)"
    Power.apply(x, k=2).backward()
    assert x.grad.item() == 4.0
