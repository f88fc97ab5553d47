# torch_seq2seq.sh: `gradlab train reverse`'s loss and gradient over a padded batch against
# PyTorch string by string (tests/torch_seq2seq.py), when Debian's python3-torch is
# installed and the cmocka test is built; otherwise says so and skips.
PY=/usr/bin/python3
bin=$(dirname "${GRADLAB:-build/gradlab}")/tests/test_seq2seq
if ! "$PY" -c 'import torch' 2>/dev/null; then
	echo "torch_seq2seq: SKIPPED, python3-torch is not installed (apt-get install python3-torch)"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "torch_seq2seq: SKIPPED, $bin is not built"
	exit 0
fi
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT
GRADLAB_SEQ2SEQ_DUMP="$dump" "$bin" >/dev/null 2>&1 || { echo "torch_seq2seq: $bin failed"; exit 1; }
"$PY" tests/torch_seq2seq.py "$dump"
