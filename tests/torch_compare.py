"""torch_compare: gradlab's outputs and gradients against PyTorch's, digit for digit.

For random cases of every model `gradlab grad` knows, builds the same computation in
PyTorch (float64), runs backward with the same upstream gradient, and requires every output
and every gradient to agree to 1e-9 relative (with an absolute floor of 1e-12 times the
tensor's scale). Prints one line per case and a closing "N passed, N failed" line.
Run by tests/torch_compare.sh with Debian's python3-torch; usage: torch_compare.py GRADLAB
"""
import json
import math
import subprocess
import sys

import torch

torch.set_default_dtype(torch.float64)
RTOL = 1e-9
gradlab = sys.argv[1]
passed = failed = 0


def rand(*shape, scale=1.0):
    return (torch.randn(*shape) * scale)


def to_list(t):
    return t.detach().tolist()


def run_gradlab(request):
    p = subprocess.run([gradlab, "grad", "-"], input=json.dumps(request).encode(),
                       capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("gradlab grad failed: " + p.stderr.decode())
    return json.loads(p.stdout)


def worst(expected, got):
    """Largest error of got against expected, relative to the tensor's largest value."""
    e = torch.as_tensor(expected, dtype=torch.float64)
    g = torch.as_tensor(got, dtype=torch.float64)
    if e.shape != g.shape:
        return math.inf, "shape %s vs %s" % (tuple(e.shape), tuple(g.shape))
    diff = (e - g).abs()
    tol = RTOL * e.abs() + 1e-12 * max(1.0, e.abs().max().item() if e.numel() else 1.0)
    excess = (diff / tol).max().item() if e.numel() else 0.0
    return excess, "max |diff| %.3g" % (diff.max().item() if e.numel() else 0.0)


def compare(name, torch_out, torch_grads, request):
    global passed, failed
    answer = run_gradlab(request)
    problems = []
    for key, value in torch_out.items():
        excess, what = worst(value, answer["outputs"].get(key))
        if excess > 1:
            problems.append("outputs.%s: %s" % (key, what))
    for key, value in torch_grads.items():
        excess, what = worst(value, answer["grads"].get(key))
        if excess > 1:
            problems.append("grads.%s: %s" % (key, what))
    missing = set(answer["grads"]) ^ set(torch_grads)
    if missing:
        problems.append("gradients named differently: %s" % sorted(missing))
    if problems:
        failed += 1
        print("FAIL %s: %s" % (name, "; ".join(problems)))
    else:
        passed += 1
        print("ok   %s" % name)


def recurrent_case(kind, T, B, I, H, nonlinearity="tanh", with_state=True):
    cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    kw = {"nonlinearity": nonlinearity} if kind == "rnn" else {}
    m = cls(I, H, **kw)
    batched = B > 0
    x = rand(T, B, I) if batched else rand(T, I)
    x.requires_grad_(True)
    state_shape = (1, B, H) if batched else (1, H)
    h0 = rand(*state_shape, scale=0.5).requires_grad_(True)
    c0 = rand(*state_shape, scale=0.5).requires_grad_(True)
    inputs = {"x": to_list(x)}
    args = [x]
    if with_state:
        inputs["h0"] = to_list(h0[0])
        if kind == "lstm":
            inputs["c0"] = to_list(c0[0])
            args.append((h0, c0))
        else:
            args.append(h0)
    out, state = m(*args)
    h_n = state[0] if kind == "lstm" else state
    outs = {"output": out, "h_n": h_n[0]}
    if kind == "lstm":
        outs["c_n"] = state[1][0]
    douts = {k: rand(*v.shape) for k, v in outs.items()}
    L = sum((v * douts[k]).sum() for k, v in outs.items())
    L.backward()
    params = {n[:-3]: to_list(p) for n, p in m.named_parameters()}  # weight_ih_l0 -> weight_ih
    grads = {n[:-3]: p.grad for n, p in m.named_parameters()}
    grads["x"] = x.grad
    if with_state:
        grads["h0"] = h0.grad[0]
        if kind == "lstm":
            grads["c0"] = c0.grad[0]
    request = {"model": kind, "params": params, "inputs": inputs,
               "dout": {k: to_list(v) for k, v in douts.items()}}
    if kind == "rnn":
        request["options"] = {"nonlinearity": nonlinearity}
    compare("%s%s T=%d B=%d I=%d H=%d%s" % (kind, ":" + nonlinearity if kind == "rnn" else "",
                                             T, B, I, H, "" if with_state else " (zero state)"),
            outs, grads, request)


def attention_case(score, Tq, Tk, d, dv, A=5, mask=None):
    q = rand(Tq, d).requires_grad_(True)
    k = rand(Tk, d).requires_grad_(True)
    v = rand(Tk, dv).requires_grad_(True)
    params = {}
    if score == "dot":
        s = q @ k.T
    elif score == "scaled_dot":
        s = q @ k.T / math.sqrt(d)
    elif score == "general":
        W = rand(d, d, scale=0.5).requires_grad_(True)
        params["W"] = W
        s = q @ W @ k.T
    else:
        Wq = rand(A, d, scale=0.5).requires_grad_(True)
        Wk = rand(A, d, scale=0.5).requires_grad_(True)
        vv = rand(A).requires_grad_(True)
        params.update({"W_q": Wq, "W_k": Wk, "v": vv})
        s = torch.tanh((q @ Wq.T)[:, None, :] + (k @ Wk.T)[None, :, :]) @ vv
    if mask is not None:
        s = s.masked_fill(~torch.tensor(mask, dtype=torch.bool)[None, :], float("-inf"))
    w = torch.softmax(s, dim=1)
    ctx = w @ v
    outs = {"context": ctx, "weights": w}
    douts = {key: rand(*val.shape) for key, val in outs.items()}
    (sum((val * douts[key]).sum() for key, val in outs.items())).backward()
    grads = {"query": q.grad, "keys": k.grad, "values": v.grad}
    grads.update({name: p.grad for name, p in params.items()})
    inputs = {"query": to_list(q), "keys": to_list(k), "values": to_list(v)}
    if mask is not None:
        inputs["mask"] = [1 if m else 0 for m in mask]
    request = {"model": "attention", "options": {"score": score},
               "params": {name: to_list(p) for name, p in params.items()},
               "inputs": inputs, "dout": {key: to_list(val) for key, val in douts.items()}}
    compare("attention:%s Tq=%d Tk=%d d=%d%s" % (score, Tq, Tk, d, " masked" if mask else ""),
            outs, grads, request)


def activation_case(name, shape, **opt):
    x = rand(*shape, scale=2.0).requires_grad_(True)
    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
         "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, opt.get("negative_slope", 0.01)),
         "elu": lambda t: torch.nn.functional.elu(t, opt.get("alpha", 1.0)),
         "softmax": lambda t: torch.softmax(t, dim=-1),
         "log_softmax": lambda t: torch.log_softmax(t, dim=-1)}[name]
    y = f(x)
    dy = rand(*y.shape)
    (y * dy).sum().backward()
    request = {"model": name, "inputs": {"x": to_list(x)}, "dout": {"output": to_list(dy)}}
    if opt:
        request["options"] = opt
    compare("%s %s %s" % (name, "x".join(map(str, shape)), opt or ""), {"output": y},
            {"x": x.grad}, request)


