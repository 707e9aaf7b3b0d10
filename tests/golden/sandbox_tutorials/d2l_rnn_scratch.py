# d2l.ai 9.5 "Recurrent Neural Network Implementation from Scratch" (PyTorch edition): an
# RNNScratch module with nn.Parameter weights (torch.randn * sigma), a forward loop over time
# steps with torch.tanh, F.one_hot inputs, an output layer, cross-entropy over the sequence,
# and the chapter's clip_gradients helper (gradient norm clipping by hand) in a short training
# loop on a tiny repeating character sequence (20 steps: by step 30 the float32 sums, added up
# in another order, differ from PyTorch's in the third decimal).
# https://d2l.ai/chapter_recurrent-neural-networks/rnn-scratch.html
import torch
from torch import nn
from torch.nn import functional as F

torch.manual_seed(0)


class RNNScratch(nn.Module):
    """The RNN model implemented from scratch."""
    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.num_inputs, self.num_hiddens, self.sigma = num_inputs, num_hiddens, sigma
        self.W_xh = nn.Parameter(
            torch.randn(num_inputs, num_hiddens) * sigma)
        self.W_hh = nn.Parameter(
            torch.randn(num_hiddens, num_hiddens) * sigma)
        self.b_h = nn.Parameter(torch.zeros(num_hiddens))

    def forward(self, inputs, state=None):
        if state is None:
            # Initial state with shape: (batch_size, num_hiddens)
            state = torch.zeros((inputs.shape[1], self.num_hiddens),
                                device=inputs.device)
        else:
            state, = state
        outputs = []
        for X in inputs:  # Shape of inputs: (num_steps, batch_size, num_inputs)
            state = torch.tanh(torch.matmul(X, self.W_xh) +
                               torch.matmul(state, self.W_hh) + self.b_h)
            outputs.append(state)
        return outputs, state


batch_size, num_inputs, num_hiddens, num_steps = 2, 16, 32, 100
rnn = RNNScratch(num_inputs, num_hiddens)
X = torch.ones((num_steps, batch_size, num_inputs))
outputs, state = rnn(X)


def check_len(a, n):
    """Check the length of a list."""
    assert len(a) == n, f'list\'s length {len(a)} != expected length {n}'


def check_shape(a, shape):
    """Check the shape of a tensor."""
    assert a.shape == shape, \
        f'tensor\'s shape {a.shape} != expected shape {shape}'


check_len(outputs, num_steps)
check_shape(outputs[0], (batch_size, num_hiddens))
check_shape(state, (batch_size, num_hiddens))
print(len(outputs), outputs[0].shape, state.shape)


class RNNLMScratch(nn.Module):
    """The RNN-based language model implemented from scratch."""
    def __init__(self, rnn, vocab_size, lr=0.01):
        super().__init__()
        self.rnn, self.vocab_size, self.lr = rnn, vocab_size, lr
        self.init_params()

    def init_params(self):
        self.W_hq = nn.Parameter(
            torch.randn(
                self.rnn.num_hiddens, self.vocab_size) * self.rnn.sigma)
        self.b_q = nn.Parameter(torch.zeros(self.vocab_size))

    def one_hot(self, X):
        # Output shape: (num_steps, batch_size, vocab_size)
        return F.one_hot(X.T, self.vocab_size).type(torch.float32)

    def output_layer(self, rnn_outputs):
        outputs = [torch.matmul(H, self.W_hq) + self.b_q for H in rnn_outputs]
        return torch.stack(outputs, 1)

    def forward(self, X, state=None):
        embs = self.one_hot(X)
        rnn_outputs, _ = self.rnn(embs, state)
        return self.output_layer(rnn_outputs)

    def loss(self, Y_hat, Y):
        Y_hat = Y_hat.reshape((-1, Y_hat.shape[-1]))
        return F.cross_entropy(Y_hat, Y.reshape((-1,)))


model = RNNLMScratch(rnn, num_inputs)
outputs = model(torch.ones((batch_size, num_steps), dtype=torch.int64))
check_shape(outputs, (batch_size, num_steps, num_inputs))
print(outputs.shape)


def clip_gradients(self, grad_clip_val, model):
    params = [p for p in model.parameters() if p.requires_grad]
    norm = torch.sqrt(sum(torch.sum((p.grad ** 2)) for p in params))
    if norm > grad_clip_val:
        for param in params:
            param.grad[:] *= grad_clip_val / norm
    return norm


text = 'the time machine by h g wells ' * 3
vocab = sorted(set(text))
corpus = torch.tensor([vocab.index(ch) for ch in text])
print(len(vocab), corpus[:10].tolist())

torch.manual_seed(1)
lm = RNNLMScratch(RNNScratch(len(vocab), 24, sigma=0.1), len(vocab), lr=1.0)
opt = torch.optim.SGD(lm.parameters(), lr=lm.lr)
steps = 10
Xs = torch.stack([corpus[i:i + steps] for i in range(0, 60, 6)])
Ys = torch.stack([corpus[i + 1:i + steps + 1] for i in range(0, 60, 6)])
for epoch in range(20):
    opt.zero_grad()
    l = lm.loss(lm(Xs), Ys)
    l.backward()
    norm = clip_gradients(None, 1.0, lm)
    opt.step()
    if epoch % 10 == 9:
        print(f'epoch {epoch + 1}: perplexity {torch.exp(l).item():.3f}, grad norm {norm.item():.3f}')
