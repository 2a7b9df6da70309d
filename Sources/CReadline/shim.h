// GNU readline and history (Debian libreadline-dev). readline.h needs stdio.h first.
//
// Besides the headers, this shim sets readline's global variables (which Swift 6 cannot touch
// safely as shared mutable state) and handles Ctrl-C at the prompt: a SIGINT handler that only
// records the signal, and readline's signal event hook, which then empties the line. Its
// state exists once per Swift module that calls it: only Shell does.
#ifndef SASHELL_CREADLINE_SHIM_H
#define SASHELL_CREADLINE_SHIM_H
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

// MARK: Configuration

// Names the program "sashell" for `$if sashell` in ~/.inputrc, completes with `completer`
// (never with file names) and breaks words where a Lua name cannot continue.
static inline void sa_rl_configure(rl_completion_func_t *completer) {
    rl_readline_name = "sashell";
    rl_attempted_completion_function = completer;
    rl_basic_word_break_characters = " \t\n\"'`@$><=;|&{}()[],+-*/%^#~";
}

// Stores history entries after a timestamp line ("#1700000000"), so that a multi-line entry
// reads back from the file as one entry.
static inline void sa_history_configure(void) {
    history_comment_char = '#';
    history_write_timestamps = 1;
    history_multiline_entries = 1;
}

// Called by the completer: no file-name completion and no character appended by readline
// (the candidates carry their own suffix).
static inline void sa_rl_completion_settings(void) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = '\0';
}

// The line being edited, up to `end` bytes (the start of the word being completed).
static inline char *sa_rl_line_prefix(int end) {
    return strndup(rl_line_buffer, (size_t)end);
}

// MARK: Ctrl-C at the prompt

// State as static locals of accessors: Swift's importer does not emit a header's static globals.
// The handler's record of a Ctrl-C.
static inline volatile sig_atomic_t *sa_rl_interrupted(void) { static volatile sig_atomic_t flag = 0; return &flag; }
// Whether one came during the current readline call.
static inline int *sa_rl_interrupt_seen(void) { static int seen = 0; return &seen; }
// The prompt that replaces the current one after Ctrl-C (a continuation line starts anew).
static inline const char **sa_rl_fresh_prompt(void) { static const char *prompt = NULL; return &prompt; }

// The SIGINT handler while readline waits: readline's own handler has already cleaned up and
// re-sent the signal to us; record it for the event hook.
static inline void sa_rl_prompt_action(int sig) {
    (void)sig;
    *sa_rl_interrupted() = 1;
}

// Readline's signal event hook: after a Ctrl-C, abandon the line and redraw an empty prompt.
static inline int sa_rl_signal_event(void) {
    if (*sa_rl_interrupted()) {
        *sa_rl_interrupted() = 0;
        *sa_rl_interrupt_seen() = 1;
        rl_replace_line("", 0);
        rl_set_prompt(*sa_rl_fresh_prompt());
        rl_crlf();
        rl_on_new_line();
        rl_redisplay();
    }
    return 0;
}

// Reads a line with `prompt`, Ctrl-C emptying the line and showing `fresh_prompt` instead; NULL
// at end of file. The result is malloc'ed. *interrupted tells whether Ctrl-C was pressed
// meanwhile. SIGINT is unblocked for this thread, in case a parent spawned us with it blocked.
static inline char *sa_rl_readline(const char *prompt, const char *fresh_prompt, int *interrupted) {
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = sa_rl_prompt_action;
    sigemptyset(&action.sa_mask);
    struct sigaction previous;
    sigaction(SIGINT, &action, &previous);
    rl_signal_event_hook = sa_rl_signal_event;
    *sa_rl_interrupt_seen() = 0;
    *sa_rl_fresh_prompt() = fresh_prompt;
    char *line = readline(prompt);
    rl_signal_event_hook = NULL;
    sigaction(SIGINT, &previous, NULL);
    *interrupted = *sa_rl_interrupt_seen();
    return line;
}

#endif
