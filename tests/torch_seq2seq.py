"""torch_seq2seq.py DUMP: `gradlab train reverse`'s loss and gradient against PyTorch
(float64). DUMP is the JSON test_seq2seq writes (GRADLAB_SEQ2SEQ_DUMP): a padded batch of
digit strings, the weights, gradlab's loss and gradient. Torch rebuilds the model string by
string, with no padding at all (so the masks and ignore_index are checked too): GRU encoder,
GRU decoder from the encoder's last state, fed the start token then the reversed string
(teacher forcing), Luong's general attention q W k^T over the encoder states, a linear layer
on [decoder state; context], cross-entropy over every real token of the batch."""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)
d = json.load(open(sys.argv[1]))
H = d["hidden"]
P = {k: torch.tensor(v, requires_grad=True) for k, v in d["params"].items()}
enc = torch.nn.GRU(10, H)
dec = torch.nn.GRU(11, H)
with torch.no_grad():
    for gru, pre in ((enc, "encoder"), (dec, "decoder")):
        for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(gru, n + "_l0").copy_(P[pre + "." + n].reshape(getattr(gru, n + "_l0").shape))
W, Wo, bo = P["attention.W"], P["out.weight"], P["out.bias"].reshape(-1)
END, START = 10, 10
total, tokens = 0.0, 0
for s in d["strings"]:
    src = [int(c) for c in s]
    L = len(src)
    x = torch.nn.functional.one_hot(torch.tensor(src), 10).double().reshape(L, 1, 10)
    E, hn = enc(x)
    E = E.reshape(L, H)
    tgt = list(reversed(src))
    inp = torch.nn.functional.one_hot(torch.tensor([START] + tgt), 11).double().reshape(L + 1, 1, 11)
    D, _ = dec(inp, hn)
    D = D.reshape(L + 1, H)
    w = torch.softmax(D @ W @ E.T, dim=1)
    logits = torch.cat([D, w @ E], dim=1) @ Wo.T + bo
    total = total + torch.nn.functional.cross_entropy(logits, torch.tensor(tgt + [END]), reduction="sum")
    tokens += L + 1
loss = total / tokens
loss.backward()
grads = {"attention.W": W.grad, "out.weight": Wo.grad, "out.bias": P["out.bias"].grad}
for gru, pre in ((enc, "encoder"), (dec, "decoder")):
    for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        grads[pre + "." + n] = getattr(gru, n + "_l0").grad
bad = 0
if abs(loss.item() - d["loss"]) > 1e-12 * abs(loss.item()):
    print("torch_seq2seq: loss %.17g, gradlab %.17g" % (loss.item(), d["loss"]))
    bad = 1
for name, g in d["grads"].items():
    want = grads[name].reshape(-1)
    got = torch.tensor(g).reshape(-1)
    err = (want - got).abs().max().item() / max(want.abs().max().item(), 1e-300)
    if err > 1e-10:
        print("torch_seq2seq: %s differs, relative error %.3g" % (name, err))
        bad = 1
print("torch_seq2seq: loss and %d gradients %s PyTorch's" % (len(d["grads"]), "differ from" if bad else "match"))
sys.exit(bad)
