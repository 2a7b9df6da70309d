// zlib (Debian zlib1g-dev): gzopen/gzread read gzip files, and plain files unchanged.
#ifndef SASHELL_CZLIB_SHIM_H
#define SASHELL_CZLIB_SHIM_H
#include <zlib.h>
#endif
