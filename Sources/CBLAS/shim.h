// OpenBLAS's CBLAS interface (Debian libopenblas-dev, pkg-config openblas).
// cblas.h declares everything Swift needs, including openblas_set_num_threads.
#ifndef SASHELL_CBLAS_SHIM_H
#define SASHELL_CBLAS_SHIM_H
#include <cblas.h>
#endif