def loss_cases():
    pred = rand(4, 3).requires_grad_(True)
    target = rand(4, 3).requires_grad_(True)
    loss = torch.nn.functional.mse_loss(pred, target)
    (loss * 0.7).backward()
    compare("mse 4x3", {"loss": loss}, {"pred": pred.grad, "target": target.grad},
            {"model": "mse", "inputs": {"pred": to_list(pred), "target": to_list(target)},
             "dout": {"loss": 0.7}})
    logits = rand(5, 4, scale=3.0).requires_grad_(True)
    t = torch.randint(0, 4, (5,))
    loss = torch.nn.functional.cross_entropy(logits, t)
    (loss * 1.3).backward()
    compare("cross_entropy 5x4", {"loss": loss}, {"logits": logits.grad},
            {"model": "cross_entropy", "inputs": {"logits": to_list(logits), "target": t.tolist()},
             "dout": {"loss": 1.3}})


def layer_cases():
    """linear, layer_norm, batch_norm, dropout, embedding (the layers family)."""
    F = torch.nn.functional

    def case(name, model, params, inputs, outs, options=None, no_grad=(), dout_skip=()):
        douts = {k: rand(*v.shape) for k, v in outs.items() if k not in dout_skip}
        L = sum((outs[k] * d).sum() for k, d in douts.items())
        L.backward()
        grads = {k: v.grad for k, v in list(params.items()) + list(inputs.items())
                 if k not in no_grad}
        request = {"model": model, "params": {k: to_list(v) for k, v in params.items()},
                   "inputs": {k: to_list(v) for k, v in inputs.items()},
                   "dout": {k: to_list(v) for k, v in douts.items()}}
        if options:
            request["options"] = options
        compare(name, outs, grads, request)

    def leaf(*shape, scale=1.0):
        return rand(*shape, scale=scale).requires_grad_(True)

    for shape in ((4, 3), (3,), (2, 3, 3)):
        x, w, b = leaf(*shape), leaf(5, 3), leaf(5)
        case("linear x=%s O=5" % (shape,), "linear", {"weight": w, "bias": b}, {"x": x},
             {"output": F.linear(x, w, b)})
    x, w = leaf(2, 4), leaf(3, 4)
    case("linear no bias", "linear", {"weight": w}, {"x": x}, {"output": F.linear(x, w)})

    for shape, eps in (((4, 5), 1e-5), ((2, 3, 4), 1e-3), ((6,), 1e-5)):
        D = shape[-1]
        x, w, b = leaf(*shape, scale=2.0), leaf(D), leaf(D)
        opts = {"eps": eps} if eps != 1e-5 else None
        case("layer_norm x=%s eps=%g" % (shape, eps), "layer_norm", {"weight": w, "bias": b},
             {"x": x}, {"output": F.layer_norm(x, (D,), w, b, eps)}, options=opts)
    x = leaf(3, 4)
    case("layer_norm no affine", "layer_norm", {}, {"x": x}, {"output": F.layer_norm(x, (4,))})

    for shape, training, momentum in (((5, 3), True, 0.1), ((4, 2, 3), True, 0.3),
                                      ((5, 3), False, 0.1), ((2, 3, 2, 2), True, 0.1),
                                      ((2, 3, 2, 2), False, 0.1)):
        C = shape[1]
        x, w, b = leaf(*shape, scale=2.0), leaf(C), leaf(C)
        rm, rv = rand(C), rand(C).abs() + 0.5
        rm0, rv0 = rm.clone(), rv.clone()
        y = F.batch_norm(x, rm, rv, w, b, training=training, momentum=momentum, eps=1e-5)
        opts = {"training": training, "momentum": momentum}
        request_inputs = {"x": x, "running_mean": rm0, "running_var": rv0}
        case("batch_norm x=%s training=%s momentum=%g" % (shape, training, momentum), "batch_norm",
             {"weight": w, "bias": b}, request_inputs,
             {"output": y, "running_mean": rm, "running_var": rv}, options=opts,
             no_grad=("running_mean", "running_var"), dout_skip=("running_mean", "running_var"))
    x = leaf(6, 2)
    m = torch.nn.BatchNorm1d(2, affine=False)
    y = m(x)
    case("batch_norm defaults, no affine", "batch_norm", {}, {"x": x},
         {"output": y, "running_mean": m.running_mean, "running_var": m.running_var},
         dout_skip=("running_mean", "running_var"))

    for shape, p, training in (((4, 5), 0.3, True), ((2, 3, 4), 0.5, True), ((3, 3), 0.2, False)):
        x = leaf(*shape)
        mask = (torch.rand(*shape) >= p).to(torch.float64)
        # PyTorch's own dropout: x * (mask / (1 - p)), the mask scaled first
        y = x * (mask / (1 - p)) if training else F.dropout(x, p, training=False)
        case("dropout x=%s p=%g training=%s" % (shape, p, training), "dropout", {},
             {"x": x, "mask": mask}, {"output": y}, options={"p": p, "training": training},
             no_grad=("mask",))

    for idx in ([1, 0, 3, 1, 1], [[0, 2], [2, 2], [4, 1]], 3):
        w = leaf(5, 3)
        t = torch.tensor(idx)
        y = F.embedding(t, w)
        douts = {"output": rand(*y.shape)}
        (y * douts["output"]).sum().backward()
        compare("embedding indices=%s" % (idx,), {"output": y}, {"weight": w.grad},
                {"model": "embedding", "params": {"weight": to_list(w)}, "inputs": {"indices": idx},
                 "dout": {"output": to_list(douts["output"])}})


