#ifndef INFRATOP_CNCURSES_SHIM_H
#define INFRATOP_CNCURSES_SHIM_H

// Wide-character curses (cchar_t, setcchar, wadd_wch) needs this before <curses.h>.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <wchar.h>
#include <langinfo.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

// Swift cannot see function-like macros or C globals as constants; these wrappers expose them.
static inline attr_t infratop_a_normal(void) { return A_NORMAL; }
static inline attr_t infratop_a_bold(void) { return A_BOLD; }
static inline attr_t infratop_a_dim(void) { return A_DIM; }
static inline attr_t infratop_a_underline(void) { return A_UNDERLINE; }
static inline attr_t infratop_a_reverse(void) { return A_REVERSE; }
static inline attr_t infratop_a_italic(void) { return A_ITALIC; }
static inline WINDOW *infratop_stdscr(void) { return stdscr; }
static inline int infratop_colors(void) { return COLORS; }
static inline int infratop_color_pairs(void) { return COLOR_PAIRS; }
static inline int infratop_lines(void) { return LINES; }
static inline int infratop_cols(void) { return COLS; }
static inline int infratop_key_resize(void) { return KEY_RESIZE; }
static inline int infratop_key_up(void) { return KEY_UP; }
static inline int infratop_key_down(void) { return KEY_DOWN; }
static inline int infratop_key_left(void) { return KEY_LEFT; }
static inline int infratop_key_right(void) { return KEY_RIGHT; }
static inline int infratop_key_npage(void) { return KEY_NPAGE; }
static inline int infratop_key_ppage(void) { return KEY_PPAGE; }
static inline int infratop_key_home(void) { return KEY_HOME; }
static inline int infratop_key_end(void) { return KEY_END; }
static inline int infratop_key_btab(void) { return KEY_BTAB; }
static inline int infratop_key_enter(void) { return KEY_ENTER; }
static inline int infratop_key_backspace(void) { return KEY_BACKSPACE; }
static inline int infratop_key_dc(void) { return KEY_DC; }

/// Starts curses on the process's own stdout/stdin; NULL when the terminal type is unknown.
static inline SCREEN *infratop_newterm(void) { return newterm(NULL, stdout, stdin); }

/// Ignores a signal so that ncurses does not install its own handler and Dispatch can take it.
static inline void infratop_ignore_signal(int signal_number) { signal(signal_number, SIG_IGN); }

static inline int infratop_key_code_yes(void) { return KEY_CODE_YES; }

/// Puts one grapheme (up to CCHARW_MAX code points) with attributes and an extended pair into a cchar_t.
static inline int infratop_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
    return setcchar(cell, text, attrs, 0, &pair);
}

/// Reads the terminal size from the tty, for SIGWINCH handling that ncurses does not do itself.
static inline int infratop_terminal_size(int *rows, int *cols) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) {
        return -1;
    }
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

/// On a fatal signal, give the terminal back before dying so the user's shell stays usable.
/// endwin is not async-signal-safe; at this point the process is going down anyway and a
/// scrambled terminal is the worse outcome.
static void infratop_fatal_signal_handler(int signal_number) {
    endwin();
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static inline void infratop_install_fatal_signal_handlers(void) {
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction action;
        action.sa_handler = infratop_fatal_signal_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(signals[i], &action, NULL);
    }
}

#endif
