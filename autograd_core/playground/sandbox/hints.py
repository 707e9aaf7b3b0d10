"""The hint table: error message pattern -> one line that explains it and says what to do.

Patterns are regular expressions searched in the message, tried in order (put the specific ones
first). They cover every `raise RuntimeError(...)` in the engine (tests/test_lang.py extracts them
from the source and fails if one has no entry here), the ValueErrors and TypeErrors beginners meet,
and Python's own errors. Keep each hint to one sentence a learner can act on.
"""

from __future__ import annotations

_BACKWARD = (
    # --- backward() and autograd.grad ------------------------------------------------------------
    (
        r"grad can be implicitly created only for scalar outputs",
        "backward() needs a single number to start from: reduce with .sum() or .mean(), or pass "
        "gradient= of the output's shape",
    ),
    (
        r"does not require grad and does not have a grad_fn",
        "Nothing in this result requires grad: create the inputs with requires_grad=True (and "
        "compute it outside torch.no_grad()) before calling backward()",
    ),
    (
        r"backward through the graph a second time",
        "backward() frees the graph it used: pass retain_graph=True to the first backward() if "
        "you need a second one, or recompute the forward pass",
    ),
    (
        r"Mismatch in shape: grad_output",
        "The gradient you pass to backward() must have the same shape as the tensor you call it on",
    ),
    (
        r"appears to not have been used in the graph",
        "One of the inputs you asked autograd.grad about does not affect the output: check the "
        "formula, or pass allow_unused=True to get None for it",
    ),
    (
        r"One of the differentiated Tensors does not require grad",
        "autograd.grad can only differentiate with respect to tensors created with "
        "requires_grad=True",
    ),
    (
        r"grad requires one gradient per output",
        "Give grad_outputs exactly one tensor per output",
    ),
    (
        r"has changed the size of value",
        "A hook must return a gradient of the same shape as the one it received (or None)",
    ),
    (
        r"modified by an inplace operation",
        "A value needed for backward was changed in place (+=, .zero_(), ...) after it was used: "
        "write the update out of place (y = y + 1) or do it after backward()",
    ),
    (
        r"prob_dist must be 1 or 2 dim|cannot sample n_sample",
        "torch.multinomial draws from a row of weights (or each row of a 2-D tensor), at most as "
        "many samples as there are weights unless replacement=True",
    ),
    (
        r"probability tensor contains either|invalid multinomial distribution",
        "torch.multinomial needs weights that are finite, not negative, and not all zero: check "
        "the probabilities you pass it (softmax gives a valid row)",
    ),
    (
        r"`inputs` argument to `(grad|backward)\(\)` cannot be empty",
        "Name at least one tensor to differentiate with respect to, e.g. inputs=[w]",
    ),
    (
        r"we interpret the first dimension of each grad_output as the batch dimension",
        "With is_grads_batched=True each grad_output holds one vector per row: give it the shape "
        "(number of vectors, *output.shape), e.g. torch.eye(n) for an output of n numbers",
    ),
    (
        r"post accumulate grad hooks cannot be registered on non-leaf tensors",
        "register_post_accumulate_grad_hook is for leaves (parameters, tensors you created with "
        "requires_grad=True): use register_hook on a computed tensor",
    ),
    (
        r"returned nan values in its \d+th output",
        "Anomaly detection found the first operation whose gradient is NaN (not a number): look "
        "at its inputs there, e.g. sqrt or log at 0, or a division by 0",
    ),
    (
        r"The vector v can only be None",
        "Pass v= of the output's shape when the function returns more than one number",
    ),
)

