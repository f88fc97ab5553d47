# cli_conv.sh: conv1d, conv2d, max_pool2d and avg_pool2d in `gradlab grad` and `gradlab
# check` as a user runs them: answers worked out by hand, and every size PyTorch refuses
# refused with one line naming the JSON path and the sizes, exit status 2.
. tests/lib.sh

trap 'rm -f "$t_out"' EXIT

# grad_flat JSON: the answer on one line without spaces.
grad_flat() {
	printf '%s' "$1" | "$GRADLAB" grad - | tr -d ' \n'
}
grad_of() {
	printf '%s' "$1" | "$GRADLAB" grad -
}

expect 0 'conv1d, conv2d: torch.nn.functional' "$GRADLAB" grad --help
expect 0 'count_include_pad true: divides by the whole window' "$GRADLAB" grad --help

# {==== Answers by hand ====
# x = [1 2 3] and the kernel [1 2]: y = [1+4, 2+6]; dw = [1+2, 2+3]; dx = [1, 1+2, 2]
expect 0 '^\{"outputs":\{"output":\[\[\[5,8\]\]\]\},"grads":\{"weight":\[\[\[3,5\]\]\],"x":\[\[\[1,3,2\]\]\]\}\}$' \
	grad_flat '{"model": "conv1d", "params": {"weight": [[[1, 2]]]}, "inputs": {"x": [[[1, 2, 3]]]}, "dout": {"output": [[[1, 1]]]}}'
# the same without N (one sample) keeps the rank it was given; padding [1] on both ends
expect 0 '"output":\[\[2,5,8,3\]\]' \
	grad_flat '{"model": "conv1d", "options": {"padding": [1]}, "params": {"weight": [[[1, 2]]]}, "inputs": {"x": [[1, 2, 3]]}, "dout": {"output": [[1, 1, 1, 1]]}}'
# a 2x2 identity-diagonal kernel over 3x3 with bias 10; every bias gets the sum of its dout
expect 0 '"output":\[\[\[16,18\],\[22,24\]\]\]\},"grads":\{"weight":\[\[\[\[12,16\],\[24,28\]\]\]\],"bias":\[4\]' \
	grad_flat '{"model": "conv2d", "params": {"weight": [[[[1, 0], [0, 1]]]], "bias": [10]}, "inputs": {"x": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]}, "dout": {"output": [[[1, 1], [1, 1]]]}}'
# bias null is no bias (PyTorch's bias=None): no gradient for it in the answer
expect 0 '"grads":\{"weight":\[\[\[\[1,2\],\[3,4\]\]\]\],"x":' \
	grad_flat '{"model": "conv2d", "params": {"weight": [[[[1, 2], [3, 4]]]], "bias": null}, "inputs": {"x": [[[[1, 2], [3, 4]]]]}, "dout": {"output": [[[[1]]]]}}'
# max pooling: the gradient goes to each window's first maximum; stride defaults to the kernel
expect 0 '"output":\[\[\[3,6\]\]\]\},"grads":\{"x":\[\[\[0,1,0,0\],\[0,0,1,0\]\]\]' \
	grad_flat '{"model": "max_pool2d", "options": {"kernel_size": 2}, "inputs": {"x": [[[1, 3, 2, 0], [3, 0, 6, 1]]]}, "dout": {"output": [[[1, 1]]]}}'
# average pooling with padding 1 divides by the whole 2x2 window (count_include_pad)
expect 0 '"output":\[\[\[0.25,1.25\],\[2.75,7\]\]\]' \
	grad_flat '{"model": "avg_pool2d", "options": {"kernel_size": 2, "padding": 1}, "inputs": {"x": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]}, "dout": {"output": [[[1, 1], [1, 1]]]}}'
expect 0 '"output":\[\[\[1,2.5\],\[5.5,7\]\]\]' \
	grad_flat '{"model": "avg_pool2d", "options": {"kernel_size": 2, "padding": 1, "count_include_pad": false}, "inputs": {"x": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]}, "dout": {"output": [[[1, 1], [1, 1]]]}}'
# }====

# {==== Refusals: one line, the JSON path and the sizes, exit 2 ====
W='"weight": [[[[1, 2], [3, 4]]]]'
X='"x": [[[[1, 2], [3, 4]]]]'
expect 2 'params.weight is 1x2x1x1 \(Cout x Cin x kH x kW\) but inputs.x is 1x1x2x2 \(N x Cin x H x W\): the weight takes 2 input channels, x has 1$' \
	grad_of '{"model": "conv2d", "params": {"weight": [[[[1]], [[2]]]]}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'params.weight is 1x2x1 \(Cout x Cin x k\) but inputs.x is 3x4 \(Cin x L\): the weight takes 2 input channels, x has 3$' \
	grad_of '{"model": "conv1d", "params": {"weight": [[[1], [2]]]}, "inputs": {"x": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]}, "dout": {}}'
