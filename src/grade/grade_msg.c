/* grade_msg: the grader's sentences in English and Simplified Chinese; see grade_msg.h. A
 * test (test_grade_msg) checks that every id has a text in every language, that they all
 * take the same printf arguments, and that a third column is read where it is asked for. */
#include "grade/grade_msg.h"

#include "core/msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One row per id: its English text, then one per language of core/lang.h in its order (a
 * test's fake language adds LANG_EXTRA_COLUMN(en)); a text missing is a gap the table
 * test finds. */
#define ROW(id, en, ...) [id] = { en, __VA_ARGS__ LANG_EXTRA_COLUMN(en) }

static const char *const table[GM_COUNT][LANG_COUNT] = {
	ROW(GM_NONE, "", ""),
	/* {---- Problems ---- */
	ROW(GM_PROBLEM_OK, "passed", "通过"),
	ROW(GM_PROBLEM_NOT_COMPILED, "does not compile", "无法编译"),
	ROW(GM_PROBLEM_NO_FILE, "no file", "没有文件"),
	ROW(GM_PROBLEM_MISSING, "missing function", "缺少函数"),
	ROW(GM_PROBLEM_WRONG, "wrong values", "数值错误"),
	ROW(GM_PROBLEM_SHAPE, "wrote outside an array", "写到了数组之外"),
	ROW(GM_PROBLEM_INPUT_CHANGED, "changed an input", "改动了输入"),
	ROW(GM_PROBLEM_CRASHED, "crashed", "崩溃"),
	ROW(GM_PROBLEM_TIMEOUT, "timed out", "超时"),
	ROW(GM_PROBLEM_EXITED, "exited early", "提前退出"),
	ROW(GM_PROBLEM_ESCAPED, "wrote outside its folder", "写到了工作目录之外"),
	ROW(GM_PROBLEM_GARBLED, "untrustworthy results", "结果不可信"),
	ROW(GM_PROBLEM_INTERNAL, "grader error", "评分器出错"),
	ROW(GM_PROBLEM_UNKNOWN, "unknown", "未知"),
	/* {---- The verdict on one case ---- */
	ROW(GM_GATE_UNIT, " (gate %c, unit %d)", "（门 %c，单元 %d）"),
	ROW(GM_SHAPE_FIRST, "wrote outside an array: ", "写到了数组之外："),
	ROW(GM_SHAPE, "%s%s is %dx%d (%zu values) but the code wrote %s it: check the "
		       "shape and the index arithmetic\n",
		       "%s%s 是 %dx%d（%zu 个值），但代码写到了它的%s：检查形状和下标计算\n"),
	ROW(GM_SHAPE_BEFORE, "before the start of", "开头之前"),
	ROW(GM_SHAPE_BOTH, "before the start of and past the end of", "开头之前和末尾之后"),
	ROW(GM_SHAPE_AFTER, "past the end of", "末尾之后"),
	ROW(GM_INPUT_CHANGED, "changed its input %s, which it should only read: %s%s was %s and "
			       "is now %s%s\n",
			       "改动了只应读取的输入 %s：%s%s 原来是 %s，现在是 %s%s\n"),
	ROW(GM_WRONG_VALUE, "%s%s: expected %s, got %s", "%s%s：期望值 %s，实际值 %s"),
	ROW(GM_WRONG_NAN, " (not a number: 0/0, inf - inf or the log of a negative?)",
			   "（不是一个数：0/0、inf - inf，还是对负数取了 log？）"),
	ROW(GM_WRONG_INF, " (an overflow: exp of a large number, or a division by zero?)",
			   "（溢出：对很大的数取了 exp，还是除以了零？）"),
	ROW(GM_WRONG_REL, " (relative error %.3g)", "（相对误差 %.3g）"),
	ROW(GM_WRONG_FD, "; finite differences give %.9g", "；有限差分给出 %.9g"),
	ROW(GM_NEWLINE, "\n", "\n"),
	ROW(GM_WHY, "  %s: %s\n", "  %s：%s\n"),
	ROW(GM_RIGHT, "right: %s\n", "正确的：%s\n"),
	ROW(GM_GUESS_NOTHING_ADDED, "nothing was added to it", "什么也没有加到它上面"),
	ROW(GM_GUESS_LEFT, "it was left as it was", "它原封未动"),
	ROW(GM_GUESS_NOT_WRITTEN, "it was not written: that value is the random one the grader "
				   "put there first",
				   "没有写入它：这个值是评分器事先放进去的随机数"),
	ROW(GM_GUESS_ASSIGNED, "it holds the right gradient but what was in it before is gone: "
				"gradients are added (+=), not assigned (=)",
				"它存着正确的梯度，但它原来的值没有了：梯度要累加（+=），不能赋值（=）"),
	ROW(GM_GUESS_SIGN, "every value has the wrong sign", "每个值的符号都反了"),
	ROW(GM_GUESS_TWICE, "every value is twice the right one: added twice?",
			     "每个值都是正确值的两倍：加了两次？"),
	ROW(GM_GUESS_TRANSPOSED, "it is transposed: %s[i,j] belongs to row i, the unit that "
				  "receives, and column j, the one that sends",
				  "它被转置了：%s[i,j] 属于第 i 行（接收的单元）和第 j 列（发送的单元）"),
	/* {---- A run that did not come back whole ---- */
	ROW(GM_ESCAPED, "wrote files outside its working folder: %s. Only the folder it starts "
			 "in may be written; nothing else counts as a pass.\n",
			 "在工作目录之外写了文件：%s。只有它启动时所在的目录可以写；否则不能算通过。\n"),
	ROW(GM_TIMEOUT, "did not finish: stopped after %.1f s of %s time (the limit is %g s). An "
			 "infinite loop, or a loop whose condition never becomes false?\n",
			 "没有运行完：用了 %.1f 秒%s后被停止（上限是 %g 秒）。是死循环，还是循环"
			 "条件永远不会变为假？\n"),
	ROW(GM_CLOCK_WALL, "wall-clock", "（按墙上时钟）"),
	ROW(GM_CLOCK_CPU, "CPU", " CPU 时间"),
	ROW(GM_CRASHED_WITH, "crashed with %s\n", "崩溃了：%s\n"),
	ROW(GM_CRASHED_SIGNAL, "crashed with signal %d (%s)%.0s\n", "崩溃了：信号 %d%.0s（SIG%s）\n"),
	ROW(GM_SIG_SEGV, "a segmentation fault: it read or wrote memory it does not own (an "
			  "index out of range, a NULL pointer, a failed malloc, or a recursion too "
			  "deep)",
			  "段错误（SIGSEGV）：读写了不属于它的内存（下标越界、空指针、malloc 失败，"
			  "或者递归太深）"),
	ROW(GM_SIG_BUS, "a bus error: a bad memory access", "总线错误（SIGBUS）：错误的内存访问"),
	ROW(GM_SIG_ABRT, "abort(): a failed assert, a damaged heap, or an allocation the memory "
			  "limit refused",
			  "abort()：assert 失败、堆被破坏，或者一次分配被内存上限拒绝"),
	ROW(GM_SIG_FPE, "an arithmetic exception (an integer division by zero?)",
			 "算术异常（SIGFPE）：整数除以零？"),
	ROW(GM_SIG_ILL, "an illegal instruction", "非法指令（SIGILL）"),
	ROW(GM_SIG_KILL, "SIGKILL (out of memory?)", "SIGKILL（内存不够？）"),
	ROW(GM_SIG_XFSZ, "writing a file larger than the limit", "写的文件超过了大小上限（SIGXFSZ）"),
	ROW(GM_SIG_PIPE, "SIGPIPE: it wrote to a closed pipe", "SIGPIPE：向已经关闭的管道写入"),
	ROW(GM_GARBLED, "the grader cannot trust what came back: %s\n",
			 "评分器无法信任传回的数据：%s\n"),
	ROW(GM_GARBLE_TOO_MUCH, "far more data than the check sends",
				 "数据远远多于这项检查会发送的量"),
	ROW(GM_GARBLE_RECORD_LEFT, "the result channel ends in the middle of a record (%u bytes "
				    "left)",
				    "结果通道在一条记录的中间结束了（还剩 %u 字节）"),
	ROW(GM_GARBLE_FOREIGN, "the result channel holds bytes the grader did not write "
				"(something else wrote to its descriptor)",
				"结果通道里有不是评分器写入的字节（有别的代码写了它的文件描述符）"),
	ROW(GM_GARBLE_CUT, "a record on the result channel is cut short",
			    "结果通道上的一条记录被截断了"),
	ROW(GM_GARBLE_AFTER_LAST, "records came after the last one (did the code fork?)",
				   "最后一条记录之后还有记录（代码调用了 fork？）"),
	ROW(GM_GARBLE_CASE_RANGE, "a record names case %u of %u", "一条记录指向用例 %u（共 %u 个）"),
	ROW(GM_GARBLE_BEGAN_TWICE, "case %u began twice (did the code fork?)",
				    "用例 %u 开始了两次（代码调用了 fork？）"),
	ROW(GM_GARBLE_ARRAY, "a malformed array record (case %u, array %u)",
			      "格式错误的数组记录（用例 %u，数组 %u）"),
	ROW(GM_GARBLE_ARRAY_TWICE, "case %u sent array %u twice (did the code fork?)",
				    "用例 %u 把数组 %u 发送了两次（代码调用了 fork？）"),
	ROW(GM_GARBLE_KIND, "an unknown record kind %u on the result channel",
			     "结果通道上有未知的记录类型 %u"),
	ROW(GM_NO_CASE, "the grader could not build a case: %s\n", "评分器无法构造用例：%s\n"),
	ROW(GM_UNDEFINED, "the compiled file uses '%s', which is defined nowhere (a typo, or a "
			   "helper that was declared but not written?)\n",
			   "编译出的文件用到了 '%s'，可它在哪里都没有定义（拼写错误，还是声明了却"
			   "没有写的辅助函数？）\n"),
	ROW(GM_CANNOT_LOAD, "the compiled file cannot be loaded: %s\n", "编译出的文件无法加载：%s\n"),
	ROW(GM_ENDED_LOADING, "the program ended (exit status %d) while it was being loaded\n",
			       "程序在加载的时候就结束了（退出状态 %d）\n"),
	ROW(GM_NOT_DEFINED, "%s does not define %s()\n", "%s 没有定义 %s()\n"),
	ROW(GM_ENDED_EARLY, "the program ended (exit status %d) before the check finished: an "
			     "exercise's functions must return, never call exit()\n",
			     "检查还没有结束，程序就退出了（退出状态 %d）：练习里的函数必须返回，不能调用 "
			     "exit()\n"),
	ROW(GM_INTERRUPTED_LINE, "grading was interrupted\n", "评分被中断了\n"),
	ROW(GM_CANNOT_START, "the grader could not start the check: %s", "评分器无法启动这项检查：%s"),
	ROW(GM_NO_MEMORY_READ, "%s", "评分器内存不够，无法读取传回的数据（%s）"),
	ROW(GM_NO_ANSWERS, "the grader could not compute the answers: %s\n",
			    "评分器无法算出正确答案：%s\n"),
	ROW(GM_ARRAY_MISSING, "the grader cannot trust what came back: an array of case %d is "
			       "missing or has the wrong length\n",
			       "评分器无法信任传回的数据：用例 %d 的一个数组缺失或者长度不对\n"),
	/* {---- A file that is not graded at all ---- */
	ROW(GM_INTERRUPTED, "grading was interrupted", "评分被中断了"),
	ROW(GM_UID_COLLISION, "the grader refuses to grade: %s",
			       "评分器拒绝评分：沙箱的用户 id 与已有用户冲突（%s）"),
	ROW(GM_ERRNO_ENOENT, "%s", "没有这个文件%.0s"),
	ROW(GM_ERRNO_EACCES, "%s", "没有读取它的权限%.0s"),
	ROW(GM_ERRNO_EISDIR, "%s", "这是一个目录%.0s"),
	ROW(GM_ERRNO_OTHER, "%s", "%s"),
	ROW(GM_CANNOT_READ, "%s cannot be read: %s", "无法读取 %s：%s"),
	ROW(GM_NOT_REGULAR, "%s is %s: hand in the exercise as a regular file",
			     "%s 是%s：请以普通文件的形式提交练习"),
	ROW(GM_KIND_LINK, "a symbolic link", "符号链接"),
	ROW(GM_KIND_FIFO, "a named pipe (FIFO)", "命名管道（FIFO）"),
	ROW(GM_KIND_DIR, "a folder", "目录"),
	ROW(GM_KIND_DEVICE, "a device", "设备文件"),
	ROW(GM_KIND_PROC, "a file of /proc or /sys", "/proc 或 /sys 里的文件"),
	ROW(GM_KIND_OTHER, "not a regular file", "不是普通文件"),
	ROW(GM_TOO_LARGE, "the file is larger than 1 MB", "文件大于 1 MB"),
	ROW(GM_NO_TMPDIR, "%s", "评分器无法准备临时目录：%s"),
	ROW(GM_CC_HIDDEN, "the compiler %.300s is not in a system folder: the sandbox shows only "
			   "/usr/bin, /usr/lib, /usr/libexec, /usr/include and the like, not "
			   "/usr/local (set GRADLAB_CC to a compiler in /usr/bin)",
			   "编译器 %.300s 不在系统目录里：沙箱里只能看到 /usr/bin、/usr/lib、"
			   "/usr/libexec、/usr/include 这类目录，看不到 /usr/local（把 GRADLAB_CC 设为 "
			   "/usr/bin 里的编译器）"),
	ROW(GM_CC_START, "the compiler could not be started: %s", "无法启动编译器：%s"),
	ROW(GM_CC_TIMEOUT, "the compiler did not finish within %g s", "编译器在 %g 秒内没有完成"),
	ROW(GM_CC_SIGNAL, "the compiler was killed by signal %d", "编译器被信号 %d 终止了"),
	ROW(GM_NOT_COMPILED, "%s does not compile", "%s 无法编译"),
	ROW(GM_WORKER_SIGNAL, "the grader's worker for this exercise was killed by signal %d "
			       "(%s)%.0s",
			       "评分器给这道练习的工作进程被信号 %d%.0s（SIG%s）终止了"),
	ROW(GM_WORKER_FAILED, "the grader's worker for this exercise failed (exit status %d)",
			       "评分器给这道练习的工作进程出错了（退出状态 %d）"),
	ROW(GM_WORKER_START, "the grader could not start a worker: %s", "评分器无法启动工作进程：%s"),
	ROW(GM_WORKER_TOO_LONG, "grading this exercise took longer than it ever should; the grader "
				 "stopped it",
				 "这道练习的评分用时远远超出了应有的时间，评分器把它停下了"),
	ROW(GM_PATH_TOO_LONG, "the path of this student's files is %zu bytes long, more than the "
			       "system allows (PATH_MAX %d): grade the class from a shorter path",
			       "这名学生文件的路径长 %zu 字节，超出了系统允许的长度（PATH_MAX %d）："
			       "请把班级放到较短的路径下再评分"),
	/* {---- The sandbox ---- */
	ROW(GM_SANDBOX_NAMESPACES, "namespaces (pid, mount, net, ipc), minimal read-only root, "
				    "private /tmp, own uid",
				    "命名空间（pid、mount、net、ipc），最小只读根目录，私有 /tmp，独立用户"),
	ROW(GM_SANDBOX_USERNS, "user namespace (pid, mount, net, ipc), minimal read-only root, "
				"private /tmp",
				"用户命名空间（pid、mount、net、ipc），最小只读根目录，私有 /tmp"),
	ROW(GM_SANDBOX_UID_LANDLOCK, "own uid, session, limits, Landlock (reads system folders, "
				      "writes its own)",
				      "独立用户、会话、资源限制、Landlock（只读系统目录，只写工作目录）"),
	ROW(GM_SANDBOX_UID, "own uid and process group, limits", "独立用户和进程组，资源限制"),
	ROW(GM_SANDBOX_BASIC_LANDLOCK, "session, limits and Landlock (not root, no user namespaces)",
					"会话、资源限制和 Landlock（不是 root，没有用户命名空间）"),
	ROW(GM_SANDBOX_BASIC, "process group and limits only (not root, no userns, no Landlock)",
			       "只有进程组和资源限制（非 root，无用户命名空间和 Landlock）"),
	/* {---- Cases ---- */
	ROW(GM_NOTE_N, "n=%d", "n=%d"),
	ROW(GM_NOTE_RELU, "n=%d%s", "n=%d%s"),
	ROW(GM_NOTE_KINK_ONE, ", x exactly 0", "，x 恰好为 0"),
	ROW(GM_NOTE_KINK_SOME, ", some x exactly 0", "，有些 x 恰好为 0"),
	ROW(GM_NOTE_BC, "B=%d C=%d%s", "B=%d C=%d%s"),
	ROW(GM_NOTE_LOGITS_HIGH, ", large logits (700 to 1000)", "，很大的 logits（700 到 1000）"),
	ROW(GM_NOTE_LOGITS_LOW, ", very negative logits (-1300 to -1000)",
				 "，很负的 logits（-1300 到 -1000）"),
	ROW(GM_NOTE_LOGITS_SPAN, ", each row spanning more than 709", "，每行 logits 的跨度都超过 709"),
	ROW(GM_NOTE_LOGITS_ONE, ", one class, logits from -1000 to 1000",
				 "，只有一个类别，logits 在 -1000 到 1000 之间"),
	ROW(GM_NOTE_LOGITS_KINDS, ", rows of every kind (ordinary, near 1000, near -1000, spanning "
				   "> 709)",
				   "，各种行（普通、接近 1000、接近 -1000、跨度超过 709）"),
	ROW(GM_NOTE_DLOSS, ", dloss=%.3g", "，dloss=%.3g"),
	ROW(GM_NOTE_DLOSS_PLAIN, ", dloss=%.3g", ", dloss=%.3g"),
	ROW(GM_NOTE_BIO, "B=%d I=%d O=%d", "B=%d I=%d O=%d"),
	ROW(GM_NOTE_BIH, "B=%d I=%d H=%d", "B=%d I=%d H=%d"),
	ROW(GM_NOTE_TBIH, "T=%d B=%d I=%d H=%d", "T=%d B=%d I=%d H=%d"),
	ROW(GM_NOTE_EPS, "n=%d, eps=%.3g", "n=%d, eps=%.3g"),
	ROW(GM_NOTE_MISMATCH, "n=%d, atol=%.3g, rtol=%.3g: %s", "n=%d，atol=%.3g，rtol=%.3g：%s"),
	ROW(GM_MISMATCH_AGREE, "all agree", "全部一致"),
	ROW(GM_MISMATCH_SEVERAL, "several disagree", "有几个不一致"),
	ROW(GM_MISMATCH_NAN_NUMERIC, "a numeric value is NaN", "有一个数值梯度是 NaN"),
	ROW(GM_MISMATCH_NAN_ANALYTIC, "an analytic value is NaN", "有一个解析梯度是 NaN"),
	ROW(GM_MISMATCH_TINY, "tiny values, near atol apart", "极小的值，相差接近 atol"),
	ROW(GM_MISMATCH_LARGE, "large values, near rtol apart", "很大的值，相对相差接近 rtol"),
	ROW(GM_MISMATCH_INF, "an infinite value", "有一个无穷大的值"),
	ROW(GM_MISMATCH_THEY_AGREE, "they agree", "一致"),
	ROW(GM_MISMATCH_THEY_DISAGREE, "they disagree", "不一致"),
	ROW(GM_NOTE_CLIP_RNN, "H=%d I=%d, norm %.3g, max_norm %.3g", "H=%d I=%d，范数 %.3g，max_norm %.3g"),
	ROW(GM_NOTE_CLIP, "%d gradients, %d values, norm %.3g, max_norm %.3g",
			   "%d 个梯度，共 %d 个值，范数 %.3g，max_norm %.3g"),
	ROW(GM_NOTE_QKV, "Tq=%d Tk=%d D=%d Dv=%d", "Tq=%d Tk=%d D=%d Dv=%d"),
	ROW(GM_NOTE_SCORES, "%s, scores from %.0f to %.0f", "%s，scores 从 %.0f 到 %.0f"),
	ROW(GM_SCORES_SPAN, ", each row's scores spanning more than 709", "，每行 scores 的跨度都超过 709"),
	ROW(GM_SCORES_KINDS, ", rows of every kind", "，各种行"),
	ROW(GM_SCORES_LARGE, ", Q and K large", "，Q 和 K 很大"),
	/* {---- Mistakes a check knows ---- */
	ROW(GM_EXPLAIN_RELU_KINK, "x is exactly 0 there, and relu'(0) = 0 (PyTorch's choice): test "
				   "x > 0, not x >= 0",
				   "那里 x 恰好为 0，而 relu'(0) = 0（PyTorch 的约定）：条件写 x > 0，不要写 "
				   "x >= 0"),
	ROW(GM_EXPLAIN_LOGITS_HIGH, "exp(1000) overflows to inf and inf/inf is NaN: subtract the "
				     "row's largest value from every logit before exp (it cancels in "
				     "the division)",
				     "exp(1000) 会溢出成 inf，而 inf/inf 是 NaN：取 exp 之前，先从每个 "
				     "logit 中减去这一行的最大值（它在除法中会被约掉）"),
	ROW(GM_EXPLAIN_SCORES_HIGH, "this row's scores reach %.5g, exp of anything above 709 "
				     "overflows to inf, and inf/inf is NaN: subtract the row's largest "
				     "score before exp (it cancels in the division)",
				     "这一行的 score 最大到 %.5g，exp 超过 709 就溢出成 inf，而 inf/inf "
				     "是 NaN：取 exp 之前先减去这一行最大的 score（它在除法中会被约掉）"),
	ROW(GM_EXPLAIN_ROW_LOW, "every %s of this row is below -708 (the largest is %.5g): exp "
				 "underflows to 0 in every column and 0/0 is NaN; subtract the row's "
				 "largest %s first, so that the largest term is exp(0) = 1",
				 "这一行的每个 %s 都小于 -708（最大的是 %.5g）：exp 在每一列都下溢成 0，"
				 "而 0/0 是 NaN；先减去这一行最大的 %s，最大的一项就是 exp(0) = 1"),
	ROW(GM_EXPLAIN_ROW_SPAN, "this row's %ss span %.5g (from %.5g to %.5g): exp of more than "
				  "709 overflows, so subtracting the smallest value (or the first) is "
				  "not enough; subtract the largest, and every exponent is at most 0",
				  "这一行的 %s 跨度是 %.5g（从 %.5g 到 %.5g）：exp 超过 709 就溢出，所以"
				  "减去最小的（或第一个）值不够；要减去最大的，每个指数就都不大于 0"),
	ROW(GM_EXPLAIN_ONE_SIDED, "that is a one-sided difference, (f(x + eps) - f(x)) / eps: its "
				   "error shrinks like eps, the central difference's like eps^2",
				   "这是单侧差分 (f(x + eps) - f(x)) / eps：它的误差随 eps 缩小，中心差分"
				   "的误差随 eps^2 缩小"),
	ROW(GM_EXPLAIN_WIDE, "that is (f(x + eps) - f(x - eps)) / eps: the two points are 2 eps "
			      "apart",
			      "这是 (f(x + eps) - f(x - eps)) / eps：两个点相距 2 eps"),
	ROW(GM_EXPLAIN_FIXED_STEP, "that is the central difference with a step of %g, not with the "
				    "eps passed in (%.3g): it differs from the derivative by about "
				    "eps^2 f'''/6, so it depends on eps; use the argument",
				    "这是步长为 %g 的中心差分，而不是用传进来的 eps（%.3g）：中心差分与"
				    "导数相差约 eps^2 f'''/6，结果取决于 eps，要用参数 eps"),
	ROW(GM_RESTORE_X, ": put x[i] back exactly as it was (save it, then restore it)",
			   "：要把 x[i] 原样放回（先保存，再恢复）"),
	ROW(GM_EXPLAIN_INDEX_RANGE, "first_mismatch returns an index from 0 to n-1 (n = %d), or -1",
				     "first_mismatch 要返回 0 到 n-1（n = %d）之间的下标，或者 -1"),
	ROW(GM_EXPLAIN_NAN_SIDE, "%s[%d] is NaN, and a NaN always disagrees: every comparison with "
				  "NaN is false, so write the test as !(|a - b| <= atol + rtol * "
				  "max(|a|, |b|))",
				  "%s[%d] 是 NaN，而 NaN 总是算作不一致：与 NaN 的任何比较都为假，"
				  "所以要写成 !(|a - b| <= atol + rtol * max(|a|, |b|))"),
	ROW(GM_EXPLAIN_INF_SIDE, "%s[%d] is %s, and an infinite value always disagrees: test both "
				  "sides with isfinite first",
				  "%s[%d] 是 %s，而无穷大总是算作不一致：先用 isfinite 检查两边"),
	ROW(GM_EXPLAIN_LAST, "index %d is the last that disagrees; the first is %d: return as soon "
			      "as one disagrees",
			      "下标 %d 是最后一个不一致的，第一个是 %d：一发现不一致就返回"),
	ROW(GM_EXPLAIN_DISAGREE, "at index %d, |a - b| = %.3g is more than atol + rtol * max(|a|, "
				  "|b|) = %.3g: they disagree",
				  "下标 %d 处 |a - b| = %.3g，大于 atol + rtol * max(|a|, |b|) = %.3g："
				  "它们不一致"),
	ROW(GM_EXPLAIN_AGREE, "at index %d, |a - b| = %.3g is within atol + rtol * max(|a|, |b|) = "
			       "%.3g: they agree; only a test without %s says they do not",
			       "下标 %d 处 |a - b| = %.3g，不超过 atol + rtol * max(|a|, |b|) = %.3g："
			       "它们一致；少了 %s 才会判为不一致"),
	ROW(GM_EXPLAIN_NORM_AFTER, "that is the norm after clipping (%.6g); return the norm "
				    "measured before, %.6g",
				    "这是裁剪之后的范数（%.6g）；要返回裁剪之前测得的范数 %.6g"),
	ROW(GM_EXPLAIN_NORM_PART, "that is the norm of the first %d gradients only, but n_grads is "
				   "%d: go through all of them",
				   "这只是前 %d 个梯度的范数，而 n_grads 是 %d：要遍历全部梯度"),
	ROW(GM_EXPLAIN_OWN_NORM, "it was clipped by its own norm (%.6g); clip all the gradients "
				  "together by their one global norm, %.6g, with one factor",
				  "它是按它自己的范数（%.6g）裁剪的；要让所有梯度按同一个全局范数 %.6g "
				  "一起裁剪，乘以同一个因子"),
	ROW(GM_EXPLAIN_LEFT, "it was left as it was: its own norm (%.6g) is within max_norm, but "
			      "the global norm, %.6g, is what decides",
			      "它原封未动：它自己的范数（%.6g）没有超过 max_norm，但决定是否裁剪的是"
			      "全局范数 %.6g"),
	ROW(GM_EXPLAIN_NO_EPS, "that is the value times max_norm / total; the factor is max_norm / "
				"(total + 1e-6), with PyTorch's 1e-6 (no division by zero when total "
				"is 0)",
				"这是乘以 max_norm / total 的结果；因子是 max_norm / (total + 1e-6)，"
				"要加上 1e-6（PyTorch 的做法，total 为 0 时也不会除以零）"),
	/* {---- Reports ---- */
	ROW(GM_REPORT_POINTS, "points", "分"),
	ROW(GM_REPORT_HINT, "hint", "提示"),
	ROW(GM_REPORT_NEXT_HINT, "the next hint", "下一条提示"),
	ROW(GM_REPORT_PRINTED, "your code printed (shown as it is; it is not the grader's verdict):",
				"你的代码输出了以下内容（原样显示，这不是评分结果）："),
	ROW(GM_REPORT_MORE_OUTPUT, "(more output was cut)", "（其余输出已截断）"),
	ROW(GM_REPORT_CASE, "case", "用例"),
	ROW(GM_REPORT_OK, "ok    ", "通过  "),
	ROW(GM_REPORT_FAIL, "FAIL  ", "失败  "),
	ROW(GM_REPORT_COLON, ": ", "："),
	ROW(GM_REPORT_COMMA, ", ", "，"),
	ROW(GM_REPORT_TITLE, "%s%s%s (%s): %s/%s %s", "%s%s%s（%s）：%s/%s %s"),
	ROW(GM_REPORT_ONE_SEED, "  (seed %llu)", "  （随机种子 %llu）"),
	ROW(GM_REPORT_NOTE, "  seed %llu, %.2f s, sandbox: %s", "  随机种子 %llu，%.2f 秒，沙箱：%s"),
	ROW(GM_REPORT_TOTAL, "%1$s/%2$s points, %3$d of %4$d exercises pass (seed %5$llu)\n",
			      "%1$s/%2$s 分，%4$d 道练习中通过了 %3$d 道（随机种子 %5$llu）\n"),
	ROW(GM_REPORT_SUMMARY, "gradlab: %s/%s points (seed %llu)", "gradlab：%s/%s 分（随机种子 %llu）"),
	/* {---- Exercises 11-14: dropout, batchnorm, layernorm, conv2d (checks_layers.c) ---- */
	ROW(GM_NOTE_DROPOUT, "n=%d p=%.3g, %s", "n=%d p=%.3g，%s"),
	ROW(GM_DROPOUT_TRAINING, "training", "训练模式"),
	ROW(GM_DROPOUT_EVAL, "eval (training = 0)", "评估模式（training = 0）"),
	ROW(GM_NOTE_BATCHNORM, "N=%d C=%d eps=%.3g%s%s", "N=%d C=%d eps=%.3g%s%s"),
	ROW(GM_NOTE_LAYERNORM, "N=%d D=%d eps=%.3g%s%s", "N=%d D=%d eps=%.3g%s%s"),
	ROW(GM_NORM_CONST_COLUMN, ", a constant column (var = 0)", "，有一列是常数（var = 0）"),
	ROW(GM_NORM_CONST_ROW, ", a constant row (var = 0)", "，有一行是常数（var = 0）"),
	ROW(GM_NORM_OFFSET, ", values near +-10000 with a spread of about 0.1",
			    "，数值在 ±10000 附近、离散程度约为 0.1"),
	ROW(GM_NORM_TINY, ", a spread of about 1e-3 (var below eps)",
			  "，离散程度约为 1e-3（var 小于 eps）"),
	ROW(GM_NOTE_CONV, "N=%d Cin=%d H=%d W=%d Cout=%d kernel %dx%d stride %d,%d padding %d,%d",
			  "N=%d Cin=%d H=%d W=%d Cout=%d 卷积核 %dx%d 步幅 %d,%d 填充 %d,%d"),
	ROW(GM_EXPLAIN_DROPOUT_SCALE, "that is the value without the 1/(1 - p) scaling: inverted "
				       "dropout divides every kept unit by 1 - p (here %.3g) in "
				       "training, in the forward and in the backward alike",
				       "这是没有乘 1/(1 - p) 的值：倒置 dropout 在训练模式下把每个保留的单元"
				       "除以 1 - p（这里是 %.3g），前向和反向传播都一样"),
	ROW(GM_EXPLAIN_DROPOUT_EVAL, "this case is eval (training = 0), where dropout is the "
				      "identity: the mask is not used and nothing is scaled",
				      "这个用例是评估模式（training = 0），此时 dropout 是恒等映射：不用掩码，"
				      "也不做缩放"),
	ROW(GM_EXPLAIN_NORM_CONSTANTS, "that is gamma * dy / sqrt(var + eps) alone, as if the mean "
					"and the variance were constants: both are computed from x, so "
					"dx also takes a path through each of them",
					"这只是 gamma * dy / sqrt(var + eps)，好像均值和方差是常数：可它们"
					"都由 x 算出，所以 dx 还要经过它们各自的路径"),
	ROW(GM_EXPLAIN_CONV_FLIP, "that is dy correlated with the kernel as it stands: the backward "
				   "of a convolution correlates dy with the kernel flipped (rotated "
				   "by 180 degrees); or add weight * dy into every x that output "
				   "element read",
				   "这是 dy 与原样的卷积核做互相关的结果：卷积的反向传播要让 dy 与翻转"
				   "（旋转 180 度）后的卷积核做互相关；或者把 weight * dy 加到该输出元素"
				   "读过的每个 x 上"),
	ROW(GM_EXPLAIN_CONV_STRIDE, "that is what stride 1 gives: with stride %d,%d output "
				     "element (oh, ow) reads x at (oh * stride_h - pad_h + kh, "
				     "ow * stride_w - pad_w + kw), and the backward must use the same "
				     "positions",
				     "这是步幅为 1 时的结果：步幅为 %d,%d 时，输出元素 (oh, ow) 读取的是 "
				     "x 的 (oh * stride_h - pad_h + kh, ow * stride_w - pad_w + kw)，"
				     "反向传播必须用同样的位置"),
	ROW(GM_EXPLAIN_NORM_CANCEL, "right to a few digits only: the values here are near 10000 with "
				     "a spread of 0.1, so E[x^2] - mean^2 cancels about 8 digits of the "
				     "variance; take the mean first, then the mean of the squared "
				     "deviations (x - mean)^2",
				     "只有前几位是对的：这里的数值在 10000 附近、离散程度只有 0.1，"
				     "E[x^2] - mean^2 会抵消掉方差大约 8 位有效数字；先求均值，再求偏差 "
				     "(x - mean)^2 的均值"),
};

const char *grade_msg(int lang, GradeMsg id)
{
	return msg_lookup(table[0], GM_COUNT, LANG_COUNT, (int)id, lang);
}

static void say_v(int lang, char *buf, size_t size, GradeMsg id, va_list ap)
{
	size_t len = strnlen(buf, size);
	if (len + 1 >= size)
		return;
	vsnprintf(buf + len, size - len, grade_msg(lang, id), ap);
}

void grade_say(char *text, size_t size, GradeMsg id, ...)
{
	va_list ap;
	va_start(ap, id);
	for (int l = 0; l < LANG_COUNT; l++) {
		va_list each;
		va_copy(each, ap);
		say_v(l, text + (size_t)l * size, size, id, each);
		va_end(each);
	}
	va_end(ap);
}

void grade_say_in(int lang, char *buf, size_t size, GradeMsg id, ...)
{
	va_list ap;
	va_start(ap, id);
	say_v(lang, buf, size, id, ap);
	va_end(ap);
}