_REQUIRES_GRAD = (
    (
        r"only change requires_grad flags of leaf variables",
        "requires_grad can only be switched on tensors you created; for a computed one use "
        "y.detach() to get a copy cut from the graph",
    ),
    (
        r"(?i)only Tensors of floating point( and complex)? dtype can require gradients",
        "Gradients need floating point numbers: write 2.0 instead of 2, or add dtype=torch.float32",
    ),
    (
        r"can't retain_grad on Tensor that has requires_grad=False",
        "retain_grad() only works on tensors that require grad (computed from a requires_grad "
        "tensor)",
    ),
    (
        r"cannot register a hook on a tensor that doesn't require gradient",
        "Hooks only run on tensors that require grad",
    ),
    (
        r"a leaf Variable that requires grad is being used in an in-place operation",
        "Changing a requires_grad tensor in place would break its gradient: do the update inside "
        "`with torch.no_grad():` (as optimizers do)",
    ),
    (
        r"a view of a leaf Variable that requires grad is being used in an in-place",
        "This is a slice of a requires_grad tensor: change it inside `with torch.no_grad():`, or "
        "build a new tensor instead",
    ),
    (
        r"cannot record an (in-place change|assignment) (to|into) a view",
        "Write the update out of place (y = y * 2) instead of changing a slice in place",
    ),
    (
        r"Can't detach views in-place",
        "Use y = x.detach() instead of x.detach_() on a slice",
    ),
    (
        r"Can't call numpy\(\) on Tensor that requires grad",
        "Call .detach() first: x.detach().numpy()",
    ),
    (
        r"Can't access the shape of an uninitialized parameter|Attempted to use an "
        r"uninitialized parameter",
        "A lazy layer (nn.LazyLinear) learns its input size from its first batch: call the "
        "model on one batch, model(X[:1]), before using its weights",
    ),
    (
        r"support the deepcopy protocol",
        "Only tensors you created can be copied with deepcopy: use .detach().clone()",
    ),
    (
        r"attempting to assign a gradient (of size|with dtype)",
        "A tensor's .grad must have the tensor's own shape and dtype",
    ),
    (
        r"assigned grad expected to be a Tensor or None",
        "Set .grad to a tensor of the same shape, or to None",
    ),
)

