/* strings: the book's own texts in English and Simplified Chinese; see strings.h. A test
 * (test_ui_strings) checks that every id has a text in every language, that they all carry
 * the same printf conversions, and that a third column is read where it is asked for. */
#include "ui/strings.h"

#include "core/msg.h"

#include <stdlib.h>
#include <string.h>

/* One row per id: its English text, then one per language of core/lang.h in its order (a
 * test's fake language adds LANG_EXTRA_COLUMN(en)); a text missing is a gap the table
 * test finds. */
#define ROW(id, en, ...) [id] = { en, __VA_ARGS__ LANG_EXTRA_COLUMN(en) }

static const char *const table[S_COUNT][LANG_COUNT] = {
	ROW(S_LANG_NAME, "English", "中文"),
	ROW(S_APP_TITLE, "gradlab: the terminal textbook", "gradlab：终端里的教科书"),
	ROW(S_TOC_COL_LESSON, "Lesson", "课程"),
	ROW(S_TOC_LEGEND, "First try: quizzes right at the first try, without asking for the answer / all quizzes. A mark: opened before.",
			   "一次答对：第一次就答对（且没有先看答案）的测验数 / 总题数。有标记的课程表示已经打开过。"),
	ROW(S_TOC_UNREADABLE, "cannot be read: %s", "无法读取：%s"),
	ROW(S_TOC_NO_LESSONS, "No lessons found in %s.", "在 %s 中没有找到课程。"),
	ROW(S_TOC_UNTRANSLATED, "(not in English yet)", "（暂无中文版）"),
	ROW(S_HINT_OPEN, "open", "打开"),
	ROW(S_HINT_MOVE, "move", "移动"),
	ROW(S_HINT_HELP, "help", "帮助"),
	ROW(S_HINT_QUIT, "quit", "退出"),
	ROW(S_HINT_BACK, "contents", "目录"),
	ROW(S_HINT_SCROLL, "scroll", "滚动"),
	ROW(S_HINT_NEXT_CELL, "next cell", "下一单元格"),
	ROW(S_HINT_SEARCH, "search", "搜索"),
	ROW(S_HINT_RUN, "run", "运行"),
	ROW(S_HINT_HIDE, "hide", "收起"),
	ROW(S_HINT_CHANGE, "%s", "调 %s"),
	ROW(S_HINT_NEXT_PARAM, "next parameter", "换参数"),
	ROW(S_HINT_PLOT, "plot", "绘图"),
	ROW(S_HINT_ANSWER, "answer", "作答"),
	ROW(S_HINT_SUBMIT, "submit", "提交"),
	ROW(S_HINT_CANCEL, "cancel", "取消"),
	ROW(S_HINT_CLOSE, "close", "关闭"),
	ROW(S_HINT_EXERCISES, "exercises", "练习"),
	ROW(S_HINT_GRADE, "grade", "评分"),
	ROW(S_HINT_GRADE_AGAIN, "grade again", "重新评分"),
	ROW(S_HINT_HINT, "hint", "提示"),
	ROW(S_HINT_LIST, "list", "列表"),
	ROW(S_HINT_RETURN, "back", "返回"),
	ROW(S_CELL_EXPERIMENT, "Experiment %d", "实验 %d"),
	ROW(S_CELL_CHECK, "Gradient check %d", "梯度检验 %d"),
	ROW(S_CELL_QUIZ, "Quiz %d", "测验 %d"),
	ROW(S_QUIZ_NUMERIC, "type a number", "填数字"),
	ROW(S_QUIZ_CHOICE, "choose one", "单选"),
	ROW(S_QUIZ_PREDICT, "predict, then run", "先预测，再运行"),
	ROW(S_PRESS_RUN, "Press Enter to run it here.", "按 Enter 在这里运行。"),
	ROW(S_PRESS_ANSWER, "Press Enter to answer.", "按 Enter 作答。"),
	ROW(S_PRESS_RETRY, "Press Enter to answer again.", "按 Enter 可以再答一次。"),
	ROW(S_YOUR_ANSWER, "Your answer: ", "你的答案："),
	ROW(S_CORRECT, "Correct.", "正确。"),
	ROW(S_INCORRECT_NUMBER, "Not quite: the answer is %s (give or take %s).",
				 "不对：答案是 %s（允许误差 %s）。"),
	ROW(S_INCORRECT_CHOICE, "Not quite: the answer is %s.", "不对：答案是 %s。"),
	ROW(S_NOT_A_NUMBER, "That is not a number: %s. Type one like 0.25, 1/1024, 0.9^50, 2^-10 or 1e-3.",
			     "这不是一个数：%s。请输入数字，例如 0.25、1/1024、0.9^50、2^-10 或 1e-3。"),
	ROW(S_NOT_A_CHOICE, "Type one of: %s", "请输入其中之一：%s"),
	ROW(S_NUM_EMPTY, "nothing was typed", "什么都没有输入"),
	ROW(S_NUM_MISSING_START, "it does not start with a number", "开头不是数字"),
	ROW(S_NUM_MISSING_AFTER, "a number is missing after '%.*s'", "“%.*s”后面缺少数字"),
	ROW(S_NUM_UNEXPECTED, "'%s' cannot come after '%.*s'", "“%s”不能跟在“%.*s”后面"),
	ROW(S_NUM_ZERO, "it divides by zero", "除数为零"),
	ROW(S_NUM_TOO_LARGE, "it is too large", "数值太大"),
	ROW(S_CORRECT_FIRST, "Correct. Right at the first try.", "正确。第一次就答对了。"),
	ROW(S_INCORRECT_TRY, "Not quite. Try again, or press %s to see the answer.",
			      "不对。再试一次，或按 %s 查看答案。"),
	ROW(S_ANSWER_NUMBER, "The answer is %s (give or take %s).", "答案是 %s（允许误差 %s）。"),
	ROW(S_ANSWER_CHOICE, "The answer is %s.", "答案是 %s。"),
	ROW(S_REVEALED_NOTE, "You asked to see the answer: this quiz does not count as right at the first try.",
			      "你查看了答案：这道题不计为一次答对。"),
	ROW(S_PRESS_CHOOSE, "Press the letter of your answer.", "按下你所选答案的字母。"),
	ROW(S_NO_QUIZ, "%s shows the answer of a quiz: select one with Tab.",
			"%s 用来查看测验的答案：请先用 Tab 选中一道测验。"),
	ROW(S_HINT_CHOOSE, "choose", "选择"),
	ROW(S_HINT_REVEAL, "show answer", "看答案"),
	ROW(S_HELP_REVEAL, "show the selected quiz's answer: it then does not count as right at the first try",
			    "显示所选测验的答案：这道题随后不再计为一次答对"),
	ROW(S_TOC_COL_FIRST, "First try", "一次答对"),
	ROW(S_WHY, "Why: ", "解释："),
	ROW(S_PREDICT_RUN, "What the command gives:", "命令的运行结果："),
	ROW(S_EXIT_STATUS, "(the command exited with status %d)", "（命令的退出状态为 %d）"),
	ROW(S_LONG_LINES_WRAPPED, "Every long line is wrapped: w cuts the tables again.",
				   "所有长行都已折行：按 w 恢复表格的整行显示。"),
	ROW(S_LONG_LINES_CUT, "Wide table: < > pan it, w wraps its lines.",
			       "表格太宽：按 < > 左右平移，按 w 折行显示。"),
	ROW(S_RUN_CANNOT, "This cell cannot run: %s", "这个单元格无法运行：%s"),
	ROW(S_RUN_REFUSED, "Not run: %s:%d: %s", "未运行：%s:%d：%s"),
	ROW(S_REFUSE_GRADLAB, "leave out the leading 'gradlab'.", "请去掉开头的“gradlab”。"),
	ROW(S_REFUSE_COMMAND, "'%s' is not a command a lesson may run (%s).",
			       "课程不能运行“%s”（只能运行 %s）。"),
	ROW(S_REFUSE_CHECK_CELL, "a check cell runs 'check', not '%s'.",
				  "check 单元格只能运行 check，不能运行“%s”。"),
	ROW(S_REFUSE_OPTION, "'%s' is not an option of gradlab %s that a lesson may give.",
			      "“%s”不是课程可以给 gradlab %s 的选项。"),
	ROW(S_REFUSE_BOOK_OPTION, "'%s' is the book's to choose, not a lesson's: the book draws the plot here and p saves it.",
				   "“%s”由教科书决定，课程不能指定：图就画在这里，按 p 保存。"),
	ROW(S_REFUSE_ARGUMENT, "gradlab %s takes no argument '%s'.", "gradlab %s 不接受参数“%s”。"),
	ROW(S_END_OF_LESSON, "End of the lesson. Press q to go back to the contents.",
			      "本课结束。按 q 返回目录。"),
	ROW(S_NO_CELL_ON_SCREEN, "No cell on the screen: Tab goes to the next one.",
				  "屏幕上没有单元格：按 Tab 跳到下一个。"),
	ROW(S_NO_PARAMS, "This cell has no parameters to change.", "这个单元格没有可调的参数。"),
	ROW(S_PARAMS_RESET, "Parameters back to the lesson's values.", "参数已恢复为课文中的初始值。"),
	ROW(S_SEARCH_PROMPT, "Search: ", "搜索："),
	ROW(S_SEARCH_NOT_FOUND, "Not found: %s", "没有找到：%s"),
	ROW(S_SEARCH_MATCH, "Match %d of %d", "第 %d 处，共 %d 处"),
	ROW(S_SEARCH_WRAPPED, "Match %d of %d (the search went round)", "第 %d 处，共 %d 处（已绕回继续搜索）"),
	ROW(S_NO_SEARCH, "Nothing to find yet: press / to search.", "还没有搜索：按 / 开始搜索。"),
	ROW(S_LANG_NEEDS_UTF8, "Chinese needs a UTF-8 terminal: run with LANG=C.UTF-8 (or zh_CN.UTF-8).",
				"中文需要 UTF-8 终端：请用 LANG=C.UTF-8（或 zh_CN.UTF-8）运行。"),
	ROW(S_LANG_SWITCHED, "Language: %s", "语言：%s"),
	ROW(S_LESSON_UNTRANSLATED, "This lesson has no English version yet: showing the Chinese one.",
				    "这一课还没有中文版：先显示英文版。"),
	ROW(S_PLOT_SAVED, "Saved %s", "已保存 %s"),
	ROW(S_PLOT_SAVED_NOTE, "Saved %s; %s", "已保存 %s；%s"),
	ROW(S_PLOT_WINDOW, "The plot is open in a gnuplot window.", "图已在 gnuplot 窗口中打开。"),
	ROW(S_PLOT_FAILED, "Could not plot: %s", "无法绘图：%s"),
	ROW(S_PLOT_NONE, "Only experiments have plots.", "只有实验单元格可以绘图。"),
	ROW(S_PLOT_UNSUPPORTED, "gradlab %s cannot draw plots yet.", "gradlab %s 暂时不能绘图。"),
	ROW(S_PLOT_EMPTY, "No plot for these values: what the cell shows is the whole result.",
			   "这组参数下没有可画的图：单元格中显示的就是全部结果。"),
	ROW(S_PLOT_TOO_SMALL, "No plot: the terminal is too small for one. Enlarge it to see the plot.",
			       "未绘图：终端太小，放不下图。把终端调大就能看到图。"),
	ROW(S_TOO_SMALL, "Please enlarge the terminal (need at least %dx%d, have %dx%d). q quits.",
			  "请把终端窗口调大（至少需要 %dx%d，现在是 %dx%d）。按 q 退出。"),
	ROW(S_PROGRESS_SET_ASIDE, "Your progress file could not be read (%s). It was moved to %s and a new one was started.",
				   "无法读取进度文件（%s）。它已被移到 %s，进度从头开始记录。"),
	ROW(S_PROGRESS_NO_SAVE, "Progress will not be saved: %s", "进度不会被保存：%s"),
	ROW(S_SAVE_FAILED, "Could not save progress: %s", "无法保存进度：%s"),
	ROW(S_NO_TERM, 
		"gradlab: the book needs a terminal it knows, but TERM is %s.\n"
		"Set TERM (for example TERM=xterm-256color) and run gradlab again.\n"
		"The lessons are plain text: `gradlab lessons` lists them, `gradlab lessons\n"
		"--show 01` prints one, and every command runs without the book (`gradlab --help`).\n",
		"gradlab：教科书需要一个可识别的终端，但 TERM 为 %s。\n"
		"请设置 TERM（例如 TERM=xterm-256color）后重新运行 gradlab。\n"
		"课文是纯文本：`gradlab lessons` 会列出它们，`gradlab lessons --show 01`\n"
		"会打印其中一课；所有命令都可以脱离教科书直接运行（`gradlab --help`）。\n"),
	ROW(S_TERM_CANNOT_MOVE, 
		"gradlab: the book draws full screens, but this terminal (TERM=%s) cannot move the\n"
		"cursor. Run it in a terminal such as xterm, or set TERM to what yours is (for\n"
		"example TERM=xterm-256color). Without one, read the lessons as plain text:\n"
		"`gradlab lessons` lists them, `gradlab lessons --show 01` prints one, and every\n"
		"command runs without the book (`gradlab --help`).\n",
		"gradlab：教科书需要整屏绘制，但这个终端（TERM=%s）不能移动光标。\n"
		"请在 xterm 之类的终端中运行，或把 TERM 设为你的终端类型（例如 TERM=xterm-256color）。\n"
		"没有这样的终端时，可以把课文当纯文本阅读：`gradlab lessons` 列出课程，\n"
		"`gradlab lessons --show 01` 打印其中一课；所有命令都可以脱离教科书直接运行（`gradlab --help`）。\n"),
	ROW(S_NOT_A_TTY, 
		"gradlab: the book is interactive: run it in a terminal.\n"
		"`gradlab lessons` lists the lessons, `gradlab lessons --show 01` prints one;\n"
		"`gradlab --help` lists the commands.\n",
		"gradlab：教科书是交互式的，请在终端中运行。\n"
		"`gradlab lessons` 列出课程，`gradlab lessons --show 01` 打印其中一课；\n"
		"`gradlab --help` 列出所有命令。\n"),
	ROW(S_UNSET, "not set", "未设置"),
	ROW(S_HELP_TITLE, "Keys", "按键"),
	ROW(S_HELP_EVERYWHERE, "Everywhere", "任何地方"),
	ROW(S_HELP_CONTENTS, "In the contents", "在目录中"),
	ROW(S_HELP_READER, "Reading a lesson", "阅读课程时"),
	ROW(S_HELP_QUIZ, "Answering a quiz", "回答测验时"),
	ROW(S_HELP_MOVE, "move or scroll one line", "移动或滚动一行"),
	ROW(S_HELP_PAGE, "one screen up or down", "向上或向下翻一屏"),
	ROW(S_HELP_ENDS, "to the start or the end", "跳到开头或结尾"),
	ROW(S_HELP_OPEN, "open the lesson, where you left it", "打开课程，回到上次读到的地方"),
	ROW(S_HELP_BACK, "back to the contents", "返回目录"),
	ROW(S_HELP_QUIT, "quit (your progress is saved)", "退出（进度会自动保存）"),
	ROW(S_HELP_LANG, "switch language: English / 中文", "切换语言：English / 中文"),
	ROW(S_HELP_HELP, "this help", "显示本帮助"),
	ROW(S_HELP_CTRL_C, "quit at once, progress saved", "立即退出，进度会保存"),
	ROW(S_HELP_ENTER_CELL, "run the selected cell, or hide its output; answer a quiz",
				"运行选中的单元格或收起其输出；回答测验"),
	ROW(S_HELP_TAB, "select the next or previous cell", "选中下一个或上一个单元格"),
	ROW(S_HELP_PARAM, "change the selected parameter: the experiment runs again",
			   "调整选中的参数，实验立即重新运行"),
	ROW(S_HELP_NEXT_PARAM, "select the next parameter", "选中下一个参数"),
	ROW(S_HELP_RESET, "reset the parameters", "把参数恢复为初始值"),
	ROW(S_HELP_PLOT, "plot in a gnuplot window, or save a PNG", "在 gnuplot 窗口中绘图，或保存为 PNG"),
	ROW(S_HELP_WRAP, "wrap the rows of a wide table, or cut them again", "宽表格：折行显示，或恢复整行"),
	ROW(S_HELP_PAN, "pan a wide table left or right", "宽表格向左或向右平移"),
	ROW(S_HELP_SEARCH, "search this lesson", "在本课中搜索"),
	ROW(S_HELP_NEXT_MATCH, "next or previous match", "下一处或上一处匹配"),
	ROW(S_HELP_CHOOSE, "while a choice quiz is selected, its letters choose; Tab or Shift-Tab leaves it, the arrows and PgUp PgDn scroll",
			    "选中选择题时，按字母即作答；按 Tab 或 Shift-Tab 离开，方向键和 PgUp PgDn 仍可滚动"),
	ROW(S_HELP_SUBMIT, "submit the answer", "提交答案"),
	ROW(S_HELP_CANCEL, "cancel", "取消"),
	ROW(S_HELP_EDIT, "delete the last character", "删除最后一个字符"),
	ROW(S_HELP_SAVED_IN, "Progress is saved in %s", "进度保存在 %s"),
	ROW(S_HELP_NOT_SAVED, "Progress is not being saved in this session.", "本次进度不会被保存。"),
	ROW(S_HELP_CLOSE, "Esc, q, ? or F1 closes this help.", "按 Esc、q、? 或 F1 关闭帮助。"),
	ROW(S_HELP_EX_OPEN, "the exercises: write the code, grade it here",
			     "练习：自己写代码，在这里评分"),
	ROW(S_HELP_EXERCISES, "The exercises", "做练习时"),
	ROW(S_HELP_EX_GRADE, "grade the selected exercise: your file is compiled and checked",
			      "给选中的练习评分：编译并检查你的文件"),
	ROW(S_HELP_EX_HINT, "the next hint", "下一条提示"),
	ROW(S_HELP_EX_SCROLL, "scroll the task, or the report", "滚动题目或评分报告"),
	ROW(S_HELP_EX_BACK, "from the report to the list; from the list back",
			     "从报告回到列表；从列表返回"),
	ROW(S_EX_TITLE, "Exercises: %d of %d passed, %s/%d points", "练习：通过 %d/%d，得分 %s/%d"),
	ROW(S_EX_REPORT_TITLE, "Exercise %s: %s", "练习 %s：%s"),
	ROW(S_EX_COL_EXERCISE, "Exercise", "练习"),
	ROW(S_EX_COL_LESSON, "Lesson", "课程"),
	ROW(S_EX_COL_SCORE, "Score", "得分"),
	ROW(S_EX_COL_STATUS, "Status", "状态"),
	ROW(S_EX_NEW, "new", "未做"),
	ROW(S_EX_FAILED, "failed", "未通过"),
	ROW(S_EX_PASSED, "passed", "通过"),
	ROW(S_EX_EDIT, "Edit %s", "要编辑的文件：%s"),
	ROW(S_EX_CANNOT_READ, "Cannot read %s: %s", "无法读取 %s：%s"),
	ROW(S_EX_NO_COMMENT, "%s has no comment at its top, where the task is written.",
			      "%s 开头没有注释，题目本来写在那里。"),
	ROW(S_EX_READ_ONLY, "This file cannot be changed. Copy the exercises to a folder of your own and start gradlab there: cp -r %s ./exercises",
			     "这个文件不能修改。请把练习复制到你自己的文件夹，再在那里启动 gradlab：cp -r %s ./exercises"),
	ROW(S_EX_HINT, "Hint %d/%d: %s", "提示 %d/%d：%s"),
	ROW(S_EX_MORE_HINTS, "Press h for the next hint.", "按 h 查看下一条提示。"),
	ROW(S_EX_LAST_HINT, "That was the last hint.", "这已经是最后一条提示。"),
	ROW(S_EX_GRADING, "Grading %s ...", "正在评分 %s ……"),
	ROW(S_EX_ALL_PASS, "Every check passes.", "全部检查通过。"),
	ROW(S_EX_CANNOT_GRADE, "Cannot grade: %s", "无法评分：%s"),
	ROW(S_EX_NONE, "No exercises: %s", "没有练习：%s"),
	ROW(S_HELP_NTH_LESSON, "select that lesson", "选中第几课"),
	ROW(S_HELP_NTH_EXERCISE, "select that exercise", "选中第几个练习"),
	/* A train cell, live (train_cell.c) */
	ROW(S_TRAIN_PROGRESS, "Training: iteration %ld of %ld, loss %.4g, gradient norm %.3g",
			       "训练中：第 %ld 次迭代（共 %ld 次），损失 %.4g，梯度范数 %.3g"),
	ROW(S_TRAIN_STARTING, "Training is starting ...", "训练正在开始……"),
	ROW(S_TRAIN_STOP_HINT, "Esc stops the run and keeps what it learned so far.",
				"按 Esc 停止训练，保留目前学到的结果。"),
	ROW(S_TRAIN_STOPPING, "Stopping the run ...", "正在停止训练……"),
	ROW(S_TRAIN_BUSY, "A training run is going: Esc stops it first.",
			   "训练正在进行：请先按 Esc 停止。"),
	ROW(S_TRAIN_STOPPED, "Stopped by you after %ld iterations: the results below are what it learned so far.",
			      "你在 %ld 次迭代后停止了训练：下面是目前学到的结果。"),
	ROW(S_TRAIN_CACHED, "Kept from an earlier run with these options (cached). R runs it again.",
			     "这是之前用相同选项运行的结果（缓存）。按 R 重新运行。"),
	ROW(S_TRAIN_PLOT_LOSS, "loss", "损失"),
	ROW(S_TRAIN_PLOT_X, "iteration", "迭代"),
	ROW(S_HELP_TRAIN, "While a training cell runs", "训练单元运行时"),
	ROW(S_HELP_TRAIN_STOP, "stop the run; what it learned so far is kept",
				"停止训练，保留目前学到的结果"),
	ROW(S_HELP_RERUN, "run the cell again instead of showing its cached output",
			   "重新运行单元，而不是显示缓存的输出"),
};

const char *ui_str(int lang, StrId id)
{
	return msg_lookup(table[0], S_COUNT, LANG_COUNT, (int)id, lang);
}

int ui_lang_of_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (!v || !*v)
			continue;
		for (int lang = 0; lang < LANG_COUNT; lang++) {
			const char *code = lang_code(lang);
			if (*code && strncmp(v, code, strlen(code)) == 0)
				return lang;
		}
		return LANG_EN;
	}
	return LANG_EN;
}
