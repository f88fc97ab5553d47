/* plot_msg: the plot layer's own words in English and Simplified Chinese; see plot_msg.h. A
 * test (test_plot_msg) checks that every id has a text in every language, that they all take
 * the same printf arguments, and that a third column is read where it is asked for. */
#include "plot/plot_msg.h"

#include "core/msg.h"

#include <stdarg.h>
#include <stdio.h>

/* One row per id: its English text, then one per language of core/lang.h in its order (a
 * test's fake language adds LANG_EXTRA_COLUMN(en)); a text missing is a gap the table
 * test finds. */
#define ROW(id, en, ...) [id] = { en, __VA_ARGS__ LANG_EXTRA_COLUMN(en) }

static const char *const table[PM_COUNT][LANG_COUNT] = {
	ROW(PM_NONE, "", ""),
	/* {---- Legends of a line plot ---- */
	ROW(PM_UNNAMED, "(unnamed)", "（未命名）"),
	ROW(PM_GAP_ZERO, "exactly 0 (a gap: log axis)", "恰为 0（对数轴上留空）"),
	ROW(PM_GAP_NAN, "NaN (no value)", "NaN（没有值，留空）"),
	ROW(PM_CLAMPED_OPEN, "clamped (", "画在边缘的值（"),
	ROW(PM_CLAMPED_CLOSE, ")", "）"),
	ROW(PM_LIST_COMMA, ", ", "、"),
	ROW(PM_LIST_OR, " or ", " 或 "),
	ROW(PM_CLAMP_ZERO, "0", "0"),
	ROW(PM_CLAMP_NEG, "negative", "负数"),
	ROW(PM_CLAMP_TINY, "< 1e-300", "< 1e-300"),
	ROW(PM_CLAMP_INF, "inf", "inf"),
	ROW(PM_CLAMP_NINF, "-inf", "-inf"),
	ROW(PM_CLAMP_NAN, "NaN", "NaN"),
	ROW(PM_CLAMP_HUGE, "> 1e+300", "> 1e+300"),
	/* {---- Heatmaps ---- */
	ROW(PM_MASKED, "masked", "已屏蔽"),
	ROW(PM_HATCHED, "hatched: masked (padding) keys", "斜线格：已屏蔽（填充）的键"),
	ROW(PM_NOT_FINITE_ONE, "x = not finite (%ld cell)", "x = 非有限值（%ld 格）"),
	ROW(PM_NOT_FINITE_MANY, "x = not finite (%ld cells)", "x = 非有限值（%ld 格）"),
	ROW(PM_SCALE_NONE, "scale: no finite values", "色阶：没有有限值"),
	ROW(PM_SCALE_ONE, "scale: every value is %.4g", "色阶：所有值都是 %.4g"),
	ROW(PM_SCALE, "scale: %.4g [", "色阶：%.4g ["),
	ROW(PM_SCALE_NOT_FINITE, "   ? not finite", "   ? 非有限值"),
	ROW(PM_SCALE_MASKED, "   x masked", "   x 已屏蔽"),
	ROW(PM_SHOWING, "showing %d/%d rows, %d/%d columns", "显示 %d/%d 行、%d/%d 列"),
	/* {---- Why a plot is drawn as text, or in English ---- */
	ROW(PM_WHY_NO_GNUPLOT, "gnuplot not found on PATH", "PATH 中没有 gnuplot"),
	ROW(PM_WHY_NO_WINDOW_TERMINAL, "gnuplot has no window terminal (qt, wxt or x11)",
				       "gnuplot 没有窗口终端（qt、wxt 或 x11）"),
	ROW(PM_WHY_NO_DISPLAY, "no display (DISPLAY and WAYLAND_DISPLAY are unset)",
			       "没有图形界面（DISPLAY 和 WAYLAND_DISPLAY 都未设置）"),
	ROW(PM_WHY_DUMB_HEAT, "gnuplot's dumb terminal cannot draw heatmaps",
			      "gnuplot 的 dumb 终端画不了热力图"),
	ROW(PM_WHY_DUMB_WIDE, "gnuplot's dumb terminal counts a Chinese character as one column",
			    "gnuplot 的 dumb 终端把一个汉字算作一列，对不齐"),
	ROW(PM_WHY_GNUPLOT_SAID, "%s", "gnuplot 出错（%.200s）"),
	ROW(PM_TEXT_INSTEAD, "%.220s; drawing a text %s instead", "%s；改为绘制文本%s"),
	ROW(PM_KIND_PLOT, "plot", "图"),
	ROW(PM_KIND_HEATMAP, "heatmap", "热力图"),
	ROW(PM_NO_CJK_FONT, "no Chinese font is installed, so the words in the %s are in English; "
			    "to show Chinese, install fonts-wqy-zenhei or fonts-noto-cjk",
			    "没有安装中文字体，%s中的文字改用英文；要显示中文，请安装 "
			    "fonts-wqy-zenhei 或 fonts-noto-cjk"),
	ROW(PM_TARGET_PNG, "PNG", "PNG "),
	ROW(PM_TARGET_WINDOW, "window", "窗口"),
};

const char *plot_msg(int lang, PlotMsg id)
{
	return msg_lookup(table[0], PM_COUNT, LANG_COUNT, (int)id, lang);
}

void plot_format(char *buf, size_t size, int lang, PlotMsg id, ...)
{
	if (!size)
		return;
	va_list ap;
	va_start(ap, id);
	vsnprintf(buf, size, plot_msg(lang, id), ap);
	va_end(ap);
}