_SHAPES = (
    (
        r"The size of tensor a \(\d+\) must match the size of tensor b",
        "These shapes cannot be broadcast together: print both .shape values and reshape one "
        "(e.g. with .unsqueeze or .view)",
    ),
    (
        r"mat1 and mat2 shapes cannot be multiplied",
        "For a @ b the last dimension of a must equal the first of b: check the shapes, or "
        "transpose one with .T",
    ),
    (
        r"mat1 and mat2 must have the same dtype",
        "Both matrices need the same dtype: convert one with .float()",
    ),
    (
        r"size mismatch, got input",
        "mv(mat, vec) needs vec's length to equal mat's number of columns",
    ),
    (
        r"inconsistent tensor size, expected tensor",
        "dot() needs two 1-D tensors of the same length",
    ),
    (
        r"1D tensors expected",
        "dot() works on two 1-D tensors; use @ or torch.matmul for matrices",
    ),
    (
        r"must be a matrix",
        "mm() multiplies two 2-D tensors; use @ or torch.matmul for other shapes",
    ),
    (
        r"both arguments to matmul need to be at least 1D",
        "@ needs tensors with at least one dimension; use * to multiply by a number",
    ),
    (
        r"Expected size for first two dimensions of batch2",
        "bmm needs batches of the same size whose matrices can be multiplied",
    ),
    (
        r"shape '.*' is invalid for input of size",
        "The new shape must hold exactly as many elements as the tensor (use -1 for one "
        "dimension to let it be worked out)",
    ),
    (r"only one dimension can be inferred", "Use -1 for at most one dimension of the new shape"),
    (r"invalid shape dimension", "Shape sizes must be positive (or -1 for one inferred size)"),
    (
        r"view size is not compatible with input tensor's size and stride",
        "Use .reshape(...) instead of .view(...) on this tensor",
    ),
    (r"view\(dtype\) is not supported", "Use .to(dtype) to change a tensor's dtype"),
    (
        r"trace: expected a matrix",
        "torch.trace sums the diagonal of a 2-D tensor: reshape your tensor into a matrix first",
    ),
    (
        r"tensor\.mT is only supported on matrices",
        ".mT swaps the last two dimensions, so it needs at least 2: use .reshape(1, -1).mT or "
        "just the vector itself",
    ),
    (
        r"Could not infer dtype of generator",
        "torch.tensor needs the values themselves: build a list first (a for loop that appends)",
    ),
    (r"flatten\(\) has invalid args", "start_dim must come before end_dim"),
    (r"t\(\) expects a tensor with <= 2 dimensions", "Use .transpose(a, b) or .permute(...)"),
    (
        r"number of dimensions in the tensor input does not match the length of the desired "
        r"ordering",
        "permute() needs one entry per dimension of the tensor",
    ),
    (r"duplicate dims are not allowed", "Each dimension may appear only once"),
    (r"appears multiple times in the list of dims", "Each dimension may appear only once"),
    (
        r"the number of sizes provided .* must be greater or equal to the number of dimensions",
        "expand() needs at least as many sizes as the tensor has dimensions",
    ),
    (
        r"The expanded size of the tensor",
        "expand() can only stretch dimensions of size 1: check the target size",
    ),
    (
        r"Number of dimensions of repeat dims can not be smaller",
        "repeat() needs one count per dimension of the tensor",
    ),
    (
        r"expected a non-empty list of Tensors|expects a non-empty TensorList",
        "Pass a list with at least one tensor",
    ),
    (
        r"zero-dimensional tensor .* cannot be concatenated",
        "torch.cat joins tensors along an existing dimension: use torch.stack for single numbers",
    ),
    (
        r"Tensors must have same number of dimensions",
        "torch.cat needs tensors with the same number of dimensions",
    ),
    (
        r"Sizes of tensors must match except in dimension",
        "torch.cat needs equal sizes in every dimension except the one you join along",
    ),
    (r"stack expects each tensor to be equal size", "torch.stack needs tensors of one shape"),
    (
        r"output with shape \[.*\] doesn't match the broadcast shape",
        "An in-place operation cannot change a tensor's shape: write it out of place",
    ),
    (
        r"Dimension out of range|dim .* out of range|IndexError: Dimension",
        "That dimension does not exist: a tensor with n dimensions has dims 0..n-1 (or -1 for "
        "the last)",
    ),
    (
        r"index -?\d+ is out of bounds for dimension|select\(\): index -?\d+ out of range",
        "The index is past the end of the tensor: check .shape",
    ),
    # gather / scatter / scatter_add: index names one place along dim for each entry
    (
        r"Expected dtype int32/int64 for index",
        "gather, scatter and index_add take a whole-number index tensor: make it with "
        "torch.tensor([[0, 2]]) or convert it with .long()",
    ),
    # index_add: source's slices are added at the positions index names along dim
    (
        r"Number of indices \(\d+\) should be equal to source\.size\(dim\)",
        "index_add adds source's slices one by one: index needs one position for each slice of "
        "source along dim (len(index) == source.shape[dim])",
    ),
    (
        r"source tensor shape must match self tensor shape",
        "index_add's source must have the tensor's shape in every dim except dim: compare their "
        ".shape",
    ),
    (
        r"index_add_\(\): self \(\w+\) and source \(\w+\) must have the same scalar type",
        "index_add adds source into the tensor, so both need the same dtype: convert one with "
        ".to()",
    ),
    # narrow(dim, start, length): the piece start .. start + length - 1 must exist
    (
        r"narrow\(\): length must be non-negative",
        "narrow(dim, start, length) takes how many entries to keep: 0 or more",
    ),
    (
        r"start \(\d+\) \+ length \(\d+\) exceeds dimension size",
        "narrow(dim, start, length) keeps entries start .. start + length - 1, which must all "
        "exist: check .shape[dim]",
    ),
    (
        r"start out of range \(expected to be in range of",
        "narrow's start is a position in that dim: from -size to size (negative counts from "
        "the end)",
    ),
    (
        r"Index tensor must have the same number of dimensions as",
        "gather and scatter need an index with as many dims as the tensor: for one place per row "
        "of a (n, k) tensor use an index of shape (n, 1), e.g. idx.unsqueeze(1)",
    ),
    (
        r"[Ee]xpected index .* to be no larger than self",
        "The index may be no bigger than the tensor (and than src) in every dim except dim: "
        "compare their .shape",
    ),
    (
        r"Expected self\.dtype to be equal to src\.dtype",
        "scatter writes src into the tensor, so both need the same dtype: convert one with .to()",
    ),
    (
        r"Function Scatter(Add)?Backward0 returned an invalid gradient",
        "src is larger than index, so part of it is never written and PyTorch cannot give it a "
        "gradient: cut src to index's shape first",
    ),
    (
        r"Trying to create tensor with negative dimension|Dimension size must be non-negative",
        "Sizes must be zero or positive",
    ),
    (r"Expected reduction dim to be specified", "Pass dim= for an empty tensor"),
    (
        r"Expected reduction dim \d+ to have non-zero size",
        "That dimension has size 0: there is nothing to take the max, min or argmax of",
    ),
)