expect 2 'inputs.x \(1x1x2x2\) is too small for params.weight \(1x1x3x3\): the output height would be floor\(\(H \+ 2\*padding - dilation\*\(kH - 1\) - 1\) / stride\) \+ 1 = floor\(\(2 \+ 2\*0 - 1\*\(3 - 1\) - 1\) / 1\) \+ 1 = 0, and it must be at least 1$' \
	grad_of '{"model": "conv2d", "params": {"weight": [[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]]]}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'inputs.x \(1x1x3x2\) is too small for params.weight \(1x1x1x2\): the output width would be .* = floor\(\(2 \+ 2\*0 - 2\*\(2 - 1\) - 1\) / 1\) \+ 1 = 0' \
	grad_of '{"model": "conv2d", "options": {"dilation": [1, 2]}, "params": {"weight": [[[[1, 1]]]]}, "inputs": {"x": [[[[1, 2], [3, 4], [5, 6]]]]}, "dout": {}}'
expect 2 'the output length would be .* = floor\(\(5 \+ 2\*0 - 2\*\(4 - 1\) - 1\) / 1\) \+ 1 = -1, and it must be at least 1$' \
	grad_of '{"model": "conv1d", "options": {"dilation": 2}, "params": {"weight": [[[1, 1, 1, 1]]]}, "inputs": {"x": [[1, 2, 3, 4, 5]]}, "dout": {}}'
# stride 3 over a span of -2: PyTorch's floor, not C's truncation toward 0
expect 2 'floor\(\(2 \+ 2\*0 - 1\*\(4 - 1\) - 1\) / 3\) \+ 1 = 0, and' \
	grad_of '{"model": "conv1d", "options": {"stride": 3}, "params": {"weight": [[[1, 1, 1, 1]]]}, "inputs": {"x": [[1, 2]]}, "dout": {}}'
