#ifndef PONDER_CNCURSESW_SHIM_H
#define PONDER_CNCURSESW_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// C macros and globals wrapped as functions, so Swift sees plain calls.
static inline int ponder_color_pair(int n) { return COLOR_PAIR(n); }
static inline int ponder_lines(void) { return LINES; }
static inline int ponder_cols(void) { return COLS; }
static inline WINDOW *ponder_stdscr(void) { return stdscr; }
static inline int ponder_key_resize(void) { return KEY_RESIZE; }
static inline int ponder_key_mouse(void) { return KEY_MOUSE; }
static inline int ponder_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int ponder_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline attr_t ponder_a_bold(void) { return A_BOLD; }
static inline attr_t ponder_a_reverse(void) { return A_REVERSE; }
static inline attr_t ponder_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ponder_a_dim(void) { return A_DIM; }
static inline attr_t ponder_a_normal(void) { return A_NORMAL; }
static inline mmask_t ponder_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t ponder_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t ponder_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t ponder_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
#include <termios.h>
#include <unistd.h>
#include <signal.h>
#include <stdlib.h>

// Keys and mouse, without C macros or structs on the Swift side.
// Returns -1 when no key came before the timeout; sets *is_function for KEY_* codes.
static inline int ponder_read_key(int *is_function, unsigned int *ch) {
    wint_t w = 0;
    int r = wget_wch(stdscr, &w);
    if (r == ERR) return -1;
    *is_function = (r == KEY_CODE_YES);
    *ch = (unsigned int)w;
    return 0;
}
static inline int ponder_read_mouse(int *x, int *y, unsigned long *bstate) {
    MEVENT e;
    if (getmouse(&e) != OK) return -1;
    *x = e.x; *y = e.y; *bstate = (unsigned long)e.bstate;
    return 0;
}
static inline void ponder_draw(int y, int x, const char *utf8, attr_t attrs, short pair) {
    wmove(stdscr, y, x);
    wattr_set(stdscr, attrs, pair, NULL);
    waddstr(stdscr, utf8);
}
static inline int ponder_key(const char *name) {
    // Named so Swift needs no octal macro imports.
    if (name[0] == 'U') return KEY_UP;
    if (name[0] == 'D') return KEY_DOWN;
    if (name[0] == 'L') return KEY_LEFT;
    if (name[0] == 'R') return name[1] == 'S' ? KEY_RESIZE : KEY_RIGHT;
    if (name[0] == 'N') return KEY_NPAGE;
    if (name[0] == 'P') return KEY_PPAGE;
    if (name[0] == 'H') return KEY_HOME;
    if (name[0] == 'E') return name[1] == 'N' ? KEY_END : KEY_ENTER;
    if (name[0] == 'B') return name[1] == 'T' ? KEY_BTAB : KEY_BACKSPACE;
    if (name[0] == 'X') return KEY_DC;
    if (name[0] == 'M') return KEY_MOUSE;
    return -1;
}

// Restoring the terminal from signal handlers: only async-signal-safe calls here.
// State lives in a function-local static (file-scope statics in a module header are not emitted).
// Each Swift file gets its own copy: call these from Terminal.swift only.
struct ponder_tty_state {
    struct termios saved;
    volatile sig_atomic_t have_tty;
    volatile sig_atomic_t signal_received;
};
static inline struct ponder_tty_state *ponder_tty(void) {
    static struct ponder_tty_state state;
    return &state;
}
static inline void ponder_save_tty(void) {
    if (tcgetattr(0, &ponder_tty()->saved) == 0) ponder_tty()->have_tty = 1;
}
static inline void ponder_emergency_restore(void) {
    static const char seq[] = "\033[0m\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?25h\033[?1049l\r\n";
    if (ponder_tty()->have_tty) tcsetattr(0, TCSANOW, &ponder_tty()->saved);
    ssize_t r = write(1, seq, sizeof seq - 1);
    (void)r;
}
static inline void ponder_on_stop_signal(int sig) {
    // First signal: the main loop notices and restores with endwin. A second one: restore now and exit.
    if (ponder_tty()->signal_received) { ponder_emergency_restore(); _exit(128 + sig); }
    ponder_tty()->signal_received = sig;
}
static inline void ponder_on_fatal_signal(int sig) {
    ponder_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void ponder_install_signal_handlers(void) {
    ponder_tty()->signal_received = 0;
    signal(SIGINT, ponder_on_stop_signal);
    signal(SIGTERM, ponder_on_stop_signal);
    signal(SIGHUP, ponder_on_stop_signal);
    signal(SIGSEGV, ponder_on_fatal_signal);
    signal(SIGILL, ponder_on_fatal_signal);
    signal(SIGTRAP, ponder_on_fatal_signal);
    signal(SIGABRT, ponder_on_fatal_signal);
    signal(SIGFPE, ponder_on_fatal_signal);
}
static inline void ponder_restore_signal_handlers(void) {
    int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
}
static inline int ponder_pending_signal(void) { return ponder_tty()->signal_received; }
static inline int ponder_no_color(void) {
    const char *v = getenv("NO_COLOR");
    return v != NULL && v[0] != '\0';
}
#include <sys/ioctl.h>
/// The terminal's real size from the kernel (0 on success). Polled by the event loop, so a resize
/// is seen even when ncurses' own SIGWINCH handling does not deliver KEY_RESIZE.
static inline int ponder_term_size(int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(1, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}
#endif
