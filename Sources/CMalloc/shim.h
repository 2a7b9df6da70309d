// glibc's malloc tuning (malloc.h: mallopt and its M_* parameters), which Swift's Glibc module
// does not export. Part of libc: nothing to link.
#ifndef SASHELL_CMALLOC_SHIM_H
#define SASHELL_CMALLOC_SHIM_H
#include <malloc.h>
#endif
