"""torch_step: `gradlab step` against torch.optim and torch.optim.lr_scheduler, in float64.

For every optimizer with every option that changes its update (momentum, dampening,
nesterov, weight decay; betas, eps, amsgrad; alpha, centered; lr_decay, the initial
accumulator) and for every scheduler (with and without a warmup), runs the same steps on
the same random parameters and gradients in PyTorch and in gradlab, and requires the
parameters, the lr of every step, every state buffer torch keeps and the scheduler's next
lr to agree to 1e-12 relative. Prints one line per case and "N passed, N failed".
Run by tests/torch_compare.sh with Debian's python3-torch; usage: torch_step.py GRADLAB
"""
import json
import subprocess
import sys
import warnings

import torch

torch.set_default_dtype(torch.float64)
RTOL = 1e-12
STEPS = 10
# torch warns that SequentialLR's milestone step passes an epoch; that is how it works.
warnings.filterwarnings("ignore")

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
              "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}


def run_gradlab(gradlab, request):
    p = subprocess.run([gradlab, "step", "-"], input=json.dumps(request).encode(),
                       capture_output=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError("gradlab step failed: " + p.stderr.decode())
    return json.loads(p.stdout)


WORST = [0.0]


def excess(expected, got):
    """How far got is from expected, in units of the tolerance (> 1 fails)."""
    e = torch.as_tensor(expected, dtype=torch.float64)
    try:
        g = torch.as_tensor(got, dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError):
        return float("inf"), "got %r" % (got,)
    if e.shape != g.shape:
        return float("inf"), "shape %s vs %s" % (tuple(e.shape), tuple(g.shape))
    diff = (e - g).abs()
    # relative, with a floor for entries that cancel to near zero (1e-15 of the largest)
    tol = RTOL * e.abs() + 1e-15 * max(1.0, e.abs().max().item())
    x = (diff / tol).max().item()
    WORST[0] = max(WORST[0], x)
    return x, "max |diff| %.3g" % diff.max().item()


def torch_scheduler(opt, spec):
    if spec is None:
        return None
    kind = spec["name"]
    S = torch.optim.lr_scheduler
    if kind == "constant":
        main = S.ConstantLR(opt, factor=1.0, total_iters=0)  # leaves the lr as it is
    elif kind == "step":
        main = S.StepLR(opt, spec["step_size"], **{k: spec[k] for k in ("gamma",) if k in spec})
    elif kind == "exponential":
        main = S.ExponentialLR(opt, spec["gamma"])
    elif kind == "cosine":
        main = S.CosineAnnealingLR(opt, spec["T_max"], **{k: spec[k] for k in ("eta_min",) if k in spec})
    elif kind == "linear":
        main = S.LinearLR(opt, **{k: spec[k] for k in ("start_factor", "end_factor", "total_iters")
                                  if k in spec})
    else:
        raise ValueError(kind)
    w = spec.get("warmup", 0)
    if w == 0:
        return main
    # the warmup scheduler is built after main would be in SequentialLR's usual order;
    # the order does not matter: SequentialLR resets the lr and restarts the first one
    warm = S.LinearLR(opt, start_factor=spec.get("warmup_start_factor", 1.0 / 3), end_factor=1.0,
                      total_iters=w)
    return S.SequentialLR(opt, [warm, main], milestones=[w])


def torch_options(kind, options):
    o = dict(options)
    if "betas" in o:
        o["betas"] = tuple(o["betas"])
    if kind != "sgd":
        o["foreach"] = False  # the single-tensor code gradlab follows (torch's CPU default)
    return o


def run_torch(kind, options, params, grads, sched):
    ps = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = OPTIMIZERS[kind](list(ps.values()), **torch_options(kind, options))
    sch = torch_scheduler(opt, sched)
    lrs = []
    for g in grads:
        for k, p in ps.items():
            p.grad = torch.tensor(g[k])
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sch is not None:
            sch.step()
    state = {}
    for k, p in ps.items():
        st = {}
        for name, v in opt.state[p].items():
            if v is None:
                st[name] = None  # torch's SGD keeps momentum_buffer None without momentum
            elif name == "step":
                st[name] = float(v)
            else:
                st[name] = v.detach()
        if st:
            state[k] = st
    return ({k: p.detach() for k, p in ps.items()}, lrs, state,
            opt.param_groups[0]["lr"] if sch is not None else None)


class Counter:
    passed = 0
    failed = 0


def case(gradlab, count, kind, options, sched=None, shapes=((2, 3), (4,), (2, 2, 3)),
         steps=STEPS):
    params = {"p%d" % i: (torch.randn(*s) * 0.8).tolist() for i, s in enumerate(shapes)}
    # gradients of changing size, so that amsgrad's maximum and the averages matter
    grads = [{"p%d" % i: (torch.randn(*s) * float(torch.empty(1).uniform_(0.1, 3.0))).tolist()
              for i, s in enumerate(shapes)} for _ in range(steps)]
    request = {"optimizer": kind, "options": options, "params": params, "grads": grads}
    if sched is not None:
        request["scheduler"] = sched
    name = "%s %s%s" % (kind, json.dumps(options, sort_keys=True),
                        " " + json.dumps(sched, sort_keys=True) if sched else "")
    want_p, want_lr, want_state, want_next = run_torch(kind, options, params, grads, sched)
    problems = []
    try:
        got = run_gradlab(gradlab, request)
    except RuntimeError as e:
        problems.append(str(e).strip())
        got = None
    if got is not None:
        for k, v in want_p.items():
            x, what = excess(v, got["params"].get(k))
            if x > 1:
                problems.append("params.%s: %s" % (k, what))
        x, what = excess(want_lr, got["lr"])
        if x > 1:
            problems.append("lr: %s" % what)
        if set(want_state) != set(got["state"]):
            problems.append("state for %s, torch has %s" % (sorted(got["state"]), sorted(want_state)))
        for k, st in want_state.items():
            mine = got["state"].get(k, {})
            if set(st) != set(mine):
                problems.append("state.%s holds %s, torch's %s" % (k, sorted(mine), sorted(st)))
                continue
            for b, v in st.items():
                if v is None or mine[b] is None:
                    if v is not None or mine[b] is not None:
                        problems.append("state.%s.%s: %r, torch's %r" % (k, b, mine[b], v))
                    continue
                x, what = excess(v, mine[b])
                if x > 1:
                    problems.append("state.%s.%s: %s" % (k, b, what))
        if want_next is not None:
            x, what = excess(want_next, got["scheduler"]["lr"])
            if x > 1 or got["scheduler"]["last_epoch"] != steps:
                problems.append("scheduler: %s, last_epoch %s" % (what, got["scheduler"]["last_epoch"]))
    if problems:
        count.failed += 1
        print("FAIL %s: %s" % (name, "; ".join(problems)))
    else:
        count.passed += 1
        print("ok   %s" % name)


def step_cases(gradlab):
    """Every case; returns (passed, failed)."""
    count = Counter()
    for seed in (1, 2):
        torch.manual_seed(seed)
        for o in ({}, {"momentum": 0.9}, {"momentum": 0.9, "dampening": 0.3},
                  {"momentum": 0.9, "nesterov": True}, {"weight_decay": 0.05},
                  {"momentum": 0.8, "dampening": 0.1, "weight_decay": 0.02},
                  {"momentum": 0.7, "nesterov": True, "weight_decay": 0.1}):
            case(gradlab, count, "sgd", dict(o, lr=0.1))
        for kind in ("adam", "adamw"):
            for o in ({}, {"betas": [0.8, 0.95]}, {"eps": 1e-3}, {"weight_decay": 0.1},
                      {"amsgrad": True}, {"amsgrad": True, "weight_decay": 0.03, "lr": 0.05},
                      {"weight_decay": 0}, {"betas": [0, 0.5], "eps": 0.1}):
                case(gradlab, count, kind, dict(o, lr=o.get("lr", 0.01)))
        for o in ({}, {"alpha": 0.9}, {"centered": True}, {"momentum": 0.5},
                  {"weight_decay": 0.1}, {"centered": True, "momentum": 0.9, "weight_decay": 0.01,
                                          "eps": 1e-4}):
            case(gradlab, count, "rmsprop", o)
        for o in ({}, {"lr_decay": 0.1}, {"weight_decay": 0.05},
                  {"initial_accumulator_value": 0.3}, {"eps": 1e-3},
                  {"lr_decay": 0.05, "weight_decay": 0.01, "initial_accumulator_value": 0.1,
                   "lr": 0.5}):
            case(gradlab, count, "adagrad", o)
        schedules = [{"name": "step", "step_size": 2, "gamma": 0.5}, {"name": "step", "step_size": 3},
                     {"name": "exponential", "gamma": 0.9},
                     {"name": "cosine", "T_max": 3, "eta_min": 0.001}, {"name": "cosine", "T_max": 4},
                     {"name": "linear", "start_factor": 0.25, "end_factor": 0.75, "total_iters": 4},
                     {"name": "linear"}, {"name": "linear", "start_factor": 1, "end_factor": 0.1}]
        for s in schedules + [dict(s, warmup=3, warmup_start_factor=0.2) for s in schedules] + \
                [{"name": "constant", "warmup": 4}, {"name": "constant"},
                 {"name": "cosine", "T_max": 2, "warmup": 1}]:
            case(gradlab, count, "sgd", {"lr": 0.1, "momentum": 0.9}, sched=s, steps=12)
            case(gradlab, count, "adam", {"lr": 0.01}, sched=s, shapes=((3,),), steps=12)
        # the scheduled lr also scales AdamW's decay and Adagrad's lr_decay
        for s in (schedules[0], dict(schedules[3], warmup=2)):
            case(gradlab, count, "adamw", {"lr": 0.05, "weight_decay": 0.2}, sched=s,
                 shapes=((2, 2),), steps=8)
            case(gradlab, count, "adagrad", {"lr": 0.1, "lr_decay": 0.3}, sched=s,
                 shapes=((2, 2),), steps=8)
            case(gradlab, count, "rmsprop", {"lr": 0.01, "momentum": 0.5, "centered": True},
                 sched=s, shapes=((2, 2),), steps=8)
    return count.passed, count.failed


if __name__ == "__main__":
    p, f = step_cases(sys.argv[1])
    print("torch_step: %d passed, %d failed (the worst error: %.3g of the tolerance)"
          % (p, f, WORST[0]))
    sys.exit(1 if f else 0)
