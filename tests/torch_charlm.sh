# torch_charlm.sh: `gradlab train charlm` against PyTorch (float64): the same windows of
# truncated BPTT with the carried state detached, the same SGD steps, the same weights and
# state (tests/torch_charlm.py), when Debian's python3-torch is installed.
PY=/usr/bin/python3
if ! "$PY" -c 'import torch' 2>/dev/null; then
	echo "torch_charlm: SKIPPED, python3-torch is not installed (apt-get install python3-torch)"
	exit 0
fi
"$PY" tests/torch_charlm.py "${GRADLAB:-build/gradlab}"
