"""torch_charlm.py GRADLAB: `gradlab train charlm` against PyTorch in float64.

gradlab saves its initial weights (--iters 0) and its weights after K iterations of SGD
(--save); this script loads the initial ones into torch.nn.Embedding (or one-hot inputs),
torch.nn.LSTM / GRU / RNN and torch.nn.Linear, cuts the same text into the same streams,
and runs the same K windows of truncated BPTT: cross-entropy per character, backward, an SGD
step, the last hidden state carried into the next window with .detach() and reset to zeros
when the streams start again. The weights and the carried state must match gradlab's to
1e-10 (relative). Exit status 1 on a mismatch."""
import os
import shutil
import subprocess
import sys
import tempfile

import torch

torch.set_default_dtype(torch.float64)
gradlab = sys.argv[1]
failed = 0


def read_checkpoint(path):
    params, state = {}, None
    for line in open(path):
        f = line.split()
        if f[0] == "param":
            params[f[1]] = [float.fromhex(v) for v in f[3:]]
        elif f[0] == "charlm":
            state = [float.fromhex(v) for v in f[2:]]
    return params, state


def case(name, text, cell, one_hot, T, B, H, D, iters, lr, clip=0.0):
    global failed
    d = tempfile.mkdtemp()
    try:
        run_case(d, name, text, cell, one_hot, T, B, H, D, iters, lr, clip)
    finally:
        shutil.rmtree(d)


def run_case(d, name, text, cell, one_hot, T, B, H, D, iters, lr, clip):
    global failed
    tpath = os.path.join(d, "t.txt")
    with open(tpath, "w", encoding="utf-8") as f:
        f.write(text)
    opts = [gradlab, "train", "charlm", "--text", tpath, "--cell", cell, "--hidden", str(H),
            "--embed", str(D), "--steps", str(T), "--batch", str(B), "--optimizer", "sgd",
            "--lr", repr(lr), "--clip", repr(clip), "--eval-every", "0", "--seed", "5"]
    if one_hot:
        opts.append("--one-hot")
    for k, path in ((0, "c0"), (iters, "ck")):
        subprocess.run(opts + ["--iters", str(k), "--save", os.path.join(d, path)],
                       check=True, stdout=subprocess.DEVNULL)
    p0, _ = read_checkpoint(os.path.join(d, "c0"))
    pk, carried = read_checkpoint(os.path.join(d, "ck"))

    chars = list(text)
    vocab = sorted(set(chars))
    V = len(vocab)
    ids = [vocab.index(c) for c in chars]
    n = len(ids)
    n_train = n - n * 10 // 100
    L = (n_train - 1) // B
    W = L // T

    I = V if one_hot else D
    Cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell]
    rnn = Cls(I, H)
    emb = None if one_hot else torch.nn.Embedding(V, D)
    out = torch.nn.Linear(H, V)
    with torch.no_grad():
        if emb is not None:
            emb.weight.copy_(torch.tensor(p0["embedding.weight"]).view(V, D))
        for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            t = getattr(rnn, w + "_l0")
            t.copy_(torch.tensor(p0[w]).view(t.shape))
        out.weight.copy_(torch.tensor(p0["readout.weight"]).view(V, H))
        out.bias.copy_(torch.tensor(p0["readout.bias"]))
    params = ([emb.weight] if emb is not None else []) + list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.SGD(params, lr=lr)
    h = torch.zeros(1, B, H)
    c = torch.zeros(1, B, H)
    for it in range(iters):
        pos = it % W
        if pos == 0:
            h = torch.zeros(1, B, H)
            c = torch.zeros(1, B, H)
        x = torch.tensor([[ids[b * L + pos * T + s] for b in range(B)] for s in range(T)])
        y = torch.tensor([[ids[b * L + pos * T + s + 1] for b in range(B)] for s in range(T)])
        inp = torch.nn.functional.one_hot(x, V).double() if one_hot else emb(x)
        if cell == "lstm":
            o, (hn, cn) = rnn(inp, (h, c))
        else:
            o, hn = rnn(inp, h)
            cn = c
        loss = torch.nn.functional.cross_entropy(out(o).reshape(T * B, V), y.reshape(T * B))
        opt.zero_grad()
        loss.backward()
        if clip > 0:
            torch.nn.utils.clip_grad_norm_(params, clip)
        opt.step()
        h, c = hn.detach(), cn.detach()  # truncated BPTT: the state as a constant

    def worst(a, b):
        a = torch.tensor(a).flatten()
        b = b.detach().flatten()
        return ((a - b).abs() / (1e-12 + b.abs().max())).max().item()

    got = {"readout.weight": out.weight, "readout.bias": out.bias}
    if emb is not None:
        got["embedding.weight"] = emb.weight
    for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        got[w] = getattr(rnn, w + "_l0")
    if iters <= W:
        print("FAIL %s: %d iterations do not reach the streams' end (%d windows)" % (name, iters, W))
        failed += 1
    err = max(worst(pk[k], v) for k, v in got.items())
    HB = B * H
    err = max(err, worst(carried[1:1 + HB], h[0]))
    if cell == "lstm":
        err = max(err, worst(carried[1 + HB:], c[0]))
    if carried[0] != iters % W:
        err = float("inf")
    ok = err < 1e-10
    print("%s %s: %d iterations (%d windows per pass), worst relative error %.3g" %
          ("ok" if ok else "FAIL", name, iters, W, err))
    failed += not ok


mixed = "the gradient flows back; 梯度反向传播。Vanishing, exploding: 消失与爆炸.\n" * 3
# Each runs past the streams' end (9 to 12 windows a pass), so the reset is compared too.
case("lstm embedding", mixed, "lstm", False, 5, 3, 4, 3, 12, 0.5)
case("lstm one-hot, clipped", mixed, "lstm", True, 6, 2, 3, 3, 14, 0.3, clip=0.5)
case("gru embedding", mixed, "gru", False, 4, 4, 5, 2, 11, 0.4)
case("rnn embedding", mixed, "rnn", False, 7, 2, 3, 4, 12, 0.4)
sys.exit(1 if failed else 0)
