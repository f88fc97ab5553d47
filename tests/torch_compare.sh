# torch_compare.sh: gradlab against PyTorch (float64) on random cases of every model, when
# Debian's python3-torch is installed; otherwise says so and skips.
PY=/usr/bin/python3
if ! "$PY" -c 'import torch' 2>/dev/null; then
	echo "torch_compare: SKIPPED, python3-torch is not installed (apt-get install python3-torch)"
	exit 0
fi
# `gradlab step` against torch.optim (tests/torch_step.py), then every model of `gradlab grad`.
"$PY" tests/torch_step.py "${GRADLAB:-build/gradlab}" || step_failed=1
"$PY" tests/torch_compare.py "${GRADLAB:-build/gradlab}" && [ -z "$step_failed" ]
