#include <fftw3.h>

/* fftwf_version is an unsized extern array that Swift cannot import. */
static inline const char *uvr_fftwf_version(void) { return fftwf_version; }
