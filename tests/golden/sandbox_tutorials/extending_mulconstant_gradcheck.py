# "Extending PyTorch" (extending.html): MulConstant, a Function with a non-tensor argument
# (its gradient is None), LinearFunction with ctx.needs_input_grad, and gradcheck in double
# precision, as the note writes them.
# https://pytorch.org/docs/stable/notes/extending.html
import torch
from torch.autograd import Function, gradcheck


class MulConstant(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        # ctx is a context object that can be used to stash information
        # for backward computation
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        # We return as many input gradients as there were arguments.
        # Gradients of non-Tensor arguments to forward must be None.
        return grad_output * ctx.constant, None


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = MulConstant.apply(x, 5.5)
print(y)
y.sum().backward()
print(x.grad)


class LinearFunction(Function):
    @staticmethod
    def forward(ctx, input, weight, bias=None):
        ctx.save_for_backward(input, weight, bias)
        output = input.mm(weight.t())
        if bias is not None:
            output += bias.unsqueeze(0).expand_as(output)
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, weight, bias = ctx.saved_tensors
        grad_input = grad_weight = grad_bias = None
        if ctx.needs_input_grad[0]:
            grad_input = grad_output.mm(weight)
        if ctx.needs_input_grad[1]:
            grad_weight = grad_output.t().mm(input)
        if bias is not None and ctx.needs_input_grad[2]:
            grad_bias = grad_output.sum(0)
        return grad_input, grad_weight, grad_bias


linear = LinearFunction.apply
# gradcheck takes a tuple of tensors as input, check if your gradient
# evaluated with these tensors are close enough to numerical
# approximations and returns True if they all verify this condition.
input = (
    torch.linspace(-1, 1, 40, dtype=torch.double).reshape(20, 2).requires_grad_(),
    torch.linspace(0.5, -0.5, 6, dtype=torch.double).reshape(3, 2).requires_grad_(),
)
test = gradcheck(linear, input, eps=1e-6, atol=1e-4)
print(test)

inp = torch.tensor([[1.0, 2.0]], requires_grad=True)
w = torch.tensor([[0.5, -1.0], [2.0, 0.0]])
b = torch.tensor([0.1, 0.2], requires_grad=True)
out = linear(inp, w, b)
print(out, out.grad_fn.name())
out.sum().backward()
print(inp.grad, w.grad, b.grad)