def losses_cases():
    """losses: cross_entropy's ignore_index and label_smoothing, bce_with_logits."""
    F = torch.nn.functional
    for N, C, eps, ignore, opts in ((6, 4, 0.1, -100, {"label_smoothing": 0.1}),
                                    (5, 3, 0.0, -100, {}),
                                    (4, 5, 1.0, -100, {"label_smoothing": 1.0}),
                                    (7, 3, 0.35, 2, {"ignore_index": 2, "label_smoothing": 0.35})):
        logits = rand(N, C, scale=3.0).requires_grad_(True)
        t = torch.randint(0, C, (N,))
        t[1::3] = ignore
        loss = F.cross_entropy(logits, t, ignore_index=ignore, label_smoothing=eps)
        (loss * 0.9).backward()
        compare("cross_entropy %dx%d %s" % (N, C, opts), {"loss": loss}, {"logits": logits.grad},
                {"model": "cross_entropy", "options": opts,
                 "inputs": {"logits": to_list(logits), "target": t.tolist()}, "dout": {"loss": 0.9}})
    # class weights (no gradient in PyTorch: a constant of the request)
    for N, C, eps in ((6, 4, 0.0), (7, 3, 0.25)):
        logits = rand(N, C, scale=2.0).requires_grad_(True)
        t = torch.randint(0, C, (N,))
        t[2::3] = -100
        w = torch.rand(C) * 2
        loss = F.cross_entropy(logits, t, weight=w, label_smoothing=eps)
        loss.backward()
        compare("cross_entropy %dx%d weight smoothing %g" % (N, C, eps), {"loss": loss}, {"logits": logits.grad},
                {"model": "cross_entropy", "options": {"label_smoothing": eps},
                 "inputs": {"logits": to_list(logits), "target": t.tolist(), "weight": w.tolist()},
                 "dout": {"loss": 1}})
    # one sample as a vector, smoothed
    logits = rand(4, scale=2.0).requires_grad_(True)
    t = torch.randint(0, 4, ())
    loss = F.cross_entropy(logits, t, label_smoothing=0.2)
    loss.backward()
    compare("cross_entropy 4 smoothed", {"loss": loss}, {"logits": logits.grad},
            {"model": "cross_entropy", "options": {"label_smoothing": 0.2},
             "inputs": {"logits": to_list(logits), "target": t.item()}, "dout": {"loss": 1}})
    for shape, with_pw, scale in (((3, 4), False, 2.0), ((2, 3, 5), True, 3.0), ((6,), False, 30.0),
                                  ((), False, 1.0), ((4, 2), True, 40.0)):
        x = (torch.randn(shape) * scale).requires_grad_(True)
        y = torch.rand(shape)
        y.view(-1)[:1] = 1.0  # the edges of [0, 1] are targets too
        y.requires_grad_(True)
        last = shape[-1] if shape else 1
        pw = torch.rand(last) * 3 if with_pw else None
        loss = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw)
        (loss * 1.7).backward()
        inputs = {"logits": to_list(x), "target": to_list(y)}
        if with_pw:
            inputs["pos_weight"] = pw.tolist()
        compare("bce_with_logits %s%s" % ("x".join(map(str, shape)) or "number",
                                          " pos_weight" if with_pw else ""),
                {"loss": loss}, {"logits": x.grad, "target": y.grad},
                {"model": "bce_with_logits", "inputs": inputs, "dout": {"loss": 1.7}})


