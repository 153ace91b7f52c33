#ifndef PLANTAR_CESPEAKNG_SHIM_H
#define PLANTAR_CESPEAKNG_SHIM_H
#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stddef.h>

/* The flag macros as values Swift can use. */
static inline int plantar_espeak_dont_exit(void) { return espeakINITIALIZE_DONT_EXIT; }
static inline unsigned int plantar_espeak_chars_utf8(void) { return espeakCHARS_UTF8; }

/* The user data of the first event of a callback's list (the pointer given to espeak_Synth). */
static inline void *plantar_espeak_user_data(espeak_EVENT *events) { return events ? events->user_data : NULL; }

/*
 * libespeak-ng is loaded when speech is first asked for, not when plantar starts: it brings in about 30 more
 * libraries (PulseAudio, ALSA, libsndfile and theirs), which would cost every command several milliseconds and
 * megabytes to load. Without the library, plantar_espeak_initialize returns -1 (speech is then unavailable) and the
 * others return EE_INTERNAL_ERROR or do nothing.
 */
struct plantar_espeak_functions {
    int (*initialize)(espeak_AUDIO_OUTPUT, int, const char *, int);
    void (*set_synth_callback)(t_espeak_callback *);
    espeak_ERROR (*set_voice_by_name)(const char *);
    espeak_ERROR (*synth)(const void *, size_t, unsigned int, espeak_POSITION_TYPE, unsigned int, unsigned int,
                          unsigned int *, void *);
    espeak_ERROR (*synchronize)(void);
};

/* Where the functions are kept. (The statics live in functions: a header's file-scope statics are not emitted
   for Swift.) */
static inline struct plantar_espeak_functions *plantar_espeak_slot(void) {
    static struct plantar_espeak_functions slot;
    return &slot;
}

static inline void plantar_espeak_load(void) {
    void *h = dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!h) return;
    struct plantar_espeak_functions f;
    *(void **)&f.initialize = dlsym(h, "espeak_Initialize");
    *(void **)&f.set_synth_callback = dlsym(h, "espeak_SetSynthCallback");
    *(void **)&f.set_voice_by_name = dlsym(h, "espeak_SetVoiceByName");
    *(void **)&f.synth = dlsym(h, "espeak_Synth");
    *(void **)&f.synchronize = dlsym(h, "espeak_Synchronize");
    if (f.initialize && f.set_synth_callback && f.set_voice_by_name && f.synth && f.synchronize) {
        *plantar_espeak_slot() = f;
    }
}

/* The library's functions, loaded the first time; NULL when the library cannot be loaded. */
static inline const struct plantar_espeak_functions *plantar_espeak(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, plantar_espeak_load);
    const struct plantar_espeak_functions *f = plantar_espeak_slot();
    return f->initialize ? f : NULL;
}

static inline int plantar_espeak_initialize(espeak_AUDIO_OUTPUT output, int buflength, const char *path, int options) {
    const struct plantar_espeak_functions *f = plantar_espeak();
    return f ? f->initialize(output, buflength, path, options) : -1;
}

static inline void plantar_espeak_set_synth_callback(t_espeak_callback *callback) {
    const struct plantar_espeak_functions *f = plantar_espeak();
    if (f) f->set_synth_callback(callback);
}

static inline espeak_ERROR plantar_espeak_set_voice_by_name(const char *name) {
    const struct plantar_espeak_functions *f = plantar_espeak();
    return f ? f->set_voice_by_name(name) : EE_INTERNAL_ERROR;
}

static inline espeak_ERROR plantar_espeak_synth(const void *text, size_t size, unsigned int position,
                                                espeak_POSITION_TYPE position_type, unsigned int end_position,
                                                unsigned int flags, unsigned int *unique_identifier,
                                                void *user_data) {
    const struct plantar_espeak_functions *f = plantar_espeak();
    return f ? f->synth(text, size, position, position_type, end_position, flags, unique_identifier, user_data)
             : EE_INTERNAL_ERROR;
}

static inline espeak_ERROR plantar_espeak_synchronize(void) {
    const struct plantar_espeak_functions *f = plantar_espeak();
    return f ? f->synchronize() : EE_INTERNAL_ERROR;
}

#endif
