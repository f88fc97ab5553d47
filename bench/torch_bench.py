"""torch_bench: PyTorch (float64, one thread) on the work `make bench` times, in the same run,
and the ratios. Usage: torch_bench.py BENCH_BINARY. Needs Debian's python3-torch."""
import os
import subprocess
import sys
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def best(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return min(times)


def lstm_fwd_bwd(I, H, T, B, repeats):
    torch.manual_seed(1)
    m = torch.nn.LSTM(I, H)
    x = torch.randn(T, B, I)

    def run():
        m.zero_grad()
        out, _ = m(x)
        out.sum().backward()
    return best(run, repeats)


def lstm_gradcheck():
    torch.manual_seed(1)
    m = torch.nn.LSTM(4, 8)
    x = torch.randn(20, 1, 4, requires_grad=True)
    params = list(m.parameters())

    def f(x, *ps):
        out, _ = torch.func.functional_call(m, {n: p for (n, _), p in zip(m.named_parameters(), ps)}, (x,)) \
            if hasattr(torch, "func") else m(x)
        return out
    inputs = (x, *[p.detach().clone().requires_grad_(True) for p in params])

    def run():
        assert torch.autograd.gradcheck(lambda x, *ps: _call(m, x, ps), inputs, eps=1e-6,
                                        atol=1e-8, rtol=1e-6)
    return best(run, 1)


def _call(m, x, ps):
    names = [n for n, _ in m.named_parameters()]
    from torch.nn.utils import stateless
    out, _ = stateless.functional_call(m, dict(zip(names, ps)), (x,))
    return out


def rnn_norms():
    torch.manual_seed(1)
    m = torch.nn.RNN(128, 128)
    x = torch.randn(1000, 1, 128)

    def run():
        m.zero_grad()
        h = torch.zeros(1, 1, 128)
        hs = []
        for t in range(1000):
            _, h = m(x[t:t + 1], h)
            h.retain_grad()
            hs.append(h)
        hs[-1].sum().backward()
        return [float(v.grad.norm()) for v in hs]
    return best(run, 3)


# {==== Training iterations, as bench/bench.c's bench_training ====
# Warm-up, then the fastest of many short blocks' mean ms per iteration, as in bench.c.
WARMUP = 3
ADDING_BLOCKS, CHARLM_BLOCKS = (10, 3), (8, 1)  # blocks, iterations per block


def per_iteration(step, blocks, per_block):
    for _ in range(WARMUP):
        step()
    times = []
    for _ in range(blocks):
        t0 = time.perf_counter()
        for _ in range(per_block):
            step()
        times.append((time.perf_counter() - t0) * 1e3 / per_block)
    return min(times)


def adding_step_time(blocks, per_block):
    """The adding problem (T=100, B=32): nn.LSTM(2, 32) and nn.Linear(32, 1) on the last
    state, MSE, Adam lr 0.01, clip_grad_norm_ at 1; each iteration draws its batch."""
    T, B, H = 100, 32, 32
    torch.manual_seed(1)
    lstm, out = torch.nn.LSTM(2, H), torch.nn.Linear(H, 1)
    params = list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=0.01)
    cols = torch.arange(B)

    def step():
        values = torch.rand(T, B)
        first = torch.randint(0, T // 2, (B,))
        second = torch.randint(T // 2, T, (B,))
        marks = torch.zeros(T, B)
        marks[first, cols] = 1
        marks[second, cols] = 1
        x = torch.stack([values, marks], 2)
        y = (values * marks).sum(0).unsqueeze(1)
        opt.zero_grad()
        h, _ = lstm(x)
        loss = torch.nn.functional.mse_loss(out(h[-1]), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    return per_iteration(step, blocks, per_block)


def charlm_step_time(blocks, per_block, V=96, H=128, T=64, B=32):
    """A character-level LM's iteration: a random text of V symbols in B streams, one-hot
    input, nn.LSTM(V, H) from the previous batch's last state (detached), nn.Linear(H, V)
    on every step, cross-entropy over all T*B characters, clip_grad_norm_ at 1, Adam 0.003."""
    torch.manual_seed(1)
    lstm, out = torch.nn.LSTM(V, H), torch.nn.Linear(H, V)
    params = list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=0.003)
    iters = WARMUP + blocks * per_block
    text = torch.randint(0, V, (B, iters * T + 1))
    state = [torch.zeros(1, B, H), torch.zeros(1, B, H)]
    pos = [0]

    def step():
        p = pos[0]
        window = text[:, p:p + T + 1].t()  # (T+1, B), step-major
        pos[0] += T
        x = torch.nn.functional.one_hot(window[:-1], V).to(torch.float64)
        opt.zero_grad()
        h, (hn, cn) = lstm(x, (state[0], state[1]))
        loss = torch.nn.functional.cross_entropy(out(h).reshape(T * B, V),
                                                 window[1:].reshape(T * B))
        loss.backward()
        state[0], state[1] = hn.detach(), cn.detach()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    return per_iteration(step, blocks, per_block)
# }====


def blas_in_use():
    """The BLAS library this process has loaded (torch's matrix products go through it when
    torch.__config__ says BLAS_INFO=generic), and what it is."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    found = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if any(k in name for k in ("blas", "mkl_rt", "blis", "atlas")) and "lapack" not in name:
                found.add(os.path.realpath(path))
    kinds = []
    for path in sorted(found):
        if "openblas" in path:
            kinds.append("OpenBLAS (%s)" % path)
        elif "blis" in path:
            kinds.append("BLIS (%s)" % path)
        elif "mkl" in path:
            kinds.append("MKL (%s)" % path)
        elif "atlas" in path:
            kinds.append("ATLAS (%s)" % path)
        elif "/blas/" in path:
            kinds.append("the reference BLAS (%s)" % path)
        else:
            kinds.append(path)
    return ", ".join(kinds) or "none loaded"


ours = None
out = subprocess.run([sys.argv[1]], capture_output=True, text=True, check=True).stdout
for line in out.splitlines():
    if line.startswith("RESULT"):
        ours = [float(v) for v in line.split()[1:]]
theirs = [lstm_fwd_bwd(32, 32, 100, 1, 20), lstm_fwd_bwd(128, 128, 100, 1, 10),
          lstm_fwd_bwd(256, 256, 100, 32, 2), lstm_gradcheck(), rnn_norms(),
          adding_step_time(*ADDING_BLOCKS), charlm_step_time(*CHARLM_BLOCKS)]
labels = ["LSTM fwd+bwd I=H=32 T=100 B=1", "LSTM fwd+bwd I=H=128 T=100 B=1",
          "LSTM fwd+bwd I=H=256 T=100 B=32", "full gradient check, LSTM I=4 H=8 T=20",
          "||dL/dh_t|| of an RNN, H=128 T=1000",
          "train step: adding LSTM H=32 T=100 B=32",
          "train step: charlm LSTM 128 T=64 B=32 V=96"]
print("PyTorch %s, float64, %d thread, BLAS: %s; same machine, same run\n"
      % (torch.__version__, torch.get_num_threads(), blas_in_use()))
# The training issue's goal for its two iterations: at least 5x faster than PyTorch.
goals = [None] * 5 + [5, 5]
print("%-44s %12s %12s %9s  %s" % ("work", "gradlab ms", "PyTorch ms", "speed-up", "goal"))
for label, a, b, g in zip(labels, ours, theirs, goals):
    verdict = "" if g is None else ">= %gx: %s" % (g, "met" if b / a >= g else "NOT met")
    print("%-44s %12.3f %12.3f %8.1fx  %s" % (label, a, b, b / a, verdict))