_VALUES = (
    (
        r"a Tensor with \d+ elements cannot be converted to Scalar",
        ".item() needs a tensor with exactly one element: reduce first (.sum(), .mean()) or "
        "index one element",
    ),
    (
        r"only one element tensors can be converted to Python scalars",
        "float(), int() and formatting need a single-element tensor: reduce or index it first",
    ),
    (
        r"Boolean value of Tensor with (more than one|no) value",
        "`if` and `and/or` need one True/False: use (t > 0).all() or .any(), or compare .item()",
    ),
    (
        r"where expected condition to be a boolean tensor",
        "torch.where needs a boolean condition such as x > 0",
    ),
    (
        r"At least one of 'min' or 'max' must not be None",
        "Give clamp a min=, a max=, or both",
    ),
    (
        r"rounding_mode to be one of",
        "rounding_mode must be None, 'trunc' or 'floor'",
    ),
    (
        r"Negation, the `-` operator, on a bool tensor",
        "Use ~mask or mask.logical_not() to flip a boolean tensor",
    ),
    (
        r"could not infer output dtype\. Input dtype must be either a floating point"
        r"|only support floating point|Expected a floating point or complex tensor"
        r"|not implemented for '(Long|Int|Bool)'",
        "This operation needs floating point numbers: convert with .float() (or write 2.0, not 2)",
    ),
    (
        r"Subtraction, the `-` operator, with (a|two) bool tensors?",
        "Booleans don't subtract: flip a mask with ~mask, compare two with a ^ b, or convert "
        "with .float() first",
    ),
    (r"does not support bool input", "Convert the mask to numbers first: mask.float()"),
    (
        r"v has invalid size|v is a tuple of invalid length",
        "v must have the shape of what it multiplies: the output for vjp, the input for jvp, "
        "hvp and vhp",
    ),
    (
        r"The Tensor returned by the function given to \w+ should contain a single element",
        "A Hessian needs a scalar function: end it with .sum() or .mean()",
    ),
    (
        r"Output \d+ of the user-provided function (does not require gradients|is independent)",
        "strict=True refuses outputs that do not depend on every input: drop strict=True to "
        "get zeros there",
    ),
    (
        r"argument 'input' \(position 1\) must be Tensor, not",
        "This function works on tensors: wrap numbers and lists in torch.tensor(...) first",
    ),
    (
        r"^ZeroDivisionError$",
        "Integer division by zero has no answer: check the divisor, or divide floats "
        "(x.float() / 0 is inf)",
    ),
    (
        r"Integers to negative integer powers are not allowed",
        "Use a float base for negative powers: x.float() ** -1 or 1 / x",
    ),
    (
        r"Expected floating point type for target with class probabilities",
        "A target of the same shape as the logits is read as class probabilities (floats); "
        "for class indices give one integer per sample, shape (N,)",
    ),
    (
        r"For 1D input, 1D target must have size 1",
        "One sample's logits (1-D) take one class index: a target of shape () or (1,)",
    ),
    (
        r"invalid index of a 0-dim tensor|cannot be applied to a 0-dim tensor",
        "This tensor holds a single number: read it with .item() instead of indexing",
    ),
    (
        r"result type \w+ can't be cast to the desired output type",
        "An in-place operation cannot change the dtype: convert first (x = x.float()) or write "
        "it out of place",
    ),
    (
        r"more than one element of the written-to tensor refers to a single memory location",
        "Call .clone() on this expanded tensor before changing it in place",
    ),
    (r"step must be nonzero", "arange's step cannot be 0"),
    (
        r"upper bound and (larger|lower) bound inconsistent with step sign",
        "arange counts from start towards end: use a negative step to count down",
    ),
    (r"number of steps must be non-negative", "linspace needs steps >= 0"),
    (r"n must be greater or equal to 0", "eye(n) needs n >= 0"),
    (r"Torch not compiled with CUDA enabled", "There is no GPU here: leave out .cuda()"),
    (
        r"expected sequence of length \d+ at dim",
        "Every row of a nested list must have the same length",
    ),
    (r"new\(\): invalid data type", "torch.tensor takes numbers (or nested lists of numbers)"),
)

