#ifndef PLANTAR_CESPEAKNG_SHIM_H
#define PLANTAR_CESPEAKNG_SHIM_H
#include <espeak-ng/speak_lib.h>
#include <stddef.h>

/* The flag macros as values Swift can use. */
static inline int plantar_espeak_dont_exit(void) { return espeakINITIALIZE_DONT_EXIT; }
static inline unsigned int plantar_espeak_chars_utf8(void) { return espeakCHARS_UTF8; }

/* The user data of the first event of a callback's list (the pointer given to espeak_Synth). */
static inline void *plantar_espeak_user_data(espeak_EVENT *events) { return events ? events->user_data : NULL; }

#endif