expect 2 'params.bias must be a vector of 1 \(one per output channel, Cout of params.weight\), got a vector of 2$' \
	grad_of '{"model": "conv2d", "params": {'"$W"', "bias": [1, 2]}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'params.weight must be Cout x Cin x kH x kW, got 1x2$' \
	grad_of '{"model": "conv2d", "params": {"weight": [[1, 2]]}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'params.weight must be Cout x Cin x k, got 1x1x1x1$' \
	grad_of '{"model": "conv1d", "params": {"weight": [[[[1]]]]}, "inputs": {"x": [[1]]}, "dout": {}}'
expect 2 'inputs.x must be N x Cin x H x W \(or without N, one sample\), got 2x2$' \
	grad_of '{"model": "conv2d", "params": {'"$W"'}, "inputs": {"x": [[1, 2], [3, 4]]}, "dout": {}}'
expect 2 'inputs.x must be N x C x H x W \(or without N, one sample\), got a vector of 2$' \
	grad_of '{"model": "avg_pool2d", "options": {"kernel_size": 1}, "inputs": {"x": [1, 2]}, "dout": {}}'
expect 2 'params.weight is missing \(conv2d takes params: weight, bias\)$' \
	grad_of '{"model": "conv2d", "inputs": {'"$X"'}, "dout": {}}'
expect 2 'params: unknown key .w2. \(known: weight, bias\)$' \
	grad_of '{"model": "conv2d", "params": {'"$W"', "w2": 1}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.stride: 0 is outside 1..1000000$' \
	grad_of '{"model": "conv2d", "options": {"stride": 0}, "params": {'"$W"'}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.dilation\[1\]: 0 is outside 1..1000000$' \
	grad_of '{"model": "conv2d", "options": {"dilation": [1, 0]}, "params": {'"$W"'}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.padding: -1 is outside 0..1000000$' \
	grad_of '{"model": "conv2d", "options": {"padding": -1}, "params": {'"$W"'}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.stride must be an integer or a pair \[h, w\], got a vector of 3$' \
	grad_of '{"model": "conv2d", "options": {"stride": [1, 2, 3]}, "params": {'"$W"'}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.padding must be an integer or an array of one, got a vector of 2$' \
	grad_of '{"model": "conv1d", "options": {"padding": [1, 1]}, "params": {"weight": [[[1]]]}, "inputs": {"x": [[1, 2]]}, "dout": {}}'
# padding 'same' (stride 1): x [1 2 3] padded to [1 2 3 0] by the kernel [1 2]; 'valid' is 0
expect 0 '"output":\[\[5,8,3\]\]\},"grads":\{"weight":\[\[\[6,5\]\]\],"x":\[\[1,3,3\]\]' \
	grad_flat '{"model": "conv1d", "options": {"padding": "same"}, "params": {"weight": [[[1, 2]]]}, "inputs": {"x": [[1, 2, 3]]}, "dout": {"output": [[1, 1, 1]]}}'
expect 0 '"output":\[\[5,8\]\]' \
	grad_flat '{"model": "conv1d", "options": {"padding": "valid"}, "params": {"weight": [[[1, 2]]]}, "inputs": {"x": [[1, 2, 3]]}, "dout": {"output": [[1, 1]]}}'
expect 2 "options.padding 'same' needs stride 1, got options.stride \\[1, 2\\]: PyTorch pads no strided convolution to the same size$" \
	grad_of '{"model": "conv2d", "options": {"padding": "same", "stride": [1, 2]}, "params": {'"$W"'}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 "options.padding must be an integer, an array of one, 'same' or 'valid', got 'full'$" \
	grad_of '{"model": "conv1d", "options": {"padding": "full"}, "params": {"weight": [[[1]]]}, "inputs": {"x": [[1, 2]]}, "dout": {}}'
expect 2 "options.padding 'same' would pad 2000000 zeros before the input \\(dilation 1000000, kernel 5\\); the limit is 1000000$" \
	grad_of '{"model": "conv1d", "options": {"padding": "same", "dilation": 1000000}, "params": {"weight": [[[1, 1, 1, 1, 1]]]}, "inputs": {"x": [[1, 2]]}, "dout": {}}'
expect 2 'options: unknown key .groups. \(known: stride, padding, dilation\)$' \
	grad_of '{"model": "conv2d", "options": {"groups": 1}, "params": {'"$W"'}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.padding: 2 along H is more than half of kernel_size 3; PyTorch pads at most kernel_size / 2 = 1$' \
	grad_of '{"model": "max_pool2d", "options": {"kernel_size": 3, "padding": 2}, "inputs": {"x": [[[1, 2, 3], [3, 4, 5], [1, 1, 1]]]}, "dout": {}}'
expect 2 'options.padding: 2 along W is more than half of kernel_size 3; PyTorch pads at most kernel_size / 2 = 1$' \
	grad_of '{"model": "avg_pool2d", "options": {"kernel_size": [2, 3], "padding": [1, 2]}, "inputs": {"x": [[[1, 2, 3], [3, 4, 5], [1, 1, 1]]]}, "dout": {}}'
expect 2 'inputs.x \(1x1x2x2\) is too small for options.kernel_size 5 along H: the output height would be floor\(\(H \+ 2\*padding - kernel_size\) / stride\) \+ 1 = floor\(\(2 \+ 2\*0 - 5\) / 5\) \+ 1 = 0, and it must be at least 1$' \
	grad_of '{"model": "avg_pool2d", "options": {"kernel_size": 5}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.kernel_size is missing \(max_pool2d takes options: kernel_size, stride, padding\)$' \
	grad_of '{"model": "max_pool2d", "options": {"stride": 1}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'params: unknown key .w. \(max_pool2d takes no parameters\)$' \
	grad_of '{"model": "max_pool2d", "params": {"w": 1}, "options": {"kernel_size": 1}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options: unknown key .count_include_pad. \(known: kernel_size, stride, padding\)$' \
	grad_of '{"model": "max_pool2d", "options": {"kernel_size": 1, "count_include_pad": true}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'options.count_include_pad: expected true, false, 0 or 1, got 2$' \
	grad_of '{"model": "avg_pool2d", "options": {"kernel_size": 1, "count_include_pad": 2}, "inputs": {'"$X"'}, "dout": {}}'
expect 2 'dout.output must be 1x1x2x2, the shape of outputs.output, got 1x2$' \
	grad_of '{"model": "max_pool2d", "options": {"kernel_size": 1}, "inputs": {'"$X"'}, "dout": {"output": [[1, 2]]}}'
# the cost is estimated from the sizes and refused before the pass: 100 samples of an 8x8
# output of 64 channels, each over 9x9 taps of 64 channels: 2.1e9 multiply-adds
expect 2 'this conv2d would take about .* units of work' python3 -c '
import json, subprocess, sys
x = [[[[0.5] * 8] * 8] * 64] * 100
w = [[[[0.1] * 9] * 9] * 64] * 64
req = {"model": "conv2d", "options": {"padding": 4}, "params": {"weight": w}, "inputs": {"x": x}, "dout": {}}
p = subprocess.run([sys.argv[1], "grad", "-"], input=json.dumps(req).encode(), capture_output=True)
sys.stderr.write(p.stderr.decode())
sys.exit(p.returncode)' "$GRADLAB"
# }====

# {==== gradlab check ====
for m in conv1d conv2d max_pool2d avg_pool2d; do
	expect 0 '^PASS: ' "$GRADLAB" check "$m"
done
expect 0 'conv2d +x \(batch x input x steps x steps\)' "$GRADLAB" check --list
expect 2 'conv2d: --steps 2 is too short for its kernel, dilation and padding' "$GRADLAB" check conv2d --steps 2
# a step of 0.1 crosses winners of max pooling: counted as kinks, not as failures
expect 0 'kink' "$GRADLAB" check max_pool2d --eps 0.01
# }====

finish cli_conv
