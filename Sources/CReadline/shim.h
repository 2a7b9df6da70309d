// GNU readline and history (Debian libreadline-dev). readline.h needs stdio.h first.
#ifndef SASHELL_CREADLINE_SHIM_H
#define SASHELL_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
