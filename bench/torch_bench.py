"""torch_bench: PyTorch (float64, one thread) on the work `make bench` times, in the same run,
and the ratios. Usage: torch_bench.py BENCH_BINARY. Needs Debian's python3-torch."""
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


ours = None
out = subprocess.run([sys.argv[1]], capture_output=True, text=True, check=True).stdout
for line in out.splitlines():
    if line.startswith("RESULT"):
        ours = [float(v) for v in line.split()[1:]]
theirs = [lstm_fwd_bwd(32, 32, 100, 1, 20), lstm_fwd_bwd(128, 128, 100, 1, 10),
          lstm_fwd_bwd(256, 256, 100, 32, 2), lstm_gradcheck(), rnn_norms()]
labels = ["LSTM fwd+bwd I=H=32 T=100 B=1", "LSTM fwd+bwd I=H=128 T=100 B=1",
          "LSTM fwd+bwd I=H=256 T=100 B=32", "full gradient check, LSTM I=4 H=8 T=20",
          "||dL/dh_t|| of an RNN, H=128 T=1000"]
print("PyTorch %s, float64, 1 thread, same machine, same run\n" % torch.__version__)
print("%-40s %12s %12s %9s" % ("work", "gradlab ms", "PyTorch ms", "speed-up"))
for label, a, b in zip(labels, ours, theirs):
    print("%-40s %12.3f %12.3f %8.1fx" % (label, a, b, b / a))
