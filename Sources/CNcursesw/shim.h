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
#endif