_NN = (
    (
        r"contains itself: a module cannot be inside its own submodules",
        "A module was added inside itself (m.add_module('x', m)): build the model from new "
        "modules, each inside the one that uses it",
    ),
    (
        r"Found dtype \w+ but expected",
        "The loss needs input and target of the same dtype: convert the target with .float()",
    ),
    (
        r"cannot record an in-place change to this view",
        "Compute it out of place and assign the result, e.g. `y = y * 2`, or `y[1:] = y[1:] * 2` "
        "for part of it",
    ),
    (
        r"should contain \d+ elements not \d+",
        "batch_norm keeps one number per channel (dim 1 of the input): running_mean, running_var, "
        "weight and bias each need as many numbers as the input has channels",
    ),
    (
        r"must be defined in evaluation mode",
        "batch_norm in evaluation needs the running statistics: pass running_mean and "
        "running_var, or training=True to use the batch's own",
    ),
    (
        r"all elements of input should be between 0 and 1",
        "BCELoss needs probabilities: apply torch.sigmoid first, or use BCEWithLogitsLoss",
    ),
    (
        r"all elements of target should be between 0 and 1",
        "BCELoss compares with targets between 0 and 1 (labels as 0. and 1.): for class numbers "
        "0, 1, 2, ... use CrossEntropyLoss",
    ),
    (
        r"expected target dtype to be Long or Byte",
        "Class targets must be integers: convert with .long()",
    ),
    (
        r"multi-target not supported",
        "CrossEntropyLoss wants one class index per sample (a 1-D tensor of integers)",
    ),
    (r"Expected target size", "The target must have one entry per sample"),
    (r"label_smoothing must be between 0.0 and 1.0", "Use a label_smoothing between 0 and 1"),
    (
        r"Error\(s\) in loading state_dict",
        "The state_dict's keys or shapes do not match this model",
    ),
    (
        r"Using a target size .* that is different to the input size",
        "The prediction and target shapes differ, so they broadcast: make them match (e.g. "
        "target.view(-1, 1))",
    ),
    (
        r"is not differentiable with respect to argument",
        "That argument (a target, or an index) cannot require grad: pass it .detach()ed",
    ),
    (r"Invalid learning rate", "The learning rate must be a number >= 0"),
    (r"optimizer got an empty parameter list", "Pass the parameters to optimise, e.g. [w, b]"),
)

_TUTORIAL_APIS = (
    # --- devices ----------------------------------------------------------------------------------
    (
        r"keeps every tensor on the CPU|not linked with support for|accelerator device",
        "There is no GPU here: use device='cpu' or leave device= out; the code runs the same",
    ),
    (
        r"device type at start of device string|Invalid device string|Device index must not",
        "A device is written 'cpu', 'cuda' or 'cuda:0'; here use 'cpu'",
    ),
    # --- inference_mode ---------------------------------------------------------------------------
    (
        r"Inference tensors cannot be saved for backward",
        "A tensor made under torch.inference_mode() cannot take part in a graph: make it outside "
        "inference_mode, use torch.no_grad() instead, or .clone() it first",
    ),
    (
        r"on inference tensor outside InferenceMode|Inplace update to inference tensor",
        "Tensors made under torch.inference_mode() stay read-only outside it: .clone() one to "
        "get an ordinary tensor",
    ),
    (
        r"Inference tensors do not track version counter",
        "Tensors made under torch.inference_mode() have no version counter: .clone() one first",
    ),
    # --- custom autograd.Function ----------------------------------------------------------------
    (
        r"returned an incorrect number of gradients",
        "backward() must return one gradient per input of forward() (None for an input that "
        "needs none)",
    ),
    (
        r"returned a gradient different than None at position",
        "Return None from backward() for an input of forward() that is not a tensor",
    ),
    (
        r"returned an invalid gradient at index",
        "Each gradient backward() returns must have the shape of the matching input",
    ),
    (r"expected Variable or None", "backward() must return tensors (or None), not numbers"),
    (
        r"non-static forward method is deprecated",
        "Write forward and backward as @staticmethod with ctx first, and call MyFn.apply(x)",
    ),
    (
        r"marked with @once_differentiable",
        "This Function's backward is not differentiable: remove @once_differentiable and write "
        "backward with tensor operations to take a second derivative",
    ),
    (
        r"leaf Variable that requires grad has been used in an in-place",
        "A leaf that requires grad cannot be changed in place: clone() it, or change it under "
        "torch.no_grad()",
    ),
    (
        r"differs from when `ReduceLROnPlateau` was initialized",
        "A param group was added after ReduceLROnPlateau was made with a list of min_lr: give "
        "one min_lr per group, or a single number",
    ),
    # --- module hooks ----------------------------------------------------------------------------
    (
        r"both regular backward hooks and full backward hooks",
        "Use register_full_backward_hook only (register_backward_hook is the old form)",
    ),
    (
        r"forward pre-hook must return None or a tuple",
        "A forward pre-hook returns None, or the new inputs as a tuple",
    ),
    (
        r"Module backward hook for a Module with no input Tensors",
        "A full backward hook needs a module whose input is a tensor",
    ),
    (
        r"Backward (pre )?hook returned an invalid number|no input requires gradient should",
        "A backward hook returns None, or one gradient per input (per output for a pre-hook)",
    ),
    # --- nn.utils, activations, data -------------------------------------------------------------
    (
        r"for gradients from `parameters` is non-finite",
        "A gradient is inf or nan: lower the learning rate, or pass error_if_nonfinite=False",
    ),
    (r"approximate argument must be either", "Use approximate='none' or approximate='tanh'"),
    (
        r"each element in list of batch should be of equal size",
        "Every sample of a dataset must have the same shape for DataLoader to stack a batch",
    ),
)