def conv_cases():
    """conv1d, conv2d, max_pool2d, avg_pool2d (helper conv): stride, padding, dilation as
    integers and pairs, with and without bias, batched and unbatched, odd sizes."""
    F = torch.nn.functional
    import warnings
    # PyTorch notes that an asymmetric 'same' copies the input; the answer is the point here
    warnings.filterwarnings("ignore", message="Using padding='same'")

    def conv(dims, N, Cin, Cout, size, k, bias=True, **opt):
        spatial = (size,) if dims == 1 else size
        x = rand(*(((N, Cin) if N else (Cin,)) + tuple(spatial))).requires_grad_(True)
        w = rand(*((Cout, Cin) + ((k,) if dims == 1 else tuple(k))), scale=0.5).requires_grad_(True)
        b = rand(Cout).requires_grad_(True) if bias else None
        f = F.conv1d if dims == 1 else F.conv2d
        topt = {key: tuple(v) if isinstance(v, list) else v for key, v in opt.items()}
        y = f(x, w, b, **topt)
        dy = rand(*y.shape)
        (y * dy).sum().backward()
        params = {"weight": to_list(w)}
        grads = {"weight": w.grad, "x": x.grad}
        if bias:
            params["bias"] = to_list(b)
            grads["bias"] = b.grad
        request = {"model": "conv%dd" % dims, "params": params, "inputs": {"x": to_list(x)},
                   "dout": {"output": to_list(dy)}}
        if opt:
            request["options"] = opt
        compare("conv%dd x %s w %s %s%s" % (dims, "x".join(map(str, x.shape)),
                                            "x".join(map(str, w.shape)), opt,
                                            "" if bias else " no bias"),
                {"output": y}, grads, request)

    def pool(name, shape, **opt):
        x = rand(*shape).requires_grad_(True)
        topt = {key: tuple(v) if isinstance(v, list) else v for key, v in opt.items()}
        y = getattr(F, name)(x, **topt)
        dy = rand(*y.shape)
        (y * dy).sum().backward()
        compare("%s x %s %s" % (name, "x".join(map(str, shape)), opt), {"output": y},
                {"x": x.grad},
                {"model": name, "options": opt, "inputs": {"x": to_list(x)},
                 "dout": {"output": to_list(dy)}})

    conv(1, 2, 3, 4, 9, 3)
    conv(1, 3, 2, 2, 11, 4, stride=2, padding=3, dilation=2)
    conv(1, 0, 2, 3, 7, 2, bias=False, stride=[3], padding=[1])
    conv(2, 2, 3, 4, (6, 7), (3, 2))
    conv(2, 2, 2, 3, (7, 8), (3, 3), stride=[2, 1], padding=[1, 2], dilation=[1, 2])
    conv(2, 1, 3, 2, (9, 5), (2, 3), bias=False, stride=3, padding=1, dilation=2)
    conv(2, 0, 2, 2, (5, 6), (1, 1), stride=[1, 2])
    conv(2, 2, 1, 1, (4, 4), (3, 3), padding=5)   # more padding than input
    # PyTorch's padding strings: 'same' puts the odd zero of d*(k-1) at the end
    conv(1, 2, 2, 3, 8, 4, padding="same")
    conv(1, 1, 3, 2, 9, 3, padding="same", dilation=3)
    conv(2, 2, 2, 3, (6, 7), (2, 3), padding="same", dilation=[2, 1])
    conv(2, 1, 3, 2, (5, 6), (4, 2), bias=False, padding="same")
    conv(2, 2, 2, 2, (6, 5), (3, 2), padding="valid", stride=[2, 1])
    for name in ("max_pool2d", "avg_pool2d"):
        pool(name, (2, 3, 6, 7), kernel_size=2)
        pool(name, (2, 2, 7, 8), kernel_size=[3, 2], stride=[2, 1], padding=[1, 1])
        pool(name, (3, 5, 5), kernel_size=3, stride=1, padding=1)
        pool(name, (1, 2, 9, 6), kernel_size=[4, 3], stride=[3, 2], padding=[2, 1])
    pool("avg_pool2d", (2, 2, 7, 8), kernel_size=[3, 2], stride=[2, 1], padding=[1, 1],
         count_include_pad=False)
    # ties: max_pool2d gives a tie to the first maximum in scan order, as PyTorch does
    x = torch.tensor([[[[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 0.0, 3.0], [5.0, 5.0, 5.0, 5.0],
                        [5.0, 5.0, 4.0, 5.0]]]], requires_grad=True)
    y = F.max_pool2d(x, 2, stride=1)
    dy = rand(*y.shape)
    (y * dy).sum().backward()
    compare("max_pool2d ties", {"output": y}, {"x": x.grad},
            {"model": "max_pool2d", "options": {"kernel_size": 2, "stride": 1},
             "inputs": {"x": to_list(x)}, "dout": {"output": to_list(dy)}})


