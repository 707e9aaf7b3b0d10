"""Vector-Jacobian products (playground.tensors_vjp): vᵀJ equals what backward(v) leaves in .grad,
PyTorch's errors for vector outputs, the 1/N of mean, and the sum back over broadcasting."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_core.playground.higher_order import FormulaError
from autograd_core.playground.tensors_vjp import (
    BROADCAST_SHAPES,
    EXAMPLES,
    MAX_ELEMENTS,
    broadcast_demo,
    choose_v,
    index_labels,
    literal,
    output_of,
    parse_values,
    reduction_demo,
    summed_dims,
    tensor_repr,
    vjp_demo,
)

NO_GRADIENT = "RuntimeError: grad can be implicitly created only for scalar outputs"


def test_seed_vector_output_needs_a_gradient_and_vjp_matches_backward_v():
    # seed: y = x + 2; z = y * y * 3; z.backward(v) with v = [0.1, 1.0, 0.001]
    x = parse_values("1, 2, 3")
    demo = vjp_demo("3 * (x + 2) ** 2", x, parse_values("0.1, 1.0, 0.001"))
    assert demo.no_gradient_error == NO_GRADIENT
    np.testing.assert_allclose(demo.jacobian, np.diag([18.0, 24.0, 30.0]))  # 6(x + 2)
    np.testing.assert_allclose(demo.vjp, [1.8, 24.0, 0.03], rtol=1e-6)
    np.testing.assert_allclose(demo.grad, [1.8, 24.0, 0.03], rtol=1e-6)
    assert demo.matches


@pytest.mark.parametrize("example", list(EXAMPLES))
@pytest.mark.parametrize("mode", ["ones", "one-hot"])
def test_vjp_equals_grad_for_every_example(example, mode):
    expression, x_text = EXAMPLES[example]
    x = parse_values(x_text)
    shape = tuple(output_of(expression, x).shape)
    v = choose_v(mode, shape, index=max(0, int(np.prod(shape)) - 1))
    demo = vjp_demo(expression, x, v)
    assert demo.backward_error is None
    np.testing.assert_allclose(demo.vjp, demo.grad, rtol=1e-5, atol=1e-6)
    if mode == "one-hot":  # eᵢᵀJ is row i of J
        np.testing.assert_allclose(demo.vjp.reshape(-1), demo.jacobian[-1], rtol=1e-6)


def test_matrix_input_and_rectangular_jacobian():
    demo = vjp_demo("torch.tensor([[1., 2., 3.], [0., 1., -1.]]) @ x", parse_values("1, 2, 3"))
    assert demo.jacobian.tolist() == [[1.0, 2.0, 3.0], [0.0, 1.0, -1.0]]  # J = W
    assert demo.grad.tolist() == [1.0, 3.0, 2.0]  # onesᵀW: the column sums
    square = vjp_demo("x @ x", parse_values("1, 2; 3, 4"))
    assert square.jacobian.shape == (4, 4)
    assert square.x_labels == ["x[0,0]", "x[0,1]", "x[1,0]", "x[1,1]"]
    assert square.matches


def test_scalar_output_needs_no_gradient():
    demo = vjp_demo("(x ** 2).mean()", parse_values("1, 2, 3"))
    assert demo.no_gradient_error is None
    np.testing.assert_allclose(demo.grad, [2 / 3, 4 / 3, 2.0], rtol=1e-6)  # the seed's 2x/3


def test_wrong_shape_of_v_is_pytorchs_mismatch_error():
    demo = vjp_demo("x * 2", parse_values("1, 2, 3"), parse_values("1, 2"))
    assert demo.backward_error == (
        "RuntimeError: Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and "
        "output[0] has a shape of torch.Size([3])."
    )
    assert demo.grad is None and not demo.matches


def test_an_output_that_does_not_depend_on_x():
    demo = vjp_demo("torch.ones(3)", parse_values("1, 2, 3"))
    assert demo.backward_error == (
        "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn"
    )
    assert demo.jacobian.tolist() == [[0.0] * 3] * 3


def test_sum_versus_mean_is_a_factor_of_n():
    r = reduction_demo("x ** 2", parse_values("1, 2, 3"))  # the seed's mean(x²)
    assert r.n == 3
    assert r.grad_sum.tolist() == [2.0, 4.0, 6.0]
    np.testing.assert_allclose(r.grad_mean, [2 / 3, 4 / 3, 2.0], rtol=1e-6)
    m = reduction_demo("x * 3", parse_values("1, 1; 1, 1"))
    np.testing.assert_allclose(m.grad_mean, m.grad_sum / 4)


@pytest.mark.parametrize(
    ("shape", "b_grad", "dims"),
    [
        ((3,), [5.0, 7.0, 9.0], (0,)),
        ((1, 3), [[5.0, 7.0, 9.0]], (0,)),
        ((2, 1), [[6.0], [15.0]], (1,)),
        ((), 21.0, (0, 1)),
        ((2, 3), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], ()),
    ],
)
def test_broadcast_gradient_is_summed_back_to_the_inputs_shape(shape, b_grad, dims):
    demo = broadcast_demo(shape)
    assert demo.arriving.tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]  # grad ⊙ M
    assert demo.b_grad.tolist() == b_grad
    assert demo.summed.tolist() == b_grad  # the engine's own sum_to step
    assert demo.summed_dims == dims
    assert demo.b_grad.shape == shape


def test_only_the_offered_broadcast_shapes_run():
    assert set(BROADCAST_SHAPES.values()) == {(3,), (1, 3), (2, 1), (), (2, 3)}
    with pytest.raises(FormulaError):
        broadcast_demo((4, 5))
    assert summed_dims((4, 2, 3), (2, 1)) == (0, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1, 2, 3", [1.0, 2.0, 3.0]),
        ("1 2 3", [1.0, 2.0, 3.0]),
        ("[1, 2, 3]", [1.0, 2.0, 3.0]),
        ("1, 2; 3, 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("1, 2\n3, 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("[[1, 2], [3, 4]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("-1.5e2, .5, +3", [-150.0, 0.5, 3.0]),
        ("7", [7.0]),
    ],
)
def test_numbers_are_parsed_as_typed(text, expected):
    assert parse_values(text).tolist() == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("nan", "not a number"),
        ("1, inf", "not a number"),
        ("1e999", "too large"),
        ("1e7", "too large"),
        ("1, 2; 3", "different lengths"),
        ("x", "not a number"),
        ("__import__('os')", "not a number"),
        ("<b>1</b>", "not a number"),
        ("1" * 401, "characters long"),
        (", ".join(["1"] * (MAX_ELEMENTS + 1)), "the limit here"),
        ("١٢", "not a number"),  # Arabic-Indic digits: float() would take them, we do not
    ],
)
def test_bad_numbers_end_in_a_message(text, words):
    with pytest.raises(FormulaError) as info:
        parse_values(text)
    assert words in info.value.message


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("x.sum() +", "not a Python expression"),
        ("x * torch.ones(20, 1)", "up to 16"),
        ("torch.ones(5000) * 0", "elements"),
        ("'text'", "not a tensor"),
        ("import os", "not a Python expression"),
        ("", "empty"),
    ],
)
def test_bad_expressions_end_in_a_message(expression, words):
    with pytest.raises(FormulaError) as info:
        vjp_demo(expression, parse_values("1, 2, 3"))
    assert words in info.value.message or words in info.value.hint


def test_choose_v():
    assert choose_v("ones", (2,)).tolist() == [1.0, 1.0]
    assert choose_v("one-hot", (2, 2), 3).tolist() == [[0.0, 0.0], [0.0, 1.0]]
    assert choose_v("custom", (2,), text="0.1, 1").tolist() == pytest.approx([0.1, 1.0])
    with pytest.raises(FormulaError):
        choose_v("one-hot", (2,), 5)
    with pytest.raises(FormulaError):
        choose_v("random", (2,))


def test_texts_the_page_shows():
    assert literal(np.array([[1.0, 0.5], [3.0, -2.0]])) == "[[1., 0.5], [3., -2.]]"
    assert tensor_repr([18.0, 24.0, 30.0]) == "tensor([18., 24., 30.])"
    assert index_labels("y", ()) == ["y"]
    demo = vjp_demo("x * x", parse_values("1, 2"), parse_values("0.5, 1"))
    assert demo.code() == (
        "x = torch.tensor([1., 2.], requires_grad=True)\n"
        "y = x * x\n"
        "v = torch.tensor([0.5, 1.])\n"
        "y.backward(v)\n"
        "print(x.grad)"
    )