_WARNINGS = (
    (
        r"The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed",
        "Only tensors you created (leaves) get .grad; call y.retain_grad() before backward() to "
        "keep an intermediate's gradient",
    ),
    (
        r"To copy construct from a tensor",
        "Use x.detach().clone() to copy a tensor instead of torch.tensor(x)",
    ),
)

_PYTHON = (
    (
        r"^name 'torch' is not defined",
        "Add `import torch` as the first line of the snippet",
    ),
    (r"^name 'nn' is not defined", "Add `import torch.nn as nn` (or `from torch import nn`)"),
    (r"^name 'np' is not defined", "Add `import numpy as np`"),
    (
        r"^name '\w+' is not defined",
        "Check the spelling, and that the variable is assigned on an earlier line",
    ),
    (
        r"division by zero|divided by zero|modulo by zero",
        "A Python number was divided by zero: check the divisor",
    ),
    (
        r"unsupported operand type|can only concatenate|can't multiply sequence",
        "These two values cannot be combined with this operator: check their types",
    ),
    (r"object is not callable", "Only functions, classes and models can be called with ( )"),
    (r"object is not subscriptable", "Only lists, tuples, dicts, strings and tensors take [ ]"),
    (r"object is not iterable", "A for loop needs a range, a list, a tuple or a tensor"),
    (r"has no attribute", "Check the spelling of the name after the dot"),
    (
        r"index out of range",
        "The index is past the end: the last item of a list of length n is at n - 1",
    ),
    (r"too many values to unpack|not enough values to unpack", "Use one name per value"),
    (r"(takes|missing) .*(argument|positional)", "Check the number of arguments in the call"),
    (r"got an unexpected keyword argument", "Check the spelling of the keyword argument"),
    (r"Math range error|result too large|too large to convert", "The number is too large"),
    (r"invalid literal for int\(\)|could not convert string to float", "The text is no number"),
    (r"^assert", "An assert statement found its condition False"),
    (r"Invalid format specifier|format code", "Check the format spec after the colon"),
    (r"maximum recursion depth exceeded", "The structure is nested too deeply"),
)

_SYNTAX = (
    (
        r"(?i)invalid syntax|unexpected indent|unindent does not match|expected an indented",
        "Check the line for a typo, a missing colon or bracket, or wrong indentation",
    ),
    (r"(?i)was never closed|unmatched|does not match opening", "Brackets must come in pairs"),
    (r"(?i)unterminated string", "Close the string with the same quote it starts with"),
    (r"(?i)inconsistent use of tabs", "Indent with spaces only"),
)

