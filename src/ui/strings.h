/* strings: every text the book's own screens show, in English and Simplified Chinese, from
 * one table (strings.c). In src/ui. Lesson text comes from the lessons; these are the
 * frame around it: headers, hints, prompts, messages, the help. Some are printf formats;
 * the comment beside each id says which arguments it takes, the same in every language. */
#ifndef GRADLAB_STRINGS_H
#define GRADLAB_STRINGS_H

/* A language is an index into core/lang.h's list, which is the table's columns: the book
 * finds its lessons (lessons/CODE), the --lang it passes to commands and the locale it
 * matches by the language's code there. */
#include "core/lang.h"

typedef enum StrId {
	S_LANG_NAME,          /* the language's own name */
	S_APP_TITLE,
	S_TOC_COL_LESSON,
	S_TOC_LEGEND,
	S_TOC_UNREADABLE,     /* %s: why */
	S_TOC_NO_LESSONS,     /* %s: the folder */
	S_TOC_UNTRANSLATED,
	S_HINT_OPEN,
	S_HINT_MOVE,
	S_HINT_HELP,
	S_HINT_QUIT,
	S_HINT_BACK,
	S_HINT_SCROLL,
	S_HINT_NEXT_CELL,
	S_HINT_SEARCH,
	S_HINT_RUN,
	S_HINT_HIDE,
	S_HINT_CHANGE,        /* %s: the parameter */
	S_HINT_NEXT_PARAM,
	S_HINT_PLOT,
	S_HINT_ANSWER,
	S_HINT_SUBMIT,
	S_HINT_CANCEL,
	S_HINT_CLOSE,
	S_HINT_EXERCISES,
	S_HINT_GRADE,
	S_HINT_GRADE_AGAIN,
	S_HINT_HINT,
	S_HINT_LIST,
	S_HINT_RETURN,
	S_CELL_EXPERIMENT,    /* %d */
	S_CELL_CHECK,         /* %d */
	S_CELL_QUIZ,          /* %d */
	S_QUIZ_NUMERIC,
	S_QUIZ_CHOICE,
	S_QUIZ_PREDICT,
	S_PRESS_RUN,
	S_PRESS_ANSWER,
	S_PRESS_RETRY,
	S_YOUR_ANSWER,
	S_CORRECT,
	S_INCORRECT_NUMBER,   /* %s answer, %s tolerance */
	S_INCORRECT_CHOICE,   /* %s answer */
	S_NOT_A_NUMBER,
	S_NOT_A_CHOICE,       /* %s: the keys */
	/* {==== Quizzes that cannot be gamed (quiz.c) ==== */
	S_NUM_EMPTY,          /* why a typed number is refused (S_NOT_A_NUMBER's %s): */
	S_NUM_MISSING_START,
	S_NUM_MISSING_AFTER,  /* %.*s: what comes before the place */
	S_NUM_UNEXPECTED,     /* %s the character, %.*s what comes before it */
	S_NUM_ZERO,
	S_NUM_TOO_LARGE,
	S_CORRECT_FIRST,
	S_INCORRECT_TRY,      /* %s: the key that shows the answer */
	S_ANSWER_NUMBER,      /* %s answer, %s tolerance */
	S_ANSWER_CHOICE,      /* %s answer */
	S_REVEALED_NOTE,
	S_PRESS_CHOOSE,
	S_NO_QUIZ,            /* %s: the key that shows the answer */
	S_HINT_CHOOSE,
	S_HINT_REVEAL,
	S_HELP_REVEAL,
	S_TOC_COL_FIRST,
	/* }==== */
	S_WHY,
	S_PREDICT_RUN,
	S_EXIT_STATUS,        /* %d */
	S_LONG_LINES_WRAPPED,
	S_LONG_LINES_CUT,
	S_RUN_CANNOT,         /* %s: why */
	S_RUN_REFUSED,        /* %s file, %d line, %s: why (one of S_REFUSE_*) */
	S_REFUSE_GRADLAB,
	S_REFUSE_COMMAND,     /* %s the command, %s the commands a lesson may run */
	S_REFUSE_CHECK_CELL,  /* %s the command */
	S_REFUSE_OPTION,      /* %s the option, %s the command */
	S_REFUSE_BOOK_OPTION, /* %s the option */
	S_REFUSE_ARGUMENT,    /* %s the command, %s the argument */
	S_END_OF_LESSON,
	S_NO_CELL_ON_SCREEN,
	S_NO_PARAMS,
	S_PARAMS_RESET,
	S_SEARCH_PROMPT,
	S_SEARCH_NOT_FOUND,   /* %s */
	S_SEARCH_MATCH,       /* %d of %d */
	S_SEARCH_WRAPPED,     /* %d of %d */
	S_NO_SEARCH,
	S_LANG_NEEDS_UTF8,    /* any language but English, on a terminal that shows ASCII only */
	S_LANG_SWITCHED,      /* %s: the language's name */
	S_LESSON_UNTRANSLATED,
	S_PLOT_SAVED,         /* %s: the file */
	S_PLOT_SAVED_NOTE,    /* %s: the file, %s: what the command noted (English captions) */
	S_PLOT_WINDOW,
	S_PLOT_FAILED,        /* %s: why */
	S_PLOT_NONE,
	S_PLOT_UNSUPPORTED,   /* %s: the command */
	S_PLOT_EMPTY,
	S_PLOT_TOO_SMALL,
	S_TOO_SMALL,          /* %d %d need cols rows, %d %d have cols rows */
	S_PROGRESS_SET_ASIDE, /* %s why, %s moved to */
	S_PROGRESS_NO_SAVE,   /* %s why */
	S_SAVE_FAILED,        /* %s why */
	S_NO_TERM,            /* %s: TERM's value or "unset" */
	S_TERM_CANNOT_MOVE,   /* %s: TERM's value, quoted */
	S_NOT_A_TTY,
	S_UNSET,
	S_HELP_TITLE,
	S_HELP_EVERYWHERE,
	S_HELP_CONTENTS,
	S_HELP_READER,
	S_HELP_QUIZ,
	S_HELP_MOVE,
	S_HELP_PAGE,
	S_HELP_ENDS,
	S_HELP_OPEN,
	S_HELP_BACK,
	S_HELP_QUIT,
	S_HELP_LANG,
	S_HELP_HELP,
	S_HELP_CTRL_C,
	S_HELP_ENTER_CELL,
	S_HELP_TAB,
	S_HELP_PARAM,
	S_HELP_NEXT_PARAM,
	S_HELP_RESET,
	S_HELP_PLOT,
	S_HELP_WRAP,
	S_HELP_PAN,
	S_HELP_SEARCH,
	S_HELP_NEXT_MATCH,
	S_HELP_CHOOSE,
	S_HELP_SUBMIT,
	S_HELP_CANCEL,
	S_HELP_EDIT,
	S_HELP_SAVED_IN,      /* %s: the folder */
	S_HELP_NOT_SAVED,
	S_HELP_CLOSE,
	S_HELP_EX_OPEN,
	S_HELP_EXERCISES,
	S_HELP_EX_GRADE,
	S_HELP_EX_HINT,
	S_HELP_EX_SCROLL,
	S_HELP_EX_BACK,
	S_EX_TITLE,           /* %d passed, %d exercises, %s score, %d points */
	S_EX_REPORT_TITLE,    /* %s number, %s title */
	S_EX_COL_EXERCISE,
	S_EX_COL_LESSON,
	S_EX_COL_SCORE,
	S_EX_COL_STATUS,
	S_EX_NEW,
	S_EX_FAILED,
	S_EX_PASSED,
	S_EX_EDIT,            /* %s: the file */
	S_EX_CANNOT_READ,     /* %s file, %s why */
	S_EX_NO_COMMENT,      /* %s: the file */
	S_EX_READ_ONLY,       /* %s: the folder to copy */
	S_EX_HINT,            /* %d k, %d of, %s the hint */
	S_EX_MORE_HINTS,
	S_EX_LAST_HINT,
	S_EX_GRADING,         /* %s: the file */
	S_EX_ALL_PASS,
	S_EX_CANNOT_GRADE,    /* %s: why */
	S_EX_NONE,            /* %s: why */
	/* {==== Keys in the help (keys.c) ==== */
	S_HELP_NTH_LESSON,
	S_HELP_NTH_EXERCISE,
	/* }==== */
	/* {==== A train cell, live (train_cell.c) ==== */
	S_TRAIN_PROGRESS,     /* %ld iteration, %ld of, %.4g loss, %.3g gradient norm */
	S_TRAIN_STARTING,
	S_TRAIN_STOP_HINT,
	S_TRAIN_STOPPING,
	S_TRAIN_BUSY,
	S_TRAIN_STOPPED,      /* %ld: the iterations done */
	S_TRAIN_CACHED,
	S_TRAIN_PLOT_LOSS,
	S_TRAIN_PLOT_X,
	S_HELP_TRAIN,
	S_HELP_TRAIN_STOP,
	S_HELP_RERUN,
	/* }==== */
	S_COUNT
} StrId;

/* The text of id in lang (English where lang is out of range, "" where id is, or where the
 * table has no text: a gap the table test fails on, never filled in from another language).
 * Never NULL. */
const char *ui_str(int lang, StrId id);
/* The language of the locale: the first of LC_ALL, LC_MESSAGES and LANG that is set and
 * not empty decides, as the language whose code it starts with ("zh_CN.UTF-8"); English
 * when none is set or its value starts with no code. */
int ui_lang_of_locale(void);

#endif