for seed in (1, 2, 3):
    torch.manual_seed(seed)
    for kind in ("rnn", "lstm", "gru"):
        recurrent_case(kind, T=5, B=0, I=3, H=4)
        recurrent_case(kind, T=4, B=3, I=2, H=5)
    recurrent_case("lstm", T=7, B=2, I=4, H=3, with_state=False)
    for nl in ("relu",):
        recurrent_case("rnn", T=6, B=2, I=3, H=4, nonlinearity=nl)
    for score in ("dot", "scaled_dot", "general", "additive"):
        attention_case(score, Tq=3, Tk=5, d=4, dv=2)
        attention_case(score, Tq=2, Tk=4, d=3, dv=3, mask=[True, True, False, True])
    for name in ("sigmoid", "tanh", "relu", "softmax", "log_softmax"):
        activation_case(name, (3, 4))
    activation_case("leaky_relu", (2, 5), negative_slope=0.2)
    activation_case("elu", (2, 5), alpha=0.7)
    loss_cases()
    losses_cases()
    layer_cases()

for seed in (1, 2):
    torch.manual_seed(100 + seed)
    conv_cases()


def exercise_layer_cases():
    """The references of exercises 11-14 (src/grade/checks_layers.c: dropout, batch_norm in
    training, layer_norm, conv2d) on the hard ranges their checks draw: p = 0 and near 1,
    eval with a mask full of zeros, a constant line (var = 0), values near 1e4, a spread of
    1e-3 (var below eps), N = 2, D = 1, eps up to 0.1; strides above the kernel, more padding
    than the kernel, strides and paddings that differ by axis."""
    F = torch.nn.functional

    def leaf(t):
        return t.clone().requires_grad_(True)

    def run(name, model, params, inputs, y, options, no_grad=(), extra_out=None):
        dy = rand(*y.shape)
        (y * dy).sum().backward()
        grads = {k: v.grad for k, v in list(params.items()) + list(inputs.items())
                 if k not in no_grad}
        request = {"model": model, "params": {k: to_list(v) for k, v in params.items()},
                   "inputs": {k: to_list(v) for k, v in inputs.items()},
                   "dout": {"output": to_list(dy)}, "options": options}
        outs = {"output": y}
        outs.update(extra_out or {})
        compare("exercise " + name, outs, grads, request)

    for p, training, n in ((0.0, True, 7), (0.95, True, 12), (0.9, False, 9), (0.6, True, 1)):
        x = leaf(rand(n))
        mask = (torch.rand(n) >= p).to(torch.float64)
        mask[0] = 0.0
        y = x * (mask / (1 - p)) if training else F.dropout(x, p, training=False)
        run("dropout n=%d p=%g training=%s" % (n, p, training), "dropout", {},
            {"x": x, "mask": mask}, y, {"p": p, "training": training}, no_grad=("mask",))

    def lines(N, C, kind, columns):
        x = rand(N, C)
        j = 1 % (C if columns else N)
        if kind == "constant":
            if columns:
                x[:, j] = 0.3
            else:
                x[j, :] = 0.3
        elif kind == "offset":
            x = 0.1 * x + 1e4 * torch.sign(rand(1, C) if columns else rand(N, 1))
        elif kind == "tiny":
            x = 0.5 + 1e-3 * x
        return x

    for N, C, kind, eps in ((2, 3, "plain", 1e-5), (6, 4, "constant", 1e-5), (5, 3, "offset", 1e-5),
                            (7, 2, "tiny", 1e-5), (9, 1, "plain", 0.1), (4, 3, "constant", 3e-6)):
        x, w, b = leaf(lines(N, C, kind, True)), leaf(rand(C) * 10), leaf(rand(C))
        rm, rv = torch.zeros(C), torch.ones(C)
        y = F.batch_norm(x, rm, rv, w, b, training=True, momentum=0.1, eps=eps)
        run("batch_norm N=%d C=%d %s eps=%g" % (N, C, kind, eps), "batch_norm",
            {"weight": w, "bias": b},
            {"x": x, "running_mean": torch.zeros(C), "running_var": torch.ones(C)}, y,
            {"training": True, "momentum": 0.1, "eps": eps},
            no_grad=("running_mean", "running_var"),
            extra_out={"running_mean": rm, "running_var": rv})

    for N, D, kind, eps in ((1, 2, "plain", 1e-5), (3, 6, "constant", 1e-5), (4, 5, "offset", 1e-5),
                            (2, 7, "tiny", 1e-5), (3, 1, "plain", 0.1), (5, 9, "constant", 2e-6)):
        x, w, b = leaf(lines(N, D, kind, False)), leaf(rand(D) * 10), leaf(rand(D))
        y = F.layer_norm(x, (D,), w, b, eps)
        run("layer_norm N=%d D=%d %s eps=%g" % (N, D, kind, eps), "layer_norm",
            {"weight": w, "bias": b}, {"x": x}, y, {"eps": eps})

    for N, Cin, Cout, H, W, kH, kW, stride, padding in (
            (1, 1, 1, 4, 5, 2, 3, [1, 1], [0, 0]), (2, 3, 2, 6, 3, 3, 2, [2, 2], [1, 1]),
            (1, 2, 3, 5, 7, 2, 3, [2, 3], [0, 2]), (2, 2, 1, 5, 6, 1, 1, [2, 2], [0, 0]),
            (1, 3, 2, 4, 5, 2, 2, [1, 1], [3, 2]), (2, 1, 3, 7, 8, 2, 2, [3, 3], [0, 0])):
        x = leaf(rand(N, Cin, H, W))
        w, b = leaf(rand(Cout, Cin, kH, kW)), leaf(rand(Cout))
        y = F.conv2d(x, w, b, stride=tuple(stride), padding=tuple(padding))
        run("conv2d x %dx%dx%dx%d w %dx%dx%dx%d stride %s padding %s" % (
            N, Cin, H, W, Cout, Cin, kH, kW, stride, padding), "conv2d",
            {"weight": w, "bias": b}, {"x": x}, y, {"stride": stride, "padding": padding})


for seed in (1, 2):
    torch.manual_seed(200 + seed)
    exercise_layer_cases()

print("torch_compare: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