_FUNCTIONS = (
    # --- the snippet's own functions, classes and exceptions --------------------------------------
    (
        r"super\(\): no arguments",
        "super() needs the method's own class and instance: call it inside a method whose first "
        "parameter is self, or write super(MyClass, self)",
    ),
    (
        r"No active exception to reraise",
        "A bare `raise` re-raises the error being handled: use it inside an `except` block, or "
        "raise a new one such as raise ValueError('what went wrong')",
    ),
    (
        r"cannot access local variable",
        "The function assigns this name somewhere, so Python treats it as the function's own: "
        "assign it before reading it, or declare it `global`/`nonlocal`",
    ),
    (
        r"(missing \d+ required|takes .* positional argument|unexpected keyword argument|"
        r"got multiple values for)",
        "The call does not match the function's parameters: compare the arguments with its def",
    ),
    (
        r"exceptions must derive from BaseException|catching classes that do not inherit",
        "Raise and catch the exception types themselves: raise ValueError('...'), "
        "except ValueError as e",
    ),
    (
        r"only runs while a snippet runs",
        "Run the code again: functions and generators of a snippet work while that snippet runs",
    ),
)

# --- the functions added for real tutorials (sort, einsum, linalg, pad, embedding, ...) ----------
_TUTORIAL_FUNCTIONS = (
    (
        r"einsum\(\): (more|fewer) operands",
        "Give einsum one tensor per comma-separated term of the equation: 'ij,jk->ik' takes two",
    ),
    (
        r"einsum\(\): .*(number of subscripts|subscripts must be in|output subscript)",
        "Each einsum term needs one letter per dimension of its tensor (use ... for the rest), "
        "and the output may only use letters of the inputs",
    ),
    (
        r"einsum\(\): subscript .* does not broadcast",
        "A letter used in two einsum terms must have the same size in both tensors",
    ),
    (r"einsum\(\): must provide", "Pass the tensors after the equation: einsum('ii', A)"),
    (
        r"tensordot expects dims|both dimension lists|contracted dimensions need to match",
        "tensordot adds up dims of equal size: dims=1 pairs a's last dim with b's first, or list "
        "them as ([dims of a], [dims of b])",
    ),
    (
        r"chunk expects|split_with_sizes expects|split_size can only|number of sections",
        "Split into a positive number of pieces, or give sizes that add up to the dim's length",
    ),
    (
        r"Expected dtype int32 or int64 for index|expected BoolTensor for mask|"
        r"Index to scalar can have only",
        "Positions must be an integer tensor (torch.tensor([0, 2])) and masks a boolean one "
        "(x > 0)",
    ),
    (
        r"selected index k out of range",
        "topk's k can be at most the length of the dim you pick from",
    ),
    # x.unfold(dim, size, step): windows of `size` elements, `step` apart
    (
        r"maximum size for tensor at dimension \d+ is \d+ but size is",
        "unfold's windows can be at most as long as the dim they slide along: check .shape[dim]",
    ),
    (
        r"size is -?\d+ but must be >= 0|step is -?\d+ but must be > 0",
        "unfold(dim, size, step) takes a window size of 0 or more and a step of 1 or more",
    ),
    (
        r"kthvalue\(\): selected number k out of range",
        "kthvalue's k counts from 1 (the smallest) up to the length of the dim you pick from",
    ),
    (
        r"bincount only supports|minlength should be",
        "bincount counts a 1-d tensor of non-negative integers (and minlength must be >= 0)",
    ),
    (
        r"diag\(\): Supports|input tensor must have at least 2 dimensions|"
        r"The input tensor A must have at least 2 dimensions|diagonal dimensions cannot be",
        "This works on matrices: give a tensor with at least two dims (and two different dims "
        "for the diagonal)",
    ),
    (
        r"shifts and dimensions must align",
        "Give roll one shift per dim: x.roll((1, -1), (0, 1))",
    ),
    (r"order must be non-negative", "diff's n counts how many times to take differences: n >= 0"),
    (
        r"unflatten: Provided sizes",
        "The sizes you unflatten into must multiply to the length of that dim (one may be -1)",
    ),
    (
        r"torch\.meshgrid: ",
        "meshgrid takes 1-d tensors and indexing='ij' (matrix order) or 'xy' (plotting order)",
    ),
    (
        r"linalg\.(vector_norm|norm): .*ord|If dim is not specified but ord is",
        "Give ord as a number (2, 1, float('inf')) for a vector norm, or 'fro' for a matrix",
    ),
    (
        r"linalg\.cross: ",
        "cross needs two tensors with the same number of dims and length 3 along dim",
    ),
    (r"multi_dot\(\): expected at least 2", "multi_dot multiplies a list of two or more tensors"),
    (
        r"nanmean\(\): expected input to have floating point",
        "nanmean works on floating-point tensors: call .float() first",
    ),
    (
        r"resulted in a negative output size|Padding length",
        "F.pad takes (left, right) pairs for the last dims, at most two per dim of the input, "
        "and may not crop more than the input has",
    ),
    (
        r"Halving dimension must be even|glu does not support scalars",
        "GLU splits dim into two halves: its length must be even",
    ),
    (
        r"A must be batches of square matrices|Incompatible shapes of A and B",
        "This needs square matrices A, and B with as many rows as A",
    ),
    (
        r"one_hot is only applicable|Class values must be",
        "one_hot takes int64 class indices from 0 to num_classes - 1",
    ),
    (
        r"argument #1 'indices'",
        "An embedding looks rows up by integer index: pass a LongTensor such as "
        "torch.tensor([0, 3])",
    ),
    (
        r"Given normalized_shape=",
        "layer_norm's normalized_shape must be the input's last dims, e.g. (x.shape[-1],)",
    ),
    (
        r"does not support negative values for beta|non-positive values for delta",
        "beta (smooth_l1_loss) must be >= 0 and delta (huber_loss) > 0",
    ),
)

_IMAGES = (
    # --- random integers, convolution and pooling -----------------------------------------------
    (
        r"random_ expects 'from' to be less than 'to'",
        "randint(low, high, size) draws from low up to but not including high: make high > low",
    ),
    (
        r"random_ expects 'from' casted to dtype to be less than 'to' casted to dtype",
        "A float tensor holds only every other integer (or fewer) this far from 0, so these "
        "bounds leave nothing to draw: use bounds within ±2**24 (float32), or an int64 tensor",
    ),
    (
        r"slow_conv2d_cpu\" not implemented",
        "Convolutions work on floating-point images: convert the input with .float()",
    ),
    (
        r"expected scalar type \w+ but found \w+",
        "The image and the layer's weights have different dtypes: convert one (.float() or "
        ".double()) so they match",
    ),
    (
        r"must either be a single int, or a tuple of two ints",
        "Give kernel_size, stride, padding and dilation as one number or a pair, e.g. 3 or (3, 3)",
    ),
    (
        r"Expected 3D \(unbatched\) or 4D \(batched\) input",
        "Images go in as (channels, height, width), or (batch, channels, height, width): add the "
        "missing dimensions with .unsqueeze(0)",
    ),
    (
        r"Given groups=1, weight of size .* to have \d+ channels",
        "The layer's in_channels must match the image's channel dimension (dim 1 of a batch)",
    ),
    (
        r"expected bias to be 1-dimensional",
        "The bias needs one number per output channel (the weight's first dimension)",
    ),
    (
        r"Kernel size can't be greater than actual input size",
        "The image (with its padding) is smaller than the kernel: use a smaller kernel, more "
        "padding, or a bigger image",
    ),
    (
        r"Output size is too small",
        "After pooling nothing is left: the window is bigger than the image, so pool less often "
        "or with a smaller window",
    ),
    (
        r"divisible by the product of kernel_size",
        "fold's input has one row per kernel position of each channel: its dim 1 must be channels "
        "x kernel height x kernel width",
    ),
    (
        r"the calculated number of sliding blocks",
        "fold's input needs one column per window that fits in output_size: check output_size, "
        "kernel_size, stride and padding against unfold's",
    ),
    (
        r"pad should be at most half of effective kernel size",
        "Pooling padding can be at most half the window: use padding <= kernel_size // 2",
    ),
    (
        r"padding='same' is not supported for strided convolutions",
        "padding='same' keeps the size only with stride 1: give the padding as a number instead",
    ),
)

HINTS: tuple[tuple[str, str], ...] = (
    *_BACKWARD,
    *_REQUIRES_GRAD,
    *_SHAPES,
    *_VALUES,
    *_NN,
    *_IMAGES,
    *_TUTORIAL_APIS,
    *_TUTORIAL_FUNCTIONS,
    *_WARNINGS,
    *_PYTHON,
    *_FUNCTIONS,
    *_SYNTAX,
)
